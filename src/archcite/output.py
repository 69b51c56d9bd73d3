"""Styled spans to text, HTML, Markdown, RTF, LaTeX and JSON, escaping record text for each."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .richtext import Span, Styled, plain

if TYPE_CHECKING:
    from .richtext import Citation

FORMATS = ("text", "html", "markdown", "rtf", "latex", "json")


def _html(styled: Styled) -> str:
    return "".join(
        f"<i>{html.escape(s.text, quote=False)}</i>" if s.italic else html.escape(s.text, quote=False) for s in styled
    )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&])")


def _markdown(styled: Styled) -> str:
    def one(s: Span) -> str:
        text = _MARKDOWN_SPECIAL.sub(r"\\\1", s.text)
        return f"*{text}*" if s.italic else text

    return "".join(one(s) for s in styled)


def _rtf_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) > 127:
            code = ord(ch)
            if code > 0xFFFF:  # RTF counts UTF-16 units, as signed 16-bit numbers
                code -= 0x10000
                units = [0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)]
            else:
                units = [code]
            out.extend(f"\\u{u - 65536 if u > 32767 else u}?" for u in units)
        else:
            out.append(ch)
    return "".join(out)


def _rtf(styled: Styled) -> str:
    return "".join(f"{{\\i {_rtf_escape(s.text)}}}" if s.italic else _rtf_escape(s.text) for s in styled)


_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "[": "{[}",
    "]": "{]}",
}


def _latex(styled: Styled) -> str:
    def esc(text: str) -> str:
        return "".join(_LATEX.get(ch, ch) for ch in text)

    return "".join(f"\\emph{{{esc(s.text)}}}" if s.italic else esc(s.text) for s in styled)


html_of = _html

RENDERERS: dict[str, Callable[[Styled], str]] = {
    "text": plain,
    "html": _html,
    "markdown": _markdown,
    "rtf": _rtf,
    "latex": _latex,
}


def to_json(citation: Citation) -> dict[str, str]:
    return {
        "id": citation.id,
        "style": citation.style,
        "form": citation.form,
        "version": citation.version,
        "text": plain(citation.styled),
        "html": _html(citation.styled),
    }


def format_citations(citations: list[Citation], fmt: str) -> str:
    """All *citations* in *fmt*, one per line (JSON Lines for ``json``)."""
    if fmt == "json":
        return "\n".join(json.dumps(to_json(c), ensure_ascii=False) for c in citations)
    render = RENDERERS[fmt]
    return "\n".join(render(c.styled) for c in citations)
