"""Shell completion: commands, styles and record ids from the index, for bash, zsh and fish."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import BashComplete
from click.testing import CliRunner

from archcite.cli import main
from conftest import RECORDS


def completions(args: list[str], incomplete: str) -> list[str]:
    return [c.value for c in BashComplete(main, {}, "archcite", "_ARCHCITE_COMPLETE").get_completions(args, incomplete)]


def test_record_ids_are_completed_from_the_records_directory(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    assert completions(["cite", "--records", str(records)], "frus1969") == [
        "frus1969-76v09-d120",
        "frus1969-76v12-d220",
    ]
    assert completions(["show", "--records", str(records)], "creel") == ["creel-house-1918"]
    (records / "frus1969-76v12" / "d221.yaml").write_bytes((records / "frus1969-76v12" / "d220.yaml").read_bytes())
    assert completions(["export", "--records", str(records)], "frus1969-76v12-d22") == [
        "frus1969-76v12-d220",
        "frus1969-76v12-d221",
    ]  # a new file is completed at once: the index is brought up to date first


def test_a_missing_records_directory_completes_nothing(tmp_path: Path) -> None:
    assert completions(["cite", "--records", str(tmp_path / "none")], "") == []


def test_styles_and_commands_are_completed() -> None:
    assert completions(["cite", "--style"], "tu") == ["turabian"]
    assert completions(["styles"], "ch") == ["chicago"]
    assert completions([], "f") == ["fetch", "find"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_completion_script_is_printed_for_each_shell(shell: str) -> None:
    result = CliRunner().invoke(main, ["completion", shell])
    assert result.exit_code == 0
    assert "_ARCHCITE_COMPLETE" in result.stdout
    assert f"{shell}_complete" in result.stdout


def test_completion_through_the_installed_command(tmp_path: Path) -> None:
    """What bash runs on Tab: the entry point itself, with the quick path of ``cite`` out of the way."""
    env = {
        **os.environ,
        "COMP_WORDS": f"archcite cite --records {RECORDS} frus1969-76v0",
        "COMP_CWORD": "4",
        "_ARCHCITE_COMPLETE": "bash_complete",
        "ARCHCITE_CACHE": str(tmp_path / "cache"),
    }
    out = subprocess.run([sys.executable, "-m", "archcite"], env=env, capture_output=True, text=True, check=False)
    assert (out.returncode, out.stdout, out.stderr) == (0, "plain,frus1969-76v09-d120\n", "")
