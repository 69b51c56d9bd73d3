"""FRUS source notes parsed into location, markings, remarks and other copies (citation-rules.md §8)."""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from archcite.models import Archive, Copy, Record
from archcite.sourcenote import SourceNote, parse, to_dict

FRUS = Path(__file__).resolve().parents[2] / "shared" / "frus"

SEED = (
    "Source: National Archives, Nixon Presidential Materials, NSC Files, Box 857, For the President’s Files "
    "(Winston Lord)—China Trip/Vietnam, Sensitive Camp David, Vol. XXI (2). Top Secret; Flash; Sensitive; "
    "Exclusively Eyes Only. Sent via Haig and Kennedy. A retyped copy bears the stamped notation: “The President "
    "has seen.” (Ibid., Kissinger Office Files, Box 26, HAK Trip Files, HAK Paris Trip Hakto, November 18–25, 1972)"
)


# --- the shapes of citation-rules.md §8 ---------------------------------------------------------


def test_seed_note_is_parsed_completely() -> None:
    """The seed note: location, markings in printed order, remarks verbatim, the retyped copy with Ibid. resolved."""
    assert parse(SEED) == SourceNote(
        text=SEED,
        archive=Archive(
            repository="National Archives",
            collection="Nixon Presidential Materials",
            series=["NSC Files"],
            box="857",
            folder="For the President’s Files (Winston Lord)—China Trip/Vietnam, Sensitive Camp David, Vol. XXI (2)",
        ),
        classification=("Top Secret",),
        caveats=("Flash", "Sensitive", "Exclusively Eyes Only"),
        remarks=(
            "Sent via Haig and Kennedy.",
            "A retyped copy bears the stamped notation: “The President has seen.” (Ibid., Kissinger Office Files, "
            "Box 26, HAK Trip Files, HAK Paris Trip Hakto, November 18–25, 1972)",
        ),
        copies=(
            Copy(
                note="A retyped copy bears the stamped notation: “The President has seen.”",
                archive=Archive(
                    repository="National Archives",
                    collection="Nixon Presidential Materials",
                    series=["NSC Files", "Kissinger Office Files"],
                    box="26",
                    folder="HAK Trip Files, HAK Paris Trip Hakto, November 18–25, 1972",
                ),
            ),
        ),
        remainder="",
        status="full",
    )


def test_nixon_nsc_files_series_box_and_folder() -> None:
    """Levels between the collection and the box are series; everything after the box, commas and all, is the folder."""
    note = parse(
        "Source: National Archives, Nixon Presidential Materials, NSC Files, Kissinger Office Files, Box 26, "
        "HAK Trip Files, HAK Paris Trip Hakto, November 18–25, 1972. Top Secret; Flash; Sensitive; Exclusively "
        "Eyes Only. Sent via Kennedy."
    )
    assert note.archive == Archive(
        repository="National Archives",
        collection="Nixon Presidential Materials",
        series=["NSC Files", "Kissinger Office Files"],
        box="26",
        folder="HAK Trip Files, HAK Paris Trip Hakto, November 18–25, 1972",
    )
    assert note.remarks == ("Sent via Kennedy.",)


def test_state_central_files_have_record_group_series_and_file_code() -> None:
    """State central files: RG 59, the central files as series, the subject-numeric code as file code, no box."""
    note = parse(
        "Source: National Archives, RG 59, Central Files 1967–69, POL 27 VIET S. Secret; Exdis. Drafted by "
        "William H. Sullivan; cleared by U. Alexis Johnson; and approved by Rogers."
    )
    assert note.archive == Archive(
        repository="National Archives",
        record_group="RG 59",
        series=["Central Files 1967–69"],
        file_code="POL 27 VIET S",
    )
    assert (note.classification, note.caveats) == (("Secret",), ("Exdis",))
    assert note.remarks == ("Drafted by William H. Sullivan; cleared by U. Alexis Johnson; and approved by Rogers.",)


