"""Fuzzing the command line: ``CliRunner().invoke(main, args)`` with argument lists from the real
commands and options (read from the click commands themselves, so new options are fuzzed too),
their real values, record ids, files and garbage, against the bundled records.

The property: no exception escapes (only SystemExit), the exit code is 0, 1 or 2, and standard error
holds at most one error line starting ``archcite:`` (besides ``archcite: warning:`` lines and the
summary line of ``validate``), or click's own usage message for a usage error.

Everything runs in a scratch directory: option values that name files to write (``--into``,
``--report``, ``--output``, any other path option) are plain names inside it, never paths elsewhere,
and ``ARCHCITE_RECORDS`` (where ``import`` writes without ``--into``) names a directory inside it.
Each example runs in a fresh working directory. The bundled records, styles and test data are
only read; the module checks that the records are unchanged.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from archcite.cli import main

from .conftest import fuzz_settings, garbage_text, note_event

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / "records"
STYLES = ROOT / "styles"
DATA = ROOT / "tests" / "data"
LATIN1_STYLE = os.fsdecode(b"caf\xe9.csl")  # file names from a Latin-1 system: 'caf\udce9.csl'
LATIN1_RECORDS = os.fsdecode(b"r\xe9cords")
SCRATCH_NAMES = ["out", "out/sub", "report.tsv", "export.json", "missing", "records", "file.txt", "", ".", "-"]

# --- the commands and their options, read from click -----------------------------------------------


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


COMMANDS = dict(_commands(main))
assert {("cite",), ("notes",), ("validate",), ("import", "frus")} <= set(COMMANDS), sorted(COMMANDS)

# --- bugs found and not fixed yet: none. A new one gets a CliBug here and an xfail(strict=True)
# test with its minimal input below; the fixed ones are the regression tests at the end. ---------


def _internal_error(result: Result) -> tuple[str, str] | None:
    """The exception behind a crash: from ``result.exception``, or from archcite's "internal error" line."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return type(result.exception).__name__, str(result.exception)
    m = re.search(r"^archcite: internal error: (\w+): (.*) \(please report it\)$", result.stderr, re.MULTILINE)
    return (m[1], m[2]) if m else None


def _crash(kind: str, *fragments: str, commands: tuple[str, ...] = ()) -> Callable[[list[str], Result], bool]:
    """A CliBug matcher: a crash with exception *kind* and every one of *fragments* in its message, in an
    invocation whose arguments include one of *commands* (any invocation if none are given)."""

    def matches(args: list[str], result: Result) -> bool:
        crash = _internal_error(result)
        if crash is None or crash[0] != kind or not all(f in crash[1] for f in fragments):
            return False
        return not commands or any(c in args for c in commands)

    return matches


@dataclass(frozen=True)
class CliBug:
    """A known bug, recognised from the arguments and the result of an invocation."""

    name: str
    matches: Callable[[list[str], Result], bool]


KNOWN: tuple[CliBug, ...] = ()

# --- values ------------------------------------------------------------------------------------------------


def _safe(text: str) -> str:
    """*text* made a plain name: it can name nothing outside the scratch directory (no separator, no
    ``..``), and holds no NUL, which no command line can pass."""
    for bad in ("/", "\\", "\x00"):
        text = text.replace(bad, "_")
    return text.replace("..", "._")


# What a shell can pass: any text but NUL, and bytes that are not UTF-8 as Python decodes argv.
GARBAGE = st.one_of(
    garbage_text(30).map(_safe),
    st.binary(max_size=8).map(lambda b: _safe(b.decode("utf-8", "surrogateescape"))),
    st.sampled_from(["--", "-", "--bogus", "-x", "-h", "--help", "--version", "--all", "--style=chicago", "-o"]),
)
IDS = [
    "120",
    "0120",
    "0",
    "121",
    "d120",
    "frus1969-76v09-d120",
    "frus1969-76v09",
    "frus1969-76v09-volume",
    "volume",
    "creel-house-1918",
    "oglethorpe-trustees-1733",
    "johnson-memorandum-1937",
    "purcell-map-1772",
    "wctu-childrens-workbook",
    "ryan-papers",
    "creel-house-1919",
    "examples-creel-house-1918",
    "²",
    "٣",
    "9" * 30,
    "9" * 5_000,
]
NOTES = [
    "Source: National Archives, RG 59, Central Files 1967–69, POL 27 VIET S. Secret; Exdis. Drafted by Sullivan.",
    "Source: Ibid.",
    "",
]


