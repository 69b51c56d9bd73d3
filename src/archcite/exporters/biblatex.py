"""Records to BibLaTeX entries for biblatex-chicago (notes and bibliography), one per record.

The key is the record's id (letters, digits, ``.``, ``_``, ``-``: a valid biblatex key). Entry
types and fields follow biblatex-chicago's manual (section 4.2, "Entry Fields") and the examples
of its ``notes-test.bib``:

- ``@letter`` for correspondence printed in an edition such as FRUS: biblatex-chicago's type for
  "an individual letter from a published collection" (``jackson:paulina:letter``,
  ``white:ross:memo``). ``title`` is ``Sender to Recipient``, ``shorttitle`` ``to Recipient``
  (short notes put the author's surname before it: ``Kissinger to Nixon``), ``titleaddon`` a kind
  other than *letter* in lowercase with the message number (``memorandum`` in
  ``white:ross:memo``), ``origdate`` the letter's date (the style prints it day-month-year) and
  ``date`` the volume's year.
- ``@incollection`` for any other printed document: its own title, else the editors' heading,
  quoted as Chicago quotes a heading that leads; a conversation (D17) or an untitled document is
  described, not titled: the description is the ``titleaddon``, which prints plain. Its place and
  date, in Chicago's words, end the ``titleaddon``: the style would print ``origdate`` and
  ``origlocation`` as a reprint's, inside the publication facts. ``options = {useeditor=false}``:
  the volume's editors are not the document's author.
- ``@misc`` with ``entrysubtype`` (the record's kind) for an archival item or collection, which
  biblatex-chicago presents "as part of an unpublished archive" (``creel:house``,
  ``dinkel:agassiz``). The document's date goes in ``date``: the manual allows ``origdate`` or
  ``date`` there "depending on how you want the date formatted", and ``date`` gives Chicago's
  month-day-year. A letter's writer is its ``sortname``, not its ``author``: ``@misc`` prints
  the author before the title, which already names him (``George Creel to Colonel House``); its
  ``shorttitle`` is the correspondents' surnames (``Creel to House``).

What biblatex-chicago prints from these entries is checked by typesetting them
(``tests/test_export_biblatex_ris.py``).

Fields:

- ``author``: the senders; offices and bodies braced as corporate names (``{{the Trustees}}``).
- ``title``: the correspondents, else the document's own title (in ``\\mkbibquote`` where the type
  prints titles plain, as the manual says to quote a title inside a plain one), else the heading
  or description, else the kind in lowercase (biblatex-chicago capitalizes it where needed).
- ``origlocation``: where the document was written ("the place where a published or unpublished
  letter was written").
- Printed documents: ``maintitle`` series and subseries, ``volume`` in arabic numerals as
  ``csl.arabic`` gives them, ``part`` (printed ``bk.``), ``booktitle`` the volume's title,
  ``editor`` its editors, ``editora`` the series' general editor with ``editoratype = {general
  editor}`` (printed before the name as written), ``publisher``, ``location``, ``date``, ``url``
  (the document's page) and ``urldate``. ``pages`` holds the locator Chicago prints, as
  biblatex-chicago's letter example holds a letter's number there (``\\bibstring{number} 42``):
  ``doc.~120`` for volumes cited by document number, the pages (``433--435``) for volumes cited
  by page.
- Archival items: ``note`` holds the levels below the repository, most specific first (item,
  folder, box, file code, series, collection, record group, call number), ``organization`` the
  repository and ``location`` its place, after creel:house: "note, organization, institution,
  and/or location, in ascending order of generality". ``url``, ``urldate``: an online copy.
- Dates are ISO 8601-2 as biblatex reads them (``1772~``, ``1972-11-18/1972-11-25``, ``197X``),
  less the time and unspecified ``XX`` parts biber mishandles (see ``iso_date``).
- No protective braces: biblatex-chicago sentence-cases no title of these types, and braces would
  stop it capitalizing a lowercase kind.
- ``annotation`` (printed only with biblatex-chicago's ``annotation`` option) holds, one sentence
  each, what these fields cannot: a heading, document title or short title that does not lead,
  the classification, caveats, remarks, correspondents' roles, a supplied date in its brackets,
  the kind and short name of the collection, copies, the source note, the volume's issuing body,
  an online copy of a printed original, an access date without a URL, and for printed documents
  the locator not in ``pages``, the kind of a titled document, the ISBN and the original's
  archival location.

Record text is escaped for LaTeX (``& % $ # _ { } ~ ^ \\``); other Unicode is kept, as biber
reads UTF-8.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import csl, edtf
from ..models import Person, Record, Volume
from .common import (
    archive_levels,
    archive_path,
    cites_by_document,
    correspondents,
    descriptor,
    is_correspondence,
    is_printed,
    lead,
    names,
    online_url,
    page_range,
    sentence,
    short_descriptor,
    short_title,
    unprinted_notes,
    who_met,
)

_SPECIAL = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    # Braces as commands: BibTeX parsers count braces even after a backslash.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
}
_ESCAPE = str.maketrans(_SPECIAL)
_SPACE = re.compile(r"\s+")
_RANGE = re.compile(r"\s*[-\u2013]\s*")
_AND = re.compile(r"\band\b", re.IGNORECASE)

Fields = dict[str, str]


def to_biblatex(entries: Sequence[tuple[Record, Volume | None]]) -> str:
    """One entry per record, keyed by its id; *Volume* is the volume the record is printed in."""
    return "\n".join(_entry(record, volume) for record, volume in entries)


def _entry(record: Record, volume: Volume | None) -> str:
    if is_printed(record, volume):
        entry_type, fields = _printed(record, volume)
    else:
        entry_type, fields = "misc", _archival(record)
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{entry_type}{{{record.id},\n{body}\n}}\n"


# BibLaTeX.


def tex(text: str) -> str:
    """Record text as LaTeX: specials escaped, runs of white space one space (no paragraph breaks)."""
    return _SPACE.sub(" ", text).strip().translate(_ESCAPE)


def iso_date(date: edtf.Date) -> str:
    """The date as biblatex reads ISO 8601-2: no time (biber drops dates whose time lacks seconds),
    and no unspecified month or day (biber would print ``1972-XX`` as January–December)."""
    if isinstance(date, edtf.DateRange):
        return f"{iso_date(date.start)}/{iso_date(date.end)}"
    year = f"{date.year:05d}" if date.year < 0 else f"{date.year:04d}"
    if date.decade_unspecified:
        year = year[: -date.decade_unspecified] + "X" * date.decade_unspecified
    parts = [year] + [f"{n:02d}" for n in (date.month, date.day) if n is not None]
    qualifier = {(True, True): "%", (True, False): "~", (False, True): "?"}.get((date.approximate, date.uncertain), "")
    return "-".join(parts) + qualifier


def _url(url: str) -> str:
    # url is a verbatim field, but braces and backslashes would still unbalance the entry.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _name(person: Person) -> str:
    name = csl.csl_name(person)
    if "literal" in name or any(_AND.search(part) for part in name.values()):
        return "{" + tex(person.name) + "}"
    parts = [name["family"], name.get("suffix"), name["given"]]
    return ", ".join(tex(p) for p in parts if p)


def _people(people: Sequence[Person]) -> str | None:
    return " and ".join(_name(p) for p in people) or None


def _put(fields: Fields, name: str, value: str | None) -> None:
    if value:
        fields[name] = value


def _lead(record: Record, *, plain_titles: bool) -> Fields:
    """Author, title, title addon and short title; *plain_titles*: the entry type does not quote
    titles. Where the type would quote it, a description (who met, or the kind) is no title: it
    is the title addon, which biblatex-chicago prints plain."""
    fields: Fields = {}
    _put(fields, "author", _people(record.sender))
    source, title = lead(record)
    if source in ("participants", "kind") and not plain_titles:
        _put(fields, "titleaddon", tex(title[:1].upper() + title[1:]))
    elif source == "document_title" and plain_titles:
        fields["title"] = rf"\mkbibquote{{{tex(title)}}}"
    else:
        fields["title"] = tex(title)
    if source == "correspondents":
        to = ", ".join(p for p in ("to " + names(record.recipient, short=True), short_descriptor(record)) if p)
        fields["shorttitle"] = tex(to)
    elif source == "participants":
        fields["shorttitle"] = tex(who_met(record, short=True))
    short = short_title(record)
    if short and source == "document_title" and plain_titles:
        fields["shorttitle"] = rf"\mkbibquote{{{tex(short)}}}"  # quoted as the title is
    else:
        _put(fields, "shorttitle", short and tex(short))
    described = descriptor(record)
    _add(fields, "titleaddon", described and tex(described))
    return fields


def _add(fields: Fields, name: str, value: str | None) -> None:
    """*value* after what the field holds, a comma between."""
    if value:
        fields[name] = f"{fields[name]}, {value}" if fields.get(name) else value


def _printed(record: Record, volume: Volume | None) -> tuple[str, Fields]:
    """``@letter`` prints the letter's place and date after its title; ``@incollection`` would
    print ``origdate`` and ``origlocation`` as a reprint's, so there they end the title addon, and
    the volume's editors are not taken for the document's author (``useeditor=false``)."""
    letter = is_correspondence(record)
    fields = _lead(record, plain_titles=letter)
    if letter:
        _put(fields, "origdate", _date(record))
        _put(fields, "origlocation", record.place and tex(record.place))
    else:
        fields["options"] = "useeditor=false"
        _add(fields, "titleaddon", record.place and tex(record.place))
        _add(fields, "titleaddon", _date_words(record))
    if volume is not None:
        fields.update(_volume(volume))
    _put(fields, "pages", _locator(record, volume))
    _online(fields, online_url(record, volume), record)
    notes = unprinted_notes(record, volume) + _printed_notes(record, volume)
    _put(fields, "annotation", tex(" ".join(notes)))
    return ("letter" if letter else "incollection"), fields


def _date_words(record: Record) -> str | None:
    """The date as Chicago writes it (``September 25, 1970``), in brackets if the editors supplied it."""
    if record.parsed_date is None:
        return None
    text = edtf.format_date(record.parsed_date)
    return tex(f"[{text}]" if record.date_supplied else text)


def _date(record: Record) -> str | None:
    return iso_date(record.parsed_date) if record.parsed_date else None


def _online(fields: Fields, url: str | None, record: Record) -> None:
    if url:
        fields["url"] = _url(url)
        _put(fields, "urldate", record.accessed and iso_date(edtf.parse(record.accessed)))


def _volume(volume: Volume) -> Fields:
    fields: Fields = {"maintitle": tex(", ".join(p for p in (volume.series_title, volume.subseries) if p))}
    _put(fields, "volume", volume.volume and tex(csl.arabic(volume.volume)))
    _put(fields, "part", volume.part and tex(csl.arabic(volume.part)))
    fields["booktitle"] = tex(volume.title)
    fields["editor"] = " and ".join(_name(Person(name=n)) for n in volume.editors)
    if volume.general_editor:
        fields["editora"] = _name(Person(name=volume.general_editor))
        fields["editoratype"] = "general editor"
    fields["publisher"] = tex(volume.publisher)
    fields["location"] = tex(volume.publisher_place)
    fields["date"] = str(volume.year)
    return fields


def _locator(record: Record, volume: Volume | None) -> str | None:
    pub = record.published_in
    assert pub is not None
    if cites_by_document(record, volume):
        return f"doc.~{pub.document}"
    if pub.pages is None:
        return None
    first, last = page_range(pub.pages)
    return tex(first) + (f"--{tex(last)}" if last else "")


def _printed_notes(record: Record, volume: Volume | None) -> list[str]:
    """What a printed entry's fields leave out: the unused locator, the kind, the original."""
    pub = record.published_in
    assert pub is not None
    notes = []
    if cites_by_document(record, volume) and pub.pages:
        notes.append(f"Pages: {pub.pages}")
    elif pub.document is not None and not cites_by_document(record, volume):
        notes.append(f"Document number: {pub.document}")
    if lead(record)[0] in ("document_title", "title"):
        notes.append(f"Kind: {record.kind or 'not stated'}")
    if volume is not None and volume.isbn:
        notes.append(f"ISBN: {volume.isbn}")
    if record.archive:
        notes.append(f"Original: {archive_path(record.archive)}")
    return [sentence(n) for n in notes]


def _archival(record: Record) -> Fields:
    archive = record.archive
    assert archive is not None, "a record that is not printed has an archive"
    fields = _lead(record, plain_titles=True)
    if is_correspondence(record):
        # @misc prints the author before the title, and the title already names the writer:
        # the writer sorts the entry and is not printed, and the short note is "Creel to House".
        fields = {"sortname": fields.pop("author"), **fields}
        fields["shorttitle"] = tex(correspondents(record, short=True))
    fields["entrysubtype"] = tex(record.kind or "document")
    # creel:house uses origdate, but biblatex-chicago then prints day-month-year; date gives Chicago's month-day-year.
    _put(fields, "date", _date(record))
    _put(fields, "origlocation", record.place and tex(record.place))
    levels = archive_levels(archive, collection=not record.is_collection)
    _put(fields, "note", levels and tex(levels))
    fields["organization"] = tex(archive.repository)
    _put(fields, "location", archive.repository_place and tex(archive.repository_place))
    _online(fields, online_url(record, None), record)
    _put(fields, "annotation", tex(" ".join(unprinted_notes(record, None))))
    return fields
