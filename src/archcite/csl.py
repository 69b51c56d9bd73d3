"""Records to CSL-JSON items: the one table of how archcite's fields map to CSL.

Each citation version has its own mapping: an archival item (``archive``), a
document in a printed edition (``print``) and the same online (``online``).
Bibliography entries are for the container, not the item: the archival
collection or the volume, so each is listed once however many items cite it.
No citeproc import here.
"""

from __future__ import annotations

import re
from typing import Any

from . import edtf, layout, vocabulary
from .models import Archive, Person, Record, Volume

CslItem = dict[str, Any]


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_NUMERIC_FOLDER = re.compile(r"^\d+[A-Za-z]?$")


def arabic(numeral: str) -> str:
    """FRUS prints volume numbers in roman numerals; Chicago cites them in arabic."""
    text = numeral.strip().upper()
    if not text or any(c not in _ROMAN for c in text):
        return numeral
    total = 0
    for here, after in zip(text, text[1:] + " ", strict=True):
        value = _ROMAN[here]
        total += -value if after != " " and _ROMAN[after] > value else value
    return str(total)


def csl_name(person: Person) -> dict[str, str]:
    """A CSL name whose short form is the record's short name where CSL can say so."""
    if person.office or " " not in person.name.strip():
        return {"literal": person.name}
    short = person.short_name
    if person.name.endswith(" " + short):
        return {"given": person.name[: -len(short) - 1], "family": short}
    if person.short:
        return {"literal": person.name}  # a short name CSL cannot derive
    given = person.name.rpartition(" " + short)[0]
    suffix = person.name[len(given) + 1 + len(short) :].strip(" ,")
    name = {"given": given, "family": short}
    return {**name, "suffix": suffix} if suffix else name


def csl_date(date: edtf.Date | None, supplied: bool = False) -> dict[str, Any] | None:
    """Date-parts where CSL can render it; otherwise archcite's own Chicago text."""
    if date is None:
        return None
    if isinstance(date, edtf.SingleDate) and date.plain and not supplied:
        return {"date-parts": [date.parts()]}
    text = edtf.format_date(date)
    return {"literal": f"[{text}]" if supplied else text}


def archive_location(archive: Archive, *, box_first: bool = False) -> str | None:
    """Item, folder, box and file code: the levels below the series, most specific first (D6); with
    *box_first*, the box before the folder, as many repositories' guides write it (D21)."""
    folder = archive.folder
    if folder and _NUMERIC_FOLDER.match(folder):
        folder = f"folder {folder}"
    box = archive.box and f"box {archive.box}"
    parts = [archive.item, box, folder] if box_first else [archive.item, folder, box]
    return ", ".join(p for p in [*parts, archive.file_code] if p) or None


def archive_path(archive: Archive) -> str:
    """The whole location, most specific level first: ``…, box 26, Kissinger Office Files, …, National Archives``."""
    parts = [archive_location(archive), series(archive), collection_name(archive), archive.repository]
    return ", ".join(p for p in parts if p)


def collection_name(archive: Archive) -> str | None:
    parts = [archive.collection, archive.record_group]
    return ", ".join(p for p in parts if p) or None


def series(archive: Archive) -> str | None:
    return ", ".join(reversed(archive.series)) or None


def document_url(record: Record, volume: Volume) -> str | None:
    pub = record.published_in
    if pub is None:
        return None
    if pub.url:
        return pub.url
    if volume.url and pub.document is not None:
        return f"{volume.url.rstrip('/')}/{layout.document_stem(pub.document)}"
    return None


def note_item(
    record: Record,
    volume: Volume | None,
    version: str,
    *,
    general_editor: bool = True,
    heading: bool = False,
    accessed: edtf.Date | None = None,
    box_first: bool = False,
) -> CslItem:
    """The CSL item a note (full or short) for *record* in *version* is rendered from: a whole
    collection, an original in its archive, or a document printed in an edition."""
    if record.is_collection:
        return _collection_item(record, box_first=box_first)
    if version == "archive":
        return _original_item(record, accessed=accessed, box_first=box_first)
    assert volume is not None
    return _printed_item(record, volume, version, general_editor=general_editor, heading=heading, accessed=accessed)


def _collection_item(record: Record, *, box_first: bool) -> CslItem:
    assert record.archive is not None
    fields = _archive_fields(record.archive, box_first=box_first)
    title = fields.pop("archive_collection", record.archive.repository)
    return {"id": record.id, "type": "collection", **fields, "title": title}


def _original_item(record: Record, *, accessed: edtf.Date | None, box_first: bool) -> CslItem:
    assert record.archive is not None
    item: CslItem = {"id": record.id, **_lead(record, title=record.document_title)}
    correspondence = bool(record.sender and record.recipient)
    item["type"] = "personal_communication" if correspondence else "manuscript"
    if not correspondence and not record.document_title and not record.who_met:
        item["genre"] = record.title or record.kind or "document"
    item.update(_archive_fields(record.archive, box_first=box_first))
    _put(item, "issued", csl_date(record.parsed_date, record.date_supplied))
    _put(item, "URL", record.url)
    _put(item, "accessed", csl_date(accessed or _accessed(record)) if record.url else None)
    return item


