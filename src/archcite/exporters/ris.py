"""Records to RIS, one reference per record: ``TAG  - value`` lines ending in CRLF, ``ER`` last.

Reference types, from the RIS specification's list:

- ``CHAP`` for a document printed in an edition such as FRUS, correspondence included: a
  section of an edited book, so the volume's title, editors, series, publisher and the
  document's number and pages all have tags (reference managers read it as a book section, with
  ``A2`` editors and ``A3`` series editor). The title keeps the correspondents.
- ``PCOMM`` (personal communication) for archival correspondence: the specification has no
  ``LETT`` type, and ``PCOMM`` is its type for letters, with the recipient in ``A2``.
- ``MANSCPT`` (manuscript) for any other archival item, and for a collection.

Tags: ``ID`` the record's id; ``AU`` the senders (``Family, Given``; offices as written); ``A2``
the volume's editors (``CHAP``) or the recipients (``PCOMM``); ``A3`` the series' general editor;
``TI`` the title as the BibLaTeX export leads with it (``biblatex.lead``); ``ST`` ``Kissinger to
Nixon`` or the record's short title; ``T2`` the volume's title; ``T3`` series and subseries;
``PY`` the volume's year (``CHAP``) or the document's; ``DA`` the document's date as
``YYYY/MM/DD/other``, Chicago's text in the other part when the numbers cannot say it
(``1772///[ca. 1772]``, ``1972/11/18/November 18–25, 1972``); ``CY``, ``PB``, ``VL`` (arabic),
``SN`` (ISBN); ``SP``/``EP`` the pages; ``M1`` the document number; ``M3`` the kind and message
number (``message Hakto 23``); for the original: ``AV`` its location below the repository, most
specific first (``folder, box 857, NSC Files, Nixon Presidential Materials``), ``CN`` the
collection's call number for it, ``DB`` the repository and its place; ``UR`` the printed
document's page, or an online copy of an archival item, and ``Y2`` the access date.
``N1``, one per item: what has no tag (``biblatex.unprinted_notes``: titles that do not lead,
markings, remarks, roles, supplied date, kind and short name of the collection, copies, source
note, issuing body, online original, access date without a URL), the place of writing and the
volume's part. Values are put on one line: RIS has no continuation lines.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .. import csl, edtf
from ..models import Person, Record, Volume
from . import common

Line = tuple[str, str]


def to_ris(entries: Sequence[tuple[Record, Volume | None]]) -> str:
    """One reference per record; *Volume* is the volume the record is printed in."""
    return "\r\n".join(_reference(record, volume) for record, volume in entries)


def _reference(record: Record, volume: Volume | None) -> str:
    lines = [*_lines(record, volume), ("ER", "")]
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _type(record: Record, volume: Volume | None) -> str:
    if common.is_printed(record, volume):
        return "CHAP"
    return "PCOMM" if common.lead(record)[0] == "correspondents" else "MANSCPT"


def _lines(record: Record, volume: Volume | None) -> Iterator[Line]:
    ris_type = _type(record, volume)
    yield "TY", ris_type
    yield "ID", record.id
    yield from (("AU", _name(p)) for p in record.sender)
    if ris_type == "PCOMM":
        yield from (("A2", _name(p)) for p in record.recipient)
    yield "TI", _title(record)
    if short := _short_title(record):
        yield "ST", short
    if ris_type == "CHAP":
        yield from _printed(record, volume)
    elif record.parsed_date is not None:
        yield from _year(record.parsed_date)
    if record.parsed_date is not None:
        yield "DA", _date(record.parsed_date, supplied=record.date_supplied)
    yield "M3", " ".join(p for p in (record.kind, record.number) if p)
    yield from _archive(record)
    yield from _urls(record, volume)
    yield from (("N1", note) for note in _notes(record, volume))


def _name(person: Person) -> str:
    name = csl.csl_name(person)
    if "literal" in name:
        return name["literal"]
    return ", ".join(p for p in (name["family"], name["given"], name.get("suffix")) if p)


def _title(record: Record) -> str:
    source, title = common.lead(record)
    return title[:1].upper() + title[1:] if source == "kind" else title


def _short_title(record: Record) -> str | None:
    source = common.lead(record)[0]
    if source == "correspondents":
        return common.correspondents(record, short=True)
    if source == "participants":
        return common.who_met(record, short=True)
    return common.short_title(record)


def _printed(record: Record, volume: Volume | None) -> Iterator[Line]:
    pub = record.published_in
    assert pub is not None
    if volume is not None:
        yield from (("A2", _name(Person(name=n))) for n in volume.editors)
        if volume.general_editor:
            yield "A3", _name(Person(name=volume.general_editor))
        yield "T2", volume.title
        yield "T3", ", ".join(p for p in (volume.series_title, volume.subseries) if p)
        yield "PY", str(volume.year)
        yield "CY", volume.publisher_place
        yield "PB", volume.publisher
        if volume.volume:
            yield "VL", csl.arabic(volume.volume)
        if volume.isbn:
            yield "SN", volume.isbn
    if pub.pages:
        first, last = common.page_range(pub.pages)
        yield "SP", first
        if last:
            yield "EP", last
    if pub.document is not None:
        yield "M1", str(pub.document)


def _year(date: edtf.Date) -> Iterator[Line]:
    start = date.start if isinstance(date, edtf.DateRange) else date
    if start.year >= 0:
        yield "PY", f"{start.year:04d}"


def _date(date: edtf.Date, *, supplied: bool) -> str:
    """``1972/11/23/``; the other part says what the numbers cannot: ``1772///[ca. 1772]``."""
    start = date.start if isinstance(date, edtf.DateRange) else date
    month = start.month if start.month is not None and not start.is_season else None
    numbers = [f"{start.year:04d}", f"{month:02d}" if month else "", f"{start.day:02d}" if start.day else ""]
    other = edtf.format_date(date) if supplied or not date.plain else ""
    if supplied:
        other = f"[{other}]"
    return "/".join([*numbers, other])


def _archive(record: Record) -> Iterator[Line]:
    archive = record.archive
    if archive is None:
        return
    levels = common.archive_levels(archive, collection=not record.is_collection, call_number=False)
    if levels:
        yield "AV", levels
    if archive.call_number:
        yield "CN", archive.call_number
    yield "DB", ", ".join(p for p in (archive.repository, archive.repository_place) if p)


def _urls(record: Record, volume: Volume | None) -> Iterator[Line]:
    if url := common.online_url(record, volume):
        yield "UR", url
        if record.accessed:
            yield "Y2", _date(edtf.parse(record.accessed), supplied=False)


def _notes(record: Record, volume: Volume | None) -> list[str]:
    notes = common.unprinted_notes(record, volume)
    if record.place:
        notes.append(common.sentence(f"Written at {record.place}"))
    if volume is not None and volume.part and common.is_printed(record, volume):
        notes.append(common.sentence(f"Part {csl.arabic(volume.part)}"))
    return notes
