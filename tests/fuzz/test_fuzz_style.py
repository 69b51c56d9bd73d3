"""Fuzzing CSL style loading and rendering: ``styles.resolve`` then ``render.note``.

Inputs are copies of styles/chicago-18.csl mutated as trees (elements and attributes deleted,
attributes set to other CSL values or garbage, unknown elements added, elements duplicated or
moved, macros renamed, the independent-parent link pointed anywhere) and as bytes (truncated,
DOCTYPEs and entities, random bytes). Each is rendered as a full and a short note, with and without
a locator, for a few simple CSL items. The result is styled text or a one-line ``StyleError``.
"""

from __future__ import annotations

import copy
import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from archcite import render, styles
from archcite.errors import ArchciteError, StyleError
from archcite.options import Locator
from archcite.richtext import Span

from .conftest import KnownBug, check_error, fuzz_settings, note_event, xml_text

ROOT = Path(__file__).resolve().parents[2]
CHICAGO = (ROOT / "styles" / "chicago-18.csl").read_bytes()
CSL = "{http://purl.org/net/xbiblio/csl}"

# --- bugs found and not fixed yet: none. A new one gets a KnownBug here and an xfail(strict=True)
# test with its minimal input below; the fixed ones are the regression tests at the end. ---------

KNOWN: tuple[KnownBug, ...] = ()

# --- strategies ----------------------------------------------------------------------------------

CSL_ELEMENTS = [
    "text",
    "group",
    "choose",
    "if",
    "else-if",
    "else",
    "macro",
    "names",
    "name",
    "date",
    "date-part",
    "number",
    "label",
    "layout",
    "citation",
    "bibliography",
    "locale",
    "terms",
    "term",
    "info",
    "sort",
    "key",
    "substitute",
    "et-al",
    "style-options",
]
ATTRIBUTES = [
    "variable",
    "macro",
    "term",
    "form",
    "delimiter",
    "prefix",
    "suffix",
    "name",
    "type",
    "match",
    "position",
    "locator",
    "is-uncertain-date",
    "date-parts",
    "plural",
    "text-case",
    "font-style",
    "quotes",
    "strip-periods",
    "and",
    "delimiter-precedes-last",
    "et-al-min",
    "et-al-use-first",
    "initialize-with",
    "name-as-sort-order",
    "page-range-format",
    "class",
    "version",
    "default-locale",
    "rel",
    "href",
    "value",
    "disambiguate",
    "is-numeric",
    "range-delimiter",
]
VALUES = [
    "",
    " ",
    "title",
    "container-title",
    "author",
    "recipient",
    "editor",
    "collection-editor",
    "issued",
    "original-date",
    "accessed",
    "archive",
    "archive_location",
    "page",
    "locator",
    "chapter-number",
    "volume",
    "number",
    "URL",
    "bogus",
    "short",
    "long",
    "verb",
    "verb-short",
    "symbol",
    "numeric",
    "ordinal",
    "long-ordinal",
    "roman",
    "all",
    "any",
    "none",
    "first",
    "subsequent",
    "ibid",
    "ibid-with-locator",
    "near-note",
    "true",
    "false",
    "italic",
    "normal",
    "year",
    "year-month",
    "year-month-day",
    "month",
    "day",
    "capitalize-first",
    "uppercase",
    "title",
    "text",
    "symbol",
    "note",
    "in-text",
    "1.0",
    "0.9",
    "2.0",
    "en-US",
    "xx-XX",
    "independent-parent",
    "template",
    "archcite-chicago-18",
    "http://www.zotero.org/styles/chicago-note-bibliography",
    "-1",
    "0",
    "1",
    "999999999999999999999",
    "chicago",
    "expanded",
    "minimal",
    "editor translator",
    "personal_communication manuscript",
    "undefined-macro",
]
NEW_ELEMENTS = [
    "<unknown/>",
    '<text value="x"/>',
    '<text variable="bogus"/>',
    '<text macro="undefined-macro"/>',
    '<text term="bogus"/>',
    "<group/>",
    "<choose/>",
    "<choose><if/></choose>",
    "<choose><else/></choose>",
    '<choose><if variable="title"><text macro="m-loop"/></if></choose>',
    '<names variable="author"><substitute><names variable="author"/></substitute></names>',
    '<date variable="issued" form="bogus"/>',
    '<date variable="issued"><date-part name="bogus"/></date>',
    '<number variable="title" form="roman"/>',
    '<label variable="locator" form="short"/>',
    '<macro name="m-loop"><text macro="m-loop"/></macro>',
    "<layout/>",
    "<citation><layout/></citation>",
    '<info><link rel="independent-parent" href="archcite-chicago-18"/></info>',
    '<info><link rel="independent-parent" href="http://example.com/none"/></info>',
    '<locale xml:lang="bogus"><terms><term name="x"/></terms></locale>',
    '<x:alien xmlns:x="urn:x"/>',
]
DOCTYPES = [
    b"<!DOCTYPE style>",
    b'<!DOCTYPE style [<!ENTITY x "y">]>',
    b'<!DOCTYPE style SYSTEM "http://example.com/csl.dtd">',
    b'<!DOCTYPE style [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
]

