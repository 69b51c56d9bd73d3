"""Fuzzing the FRUS TEI importer: ``importers.frus_tei.read_volume``.

Inputs are the TEI test volumes (tests/data) mutated as trees (elements deleted, duplicated, moved,
renamed or added; attributes such as n, when, from, to, type and xml:id set to garbage or removed;
texts replaced) and then as bytes (truncated, DOCTYPEs with internal or external entities and
billion-laughs bombs put in, entity references, encoding declarations, random bytes).
The result is an ``ImportedVolume`` whose volume and records are valid models, written as
``import frus`` writes them and read back as ``validate`` reads them, or a one-line ``ArchciteError``.
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

from archcite.importers.frus_tei import ImportedVolume, read_volume
from archcite.models import Record, Volume
from archcite.recordio import to_yaml
from archcite.store import validated as validation_problems
from archcite.yamlfile import parse_yaml

from .conftest import (
    KnownBug,
    fuzz_settings,
    note_event,
    outcome,
    xml_text,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
VOLUMES = [path.read_bytes() for path in sorted(DATA.glob("*.xml"))]
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# --- bugs found and not fixed yet: none. A new one gets a KnownBug here and an xfail(strict=True)
# test with its minimal input below; the fixed ones are the regression tests at the end. ---------

KNOWN: tuple[KnownBug, ...] = ()

# --- strategies ----------------------------------------------------------------------------------

INTERESTING_TAGS = [
    "div",
    "head",
    "note",
    "pb",
    "date",
    "dateline",
    "placeName",
    "persName",
    "gloss",
    "idno",
    "title",
    "editor",
    "publisher",
    "pubPlace",
    "body",
    "teiHeader",
    "fileDesc",
    "publicationStmt",
    "item",
    "p",
    "opener",
    "list",
]
ATTRIBUTES = ["n", "when", "from", "to", "notBefore", "notAfter", "type", "subtype", XML_ID, "corresp", "role", "rend"]
ATTRIBUTE_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "00",
    "23",
    "d0",
    "²",
    "٣",
    "1e3",
    "9" * 30,
    "9" * 5_000,
    "1972",
    "1972-02-30",
    "1972-11-23T25:00:00",
    "1972-11-18/1972-11-25",
    "1972-11-25",
    "197X",
    "-0001",
    "0000-01-01",
    "document",
    "editorial-note",
    "persons",
    "source",
    "from",
    "to",
    "general",
    "primary",
    "frus",
    "isbn-13",
    "volumenumber",
    "volume-number",
    "subseries",
    "sub-series",
    "publication-date",
    "#p_BJD1",
    "#nobody",
    "frus1969-76v12",
    "frusé",
    "frus" + "a" * 300,
    "frus/../x",
]
TEXTS = [
    "",
    " ",
    "Volume XII",
    "Volume XII, Part 2",
    "Volume",
    "1969–76",
    "1969-1976",
    "2006",
    "0",
    "March 6, 1969",
    "Smarch 6, 1969",
    "February 30, 1969",
    "Washington",
    "Memorandum From the President’s Assistant for National Security Affairs (Kissinger) to President Nixon",
    "Telegram From the Embassy in the Soviet Union to the Department of State",
    "23. Editorial Note",
    "Source: National Archives, RG 59, Central Files 1967–69, POL 27 VIET S. Secret; Exdis.",
    "Source:",
    "Kissinger, Henry A.",
    ", ,",
    "“”",
    "\ue000",
    "Memorandum \ue000 From Kissinger",
    "1447. Subject: test",
    "Hakto 23. text",
]
NEW_ELEMENTS = [
    '<div xmlns="http://www.tei-c.org/ns/1.0" type="document" n="999"><head>Memorandum</head></div>',
    '<div xmlns="http://www.tei-c.org/ns/1.0" type="document"><head/></div>',
    '<div xmlns="http://www.tei-c.org/ns/1.0" type="document" n="7"><div type="document" n="8"/></div>',
    '<pb xmlns="http://www.tei-c.org/ns/1.0" n="12"/>',
    '<pb xmlns="http://www.tei-c.org/ns/1.0" n="²"/>',
    '<dateline xmlns="http://www.tei-c.org/ns/1.0"><date when="1969-01-01">x</date><placeName>Y</placeName></dateline>',
    '<note xmlns="http://www.tei-c.org/ns/1.0" type="source">Source: Ibid.</note>',
    '<persName xmlns="http://www.tei-c.org/ns/1.0" type="from" corresp="#p_BJD1">Beam</persName>',
    '<gloss xmlns="http://www.tei-c.org/ns/1.0" type="to">the Secretary</gloss>',
    '<idno xmlns="http://www.tei-c.org/ns/1.0" type="frus">frusX</idno>',
    '<unknown xmlns="http://example.com/ns">x</unknown>',
    "<nonamespace>x</nonamespace>",
]
DOCTYPES = [
    b"<!DOCTYPE TEI>",
    b"<!DOCTYPE TEI [<!ELEMENT TEI ANY>]>",
    b'<!DOCTYPE TEI [<!ENTITY x "y">]>',
    b'<!DOCTYPE TEI [<!ENTITY % p "y">]>',
    b'<!DOCTYPE TEI SYSTEM "http://example.com/tei.dtd">',
    b'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    b'<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
]
REFERENCES = [b"&x;", b"&xxe;", b"&d;", b"&#0;", b"&#xD800;", b"&#x1F600;", b"&amp;", b"&#xE000;", b"&lt;"]
DECLARATIONS = [
    b'<?xml version="1.0" encoding="UTF-16"?>',
    b'<?xml version="1.0" encoding="ISO-8859-1"?>',
    b'<?xml version="1.0" encoding="bogus"?>',
    b'<?xml version="1.1"?>',
    b'<?xml version="2.0"?>',
    b"",
]


def _pick(draw: st.DrawFn, root: Any) -> Any:
    """An element of the tree, most often one of the kinds the importer reads."""
    tag = draw(st.sampled_from([*INTERESTING_TAGS, "*"]))
    found = list(root.iter(etree.Element)) if tag == "*" else list(root.iter(f"{TEI}{tag}"))
    found = found or list(root.iter(etree.Element))
    return found[draw(st.integers(0, len(found) - 1))]


def _mutate_tree(draw: st.DrawFn, root: Any) -> None:
    """One change to the tree."""
    kind = draw(
        st.sampled_from(["delete", "attribute", "drop attribute", "text", "duplicate", "move", "add", "rename"])
    )
    el = _pick(draw, root)
    parent = el.getparent()
    if kind == "delete" and parent is not None:
        parent.remove(el)
    elif kind == "attribute":
        value = draw(st.sampled_from(ATTRIBUTE_VALUES) | xml_text(40))
        el.set(draw(st.sampled_from(ATTRIBUTES)), value)
    elif kind == "drop attribute" and el.attrib:
        del el.attrib[draw(st.sampled_from(sorted(el.attrib)))]
    elif kind == "text":
        el.text = draw(st.sampled_from(TEXTS) | xml_text(80))
        if draw(st.booleans()):
            for child in list(el):
                el.remove(child)
    elif kind == "duplicate" and parent is not None:
        parent.insert(parent.index(el) + 1, copy.deepcopy(el))
    elif kind == "move" and parent is not None:
        target = _pick(draw, root)
        if el is not target and el not in target.iterancestors():
            parent.remove(el)
            target.append(el)
    elif kind == "add":
        el.insert(draw(st.integers(0, len(el))), etree.fromstring(draw(st.sampled_from(NEW_ELEMENTS))))
    elif kind == "rename":
        el.tag = draw(st.sampled_from([f"{TEI}{t}" for t in INTERESTING_TAGS] + ["TEI", "{urn:x}div", f"{TEI}TEI"]))


def _mutate_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """One change to the file's bytes."""
    kind = draw(st.sampled_from(["truncate", "doctype", "reference", "declaration", "insert", "overwrite"]))
    at = draw(st.integers(0, len(data)))
    if kind == "truncate":
        return data[:at]
    if kind == "doctype":
        root = data.find(b"<TEI")
        root = root if root >= 0 else 0
        return data[:root] + draw(st.sampled_from(DOCTYPES)) + data[root:]
    if kind == "reference":
        text_at = data.find(b">", at)
        text_at = text_at + 1 if text_at >= 0 else len(data)
        return data[:text_at] + draw(st.sampled_from(REFERENCES)) + data[text_at:]
    if kind == "declaration":
        end = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
        return draw(st.sampled_from(DECLARATIONS)) + data[end:]
    chunk = draw(st.binary(min_size=1, max_size=8))
    if kind == "insert":
        return data[:at] + chunk + data[at:]
    return data[:at] + chunk + data[at + len(chunk) :]