def _printed_item(
    record: Record, volume: Volume, version: str, *, general_editor: bool, heading: bool, accessed: edtf.Date | None
) -> CslItem:
    pub = record.published_in
    assert pub is not None
    item: CslItem = {"id": record.id, "type": "document"}
    if heading and record.title:
        item["title"] = record.title
    else:
        item.update(_lead(record, title=record.document_title or record.title))
    _put(item, "original-date", csl_date(record.parsed_date, record.date_supplied))
    item.update(volume_fields(volume, general_editor=general_editor))
    item["container-title"] = item.pop("title_of_volume")
    if volume.cites_by_page or pub.document is None:
        _put(item, "page", pub.pages)
    else:
        item["chapter-number"] = str(pub.document)
    if version == "online":
        _put(item, "URL", document_url(record, volume))
        _put(item, "accessed", csl_date(accessed or _accessed(record)))
    return item


def _lead(record: Record, title: str | None) -> CslItem:
    """Who wrote to whom (or who met), what kind of document, its number and place."""
    item: CslItem = {}
    _put(item, "author", [csl_name(p) for p in record.sender] or None)
    _put(item, "recipient", [csl_name(p) for p in record.recipient] or None)
    correspondence = bool(record.sender and record.recipient)
    met = record.who_met
    if correspondence:
        _put(item, "genre", None if record.kind == "letter" else record.kind)
        if record.kind in vocabulary.TELEGRAMS and record.number:
            item["medium"] = "telegram"  # the styles' sign to keep the number in short notes (D19)
    elif met and not record.document_title:  # D17: Memorandum of conversation between A and B
        item["contributor"] = [csl_name(p) for p in met]
        item["genre"] = record.kind or "memorandum of conversation"
    elif title:
        _put(item, "title", title)
        _put(item, "title-short", record.short_title)
    else:
        item["genre"] = record.kind or "document"
    _put(item, "number", record.number)
    _put(item, "event-place", record.place)
    return item


def _archive_fields(archive: Archive, *, box_first: bool = False) -> CslItem:
    item: CslItem = {}
    _put(item, "archive_location", archive_location(archive, box_first=box_first))
    _put(item, "collection-title", series(archive))
    _put(item, "archive_collection", collection_name(archive))
    _put(item, "call-number", archive.call_number)
    _put(item, "archive", archive.repository)
    _put(item, "archive-place", archive.repository_place)
    # The collection holds the item: its short name is the container's. (citation-label would be
    # filled in by processors that generate labels, such as pandoc's.)
    _put(item, "container-title-short", archive.collection_short)
    return item


def volume_fields(volume: Volume, *, general_editor: bool = True) -> CslItem:
    item: CslItem = {
        "title_of_volume": ", ".join(p for p in (volume.series_title, volume.subseries) if p),
        "volume-title": volume.title,
        "publisher": volume.publisher,
        "publisher-place": volume.publisher_place,
        "issued": {"date-parts": [[volume.year]]},
    }
    _put(item, "editor", [csl_name(Person(name=n)) for n in volume.editors] or None)
    _put(item, "volume", volume.volume and arabic(volume.volume))
    _put(item, "part-number", volume.part and arabic(volume.part))
    if general_editor and volume.general_editor:
        item["collection-editor"] = [csl_name(Person(name=volume.general_editor))]
    return item


def bibliography_item(
    record: Record, volume: Volume | None, version: str, *, accessed: edtf.Date | None = None
) -> CslItem:
    """The entry for the collection or volume that holds *record*."""
    if version == "archive" or record.is_collection:
        assert record.archive is not None
        a = record.archive
        item: CslItem = {"type": "collection"}
        _put(item, "title", collection_name(a))
        _put(item, "collection-title", series(a))
        _put(item, "genre", a.collection_kind)
        _put(item, "archive", a.repository)
        _put(item, "archive-place", a.repository_place)
        item["id"] = "collection:" + "|".join(str(item.get(k, "")) for k in sorted(item))
        return item
    assert volume is not None
    item = {"id": f"volume:{volume.id}", "type": "book", "author": [{"literal": volume.author}]}
    item.update(volume_fields(volume, general_editor=False))
    item["title"] = item.pop("title_of_volume")
    if version == "online":
        _put(item, "URL", volume.url)
        _put(item, "accessed", csl_date(accessed or _accessed(record)))
    return item


def _accessed(record: Record) -> edtf.Date | None:
    return record.parsed_accessed


def _put(item: CslItem, key: str, value: Any) -> None:
    if value is not None:
        item[key] = value
