"""The record index and the render cache: fast, but never stale and never trusted when broken."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import main
from conftest import RECORDS
from test_rules import D120_NOTE


def cite(runner: CliRunner, root: Path, *args: str) -> str:
    result = runner.invoke(main, ["cite", *args, "--records", str(root)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_edited_record_is_cited_anew(runner: CliRunner, records: Path, cache: Path) -> None:
    """A cached citation is never served for a record that changed since."""
    assert cite(runner, records, "120") == D120_NOTE + "\n"
    d120 = records / "frus1969-76v09" / "d120.yaml"
    d120.write_text(
        d120.read_text(encoding="utf-8").replace("place: Paris", "place: Saint-Nom-la-Bretèche"), encoding="utf-8"
    )
    assert cite(runner, records, "120") == D120_NOTE.replace("Paris", "Saint-Nom-la-Bretèche") + "\n"


def test_edited_volume_is_cited_anew(runner: CliRunner, records: Path, cache: Path) -> None:
    cite(runner, records, "120")
    volume = records / "frus1969-76v09" / "volume.yaml"
    volume.write_text(volume.read_text(encoding="utf-8").replace("year: 2010", "year: 2011"), encoding="utf-8")
    assert "Government Printing Office, 2011)" in cite(runner, records, "120")


def test_edited_style_is_used(runner: CliRunner, records: Path, cache: Path, tmp_path: Path) -> None:
    """A CSL file edited after a citation was cached gives the new output."""
    style = tmp_path / "mine.csl"
    shutil.copy(RECORDS.parent / "styles" / "chicago-18.csl", style)
    before = cite(runner, records, "120", "--style", str(style))
    style.write_text(
        style.read_text(encoding="utf-8").replace('prefix="doc. "', 'prefix="document "'), encoding="utf-8"
    )
    after = cite(runner, records, "120", "--style", str(style))
    assert (before.endswith("doc. 120.\n"), after.endswith("document 120.\n")) == (True, True)


def test_new_and_removed_records_are_seen(runner: CliRunner, records: Path, cache: Path) -> None:
    """The index notices a record added after it was built, and one removed."""
    cite(runner, records, "120")
    new = records / "frus1969-76v09" / "d121.yaml"
    d120 = (records / "frus1969-76v09" / "d120.yaml").read_text(encoding="utf-8")
    new.write_text(d120.replace("d120", "d121").replace("document: 120", "document: 121"), encoding="utf-8")
    assert cite(runner, records, "121").endswith("doc. 121.\n")
    new.unlink()
    result = runner.invoke(main, ["cite", "121", "--records", str(records)])
    assert (result.exit_code, result.stderr.startswith("archcite: no record '121'")) == (1, True)


def test_corrupt_index_and_cache_are_rebuilt(runner: CliRunner, records: Path, cache: Path) -> None:
    """A truncated or garbage cache file is thrown away and rebuilt, never trusted."""
    from archcite import rendercache

    cite(runner, records, "120")
    for db in cache.glob("*.sqlite"):
        db.write_bytes(b"this is not a database" * 100)
    for wal in cache.glob("*.sqlite-*"):
        wal.unlink()
    rendercache._db = False
    assert cite(runner, records, "120") == D120_NOTE + "\n"


def test_unwritable_cache_directory(
    runner: CliRunner, records: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without a usable cache directory archcite still cites and validates."""
    from archcite import rendercache

    blocked = tmp_path / "file"
    blocked.write_text("a file, not a directory")
    monkeypatch.setenv("ARCHCITE_CACHE", str(blocked / "cache"))
    monkeypatch.setattr(rendercache, "_db", False)
    assert cite(runner, records, "120") == D120_NOTE + "\n"
    assert runner.invoke(main, ["validate", str(records)]).exit_code == 0


def test_cached_citation_loads_no_heavy_module(records: Path, tmp_path: Path) -> None:
    """The second `cite` of a record is answered without pydantic, citeproc-py or lxml."""
    env = {"ARCHCITE_CACHE": str(tmp_path / "cache"), "PATH": ""}
    code = (
        "import sys; from archcite.cli import main\n"
        "try:\n    main(['cite', '120', '--records', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pydantic', 'citeproc', 'lxml') if m in sys.modules), file=sys.stderr)"
    )
    first = subprocess.run([sys.executable, "-c", code, str(records)], capture_output=True, text=True, env=env)
    second = subprocess.run([sys.executable, "-c", code, str(records)], capture_output=True, text=True, env=env)
    assert first.stdout == second.stdout == D120_NOTE + "\n"
    assert (first.stderr.strip(), second.stderr.strip()) == ("['citeproc', 'lxml', 'pydantic']", "[]")


def test_validate_twice_gives_the_same_findings(runner: CliRunner, records: Path, cache: Path) -> None:
    """Findings kept in the index are the findings a fresh read gives; an edit is read again."""
    d120 = records / "frus1969-76v09" / "d120.yaml"
    d120.write_text(d120.read_text(encoding="utf-8").replace("date: 1972-11-23", "date: 1972-11-31"), encoding="utf-8")
    first = runner.invoke(main, ["validate", str(records)])
    second = runner.invoke(main, ["validate", str(records)])
    assert (first.exit_code, first.stdout) == (second.exit_code, second.stdout)
    assert first.stdout == f"{d120}:6:1: date: '1972-11-31': November 1972 has no day 31\n"
    d120.write_text(d120.read_text(encoding="utf-8").replace("1972-11-31", "1972-11-23"), encoding="utf-8")
    assert runner.invoke(main, ["validate", str(records)]).exit_code == 0


def test_cite_all_in_order_cold_and_warm(runner: CliRunner, records: Path, cache: Path) -> None:
    """`cite --all` gives every record once, in file order, the same from the cache."""
    cold = runner.invoke(main, ["cite", "--all", "--records", str(records)]).stdout
    warm = runner.invoke(main, ["cite", "--all", "--records", str(records)]).stdout
    assert cold == warm
    assert cold.splitlines()[0].startswith("George Creel to Colonel House")
    assert len(cold.splitlines()) == 8


def test_cite_all_on_both_cores(
    runner: CliRunner, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the threshold, rendering runs in two processes and gives the single-process output."""
    from archcite import citing

    into = tmp_path / "r"
    assert (
        runner.invoke(
            main,
            [
                "import",
                "frus",
                str(Path(__file__).parent / "data" / "frus1952-54Guat-excerpt.xml"),
                "--into",
                str(into),
            ],
        ).exit_code
        == 0
    )
    monkeypatch.setenv("ARCHCITE_NO_CACHE", "1")
    single = runner.invoke(main, ["cite", "--all", "--records", str(into)]).stdout
    monkeypatch.setattr(citing, "PARALLEL_ABOVE", 1)
    monkeypatch.setattr(citing, "CHUNK", 1)
    assert runner.invoke(main, ["cite", "--all", "--records", str(into)]).stdout == single


def test_notes_come_from_the_cache(
    runner: CliRunner, records: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second `notes` run over unchanged records renders nothing: every note is in the cache."""
    from archcite import citation

    sequence = "120\n120, p. 434\ncreel-house-1918\n"
    first = runner.invoke(main, ["notes", "--records", str(records)], input=sequence).stdout

    def no_rendering(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendered although cached")

    monkeypatch.setattr(citation, "cite", no_rendering)
    second = runner.invoke(main, ["notes", "--records", str(records)], input=sequence)
    assert (second.exit_code, second.stdout) == (0, first)
