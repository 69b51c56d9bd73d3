"""``archcite find``: each filter as a historian asks it, the output forms, the exit codes, and
answers that stay those of a fresh index after edits, renames, moves and damage."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import main
from archcite.errors import UsageError
from conftest import heavy_modules_loaded

VOLUME = """\
id: frus1969-76v12
subseries: 1969–1976
volume: XII
title: Soviet Union, January 1969–October 1970
editors: [Erin R. Mahan]
general_editor: Edward C. Keefer
publisher: Government Printing Office
publisher_place: Washington, DC
year: 2006
"""

RECORDS = {
    "d1": """\
id: frus1969-76v12-d1
kind: memorandum of conversation
title: Memorandum of Conversation
date: 1969-02-17
participants:
  - name: Henry A. Kissinger
  - name: Anatoly F. Dobrynin
    role: Soviet Ambassador
classification: [Top Secret]
caveats: [Nodis]
archive:
  repository: National Archives
  collection: Nixon Presidential Materials
  series: [NSC Files, Subject Files]
  box: "340"
  folder: USSR Memcons Dobrynin/President 2/17/69
published_in: {volume: frus1969-76v12, document: 1}
source_note: "Source: National Archives, Nixon Presidential Materials, NSC Files, Box 340. Top Secret; Nodis."
""",
    "d2": """\
id: frus1969-76v12-d2
kind: telegram
title: Telegram From the Embassy in the Soviet Union to the Department of State
number: "2318"
date: 1969-03-03T12:00:00Z
from:
  - {name: Embassy in the Soviet Union, office: true}
to:
  - {name: Department of State, office: true}
classification: [Secret]
caveats: [Exdis]
archive:
  repository: National Archives
  record_group: RG 59
  collection: Central Files 1967–69
  file_code: POL 27 VIET S
published_in: {volume: frus1969-76v12, document: 2}
source_note: "Source: National Archives, RG 59, Central Files 1967–69, POL 27 VIET S. Secret; Exdis. Sent to Saigon."
""",
    "d3": """\
id: frus1969-76v12-d3
kind: letter
title: Letter From President Nixon to Chairman Kosygin about the Middle East
date: 1969-02
from:
  - {name: Richard M. Nixon, role: President}
to:
  - {name: Aleksei N. Kosygin, role: Chairman of the Council of Ministers}
classification: [Confidential]
remarks: [The letter was handed over by Ambassador Beam.]
archive:
  repository: National Archives
  collection: Nixon Presidential Materials
  series: [NSC Files, Presidential Correspondence]
  box: "765"
published_in: {volume: frus1969-76v12, document: 3}
""",
    "d4": """\
id: frus1969-76v12-d4
kind: memorandum
title: Memorandum From José Martí Pérez to Henry Kissinger
date: 1969~
from:
  - {name: José Martí Pérez}
to:
  - {name: Henry A. Kissinger}
published_in: {volume: frus1969-76v12, document: 4}
""",
    "d5": """\
