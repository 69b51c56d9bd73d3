"""When a FRUS document was written, as it prints it: EDTF with the time of day, never guessed. Pure.

The printed date decides. A dateline's ``<date when>`` is the encoders' reading of it and is used
when it agrees with the printed text (or the text gives no date); where they disagree, the
printed text is what the volume says. A time printed but not encoded (``5 p. m.``, ``6:33 p.m.``,
``1630Z``, ``noon``) is kept; a span of times keeps its start; a span of days is an interval.
A date in brackets was supplied by the editors; ``undated`` is no date. A date printed without
its year (``August 15``, in microfiche supplements) takes the year of the chapter it is in,
when the chapter's heading names one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import edtf

_MONTHS = {m: i for i, m in enumerate(edtf.MONTHS, 1)}
_MONTH = edtf.MONTH_NAME
_DAY_DATE = re.compile(
    rf"(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?!\d)(?:\s*(?:[–/-]|and)\s*(?:(?P<month2>{_MONTH})\s+)?(?P<day2>\d{{1,2}}))?"
    rf"(?:\s*\[[^\]]*\])?\s*,?\s*(?P<year>\d{{4}})?"
)
_DAY_FIRST = re.compile(rf"(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\s+(?P<year>\d{{4}})")
_MONTH_YEAR = re.compile(rf"(?P<month>{_MONTH}),?\s+(?P<year>\d{{4}})")
_YEAR = re.compile(r"\b(1[789]\d\d|20\d\d)\b")
_TIME = re.compile(
    r"(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>[ap])\.\s?m\.?|(?P<z>\d{4})\s?Z\b|(?P<noon>noon)|(?P<midnight>midnight)"
    r"|(?P<h24>\d{1,2}):(?P<m24>\d{2})(?!\s*[ap]\.)",
    re.IGNORECASE,
)
# A span whose start has no a.m. or p.m. of its own: "3:03–3:37 p.m.", "11–1 p.m."
_SPAN = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*[–-]\s*(?P<eh>\d{1,2})(?::\d{2})?\s*(?P<ampm>[ap])\.\s?m\b"
)
_UNDATED = re.compile(r"\bundated\b|\bno date\b|\bn\.\s?d\.", re.IGNORECASE)


@dataclass(frozen=True)
class DateAttributes:
    """What the encoding says of a ``<date>``: ``when``, or ``from``/``to`` (``notBefore``/``notAfter``)."""

    when: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class PrintedDate:
    date: str | None  # EDTF
    supplied: bool = False


def document_date(
    text: str | None,
    attributes: DateAttributes | None = None,
    time_text: str | None = None,
    chapter: str | None = None,
) -> PrintedDate:
    """The date of a document whose dateline (or heading) prints *text*."""
    attributes = attributes or DateAttributes()
    printed = (text or "").strip()
    if _UNDATED.search(printed) and not _DAY_DATE.search(printed):
        return PrintedDate(None)
    supplied = printed.startswith("[") and "]" in printed and _DAY_DATE.search(printed.split("]")[0]) is not None
    from_text = date_from_text(printed, chapter)
    encoded = _encoded(attributes)
    chosen = from_text
    if encoded is not None and (from_text is None or _day(encoded) == _day(from_text)):
        chosen = encoded  # agrees with the print (or the print gives none): keeps the encoded time
    if chosen is None:
        return PrintedDate(None)
    time = time_of(time_text or "") or time_of(printed)
    if time and not _has_time(chosen):
        chosen = _with_time(chosen, time)
    elif time and _time(chosen) != time.rstrip("Z"):  # "May 12, noon" encoded T00:00:00: the print says noon
        chosen = _with_time(_day(chosen) + ("/" + chosen.split("/", 1)[1] if "/" in chosen else ""), time)
    return PrintedDate(chosen if _valid(chosen) else None, supplied)


def _encoded(attributes: DateAttributes) -> str | None:
    candidates = []
    if attributes.when:
        candidates.append(attributes.when)
    if attributes.start and attributes.end:
        start, end = attributes.start, attributes.end
        candidates.append(start if _day(start) == _day(end) and not _has_time(end) else f"{start}/{end}")
    for candidate in candidates:
        if _valid(candidate):
            if "/" in candidate and _day(candidate.split("/")[0]) == _day(candidate.split("/")[1]):
                return candidate.split("/")[0]  # a span of hours on one day: the day, at its start
            return candidate
    return None


def date_from_text(text: str, chapter: str | None = None) -> str | None:
    """``March 6, 1969`` → ``1969-03-06``; ``May 2/3, 1957`` → ``1957-05-02/1957-05-03``; ``March 1969``."""
    text = re.sub(r"\s+", " ", text)
    m = _DAY_DATE.search(text)  # "May 24 [23?], 1949": the bracketed doubt is not the year
    if not m or not m["year"]:
        text = re.sub(r"\s+", " ", text.replace("[", " ").replace("]", " "))  # "December [12], 1949"
        m = _DAY_DATE.search(text)
    if m:
        year = m["year"] or _chapter_year(chapter, m["month"])
        if year is None:
            return None
        start = _iso(int(year), _MONTHS[m["month"]], int(m["day"]))
        if m["day2"]:
            end = _iso(int(year), _MONTHS[m["month2"] or m["month"]], int(m["day2"]))
            return f"{start}/{end}" if start and end and end > start else start
        return start
    m = _DAY_FIRST.search(text)
    if m:
        return _iso(int(m["year"]), _MONTHS[m["month"]], int(m["day"]))
    m = _MONTH_YEAR.search(text)
    if m:
        return f"{int(m['year']):04d}-{_MONTHS[m['month']]:02d}"
    return None


def _chapter_year(chapter: str | None, month: str) -> str | None:
    """The year of a chapter headed ``August 1961`` or ``1961`` (a month and a year, or one year)."""
    if not chapter:
        return None
    years = set(_YEAR.findall(chapter))
    if len(years) != 1:
        return None
    named = re.findall(_MONTH, chapter)
    if named and month not in named and len(set(named)) == 1:
        return None  # the chapter is another month's
    return str(years.pop())


def time_of(text: str) -> str | None:
    """``5 p. m.`` → ``17:00``; ``6:33 p.m.`` → ``18:33``; ``1630Z`` → ``16:30Z``; ``noon`` → ``12:00``."""
    span = _SPAN.search(text)
    if span:  # 3:03–3:37 p.m. is 15:03; 10:05–12:30 p.m. is 10:05 (the start is before noon)
        hours, minutes, end = int(span["h"]), int(span["m"] or 0), int(span["eh"])
        if not 1 <= hours <= 12 or minutes >= 60:
            return None
        afternoon = span["ampm"].lower() == "p" and hours % 12 <= end % 12
        return f"{hours % 12 + (12 if afternoon else 0):02d}:{minutes:02d}"
    m = _TIME.search(text)
    if not m:
        return None
    if m["z"]:
        hours, minutes = int(m["z"][:2]), int(m["z"][2:])
        return f"{hours:02d}:{minutes:02d}Z" if hours < 24 and minutes < 60 else None
    if m["noon"]:
        return "12:00"
    if m["midnight"]:
        return "00:00"
    if m["h24"]:
        hours, minutes = int(m["h24"]), int(m["m24"])
        return f"{hours:02d}:{minutes:02d}" if hours < 24 and minutes < 60 else None
    hours, minutes = int(m["h"]), int(m["m"] or 0)
    if not 1 <= hours <= 12 or minutes >= 60:
        return None
    hours = hours % 12 + (12 if m["ampm"].lower() == "p" else 0)
    return f"{hours:02d}:{minutes:02d}"


def _with_time(date: str, time: str) -> str:
    first, sep, last = date.partition("/")
    zone = "Z" if time.endswith("Z") else ""
    return f"{first}T{time.rstrip('Z')}:00{zone}{sep}{last}"


def _time(date: str) -> str:
    """``1959-05-12T12:00:00`` → ``12:00``."""
    first = date.split("/")[0]
    return first.partition("T")[2][:5]


def _has_time(date: str) -> bool:
    return "T" in date.split("/")[0]


def _day(date: str) -> str:
    return re.sub(r"T[^/]*", "", date)


def _iso(year: int, month: int, day: int) -> str | None:
    candidate = f"{year:04d}-{month:02d}-{day:02d}"
    return candidate if _valid(candidate) else None


def _valid(candidate: str) -> bool:
    try:
        edtf.parse(candidate)
    except edtf.DateError:
        return False
    return True
