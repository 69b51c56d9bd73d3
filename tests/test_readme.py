"""The README's examples are real: each `$ archcite …` block prints exactly what the README shows."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from archcite.cli import main
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
# Examples that need files the README only describes (a user's draft records).
NOT_RUNNABLE = ("drafts/",)


def examples() -> list[tuple[str, str]]:
    found = []
    for block in re.findall(r"```text\n(.*?)```", README, flags=re.DOTALL):
        for chunk in re.split(r"^(?=\$ archcite )", block, flags=re.MULTILINE):
            if chunk.startswith("$ archcite "):
                command, _, output = chunk.partition("\n")
                output = output.rstrip("\n")
                found.append((command[2:], output + "\n" if output else ""))
    return [e for e in found if not any(marker in e[0] for marker in NOT_RUNNABLE)]


EXAMPLES = examples()


def test_readme_has_examples() -> None:
    """The README shows the first command's output and the commands' help."""
    commands = [c for c, _ in EXAMPLES]
    assert "archcite cite 120 --form short" in commands
    assert "archcite cite --help" in commands


def actual(command: str) -> str:
    result = CliRunner().invoke(main, shlex.split(command)[1:], prog_name="archcite", terminal_width=80)
    return result.output


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example(command: str, expected: str, monkeypatch: pytest.MonkeyPatch, update_golden: bool) -> None:
    """The command prints what the README says it prints (`--update-golden` rewrites the README's examples)."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("ARCHCITE_RECORDS", raising=False)
    output = actual(command)
    if update_golden and output != expected:
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        block = f"$ {command}\n{expected}"
        assert readme.count(block) == 1, f"cannot find the example {command!r} once"
        (ROOT / "README.md").write_text(readme.replace(block, f"$ {command}\n{output}"), encoding="utf-8")
        return
    assert output == expected


@pytest.mark.parametrize("command", [c for c, _ in EXAMPLES if c.endswith("--help")])
def test_help_in_an_80_column_terminal_is_the_readmes(command: str) -> None:
    """The real command, in a terminal 80 columns wide (COLUMNS=80), prints the README's help block:
    click by itself wraps two columns short of the terminal."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": "80"}
    run = subprocess.run(
        [sys.executable, "-m", "archcite", *shlex.split(command)[1:]], capture_output=True, text=True, env=env
    )
    expected = dict(EXAMPLES)[command]
    assert run.stdout.replace("python -m archcite", "archcite") == expected