id: frus1969-76v12-d5
kind: editorial note
title: Editorial Note
published_in: {volume: frus1969-76v12, document: 5}
""",
}


@pytest.fixture
def recs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARCHCITE_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "records"
    volume = root / "frus1969-76v12"
    volume.mkdir(parents=True)
    (volume / "volume.yaml").write_text(VOLUME, encoding="utf-8")
    for stem, text in RECORDS.items():
        (volume / f"{stem}.yaml").write_text(text, encoding="utf-8")
    return root


def find(root: Path, *args: str, code: int | None = 0) -> list[str]:
    """The ids ``archcite find`` prints (piped), after checking its exit code (None: any)."""
    result = CliRunner().invoke(main, ["find", "--records", str(root), *args])
    assert code is None or result.exit_code == code, result.output
    return result.stdout.split()


def ids(*numbers: int) -> list[str]:
    return [f"frus1969-76v12-d{n}" for n in numbers]


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--from", "Nixon"], [3]),
        (["--from", "Richard M. Nixon"], [3]),
        (["--from", "richard nixon"], [3]),  # words in order, a middle initial left out
        (["--from", "President"], [3]),  # the role
        (["--to", "Kissinger"], [4]),
        (["--from", "Jose Marti"], [4]),  # without accents
        (["--from", "PÉREZ"], [4]),
        (["--from", "Embassy in the Soviet Union"], [2]),  # an office
        (["--to", "Department of State"], [2]),
        (["--participant", "Dobrynin"], [1]),
        (["--participant", "Kissinger"], [4, 1]),  # a correspondent takes part too; "1969~" sorts first
        (["--participant", "Soviet Ambassador"], [1]),
        (["--participant", "Kissinger", "--participant", "Dobrynin"], [1]),  # each must be found
        (["--participant", "Kissinger", "--participant", "Nixon"], []),
        (["--from", "Kissinger", "--to", "Dobrynin"], []),
        (["--from", "Nixon Richard"], []),  # not in order
        (["--from", "Nix"], []),  # a word, not part of one
        (["--from", "Embassy Union"], []),  # an office matches as a run of its words
        (["--from", "Soviet Union"], [2]),
    ],
)
def test_names_match_a_full_name_a_surname_or_an_office(recs: Path, args: list[str], expected: list[int]) -> None:
    assert find(recs, *args, code=0 if expected else 1) == ids(*expected)


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("1969-02", [3, 1]),  # by date: February (d3) sorts before February 17
        ("1969-02-17", [1]),
        ("1969-03-03", [2]),  # a time does not keep a dated record out of its day
        ("1969-02-01/1969-03-31", [3, 1, 2]),
        ("1969", [4, 3, 1, 2]),  # "1969~" spans the year
        ("1969-02-10", []),  # "1969-02" may not be that day: not found by it
        ("1970", []),
    ],
)
def test_a_date_filter_matches_records_wholly_within_it(recs: Path, date: str, expected: list[int]) -> None:
    assert find(recs, "--date", date, code=0 if expected else 1) == ids(*expected)


def test_an_undated_record_never_matches_a_date(recs: Path) -> None:
    assert ids(5)[0] in find(recs)
    assert ids(5)[0] not in find(recs, "--date", "1000/2999")


# --- markings and places ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--classification", "secret"], [2]),  # not Top Secret
        (["--classification", "Top Secret"], [1]),
        (["--caveat", "NODIS"], [1]),
        (["--classification", "Top Secret", "--caveat", "Nodis", "--volume", "frus1969-76v12"], [1]),
        (["--box", "340"], [1]),
        (["--box", "34"], []),
        (["--folder", "memcons dobrynin"], [1]),
        (["--file-code", "POL 27"], [2]),  # its first words
        (["--file-code", "POL 2"], []),
        (["--repository", "National Archives"], [3, 1, 2]),
        (["--collection", "RG 59"], [2]),
        (["--collection", "Nixon Presidential Materials"], [3, 1]),
        (["--series", "Presidential Correspondence"], [3]),
        (["--kind", "Telegram"], [2]),
        (["--kind", "memorandum"], [4]),  # a kind is matched whole
        (["--volume", "frus1969-76v12", "--number", "3"], [3]),
        (["--volume", "frus1969-76v09"], []),
    ],
)
def test_markings_and_archival_levels(recs: Path, args: list[str], expected: list[int]) -> None:
    assert find(recs, *args, code=0 if expected else 1) == ids(*expected)


# --- full text -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kosygin", [3]),  # the title
        ("Beam", [3]),  # remarks
        ("Saigon", [2]),  # the source note
        ("2318", [2]),  # the message number
        ("USSR Memcons", [1]),  # the folder
        ('"Middle East"', [3]),  # a phrase
        ('"East Middle"', []),
        ("marti", [4]),  # without accents
        ("Kissinger Kosygin", []),  # every word must occur
        ("Kissinger OR Kosygin", [4, 3]),
        ("Kosyg*", [3]),
        ("Dobrynin/President", [1]),  # a word with a stop in it: the phrase of its parts
        ("POL 27 VIET-S", [2]),
        ("NEAR(Middle East, 2)", [3]),
        ("NEAR(Kosygin East, 1)", []),
    ],
)
def test_text_searches_titles_notes_remarks_and_archival_levels(recs: Path, text: str, expected: list[int]) -> None:
    assert find(recs, text, code=0 if expected else 1) == ids(*expected)


def test_text_results_are_ranked_by_relevance(recs: Path) -> None:
    (recs / "frus1969-76v12" / "d6.yaml").write_text(
        "id: frus1969-76v12-d6\ntitle: Kosygin, Kosygin and Kosygin\n"
        "published_in: {volume: frus1969-76v12, document: 6}\n",
        encoding="utf-8",
    )
    assert find(recs, "Kosygin") == ids(6, 3)
    assert find(recs, "Kosygin", "--sort", "id") == ids(3, 6)


# --- output and exit codes ---------------------------------------------------------------------


def test_json_is_one_object_per_line(recs: Path) -> None:
    result = CliRunner().invoke(main, ["find", "--records", str(recs), "--from", "Nixon", "--format", "json"])
    assert result.exit_code == 0
    [line] = result.stdout.splitlines()
    hit = json.loads(line)
    assert hit["id"] == "frus1969-76v12-d3"
    assert hit["from"] == ["Richard M. Nixon"]
    assert hit["to"] == ["Aleksei N. Kosygin"]
    assert hit["date"] == "1969-02"
    assert hit["where"] == "Nixon Presidential Materials, Presidential Correspondence, box 765"


def test_count_and_limit(recs: Path) -> None:
    assert find(recs, "--repository", "National Archives", "--count") == ["3"]
    assert find(recs, "--from", "Brezhnev", "--count", code=1) == ["0"]
    assert find(recs, "--repository", "National Archives", "--limit", "2") == ids(3, 1)


def test_no_match_is_exit_1_with_one_line(recs: Path) -> None:
    result = CliRunner().invoke(main, ["find", "--records", str(recs), "--from", "Brezhnev"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "archcite: no record matches\n")


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--date", "February 1969"], "--date"),
        (["--date", "1969-13"], "--date"),
        (["--number", "twelve"], "--number"),
        (["--sort", "size"], "--sort"),
        (["--sort", "relevance"], "--sort"),  # no TEXT to rank by
        (["--limit", "0"], "--limit"),
        (["--from", "…"], "--from"),
        (['"unclosed'], "TEXT"),
        (["AND"], "TEXT"),
    ],
)
def test_a_bad_filter_is_exit_2_naming_it(recs: Path, args: list[str], option: str) -> None:
    result = CliRunner().invoke(main, ["find", "--records", str(recs), *args])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"archcite: {option}"), result.stderr
    assert result.stderr.count("\n") == 1


def test_ids_pipe_into_notes_and_cite(recs: Path) -> None:
    found = CliRunner().invoke(main, ["find", "--records", str(recs), "--date", "1969-02"]).stdout
    notes = CliRunner().invoke(main, ["notes", "-", "--records", str(recs)], input=found)
    assert notes.exit_code == 0, notes.output
    assert notes.stdout.startswith("1. Richard M. Nixon to Aleksei N. Kosygin, February 1969, in ")
    assert (
        "\n2. Memorandum of conversation between Henry A. Kissinger and Anatoly F. Dobrynin, February 17, 1969, in "
        in notes.stdout
    )
    cited = CliRunner().invoke(main, ["cite", "--records", str(recs), *found.split()])
    assert cited.exit_code == 0
    assert cited.stdout.count("\n") == 2


def test_a_record_that_is_not_valid_is_reported_not_searched(recs: Path) -> None:
    (recs / "frus1969-76v12" / "d7.yaml").write_text("id: frus1969-76v12-d7\ndate: 1969-02-30\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["find", "--records", str(recs), "--date", "1969"])
    assert result.exit_code == 0
    assert result.stdout.split() == ids(4, 3, 1, 2)
    assert "1 file(s) hold no valid record and were not searched" in result.stderr
    assert "d7.yaml" in result.stderr


# --- answers stay those of a fresh index ------------------------------------------------------------


def fresh(root: Path, tmp_path: Path, *args: str) -> list[str]:
    """What ``find`` says with an empty cache directory: the truth to compare against."""
    empty = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
    result = CliRunner(env={"ARCHCITE_CACHE": str(empty)}).invoke(main, ["find", "--records", str(root), *args])
    return result.stdout.split()


QUESTIONS = [["--from", "Nixon"], ["Kosygin"], ["--date", "1969-02"], ["--box", "340"], ["--participant", "Kissinger"]]


def same_as_fresh(root: Path, tmp_path: Path) -> None:
    for question in QUESTIONS:
        assert find(root, *question, code=None) == fresh(root, tmp_path, *question), question


def test_answers_follow_edits_renames_moves_and_deletions(recs: Path, tmp_path: Path) -> None:
    volume = recs / "frus1969-76v12"
    same_as_fresh(recs, tmp_path)
    d3 = volume / "d3.yaml"
    stat = d3.stat()
    text = d3.read_text(encoding="utf-8")
    d3.write_text(text.replace("Kosygin", "Podgorny"), encoding="utf-8")  # same size
    os.utime(d3, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the old time
    assert find(recs, "Kosygin", code=1) == []
    assert find(recs, "Podgorny") == ids(3)
    same_as_fresh(recs, tmp_path)
    (volume / "d1.yaml").rename(volume / "d9.yaml")  # a renamed file is another document
    assert find(recs, "--box", "340") == ["frus1969-76v12-d9"]
    shutil.move(str(volume), str(recs / "moved"))  # a renamed volume folder
    (recs / "nested").mkdir()
    shutil.move(str(recs / "moved"), str(recs / "nested" / "frus1969-76v12"))
    assert find(recs, "--box", "340") == ["frus1969-76v12-d9"]
    same_as_fresh(recs, tmp_path)
    (recs / "nested" / "frus1969-76v12" / "d9.yaml").unlink()
    assert find(recs, "--box", "340", code=1) == []
    same_as_fresh(recs, tmp_path)


def test_a_damaged_index_is_rebuilt_never_trusted(recs: Path, tmp_path: Path) -> None:
    for path in recs.rglob("*.yaml"):
        os.utime(path, (1e9, 1e9))  # long unchanged: the index vouches for them without reading
    assert find(recs, "--from", "Nixon") == ids(3)
    [db_file] = (tmp_path / "cache").glob("index-*.sqlite")
    db = sqlite3.connect(db_file)
    db.execute("UPDATE finds SET summary = 'not json'")  # unreadable rows: all made again
    db.commit()
    assert find(recs, "--from", "Nixon") == ids(3)
    db.execute("UPDATE files SET sha = 'f' || sha")  # a hash that no row is for: each file read again
    db.execute("DROP TABLE find_text")
    db.commit()
    db.close()
    assert find(recs, "Kosygin") == ids(3)
    db_file.write_bytes(b"garbage" * 100)  # not a database at all
    assert find(recs, "--from", "Nixon") == ids(3)
    same_as_fresh(recs, tmp_path)


def test_find_works_without_a_cache_directory(recs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache directory that cannot be used means an index in memory, and the same answers."""
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("ARCHCITE_CACHE", str(blocked))
    assert find(recs, "--participant", "Kissinger") == ids(4, 1)
    assert find(recs, "Kosygin") == ids(3)
    assert blocked.read_text(encoding="utf-8") == ""