@st.composite
def mutated_volume(draw: st.DrawFn) -> bytes:
    """A TEI test volume with up to five changes to its tree and up to two to its bytes."""
    root = etree.fromstring(draw(st.sampled_from(VOLUMES)))
    for _ in range(draw(st.integers(0, 5))):
        _mutate_tree(draw, root)
    data: bytes = etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")
    for _ in range(draw(st.integers(0, 2))):
        data = _mutate_bytes(draw, data)
    return data


# --- the property ----------------------------------------------------------------------------------


def check_imported(imported: ImportedVolume) -> None:
    """A volume and documents that are valid models, and stay so written as YAML and read back."""
    assert isinstance(imported, ImportedVolume)
    assert imported.documents, "a volume without documents is refused, never imported"
    models: list[Record | Volume] = [imported.volume, *(d.record for d in imported.documents)]
    for model in models:
        assert isinstance(model, Record | Volume)
        text = to_yaml(model)
        again = validation_problems(parse_yaml(text, "import.yaml"), type(model))
        assert not isinstance(again, list), f"{model.id} as written does not validate: {[str(p) for p in again]}"
        assert again == model, f"{model.id} changes when written and read back"
    note_event(f"imported {len(imported.documents)} documents")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory for the files the examples are written to."""
    return tmp_path_factory.mktemp("tei")


COUNTER = itertools.count()


@fuzz_settings("tei")
@given(data=mutated_volume())
def test_read_volume(scratch: Path, data: bytes) -> None:
    """read_volume on a mutated TEI volume: an ImportedVolume of valid records, or a one-line ArchciteError."""
    path = scratch / f"v{next(COUNTER) % 8}.xml"
    path.write_bytes(data)
    imported = outcome(lambda: read_volume(path), KNOWN)
    if imported is not None:
        check_imported(imported)


# --- regressions: the bugs this suite found, each with its minimal input -------------------------

V12 = (DATA / "frus1969-76v12-excerpt.xml").read_text(encoding="utf-8")


def assert_imports_or_fails_cleanly(tmp_path: Path, data: str | bytes) -> None:
    """The property with no known bugs excused."""
    path = tmp_path / "volume.xml"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    imported = outcome(lambda: read_volume(path))
    if imported is not None:
        check_imported(imported)


@pytest.mark.parametrize(
    "volume",
    [
        V12.replace('xml:id="d23" n="23"', 'xml:id="dx" n="x"'),  # document number 0
        V12.replace("<head>23. Memorandum", "<head>23. \ue000Memorandum"),  # a private-use character in a heading
        V12.replace('<idno type="frus">frus1969-76v12', '<idno type="frus">frusé'),  # not an id
    ],
    ids=["document-number-0", "private-use-character", "volume-id-not-ascii"],
)
def test_invalid_field_is_an_import_error(tmp_path: Path, volume: str) -> None:
    """Document number 0, U+E000 in a heading, or the volume id frusé: an ImportInputError, not ValidationError.

    Found by this suite: frus_tei builds Publication/Record/Volume without turning ValidationError.
    """
    assert_imports_or_fails_cleanly(tmp_path, volume)


def test_invalid_character_is_reported_in_one_line(tmp_path: Path) -> None:
    """A NUL byte in the XML is one line: 'not well-formed XML: Invalid character: Char 0x0 …'.

    Found by this suite: frus_tei reports libxml2's message verbatim; it ends in a line break.
    """
    assert_imports_or_fails_cleanly(tmp_path, b"<\x00")


def test_superscript_page_number_is_not_a_crash(tmp_path: Path) -> None:
    """A page break numbered '²' gives no pages or an ImportInputError, not ValueError.

    Found by this suite: frus_tei._pages checks str.isdigit() then calls int(): '²' is a digit to one.
    """
    assert_imports_or_fails_cleanly(tmp_path, V12.replace('<pb n="88"', '<pb n="²"'))


def test_huge_document_number_is_not_a_crash(tmp_path: Path) -> None:
    """A document numbered with 5,000 digits is an ImportInputError, not ValueError.

    Found by this suite: frus_tei._document calls int() on a document number of any length.
    """
    assert_imports_or_fails_cleanly(tmp_path, V12.replace('n="23"', f'n="{"9" * 5_000}"'))
