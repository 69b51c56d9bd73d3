"""Format-neutral styled text: what a citation is before it becomes text, HTML or LaTeX."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# citeproc-py's output carries italics as these private-use marks, which
# record text cannot contain (models.py refuses them).
ITALIC_ON = "\ue000"
ITALIC_OFF = "\ue001"
_MARKS = re.compile(f"({ITALIC_ON}|{ITALIC_OFF})")


@dataclass(frozen=True)
class Span:
    text: str
    italic: bool = False


Styled = tuple[Span, ...]


def from_marked(marked: str) -> Styled:
    """Split citeproc-py's marked output into spans."""
    spans: list[Span] = []
    depth = 0
    for piece in _MARKS.split(marked):
        if piece == ITALIC_ON:
            depth += 1
        elif piece == ITALIC_OFF:
            depth = max(0, depth - 1)
        elif piece:
            if spans and spans[-1].italic == (depth > 0):
                spans[-1] = Span(spans[-1].text + piece, depth > 0)
            else:
                spans.append(Span(piece, depth > 0))
    return tuple(spans)


def plain(styled: Styled) -> str:
    return "".join(span.text for span in styled)


def append(styled: Styled, text: str) -> Styled:
    return (*styled, Span(text)) if text else styled


@dataclass(frozen=True)
class Citation:
    """One rendered citation of a record, and what archcite noticed while making it."""

    id: str
    style: str
    form: str
    version: str
    styled: Styled
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_data(self) -> dict[str, Any]:
        """Plain data, for the render cache."""
        return {
            "id": self.id,
            "style": self.style,
            "form": self.form,
            "version": self.version,
            "styled": [[s.text, s.italic] for s in self.styled],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Citation:
        styled = tuple(Span(text, italic) for text, italic in data["styled"])
        return cls(data["id"], data["style"], data["form"], data["version"], styled, tuple(data["warnings"]))
