"""`archcite import frus`: TEI volumes in both encodings become records; bad input writes nothing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite import store
from archcite.cli import main
from archcite.importers.frus_tei import natural_order, read_volume
from archcite.models import Record, Volume

DATA = Path(__file__).resolve().parent / "data"
V12 = DATA / "frus1969-76v12-excerpt.xml"
GUAT = DATA / "frus1952-54Guat-excerpt.xml"
CURRENT = DATA / "frus1977-80v01-current.xml"


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_volume_record_2015_encoding() -> None:
    """The volume's facts come from the TEI header."""
    v = read_volume(V12).volume
    assert v.model_dump(exclude_defaults=True) == {
        "id": "frus1969-76v12",
        "subseries": "1969–1976",
        "volume": "XII",
        "title": "Soviet Union, January 1969–October 1970",
        "editors": ["Erin R. Mahan"],
        "general_editor": "Edward C. Keefer",
        "publisher": "Government Printing Office",
        "publisher_place": "Washington, DC",
        "year": 2006,
        "isbn": "9780160766985",
        "url": "https://history.state.gov/historicaldocuments/frus1969-76v12",
    }


def test_document_from_tagged_heading() -> None:
    """Correspondents tagged in the heading resolve through the persons list; dateline, pages and note parse."""
    doc = next(d for d in read_volume(V12).documents if d.record.id == "frus1969-76v12-d23")
    r = doc.record
    assert (r.kind, r.date, r.place) == ("memorandum", "1969-03-06", "Washington")
    assert [(p.name, p.role) for p in r.sender] == [
        ("Henry A. Kissinger", "President's Assistant for National Security Affairs")
    ]
    assert [(p.name, p.role) for p in r.recipient] == [("Richard M. Nixon", "President")]
    assert r.title == (
        "Memorandum From the President's Assistant for National Security Affairs (Kissinger) to President Nixon"
    )
    assert r.published_in is not None
    assert (r.published_in.document, r.published_in.pages) == ("23", "88–90")
    assert (r.classification, r.caveats) == (["Secret"], ["Nodis"])
    assert r.archive is not None
    assert (r.archive.repository, r.archive.collection, r.archive.series, r.archive.box) == (
        "National Archives",
        "Nixon Presidential Materials",
        ["NSC Files"],
        "489",
    )
    assert r.source_note is not None
    assert r.source_note.startswith("Source: National Archives, Nixon Presidential")


def test_telegram_between_offices_with_time_and_number() -> None:
    """A telegram keeps its time, its number from the text, and its offices as correspondents."""
    r = next(d.record for d in read_volume(V12).documents if d.record.id == "frus1969-76v12-d34")
    assert (r.kind, r.number, r.date, r.place) == ("telegram", "1447", "1969-04-07T16:40:00Z", "Moscow")
    assert [(p.name, p.office) for p in r.sender] == [("Embassy in the Soviet Union", True)]
    assert [(p.name, p.office) for p in r.recipient] == [("Department of State", True)]
    assert r.archive is not None
    assert (r.archive.record_group, r.archive.file_code) == ("RG 59", "POL US–USSR")


def test_memorandum_of_conversation_has_no_correspondents() -> None:
    r = next(d.record for d in read_volume(V12).documents if d.record.id == "frus1969-76v12-d24")
    assert (r.kind, r.sender, r.recipient, r.date) == ("memorandum of conversation", [], [], "1969-03-08T10:00:00")
    assert r.published_in is not None
    assert r.published_in.pages == "90–92"


def test_current_encoding() -> None:
    """The current encoding: other namespace, sub-series, subtype, dateline inside opener."""
    imported = read_volume(CURRENT)
    v = imported.volume
    assert (v.id, v.subseries, v.volume, v.editors, v.general_editor, v.year) == (
        "frus1977-80v01",
        "1977–1980",
        "I",
        ["Kristin L. Ahlberg"],
        "Adam M. Howard",
        2014,
    )
    note, memo = (d.record for d in imported.documents)
    assert (note.kind, note.date, note.title) == ("editorial note", None, "Editorial Note")
    assert (memo.date, memo.place, memo.classification) == ("1977-02-21", "Washington", ["No classification marking"])
    assert [(p.name, p.role) for p in memo.sender] == [("Joseph L. “Jody” Powell Jr.", "White House Press Secretary")]
    assert [p.name for p in memo.recipient] == ["James Earl “Jimmy” Carter Jr."]
    assert memo.published_in is not None
    assert memo.published_in.pages == "86–88"
    assert memo.archive is not None
    assert memo.archive.box == "9"