def test_1950s_decimal_file() -> None:
    """ "Department of State, Central Files, 793.5/3–355": the decimal file is the file code."""
    note = parse("Source: Department of State, Central Files, 793.5/3–355. Secret. Repeated to Taipei.")
    assert note.archive == Archive(repository="Department of State", series=["Central Files"], file_code="793.5/3–355")
    assert note.classification == ("Secret",)
    assert note.remarks == ("Repeated to Taipei.",)


def test_library_of_congress_manuscript_division_is_one_repository() -> None:
    """The Manuscript Division is folded into the repository; Kissinger Papers is the collection; Box TS 43 the box."""
    note = parse(
        "Source: Library of Congress, Manuscript Division, Kissinger Papers, Box TS 43, Geopolitical File, "
        "Vietnam, Bombing, 1972–73. Top Secret; Sensitive; Eyes Only. Sent via Guay and Haig."
    )
    assert note.archive == Archive(
        repository="Library of Congress, Manuscript Division",
        collection="Kissinger Papers",
        box="TS 43",
        folder="Geopolitical File, Vietnam, Bombing, 1972–73",
    )
    assert note.caveats == ("Sensitive", "Eyes Only")


def test_kissinger_papers_box_without_the_word_box() -> None:
    """ "CL 172" in the Kissinger Papers is a box even when the note leaves out "Box"."""
    note = parse(
        "Source: Library of Congress, Manuscript Division, Kissinger Papers, Geopolitical File, CL 172, Jordan "
        "Crisis, September 1970, Selected Exchanges, Soviet Union. Secret; Flash; Nodis."
    )
    assert note.archive is not None
    assert (note.archive.series, note.archive.box) == (["Geopolitical File"], "CL 172")


def test_cia_job_box_and_folder_number() -> None:
    """A CIA job number is a series; "Folder 2" gives the folder "2"."""
    note = parse("Source: Central Intelligence Agency, Job 79–01025A, Box 76, Folder 2. Top Secret; Eyes Only.")
    assert note == SourceNote(
        text="Source: Central Intelligence Agency, Job 79–01025A, Box 76, Folder 2. Top Secret; Eyes Only.",
        archive=Archive(repository="Central Intelligence Agency", series=["Job 79–01025A"], box="76", folder="2"),
        classification=("Top Secret",),
        caveats=("Eyes Only",),
        remarks=(),
        copies=(),
        remainder="",
        status="full",
    )


def test_carter_library_note_without_classification_marking() -> None:
    """ "No classification marking" is a classification value; the first level after a library is the collection."""
    note = parse(
        "Source: Carter Library, Office of the Staff Secretary, Handwriting File, Presidential File, Box 9, "
        "2/22/77. No classification marking. A stamped notation indicates that the President saw it."
    )
    assert note.archive == Archive(
        repository="Carter Library",
        collection="Office of the Staff Secretary",
        series=["Handwriting File", "Presidential File"],
        box="9",
        folder="2/22/77",
    )
    assert note.classification == ("No classification marking",)
    assert note.remarks == ("A stamped notation indicates that the President saw it.",)
    assert note.status == "full"


def test_johnson_library_box_at_the_end() -> None:
    """When the box comes last, the levels before it split into series and folder."""
    note = parse(
        "Source: Johnson Library, National Security File, Country File, USSR, ABM Negotiations (II), Box 231. Secret."
    )
    assert note.archive == Archive(
        repository="Johnson Library",
        collection="National Security File",
        series=["Country File"],
        box="231",
        folder="USSR, ABM Negotiations (II)",
    )


def test_washington_national_records_center_with_lot_and_decimal_file() -> None:
    """WNRC files: record group, accession (FRC) as series, the decimal file code, and the folder."""
    note = parse(
        "Source: Washington National Records Center, RG 330, OSD Files: FRC 70 A 4443, 388.3, Nuclear Free Zone, "
        "1966. Confidential; Exdis. Drafted by Malcolm Toon (EUR/SOV), October 18, and cleared in S/S and S, "
        "October 19."
    )
    assert note.archive == Archive(
        repository="Washington National Records Center",
        record_group="RG 330",
        series=["OSD Files: FRC 70 A 4443"],
        file_code="388.3",
        folder="Nuclear Free Zone, 1966",
    )
    assert (note.classification, note.caveats) == (("Confidential",), ("Exdis",))


