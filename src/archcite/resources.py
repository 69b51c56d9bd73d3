"""Where archcite's bundled styles and example records are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    installed = _PACKAGE / "data" / name  # a wheel carries them inside the package
    if installed.is_dir():
        return installed
    return _PACKAGE.parents[1] / name  # a source checkout keeps them at the top level


def styles_dir() -> Path:
    return _bundled("styles")


def records_dir() -> Path:
    return _bundled("records")
