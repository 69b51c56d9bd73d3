"""FRUS volumes in TEI XML (Office of the Historian) → a volume record and one record per document.

Reads both the 2015 encoding and the current one (other ``frus:`` namespace,
``sub-series``/``volume-number`` title types, ``subtype`` on documents, datelines inside
``opener``), and the forms of every era: inline source notes before the heading and markings in
the opener (1940s–early 1950s), bracketed source notes, headings that carry a number, a date
or a place, microfiche supplements whose heading is the whole entry, electronic-only volumes
whose page breaks number the images of each document rather than printed pages. What the TEI
does not say is left out. Parses without DTDs, entities or network access; anything that is not
a FRUS volume is refused before a single record is made. Defects real volumes have (duplicate
``xml:id`` values, comments anywhere, empty header fields) are tolerated and reported.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import datelines, edtf, headings, layout, participants, repositories, sourcenote, vocabulary
from ..errors import ArchciteError, Location
from ..headings import Party
from ..locations import KNOWN_REPOSITORY
from ..models import Archive, Publication, Record, Volume
from ..persons import Entry, PersonsList, natural_order
from ..safetext import squeeze

TEI = "{http://www.tei-c.org/ns/1.0}"
MAX_BYTES = 256 * 1024 * 1024  # the largest FRUS volumes are tens of megabytes
URL_BASE = "https://history.state.gov/historicaldocuments"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
# Kinds whose number is printed at the head of their text: "1447. Subject: …", "Dulte 15. For …".
NUMBERED_KINDS = frozenset(
    {
        "telegram",
        "circular telegram",
        "airgram",
        "circular airgram",
        "message",
        "backchannel message",
        "cable",
        "cablegram",
        "despatch",
        "dispatch",
    }
)


class ImportInputError(ArchciteError):
    """A file that is not a FRUS volume in TEI, or that cannot be read safely."""


@dataclass(frozen=True)
class ImportedDocument:
    record: Record
    note: sourcenote.SourceNote | None
    heading: headings.Heading


@dataclass(frozen=True)
class ImportedVolume:
    path: Path
    volume: Volume
    documents: tuple[ImportedDocument, ...]
    warnings: tuple[str, ...] = ()  # defects of the TEI that the import went past


Progress = Callable[..., None]  # advance(n, total=None, label=None)


def read_volume(path: Path, progress: Progress | None = None) -> ImportedVolume:
    """Parse the FRUS TEI file at *path* into records; raise ImportInputError if it is not one.

    *progress*, if given, is told the volume's name and number of documents, then each one read.
    """
    from ..models import ValidationError, problems
    from ..yamlfile import dotted

    try:
        return _read(path, progress)
    except ValidationError as e:  # a value the record format refuses, such as a control character
        first = problems(e)[0]
        raise ImportInputError(f"{e.title}: {dotted(first.path)}: {first.message}", Location(str(path))) from e


def _read(path: Path, progress: Progress | None) -> ImportedVolume:
    from .. import safexml

    root = _parse(path)
    volume = _volume(root, path)
    body = root.find(f"{TEI}text/{TEI}body")
    if body is None:
        raise ImportInputError("not a FRUS volume: no <body>", Location(str(path)))
    context = _Context(_persons(root), _Sources(root), _PageTracker(body))
    divs = list(_documents(body))
    advance = progress or (lambda *args, **kwargs: None)
    advance(0, total=len(divs), label=f"reading {volume.id}")
    try:
        documents = tuple(_read_one(div, volume, context, advance) for div in divs)
    except ImportInputError as e:
        raise ImportInputError(e.message, Location(str(path))) from e
    if not documents:
        raise ImportInputError("not a FRUS volume: no documents", Location(str(path)))
    warnings = [f"the xml:id {ident!r} is given to more than one element" for ident in safexml.duplicate_ids(root)]
    header = root.find(f"{TEI}teiHeader")
    empty = sorted({safexml.local_name(el) for el in header.iter(f"{TEI}editor", f"{TEI}title") if not _text(el)})
    warnings += [f"an empty <{name}> in the header" for name in empty]
    numbers = [d.record.id for d in documents]
    warnings += [
        f"two documents are numbered as {ident}" for ident in sorted({i for i in numbers if numbers.count(i) > 1})
    ]
    return ImportedVolume(path, volume, documents, tuple(warnings))


def _read_one(div: Any, volume: Volume, context: _Context, advance: Progress) -> ImportedDocument:
    document = _document(div, volume, context)
    advance(1)
    return document


def _parse(path: Path) -> Any:
    from .. import boundedio, safexml

    data = boundedio.read_bytes(path, MAX_BYTES, what="FRUS volume", error=ImportInputError)
    root = safexml.parse(data, str(path), ImportInputError)
    if root.tag != f"{TEI}TEI":
        raise ImportInputError(f"not a TEI file: the root element is <{safexml.local_name(root)}>", Location(str(path)))
    return root


def _documents(body: Any) -> Iterator[Any]:
    return (div for div in body.iter(f"{TEI}div") if div.get("type") == "document")


def _text(el: Any) -> str:
    return squeeze("".join(el.itertext())) if el is not None else ""


def _starts_with(el: Any, letter: str) -> bool:
    """Whether ``_text(el)`` starts with *letter*, reading no further than its first word."""
    for piece in el.itertext():
        if piece and not piece.isspace():
            return bool(piece.lstrip()[0] == letter)
    return False


def _has_text(el: Any) -> bool:
    """Whether ``_text(el)`` would be more than empty, without joining all of it."""
    return any(not piece.isspace() for piece in el.itertext() if piece)


# --- the volume -------------------------------------------------------------------------------------


FRUS_ID = r"frus[\w-]+"


def volume_id(root: Any) -> str | None:
    """The id a FRUS TEI volume gives itself: its ``<idno type="frus">``, else the root's ``xml:id``."""
    pub = root.find(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}publicationStmt")
    idnos = {i.get("type"): _text(i) for i in pub.iter(f"{TEI}idno")} if pub is not None else {}
    found = idnos.get("frus") or root.get(XML_ID)
    return found if found and re.fullmatch(FRUS_ID, found) else None