def test_state_lot_files_without_box() -> None:
    """A lot file ends the series; what follows is the folder."""
    note = parse(
        "Source: Department of State, S/S-RD Files: Lot 68 D 452, Committee of Principals, August-December 1964. "
        "Secret; Noforn."
    )
    assert note.archive == Archive(
        repository="Department of State",
        series=["S/S-RD Files: Lot 68 D 452"],
        folder="Committee of Principals, August-December 1964",
    )


def test_unknown_repository_falls_back_to_the_first_element() -> None:
    """A repository archcite does not know is the first comma-separated element."""
    note = parse("Source: Russian Ministry of Foreign Affairs, Department of History and Records. Secret.")
    assert note.archive == Archive(
        repository="Russian Ministry of Foreign Affairs", collection="Department of History and Records"
    )
    assert note.status == "full"


@pytest.mark.parametrize(
    ("location", "repository", "collection"),
    [
        (
            "Ford Library, National Security Adviser, Memoranda of Conversations, Box 7",
            "Ford Library",
            "National Security Adviser",
        ),
        (
            "Truman Library, Papers of Harry S. Truman, President's Secretary's Files",
            "Truman Library",
            "Papers of Harry S. Truman",
        ),
        (
            "Eisenhower Library, Papers of Dwight D. Eisenhower as President, Ann Whitman File, Box 3",
            "Eisenhower Library",
            "Papers of Dwight D. Eisenhower as President",
        ),
        (
            "Kennedy Library, National Security Files, Countries Series, USSR",
            "Kennedy Library",
            "National Security Files",
        ),
        (
            "Princeton University, Mudd Library, Dulles Papers, Box 12",
            "Princeton University, Mudd Library",
            "Dulles Papers",
        ),
        (
            "Yale University Library, Manuscripts and Archives, Stimson Papers, Box 4",
            "Yale University Library, Manuscripts and Archives",
            "Stimson Papers",
        ),
        ("Hoover Institution Archives, Radford Papers, Box 1", "Hoover Institution Archives", "Radford Papers"),
        (
            "Naval Historical Center, Operational Archives, Burke Papers, Box 9",
            "Naval Historical Center, Operational Archives",
            "Burke Papers",
        ),
        ("National Security Council, Nixon Intelligence Files, Subject Files, USSR", "National Security Council", None),
        ("Central Intelligence Agency Job 79-01025A, Box 1", "Central Intelligence Agency", None),
    ],
)
def test_repository_and_collection(location: str, repository: str, collection: str | None) -> None:
    """Known repositories, with a division or library folded in; libraries hold collections, agencies series."""
    archive = parse(f"Source: {location}. Secret.").archive
    assert archive is not None
    assert (archive.repository, archive.collection) == (repository, collection)


def test_published_source_has_no_repository() -> None:
    """A note citing a publication: status none, the citation left over, the remarks still read."""
    note = parse("Source: Department of State Bulletin, March 28, 1977, pp. 289–291. All brackets are in the original.")
    assert note == SourceNote(
        text="Source: Department of State Bulletin, March 28, 1977, pp. 289–291. All brackets are in the original.",
        archive=None,
        classification=(),
        caveats=(),
        remarks=("All brackets are in the original.",),
        copies=(),
        remainder="Department of State Bulletin, March 28, 1977, pp. 289–291",
        status="none",
    )


def test_published_source_keeps_its_marking() -> None:
    """A published source stating "No classification marking" keeps it, with status none."""
    note = parse("Source:American Foreign Policy: Current Documents, 1960, p. 476. No classification marking.")
    assert (note.archive, note.status) == (None, "none")
    assert note.classification == ("No classification marking",)


# --- where the location ends ---------------------------------------------------------------------