# --- the quick path: a piped find without the command-line library --------------------------------


def test_the_quick_grammar_is_the_commands_own() -> None:
    """Every option the quick path reads is an option of `find` with the same name; any other sends
    the arguments to the full command."""
    import click

    from archcite import quickfind
    from archcite.cli import find as command

    options = {opt: param for param in command.params if isinstance(param, click.Option) for opt in param.opts}
    for flag, dest in quickfind.VALUED.items():
        assert options[flag].name == dest, flag
        assert not options[flag].is_flag
    for flag, dest in quickfind.FLAGS.items():
        assert options[flag].is_flag
        assert options[flag].name == dest
    for flag in set(options) - set(quickfind.VALUED) - set(quickfind.FLAGS):
        assert quickfind.parse(["Kosygin", flag]) is None, flag
    assert quickfind.parse(["one", "two"]) is None  # TEXT is one argument


QUICK = [
    ["--from", "Nixon"],
    ["--participant", "Kissinger", "--participant=Dobrynin"],
    ["Kosygin", "--format", "json"],
    ["--date", "1969", "--limit", "2", "--sort", "id"],
    ["--repository", "National Archives", "--count"],
    ["--from", "Brezhnev", "--count"],
    ["--from", "Brezhnev"],  # no match: the full command says so
    ["--date", "February 1969"],  # a bad filter: the full command says so
    ["--sort", "relevance"],
    ["--format", "table"],
    ["--limit", "two"],
    ["--limit", "²"],
    ["--format", ""],
    ["--from", "a " * 400],
]