def _volume(root: Any, path: Path) -> Volume:
    header = root.find(f"{TEI}teiHeader/{TEI}fileDesc")
    where = Location(str(path))
    if header is None:
        raise ImportInputError("not a FRUS volume: no teiHeader/fileDesc", where)
    titles = {t.get("type"): _text(t) for t in header.iter(f"{TEI}title") if _text(t)}
    pub = header.find(f"{TEI}publicationStmt")
    idnos = {i.get("type"): _text(i) for i in pub.iter(f"{TEI}idno")} if pub is not None else {}
    volume_id = idnos.get("frus") or root.get(XML_ID)
    if not volume_id or not re.fullmatch(FRUS_ID, volume_id):
        raise ImportInputError('not a FRUS volume: no <idno type="frus">', where)
    number_text = titles.get("volumenumber") or titles.get("volume-number") or ""
    number, part = _volume_number(number_text)
    editors = [_text(e) for e in header.iter(f"{TEI}editor") if e.get("role") != "general" and _text(e)]
    general = [_text(e) for e in header.iter(f"{TEI}editor") if e.get("role") == "general" and _text(e)]
    year = _year(pub)
    if year is None:
        raise ImportInputError("not a FRUS volume: no year of publication", where)
    place = _text(pub.find(f"{TEI}pubPlace")) if pub is not None else ""
    return Volume(
        id=volume_id,
        series_title=titles.get("series") or "Foreign Relations of the United States",
        subseries=_subseries(titles.get("subseries") or titles.get("sub-series")),
        volume=number,
        part=part,
        title=titles.get("volume") or titles.get("complete") or volume_id,
        editors=editors,
        general_editor=", ".join(general) or None,
        publisher=_publisher(_text(pub.find(f"{TEI}publisher")) if pub is not None else ""),
        publisher_place="Washington, DC" if place.startswith("Washington") or not place else place,
        year=year,
        isbn=idnos.get("isbn-13") or idnos.get("isbn-10") or None,
        url=f"{URL_BASE}/{volume_id}",
    )


def _volume_number(text: str) -> tuple[str | None, str | None]:
    m = re.match(r"Volume\s+([IVXLC\d]+)(?:,?\s*Part\s+(\w+))?", text)
    return (m.group(1), m.group(2)) if m else (None, None)


def _subseries(text: str | None) -> str | None:
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})\s*[-–]\s*(\d{2,4})", text)
    if not m:
        return text
    end = m.group(2) if len(m.group(2)) == 4 else m.group(1)[:2] + m.group(2)
    return f"{m.group(1)}–{end}"


