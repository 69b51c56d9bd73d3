"""BibLaTeX and RIS exports of the bundled records, read back by bibtexparser and rispy."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.library import Library

from archcite import store
from archcite.exporters.biblatex import to_biblatex
from archcite.exporters.ris import to_ris
from archcite.models import Record, Volume
from conftest import RECORDS

D120 = "frus1969-76v09-d120"
HOSTILE = "\\Costs & fees: 100% of $5 for #1 of a_b {x} ~y ^z"


@pytest.fixture(scope="module")
def bundled() -> list[tuple[Record, Volume | None]]:
    """Every bundled document record with its volume (records/{volume id}/volume.yaml)."""
    entries = []
    for path in sorted(RECORDS.rglob("*.yaml")):
        if path.name == "volume.yaml":
            continue
        record = store.load_file(path, Record)
        volume = None
        if record.published_in:
            volume = store.load_file(RECORDS / record.published_in.volume / "volume.yaml", Volume)
        entries.append((record, volume))
    return entries


@pytest.fixture(scope="module")
def bib(bundled: list[tuple[Record, Volume | None]]) -> Library:
    return bibtexparser.parse_string(to_biblatex(bundled))


@pytest.fixture(scope="module")
def ris(bundled: list[tuple[Record, Volume | None]]) -> dict[str, dict[str, object]]:
    return {ref["id"]: ref for ref in rispy.loads(to_ris(bundled))}


def _entry(library: Library, key: str) -> tuple[str, dict[str, str]]:
    entry = library.entries_dict[key]
    return entry.entry_type, {name: field.value for name, field in entry.fields_dict.items()}


def _archival(title: str) -> Record:
    return Record.model_validate(
        {"id": "hostile", "kind": "note", "title": title, "archive": {"repository": "Archive"}}
    )


def test_every_bundled_record_is_one_biblatex_entry_keyed_by_its_id(
    bundled: list[tuple[Record, Volume | None]], bib: Library
) -> None:
    """bibtexparser reads the whole export without a failure, one entry per record id."""
    assert bib.failed_blocks == []
    assert [entry.key for entry in bib.entries] == [record.id for record, _ in bundled]


def test_frus_document_is_a_biblatex_chicago_letter_in_its_volume(bib: Library) -> None:
    """d120: correspondents as the title, the edition's fields, `doc. 120` as locator, the rest in annotation."""
    assert _entry(bib, D120) == (
        "letter",
        {
            "author": "Kissinger, Henry A.",
            "title": "Henry A. Kissinger to Richard M. Nixon",
            "shorttitle": "to Nixon",
            "titleaddon": "message Hakto 23",
            "origdate": "1972-11-23",
            "origlocation": "Paris",
            "maintitle": "Foreign Relations of the United States, 1969–1976",
            "volume": "9",
            "booktitle": "Vietnam, October 1972–January 1973",
            "editor": "Carland, John M.",
            "editora": "Keefer, Edward C.",
            "editoratype": "general editor",
            "publisher": "Government Printing Office",
            "location": "Washington, DC",
            "date": "2010",
            "pages": "doc.~120",
            "url": "https://history.state.gov/historicaldocuments/frus1969-76v09/d120",
            "annotation": (
                "Heading: Message From the President’s Assistant for National Security Affairs (Kissinger)"
                " to President Nixon."
                " Classification: Top Secret."
                " Caveats: Flash; Sensitive; Exclusively Eyes Only."
                " Remark: Sent via Haig and Kennedy."
                " Role: Henry A. Kissinger, President’s Assistant for National Security Affairs."
                " Role: Richard M. Nixon, President."
                " Copy: A retyped copy bears the stamped notation “The President has seen.”"
                " (HAK Trip Files, HAK Paris Trip Hakto, November 18–25, 1972, box 26, Kissinger Office Files,"
                " NSC Files, Nixon Presidential Materials, National Archives, College Park, MD)"
                " Source note: Source: National Archives, Nixon Presidential Materials, NSC Files, Box 857,"
                " For the President’s Files (Winston Lord)—China Trip/Vietnam, Sensitive Camp David,"
                " Vol. XXI (2). Top Secret; Flash; Sensitive; Exclusively Eyes Only. Sent via Haig and Kennedy."
                " A retyped copy bears the stamped notation: “The President has seen.” (Ibid., Kissinger Office"
                " Files, Box 26, HAK Trip Files, HAK Paris Trip Hakto, November 18–25, 1972)"
                " Issued by U.S. Department of State."
                " Pages: 433–435."
                " ISBN: 9780160829994."
                " Original: For the President’s Files (Winston Lord)—China Trip/Vietnam, Sensitive Camp David,"
                " Vol. XXI (2), box 857, NSC Files, Nixon Presidential Materials, National Archives, College Park,"
                " MD."
            ),
        },
    )


