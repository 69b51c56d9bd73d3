"""FRUS volumes in TEI XML (Office of the Historian) → a volume record and one record per document.

Reads both the 2015 encoding and the current one (other ``frus:`` namespace,
``sub-series``/``volume-number`` title types, ``subtype`` on documents,
datelines inside ``opener``). Parses without DTDs, entities or network access;
anything that is not a FRUS volume is refused before a single record is made.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import edtf, headings, layout, sourcenote
from ..errors import ArchciteError, Location
from ..models import Publication, Record, Volume
from ..vocabulary import NAME_SUFFIXES

TEI = "{http://www.tei-c.org/ns/1.0}"
FRUS_NAMESPACES = ("http://history.state.gov/ns/1.0", "http://history.state.gov/frus/ns/1.0")
MAX_BYTES = 256 * 1024 * 1024  # the largest FRUS volumes are tens of megabytes
URL_BASE = "https://history.state.gov/historicaldocuments"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


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


def read_volume(path: Path) -> ImportedVolume:
    """Parse the FRUS TEI file at *path* into records; raise ImportInputError if it is not one."""
    from pydantic import ValidationError

    from ..models import problems
    from ..yamlfile import dotted

    try:
        return _read(path)
    except ValidationError as e:  # a value the record format refuses, such as a control character
        first = problems(e)[0]
        raise ImportInputError(f"{e.title}: {dotted(first.path)}: {first.message}", Location(str(path))) from e


def _read(path: Path) -> ImportedVolume:
    root = _parse(path)
    volume = _volume(root, path)
    persons = Persons.from_tei(root)
    body = root.find(f"{TEI}text/{TEI}body")
    if body is None:
        raise ImportInputError("not a FRUS volume: no <body>", Location(str(path)))
    pages = _PageTracker(body)
    try:
        documents = tuple(
            _document(div, volume, persons, pages) for div in body.iter(f"{TEI}div") if div.get("type") == "document"
        )
    except ImportInputError as e:
        raise ImportInputError(e.message, Location(str(path))) from e
    if not documents:
        raise ImportInputError("not a FRUS volume: no documents", Location(str(path)))
    return ImportedVolume(path, volume, documents)


def _parse(path: Path) -> Any:
    from .. import boundedio, safexml

    data = boundedio.read_bytes(path, MAX_BYTES, what="FRUS volume", error=ImportInputError)
    root = safexml.parse(data, str(path), ImportInputError)
    if root.tag != f"{TEI}TEI":
        raise ImportInputError(f"not a TEI file: the root element is <{safexml.local_name(root)}>", Location(str(path)))
    return root


def _text(el: Any) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip() if el is not None else ""


def _volume(root: Any, path: Path) -> Volume:
    header = root.find(f"{TEI}teiHeader/{TEI}fileDesc")
    where = Location(str(path))
    if header is None:
        raise ImportInputError("not a FRUS volume: no teiHeader/fileDesc", where)
    titles = {t.get("type"): _text(t) for t in header.iter(f"{TEI}title")}
    pub = header.find(f"{TEI}publicationStmt")
    idnos = {i.get("type"): _text(i) for i in pub.iter(f"{TEI}idno")} if pub is not None else {}
    volume_id = idnos.get("frus") or root.get(XML_ID)
    if not volume_id or not re.fullmatch(r"frus[\w-]+", volume_id):
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


class Persons:
    """The volume's list of persons: ``Kissinger, Henry A.`` → ``Henry A. Kissinger``."""

    def __init__(self, by_id: dict[str, str], descriptions: dict[str, str] | None = None) -> None:
        self.by_id = by_id
        self.descriptions = descriptions or {}  # full name → what the list says of the person
        self.by_surname: dict[str, set[str]] = {}
        for full in by_id.values():
            self.by_surname.setdefault(_surname(full), set()).add(full)
        self.full_names = set(by_id.values())

    @classmethod
    def from_tei(cls, root: Any) -> Persons:
        by_id: dict[str, str] = {}
        descriptions: dict[str, str] = {}
        for div in root.iter(f"{TEI}div"):
            if div.get(XML_ID) == "persons" or div.get("type") == "persons":
                for item in div.iter(f"{TEI}item"):
                    name = next(item.iter(f"{TEI}persName"), None)
                    if name is not None and name.get(XML_ID):
                        full = natural_order(_text(name))
                        by_id[name.get(XML_ID)] = full
                        descriptions[full] = _text(item)[len(_text(name)) :].strip(" ,")
        return cls(by_id, descriptions)

    def lookup(self, name: str, role: str | None = None) -> str | None:
        """The full name for *name*; a surname several persons share is settled by the role."""
        name = name.strip()
        if name in self.full_names:
            return name
        candidates = self.by_surname.get(name, set())
        if len(candidates) == 1:
            return next(iter(candidates))
        if candidates and role:
            words = set(re.findall(r"\w+", role.lower())) - {"the", "of", "for", "to", "and", "in"}
            scored = sorted(
                (len(words & set(re.findall(r"\w+", self.descriptions.get(c, "").lower()))), c) for c in candidates
            )
            if scored[-1][0] > 0 and (len(scored) == 1 or scored[-1][0] > scored[-2][0]):
                return scored[-1][1]
        return None


