"""Text that is safe to show: control characters and direction overrides made visible.

A file name, a YAML key or a record can hold ESC sequences (``\\x1b]0;…\\a``) or U+202E, which
a terminal would obey. Every message archcite prints passes through ``one_line``; data written
to a terminal passes through ``visible``. Data written to a pipe or a file stays byte-exact.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode bidirectional controls (embeddings, overrides,
# isolates, marks): a terminal obeys them, a reader cannot see them.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """*text* with every control and direction character written as an escape (``\\x1b``, ``\\u202e``)."""
    if keep_newlines:
        return "\n".join(_UNSAFE.sub(_escape, line) for line in text.split("\n"))
    return _UNSAFE.sub(_escape, text)


def squeeze(text: str) -> str:
    """*text* with each run of whitespace one space, none at either end.

    The same as ``re.sub(r"\\s+", " ", text).strip()`` (``str.split`` and ``\\s`` know the same
    whitespace), several times faster: the importer squeezes every element's text.
    """
    return " ".join(text.split())


def one_line(text: str) -> str:
    """A message on one line: whitespace runs become one space, other controls become visible."""
    return visible(squeeze(text))