def test_archival_letter_is_a_misc_entry_located_by_note_organization_and_location(
    bib: Library,
) -> None:
    """creel-house-1918: the writer sorts the entry but is not printed (the title names him, and
    @misc would print him first), and the short note is the correspondents' surnames."""
    assert _entry(bib, "creel-house-1918") == (
        "misc",
        {
            "sortname": "Creel, George",
            "title": "George Creel to Colonel House",
            "shorttitle": "Creel to House",
            "entrysubtype": "letter",
            "date": "1918-09-25",
            "note": "Edward M. House Papers",
            "organization": "Yale University Library",
            "location": "New Haven, CT",
        },
    )


def test_titled_archival_item_quotes_its_title_and_notes_the_supplied_date(bib: Library) -> None:
    """purcell-map-1772: the map's own title in \\mkbibquote, the EDTF circa date, the item before the collection."""
    assert _entry(bib, "purcell-map-1772") == (
        "misc",
        {
            "author": "Purcell, Joseph",
            "title": r"\mkbibquote{A Map of the Southern Indian District of North America}",
            "shorttitle": r"\mkbibquote{Map of the Southern Indian District}",
            "entrysubtype": "map",
            "date": "1772~",
            "note": "MS 228, Ayer Collection",
            "organization": "Newberry Library",
            "location": "Chicago",
            "annotation": "Date supplied: [ca. 1772].",
        },
    )


def test_latex_specials_in_record_text_are_escaped() -> None:
    """Every one of & % $ # _ { } ~ ^ \\ in a title is escaped, and bibtexparser reads the entry."""
    library = bibtexparser.parse_string(to_biblatex([(_archival(HOSTILE), None)]))
    assert library.failed_blocks == []
    assert _entry(library, "hostile")[1]["title"] == (
        r"\textbackslash{}Costs \& fees: 100\% of \$5 for \#1 of a\_b"
        r" \textbraceleft{}x\textbraceright{} \textasciitilde{}y \textasciicircum{}z"
    )


def test_an_unmatched_brace_does_not_unbalance_the_entry() -> None:
    """A lone `{` becomes \\textbraceleft{}, so the next entry still starts where it should."""
    lone = _archival("Half {open")
    other = Record.model_validate({"id": "after", "kind": "note", "title": "Next", "archive": {"repository": "A"}})
    library = bibtexparser.parse_string(to_biblatex([(lone, None), (other, None)]))
    assert [entry.key for entry in library.entries] == ["hostile", "after"]
    assert _entry(library, "hostile")[1]["title"] == r"Half \textbraceleft{}open"


def test_biblatex_dates_drop_times_and_unspecified_parts() -> None:
    """biber ignores a time without seconds and reads 1972-XX as January–December: export 1970-11-03 and 1972."""
    dated = [
        Record.model_validate({"id": f"d{i}", "kind": "note", "date": date, "archive": {"repository": "A"}})
        for i, date in enumerate(("1970-11-03T09:42Z", "1972-XX", "197X", "1972-11-18/1972-12-02"))
    ]
    library = bibtexparser.parse_string(to_biblatex([(record, None) for record in dated]))
    assert [_entry(library, f"d{i}")[1]["date"] for i in range(4)] == [
        "1970-11-03",
        "1972",
        "197X",
        "1972-11-18/1972-12-02",
    ]


def test_ris_lines_are_tag_two_spaces_hyphen_space_value_and_crlf(bundled: list[tuple[Record, Volume | None]]) -> None:
    """Every line is `XX  - value` ending in CRLF; each reference runs from TY to ER, a blank line between."""
    text = to_ris(bundled)
    assert "\n" not in text.replace("\r\n", "")
    references = [block.split("\r\n") for block in text.removesuffix("\r\n").split("\r\n\r\n")]
    assert len(references) == len(bundled)
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for lines in references for line in lines)
    assert {(lines[0][:6], lines[-1]) for lines in references} == {("TY  - ", "ER  - ")}


