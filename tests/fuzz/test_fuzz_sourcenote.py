"""Fuzzing the FRUS source-note parser: ``sourcenote.parse`` never raises and is fast.

Inputs: arbitrary text up to 20,000 characters; soups of the parser's own vocabulary (repositories,
record groups, boxes, file codes, markings, "Ibid.", "Another copy is in", abbreviations, brackets
and quotation marks), repeated up to 20,000 characters to find slow paths; and the real source notes
of the bundled records, the TEI test data and the source-note tests, mutated sentence by sentence.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from lxml import etree

from archcite import sourcenote

from .conftest import AWKWARD, fuzz_settings, garbage_text, note_event

ROOT = Path(__file__).resolve().parents[2]
MAX_CHARS = 20_000
STATUSES = {"full", "partial", "none"}


def _real_notes() -> list[str]:
    """Source notes as FRUS prints them: from the records, the TEI test volumes and the parser's tests."""
    notes: set[str] = set()
    for path in (ROOT / "records").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("source_note"), str):
            notes.add(data["source_note"])
    for path in (ROOT / "tests" / "data").glob("*.xml"):
        for el in etree.parse(str(path)).iter("{*}note"):
            text = " ".join("".join(el.itertext()).split())
            if text.startswith("Source:"):
                notes.add(text)
    tests = ast.parse((ROOT / "tests" / "test_sourcenote.py").read_text(encoding="utf-8"))
    for node in ast.walk(tests):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("Source:"):
            notes.add(node.value)
    return sorted(notes)


REAL_NOTES = _real_notes()

VOCABULARY = [
    "Source:",
    "source :",
    "National Archives",
    "National Archives and Records Administration",
    "Library of Congress",
    "Manuscript Division",
    "Department of State",
    "Department of State Bulletin",
    "Central Intelligence Agency",
    "Washington National Records Center",
    "Suitland Federal Records Center",
    "Ford Library",
    "Lyndon B. Johnson Presidential Library",
    "Princeton University",
    "Mudd Library",
    "Hoover Institution Archives",
    "Minnesota Historical Society",
    "RG 59",
    "RG 218",
    "Central Files",
    "Central Files 1967–69",
    "Central Foreign Policy Files",
    "POL 27 VIET S",
    "POL US–USSR",
    "DEF 12 CAMB",
    "793.5/3–355",
    "711.11-KE/1-2161",
    "D750123–0456",
    "P840076–1234",
    "Lot 77 D 163",
    "Lot 82D298",
    "FRC 330 75 089",
    "Job 80-M01066A",
    "Entry 5",
    "E 1234",
    "Nixon Presidential Materials",
    "NSC Files",
    "National Security File",
    "White House Central Files",
    "Kissinger Papers",
    "Papers of Dean Acheson",
    "Records of Anthony Lake, 1977–1981",
    "Institutional Files",
    "Country Files",
    "Subject Files",
    "Box",
    "Box 857",
    "Boxes 1–3",
    "Withdrawn Box 4",
    "Box TS 43",
    "CL 172",
    "Folder 3",
    "Vol. XXI",
    "Vol. XXI (2)",
    "Memos, Misc.",
    "Henry A. Kissinger",
    "U. Alexis Johnson",
    "U.S.",
    "a.m.",
    "p.m.",
    "Jr.",
    "Inc.",
    "Gen.",
    "Tab A.",
    "Secret",
    "Top Secret",
    "Top Secret Umbra",
    "Confidential",
    "Limited Official Use",
    "Unclassified",
    "No classification marking",
    "No classification marking, but the Department classified it Top Secret",
    "Secret Security Information",
    "Restricted Data",
    "Nodis",
    "Exdis",
    "Limdis",
    "Sensitive",
    "Eyes Only",
    "Exclusively Eyes Only",
    "Flash",
    "Immediate",
    "Niact",
    "Priority",
    "Noforn",
    "Handle via Byeman",
    "[codeword not declassified]",
    "[handling restriction not declassified]",
    "Ibid.",
    "ibid.:",
    "Ibid., Box 26",
    "Also ibid.",
    "Another copy is in",
    "Other copies are in",
    "A copy is also in",
    "The signed original is in",
    "A retyped copy bears the stamped notation",
    "“The President has seen.”",
    "Drafted by Sullivan",
    "approved by Rusk",
    "Repeated to Taipei",
    "Sent via Haig and Kennedy",
    "The memorandum is marked Secret",
    "classified as Confidential",
    "Printed from",
    "Printed from a copy that indicates",
    "Public Papers of the Presidents",
    "Foreign Relations, 1955–1957",
    "pp. 12–14",
    "p. 7",
    "Congressional Record",
    "(Washington, 1961)",
    "and in the",
    "which",
    "along with",
    "is in",
    "are in the",
]
PUNCTUATION = ["", " ", ", ", ". ", "; ", ": ", " (", ") ", "“", "”", "’", " [", "] ", ".” ", "? ", "! ", "–", "-", "/"]


