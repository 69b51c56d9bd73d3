"""The shape of the code: dependencies point one way, and start-up imports only what it uses."""

from __future__ import annotations

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
    "fastcite",
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


def test_help_imports_nothing_heavy() -> None:
    """`archcite --help` loads neither pydantic, citeproc-py, lxml nor rich."""
    code = (
        "import sys; from archcite.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pydantic', 'citeproc', 'lxml', 'rich') if m in sys.modules), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr.strip() == "[]"


def test_piped_cite_does_not_load_rich() -> None:
    """A citation printed to a pipe never loads rich."""
    code = (
        "import sys; from archcite.cli import main\n"
        "try:\n    main(['cite', '120'])\nexcept SystemExit:\n    pass\n"
        "print('rich' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr.strip() == "False"
