"""Never a wrong answer, never a lost record: each failure once seen, as a test.

Every answer given from the index or the render cache is compared with the same command run
with a fresh, empty cache directory.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite import cachedir, rendercache
from archcite.cli import main
from conftest import RECORDS, ROOT
from test_rules import D120_NOTE

DATA = Path(__file__).resolve().parent / "data"
CREEL = (
    "George Creel to Colonel House, September 25, 1918, Edward M. House Papers, Yale University Library, New Haven, CT."
)


def run(args: list[str], *, cache_dir: Path | None = None, stdin: str | None = None) -> tuple[int, str, str]:
    """``archcite ARGS`` in-process, with the cache in *cache_dir* (a fresh one when None)."""
    import tempfile

    fresh = cache_dir is None
    directory = Path(tempfile.mkdtemp(prefix="fresh-cache-")) if fresh else cache_dir
    old_env, old_db = os.environ.get("ARCHCITE_CACHE"), rendercache._db
    os.environ["ARCHCITE_CACHE"] = str(directory)
    rendercache._db = False
    try:
        result = CliRunner().invoke(main, args, input=stdin)
    finally:
        if old_env is None:
            os.environ.pop("ARCHCITE_CACHE", None)
        else:
            os.environ["ARCHCITE_CACHE"] = old_env
        rendercache._db = old_db
        if fresh:
            shutil.rmtree(directory, ignore_errors=True)
    return result.exit_code, result.stdout, result.stderr


def same_as_fresh(args: list[str], cache_dir: Path) -> tuple[int, str, str]:
    """The answer with the cache, asserted equal to the answer without it."""
    cached = run(args, cache_dir=cache_dir)
    assert cached == run(args), args
    return cached


# --- 1. a new or renamed directory reaches the index ----------------------------------------------


def test_renamed_subdirectory_is_seen(records: Path, cache: Path) -> None:
    """After `mv examples archival-examples`, every command sees the records where they now are."""
    for args in (["cite", "--all"], ["export", "--all"], ["bib", "--all"]):
        same_as_fresh([*args, "--records", str(records)], cache)
    (records / "examples").rename(records / "archival-examples")
    assert same_as_fresh(["cite", "creel-house-1918", "--records", str(records)], cache)[1] == CREEL + "\n"
    assert len(same_as_fresh(["cite", "--all", "--records", str(records)], cache)[1].splitlines()) == 8
    assert len(json.loads(same_as_fresh(["export", "--all", "--records", str(records)], cache)[1])) == 10
    assert "Edward M. House Papers" in same_as_fresh(["bib", "--all", "--records", str(records)], cache)[1]


def test_directory_brought_back_is_seen(records: Path, cache: Path, tmp_path: Path) -> None:
    """A volume folder removed and brought back (as a git checkout does) is found again."""
    same_as_fresh(["cite", "120", "--records", str(records)], cache)
    shutil.move(records / "frus1969-76v09", tmp_path / "away")
    assert same_as_fresh(["cite", "120", "--records", str(records)], cache)[0] == 1
    shutil.move(tmp_path / "away", records / "frus1969-76v09")
    assert same_as_fresh(["cite", "120", "--records", str(records)], cache)[1] == D120_NOTE + "\n"


def test_import_into_an_existing_directory_is_seen(records: Path, cache: Path) -> None:
    """Records imported into a directory the index knows are cited at once."""
    same_as_fresh(["cite", "--all", "--records", str(records)], cache)
    excerpt = DATA / "frus1969-76v12-excerpt.xml"
    assert run(["import", "frus", str(excerpt), "--into", str(records)], cache_dir=cache)[0] == 0
    code, out, _ = same_as_fresh(["cite", "--all", "--records", str(records)], cache)
    assert (code, len(out.splitlines())) == (0, 11)


# --- 2. a record replaced while it is cited is never cached under the wrong bytes --------------------


@pytest.mark.slow
def test_records_replaced_during_cites_leave_no_wrong_citation(tmp_path: Path) -> None:
    """A writer swaps a record between two versions while readers cite it: every answer is one of
    the two citations (or a one-line error for a half-written file), and afterwards the cache gives
    exactly what a fresh run gives for each version."""
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    creel = records / "examples" / "creel-house-1918.yaml"
    versions = [creel.read_text(encoding="utf-8"), creel.read_text(encoding="utf-8").replace("George", "Mallory")]
    expected = {CREEL, CREEL.replace("George", "Mallory")}
    env = {**os.environ, "ARCHCITE_CACHE": str(tmp_path / "cache")}
    writer = subprocess.Popen(
        [sys.executable, "-c", _SWAPPER, str(creel), *versions], env=env, stdout=subprocess.DEVNULL
    )
    cite = [sys.executable, "-m", "archcite", "cite", "creel-house-1918", "--records", str(records)]
    answers = []
    try:
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:
            readers = [
                subprocess.Popen(cite, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)
            ]
            for reader in readers:
                out, err = reader.communicate(timeout=60)
                answers.append((reader.returncode, out.decode(), err.decode()))
    finally:
        writer.kill()
        writer.wait()
    for code, out, err in answers:
        assert (code == 0 and out.strip() in expected) or (code == 1 and len(err.splitlines()) == 1), (code, out, err)
    assert sum(code == 0 for code, _, _ in answers) > 10
    for version, citation in zip(versions, sorted(expected, key=lambda c: "Mallory" in c), strict=True):
        creel.write_text(version, encoding="utf-8")
        cached = subprocess.run(cite, env=env, capture_output=True, text=True, check=True).stdout
        assert cached.strip() == citation


_SWAPPER = """
import os, sys, random
path, versions = sys.argv[1], sys.argv[2:]
while True:
    text = random.choice(versions)
    if random.random() < 0.5:  # in place, as an editor saving over the file
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    else:  # or by rename, as most editors and git do
        with open(path + ".new", "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(path + ".new", path)
"""


# --- 3. a dependent style's parent is what its XML says, however it is written ----------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_dependent_style_parent_edit_is_seen(records: Path, cache: Path, tmp_path: Path, encoding: str) -> None:
    """A dependent style in UTF-16, or naming its parent with a character reference, follows an edit of the parent."""
    parent = tmp_path / "parent.csl"
    parent.write_text(
        (ROOT / "styles" / "chicago-18.csl")
        .read_text(encoding="utf-8")
        .replace("<id>archcite-chicago-18</id>", "<id>my-parent</id>"),
        encoding="utf-8",
    )
    child = tmp_path / "child.csl"
    child.write_text(
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">'
        '<info><title>child</title><id>child</id><link href="my-parent" rel="independent&#45;parent"/></info></style>',
        encoding=encoding,
    )
    args = ["cite", "120", "--records", str(records), "--style", str(child)]
    assert same_as_fresh(args, cache)[1].endswith("doc. 120.\n")
    parent.write_text(
        parent.read_text(encoding="utf-8").replace('prefix="doc. "', 'prefix="document "'), encoding="utf-8"
    )
    assert same_as_fresh(args, cache)[1].endswith("document 120.\n")


# --- 4. an edit that keeps the size and puts the times back ----------------------------------------


def test_same_size_edit_with_mtime_restored_is_seen(records: Path, cache: Path) -> None:
    """`touch -d` after an edit of the same size: validate and cite still see the edit."""
    d120 = records / "frus1969-76v09" / "d120.yaml"
    assert same_as_fresh(["validate", str(records)], cache)[0] == 0
    assert same_as_fresh(["cite", "120", "--records", str(records)], cache)[1] == D120_NOTE + "\n"
    before = d120.stat()
    time.sleep(0.01)
    d120.write_text(d120.read_text(encoding="utf-8").replace("date: 1972-11-23", "date: 1972-11-33"), encoding="utf-8")
    os.utime(d120, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert d120.stat().st_size == before.st_size
    code, out, _ = same_as_fresh(["validate", str(records)], cache)
    assert (code, "November 1972 has no day 33" in out) == (1, True)
    d120.write_text(d120.read_text(encoding="utf-8").replace("date: 1972-11-33", "date: 1972-11-23"), encoding="utf-8")
    d120.write_text(d120.read_text(encoding="utf-8").replace("place: Paris", "place: Parix"), encoding="utf-8")
    os.utime(d120, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (
        same_as_fresh(["cite", "120", "--records", str(records)], cache)[1]
        == D120_NOTE.replace("Paris", "Parix") + "\n"
    )


class _CoarseStat:
    """A stat result whose times are whole seconds, as some file systems keep them."""

    def __init__(self, st: os.stat_result) -> None:
        self._st = st
        for name in ("st_mtime_ns", "st_ctime_ns", "st_atime_ns"):
            setattr(self, name, getattr(st, name) // 1_000_000_000 * 1_000_000_000)

    def __getattr__(self, name: str) -> object:
        return getattr(self._st, name)


def test_file_added_in_the_same_second_as_a_scan_is_seen(
    records: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system with one-second times, a record added in the second its directory was
    scanned is found: the scan was "racy" and is done again."""
    from archcite import index as index_module

    real_stat = os.stat
    monkeypatch.setattr(index_module.os, "stat", lambda *a, **k: _CoarseStat(real_stat(*a, **k)))
    while time.time() % 1 > 0.3:  # start early in a second, so that both steps fall in it
        time.sleep(0.05)
    assert run(["cite", "120", "--records", str(records)], cache_dir=cache)[0] == 0
    d120 = records / "frus1969-76v09" / "d120.yaml"
    (records / "frus1969-76v09" / "d121.yaml").write_text(
        d120.read_text(encoding="utf-8").replace("d120", "d121").replace("document: 120", "document: 121"),
        encoding="utf-8",
    )
    code, out, _ = run(["cite", "121", "--records", str(records)], cache_dir=cache)
    assert (code, out.endswith("doc. 121.\n")) == (0, True)


# --- 5. a damaged or unusable cache is no cache ------------------------------------------------------


def test_cache_row_that_is_not_utf8_is_a_miss_and_rewritten(records: Path, cache: Path) -> None:
    """A cached value of bytes that are not UTF-8 is rendered again, and the row mended."""
    assert run(["cite", "120", "--records", str(records)], cache_dir=cache)[1] == D120_NOTE + "\n"
    db = sqlite3.connect(cache / rendercache.NAME)
    db.execute("UPDATE renders SET value = X'FFFE00'")
    db.commit()
    assert run(["cite", "120", "--records", str(records)], cache_dir=cache)[1] == D120_NOTE + "\n"
    values = [bytes(v) for (v,) in db.execute("SELECT value FROM renders")]
    assert all(v.decode("utf-8") for v in values)


def test_index_rows_that_are_not_utf8_are_misses(records: Path, cache: Path) -> None:
    """Index rows (a file's signature, its facts) of bytes that are not UTF-8 are read again from
    the files: validate and find answer as a fresh run does."""
    for args in (["validate", str(records)], ["find", "--records", str(records)]):
        assert run(args, cache_dir=cache) == run(args)
    [index_file] = [p for p in cache.glob("index-*.sqlite") if p.stat().st_size > 0][:1]
    db = sqlite3.connect(index_file)
    db.execute("UPDATE files SET sig = CAST(X'FFFE00' AS TEXT) WHERE path LIKE '%d120.yaml'")
    db.execute("UPDATE facts SET facts = CAST(X'FFFE00' AS TEXT)")
    db.commit()
    db.close()
    for args in (
        ["validate", str(records)],
        ["find", "--records", str(records)],
        ["cite", "120", "--records", str(records)],
    ):
        assert run(args, cache_dir=cache) == run(args), args


def test_read_only_cache_is_no_cache(records: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache that can be read but not written (a read-only mount): every command works without it."""
    assert run(["cite", "120", "--records", str(records)], cache_dir=cache)[0] == 0
    real_connect = sqlite3.connect

    def read_only(path: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if path == ":memory:":
            return real_connect(path, *args, **kwargs)  # type: ignore[arg-type]
        return real_connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(cachedir.sqlite3, "connect", read_only)
    monkeypatch.setattr(Path, "unlink", _refuse)
    for args in (["cite", "120"], ["cite", "--all"], ["notes", "-"], ["bib", "120"]):
        code, _out, err = run([*args, "--records", str(records)], cache_dir=cache, stdin="120\n")
        assert (code, err) == (0, ""), (args, err)
    assert run(["validate", str(records)], cache_dir=cache)[0] == 0


def _refuse(self: Path, missing_ok: bool = False) -> None:
    raise PermissionError(13, "Permission denied", str(self))


def test_corrupt_cache_that_cannot_be_deleted(records: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A corrupt cache file that cannot be removed is left alone; the command works without it."""
    run(["cite", "120", "--records", str(records)], cache_dir=cache)
    for db in cache.glob("*.sqlite"):
        db.write_bytes(b"not a database" * 200)
    for side in cache.glob("*.sqlite-*"):
        side.unlink()
    monkeypatch.setattr(Path, "unlink", _refuse)
    assert run(["cite", "120", "--records", str(records)], cache_dir=cache)[1] == D120_NOTE + "\n"


# --- 6. lettered documents keep their letter -------------------------------------------------------


def lettered_volume(tmp_path: Path) -> Path:
    """A volume whose first document is printed three times, as 278, 278A and 278B."""
    import re

    text = (DATA / "frus1969-76v12-excerpt.xml").read_text(encoding="utf-8")
    first = text.index('<div type="document"')
    end = text.index("</div>", first) + len("</div>")
    document = text[first:end]
    copies = []
    for n in ("278", "278A", "278B"):
        tag_end = document.index(">") + 1
        tag = re.sub(r'\bn="[^"]*"', f'n="{n}"', document[:tag_end])
        tag = re.sub(r'xml:id="[^"]*"', f'xml:id="d{n.lower()}"', tag)
        copies.append(tag + document[tag_end:])
    path = tmp_path / "lettered.xml"
    path.write_text(text[:first] + "".join(copies) + text[end:], encoding="utf-8")
    return path


def test_lettered_documents_are_not_merged(tmp_path: Path) -> None:
    """278, 278A and 278B are three records in three files, and the report's count is the files'."""
    from archcite.importers.frus_tei import document_number

    assert [document_number(n, None) for n in ("278", "278A", "278a", "No. 12")] == ["278", "278A", "278A", "12"]
    volume = lettered_volume(tmp_path)
    into = tmp_path / "r"
    code, out, err = run(["import", "frus", str(volume), "--into", str(into)])
    assert code == 0, err
    names = sorted(p.name for p in into.rglob("d278*.yaml"))
    assert names == ["d278.yaml", "d278a.yaml", "d278b.yaml"]
    written = int(out.split(" records written")[0].rsplit(", ", 1)[1])
    assert written == len(list(into.rglob("*.yaml")))
    code, out, _ = run(["cite", "278A", "--records", str(into)])
    assert (code, out.rstrip().endswith("doc. 278A.")) == (0, True)


# --- 7. CSL-JSON imports never overwrite, merge or lose a record -------------------------------------


def write_items(path: Path, items: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def test_item_named_like_a_volume_file_is_refused(records: Path, tmp_path: Path) -> None:
    volume = records / "frus1969-76v09" / "volume.yaml"
    before = volume.read_bytes()
    item = {
        "id": "frus1969-76v09-volume",
        "type": "document",
        "title": "x",
        "URL": "https://history.state.gov/historicaldocuments/frus1969-76v09/d5",
    }
    code, _, err = run(["import", "csl-json", str(write_items(tmp_path / "i.json", [item])), "--into", str(records)])
    assert (code, "holds a volume" in err, len(err.splitlines())) == (1, True, 1)
    assert volume.read_bytes() == before


def test_two_items_with_one_id_are_refused(tmp_path: Path) -> None:
    item = {"id": "a", "type": "manuscript", "title": "A", "archive": "Library"}
    source = write_items(tmp_path / "i.json", [item, {**item, "title": "B"}])
    code, _, err = run(["import", "csl-json", str(source), "--into", str(tmp_path / "r")])
    assert (code, "two records have this id" in err) == (1, True)
    assert not (tmp_path / "r").exists()


def test_lone_surrogate_is_refused_before_writing(tmp_path: Path) -> None:
    source = tmp_path / "i.json"
    source.write_text('[{"id": "a", "type": "manuscript", "title": "x\\ud800", "archive": "L"}]', encoding="utf-8")
    code, _, err = run(["import", "csl-json", str(source), "--into", str(tmp_path / "r")])
    assert (code, "surrogate" in err, len(err.splitlines())) == (1, True, 1)
    assert not (tmp_path / "r").exists()


def test_export_imported_back_into_the_same_directory_writes_no_second_file(records: Path, tmp_path: Path) -> None:
    exported = tmp_path / "all.json"
    assert run(["export", "--all", "--records", str(records), "-o", str(exported)])[0] == 0
    before = sorted(p.relative_to(records) for p in records.rglob("*.yaml"))
    code, _out, err = run(["import", "csl-json", str(exported), "--into", str(records)])
    assert code == 0, err
    assert sorted(p.relative_to(records) for p in records.rglob("*.yaml")) == before
    assert run(["cite", "creel-house-1918", "--records", str(records)])[1] == CREEL + "\n"


def test_item_that_is_no_citable_record_is_refused(tmp_path: Path) -> None:
    book = {"id": "a-book", "type": "book", "title": "A Book", "author": [{"family": "Smith", "given": "J."}]}
    code, _, err = run(
        ["import", "csl-json", str(write_items(tmp_path / "i.json", [book])), "--into", str(tmp_path / "r")]
    )
    assert (code, "a record needs archive:, published_in:, or both" in err) == (1, True)
    assert not (tmp_path / "r").exists()


def test_force_keeps_the_hand_written_record_as_a_backup(tmp_path: Path) -> None:
    into = tmp_path / "r"
    into.mkdir()
    mine = into / "a.yaml"
    mine.write_text("# my notes\nid: a\nkind: memo\narchive: {repository: Library}\n", encoding="utf-8")
    item = {"id": "a", "type": "manuscript", "title": "A", "archive": "Library"}
    source = write_items(tmp_path / "i.json", [item])
    code, out, _ = run(["import", "csl-json", str(source), "--into", str(into)])
    assert (code, "1 kept as edited" in out, mine.read_text(encoding="utf-8").startswith("# my notes")) == (
        0,
        True,
        True,
    )
    code, out, _ = run(["import", "csl-json", str(source), "--into", str(into), "--force"])
    assert code == 0
    backup = into / "a.yaml.~1~"
    assert backup.read_text(encoding="utf-8").startswith("# my notes")
    assert f"previous files kept as {backup}" in out
    assert run(["validate", str(into)])[0] == 0  # the backup is never read as a record


# --- 8. every input bounded, and only regular files read -------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["import", "frus", "{path}", "--into", "{tmp}/r"],
        ["import", "csl-json", "{path}", "--into", "{tmp}/r"],
        ["cite", "120", "--style", "{path}"],
        ["notes", "{path}"],
    ],
    ids=["import-frus", "import-csl-json", "style", "notes"],
)
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_streams_are_refused_at_once(tmp_path: Path, args: list[str], kind: str) -> None:
    """A FIFO or a device (/dev/zero) is refused at once, in one line, without reading it."""
    if kind == "fifo":
        path = tmp_path / "stream.csl"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    argv = [a.format(path=path, tmp=tmp_path) for a in args]
    env = {**os.environ, "ARCHCITE_CACHE": str(tmp_path / "cache"), "ARCHCITE_RECORDS": str(RECORDS)}
    result = subprocess.run(
        [sys.executable, "-m", "archcite", *argv], capture_output=True, text=True, timeout=20, env=env
    )
    assert result.returncode in (1, 2)
    assert result.stderr.count("\n") == 1
    assert "not a regular file" in result.stderr
    assert not (tmp_path / "r").exists()


# --- 9. nothing reaches a terminal as a control sequence ---------------------------------------------


def test_control_sequences_in_messages_are_made_visible(tmp_path: Path) -> None:
    """An OSC title sequence in a YAML key or a file name is printed as escapes, even when piped."""
    evil = tmp_path / "evil\x1b[2J.yaml"
    evil.write_text('id: "x"\n"\\e]0;pwned\\a": 1\n', encoding="utf-8")  # YAML escapes for ESC and BEL
    code, out, err = run(["validate", str(tmp_path)])
    assert code == 1
    assert "\x1b" not in out + err
    assert "\x07" not in out + err
    assert "\\x1b]0;pwned\\x07" in out
    assert "evil\\x1b[2J.yaml" in out


def test_direction_overrides_reach_no_terminal(tmp_path: Path) -> None:
    """A record holding U+202E cites byte-exact to a pipe and with the override made visible on a terminal."""
    import pty

    root = tmp_path / "r"
    root.mkdir()
    (root / "x.yaml").write_text(
        "id: x\nkind: letter\nfrom: [{name: Ann \u202eBo}]\nto: [{name: Cy}]\narchive: {repository: L}\n",
        encoding="utf-8",
    )
    piped = subprocess.run(
        [sys.executable, "-m", "archcite", "cite", "x", "--records", str(root)], capture_output=True, text=True
    )
    assert "Ann \u202eBo to Cy" in piped.stdout
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "archcite", "cite", "x", "--records", str(root)],
        stdout=secondary,
        stderr=secondary,
        env={**os.environ, "TERM": "dumb"},
    )
    proc.wait(timeout=30)
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    assert "Ann \\u202eBo to Cy" in shown.decode("utf-8")
    assert "\u202e" not in shown.decode("utf-8")