@pytest.mark.parametrize("args", QUICK, ids=[" ".join(a) for a in QUICK])
def test_quick_answers_are_the_full_commands(recs: Path, tmp_path: Path, args: list[str]) -> None:
    """Piped, `archcite find` prints exactly what the full command prints, quick path or not."""
    import subprocess
    import sys

    env = {**os.environ, "ARCHCITE_CACHE": str(tmp_path / "cache"), "ARCHCITE_RECORDS": str(recs)}
    installed = subprocess.run(
        [sys.executable, "-m", "archcite", "find", *args], capture_output=True, text=True, env=env, check=False
    )
    full = CliRunner(env={"ARCHCITE_RECORDS": str(recs)}).invoke(main, ["find", *args], prog_name="archcite")
    assert (installed.returncode, installed.stdout, installed.stderr) == (full.exit_code, full.stdout, full.stderr)


def test_a_piped_find_loads_no_command_line_library(recs: Path, tmp_path: Path) -> None:
    """A piped `archcite find` imports neither click nor rich, nor pydantic once its rows are made."""
    env = {**os.environ, "ARCHCITE_CACHE": str(tmp_path / "cache"), "ARCHCITE_RECORDS": str(recs)}
    first, loaded_first = heavy_modules_loaded(["find", "--from", "Nixon"], env)
    second, loaded_second = heavy_modules_loaded(["find", "--from", "Nixon"], env)
    assert first == second == "frus1969-76v12-d3\n"
    assert "pydantic" in loaded_first  # the rows were made: records parsed
    assert loaded_second == []


