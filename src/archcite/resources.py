"""Where archcite's bundled styles and example records are, installed or in a checkout."""

from __future__ import annotations

import functools
import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    installed = _PACKAGE / "data" / name  # a wheel carries them inside the package
    if installed.is_dir():
        return installed
    return _PACKAGE.parents[1] / name  # a source checkout keeps them at the top level


@functools.cache
def code_signature() -> str:
    """The number, size and latest time of archcite's modules as installed: part of every key of what
    archcite remembers (citations, a file's facts, its check), so that a working copy whose code
    changed without a new version number never answers with what the old code made."""
    stats = [
        os.stat(os.path.join(directory, name))
        for directory, _, names in os.walk(_PACKAGE)
        for name in names
        if name.endswith(".py")
    ]  # os.walk, not Path.rglob: this runs on every command, and rglob costs five times as much
    return f"{len(stats)}:{sum(s.st_size for s in stats)}:{max((s.st_mtime_ns for s in stats), default=0)}"


def styles_dir() -> Path:
    return _bundled("styles")


def records_dir() -> Path:
    return _bundled("records")