def _publisher(text: str) -> str:
    # The title page's "United States Government Printing Office"; Chicago drops the country.
    return re.sub(r"^(?:The\s+)?United States\s+|^U\.\s?S\.\s+", "", text) or "Government Printing Office"


def _year(pub: Any) -> int | None:
    if pub is None:
        return None
    for date in pub.iter(f"{TEI}date"):
        if date.get("type") in (None, "publication-date"):
            m = re.search(r"\d{4}", _text(date) or date.get("when", ""))
            if m:
                return int(m.group(0))
    return None


# --- what the front matter says: persons, sources ----------------------------------------------------


def _persons(root: Any) -> PersonsList:
    """The volume's list of persons: ``Kissinger, Henry A., Assistant to …`` → Henry A. Kissinger."""
    listed = list(_listed_persons(root))
    # A list that inverts its names (Kissinger, Henry A.) leaves uninverted only those written family
    # first; in a list that does not invert them, the family name of an uninverted one is unknown.
    several = [name for _, name, _, _ in listed if len(name.split()) > 1]
    inverted = sum("," in name for name in several) > len(several) / 2
    persons = PersonsList()
    for ident, name_as_listed, refers_to, description in listed:
        if refers_to:  # "Yang, Dr., see You Chan Yang, Dr.": the family name is the one it is listed under
            name = natural_order(refers_to, inverted_list=False)[0]
            family = name_as_listed.split(",")[0].strip()
            short = family if family in name.split()[:-1] else None
        else:
            name, short = natural_order(name_as_listed, inverted_list=inverted)
        persons.add(ident, Entry(name, short, description))
    return persons


def _listed_persons(root: Any) -> Iterator[tuple[str, str, str, str]]:
    """Each person of the list: id, the name as listed, the name a "see" entry refers to, the description."""
    for div in root.iter(f"{TEI}div"):
        if div.get(XML_ID) == "persons" or div.get("type") == "persons":
            for item in div.iter(f"{TEI}item"):
                name_el = next(item.iter(f"{TEI}persName"), None)
                if name_el is None or not name_el.get(XML_ID):
                    continue
                printed = _text(name_el)
                description = _text(item)[len(printed) :].strip(" ,")
                see = re.match(r"see (?:also )?(.+)$", description)
                yield name_el.get(XML_ID), printed, see.group(1) if see else "", description


_REPOSITORY_HEADING = re.compile(rf"^(?:{KNOWN_REPOSITORY})\b")


class _Sources:
    """The volume's list of unpublished sources: which repository it lists each collection under."""

    def __init__(self, root: Any) -> None:
        self.blocks: list[tuple[str, str]] = []  # (text of an entry, the repository it is listed under)
        self.lot_files_of_department = False
        for div in root.iter(f"{TEI}div"):
            if div.get(XML_ID) == "sources" or div.get("type") == "sources":
                self._read(div)

    def _read(self, div: Any) -> None:
        current = ""
        for el in div.iter(f"{TEI}p", f"{TEI}item", f"{TEI}head", f"{TEI}hi"):
            own = squeeze("".join(el.itertext()) if el.tag != f"{TEI}item" else _own_text(el))
            if not own:
                continue
            m = _REPOSITORY_HEADING.match(own)
            if m and len(own) < 140:
                current = m.group()
            if current == "Department of State" and re.search(r"\blot files of the Department\b", own):
                self.lot_files_of_department = True
            if current:
                self.blocks.append((own, current))

    def repository_of(self, level: str) -> str | None:
        """The repository the list places *level* (a lot file, a collection) under, if it does."""
        level = level.strip()
        lot = re.search(r"\bLot\s*(\d+\s*[A-Z]\s*\d+)", level)
        for text, repository in self.blocks:
            if lot and re.sub(r"\s", "", lot.group(1)) in re.sub(r"\s", "", text):
                return repository
        core = re.sub(r"\s*\([^)]*\)$", "", level)
        for text, repository in self.blocks:
            if len(core) > 6 and core in text:
                return repository
        if lot and self.lot_files_of_department:
            return "Department of State"
        return None


def _own_text(item: Any) -> str:
    """An item's text without its nested lists."""
    return _text_except(item, f"{TEI}list")


