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
def records(tmp_path: Path) -> Path:
    """A writable copy of the bundled records."""
    import shutil

    target = tmp_path / "records"
    shutil.copytree(RECORDS, target)
    return target