def test_undated_document_is_never_given_the_volume_span() -> None:
    """An editorial note with only the volume's date span stays undated."""
    note = read_volume(CURRENT).documents[0].record
    assert note.date is None


@pytest.mark.parametrize(
    ("listed", "natural"),
    [
        ("Kissinger, Henry A.", "Henry A. Kissinger"),
        ("Atherton, Alfred L., Jr.", "Alfred L. Atherton Jr."),
        ("Carter, James Earl, Jr. “Jimmy”", "James Earl “Jimmy” Carter Jr."),
        ("Hussein bin Talal I (Husayn)", "Hussein bin Talal I"),
        ("Erhard, Ludwig (CDU)", "Ludwig Erhard"),  # a party is no part of the name
        ("Guttenberg, Karl Theodor Baron von und zu (CSU)", "Karl Theodor Baron von und zu Guttenberg"),
        ("Wright, Admiral Jerauld (Ret.)", "Jerauld Wright"),
        ("Bohlen, Charles E. (Chip)", "Charles E. (Chip) Bohlen"),  # a nickname is
        ("Wisner, Frank (Harold S. Whiting)", "Frank Wisner"),  # a pseudonym is not
        ("Dulles, Allen (Ascham, Robert A.)", "Allen Dulles"),
        ("Coulson, John E. (Sir John from March 1957)", "John E. Coulson"),
    ],
)
def test_persons_in_natural_order(listed: str, natural: str) -> None:
    assert natural_order(listed)[0] == natural


def test_import_then_validate_and_cite(runner: CliRunner, tmp_path: Path) -> None:
    """Imported records validate and cite like hand-written ones."""
    code, out, _ = run(runner, "import", "frus", str(V12), str(GUAT), str(CURRENT), "--into", str(tmp_path))
    assert code == 0, out
    assert sorted(p.name for p in (tmp_path / "frus1969-76v12").iterdir()) == [
        "d23.yaml",
        "d24.yaml",
        "d34.yaml",
        "volume.yaml",
    ]
    assert run(runner, "validate", str(tmp_path))[0] == 0
    code, out, _ = run(runner, "cite", "frus1969-76v12-d23", "--records", str(tmp_path))
    assert out == (
        "Henry A. Kissinger to Richard M. Nixon, memorandum, Washington, March 6, 1969, in Foreign Relations "
        "of the United States, 1969–1976, ed. Edward C. Keefer, vol. 12, Soviet Union, January 1969–October "
        "1970, ed. Erin R. Mahan (Washington, DC: Government Printing Office, 2006), doc. 23.\n"
    )
    code, out, _ = run(runner, "cite", "frus1952-54Guat-d64", "--records", str(tmp_path))
    assert out == (
        "“Memorandum for the Record,” Washington, November 11, 1953, in Foreign Relations of the United States, "
        "1952–1954, ed. David S. Patterson, Guatemala, ed. Susan Holly (Washington, DC: Government Printing "
        "Office, 2003), 135–36.\n"
    )
    code, out, _ = run(runner, "cite", "frus1952-54Guat-d64", "--records", str(tmp_path), "--version", "archive")
    assert out == (
        "Memorandum for the Record, Washington, November 11, 1953, folder 2, box 76, Job 79-01025A, "
        "Central Intelligence Agency.\n"
    )


def test_summary(runner: CliRunner, tmp_path: Path) -> None:
    """The summary counts documents, records, editorial notes and how the source notes parsed."""
    code, out, _ = run(runner, "import", "frus", str(CURRENT), "--into", str(tmp_path))
    assert code == 0
    assert out.splitlines()[0] == (
        "frus1977-80v01 (frus1977-80v01-current.xml): 2 documents, 3 records written, "
        "0 unchanged, 0 kept as edited, 1 editorial notes"
    )
    assert "  source notes: 1: " in out


def test_dry_run_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    code, out, _ = run(runner, "import", "frus", str(V12), "--into", str(tmp_path / "r"), "--dry-run")
    assert code == 0
    assert "4 records would be written" in out
    assert not (tmp_path / "r").exists()