def natural_order(listed: str) -> str:
    """A name as the persons list gives it, in natural order.

    ``Kissinger, Henry A.`` → ``Henry A. Kissinger``;
    ``Carter, James Earl, Jr. “Jimmy”`` → ``James Earl “Jimmy” Carter Jr.``.
    """
    nickname = re.search(r"\s*“[^”]+”", listed)
    if nickname:
        listed = listed.replace(nickname.group(0), "")
    parts = [p.strip() for p in listed.rstrip(",").split(",")]
    if len(parts) < 2 or not parts[1]:
        return listed.strip(" ,")
    given = f"{parts[1]} {nickname.group(0).strip()}" if nickname else parts[1]
    return " ".join(p for p in (given, parts[0], " ".join(parts[2:])) if p)


def _surname(full: str) -> str:
    words = [w for w in full.split() if w.rstrip(",") not in NAME_SUFFIXES]
    return words[-1] if words else full


class _PageTracker:
    """Which printed page each element falls on, from the page breaks in document order."""

    def __init__(self, body: Any) -> None:
        self.order: dict[Any, int] = {}
        self.breaks: list[tuple[int, str]] = []
        for i, el in enumerate(body.iter()):
            self.order[el] = i
            if el.tag == f"{TEI}pb" and el.get("n"):
                self.breaks.append((i, el.get("n")))

    def page_at(self, el: Any) -> str | None:
        """The page of the last break before *el*."""
        found = bisect.bisect_right(self.breaks, (self.order.get(el, -1), "\uffff"))
        return self.breaks[found - 1][1] if found else None

    def last_page(self, div: Any) -> str | None:
        last = None
        for pb in div.iter(f"{TEI}pb"):
            if pb.get("n") and _content_after(pb, div):
                last = pb.get("n")
        return last


def _content_after(pb: Any, div: Any) -> bool:
    """A page break with text after it inside *div* starts a page of that document."""
    if (pb.tail or "").strip():
        return True
    el = pb
    while el is not None and el is not div:
        for sibling in el.itersiblings():
            if _text(sibling):
                return True
        el = el.getparent()
    return False


def _document(div: Any, volume: Volume, persons: Persons, pages: _PageTracker) -> ImportedDocument:
    number = document_number(div.get("n"), div.get(XML_ID))
    if number is None:
        raise ImportInputError(f"a document has no usable number (n={div.get('n')!r})")
    head = div.find(f"{TEI}head")
    heading_text = _heading_text(head)
    note_el = _source_note(head)
    note = sourcenote.parse(_text(note_el)) if note_el is not None else None
    heading = headings.parse(heading_text, persons.lookup)
    sender, recipient = _tagged_parties(head, persons, heading)
    editorial = div.get("subtype") == "editorial-note" or heading.kind == "editorial note"
    first = pages.page_at(head if head is not None else div)
    last = pages.last_page(div) or first
    page_range = _pages(first, last)
    date_el, place_el = _dateline(div)
    record = Record.model_validate(
        {
            "id": layout.document_id(volume.id, number),
            "kind": heading.kind,
            "title": heading_text or f"Document {number}",
            "number": _message_number(div, heading.kind),
            "date": _date(date_el),
            "place": _text(place_el).strip(" ,.") or None,
            "from": [_person(p) for p in sender],
            "to": [_person(p) for p in recipient],
            "classification": list(note.classification) if note else [],
            "caveats": list(note.caveats) if note else [],
            "remarks": [r for r in note.remarks if not any(c.note in r for c in note.copies)] if note else [],
            "archive": note.archive.model_dump(exclude_defaults=True) if note and note.archive else None,
            "copies": [c.model_dump(exclude_defaults=True) for c in note.copies] if note else [],
            "published_in": Publication(volume=volume.id, document=number, pages=page_range).model_dump(
                exclude_defaults=True
            ),
            "source_note": note.text if note else None,
        }
        | ({"kind": "editorial note"} if editorial else {})
    )
    return ImportedDocument(record, note, heading)


_DOCUMENT_N = re.compile(r"\s*(?:No\.\s*)?0*([1-9][0-9]{0,8})([A-Za-z]?)\s*\.?\s*")


def document_number(n: str | None, xml_id: str | None) -> str | None:
    """The printed number of a document: ``120``; a lettered document keeps its letter (``278A``)."""
    for text in (n, (xml_id or "").removeprefix("d")):
        m = _DOCUMENT_N.fullmatch(text or "")
        if m:
            return m.group(1) + m.group(2).upper()
    return None


