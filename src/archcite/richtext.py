"""Format-neutral styled text: what a citation is before it becomes text, HTML, Markdown, RTF or LaTeX.

A citation is a tuple of spans, each a run of text with the font styles a CSL style gave it
(italic, bold, small capitals, superscript, subscript). citeproc-py marks them in its output
with private-use characters, which record text cannot contain (``models.py`` refuses them).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

STYLES = ("italic", "bold", "smallcaps", "superscript", "subscript")
# Each style's opening and closing mark in citeproc-py's output: U+E000/U+E001 for italics, …
MARKS = {style: (chr(0xE000 + 2 * i), chr(0xE001 + 2 * i)) for i, style in enumerate(STYLES)}
_BY_MARK = {
    mark: (style, opening) for style, pair in MARKS.items() for mark, opening in zip(pair, (True, False), strict=True)
}
_MARK = re.compile("([" + "".join(re.escape(m) for pair in MARKS.values() for m in pair) + "])")


class Span(NamedTuple):
    text: str
    styles: frozenset[str] = frozenset()

    @property
    def italic(self) -> bool:
        return "italic" in self.styles


Styled = tuple[Span, ...]


def from_marked(marked: str) -> Styled:
    """Split citeproc-py's marked output into spans; marks that do not pair are ignored."""
    spans: list[Span] = []
    depth = dict.fromkeys(STYLES, 0)
    for piece in _MARK.split(marked):
        if piece in _BY_MARK:
            style, opening = _BY_MARK[piece]
            depth[style] = depth[style] + 1 if opening else max(0, depth[style] - 1)
        elif piece:
            styles = frozenset(s for s, d in depth.items() if d > 0)
            if spans and spans[-1].styles == styles:
                spans[-1] = Span(spans[-1].text + piece, styles)
            else:
                spans.append(Span(piece, styles))
    return tuple(spans)


def plain(styled: Styled) -> str:
    return "".join(span.text for span in styled)


def append(styled: Styled, text: str) -> Styled:
    return (*styled, Span(text)) if text else styled


class Citation(NamedTuple):
    """One rendered citation of a record, and what archcite noticed while making it."""

    id: str
    style: str
    form: str
    version: str
    styled: Styled
    warnings: tuple[str, ...] = ()

    def to_data(self) -> dict[str, Any]:
        """Plain data, for the render cache."""
        return {
            "id": self.id,
            "style": self.style,
            "form": self.form,
            "version": self.version,
            "styled": [[s.text, sorted(s.styles)] for s in self.styled],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_data(cls, data: Any) -> Citation | None:
        """The citation *data* holds, or None if it is not what ``to_data`` writes (a damaged cache row)."""
        try:
            styled = tuple(Span(_text(text), frozenset(_styles(styles))) for text, styles in data["styled"])
            ident, style, form, version = (_text(data[k]) for k in ("id", "style", "form", "version"))
            warnings = tuple(_text(w) for w in data["warnings"])
        except (KeyError, TypeError, ValueError):
            return None
        return cls(ident, style, form, version, styled, warnings)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _styles(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(s in STYLES for s in value):
        raise ValueError("not styles")
    return value