ITEMS: list[dict[str, Any]] = [
    {
        "id": "letter",
        "type": "personal_communication",
        "author": [{"given": "George", "family": "Creel"}],
        "recipient": [{"literal": "Colonel House"}],
        "issued": {"date-parts": [[1918, 9, 25]]},
        "archive": "Yale University Library",
        "archive-place": "New Haven, CT",
        "archive_collection": "Edward M. House Papers",
    },
    {
        "id": "printed",
        "type": "document",
        "title": "Memorandum",
        "container-title": "Foreign Relations of the United States, 1969–1976",
        "volume": "9",
        "editor": [{"given": "John M.", "family": "Carland"}],
        "publisher": "Government Printing Office",
        "publisher-place": "Washington, DC",
        "issued": {"date-parts": [[2010]]},
        "original-date": {"literal": "ca. 1772"},
        "chapter-number": "120",
    },
    {"id": "bare", "type": "manuscript", "title": "A title", "archive": "National Archives"},
]


def _mutate_tree(draw: st.DrawFn, root: Any) -> None:
    """One change to the style's tree."""
    elements = [el for el in root.iter(etree.Element) if el is not root]
    el = elements[draw(st.integers(0, len(elements) - 1))]
    parent = el.getparent()
    kind = draw(
        st.sampled_from(["delete", "attribute", "drop attribute", "add", "duplicate", "move", "rename", "text"])
    )
    if kind == "delete":
        parent.remove(el)
    elif kind == "attribute":
        el.set(draw(st.sampled_from(ATTRIBUTES)), draw(st.sampled_from(VALUES) | xml_text(20)))
    elif kind == "drop attribute":
        target = draw(st.sampled_from([el, root]))
        if target.attrib:
            del target.attrib[draw(st.sampled_from(sorted(target.attrib)))]
    elif kind == "add":
        new = etree.fromstring(f'<wrap xmlns="{CSL[1:-1]}">{draw(st.sampled_from(NEW_ELEMENTS))}</wrap>')[0]
        el.insert(draw(st.integers(0, len(el))), new)
    elif kind == "duplicate":
        parent.insert(parent.index(el) + 1, copy.deepcopy(el))
    elif kind == "move":
        target = elements[draw(st.integers(0, len(elements) - 1))]
        if el is not target and el not in target.iterancestors():
            parent.remove(el)
            target.append(el)
    elif kind == "rename":
        el.tag = CSL + draw(st.sampled_from([*CSL_ELEMENTS, "unknown"]))
    else:
        el.text = draw(st.sampled_from(VALUES) | xml_text(20))


def _mutate_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """One change to the style's bytes."""
    kind = draw(st.sampled_from(["truncate", "doctype", "insert", "overwrite"]))
    at = draw(st.integers(0, len(data)))
    if kind == "truncate":
        return data[:at]
    if kind == "doctype":
        start = data.find(b"<style")
        start = start if start >= 0 else 0
        return data[:start] + draw(st.sampled_from(DOCTYPES)) + data[start:]
    chunk = draw(st.binary(min_size=1, max_size=6))
    if kind == "insert":
        return data[:at] + chunk + data[at:]
    return data[:at] + chunk + data[at + len(chunk) :]


@st.composite
def mutated_style(draw: st.DrawFn) -> bytes:
    """chicago-18.csl with up to six changes to its tree and, now and then, one or two to its bytes."""
    root = etree.fromstring(CHICAGO)
    for _ in range(draw(st.integers(1, 6))):
        _mutate_tree(draw, root)
    data: bytes = etree.tostring(root.getroottree(), xml_declaration=True, encoding="utf-8")
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        data = _mutate_bytes(draw, data)
    return data


RENDERINGS = st.tuples(
    st.sampled_from(ITEMS),
    st.booleans(),  # a short note (subsequent)
    st.sampled_from([None, Locator("page", "434"), Locator("paragraph", "3"), Locator("bogus", "x")]),
)


# --- the property ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory for the files the examples are written to."""
    return tmp_path_factory.mktemp("styles")


COUNTER = itertools.count()


def check_style(path: Path, rendering: tuple[dict[str, Any], bool, Locator | None]) -> None:
    """resolve + note: styled spans, or a one-line StyleError."""
    item, subsequent, locator = rendering
    try:
        style = styles.resolve(str(path))
        styled = render.note(style, item, subsequent=subsequent, locator=locator)
    except Exception as e:
        check_error(e, KNOWN)
        if isinstance(e, ArchciteError) and not isinstance(e, StyleError):
            raise AssertionError(f"a bad style is a StyleError, not {type(e).__name__}: {e}") from e
        return
    finally:
        # render keeps every style it loaded, and citeproc-py's XPath answers for it, for the life
        # of the process: right for one command, unbounded over thousands of mutated styles.
        render.forget_styles()
    assert isinstance(styled, tuple)
    assert all(isinstance(span, Span) and isinstance(span.text, str) for span in styled)
    note_event("rendered")


@fuzz_settings("style")
@given(data=mutated_style(), rendering=RENDERINGS)
def test_mutated_style_renders_or_is_a_style_error(
    scratch: Path, data: bytes, rendering: tuple[dict[str, Any], bool, Locator | None]
) -> None:
    """A mutated chicago-18.csl renders a note, or is refused with a one-line StyleError; nothing else."""
    path = scratch / f"style{next(COUNTER) % 8}.csl"
    path.write_bytes(data)
    check_style(path, rendering)


# --- regressions: the bugs this suite found, each with its minimal input -------------------------


def test_invalid_character_is_reported_in_one_line(tmp_path: Path) -> None:
    """A NUL byte in a CSL file is one line: 'not a CSL style: not well-formed XML (Invalid character …)'.

    Found by this suite: styles.parse_csl reports libxml2's message verbatim; it ends in a line break.
    """
    path = tmp_path / "nul.csl"
    path.write_bytes(b"<\x00")
    with pytest.raises(StyleError) as info:
        styles.resolve(str(path))
    check_error(info.value)