def _text_except(el: Any, tag: str) -> str:
    """The text of *el* and its descendants but for the elements *tag* (footnotes, nested lists)."""
    parts = [el.text or ""]
    for child in el:
        if child.tag != tag:
            parts.append(_text_except(child, tag))
        parts.append(child.tail or "")
    return "".join(parts)


class _PageTracker:
    """Which printed page a division or heading falls on, from the page breaks of printed pages in
    document order (only those three elements are ordered: a volume has few of them).

    Only breaks that number printed pages count (``xml:id="pg_83"``): electronic-only volumes
    number the images of each document instead (``d89-01``), and have no printed pages.
    """

    def __init__(self, body: Any) -> None:
        self.order: dict[Any, int] = {}
        self.breaks: list[tuple[int, str]] = []
        for i, el in enumerate(body.iter(f"{TEI}pb", f"{TEI}div", f"{TEI}head")):
            self.order[el] = i
            if el.tag == f"{TEI}pb" and el.get("n") and _printed_page(el):
                self.breaks.append((i, el.get("n")))

    def page_at(self, el: Any) -> str | None:
        """The page of the last break before *el*, a division or a heading."""
        found = bisect.bisect_right(self.breaks, (self.order.get(el, -1), "\uffff"))
        return self.breaks[found - 1][1] if found else None

    def last_page(self, div: Any) -> str | None:
        last = None
        for pb in div.iter(f"{TEI}pb"):
            if pb.get("n") and _printed_page(pb) and _content_after(pb, div):
                last = pb.get("n")
        return last


def _printed_page(pb: Any) -> bool:
    ident = pb.get(XML_ID) or ""
    return ident.startswith("pg_") or (not ident and bool(pb.get("facs")))


def _content_after(pb: Any, div: Any) -> bool:
    """A page break with text after it inside *div* starts a page of that document."""
    if (pb.tail or "").strip():
        return True
    el = pb
    while el is not None and el is not div:
        for sibling in el.itersiblings():
            if _has_text(sibling):
                return True
        el = el.getparent()
    return False


@dataclass
class _Context:
    persons: PersonsList
    sources: _Sources
    pages: _PageTracker
    chapters: dict[Any, str | None] = field(default_factory=dict)

    def chapter_of(self, div: Any) -> str | None:
        """The heading of the nearest enclosing division that names a month or a year."""
        parent = div.getparent()
        return self._dated_heading(parent) if parent is not None else None

    def _dated_heading(self, division: Any) -> str | None:
        if division not in self.chapters:  # a division's answer, once: its documents share it
            head = division.find(f"{TEI}head")
            text = _text(head) if head is not None else ""
            parent = division.getparent()
            if re.search(r"\b1[89]\d\d\b", text):
                self.chapters[division] = text
            else:
                self.chapters[division] = self._dated_heading(parent) if parent is not None else None
        return self.chapters[division]


# --- one document -----------------------------------------------------------------------------------

_MONTH = edtf.MONTH_NAME
_MSUPP = re.compile(
    rf"^(?P<head>.+?),\s+(?P<date>{_MONTH} (?:\d{{1,2}}(?:[–-]\d{{1,2}})?(?:, \d{{4}})?|\d{{4}}))"
    r"(?P<between>,\s+(?:between|among|with)\s+[^.]+)?\.\s+(?P<rest>.*)$"  # …, April 12, between Rusk and Dobrynin.
)
_PAGES = r"(?P<pp>\d+\s*pp?\.(?: of source text not declassified\.?)?)"
# "… Secret. 4 pp. {location}", "… Secret, 4 pp. {location}", "17 pp. of source text not declassified."
_PP = re.compile(rf"(?P<marking>[^.]*[.,])\s*{_PAGES}\s*(?P<source>.*)$")
# The pages first ("17 pp. of source text not declassified. Top Secret. {location}"), or last
# ("Secret. {location}. 6 pp. of source text not declassified").
_PP_FIRST = re.compile(rf"^{_PAGES}\s*(?P<marking>[^.]+\.)\s*(?P<source>.+)$")
_PP_LAST = re.compile(rf"^(?P<marking>[^.]+\.)\s*(?P<source>.+?)\.\s*{_PAGES}$")