def test_frus_document_is_a_ris_book_section(ris: dict[str, dict[str, object]]) -> None:
    """d120 in RIS: CHAP with editors, series, pages, document number, archive location and one N1 per note."""
    assert ris[D120] == {
        "type_of_reference": "CHAP",
        "id": D120,
        "authors": ["Kissinger, Henry A."],
        "title": "Henry A. Kissinger to Richard M. Nixon",
        "short_title": "Kissinger to Nixon",
        "secondary_authors": ["Carland, John M."],
        "tertiary_authors": ["Keefer, Edward C."],
        "secondary_title": "Vietnam, October 1972–January 1973",
        "tertiary_title": "Foreign Relations of the United States, 1969–1976",
        "year": "2010",
        "place_published": "Washington, DC",
        "publisher": "Government Printing Office",
        "volume": "9",
        "issn": "9780160829994",
        "start_page": "433",
        "end_page": "435",
        "note": "120",
        "date": "1972/11/23/",
        "type_of_work": "message Hakto 23",
        "unknown_tag": {
            "AV": [
                "For the President’s Files (Winston Lord)—China Trip/Vietnam, Sensitive Camp David, Vol. XXI (2),"
                " box 857, NSC Files, Nixon Presidential Materials"
            ]
        },
        "name_of_database": "National Archives, College Park, MD",
        "urls": ["https://history.state.gov/historicaldocuments/frus1969-76v09/d120"],
        "notes": [
            "Heading: Message From the President’s Assistant for National Security Affairs (Kissinger)"
            " to President Nixon.",
            "Classification: Top Secret.",
            "Caveats: Flash; Sensitive; Exclusively Eyes Only.",
            "Remark: Sent via Haig and Kennedy.",
            "Role: Henry A. Kissinger, President’s Assistant for National Security Affairs.",
            "Role: Richard M. Nixon, President.",
            "Copy: A retyped copy bears the stamped notation “The President has seen.” (HAK Trip Files,"
            " HAK Paris Trip Hakto, November 18–25, 1972, box 26, Kissinger Office Files, NSC Files,"
            " Nixon Presidential Materials, National Archives, College Park, MD)",
            "Source note: Source: National Archives, Nixon Presidential Materials, NSC Files, Box 857,"
            " For the President’s Files (Winston Lord)—China Trip/Vietnam, Sensitive Camp David, Vol. XXI (2)."
            " Top Secret; Flash; Sensitive; Exclusively Eyes Only. Sent via Haig and Kennedy. A retyped copy"
            " bears the stamped notation: “The President has seen.” (Ibid., Kissinger Office Files, Box 26,"
            " HAK Trip Files, HAK Paris Trip Hakto, November 18–25, 1972)",
            "Issued by U.S. Department of State.",
            "Written at Paris.",
        ],
    }


def test_archival_item_is_a_ris_manuscript_with_its_location(ris: dict[str, dict[str, object]]) -> None:
    """purcell-map-1772: MANSCPT, the bracketed circa date in DA's free part, AV and DB for the location."""
    assert ris["purcell-map-1772"] == {
        "type_of_reference": "MANSCPT",
        "id": "purcell-map-1772",
        "authors": ["Purcell, Joseph"],
        "title": "A Map of the Southern Indian District of North America",
        "short_title": "Map of the Southern Indian District",
        "year": "1772",
        "date": "1772///[ca. 1772]",
        "type_of_work": "map",
        "unknown_tag": {"AV": ["MS 228, Ayer Collection"]},
        "name_of_database": "Newberry Library, Chicago",
        "notes": ["Date supplied: [ca. 1772]."],
    }


def test_archival_letter_is_a_ris_personal_communication_to_its_recipient(ris: dict[str, dict[str, object]]) -> None:
    """oglethorpe-trustees-1733: PCOMM, the recipient in A2, the call number in CN."""
    assert ris["oglethorpe-trustees-1733"] == {
        "type_of_reference": "PCOMM",
        "id": "oglethorpe-trustees-1733",
        "authors": ["Oglethorpe, James"],
        "secondary_authors": ["the Trustees"],
        "title": "James Oglethorpe to the Trustees",
        "short_title": "Oglethorpe to the Trustees",
        "year": "1733",
        "date": "1733/01/13/",
        "type_of_work": "letter",
        "unknown_tag": {"AV": ["Phillipps Collection of Egmont Manuscripts"]},
        "call_number": "14200:13",
        "name_of_database": "University of Georgia Library, Athens",
        "notes": ["Collection cited hereafter as Egmont MSS."],
    }


