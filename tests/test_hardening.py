"""Hostile input, faults and concurrent use: archcite never crashes and never loses a record."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite import locking, store
from archcite.cli import main
from conftest import RECORDS

DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "frus"


def run(runner: CliRunner, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


# --- known attacks -----------------------------------------------------------------------------


def test_csl_entity_bomb_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    """A CSL file that defines entities (a "billion laughs") is refused before any expansion."""
    bomb = tmp_path / "bomb.csl"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE style [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        '<style xmlns="http://purl.org/net/xbiblio/csl">&c;</style>',
        encoding="utf-8",
    )
    assert run(runner, "cite", "120", "--style", str(bomb), "--records", str(RECORDS)) == (
        2,
        "",
        f"archcite: {bomb}: not a CSL style: DTDs are not allowed in CSL files\n",
    )


def test_huge_csl_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    style = tmp_path / "huge.csl"
    with style.open("wb") as f:
        f.truncate(2 * 1024**3)
    assert run(runner, "cite", "120", "--style", str(style), "--records", str(RECORDS)) == (
        2,
        "",
        f"archcite: {style}: style is larger than archcite reads (2,000,000 bytes at most)\n",
    )


def test_huge_and_binary_records(runner: CliRunner, tmp_path: Path) -> None:
    """A record file of gigabytes, or of binary garbage, is one finding each; nothing crashes."""
    with (tmp_path / "huge.yaml").open("wb") as f:
        f.truncate(2 * 1024**3)
    (tmp_path / "garbage.yaml").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "latin1.yaml").write_bytes("id: a\nkind: lettre\nplace: Besançon\n".encode("latin-1"))
    code, out, _ = run(runner, "validate", str(tmp_path))
    assert code == 1
    assert out == (
        f"{tmp_path}/garbage.yaml: not UTF-8 text (byte 128)\n"
        f"{tmp_path}/huge.yaml: record is larger than archcite reads (1,000,000 bytes at most)\n"
        f"{tmp_path}/latin1.yaml: not UTF-8 text (byte 31)\n"
    )


def test_endless_sequence_is_refused(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """A citation sequence beyond any book's is refused, not read into memory without end."""
    from archcite import footnotes

    monkeypatch.setattr(footnotes, "MAX_SEQUENCE", 1000)
    code, _, err = run(runner, "notes", "--records", str(RECORDS), input="120\n" * 1000)
    assert (code, err) == (
        2,
        "archcite: <stdin>: a citation sequence is larger than archcite reads (1,000 bytes at most)\n",
    )


@pytest.mark.parametrize("bad_id", ["../../x", "/etc/passwd", "a/b", "..", "x\n"])
def test_ids_never_name_a_path(runner: CliRunner, tmp_path: Path, bad_id: str) -> None:
    """An id or volume id that would leave the records directory is invalid; import writes nothing."""
    import json

    item = {"id": "x", "note": "archcite-record: " + json.dumps({"id": bad_id, "kind": "letter"})}
    source = tmp_path / "items.json"
    source.write_text(json.dumps([item]), encoding="utf-8")
    code, _, err = run(runner, "import", "csl-json", str(source), "--into", str(tmp_path / "r"))
    assert code == 1
    assert "is not an id" in err
    assert not (tmp_path / "r").exists()
    assert not Path("/x").exists()


def test_symlink_loop_in_records(runner: CliRunner, records: Path) -> None:
    """A symbolic link that loops back into the records directory is not followed."""
    (records / "loop").symlink_to(records, target_is_directory=True)
    assert run(runner, "validate", str(records))[:2] == (0, "10 files checked: all valid\n")
    assert run(runner, "cite", "120", "--records", str(records))[0] == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_and_directory(runner: CliRunner, records: Path) -> None:  # pragma: no cover
    (records / "examples" / "creel-house-1918.yaml").chmod(0)
    code, out, _ = run(runner, "validate", str(records))
    assert code == 1
    assert "cannot read file: Permission denied" in out