def test_periods_inside_the_location_do_not_end_it() -> None:
    """Initials, "Vol.", "Jan." and "U.S." are abbreviations, not the end of the location."""
    note = parse(
        "Source: National Archives, RG 59, Records of Henry A. Kissinger, 1973–77, Entry 5403, Box 3, U.S. Memcons, "
        "Vol. II, Jan. 1974. Secret; Nodis."
    )
    assert note.archive == Archive(
        repository="National Archives",
        record_group="RG 59",
        series=["Records of Henry A. Kissinger, 1973–77", "Entry 5403"],
        box="3",
        folder="U.S. Memcons, Vol. II, Jan. 1974",
    )


def test_location_without_marking_ends_at_the_first_sentence() -> None:
    """Without any marking the location still ends at the first real period, and the note is partial."""
    note = parse(
        "Source: Library of Congress, Manuscript Division, Kissinger Papers, Box CL 312, Meetings, National "
        "Security Council. These minutes were revised by Haig."
    )
    assert note.archive is not None
    assert note.archive.folder == "Meetings, National Security Council"
    assert note.remarks == ("These minutes were revised by Haig.",)
    assert (note.classification, note.status) == ((), "partial")


def test_copy_sentence_before_the_marking_is_a_remark() -> None:
    """ "Another copy is in …" right after the location is a remark and a copy, not part of the location."""
    note = parse(
        "Source: Library of Congress, Manuscript Division, Kissinger Papers, Box CL 105, Geopolitical File, Asian "
        "Trips, July–Aug. 1969. Another copy is in the National Archives, Nixon Presidential Materials, NSC Files, "
        "Box 1048, Staff Files, Tony Lake Chron File. Secret; Sensitive."
    )
    assert note.archive is not None
    assert note.archive.folder == "Geopolitical File, Asian Trips, July–Aug. 1969"
    assert note.classification == ("Secret",)
    assert [c.archive.box for c in note.copies if c.archive] == ["1048"]


def test_marking_typed_after_a_comma() -> None:
    """ "…, Folder 9, Secret." is a location followed by a marking."""
    note = parse(
        "Source: Central Intelligence Agency, DCI Helms Chronological File, Job 80–B01285A, Box 11, Folder 9, "
        "Secret. Drafted by Helms."
    )
    assert note.archive is not None
    assert (note.archive.box, note.archive.folder) == ("11", "9")
    assert note.classification == ("Secret",)


# --- markings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markings", "classification", "caveats"),
    [
        ("Secret; Nodis.", ("Secret",), ("Nodis",)),
        ("Top Secret; Sensitive; Eyes Only.", ("Top Secret",), ("Sensitive", "Eyes Only")),
        ("Confidential; Priority.", ("Confidential",), ("Priority",)),
        ("Secret. Immediate; Nodis.", ("Secret",), ("Immediate", "Nodis")),
        ("Limited Official Use; Niact.", ("Limited Official Use",), ("Niact",)),
        ("Official Use Only; Verbatim Text.", ("Official Use Only",), ("Verbatim Text",)),
        ("Unclassified.", ("Unclassified",), ()),
        ("Top Secret Umbra; Sensitive.", ("Top Secret Umbra",), ("Sensitive",)),
        ("Restricted Security Information.", ("Restricted Security Information",), ()),
        ("Secret; Priority, Exdis.", ("Secret",), ("Priority", "Exdis")),
        (
            "Secret; Operational Immediate; RYBAT; PBSUCCESS.",
            ("Secret",),
            ("Operational Immediate", "RYBAT", "PBSUCCESS"),
        ),
        ("Secret; Priority; [codeword not declassified].", ("Secret",), ("Priority", "[codeword not declassified]")),
        ("Eyes Only.", (), ("Eyes Only",)),
        ("Top Secret; Restricted Data.", ("Top Secret",), ("Restricted Data",)),
        ("Confidential with Nodis Attachment.", ("Confidential with Nodis Attachment",), ()),
    ],
)
def test_markings_keep_their_printed_form_and_order(
    markings: str, classification: tuple[str, ...], caveats: tuple[str, ...]
) -> None:
    """Classification first, then caveats and precedence as printed, across one or two marking sentences."""
    note = parse(f"Source: National Archives, RG 59, Central Files 1970–73, POL 15–1 KOR S. {markings}")
    assert (note.classification, note.caveats, note.remarks) == (classification, caveats, ())