# --- 10. workers die with the command; Ctrl-C is one line and 130 -------------------------------------


def many_records(root: Path, count: int) -> Path:
    root.mkdir(parents=True)
    text = (RECORDS / "examples" / "creel-house-1918.yaml").read_text(encoding="utf-8")
    for i in range(count):
        (root / f"creel-{i}.yaml").write_text(text.replace("creel-house-1918", f"creel-{i}"), encoding="utf-8")
    return root


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
@pytest.mark.parametrize("command", ["cite", "validate"])
def test_workers_end_with_their_command(tmp_path: Path, how: str, command: str) -> None:
    """Killed or interrupted in its parallel phase, a command leaves no worker behind; Ctrl-C is one line, 130."""
    # Enough records that the parallel phase outlasts the wait below on a fast machine.
    root = many_records(tmp_path / "r", 1500 if command == "cite" else 6000)
    args = ["cite", "--all", "--records", str(root)] if command == "cite" else ["validate", str(root)]
    env = {**os.environ, "ARCHCITE_CACHE": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "archcite", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while not workers and time.monotonic() < deadline and proc.poll() is None:
        workers = children(proc.pid)
        time.sleep(0.01)
    assert workers, "the command ended before its workers started"
    time.sleep(0.1)
    proc.send_signal(getattr(signal, how))
    _out, err = proc.communicate(timeout=30)  # returns only when every holder of the pipes is gone
    for worker in workers:
        for _ in range(200):
            if not alive(worker):
                break
            time.sleep(0.01)
        assert not alive(worker), f"worker {worker} outlived its command"
    if how == "SIGINT":
        assert (proc.returncode, err.decode()) == (130, "archcite: interrupted\n")


def test_work_split_with_a_forked_process_is_the_work_done_here() -> None:
    """Half the work in a child process: the same answer, and the same if the child dies or fails."""
    from archcite import workers

    items = [f"item {n}" for n in range(41)]
    parent = os.getpid()

    def marked(part: list[str]) -> list[str]:
        return [f"{item}!" for item in part]

    def dies_in_the_child(part: list[str]) -> list[str]:
        if os.getpid() != parent:
            os._exit(3)
        return marked(part)

    def fails_in_the_child(part: list[str]) -> list[str]:
        if os.getpid() != parent:
            raise RuntimeError("in the child")
        return marked(part)

    for func in (marked, dies_in_the_child, fails_in_the_child):
        assert sorted(workers.in_two(func, items, weight=len)) == sorted(marked(items)), func.__name__


@pytest.mark.slow
def test_ctrl_c_during_start_up_is_one_line() -> None:
    """Ctrl-C while archcite starts (once the interpreter itself has started): one line, exit 130.

    Before Python has started (its first milliseconds), no code of archcite's runs yet: a Ctrl-C
    there ends the process as any program ends, without archcite's line (SECURITY.md).
    """
    archcite = shutil.which("archcite") or str(Path(sys.executable).with_name("archcite"))
    timings = []
    for _ in range(5):
        start = time.monotonic()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        timings.append(time.monotonic() - start)
    interpreter = max(timings)  # the slowest start of the five: the machine may be busy
    interrupted = 0
    for factor in (2, 3, 4, 6, 8, 10, 12):
        proc = subprocess.Popen([archcite, "cite", "120"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(interpreter * factor)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        if proc.returncode == 0:
            continue  # it had already finished
        if (proc.returncode, err) == (-signal.SIGINT, b""):
            continue  # the interpreter had not started yet on a busy machine: ended as any program, silently
        assert (proc.returncode, err.decode()) == (130, "archcite: interrupted\n"), factor
        interrupted += 1
    assert interrupted, "no Ctrl-C reached archcite while it started: the machine is too fast for the waits"


# --- 11. a repeated note is rendered once -----------------------------------------------------------


def test_repeated_note_is_rendered_once(records: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """20,000 lines of `120` with an empty cache: one full note and one short note are rendered."""
    from archcite import citation

    calls = []
    real = citation.cite

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(citation, "cite", counting)
    code, out, _ = run(["notes", "-", "--records", str(records)], cache_dir=cache, stdin="120\n" * 20_000)
    assert (code, len(out.splitlines()), len(calls)) == (0, 20_000, 2)


# --- the style file is read once, and bounded -------------------------------------------------------


def test_huge_style_costs_no_memory(tmp_path: Path) -> None:
    """A 2 GiB (sparse) style is refused after reading at most its limit: little memory, little time."""
    style = tmp_path / "huge.csl"
    with style.open("wb") as f:
        f.truncate(2 * 1024**3)
    code = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run([sys.executable, '-m', 'archcite', 'cite', '120', '--style', sys.argv[1]],"
        " capture_output=True, text=True)\n"
        "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.stderr.strip())"
    )
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-c", code, str(style)], capture_output=True, text=True, check=True).stdout
    returncode, kilobytes, message = out.strip().split(" ", 2)
    assert (returncode, message.endswith("(2,000,000 bytes at most)")) == ("2", True)
    assert int(kilobytes) < 200_000
    assert time.monotonic() - start < 20