# --- what a review found: each a test that failed before -------------------------------------------


def test_letters_unicode_does_not_decompose_are_folded(recs: Path) -> None:
    (recs / "frus1969-76v12" / "d8.yaml").write_text(
        "id: frus1969-76v12-d8\ntitle: Letter From Lech Wałęsa in Łódź to Ørsted in the Straße\n"
        "from: [{name: Lech Wałęsa}]\npublished_in: {volume: frus1969-76v12, document: 8}\n",
        encoding="utf-8",
    )
    assert find(recs, "--from", "Walesa") == ids(8)
    assert find(recs, "Lodz Orsted Strasse") == ids(8)
    assert find(recs, "Łódź") == ids(8)


def test_filters_that_are_not_text_or_too_long_are_usage_errors(recs: Path) -> None:
    from archcite import finding, store

    found = store.Store(recs)
    finding.search(found, finding.Query(sender="Nixon"))
    rows = found.index.db.execute("SELECT count(*) FROM finds").fetchone()
    for query in (finding.Query(text="\udcff"), finding.Query(volume="\udcff"), finding.Query(sender="a " * 400)):
        with pytest.raises(UsageError):
            finding.search(found, query)
    assert found.index.db.execute("SELECT count(*) FROM finds").fetchone() == rows  # nothing dropped