_MARKING = re.compile(rf"(?:{vocabulary.CLASSIFICATION.pattern})(?:;[^.]{{1,60}})?\.", re.IGNORECASE)


@dataclass
class _Printed:
    """What a document's TEI prints, before it is read: heading, source note, dateline, lists."""

    heading: str = ""
    corresp: dict[str, str] = field(default_factory=dict)
    note: str | None = None
    inline_note: str | None = None
    opener_marks: list[str] = field(default_factory=list)
    date_text: str | None = None
    date_attributes: datelines.DateAttributes = field(default_factory=datelines.DateAttributes)
    time_text: str | None = None
    place: str | None = None
    participants: list[participants.Item] = field(default_factory=list)
    first_paragraphs: list[Any] = field(default_factory=list)  # elements: read only for a telegram's number
    msupp_date: str | None = None


def _document(div: Any, volume: Volume, context: _Context) -> ImportedDocument:
    number = document_number(div.get("n"), div.get(XML_ID))
    if number is None:
        raise ImportInputError(f"a document has no usable number (n={div.get('n')!r})")
    printed = _printed(div)
    heading_text = printed.heading
    entry = None  # a microfiche supplement's whole entry: its source, kept as printed
    if printed.note is None and printed.inline_note is None:
        msupp = _msupp(heading_text)
        if msupp:
            entry = heading_text
            heading_text, printed.msupp_date, printed.note = msupp
    heading = headings.parse(heading_text, context.persons, printed.corresp)
    note = _note(printed, context)
    editorial = div.get("subtype") == "editorial-note" or heading.kind == "editorial note"
    kind = "editorial note" if editorial else (heading.kind or (note.kind if note else None))
    date = datelines.document_date(
        printed.date_text or heading.date_text or printed.msupp_date,
        printed.date_attributes if printed.date_text else None,
        printed.time_text or heading.time_text,
        context.chapter_of(div),
    )
    listed = participants.parse(printed.participants, context.persons) or heading.participants
    classification, caveats = (note.classification, note.caveats) if note else ((), ())
    if not classification and not caveats and printed.opener_marks:  # 1940s: the markings head the text
        classification, caveats = sourcenote.openers(printed.opener_marks)
        if note is not None and (classification or caveats):
            status = "full" if note.archive is not None else note.status
            note = dataclasses.replace(note, classification=classification, caveats=caveats, status=status)
    head = div.find(f"{TEI}head")
    first = context.pages.page_at(head if head is not None else div)
    last = context.pages.last_page(div) or first
    record = Record.model_validate(
        {
            "id": layout.document_id(volume.id, number),
            "kind": kind or None,
            # A microfiche entry's title is its heading proper, up to its date: the rest is its
            # summary and source, which a note does not quote as a title.
            "title": (heading_text if entry else printed.heading) or f"Document {number}",
            "number": heading.number or (_message_number(printed.first_paragraphs) if kind in NUMBERED_KINDS else None),
            "date": date.date,
            "date_supplied": date.supplied,
            "place": printed.place or heading.place,
            "from": [_person(p) for p in heading.sender],
            "to": [_person(p) for p in heading.recipient],
            "participants": [_person(p) for p in listed],
            "classification": list(classification),
            "caveats": list(caveats),
            "remarks": [r for r in note.remarks if not any(c.note in r for c in note.copies)] if note else [],
            "archive": _in_full(note.archive) if note and note.archive else None,
            "copies": [
                {**c.model_dump(exclude_defaults=True), "archive": _in_full(c.archive)} if c.archive else c.model_dump()
                for c in note.copies
            ]
            if note
            else [],
            "published_in": Publication(volume=volume.id, document=number, pages=_pages(first, last)).model_dump(
                exclude_defaults=True
            ),
            "source_note": entry or (note.text if note else None),
        }
    )
    return ImportedDocument(record, note, heading)


def _in_full(archive: Archive) -> dict[str, Any]:
    """The archive with its repository named as a note names it, with its place (repositories.py);
    the source note keeps the name the volume printed."""
    data: dict[str, Any] = archive.model_dump(exclude_defaults=True)
    found = repositories.known(archive.repository)
    if found is not None:
        data["repository"] = found.name
        if found.place and not archive.repository_place:
            data["repository_place"] = found.place
    return data