def _values(scratch: Path) -> dict[str, st.SearchStrategy[str]]:
    """Values of the options archcite has, by option name."""
    return {
        "--style": st.sampled_from(
            [
                "chicago",
                "turabian",
                "Chicago",
                "mla",
                str(STYLES / "chicago-18.csl"),
                str(STYLES / "turabian-9.csl"),
                str(scratch / "dependent.csl"),
                str(scratch / LATIN1_STYLE),
                str(scratch / "broken.csl"),
                str(scratch / "missing.csl"),
                str(scratch),
                str(RECORDS / "examples" / "creel-house-1918.yaml"),
            ]
        ),
        "--records": st.sampled_from(
            [
                *(str(p) for p in (RECORDS, RECORDS / "examples", RECORDS / "frus1969-76v09" / "d120.yaml")),
                *(str(scratch / name) for name in ("broken-records", "empty", LATIN1_RECORDS)),
                *("missing", "records", "."),
            ]
        ),
        "--accessed": st.sampled_from(
            ["today", "2026-11-29", "2020-02-30", "1972", "1972-11", "1772~", "1972-11-18/1972-11-25", "x", ""]
        ),
    }


def _value(option: click.Option, values: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[str]:
    name = max(option.opts, key=len)
    if name in values:
        real = values[name]
    elif isinstance(option.type, click.Choice):
        real = st.sampled_from([str(c) for c in option.type.choices])
    elif isinstance(option.type, click.Path | click.File):
        # An option that names a file may write it: a name inside the scratch directory only.
        real = st.sampled_from(SCRATCH_NAMES)
    else:
        return GARBAGE
    return _mostly(real)


def _arguments(path: tuple[str, ...], scratch: Path) -> st.SearchStrategy[str]:
    """Values of a command's positional arguments: ids, files to read, garbage."""
    if path == ("validate",):
        files = [RECORDS, RECORDS / "examples", RECORDS / "frus1969-76v09" / "d120.yaml", DATA]
        files += [scratch / "broken-records", scratch / "empty", scratch / "missing"]
        return _mostly(st.sampled_from([str(f) for f in files]))
    if path == ("import", "frus"):
        files = [*sorted(DATA.glob("*.xml")), scratch / "truncated.xml", scratch / "items.json", scratch / "missing"]
        return _mostly(st.sampled_from([str(f) for f in files]))
    if path == ("import", "csl-json"):
        files = [scratch / "items.json", scratch / "truncated.json", DATA / "frus1977-80v01-current.xml"]
        return _mostly(st.sampled_from([str(f) for f in files]))
    if path == ("notes",):
        files = [scratch / "sequence.txt", scratch / "binary.txt", scratch / "missing.txt", scratch]
        return _mostly(st.sampled_from(["-", "-", *(str(f) for f in files)]))
    if path == ("parse-source",):
        return _mostly(st.sampled_from(["-", *NOTES]))
    return _mostly(st.sampled_from(IDS))


@st.composite
def _mostly(draw: st.DrawFn, real: st.SearchStrategy[str]) -> str:
    """A real value nine times in ten, so that most invocations get past click; else garbage."""
    return draw(GARBAGE) if draw(st.integers(0, 9)) == 9 else draw(real)


@st.composite
def invocation(draw: st.DrawFn, scratch: Path) -> list[str]:
    """An argument list: a command, then options with values, flags, arguments and garbage in any order."""
    if draw(st.integers(0, 20)) == 0:
        return draw(st.lists(GARBAGE, max_size=4))
    path = draw(st.sampled_from(sorted(COMMANDS)))
    command = COMMANDS[path]
    values = _values(scratch)
    options = [p for p in command.params if isinstance(p, click.Option)]
    args = list(path)
    for _ in range(draw(st.integers(0, 7))):
        kind = draw(st.sampled_from(["option"] * 5 + ["argument"] * 3 + ["garbage"]))
        if kind == "option" and options:
            option = draw(st.sampled_from(options))
            args.append(draw(st.sampled_from(option.opts)))
            if not option.is_flag:
                args.append(draw(_value(option, values)))
        elif kind == "argument":
            args.append(draw(_arguments(path, scratch)))
        else:
            args.append(draw(GARBAGE))
    if options and draw(st.integers(0, 10)) == 0:  # an option left without its value, last
        args.append(draw(st.sampled_from([o.opts[-1] for o in options if not o.is_flag] or ["--help"])))
    return args


STDIN = st.one_of(
    st.none(),
    st.sampled_from(["120\n120, p. 434\n", "frus1969-76v09-d120 | para. 3\n# comment\ncreel-house-1918\n", *NOTES]),
    garbage_text(200),
    st.binary(max_size=40),
)


# --- the scratch directory ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A directory to run in, with the files the argument values name."""
    root = tmp_path_factory.mktemp("cli")
    (root / "empty").mkdir()
    (root / "runs").mkdir()
    broken = root / "broken-records"
    shutil.copytree(RECORDS, broken)
    (broken / "examples" / "creel-house-1918.yaml").write_text("id: creel-house-1918\nkind: [\n", encoding="utf-8")
    (broken / "examples" / "bad-date.yaml").write_text("id: bad-date\nkind: letter\ndate: 1972-02-30\n", "utf-8")
    (root / "sequence.txt").write_text("120\n120, p. 434\n# comment\n\ncreel-house-1918 | para. 3\n", encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\xff\xfe120\n")
    (root / "truncated.xml").write_bytes((DATA / "frus1969-76v12-excerpt.xml").read_bytes()[:5_000])
    exported = CliRunner().invoke(main, ["export", "--all", "--records", str(RECORDS)])
    assert exported.exit_code == 0, exported.output
    (root / "items.json").write_text(exported.stdout, encoding="utf-8")
    (root / "truncated.json").write_text(exported.stdout[: len(exported.stdout) // 2], encoding="utf-8")
    (root / "broken.csl").write_bytes((STYLES / "chicago-18.csl").read_bytes()[:3_000])
    (root / LATIN1_STYLE).write_bytes((STYLES / "chicago-18.csl").read_bytes())
    shutil.copytree(RECORDS, root / LATIN1_RECORDS)
    (root / "dependent.csl").write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="note"><info><id>x</id>'
        '<link rel="independent-parent" href="archcite-chicago-18"/></info></style>',
        encoding="utf-8",
    )
    (root / "cache").mkdir()
    (root / "cache-is-a-file").write_text("", encoding="utf-8")
    before = _snapshot()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root / "empty")  # relative names land here; "records" is not there until an import makes it
        yield root
    assert _snapshot() == before, "the CLI fuzzing changed the bundled records"


def _snapshot() -> list[tuple[str, int, int]]:
    """Every file and directory of the bundled records: name, size and modification time."""
    return sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in [RECORDS, *RECORDS.rglob("*")])


def _environments(scratch: Path) -> st.SearchStrategy[dict[str, str | None]]:
    """The environment: the cache in the scratch directory (or off, or unusable), ARCHCITE_RECORDS or not."""
    cache = st.sampled_from(
        [
            {"ARCHCITE_CACHE": str(scratch / "cache"), "ARCHCITE_NO_CACHE": None},
            {"ARCHCITE_CACHE": str(scratch / "cache"), "ARCHCITE_NO_CACHE": "1"},
            {"ARCHCITE_CACHE": str(scratch / "cache-is-a-file"), "ARCHCITE_NO_CACHE": None},
        ]
    )
    # Never the bundled records: import writes to $ARCHCITE_RECORDS when --into is not given.
    # "records" is relative: the working directory's own, when its layout has one.
    records = st.sampled_from([None, "records", str(scratch / "missing")])
    return st.builds(lambda c, r: {**c, "ARCHCITE_RECORDS": r}, cache, records)


# What the working directory of an invocation holds: each example starts in a fresh one, so that
# no example depends on what earlier ones wrote, yet names the options use may already be taken.
LAYOUTS = ["empty", "out is a file", "records is a file", "records is a directory of records"]


@contextlib.contextmanager
def working_directory(scratch: Path, layout: str) -> Iterator[Path]:
    """A fresh directory laid out as *layout*, the current directory for the duration."""
    here = Path(tempfile.mkdtemp(dir=scratch / "runs"))
    if layout == "out is a file":
        (here / "out").write_text("not a directory\n", encoding="utf-8")
    elif layout == "records is a file":
        (here / "records").write_text("not a directory\n", encoding="utf-8")
    elif layout == "records is a directory of records":
        shutil.copytree(RECORDS, here / "records")
    before = os.getcwd()
    os.chdir(here)
    try:
        yield here
    finally:
        os.chdir(before)
        shutil.rmtree(here, ignore_errors=True)


# --- the property ----------------------------------------------------------------------------------

SUMMARY = re.compile(r"^\d[\d,]* files? checked: ")


def check_result(args: list[str], result: Result) -> None:
    """No exception but SystemExit, exit code 0/1/2, and stderr one archcite: error line or click's usage message."""
    for bug in KNOWN:
        if bug.matches(args, result):
            note_event(f"known bug: {bug.name}")
            return
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    lines = result.stderr.splitlines()
    if (lines and lines[0].startswith("Usage:")) or any(line.startswith("Error:") for line in lines):
        assert result.exit_code == 2, result.stderr  # click's usage message (or its help, for no command)
        note_event("usage error")
        return
    errors = [line for line in lines if not line.startswith("archcite: warning: ") and not SUMMARY.match(line)]
    # An import of several volumes reports each volume it cannot read, and imports the others.
    allowed = max(1, len(args) - 2) if args[:2] == ["import", "frus"] else 1
    assert len(errors) <= allowed, result.stderr
    assert all(line.startswith("archcite: ") for line in errors), result.stderr
    if result.exit_code == 0:
        assert not errors, result.stderr
    note_event(f"exit {result.exit_code}")


# Commands with a click.File argument: click opens the file while parsing, and when a later argument
# fails to parse it leaves it open (make_context parses with cleanup=False). Harmless in a process
# that exits at once, but under pytest the ResourceWarning of its finalizer is an error, raised
# wherever the garbage collector happens to run; so such a file is collected at once, its warning ignored.
OPENS_FILES = {path[0] for path, c in COMMANDS.items() if any(isinstance(p.type, click.File) for p in c.params)}


def _invoke(args: list[str], stdin: str | bytes | None, env: dict[str, str | None]) -> Result:
    if not (args[:1] and args[0] in OPENS_FILES):
        return CliRunner().invoke(main, args, input=stdin, env=env)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        result = CliRunner().invoke(main, args, input=stdin, env=env)
        if result.exit_code == 2:
            gc.collect()
    return result


@fuzz_settings("cli", suppress=[HealthCheck.too_slow])  # a few invocations import citeproc-py or render cold
@given(data=st.data())
def test_cli(scratch: Path, data: st.DataObject) -> None:
    """Any argument list, stdin and environment: exit 0/1/2 with one archcite: line at most, or click's usage error."""
    args = data.draw(invocation(scratch), label="args")
    stdin = data.draw(STDIN, label="stdin")
    env = data.draw(_environments(scratch), label="env")
    with working_directory(scratch, data.draw(st.sampled_from(LAYOUTS), label="layout")):
        result = _invoke(args, stdin, env)
    check_result(args, result)


def test_real_invocations_succeed(scratch: Path) -> None:
    """The baseline the fuzzing starts from: real invocations of each command exit 0 with nothing on stderr."""
    env = {"ARCHCITE_CACHE": str(scratch / "cache"), "ARCHCITE_RECORDS": None, "ARCHCITE_NO_CACHE": None}
    for args, stdin in [
        (["cite", "120", "--records", str(RECORDS)], None),
        (["cite", "--all", "--form", "bib", "--records", str(RECORDS)], None),
        (["notes", "-", "--records", str(RECORDS), "--ibid", "--bibliography"], "120\n120, p. 434\n"),
        (["bib", "--all", "--records", str(RECORDS), "--format", "html"], None),
        (["validate", str(RECORDS)], None),
        (["show", "120", "--format", "json", "--records", str(RECORDS)], None),
        (["export", "--all", "--format", "ris", "--records", str(RECORDS)], None),
        (["import", "frus", "--dry-run", "--into", "out", *map(str, sorted(DATA.glob("*.xml")))], None),
        (["import", "csl-json", "--dry-run", "--into", "out", str(scratch / "items.json")], None),
        (["parse-source", NOTES[0]], None),
    ]:
        result = _invoke(args, stdin, env)
        assert (result.exit_code, result.stderr) == (0, ""), (args, result.output)


# --- regressions: the bugs this suite found, each with its minimal input -------------------------


def assert_clean(scratch: Path, args: list[str], stdin: str | bytes | None = None) -> None:
    """The property with no known bugs excused."""
    env = {"ARCHCITE_CACHE": str(scratch / "cache"), "ARCHCITE_RECORDS": None, "ARCHCITE_NO_CACHE": None}
    result = _invoke(args, stdin, env)
    assert _internal_error(result) is None, result.stderr
    check_result(args, result)


def test_source_note_not_utf8(scratch: Path) -> None:
    """`archcite parse-source $'Source: \\xff'` in a UTF-8 locale: the structure (exit 0) or one archcite: line.

    Found by this suite: cli.parse_source echoes the note's surrogates to stdout, strict under a UTF-8 locale.

    Python's stdout is strict in a UTF-8 locale other than C.UTF-8 (as it is under CliRunner):
    ``PYTHONIOENCODING=utf-8:strict archcite parse-source $'\\xff'`` exits 3 with an internal error.
    """
    assert_clean(scratch, ["parse-source", "\udcff"])


@pytest.mark.parametrize(
    ("command", "style"),
    [("cite", "\udc80"), ("cite", LATIN1_STYLE), ("notes", LATIN1_STYLE)],
    ids=["cite-garbage", "cite-latin-1-file", "notes-latin-1-file"],
)
def test_style_name_not_utf8(scratch: Path, command: str, style: str) -> None:
    """`archcite cite 120 --style $'\\x80'`, or a real CSL file named caf\\xe9.csl: a citation or one archcite: line.

    Found by this suite: rendercache.style_fingerprint encodes the --style name as strict UTF-8.

    Exit 3 (internal error) from a shell: ``archcite cite 120 --style $'caf\\xe9.csl'``.
    """
    path = str(scratch / style) if style == LATIN1_STYLE else style
    args = ["cite", "120"] if command == "cite" else ["notes", "-"]
    assert_clean(scratch, [*args, "--style", path, "--records", str(RECORDS)], "120\n")


@pytest.mark.parametrize("args", [["cite", "120", "--records"], ["validate"]], ids=["cite", "validate"])
def test_records_directory_name_not_utf8(scratch: Path, args: list[str]) -> None:
    """A records directory named r\\xe9cords (Latin-1): citations, or one archcite: line; not an internal error.

    Found by this suite: index.Index.open encodes the records directory's path as strict UTF-8.

    Exit 3 from a shell: ``archcite cite 120 --records $'r\\xe9cords'``, ``archcite validate $'r\\xe9cords'``.
    """
    assert_clean(scratch, [*args, str(scratch / LATIN1_RECORDS)])


@pytest.mark.parametrize("command", ["cite", "show", "export"])
def test_superscript_digit_id(scratch: Path, command: str) -> None:
    """`archcite cite ²`: no record '²' (exit 1), not an internal error.

    Found by this suite: store.Store._matches: '²'.isdigit() is True but int('²') fails.
    """
    assert_clean(scratch, [command, "²", "--records", str(RECORDS)])


def test_huge_document_number(scratch: Path) -> None:
    """`archcite cite 999…9` (5,000 digits): no such record (exit 1), not an internal error.

    Found by this suite: store.Store._matches calls int() on a document number of any length.
    """
    assert_clean(scratch, ["cite", "9" * 5_000, "--records", str(RECORDS)])


@pytest.mark.parametrize("args", [["notes", "-"], ["parse-source", "-"]], ids=["notes", "parse-source"])
def test_stdin_not_utf8(scratch: Path, args: list[str]) -> None:
    """A sequence or source note on stdin that is not UTF-8: one archcite: line and exit 1 or 2.

    Found by this suite: cli.notes / cli.parse_source decode stdin as UTF-8 without catching the error.
    """
    assert_clean(scratch, [*args, "--records", str(RECORDS)] if args[0] == "notes" else args, b"\xff\n")


def test_sequence_file_not_utf8(scratch: Path) -> None:
    """A sequence file that is not UTF-8: one archcite: line and exit 1 or 2.

    Found by this suite: cli.notes reads a SEQUENCE file as UTF-8 without catching the error.
    """
    assert_clean(scratch, ["notes", str(scratch / "binary.txt"), "--records", str(RECORDS)])


def test_id_not_utf8(scratch: Path) -> None:
    """`archcite cite $'\\xff'` (argv decoded as '\\udcff'): no such record (exit 1), not an internal error.

    Found by this suite: index.Index.by_id passes a surrogate-escaped id to SQLite, which cannot encode it.
    """
    assert_clean(scratch, ["cite", "\udcff", "--records", str(RECORDS)])


@pytest.mark.parametrize("command", ["frus", "csl-json"])
def test_import_into_a_directory_below_a_file(scratch: Path, command: str) -> None:
    """`archcite import frus V.xml --into out/sub` where out is a file: one archcite: line, exit 1 or 2.

    Found by this suite: importing.write_models/recordio.write_atomic: mkdir's NotADirectoryError not caught.
    """
    source = DATA / "frus1977-80v01-current.xml" if command == "frus" else scratch / "items.json"
    with working_directory(scratch, "out is a file"):
        assert_clean(scratch, ["import", command, str(source), "--into", "out/sub"])
