"""What archcite prints: data on stdout, warnings and errors on stderr; terminal-safe, pipe-exact.

Data written to a terminal has its control and direction characters made visible; written to a
pipe or a file it is byte-exact. Citations in a terminal go through rich for their italics.
Used by the command line and by the quick path of ``cite`` alike, so both print the same.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any

from .safetext import one_line, visible


def data(text: str) -> None:
    """One piece of data and a newline on stdout."""
    if sys.stdout.isatty():
        text = visible(text, keep_newlines=True)
    _write(sys.stdout, text + "\n")


def citations(cited: list[Any], fmt: str) -> None:
    """Citations on stdout: italics through rich in a terminal, the format's text otherwise."""
    from . import output

    if fmt == "text" and sys.stdout.isatty() and os.environ.get("TERM") != "dumb":
        from .terminal import print_styled

        print_styled([c.styled for c in cited])
    else:
        data(output.citations(cited, fmt))


def warnings(found: Iterable[str]) -> None:
    for warning in dict.fromkeys(found):
        _write(sys.stderr, f"archcite: warning: {one_line(warning)}\n")


def _write(stream: Any, text: str) -> None:
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:  # text from a file name that is not UTF-8 is written as it came
        stream.flush()  # what was written as text goes first
        buffer.write(text.encode("utf-8", "surrogateescape"))
    else:
        stream.write(text)