def _note(printed: _Printed, context: _Context) -> sourcenote.SourceNote | None:
    if printed.note is not None:
        return sourcenote.parse(printed.note, context.sources.repository_of)
    if printed.inline_note is not None:
        return sourcenote.parse_inline(printed.inline_note, context.sources.repository_of)
    return None


def _msupp(heading: str) -> tuple[str, str, str] | None:
    """A microfiche supplement's entry: ``Telegram 1387 to Geneva, August 15. {summary} Secret. 4 pp.
    {location}.`` → the heading proper, its date, and a source note."""
    m = _MSUPP.match(heading)
    if not m:
        return None
    pages = _PP_FIRST.match(m["rest"]) or _PP_LAST.match(m["rest"])
    if pages is None or not _MARKING.fullmatch(pages["marking"].strip()):
        pages = _PP.search(m["rest"])
    if not pages or not pages["source"]:
        return None
    between = m["between"].lstrip(", ") if m["between"] else ""
    head = f"{m['head']} {between}" if between else m["head"]
    # The document's own marking is the first one; a later one is an attachment's ("… Confidential. 10 pp.").
    summary = m["rest"][: pages.start("pp")]
    first = next((s for s in re.split(r"(?<=\.)\s+", summary) if _MARKING.fullmatch(s)), pages["marking"])
    first = first.strip().lstrip("”’\"' ").rstrip(",.")  # after a quoted title: “… Weapons.” Top Secret.
    # A month and year after the location is the next entries' heading, printed into this one.
    source = re.sub(rf"\.?\s+{_MONTH} \d{{4}}\.?$", "", pages["source"].strip()).rstrip(",")
    sentences = re.split(r"(?<=\.)\s+", source)  # "Two attachments provide …. Yale University Library, …"
    located = next((i for i, sentence in enumerate(sentences) if _REPOSITORY_HEADING.match(sentence)), 0)
    source = " ".join(sentences[located:])
    return head, m["date"], f"Source: {source}{'' if source.endswith('.') else '.'} {first}."


def _printed(div: Any) -> _Printed:
    printed = _Printed()
    head = div.find(f"{TEI}head")
    if head is not None:
        printed.heading = heading_text(head)
        printed.corresp = {
            _text(el): (el.get("corresp") or "").lstrip("#")
            for el in head.iter(f"{TEI}persName")
            if el.get("corresp") and not _in_note(el, head)
        }
        note = _source_note(head)
        printed.note = _text(note) if note is not None else None
    _read_notes(div, printed)
    dateline = next(_own(div, f"{TEI}dateline"), None)
    if dateline is not None:
        _read_dateline(dateline, printed)
    paragraphs = list(itertools.islice(_own(div, f"{TEI}p"), 30))
    printed.participants = _participant_items(div, paragraphs)
    printed.first_paragraphs = paragraphs[:3]
    return printed


def _read_notes(div: Any, printed: _Printed) -> None:
    """A source note not in the heading: inline before it (1940s), in an opener, or bracketed in a
    paragraph of its own; and the markings an opener prints."""
    for child in div:
        if child.tag == f"{TEI}note" and (child.get("rend") == "inline" or child.get("type") == "source"):
            if child.get("rend") == "inline":
                printed.inline_note = _text_without_notes(child)
            elif printed.note is None:
                printed.note = _text(child)
    for opener in _own(div, f"{TEI}opener"):
        for seg in opener.iter(f"{TEI}seg"):
            if seg.get("type") == "source":
                printed.inline_note = printed.inline_note or _text_without_notes(seg)
            else:
                printed.opener_marks.append(_text(seg))
    if printed.note is None and printed.inline_note is None:
        for p in list(_own(div, f"{TEI}p"))[:3]:
            if _text(p).startswith("[Source:"):  # [Source: … Secret; Niact. 4 pages not declassified.]
                printed.note = _text(p)
                break