def _heading_text(head: Any) -> str:
    if head is None:
        return ""
    parts = [head.text or ""]
    for child in head:
        if child.tag != f"{TEI}note":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return headings.strip_number(re.sub(r"\s+", " ", "".join(parts)).strip())


def _source_note(head: Any) -> Any:
    if head is None:
        return None
    for note in head.iter(f"{TEI}note"):
        if note.get("type") == "source" or _text(note).startswith("Source:"):
            return note
    return None


def _tagged_parties(
    head: Any, persons: Persons, heading: headings.Heading
) -> tuple[tuple[headings.Party, ...], tuple[headings.Party, ...]]:
    """Correspondents tagged ``type="from"``/``"to"`` in the heading resolve through their ``corresp``."""
    if head is None:
        return heading.sender, heading.recipient
    resolved = []
    for direction, parsed in (("from", heading.sender), ("to", heading.recipient)):
        tagged = [
            el for el in head.iter() if el.get("type") == direction and el.tag in (f"{TEI}persName", f"{TEI}gloss")
        ]
        if not tagged or len(tagged) != len(parsed):
            resolved.append(parsed)
            continue
        parties = []
        for el, party in zip(tagged, parsed, strict=True):
            full = persons.by_id.get((el.get("corresp") or "").lstrip("#"))
            if el.tag == f"{TEI}gloss":
                parties.append(headings.Party(re.sub(r"^the\s+", "", _text(el)), None, office=True))
            else:
                parties.append(headings.Party(full or persons.lookup(_text(el), party.role) or party.name, party.role))
        resolved.append(tuple(parties))
    return resolved[0], resolved[1]


def _person(party: headings.Party) -> dict[str, Any]:
    out: dict[str, Any] = {"name": party.name}
    if party.role:
        out["role"] = party.role
    if party.office:
        out["office"] = True
    return out


def _dateline(div: Any) -> tuple[Any, Any]:
    """The document's own dateline: not one in an attachment or a nested document."""
    for dateline in _own(div, f"{TEI}dateline"):
        date = next(dateline.iter(f"{TEI}date"), None)
        place = next(dateline.iter(f"{TEI}placeName"), None)
        return date, place
    return None, None


def _own(div: Any, tag: str) -> Iterator[Any]:
    for el in div.iter(tag):
        parent = el.getparent()
        nested = False
        while parent is not None and parent is not div:
            if parent.tag == f"{TEI}div" or parent.tag.endswith("}attachment"):
                nested = True
                break
            parent = parent.getparent()
        if not nested:
            yield el


_MONTHS = {m: i for i, m in enumerate(edtf.MONTHS, 1)}


def _date(el: Any) -> str | None:
    if el is None:
        return None
    when: str | None = el.get("when")
    start: str | None = el.get("from") or el.get("notBefore")
    end: str | None = el.get("to") or el.get("notAfter")
    candidates = ([when] if when else []) + ([f"{start}/{end}"] if start and end else [])
    for candidate in candidates:
        try:
            edtf.parse(candidate)
            return candidate
        except edtf.DateError:
            continue
    return _date_from_text(_text(el))


def _date_from_text(text: str) -> str | None:
    """``March 6, 1969`` or ``March 1969`` when the encoding gives no machine-readable date."""
    m = re.fullmatch(r"(?:(?P<month>[A-Z][a-z]+) (?:(?P<day>\d{1,2}), )?)?(?P<year>\d{4})\.?", text)
    if not m or (m["month"] and m["month"] not in _MONTHS):
        return None
    parts = (
        [m["year"]]
        + ([f"{_MONTHS[m['month']]:02d}"] if m["month"] else [])
        + ([f"{int(m['day']):02d}"] if m["day"] else [])
    )
    candidate = "-".join(parts)
    try:
        edtf.parse(candidate)
    except edtf.DateError:
        return None
    return candidate


_PAGE = re.compile(r"[0-9]{1,9}")  # arabic page numbers as printed (front matter is roman)


def _pages(first: str | None, last: str | None) -> str | None:
    if not first or not _PAGE.fullmatch(first):
        return None
    if last and _PAGE.fullmatch(last) and int(last) > int(first):
        return f"{first}–{last}"
    return first


_NUMBERED = re.compile(r"^((?:Hakto|Tohak|Secto|Tosec|Tohaig|Haigto)\s+\d+|\d{1,6})\.\s")


def _message_number(div: Any, kind: str) -> str | None:
    """Telegrams and messages print their number at the head of the text: ``1447. Subject: …``."""
    if kind not in ("telegram", "circular telegram", "backchannel message", "message", "airgram"):
        return None
    first = next(_own(div, f"{TEI}p"), None)
    m = _NUMBERED.match(_text(first)) if first is not None else None
    return m.group(1) if m else None


__all__ = ["ImportInputError", "ImportedDocument", "ImportedVolume", "Persons", "natural_order", "read_volume"]