def test_remark_after_the_markings() -> None:
    """ "Secret; Exdis; Immediate. Repeated to …": markings, then the remark."""
    note = parse(
        "Source: National Archives, RG 59, Central Files 1967–69, POL US–USSR. Secret; Exdis; Immediate. "
        "Repeated to Moscow."
    )
    assert (note.caveats, note.remarks) == (("Exdis", "Immediate"), ("Repeated to Moscow.",))


def test_classification_stated_in_a_remark() -> None:
    """ "The memorandum is marked Secret" gives the classification when no marking sentence does."""
    note = parse(
        "Source: National Archives, Nixon Presidential Materials, NSC Files, Box 1, Misc. Sent for action. "
        "The memorandum is marked Secret."
    )
    assert note.classification == ("Secret",)
    assert note.remarks == ("Sent for action.", "The memorandum is marked Secret.")


def test_classification_followed_by_prose_is_also_a_remark() -> None:
    """ "No classification marking, but …" gives the classification and keeps the sentence as a remark."""
    sentence = "No classification marking, but the Department of State classified the message Top Secret."
    note = parse(f"Source: Kennedy Library, President’s Office Files, USSR. {sentence}")
    assert (note.classification, note.remarks) == (("No classification marking",), (sentence,))


# --- Ibid. and other copies --------------------------------------------------------------------


def test_ibid_with_a_new_box_replaces_box_and_folder() -> None:
    """ "Another copy is ibid., Box 858, …": same repository, collection and series; new box and folder."""
    note = parse(
        "Source: National Archives, Nixon Presidential Materials, NSC Files, Box 857, Vol. XXI (2). Top Secret. "
        "Another copy is ibid., Box 858, Vol. XXII."
    )
    assert note.copies == (
        Copy(
            note="Another copy is ibid., Box 858, Vol. XXII.",
            archive=Archive(
                repository="National Archives",
                collection="Nixon Presidential Materials",
                series=["NSC Files"],
                box="858",
                folder="Vol. XXII",
            ),
        ),
    )


def test_ibid_with_a_record_group_replaces_everything_below_the_repository() -> None:
    """ "(Ibid., RG 59, Central Files 1967–69, POL 7 INDON)" after a Nixon location stays in the National Archives."""
    note = parse(
        "Source: National Archives, Nixon Presidential Materials, NSC Files, Box 535, Indonesia, Vol. I. Secret. "
        "Another copy of the memorandum of conversation is ibid., RG 59, Central Files 1967–69, POL 7 INDON."
    )
    assert [c.archive for c in note.copies] == [
        Archive(
            repository="National Archives",
            record_group="RG 59",
            series=["Central Files 1967–69"],
            file_code="POL 7 INDON",
        )
    ]


def test_one_sentence_can_name_two_copies() -> None:
    """ "Other copies are in X, and ibid.: Lot 77 D 163": two copies, the second another lot of the same files."""
    sentence = (
        "Other copies are in Department of State, Presidential Correspondence: Lot 66 D 204, and ibid.: Lot 77 D 163."
    )
    note = parse(f"Source: Kennedy Library, National Security Files, Countries Series, USSR. Secret. {sentence}")
    assert note.copies == (
        Copy(
            note=sentence,
            archive=Archive(repository="Department of State", series=["Presidential Correspondence: Lot 66 D 204"]),
        ),
        Copy(
            note=sentence,
            archive=Archive(repository="Department of State", series=["Presidential Correspondence: Lot 77 D 163"]),
        ),
    )


def test_ibid_reference_to_another_document_is_no_copy() -> None:
    """A parenthetical "(Ibid., White House Central Files)" that locates another paper yields no copy."""
    note = parse(
        "Source: National Archives, Nixon Presidential Materials, White House Tapes, Oval Office, Conversation "
        "823–1. No classification marking. According to the President’s Daily Diary, Kissinger and Haig met with "
        "Nixon from 10:08 to 11:46 a.m. (Ibid., White House Central Files) The editors transcribed the tape."
    )
    assert note.copies == ()
    assert note.remarks == (
        "According to the President’s Daily Diary, Kissinger and Haig met with Nixon from 10:08 to 11:46 a.m. "
        "(Ibid., White House Central Files)",
        "The editors transcribed the tape.",
    )