def test_ris_values_with_line_breaks_stay_on_one_line() -> None:
    """A remark written over two lines is one N1 line: RIS has no continuation lines."""
    record = Record.model_validate(
        {"id": "r", "kind": "note", "remarks": ["Drafted by X;\n  cleared by Y."], "archive": {"repository": "A"}}
    )
    assert rispy.loads(to_ris([(record, None)]))[0]["notes"] == ["Remark: Drafted by X; cleared by Y."]


def test_fields_biblatex_cannot_hold_go_into_annotation_not_away() -> None:
    """A letter's own title and short title (its correspondents lead) and an access date without a URL."""
    record = Record.model_validate(
        {
            "id": "letter",
            "kind": "letter",
            "document_title": "On Tariffs",
            "short_title": "Tariffs",
            "from": [{"name": "Ada Lovelace"}],
            "to": [{"name": "Charles Babbage", "role": "inventor"}],
            "accessed": "2024-01-05",
            "archive": {"repository": "British Library", "collection": "Babbage Papers", "collection_short": "BP"},
        }
    )
    fields = _entry(bibtexparser.parse_string(to_biblatex([(record, None)])), "letter")[1]
    assert fields["annotation"] == (
        "Document title: On Tariffs. Short title: Tariffs. Role: Charles Babbage, inventor."
        " Collection cited hereafter as BP. Accessed: January 5, 2024."
    )


def test_a_parenthesis_after_a_sentence_gets_no_second_period() -> None:
    """``… has seen.” (Ibid., Box 26)`` ends there: ``(Ibid.).`` would end it twice."""
    from archcite.exporters.common import sentence

    assert sentence("A retyped copy bears the notation “The President has seen.” (Ibid.)") == (
        "A retyped copy bears the notation “The President has seen.” (Ibid.)"
    )
    assert sentence("Sent via Haig (and Kennedy)") == "Sent via Haig (and Kennedy)."
    assert sentence("Drafted by Lord.") == "Drafted by Lord."


def test_a_telegram_keeps_its_number_in_short_and_a_title_is_not_followed_by_its_number(
    bundled: list[tuple[Record, Volume | None]],
) -> None:
    """As the styles' short notes (D19): ``Saigon to Department of State, telegram 2318``; and a
    titled document's number, which its title holds, is not printed after it again."""
    volume = next(v for r, v in bundled if r.id == D120)
    printed = {"published_in": {"volume": "frus1969-76v09", "document": 7}, "date": "1964-03-03"}
    telegram = Record.model_validate(
        {"id": "t", "kind": "telegram", "number": "2318", "from": [{"name": "Embassy in Saigon", "office": True}],
         "to": [{"name": "Department of State", "office": True}], **printed}
    )  # fmt: skip
    titled = Record.model_validate(
        {"id": "n", "kind": "national security study memorandum", "number": "51",
         "title": "National Security Study Memorandum 51", **printed}
    )  # fmt: skip
    library = bibtexparser.parse_string(to_biblatex([(telegram, volume), (titled, volume)]))
    assert _entry(library, "t")[1]["shorttitle"] == "to Department of State, telegram 2318"
    assert _entry(library, "n")[1]["titleaddon"] == "March 3, 1964"
    [ris_telegram, _] = rispy.loads(to_ris([(telegram, volume), (titled, volume)]))
    assert ris_telegram["short_title"] == "Embassy in Saigon to Department of State, telegram 2318"


# --- typeset by biblatex-chicago itself ---------------------------------------------------------------


def _has_biblatex_chicago() -> bool:
    if not all(shutil.which(tool) for tool in ("pdflatex", "biber", "pdftotext", "kpsewhich")):
        return False
    found = subprocess.run(["kpsewhich", "biblatex-chicago.sty"], capture_output=True, text=True)
    return bool(found.stdout.strip())


