"""Sequences of citations as a writer's footnotes, and bibliographies of what they cite.

The first citation of a record is a full note, later ones are short notes, and
with ``ibid`` a citation of the same record as the note just before is
``Ibid.`` (archcite writes it: citeproc-py lowercases it, and Chicago 18 prefers
short notes, so archcite's styles have no ibid branch).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import citing, edtf, pages, store
from .errors import Location, NotFoundError, UsageError
from .options import Locator, Options
from .richtext import Citation, Span, Styled
from .styles import Style

if TYPE_CHECKING:
    from .models import Record, Volume

# Locator labels as writers type them → CSL locator terms.
LABELS = {
    "p.": "page", "pp.": "page", "page": "page", "pages": "page",
    "para.": "paragraph", "paras.": "paragraph", "¶": "paragraph", "paragraph": "paragraph",
    "n.": "note", "nn.": "note", "note": "note",
    "sec.": "section", "§": "section", "section": "section",
    "fol.": "folio", "fols.": "folio", "folio": "folio",
    "l.": "line", "ll.": "line", "line": "line",
    "chap.": "chapter", "chapter": "chapter", "col.": "column", "fig.": "figure",
    "vol.": "volume", "app.": "appendix", "tab": "section",
}  # fmt: skip
MAX_LINE = 1000
MAX_SEQUENCE = 16_000_000  # characters: two hundred thousand footnotes, far beyond any book


@dataclass(frozen=True)
class Request:
    """One line of a citation sequence: a record and an optional pinpoint."""

    ident: str
    locator: Locator | None
    line: int


@dataclass(frozen=True)
class Footnote:
    number: int
    citation: Citation
    locator: Locator | None


def parse_sequence(text: str, name: str) -> list[Request]:
    """``120``, ``120, p. 434``, ``frus1969-76v09-d120 | para. 3``; blank lines and ``#`` comments skipped.

    Lines that say the same give the same ``Request`` (with the first line's number), so that a
    sequence of a million lines costs a reference per line, not an object.
    """
    requests: list[Request] = []
    known: dict[str, Request] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        if line in known:
            requests.append(known[line])
            continue
        if len(line) > MAX_LINE:
            raise UsageError("line too long for a citation", Location(name, number))
        m = re.fullmatch(r"([\w.-]+)\s*(?:[,|]\s*(.*))?", line)
        if not m:
            raise UsageError(
                f"{line!r} is not a record id or document number, with an optional locator (120, p. 434)",
                Location(name, number),
            )
        known[line] = Request(m[1], parse_locator(m[2] or "", name, number), number)
        requests.append(known[line])
    return requests


def parse_locator(text: str, name: str = "", line: int | None = None) -> Locator | None:
    """``p. 434``, ``p.434`` → page 434; a bare ``434`` is a page; ``para. 3`` a paragraph; a page range
    prints as Chicago abbreviates it (``pp.433-435`` → pages 433–35)."""
    text = text.strip()
    if not text:
        return None
    m = re.fullmatch(r"(?:(?P<label>[§¶]|[^\W\d]+\.?)\s*)?(?P<value>\S[^\n]*)", text)
    if m is None:
        raise UsageError(f"{text!r} is not a locator (p. 434, para. 3)", Location(name, line))
    label = "page" if m["label"] is None else LABELS.get(m["label"].lower())
    if label is None:
        known = ", ".join(sorted({k for k in LABELS if k.endswith(".")}))
        raise UsageError(f"unknown locator {text!r} (known: {known}, or a bare page number)", Location(name, line))
    if label == "page":
        return Locator(label, pages.pinpoint(m["value"])[0])
    return Locator(label, m["value"].replace("-", "–"))


@dataclass(frozen=True)
class Footnotes:
    """A sequence's footnotes: numbered as they come (``notes``), with what to warn of and what is cited."""

    requests: list[Request]
    paths: dict[int, Path]  # id(request) → its record's file
    cited: dict[tuple[int, str], Citation]  # (id(request), form) → its citation
    warnings: list[str]
    ibid: bool

    def notes(self) -> Iterator[Footnote]:
        """Each footnote in order: full note first, short notes after, Ibid. where asked and allowed."""
        seen: set[Path] = set()
        previous: tuple[Path, Footnote] | None = None
        for number, request in enumerate(self.requests, 1):
            path = self.paths[id(request)]
            result = self.cited[id(request), "short" if path in seen else "note"]
            seen.add(path)
            if self.ibid and previous and previous[0] == path and _ibid_allowed(previous[1].locator, request.locator):
                ibid = _ibid(previous[1].citation, request.locator, previous[1].locator)
                note = Footnote(number, ibid, request.locator)
            else:
                note = Footnote(number, result, request.locator)
            yield note
            previous = (path, note)

    def sources(self) -> list[tuple[str, str]]:
        """The records cited, each once, with the version they are cited in."""
        return list({c.id: c.version for c in self.cited.values()}.items())


def footnotes(requests: list[Request], records: store.Store, options: Options, *, ibid: bool = False) -> Footnotes:
    """The footnotes for *requests*: each distinct note (record, form, pinpoint) rendered once, however
    often it recurs (``citing.run``); warnings for a page outside the document's pages."""
    paths: dict[int, Path] = {}
    distinct: dict[int, Request] = {}
    for request in requests:
        if id(request) not in paths:
            paths[id(request)] = records.find(request.ident)
            distinct[id(request)] = request
    combos: dict[tuple[int, str], int] = {}  # (request, form) → the first note that needs it
    seen: set[Path] = set()
    for number, request in enumerate(requests, 1):
        path = paths[id(request)]
        combos.setdefault((id(request), "short" if path in seen else "note"), number)
        seen.add(path)
    jobs = [citing.Job(paths[key], options._replace(form=form, locator=distinct[key].locator)) for key, form in combos]
    results = citing.run(records, jobs)
    cited: dict[tuple[int, str], Citation] = {}
    warnings: list[str] = []
    for (combo, first), result in zip(combos.items(), results, strict=True):
        assert result is not None
        cited[combo] = result
        facts = records.facts(records.source(paths[combo[0]]))
        warnings += result.warnings
        warnings += _check_locator(first, facts, distinct[combo[0]].locator, result.version)
    return Footnotes(requests, paths, cited, list(dict.fromkeys(warnings)), ibid)


def _ibid_allowed(before: Locator | None, now: Locator | None) -> bool:
    # CSL's rule: "Ibid." alone would repeat the earlier pinpoint, so it needs one of its own.
    return now is not None or before is None


def _ibid(of: Citation, locator: Locator | None, before: Locator | None) -> Citation:
    text = "Ibid."
    if locator and locator != before:
        label = "" if locator.label == "page" else f"{_SHORT_LABELS.get(locator.label, locator.label)} "
        text = f"Ibid., {label}{locator.value}."
    return of._replace(form="ibid", styled=(Span(text),), warnings=())


_SHORT_LABELS = {
    "paragraph": "para.",
    "note": "n.",
    "section": "sec.",
    "folio": "fol.",
    "line": "l.",
    "chapter": "chap.",
    "column": "col.",
    "figure": "fig.",
    "volume": "vol.",
    "appendix": "app.",
}


def _check_locator(number: int, facts: dict[str, Any], locator: Locator | None, version: str) -> list[str]:
    """A page pinpoint outside the printed pages of the document is worth a warning."""
    printed_pages = facts.get("pages")
    if locator is None or locator.label != "page" or version == "archive" or not printed_pages:
        return []
    first, _, last = printed_pages.replace("-", "–").partition("–")
    low, high = pages.expanded(first, last or first)
    spans = pages.pinpoint(locator.value)[1]  # 433–35 is 433 to 435
    if spans and any(not (low <= a and b <= high) for a, b in spans):
        return [f"note {number}: page {locator.value} is outside {facts['id']}'s pages {printed_pages}"]
    return []


def bibliography_of(
    records: store.Store, cited: Iterable[tuple[str, str | None]], options: Options, *, sections: bool = False
) -> list[tuple[str | None, list[Styled]]]:
    """The bibliography of the records *cited*, each with the version it is cited in (None: its default):
    one unnamed section, or with *sections* the named sections of ``bibliography_sections``."""
    from .options import missing_version

    chosen = []
    for ident, version in cited:
        record = records.record(ident)
        resolved = version or record.default_version
        if resolved not in record.versions:
            raise missing_version(record.id, resolved)
        volume = None
        if resolved != "archive" and record.published_in is not None:
            volume = records.volume(record.published_in.volume)
            if volume is None:
                raise NotFoundError(f"{record.id}: volume {record.published_in.volume!r} is not in {records.root}")
        chosen.append((record, volume, resolved))
    accessed = edtf.parse(options.accessed) if options.accessed else None
    if sections:
        return list(bibliography_sections(chosen, options.style, accessed=accessed))
    return [(None, bibliography(chosen, options.style, accessed=accessed))]


SECTIONS = ("Archival Collections", "Published Documents", "Other Sources")


def bibliography(
    records: Iterable[tuple[Record, Volume | None, str]], style: Style, *, accessed: edtf.Date | None = None
) -> list[Styled]:
    """One entry per collection and per volume, sorted as Chicago sorts, never twice."""
    return [entry for _, entry in _sorted_entries(records, style, accessed)]


def bibliography_sections(
    records: Iterable[tuple[Record, Volume | None, str]], style: Style, *, accessed: edtf.Date | None = None
) -> list[tuple[str, list[Styled]]]:
    """The same entries in sections (``--sections``): archival collections, published documents
    (the volumes of editions), other sources; a section with no entry is left out."""
    sections: dict[str, list[Styled]] = {name: [] for name in SECTIONS}
    for item, entry in _sorted_entries(records, style, accessed):
        kind = {"collection": SECTIONS[0], "book": SECTIONS[1]}.get(str(item.get("type")), SECTIONS[2])
        sections[kind].append(entry)
    return [(name, entries) for name, entries in sections.items() if entries]


def _sorted_entries(
    records: Iterable[tuple[Record, Volume | None, str]], style: Style, accessed: edtf.Date | None
) -> list[tuple[dict[str, Any], Styled]]:
    from . import csl, render

    items: dict[str, csl.CslItem] = {}
    for record, volume, version in records:
        item = csl.bibliography_item(record, volume, version, accessed=accessed)
        items.setdefault(str(item["id"]), item)
    by_key = {key.lower(): item for key, item in items.items()}
    pairs = [(by_key[key], entry) for key, entry in render.keyed_bibliography(style, list(items.values()))]
    return sorted(pairs, key=lambda pair: _sort_key(pair[0], pair[1]))


def _sort_key(item: dict[str, Any], entry: Styled) -> list[tuple[int, object]]:
    """As Chicago sorts: alphabetical, case-insensitive, a leading article ignored, numbers by value
    (vol. 9 before vol. 12); a collection's entries together, under its name, the collection alone
    first and then each series of it cited (``Kissinger Papers.``, ``Classified Files, Kissinger
    Papers.``, ``Geopolitical File, Kissinger Papers.``)."""
    text = "".join(s.text for s in entry)
    if item.get("type") == "collection" and item.get("title"):
        series = str(item.get("collection-title") or "")
        repository = (1, str(item.get("archive") or "").casefold())
        return [*_words(str(item["title"])), (2, ""), repository, (0, int(bool(series))), *_words(series)]
    return _words(text)


def _words(text: str) -> list[tuple[int, object]]:
    """Words and numbers, comparable whatever they are: a number sorts by value, before any word."""
    text = re.sub(r"^(?:The|A|An) ", "", text).casefold()
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part]