def _read_dateline(dateline: Any, printed: _Printed) -> None:
    dates = list(dateline.iter(f"{TEI}date"))
    place = next(dateline.iter(f"{TEI}placeName"), None)
    time = next(dateline.iter(f"{TEI}time"), None)
    if len(dates) > 1:  # <date from="1956-08-16">August 16</date> and <date to="…">August 17, 1956</date>
        first, last = dates[0], dates[-1]
        printed.date_text = _text(dateline)
        printed.date_attributes = datelines.DateAttributes(
            None,
            first.get("from") or first.get("notBefore") or first.get("when"),
            last.get("to") or last.get("notAfter") or last.get("when"),
        )
    elif dates:
        date = dates[0]
        printed.date_text = _text(date) or _text(dateline)
        printed.date_attributes = datelines.DateAttributes(
            date.get("when"), date.get("from") or date.get("notBefore"), date.get("to") or date.get("notAfter")
        )
    elif re.search(r"\bundated\b", _text(dateline), re.IGNORECASE):
        printed.date_text = _text(dateline)
    printed.time_text = _text(time) if time is not None else None
    printed.place = _place_of(place)


def _text_without_notes(el: Any) -> str:
    """The text of *el* without the footnotes inside it, whitespace collapsed."""
    return squeeze(_text_except(el, f"{TEI}note"))


def _place_of(place: Any) -> str | None:
    if place is None:
        return None
    text = re.sub(r"[\[\]]", "", _text(place)).strip(" ,.;")
    return text or None


def _in_note(el: Any, head: Any) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not head:
        if parent.tag == f"{TEI}note":
            return True
        parent = parent.getparent()
    return False


def heading_text(head: Any) -> str:
    """A heading's text as printed: without its footnotes and printed number, spaces as printed."""
    text = _text_without_notes(head)
    text = re.sub(r"([(\[])\s+", r"\1", re.sub(r"\s+([)\]])", r"\1", text))
    return headings.strip_number(text)


def _source_note(head: Any) -> Any:
    for note in head.iter(f"{TEI}note"):
        if note.get("type") == "source" or _text(note).startswith(("Source:", "[Source:")):
            return note
    return None


_PARTICIPANTS_LABEL = re.compile(r"\s*(?:PARTICIPANTS|Participants|PRESENT|Present)\s*:?\s*")


def _participant_items(div: Any, paragraphs: list[Any]) -> list[participants.Item]:
    """The participants a conversation lists: a list, a table of participants, or paragraphs after a
    label (among the first 30 of the document's own *paragraphs*)."""
    for lst in _own(div, f"{TEI}list"):
        if lst.get("type") == "participants":
            return [_item(item) for item in lst.iter(f"{TEI}item")]
    for table in _own(div, f"{TEI}table"):
        rows = list(table.iter(f"{TEI}row"))
        if rows and re.match(r"(?:Participants|Present)\b", _text(rows[0][0]) if len(rows[0]) else "", re.I):
            return [_item(row[-1]) for row in rows if len(row)]
    for i, p in enumerate(paragraphs):
        if _starts_with(p, "P") and _PARTICIPANTS_LABEL.fullmatch("".join(p.itertext())):
            items = []
            for q in paragraphs[i + 1 :]:
                text = _text(q)
                if not text or re.match(r"[A-Z &]{3,}:|Date|Time|Place|Subject", text) or len(text) > 200:
                    break
                items.append(_item(q))
            return items
    return [_item(p) for p in _name_paragraphs(paragraphs)]


def _name_paragraphs(paragraphs: list[Any]) -> list[Any]:
    """Paragraphs that open a record with one name each and no label: ``Ambassador Anatoliy Dobrynin``,
    ``Mr. Henry A. Kissinger`` (two or more of them, before the text begins)."""
    found = []
    for p in paragraphs:
        names = [n for n in p.iter(f"{TEI}persName") if n.get("corresp")]
        text = _text(p)
        outside = text.replace(_text(names[0]), " ", 1) if len(names) == 1 else text
        if (
            len(names) != 1
            or len(text) > 80
            or not re.fullmatch(r"[A-Z][\w.]*(?: [A-Z][\w.]*){0,2}|\s*|,.*", outside.strip())
        ):
            break
        found.append(p)
    return found if len(found) >= 2 else []