BIBLATEX_CHICAGO = _has_biblatex_chicago()
NOTES_PREAMBLE = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage[notes,backend=biber]{biblatex-chicago}
\addbibresource{records.bib}
\pdfpagewidth=400cm \pdfpageheight=80cm \textwidth=390cm \textheight=75cm
\oddsidemargin=0pt \topmargin=0pt \parindent=0pt \pagestyle{empty}
\hyphenpenalty=10000 \exhyphenpenalty=10000 \raggedright
\begin{document}
"""

# What biblatex-chicago makes of each bundled record: its full note, then (after every other record
# has been cited, so that no note is a repeat) its short note. Read from the typeset PDF.
BIBLATEX_CHICAGO_NOTES = {
    "creel-house-1918": (
        "George Creel to Colonel House, September 25, 1918, Edward M. House Papers, Yale University Library,"
        " New Haven, CT",
        "Creel to House",
    ),
    "frus1969-76v09-d120": (
        "Henry A. Kissinger to Richard M. Nixon, message Hakto 23, Paris, 23 November 1972, in Vietnam, October"
        " 1972–January 1973, vol. 9 of Foreign Relations of the United States, 1969–1976, ed. John M. Carland,"
        " general editor Edward C. Keefer (Washington, DC: Government Printing Office, 2010), doc. 120,"
        " https://history.state.gov/historicaldocuments/frus1969-76v09/d120",
        "Kissinger to Nixon",
    ),
    "frus1969-76v12-d220": (
        "Memorandum of conversation between Henry A. Kissinger and Anatoliy Dobrynin, Washington, September 25,"
        " 1970, in Soviet Union, January 1969–October 1970, vol. 12 of Foreign Relations of the United States,"
        " 1969–1976, ed. Erin R. Mahan, general editor Edward C. Keefer (Washington, DC: Government Printing"
        " Office, 2006), doc. 220, https://history.state.gov/historicaldocuments/frus1969-76v12/d220",
        "Memorandum of conversation between Kissinger and Dobrynin",
    ),
    "johnson-memorandum-1937": (
        "Alvin Johnson, memorandum, 1937, file 36, Horace Kallen Papers, YIVO Institute, New York",
        "Johnson, memorandum",
    ),
    "oglethorpe-trustees-1733": (
        "James Oglethorpe to the Trustees, January 13, 1733, Phillipps Collection of Egmont Manuscripts,"
        " 14200:13, University of Georgia Library, Athens",
        "Oglethorpe to the Trustees",
    ),
    "purcell-map-1772": (
        "Joseph Purcell, “A Map of the Southern Indian District of North America,” [ca. 1772], MS 228, Ayer"
        " Collection, Newberry Library, Chicago",
        "Purcell, “Map of the Southern Indian District”",
    ),
    "ryan-papers": (
        "Papers of Desmond Ryan, UCD Archives, University College Dublin, Ireland",
        "Papers of Desmond Ryan",
    ),
    "wctu-childrens-workbook": (
        "Children’s Workbook, Woman’s Christian Temperance Union (Amsden, Ohio), Bowling Green State University"
        " Library",
        "Children’s Workbook",
    ),
}


@pytest.mark.skipif(not BIBLATEX_CHICAGO, reason="biblatex-chicago, biber, pdflatex or pdftotext missing")
def test_biblatex_chicago_typesets_each_export_as_a_chicago_note(
    bundled: list[tuple[Record, Volume | None]], tmp_path: Path
) -> None:
    """The export typeset by biblatex-chicago: a letter's writer is named once (in its title), a
    conversation is described by who met and not credited to the volume's editor, a printed
    document's place and date follow its title, and each short note is one of its own."""
    (tmp_path / "records.bib").write_text(to_biblatex(bundled), encoding="utf-8")
    keys = [record.id for record, _ in bundled]
    cites = [rf"\cite{{{key}}}" for key in keys] * 2
    body = "".join(f"ZQ{i}ZQ {cite} QZ\\par\n" for i, cite in enumerate(cites))
    (tmp_path / "t.tex").write_text(NOTES_PREAMBLE + body + "\\end{document}\n", encoding="utf-8")
    for step in (["pdflatex"], ["biber"], ["pdflatex"], ["pdflatex"]):
        args = [*step, "t"] if step == ["biber"] else [*step, "-interaction=nonstopmode", "-halt-on-error", "t.tex"]
        run = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True)
        assert run.returncode == 0, run.stdout[-2000:]
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "t.pdf", "-"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    parts = re.split(r"ZQ(\d+)ZQ", text)
    notes = [" ".join(parts[i + 1].rsplit("QZ", 1)[0].split()) for i in range(1, len(parts), 2)]
    full, short = notes[: len(keys)], notes[len(keys) :]
    assert dict(zip(keys, zip(full, short, strict=True), strict=True)) == BIBLATEX_CHICAGO_NOTES
