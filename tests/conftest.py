"""Shared fixtures: the bundled records, golden-file updating, the CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "records"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_configure(config: pytest.Config) -> None:
    """The index and render cache of a test run live in a directory of their own."""
    import os
    import tempfile

    os.environ.setdefault("ARCHCITE_CACHE", tempfile.mkdtemp(prefix="archcite-test-cache-"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of the test's own (and a fresh connection to it)."""
    from archcite import rendercache

    directory = tmp_path / "cache"
    monkeypatch.setenv("ARCHCITE_CACHE", str(directory))
    monkeypatch.setattr(rendercache, "_db", False)
    return directory


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A writable copy of the bundled records."""
    import shutil

    target = tmp_path / "records"
    shutil.copytree(RECORDS, target)
    return target


HEAVY = ("click", "pydantic", "citeproc", "lxml", "rich")


def heavy_modules_loaded(args: list[str], env: dict[str, str]) -> tuple[str, list[str]]:
    """Run ``archcite ARGS`` as the installed command does; its output, and which of the heavy
    libraries (``HEAVY``) it imported on the way."""
    import ast
    import subprocess
    import sys

    code = (
        "import os, runpy, sys\n"
        f"sys.argv = ['archcite', *{args!r}]\n"
        "def leave(status=0):\n"
        "    raise SystemExit(status)\n"
        "os._exit = leave  # the command ends with os._exit once its output is out\n"
        "try:\n    runpy.run_module('archcite', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    return done.stdout, ast.literal_eval(done.stderr.strip().splitlines()[-1])