def test_reimport_keeps_edited_records(runner: CliRunner, tmp_path: Path) -> None:
    """A record a person edited is kept on re-import, and named; --force overwrites it."""
    run(runner, "import", "frus", str(V12), "--into", str(tmp_path))
    d23 = tmp_path / "frus1969-76v12" / "d23.yaml"
    edited = d23.read_text(encoding="utf-8").replace("place: Washington", "place: Washington, DC")
    d23.write_text(edited, encoding="utf-8")
    code, out, _ = run(runner, "import", "frus", str(V12), "--into", str(tmp_path))
    assert code == 0
    assert "0 records written, 3 unchanged, 1 kept as edited" in out
    assert "kept (edited since imported; --force overwrites): frus1969-76v12-d23" in out
    assert d23.read_text(encoding="utf-8") == edited
    code, out, _ = run(runner, "import", "frus", str(V12), "--into", str(tmp_path), "--force")
    assert "1 records written, 3 unchanged, 0 kept as edited" in out
    assert "place: Washington\n" in d23.read_text(encoding="utf-8")


def test_report_file_lists_notes_not_fully_parsed(runner: CliRunner, tmp_path: Path) -> None:
    report = tmp_path / "report.tsv"
    code, _, _ = run(
        runner, "import", "frus", str(V12), str(GUAT), "--into", str(tmp_path / "r"), "--report", str(report)
    )
    assert code == 0
    assert report.read_text(encoding="utf-8").splitlines()[0] == "id\tstatus\tunparsed"


# Hostile and broken input: one line, exit 1, nothing written.


def hostile(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notxml.xml", b"%PDF-1.4 binary \x00\xff", "not well-formed XML: Start tag expected, '<' not found"),
        ("other.xml", b"<html><body/></html>", "not a TEI file: the root element is <html>"),
        (
            "tei.xml",
            b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc/></teiHeader></TEI>',
            'not a FRUS volume: no <idno type="frus">',
        ),
        (
            "bomb.xml",
            b'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            b'<TEI xmlns="http://www.tei-c.org/ns/1.0">&b;</TEI>',
            "the file defines XML entities in a DTD; archcite does not expand them",
        ),
        (
            "xxe.xml",
            b'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<TEI xmlns="http://www.tei-c.org/ns/1.0">&x;</TEI>',
            "the file defines XML entities in a DTD; archcite does not expand them",
        ),
    ],
)
def test_hostile_input_is_refused_and_the_other_volumes_imported(
    runner: CliRunner, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    """A file that is not a FRUS volume is one line on stderr and exit 1; the other volumes still import."""
    path = hostile(tmp_path, name, content)
    code, out, err = run(runner, "import", "frus", str(V12), str(path), "--into", str(tmp_path / "r"))
    assert code == 1
    assert err.startswith(f"archcite: {path}")
    assert message in err
    assert len(err.splitlines()) == 1
    assert f"({path.name}): not imported: " in out
    written = sorted(p.relative_to(tmp_path / "r").parts[0] for p in (tmp_path / "r").rglob("*.yaml"))
    assert set(written) == {"frus1969-76v12"}  # the good volume, nothing of the bad file


def test_hostile_input_alone_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    path = hostile(tmp_path, "other.xml", b"<html><body/></html>")
    code, _, _ = run(runner, "import", "frus", str(path), "--into", str(tmp_path / "r"))
    assert code == 1
    assert not (tmp_path / "r").exists()


def _listing(directory: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(directory)): p.read_bytes() if p.is_file() else None for p in directory.rglob("*")}


@pytest.mark.parametrize("cores", [1, 2])
def test_a_refused_volume_after_others_were_written_leaves_nothing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: int
) -> None:
    """Volumes are planned and written to temporary files as they are read; one refused after them
    (its records' ids are taken) leaves no file, no temporary file and no directory behind."""
    from archcite import workers

    monkeypatch.setattr(workers, "cores", lambda: cores)
    first, again = tmp_path / "a.xml", tmp_path / "b.xml"
    shutil.copyfile(V12, first)
    shutil.copyfile(V12, again)  # the same documents under another name
    code, _, err = run(runner, "import", "frus", str(GUAT), str(first), str(again), "--into", str(tmp_path / "r"))
    assert code == 1
    assert "b.xml: frus1969-76v12: two records have this id (the other is in a.xml)" in err
    assert not (tmp_path / "r").exists()
    records = tmp_path / "kept"
    assert run(runner, "import", "frus", str(CURRENT), "--into", str(records))[0] == 0
    before = _listing(records)
    code, _, err = run(runner, "import", "frus", str(GUAT), str(first), str(again), "--into", str(records))
    assert code == 1
    assert _listing(records) == before