def test_a_search_is_one_snapshot_in_which_every_file_has_its_row(
    recs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another command records a file's new hash before its row: the search completes the row."""
    from archcite import finding, store

    d3 = recs / "frus1969-76v12" / "d3.yaml"
    real = finding._read_unproven

    def then_another_command_reads(found: store.Store) -> list[str]:
        unreadable = real(found)
        d3.write_text(d3.read_text(encoding="utf-8").replace("Middle East", "Near East"), encoding="utf-8")
        store.Store(recs).source(d3)  # records the new hash; no row for it yet
        return unreadable

    monkeypatch.setattr(finding, "_read_unproven", then_another_command_reads)
    assert find(recs, "--from", "Nixon") == ids(3)
    assert find(recs, '"Near East"') == ids(3)


def test_a_file_that_does_not_hold_still_is_searched_as_read(recs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from archcite import boundedio

    real = boundedio.read_file

    def changing(*args: object, **kwargs: object) -> object:
        data, _ = real(*args, **kwargs)  # type: ignore[arg-type]
        return data, None  # the file changed while it was read: no stat to vouch for it

    monkeypatch.setattr(boundedio, "read_file", changing)
    assert find(recs, "--date", "1969") == ids(4, 3, 1, 2)


def test_a_records_directory_given_through_a_link_is_followed(recs: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(recs / "frus1969-76v12", target_is_directory=True)
    for path in link.iterdir():
        os.utime(path, (1e9, 1e9))
    os.utime(recs / "frus1969-76v12", (1e9, 1e9))
    assert "d3" in find(link, "Kosygin")[0]
    (recs / "frus1969-76v12" / "d3.yaml").rename(recs / "frus1969-76v12" / "d30.yaml")
    assert find(link, "Kosygin") == fresh(link, tmp_path, "Kosygin")
    assert find(link, "Kosygin")[0].endswith("d30")


def test_a_directory_replaced_by_a_link_is_not_searched(recs: Path, tmp_path: Path) -> None:
    other = recs / "other"
    other.mkdir()
    (other / "x1.yaml").write_text("id: x1\ntitle: Kosygin again\n", encoding="utf-8")
    assert find(recs, "Kosygin", "--sort", "id") == [*ids(3), "x1"]
    shutil.rmtree(other)
    (recs / "other").symlink_to(recs, target_is_directory=True)
    assert find(recs, "Kosygin") == fresh(recs, tmp_path, "Kosygin") == ids(3)


def test_a_link_whose_target_appears_later_is_found(recs: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.yaml"
    link = recs / "frus1969-76v12" / "d9.yaml"
    link.symlink_to(target)
    result = CliRunner().invoke(main, ["find", "--records", str(recs), "Kosygin"])
    assert result.stdout.split() == ids(3)
    assert "d9.yaml" in result.stderr  # a link to nothing is a record file that cannot be read
    target.write_text(
        "id: frus1969-76v12-d9\ntitle: Kosygin\npublished_in: {volume: frus1969-76v12, document: 9}\n",
        encoding="utf-8",
    )
    assert find(recs, "Kosygin", "--sort", "id") == fresh(recs, tmp_path, "Kosygin", "--sort", "id") == ids(3, 9)


def test_a_directory_that_could_not_be_read_is_looked_at_again(recs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.scandir
    blocked = str(recs / "frus1969-76v12")

    def refusing(path: object = ".") -> object:
        if str(path) == blocked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refusing)
    result = CliRunner().invoke(main, ["find", "--records", str(recs), "--count"])
    assert result.stdout == "0\n"
    assert "cannot read the directory" in result.stderr
    monkeypatch.setattr(os, "scandir", real)
    assert find(recs, "--from", "Nixon") == ids(3)


def test_a_warning_names_the_file_as_messages_do(recs: Path) -> None:
    (recs / "frus1969-76v12" / "d7.yaml").write_bytes(b"\xff\xfe")
    result = CliRunner().invoke(main, ["find", "--records", str(recs), "--from", "Nixon"])
    assert "Location(" not in result.stderr
    assert "d7.yaml: not UTF-8 text" in result.stderr


def test_an_id_held_by_two_files_is_said_to_be_so(recs: Path) -> None:
    copy = recs / "copy" / "frus1969-76v12"
    copy.mkdir(parents=True)
    shutil.copy(recs / "frus1969-76v12" / "d3.yaml", copy / "d3.yaml")
    result = CliRunner().invoke(main, ["find", "--records", str(recs), "Kosygin"])
    assert result.stdout.split() == ids(3, 3)
    assert "frus1969-76v12-d3 is held by 2 files" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_ranking_is_made_over_the_files_contents_alone(recs: Path, tmp_path: Path) -> None:
    """bm25 weighs each word by the rows that hold it: rows of contents no file holds any more
    would rank differently from a fresh index, so a ranked search drops them first."""
    from archcite import store

    volume = recs / "frus1969-76v12"
    assert find(recs, "Kosygin") == ids(3)
    for n in range(10, 20):  # contents that come and go, each with the word
        path = volume / f"d{n}.yaml"
        path.write_text(f"id: frus1969-76v12-d{n}\ntitle: Kosygin {n}\n", encoding="utf-8")
        assert find(recs, "Kosygin", "--count")
        path.unlink()
    (volume / "d21.yaml").write_text("id: frus1969-76v12-d21\ntitle: Kosygin and Kosygin\n", encoding="utf-8")
    assert find(recs, "Kosygin", "--format", "json") == fresh(recs, tmp_path, "Kosygin", "--format", "json")
    index = store.Store(recs).index
    held = {sha for (sha,) in index.db.execute("SELECT sha FROM files WHERE sha IS NOT NULL")}
    kept = {sha for (sha,) in index.db.execute("SELECT sha FROM finds")}
    assert kept <= held


# --- the check that every file is what the index recorded -----------------------------------------


def copies_of(recs: Path, count: int) -> list[Path]:
    """*count* more volume folders beside the one of ``recs``, copies of it under other ids."""
    source = recs / "frus1969-76v12"
    made = []
    for n in range(count):
        target = recs / f"frus1969-76v{13 + n}"
        target.mkdir()
        for path in source.iterdir():
            text = path.read_text(encoding="utf-8").replace("frus1969-76v12", target.name)
            (target / path.name).write_text(text, encoding="utf-8")
        made.append(target)
    return made


@pytest.mark.parametrize("in_two", [False, True], ids=["here", "split-with-a-forked-process"])
def test_one_changed_file_among_many_is_found(
    recs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_two: bool
) -> None:
    """Each directory's files are checked at once against their recorded stats, here or half of
    them in a second process: a same-size edit with its time put back, in one file of one folder,
    is seen, and so is a damaged or swapped proof."""
    from archcite import index as index_module

    monkeypatch.setattr(index_module, "STAT_IN_TWO_ABOVE", 0 if in_two else 10**9)
    monkeypatch.setattr(index_module, "RACY_NS", 0)  # as if every file had long been unchanged
    folders = copies_of(recs, 3)
    same_as_fresh(recs, tmp_path)
    assert find(recs, "Kosygin", "--count")  # the files were read by the first search: now proven
    d3 = folders[1] / "d3.yaml"
    before = d3.stat()
    d3.write_text(d3.read_text(encoding="utf-8").replace("Kosygin", "Podgorny"), encoding="utf-8")
    os.utime(d3, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert find(recs, "Podgorny") == [f"{folders[1].name}-d3"]
    same_as_fresh(recs, tmp_path)
    [db_file] = (tmp_path / "cache").glob("index-*.sqlite")
    db = sqlite3.connect(db_file)
    stats = dict(db.execute("SELECT dir, stats FROM proofs"))
    assert set(stats) >= {f.name for f in folders}
    # A proof that is no proof at all, and one that is another folder's: the files say otherwise.
    db.execute("UPDATE proofs SET stats = x'00' WHERE dir = ?", (folders[0].name,))
    db.execute("UPDATE proofs SET stats = 'text', names = 1 WHERE dir = 'frus1969-76v12'")
    db.execute("UPDATE proofs SET stats = ? WHERE dir = ?", (stats[folders[0].name], folders[2].name))
    db.commit()
    db.close()
    (folders[2] / "d3.yaml").write_text(d3.read_text(encoding="utf-8").replace(folders[1].name, folders[2].name))
    os.utime(folders[2] / "d3.yaml", ns=(before.st_atime_ns, before.st_mtime_ns))
    assert find(recs, "Podgorny") == sorted([f"{folders[1].name}-d3", f"{folders[2].name}-d3"])
    same_as_fresh(recs, tmp_path)


def test_a_change_another_command_recorded_is_searched(recs: Path, tmp_path: Path) -> None:
    """``cite`` records a file's new content in the index without making its search row: the next
    find sees that the files changed since its tables were complete, and makes the row."""
    d3 = recs / "frus1969-76v12" / "d3.yaml"
    assert find(recs, "Kosygin") == ids(3)
    d3.write_text(d3.read_text(encoding="utf-8").replace("Kosygin", "Podgorny"), encoding="utf-8")
    os.utime(d3, (1e9, 1e9))
    assert CliRunner().invoke(main, ["cite", "frus1969-76v12-d3", "--records", str(recs)]).exit_code == 0
    assert find(recs, "Podgorny") == ids(3)
    same_as_fresh(recs, tmp_path)


def test_rows_lost_from_the_tables_are_made_again(recs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows deleted behind the index's back (as a damaged file would lose them) take the tables'
    completeness with them: the next search checks again and makes the rows."""
    from archcite import index as index_module

    monkeypatch.setattr(index_module, "RACY_NS", 0)  # files proven by their stat: nothing read again
    assert find(recs, "--participant", "Kissinger") == ids(4, 1)
    [db_file] = (tmp_path / "cache").glob("index-*.sqlite")
    db = sqlite3.connect(db_file)
    assert db.execute("SELECT count(*) FROM find_state").fetchone() == (1,)
    db.execute("DELETE FROM finds WHERE senders LIKE '%kissinger%' OR participants LIKE '%kissinger%'")
    db.commit()
    assert db.execute("SELECT count(*) FROM find_state").fetchone() == (0,)
    db.close()
    assert find(recs, "--participant", "Kissinger") == ids(4, 1)
    db = sqlite3.connect(db_file)
    db.executescript("DROP TABLE finds; DROP TABLE find_text;")  # both gone, the completeness left behind
    db.close()
    assert find(recs, "--participant", "Kissinger") == ids(4, 1)
    same_as_fresh(recs, tmp_path)