def test_unreadable_directory_as_root_is_simulated(
    runner: CliRunner, records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A directory that cannot be listed is a usage error naming it (simulated: tests run as root)."""
    real = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("examples"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, _, err = run(runner, "validate", str(records))
    assert (code, err) == (2, f"archcite: {records}/examples: cannot read directory: permission denied\n")


def test_unreadable_record_as_root_is_simulated(
    runner: CliRunner, records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record file that cannot be read is a finding naming it (simulated: tests run as root)."""
    import os

    real = os.open

    def denying_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith("creel-house-1918.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denying_open)
    code, out, _ = run(runner, "validate", str(records))
    assert (code, out) == (1, f"{records}/examples/creel-house-1918.yaml: cannot read record: Permission denied\n")


def test_internal_error_is_one_line(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug surfaces as one line and exit code 3, never as a traceback."""
    from archcite import citing

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero\nsecond line")

    monkeypatch.setattr(citing, "run", broken)
    assert run(runner, "cite", "120", "--records", str(RECORDS)) == (
        3,
        "",
        "archcite: internal error: ZeroDivisionError: division by zero second line (please report it)\n",
    )


def test_export_to_an_unwritable_place(runner: CliRunner, tmp_path: Path) -> None:
    """An export that cannot be written says so and leaves what was there."""
    blocked = tmp_path / "file"
    blocked.write_text("keep me")
    code, _, err = run(runner, "export", "--all", "--records", str(RECORDS), "-o", str(blocked / "out.json"))
    assert code == 1
    assert err.startswith(f"archcite: {blocked}/out.json: cannot write: ")
    assert blocked.read_text() == "keep me"


# --- concurrent use ----------------------------------------------------------------------------


def test_second_import_into_the_same_directory_refuses(runner: CliRunner, tmp_path: Path) -> None:
    """While one import writes to a directory, another refuses at once, with a clear message."""
    into = tmp_path / "r"
    with locking.writing(into):
        code, _, err = run(runner, "import", "frus", str(DATA / "frus1969-76v12-excerpt.xml"), "--into", str(into))
    assert (code, err) == (
        1,
        f"archcite: {into}: another archcite import is writing to this directory; try again when it ends\n",
    )
    assert list(into.iterdir()) == []  # nothing written, and no lock file left behind
    assert run(runner, "import", "frus", str(DATA / "frus1969-76v12-excerpt.xml"), "--into", str(into))[0] == 0


def test_lock_is_released_when_the_holder_dies(tmp_path: Path) -> None:
    """A killed import leaves no stale lock: the kernel releases it with the process."""
    into = tmp_path / "r"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path\n"
            "from archcite import locking\nwith locking.writing(Path(sys.argv[1])):\n"
            "    print('held', flush=True); time.sleep(60)",
            str(into),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "held\n"
    with pytest.raises(locking.BusyError), locking.writing(into):
        pass
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    holder.stdout.close()
    with locking.writing(into):
        pass


# --- killed at random moments ------------------------------------------------------------------

KILLS = 50


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, set[bytes]]]:
    """A FRUS volume and a changed copy of it, and every file content either import writes."""
    source = SHARED / "frus1969-76v20.xml"
    if not source.exists():
        source = DATA / "frus1952-54Guat-excerpt.xml"
    work = tmp_path_factory.mktemp("kill")
    first, second = work / "a.xml", work / "b.xml"
    first.write_bytes(source.read_bytes())
    second.write_bytes(source.read_bytes().replace(b"Telegram From", b"Telegraph From"))
    expected: dict[str, set[bytes]] = {}
    for name, xml in (("a", first), ("b", second)):
        out = work / f"expected-{name}"
        subprocess.run(
            [sys.executable, "-m", "archcite", "import", "frus", str(xml), "--into", str(out)],
            check=True,
            capture_output=True,
        )
        for path in out.rglob("*.yaml"):
            text = path.read_bytes().replace(xml.name.encode(), b"SOURCE")
            expected.setdefault(str(path.relative_to(out)), set()).add(text)
    return first, second, expected


@pytest.mark.slow
def test_import_killed_at_random_moments_loses_nothing(
    two_versions: tuple[Path, Path, dict[str, set[bytes]]], tmp_path: Path
) -> None:
    """Fifty SIGKILLs at random moments of re-imports: every file is whole, old or new, and still cites."""
    first, second, expected = two_versions
    into = tmp_path / "r"
    env = {**os.environ, "ARCHCITE_CACHE": str(tmp_path / "cache")}
    base = [sys.executable, "-m", "archcite", "import", "frus", "--force", "--into", str(into)]
    started = time.monotonic()
    subprocess.run([*base, str(first)], check=True, capture_output=True, env=env)
    took = time.monotonic() - started  # the kills fall within an import's run, however fast it is
    rng = random.Random(20261129)
    killed_mid_write = 0
    for attempt in range(KILLS):
        xml = second if attempt % 2 == 0 else first
        proc = subprocess.Popen([*base, str(xml)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(0.05, max(0.1, took)))
        proc.send_signal(signal.SIGKILL)
        killed_mid_write += proc.wait() == -signal.SIGKILL
        for path in into.rglob("*.yaml"):
            content = path.read_bytes().replace(b"a.xml", b"SOURCE").replace(b"b.xml", b"SOURCE")
            assert content in expected[str(path.relative_to(into))], f"{path} is neither version (kill {attempt})"
    assert killed_mid_write >= KILLS // 2  # most kills landed while the import ran
    for temp in into.rglob(".*.tmp"):
        temp.unlink()  # what a killed writer leaves: hidden, never read as a record
    result = subprocess.run(
        [sys.executable, "-m", "archcite", "validate", str(into)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stdout[-500:]
    assert len(store.Store(into).files()) == len(expected)


@pytest.mark.slow
def test_export_killed_at_random_moments_leaves_old_or_new(tmp_path: Path) -> None:
    """An export to a file killed at random moments leaves the old file or the whole new one."""
    out = tmp_path / "refs.json"
    out.write_text("old\n")
    env = {**os.environ, "ARCHCITE_CACHE": str(tmp_path / "cache")}
    args = [sys.executable, "-m", "archcite", "export", "--all", "--records", str(RECORDS), "-o", str(out)]
    complete = subprocess.run([*args[:-1], str(tmp_path / "complete.json")], check=True, env=env)
    assert complete.returncode == 0
    whole = (tmp_path / "complete.json").read_text()
    rng = random.Random(7)
    for _ in range(KILLS):
        proc = subprocess.Popen(args, env=env)
        time.sleep(rng.uniform(0.0, 0.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert out.read_text() in ("old\n", whole)
