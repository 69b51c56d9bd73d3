"""Dates in the Extended Date/Time Format (EDTF, ISO 8601-2), level 1, as records use them.

Accepted: ``1972-11-23``, ``1972-11``, ``1972``,
with a time (``1970-11-03T09:42:00Z``),
qualified as a whole (``1772~`` approximate, ``1972?`` uncertain, ``1972%`` both),
seasons (``1972-21`` = spring), unspecified digits (``197X``, ``1972-XX``), and
closed intervals (``1972-11-18/1972-11-25``). Pure: parsing and Chicago formatting.
"""

from __future__ import annotations

import calendar
import re
from typing import NamedTuple

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_NAME = "(?:" + "|".join(MONTHS) + ")"  # a month's name, as a regular expression
SEASONS = {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}
EN_DASH = "\u2013"

_DATE = re.compile(
    r"""^(?P<year>-?\d{4}|\d{3}X|\d{2}XX)
        (?:-(?P<month>\d{2}|XX)(?:-(?P<day>\d{2}|XX))?)?
        (?P<time>T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?
        (?P<qualifier>[?~%])?$""",
    re.VERBOSE,
)


class DateError(ValueError):
    """Text that is not an EDTF level 1 date, or names a day that does not exist."""


class SingleDate(NamedTuple):
    """One calendar date at the precision the source gives."""

    year: int
    month: int | None = None  # 1–12, or 21–24 for a season
    day: int | None = None
    time: str | None = None  # kept as written, e.g. "T09:42:00Z"
    decade_unspecified: int = 0  # 1 for "197X", 2 for "19XX"
    approximate: bool = False
    uncertain: bool = False

    @property
    def is_season(self) -> bool:
        return self.month is not None and self.month > 12

    @property
    def plain(self) -> bool:
        """True when CSL date-parts can say all there is to say about it."""
        return not (self.is_season or self.decade_unspecified or self.approximate or self.uncertain)

    def sort_key(self) -> tuple[int, int, int]:
        month = 0 if self.month is None else (self.month - 20) * 3 if self.is_season else self.month
        return (self.year, month, self.day or 0)

    def parts(self) -> list[int]:
        return [p for p in (self.year, self.month, self.day) if p is not None]


class DateRange(NamedTuple):
    """A closed interval ``start/end``."""

    start: SingleDate
    end: SingleDate

    @property
    def plain(self) -> bool:
        return False


Date = SingleDate | DateRange


def parse(text: str) -> Date:
    """Parse EDTF *text* into a date or an interval; raise DateError if it is not one."""
    text = text.strip()
    if "/" in text:
        first, _, last = text.partition("/")
        if not first or not last or ".." in (first, last):
            raise DateError(f"{text!r}: open or unknown interval ends are not supported")
        start, end = _parse_single(first), _parse_single(last)
        if span(end)[1] < span(start)[0]:  # by the days they can mean: winter runs into the next year
            raise DateError(f"{text!r}: the interval ends before it starts")
        return DateRange(start, end)
    return _parse_single(text)


def _parse_single(text: str) -> SingleDate:
    m = _DATE.match(text)
    if not m:
        raise DateError(f"{text!r} is not a date (EDTF: 1972-11-23, 1972-11, 1972, 1772~, …)")
    year_text, month_text, day_text = m["year"], m["month"], m["day"]
    unspecified = year_text.count("X")
    year = int(year_text.replace("X", "0"))
    if unspecified and month_text:
        raise DateError(f"{text!r}: a year with unspecified digits cannot have a month")
    month = None if month_text in (None, "XX") else int(month_text)
    day = None if day_text in (None, "XX") else int(day_text)
    if month_text == "XX" and day is not None:
        raise DateError(f"{text!r}: a day needs a month")
    if month is not None and not (1 <= month <= 12 or month in SEASONS):
        raise DateError(f"{text!r}: there is no month {month}")
    if day is not None:
        if month is None or month > 12:
            raise DateError(f"{text!r}: a day needs a month")
        last_day = calendar.monthrange(year, month)[1] if year > 0 else 31
        if not 1 <= day <= last_day:
            raise DateError(f"{text!r}: {MONTHS[month - 1]} {year} has no day {day}")
    if m["time"] and day is None:
        raise DateError(f"{text!r}: a time needs a full date")
    qualifier = m["qualifier"]
    return SingleDate(
        year,
        month,
        day,
        time=m["time"],
        decade_unspecified=unspecified,
        approximate=qualifier in ("~", "%"),
        uncertain=qualifier in ("?", "%"),
    )