def test_truncated_volume(runner: CliRunner, tmp_path: Path) -> None:
    data = V12.read_bytes()
    path = hostile(tmp_path, "cut.xml", data[: len(data) // 2])
    code, _, err = run(runner, "import", "frus", str(path), "--into", str(tmp_path / "r"))
    assert code == 1
    assert err.startswith(f"archcite: {path}:")
    assert "not well-formed XML" in err
    assert not (tmp_path / "r").exists()


def test_huge_file_is_refused_before_reading(runner: CliRunner, tmp_path: Path) -> None:
    """A 2 GB file is refused by its size, without reading it."""
    path = tmp_path / "huge.xml"
    with path.open("wb") as f:
        f.truncate(2 * 1024**3)  # sparse: no disk used
    code, _, err = run(runner, "import", "frus", str(path), "--into", str(tmp_path / "r"))
    expected = f"archcite: {path}: FRUS volume is larger than archcite reads (268,435,456 bytes at most)\n"
    assert (code, err) == (1, expected)


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "import", "frus", str(tmp_path / "nope.xml"), "--into", str(tmp_path))
    expected = f"archcite: {tmp_path}/nope.xml: cannot read FRUS volume: No such file or directory\n"
    assert (code, err) == (1, expected)


def test_interrupted_import_leaves_whole_files(tmp_path: Path) -> None:
    """An import killed while writing leaves every record file whole (old or new), and no temporary files."""
    import signal
    import subprocess
    import sys
    import time

    volume = Path(__file__).resolve().parents[2] / "shared" / "frus" / "frus1969-76v20.xml"
    if not volume.exists():
        pytest.skip("shared FRUS volumes not available")
    into = tmp_path / "r"
    args = [sys.executable, "-m", "archcite", "import", "frus", str(volume), "--into", str(into)]
    for delay in (0.6, 0.9, 1.2):
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for path in into.rglob("*"):
            assert not path.name.endswith(".tmp") or path.name.startswith("."), path
            if path.suffix == ".yaml":
                store.load_file(path, Volume if path.stem == "volume" else Record)
        for temp in into.rglob(".*.tmp"):
            temp.unlink()  # a killed writer cannot clean up; the next import must not mind


def test_no_file_outside_into(tmp_path: Path, runner: CliRunner) -> None:
    """Everything an import writes is inside --into."""
    into = tmp_path / "r"
    before = set(os.listdir(tmp_path))
    run(runner, "import", "frus", str(V12), "--into", str(into))
    assert set(os.listdir(tmp_path)) - before == {"r"}
    shutil.rmtree(into)


def test_defects_of_real_volumes_are_read_past_and_reported(runner: CliRunner, tmp_path: Path) -> None:
    """Duplicate ids, comments and processing instructions anywhere, an empty <editor/> in the header
    (each seen in a public FRUS volume): the volume imports, the records are as without them, and the
    report names each defect."""
    text = V12.read_text(encoding="utf-8")
    damaged = (
        text.replace('<editor role="general">', '<editor role="primary"/><editor role="general">', 1)
        .replace("<head>23. Memorandum From", "<head><!-- a comment -->23. Memorandum <?pi x?>From", 1)
        .replace('xml:id="d24fn1"', 'xml:id="d23fn1"', 1)
        .replace("<head>SUBJECT</head>", "<head>SUBJECT<!-- another --></head>", 1)
    )
    assert damaged.count("<!--") == text.count("<!--") + 2
    assert "<?pi" in damaged
    assert damaged.count('xml:id="d23fn1"') == 2
    volume = tmp_path / V12.name
    volume.write_text(damaged, encoding="utf-8")
    code, out, err = run(runner, "import", "frus", str(volume), "--into", str(tmp_path / "damaged"))
    assert (code, err) == (0, "")
    assert "warnings (2): the xml:id 'd23fn1' is given to more than one element; an empty <editor> in the header" in out
    assert run(runner, "import", "frus", str(V12), "--into", str(tmp_path / "clean"))[0] == 0
    for clean in sorted((tmp_path / "clean").rglob("*.yaml")):
        damaged_file = tmp_path / "damaged" / clean.relative_to(tmp_path / "clean")
        body = [line for line in damaged_file.read_text().splitlines() if not line.startswith("# ")]
        assert body == [line for line in clean.read_text().splitlines() if not line.startswith("# ")], clean.name


def test_repositories_are_named_in_full_with_their_place(tmp_path: Path) -> None:
    """The source note prints `National Archives, Nixon Presidential Materials, …`; the record names the
    repository as a note does, with its place (repositories.py), and keeps the note verbatim."""
    record = next(d.record for d in read_volume(V12).documents if d.record.id.endswith("-d23"))
    assert record.archive is not None
    assert (record.archive.repository, record.archive.repository_place) == ("National Archives", "College Park, MD")
    assert record.source_note is not None
    assert record.source_note.startswith("Source: National Archives, Nixon Presidential Materials")


def test_a_parenthesis_split_off_the_item_before_is_no_participant() -> None:
    """``Ambassador Herbert Blankenhorn`` then ``(NATO)`` as an item of its own (frus1955-57v26,
    d164): the second names no one."""
    from archcite import participants
    from archcite.persons import PersonsList

    items = [participants.Item.plain("Ambassador Herbert Blankenhorn"), participants.Item.plain("(NATO)")]
    assert [p.name for p in participants.parse(items, PersonsList())] == ["Herbert Blankenhorn"]


@pytest.mark.parametrize(
    ("entry", "head", "date", "note"),
    [
        (  # the pages before the marking
            "Memorandum from Joint Chiefs of Staff to McNamara, November 14. 17 pp. of source text not declassified."
            " Top Secret. National Archives and Records Administration, RG 218, JCS Records, JMF 3105 (22 June 62)"
            " Sec 1.",
            "Memorandum from Joint Chiefs of Staff to McNamara",
            "November 14",
            "Source: National Archives and Records Administration, RG 218, JCS Records, JMF 3105 (22 June 62) Sec 1. "
            "Top Secret.",
        ),
        (  # the pages last
            "Memorandum from Schlesinger to President Kennedy, May 18. Secret. CIA Files, Schlesinger Papers, "
            "4/21/61–6/19/61. 6 pp. of source text not declassified.",
            "Memorandum from Schlesinger to President Kennedy",
            "May 18",
            "Source: CIA Files, Schlesinger Papers, 4/21/61–6/19/61. Secret.",
        ),
        (  # a month and year; a quoted title before the marking
            "Report by the Special Studies Group, Joint Chiefs of Staff, April 1963. “Further Study of Requirements "
            "for Tactical Nuclear Weapons.” Top Secret; Restricted Data. 37 pp. Kennedy Library, National Security "
            "Files, Kaysen, 4/63.",
            "Report by the Special Studies Group, Joint Chiefs of Staff",
            "April 1963",
            "Source: Kennedy Library, National Security Files, Kaysen, 4/63. Top Secret; Restricted Data.",
        ),
        (  # "Secret, 4 pp."; a sentence of summary before the location; the next heading's month printed after it
            "Note from Rusk to Bowles, September 1961. Guidance. No classification marking. 7 pp. Two attachments "
            "provide background material. Yale University Library, Bowles Papers, Box 300, Folder 536. May 1963",
            "Note from Rusk to Bowles",
            "September 1961",
            "Source: Yale University Library, Bowles Papers, Box 300, Folder 536. No classification marking.",
        ),
        (
            "Memorandum from Kaysen to President Kennedy, January 5. Resumption of testing. Secret, 4 pp. Kennedy "
            "Library, National Security Files, Subjects Series.",
            "Memorandum from Kaysen to President Kennedy",
            "January 5",
            "Source: Kennedy Library, National Security Files, Subjects Series. Secret.",
        ),
    ],
)
def test_microfiche_entries_of_every_form(entry: str, head: str, date: str, note: str) -> None:
    """frus1961-63v07-09mSupp: a microfiche supplement's entry is its heading, date and source note,
    whichever order it prints the pages, the marking and the location in."""
    from archcite.importers.frus_tei import _msupp

    assert _msupp(entry) == (head, date, note)