def test_copies_sent_to_people_are_no_copies() -> None:
    """ "A copy was sent to Haig." names no location: a remark only."""
    note = parse("Source: National Archives, RG 59, Central Files 1967–69, POL US. Secret. A copy was sent to Haig.")
    assert (note.copies, note.remarks) == ((), ("A copy was sent to Haig.",))


# --- any input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "garbage ... ;;; ...", "Source:", "Source: Ibid.", ")))(((“”"])
def test_text_without_a_location_has_status_none_and_is_left_over(text: str) -> None:
    """Nothing understood: no archive, no markings, and the whole note (without "Source:") is the remainder."""
    note = parse(text)
    normalized = " ".join(text.split())
    assert (note.archive, note.status, note.classification, note.copies) == (None, "none", (), ())
    assert note.text == normalized
    assert note.remainder == re.sub(r"^Source:\s*", "", normalized)


def test_whitespace_is_normalized_and_the_label_kept() -> None:
    """Runs of whitespace become one space; "Source:" stays in the text."""
    note = parse("  Source:  National Archives,\n  RG 59,\tCentral Files 1967–69, POL US.  Secret.\n")
    assert note.text == "Source: National Archives, RG 59, Central Files 1967–69, POL US. Secret."


def test_control_characters_never_raise() -> None:
    """Characters the record format forbids make a location or copy unusable, never an exception."""
    note = parse(
        "Source: National Archives, RG 59, Central\x00 Files, POL US. Secret. "
        "Another copy is in Carter\x01 Library, Box 1."
    )
    assert (note.archive, note.copies, note.classification) == (None, (), ("Secret",))


def test_very_long_input_is_parsed_quickly() -> None:
    """A megabyte of note-like text parses without error in well under the time a person would notice."""
    text = (SEED + " ") * 2500 + "Another copy is in Department of State, " * 2000 + "a. A. (B) " * 20000
    start = time.perf_counter()
    note = parse(text)
    assert time.perf_counter() - start < 10
    assert note.status == "full"


def test_random_input_never_raises() -> None:
    """Random cuts and mutations of a real note, and random characters, always parse."""
    rng = random.Random(20261129)
    alphabet = ' ,.;:()[]“”’"—–-/\x00\u2028BoxRGIbidSecretNodis0123456789'
    for _ in range(2000):
        a, b = sorted(rng.randrange(len(SEED) + 1) for _ in range(2))
        mutated = "".join(c if rng.random() > 0.1 else rng.choice(alphabet) for c in SEED)
        noise = "".join(rng.choice(alphabet) for _ in range(rng.randrange(80)))
        for text in (SEED[a:b], mutated, noise):
            json.dumps(to_dict(parse(text)))


# --- the JSON view -------------------------------------------------------------------------------


def test_to_dict_is_json_ready_and_leaves_out_empty_levels() -> None:
    """The JSON view lists every field; archive levels that are absent are left out."""
    note = parse("Source: Department of State, Central Files, 793.5/3–355. Secret. Repeated to Taipei.")
    assert json.loads(json.dumps(to_dict(note))) == {
        "status": "full",
        "archive": {"repository": "Department of State", "series": ["Central Files"], "file_code": "793.5/3–355"},
        "classification": ["Secret"],
        "caveats": [],
        "remarks": ["Repeated to Taipei."],
        "copies": [],
        "remainder": "",
        "text": "Source: Department of State, Central Files, 793.5/3–355. Secret. Repeated to Taipei.",
    }


