"""The shape of the code: dependencies point one way, and start-up imports only what it uses."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

CORE = [
    "errors",
    "edtf",
    "models",
    "yamlfile",
    "store",
    "csl",
    "validate",
    "styles",
    "citation",
    "output",
    "richtext",
    "resources",
    "headings",
    "sourcenote",
    "recordio",
    "importing",
    "importreport",
    "importers.frus_tei",
    "index",
    "cachedir",
    "rendercache",
    "citing",
    "options",
    "layout",
    "boundedio",
    "safexml",
    "safetext",
    "vocabulary",
    "workers",
]


@pytest.mark.parametrize("module", CORE)
def test_core_modules_import_no_cli_or_terminal_library(module: str) -> None:
    """Core modules never import click or rich; only render.py imports citeproc-py."""
    code = (
        f"import sys; import archcite.{module}; "
        "print(sorted(m for m in ('click', 'rich', 'citeproc') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    allowed = "['citeproc']" if module in ("citation",) else "[]"
    assert out.strip() == allowed


def loaded_after(args: list[str], modules: tuple[str, ...]) -> list[str]:
    """Which of *modules* a run of `archcite ARGS` in a fresh interpreter loads."""
    code = (
        "import sys; from archcite.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {modules!r} if m in sys.modules), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    found: list[str] = ast.literal_eval(result.stderr.strip())
    return found


def test_help_imports_nothing_heavy() -> None:
    """`archcite --help` loads neither pydantic, citeproc-py, lxml nor rich."""
    assert loaded_after(["--help"], ("pydantic", "citeproc", "lxml", "rich")) == []


def test_piped_cite_does_not_load_rich() -> None:
    """A citation printed to a pipe never loads rich."""
    assert loaded_after(["cite", "120"], ("rich",)) == []