def format_date(date: Date) -> str:
    """Chicago's form: ``November 23, 1972``, ``November 18–25, 1972``, ``ca. 1772``."""
    if isinstance(date, DateRange):
        return _format_range(date.start, date.end)
    return _qualify(date, _format_plain(date))


def _qualify(date: SingleDate, text: str) -> str:
    if date.approximate:
        text = f"ca. {text}"
    if date.uncertain:
        text = f"{text}?"
    return text


def _format_plain(d: SingleDate) -> str:
    if d.decade_unspecified:
        return f"{d.year}s"
    if d.month is None:
        return str(d.year)
    if d.is_season:
        return f"{SEASONS[d.month]} {d.year}"
    if d.day is None:
        return f"{MONTHS[d.month - 1]} {d.year}"
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _format_range(a: SingleDate, b: SingleDate) -> str:
    qualified = a.approximate or a.uncertain or b.approximate or b.uncertain
    same_precision = (a.month is None) == (b.month is None) and (a.day is None) == (b.day is None)
    if not qualified and same_precision and not a.decade_unspecified and not b.is_season:
        if a.day is not None and a.month is not None and b.month is not None and a.year == b.year:
            if a.month == b.month:
                return f"{MONTHS[a.month - 1]} {a.day}{EN_DASH}{b.day}, {a.year}"
            return f"{MONTHS[a.month - 1]} {a.day}{EN_DASH}{MONTHS[b.month - 1]} {b.day}, {a.year}"
        same_year_months = a.day is None and a.month is not None and b.month is not None and a.year == b.year
        if same_year_months and not a.is_season:
            assert a.month is not None
            assert b.month is not None
            return f"{MONTHS[a.month - 1]}{EN_DASH}{MONTHS[b.month - 1]} {a.year}"
    return f"{format_date(a)}{EN_DASH}{format_date(b)}"


# The months a season spans (northern hemisphere, as FRUS's seasons are): winter runs into the next year.
_SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14)}


def span(date: Date) -> tuple[int, int]:
    """The first and last day a date can mean, as ``yyyymmdd`` numbers that sort as dates do.

    ``1969-02`` spans February 1–28, ``197X`` the 1970s, ``1772~`` the year 1772 (an approximate
    date is taken to mean the range it names), ``1972-11-18/1972-11-25`` its interval.
    """
    if isinstance(date, DateRange):
        return span(date.start)[0], span(date.end)[1]
    if date.decade_unspecified:
        width = 10**date.decade_unspecified
        return _day(date.year, 1, 1), _day(date.year + width - 1, 12, 31)
    if date.month is None:
        return _day(date.year, 1, 1), _day(date.year, 12, 31)
    if date.is_season:
        first, last = _SEASON_MONTHS[date.month]
        year, last = (date.year + 1, last - 12) if last > 12 else (date.year, last)
        return _day(date.year, first, 1), _day(year, last, _last_day(year, last))
    if date.day is None:
        return _day(date.year, date.month, 1), _day(date.year, date.month, _last_day(date.year, date.month))
    return _day(date.year, date.month, date.day), _day(date.year, date.month, date.day)


def _day(year: int, month: int, day: int) -> int:
    return year * 10_000 + month * 100 + day


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1] if year > 0 else 31