def test_to_dict_of_a_copy() -> None:
    """Copies appear with their note and their resolved archive."""
    assert to_dict(parse(SEED))["copies"] == [
        {
            "note": "A retyped copy bears the stamped notation: “The President has seen.”",
            "archive": {
                "repository": "National Archives",
                "collection": "Nixon Presidential Materials",
                "series": ["NSC Files", "Kissinger Office Files"],
                "box": "26",
                "folder": "HAK Trip Files, HAK Paris Trip Hakto, November 18–25, 1972",
            },
        }
    ]


# --- the real volumes ----------------------------------------------------------------------------

_STATES_CLASSIFICATION = re.compile(
    r"\b(?:No classification marking|Top Secret|Secret|Confidential|Limited Official Use|Official Use Only|"
    r"Unclassified|Restricted)\b(?! Service)"
)
_BOX_NUMBER = re.compile(r"\bBox(?:es)? ([A-Z]{0,3}[ –-]?\d[\w/–-]*)")


def _frus_source_notes() -> Iterator[str]:
    from lxml import etree

    tei = "{http://www.tei-c.org/ns/1.0}"
    for path in sorted(FRUS.glob("frus*.xml")):
        for div in etree.parse(str(path)).iter(f"{tei}div"):
            if div.get("type") != "document":
                continue
            for note in div.iterfind(f"{tei}head//{tei}note"):
                text = " ".join("".join(note.itertext()).split())
                # Older encodings (1961–63, vol. VI) leave the source note untyped.
                if note.get("type") == "source" or (note.get("type") is None and text.startswith("Source")):
                    yield text


@pytest.fixture(scope="module")
def real_notes() -> list[SourceNote]:
    if not FRUS.is_dir():
        pytest.skip(f"{FRUS} is not available")
    notes = [parse(text) for text in _frus_source_notes()]
    if not notes:
        pytest.skip(f"no FRUS volumes in {FRUS}")
    return notes


def test_real_notes_get_a_repository_unless_they_cite_a_publication(real_notes: list[SourceNote]) -> None:
    """At least 99% of archival notes get a repository; the others cite a publication (pages, Bulletin)."""
    published = [n for n in real_notes if n.archive is None]
    assert all(re.search(r"\bpp?\. |Bulletin|BULLETIN", n.remainder) for n in published)
    archival = len(real_notes) - len(published)
    assert sum(1 for n in real_notes if n.archive) / archival >= 0.99


def test_real_notes_that_state_a_classification_get_it(real_notes: list[SourceNote]) -> None:
    """At least 98% of the notes containing a classification word get a classification."""
    stating = [n for n in real_notes if _STATES_CLASSIFICATION.search(n.text)]
    assert sum(1 for n in stating if n.classification) / len(stating) >= 0.98


def test_every_box_in_a_real_location_lands_in_a_box(real_notes: list[SourceNote]) -> None:
    """Every "Box N" of a location, the note's own or a copy's, is the box of that archive."""
    misses = []
    for note in real_notes:
        location = note.text[: note.text.find(note.remarks[0])] if note.remarks else note.text
        places = [note.archive, *(c.archive for c in note.copies)]
        boxes = {a.box for a in places if a and a.box}
        copies = " ".join(c.note for c in note.copies)
        for number in _BOX_NUMBER.findall(location) + _BOX_NUMBER.findall(copies):
            if not any(box.startswith(number.rstrip(".,;)")) for box in boxes):
                misses.append((number, note.text[:120]))
    assert misses == []


def test_seed_note_gives_the_bundled_record() -> None:
    """The seed's source note parses to the structure of the hand-written record of document 120."""
    from archcite import store
    from conftest import RECORDS

    record = store.load_file(RECORDS / "frus1969-76v09" / "d120.yaml", Record)
    assert record.source_note is not None
    note = parse(record.source_note)
    assert record.archive is not None  # the note gives no repository place: College Park, MD is the record's
    assert note.archive == record.archive.model_copy(update={"repository_place": None})
    assert (list(note.classification), list(note.caveats)) == (record.classification, record.caveats)
    assert note.remarks[0] == record.remarks[0]
    expected_copies = [
        c.archive.model_copy(update={"repository_place": None}) if c.archive else None for c in record.copies
    ]
    assert expected_copies == [c.archive for c in note.copies]