@st.composite
def vocabulary_soup(draw: st.DrawFn) -> str:
    """Words the parser looks for, in any order and punctuation, repeated up to 20,000 characters."""
    parts = draw(
        st.lists(
            st.tuples(st.sampled_from(VOCABULARY) | garbage_text(12), st.sampled_from(PUNCTUATION)),
            min_size=1,
            max_size=60,
        )
    )
    text = "".join(word + sep for word, sep in parts)
    repeat = draw(st.sampled_from([1, 1, 1, 2, 10, 100, 1_000, 20_000]))
    return (text * repeat)[:MAX_CHARS]


@st.composite
def mutated_note(draw: st.DrawFn) -> str:
    """A real source note with sentences deleted, duplicated, swapped, or words and characters put in."""
    sentences = draw(st.sampled_from(REAL_NOTES)).split(". ")
    for _ in range(draw(st.integers(0, 5))):
        i = draw(st.integers(0, len(sentences) - 1)) if sentences else 0
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "word", "characters", "truncate"]))
        if not sentences:
            sentences = [draw(st.sampled_from(VOCABULARY))]
        elif kind == "delete":
            del sentences[i]
        elif kind == "duplicate":
            sentences.insert(i, sentences[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(sentences) - 1))
            sentences[i], sentences[j] = sentences[j], sentences[i]
        elif kind == "word":
            words = sentences[i].split(" ")
            words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(VOCABULARY)))
            sentences[i] = " ".join(words)
        elif kind == "characters":
            at = draw(st.integers(0, len(sentences[i])))
            chars = draw(st.text(st.sampled_from(AWKWARD), min_size=1, max_size=3))
            sentences[i] = sentences[i][:at] + chars + sentences[i][at:]
        else:
            sentences[i] = sentences[i][: draw(st.integers(0, len(sentences[i])))]
    text = ". ".join(sentences)
    return (text * draw(st.sampled_from([1, 1, 1, 3, 50])))[:MAX_CHARS]


NOTES = st.one_of(
    garbage_text(MAX_CHARS),
    st.text(max_size=MAX_CHARS),
    vocabulary_soup(),
    mutated_note(),
)


def check_parse(text: str) -> None:
    """The property: a SourceNote with a known status, whose dictionary is JSON, and no exception."""
    note = sourcenote.parse(text)
    assert isinstance(note, sourcenote.SourceNote)
    assert note.status in STATUSES
    json.dumps(sourcenote.to_dict(note), ensure_ascii=False)
    note_event(f"status: {note.status}")


@fuzz_settings("sourcenote", deadline=1.0, suppress=[HealthCheck.too_slow])  # drawing 20,000 characters is slow
@given(NOTES)
def test_parse_never_raises_and_is_fast(text: str) -> None:
    """sourcenote.parse on any text up to 20,000 characters: a SourceNote (full/partial/none) in under a second."""
    check_parse(text)


@fuzz_settings("sourcenote-real", deadline=1.0)
@given(mutated_note())
def test_parse_mutated_real_notes(text: str) -> None:
    """Real source notes, mutated: still a SourceNote with a known status, never an exception, under a second."""
    check_parse(text)
