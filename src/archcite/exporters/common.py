"""What every exporter says the same way: a record's lead, its correspondents, its location, its notes.

Plain text, no format's escaping: BibLaTeX and RIS build their fields from these.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import csl, edtf, vocabulary
from ..models import Archive, Person, Record, Volume

_SPACE = re.compile(r"\s+")
_RANGE = re.compile(r"\s*[-\u2013]\s*")


def is_printed(record: Record, volume: Volume | None) -> bool:
    """Exported as printed (the record's default version), unless its volume is missing and the
    original is known: then as the original."""
    return record.default_version == "print" and (volume is not None or record.archive is None)


def is_correspondence(record: Record) -> bool:
    return bool(record.sender and record.recipient)


def joinnames(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B, and C``."""
    if len(names) < 3:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def correspondents(record: Record, *, short: bool = False) -> str:
    """``Henry A. Kissinger to Richard M. Nixon``, or with *short* ``Kissinger to Nixon`` (and a
    telegram's number: ``…, telegram 2318``)."""
    sender, recipient = (names(people, short=short) for people in (record.sender, record.recipient))
    return ", ".join(p for p in (f"{sender} to {recipient}", short and short_descriptor(record)) if p)


def who_met(record: Record, *, short: bool = False) -> str:
    """``Memorandum of conversation between Henry A. Kissinger and Anatoliy Dobrynin`` (D17), or
    with *short* ``… between Kissinger and Dobrynin``: what a note says of a conversation."""
    kind = " ".join(p for p in (record.kind or "memorandum of conversation", record.number) if p)
    return f"{kind[:1].upper()}{kind[1:]} between {names(record.who_met, short=short)}"


def names(people: Sequence[Person], *, short: bool) -> str:
    return joinnames([p.short_name if short else p.name for p in people])


def lead(record: Record) -> tuple[str, str]:
    """Where an entry's title comes from (``collection``, ``correspondents``, ``participants``,
    ``document_title``, ``title`` or ``kind``) and its text, in the order of ``csl.note_item``."""
    if record.is_collection and record.archive is not None:
        return "collection", csl.collection_name(record.archive) or record.archive.repository
    if is_correspondence(record):
        return "correspondents", correspondents(record)
    if record.who_met and not record.document_title:
        return "participants", who_met(record)
    if record.document_title:
        return "document_title", record.document_title
    if record.title:
        return "title", record.title
    return "kind", record.kind or "document"


def short_title(record: Record) -> str | None:
    """The record's short title where its own title leads."""
    return record.short_title if lead(record)[0] in ("document_title", "title") else None


def descriptor(record: Record) -> str | None:
    """Kind and message number as correspondence is cited (``message Hakto 23``, never ``letter``),
    a document described by its kind has its number after it, and a titled document (or one
    described by who met, whose description holds its number) has none: as the styles' ``lead``."""
    source = lead(record)[0]
    if source == "correspondents":
        kind = record.kind if record.kind != "letter" else None
        return " ".join(p for p in (kind, record.number) if p) or None
    return record.number if source == "kind" else None


def short_descriptor(record: Record) -> str | None:
    """What a short note keeps of the kind: a telegram's number (``telegram 2318``, D19)."""
    if is_correspondence(record) and record.kind in vocabulary.TELEGRAMS and record.number:
        return f"{record.kind} {record.number}"
    return None


def archive_levels(archive: Archive, *, collection: bool = True, call_number: bool = True) -> str | None:
    """The levels below the repository, most specific first, as Chicago notes give them."""
    parts = [csl.archive_location(archive), csl.series(archive)]
    if collection:
        parts.append(csl.collection_name(archive))
    if call_number:
        parts.append(archive.call_number)
    return ", ".join(p for p in parts if p) or None


def archive_path(archive: Archive) -> str:
    """The whole location: levels, repository, place."""
    parts = [archive_levels(archive), archive.repository, archive.repository_place]
    return ", ".join(p for p in parts if p)


def page_range(pages: str) -> tuple[str, str | None]:
    """``433–435`` → (``433``, ``435``); ``433`` → (``433``, None)."""
    first, _, last = _RANGE.sub("-", pages.strip()).partition("-")
    return first, last or None


def online_url(record: Record, volume: Volume | None) -> str | None:
    """The printed document's page when exported as printed, else an online copy of the original."""
    if not is_printed(record, volume):
        return record.url
    if volume is not None:
        return csl.document_url(record, volume)
    return record.published_in.url if record.published_in else None


def cites_by_document(record: Record, volume: Volume | None) -> bool:
    """The locator rule of ``csl.note_item``: ``doc. N`` unless the volume is cited by page."""
    pub = record.published_in
    if pub is None or pub.document is None:
        return False
    return volume is None or not volume.cites_by_page


def unprinted_notes(record: Record, volume: Volume | None) -> list[str]:
    """What neither BibLaTeX nor RIS has a field for, one sentence each, in record order."""
    source = lead(record)[0]
    notes = []
    if record.document_title and source != "document_title":
        notes.append(f"Document title: {record.document_title}")
    if record.title and source != "title":
        notes.append(f"Heading: {record.title}")
    if record.short_title and short_title(record) is None:
        notes.append(f"Short title: {record.short_title}")
    if record.classification:
        notes.append("Classification: " + "; ".join(record.classification))
    if record.caveats:
        notes.append("Caveats: " + "; ".join(record.caveats))
    notes += [f"Remark: {remark}" for remark in record.remarks]
    notes += [f"Role: {p.name}, {p.role}" for p in (*record.sender, *record.recipient) if p.role]
    if record.date_supplied and record.parsed_date is not None:
        notes.append(f"Date supplied: [{edtf.format_date(record.parsed_date)}]")
    if record.archive and record.archive.collection_kind:
        notes.append(f"Kind of collection: {record.archive.collection_kind}")
    if record.archive and record.archive.collection_short:
        notes.append(f"Collection cited hereafter as {record.archive.collection_short}")
    notes += [_copy(copy.note, copy.archive) for copy in record.copies]
    if record.source_note:
        notes.append(f"Source note: {record.source_note}")
    if volume is not None and is_printed(record, volume):
        notes.append(f"Issued by {volume.author}")
    if record.url and is_printed(record, volume):
        notes.append(f"Original online: {record.url}")
    if record.accessed and not online_url(record, volume):
        notes.append(f"Accessed: {edtf.format_date(edtf.parse(record.accessed))}")
    return [sentence(n) for n in notes]


def _copy(note: str, archive: Archive | None) -> str:
    return f"Copy: {note}" + (f" ({archive_path(archive)})" if archive else "")


def sentence(text: str) -> str:
    """*text* ending as a sentence ends: a period added unless it has one, or ends with the
    parenthesis that follows one (``… “The President has seen.” (Ibid., Box 26)``, not ``(Ibid.).``)."""
    text = _SPACE.sub(" ", text).strip()
    if text.endswith((".", "?", "!")) or _CITATION_AFTER_SENTENCE.search(text):
        return text
    return text + "."


_CITATION_AFTER_SENTENCE = re.compile(r"[.?!][”’\"]?\s*\([^()]*\)$")