def _item(el: Any) -> participants.Item:
    """An item's text in pieces, each name the TEI marks a piece of its own (with its ``corresp``)."""
    pieces: list[tuple[str, str | None]] = []

    def walk(node: Any) -> None:
        if node.tag == f"{TEI}note":
            return
        if node.tag == f"{TEI}persName" and node.get("corresp"):
            pieces.append((_text(node), node.get("corresp").lstrip("#")))
        elif node.tag == f"{TEI}lb":
            pieces.append((", ", None))
        else:
            pieces.append((node.text or "", None))
            for child in node:
                walk(child)
                pieces.append((child.tail or "", None))

    walk(el)
    marked = any(c for _, c in pieces)
    italics = "".join(_text(h) for h in el.iter(f"{TEI}hi") if h.get("rend") == "italic")
    label = not marked and bool(italics) and re.sub(r"\W", "", italics) == re.sub(r"\W", "", _text(el))
    merged = [(re.sub(r"\s+", " ", t), c) for t, c in pieces if t or c]  # spaces kept: "EUR/BNA", "Mr. Rusk"
    return participants.Item(tuple(merged), label)


def _own(div: Any, tag: str) -> Iterator[Any]:
    """The elements *tag* of the document itself: not of an attachment or a nested document."""
    for el in div.iter(tag):
        parent = el.getparent()
        nested = False
        while parent is not None and parent is not div:
            if parent.tag == f"{TEI}div" or parent.tag.endswith("}attachment") or parent.tag == f"{TEI}note":
                nested = True
                break
            parent = parent.getparent()
        if not nested:
            yield el


_DOCUMENT_N = re.compile(r"\s*(?:No\.\s*)?0*([1-9][0-9]{0,8})([A-Za-z]?)\s*\.?\s*")


def document_number(n: str | None, xml_id: str | None) -> str | None:
    """The printed number of a document: ``120``; a lettered document keeps its letter (``278A``)."""
    for text in (n, (xml_id or "").removeprefix("d")):
        m = _DOCUMENT_N.fullmatch(text or "")
        if m:
            return m.group(1) + m.group(2).upper()
    return None


def _person(party: Party) -> dict[str, Any]:
    out: dict[str, Any] = {"name": party.name}
    if party.role:
        out["role"] = party.role
    if party.short and party.short != party.name.split()[-1]:
        out["short"] = party.short
    if party.office:
        out["office"] = True
    return out


_PAGE = re.compile(r"[0-9]{1,9}")  # arabic page numbers as printed (front matter is roman)


def _pages(first: str | None, last: str | None) -> str | None:
    if not first or not _PAGE.fullmatch(first):
        return None
    if last and _PAGE.fullmatch(last) and int(last) > int(first):
        return f"{first}–{last}"
    return first


# 1447, A–203, Dulte 15, MAGCTE–CH 5537 (a service's message number), 256008/Todel 1284 (already a pair).
# Secto 024, Cantel 758; not a reference to another telegram (Embtel 1008, Deptel 45, Urtel 12).
_SERIES = r"(?!(?:Emb|Dep|Ur|My|Ref|Re|Our|Your|Con)tel\b)[A-Z][A-Za-z]{1,7}[ -]\d{1,6}"
_NUMBER = (
    rf"(?:\d{{1,6}}/{_SERIES}|{_SERIES}/\d{{1,6}}|[A-Z]{{1,6}}[–-]\d{{1,6}}|[A-Z]{{2,8}}[–-][A-Z]{{1,4}} \d{{1,6}}"
    rf"|\d{{1,6}}[A-Z]?|{_SERIES})"
)
_HEAD_NUMBER = re.compile(
    rf"^(?:No\.\s*)?(?P<number>{_NUMBER})(?: \([^()]{{1,30}}\))?\.(?:\s+(?P<series>{_SERIES})\.)?(?:\s|$)"
)
_ONLY_NUMBER = re.compile(rf"^(?:No\.\s*)?(?P<number>{_NUMBER})\.?$")


def _message_number(elements: list[Any]) -> str | None:
    """The number at the head of a telegram's text: ``1447.``, ``Dulte 15.``, ``1020. Secto 024.`` (as
    ``1020/Secto 024``, as FRUS headings write the pair), or a paragraph that is only a number."""
    if not elements:
        return None
    paragraphs = [_text(p) for p in elements]
    first = paragraphs[0]
    m = _ONLY_NUMBER.match(first) or _HEAD_NUMBER.match(first)
    if not m:
        return None
    number = m.group("number")
    if number == "1" and any(p.startswith("2.") for p in paragraphs[1:]):
        return None  # the first point of a numbered text, not a telegram numbered 1
    series = m.groupdict().get("series")
    return f"{number}/{series}" if series else number


__all__ = ["ImportInputError", "ImportedDocument", "ImportedVolume", "document_number", "read_volume"]
