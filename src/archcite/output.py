"""Styled spans to text, HTML, Markdown, RTF, LaTeX and JSON, escaping record text for each.

Each format's renderer turns a citation's spans into that format so that its own reader gives
back exactly the text and styles: an HTML5 parser (text and attribute contexts), pandoc for
Markdown (no math, citations, smart dashes or quotes made of record text), an RTF reader, and
TeX (no special character, ligature or active character of record text). ``tests/test_output.py``
checks each against the real reader.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .richtext import Span, Styled, plain

if TYPE_CHECKING:
    from .richtext import Citation

Renderer = Callable[[Styled], str]

# --- HTML ------------------------------------------------------------------------------------

_HTML_TAGS = {
    "italic": ("<i>", "</i>"),
    "bold": ("<b>", "</b>"),
    "smallcaps": ('<span style="font-variant:small-caps">', "</span>"),
    "superscript": ("<sup>", "</sup>"),
    "subscript": ("<sub>", "</sub>"),
}


def _html(styled: Styled) -> str:
    return "".join(_wrap(span, html.escape(span.text, quote=True), _HTML_TAGS) for span in styled)


def _wrap(span: Span, text: str, tags: dict[str, tuple[str, str]]) -> str:
    for style in ("italic", "bold", "smallcaps", "superscript", "subscript"):
        if style in span.styles:
            opening, closing = tags[style]
            text = f"{opening}{text}{closing}"
    return text


# --- Markdown (as pandoc reads it) ------------------------------------------------------------

# Characters that mean something to pandoc's Markdown anywhere in a line: emphasis, code, links,
# HTML and entities, tables, math, super- and subscripts, citations, and straight quotes (which
# its "smart" extension would curl).
_MARKDOWN_SPECIAL = re.compile(r"""([\\`*_{}\[\]<>#|~&$^@'"!])""")
# Ligature-like sequences its "smart" extension turns into dashes and ellipses.
_MARKDOWN_SEQUENCES = re.compile(r"-(?=-)|\.(?=\.\.)")
# What starts a block when it starts a line: lists, quotes, headings, definition lists, tables.
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(?:([-+:>%=])|(\d+)([.)]))")


def _markdown_text(text: str) -> str:
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _MARKDOWN_SEQUENCES.sub(lambda m: m.group() + "\\", text)


def _markdown(styled: Styled) -> str:
    out = "".join(_markdown_span(span) for span in styled)
    return _MARKDOWN_LINE_START.sub(_escape_line_start, out, count=1)  # never a list item or a quote


def _escape_line_start(m: re.Match[str]) -> str:
    if m[2]:
        return f"{m[1]}\\{m[2]}"
    return f"{m[1]}{m[3]}\\{m[4]}"


def _markdown_span(span: Span) -> str:
    text = _markdown_text(span.text)
    if not span.styles or not span.text.strip():
        return text
    core = text.strip(" ")
    before, after = text[: len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")) :]
    if "superscript" in span.styles or "subscript" in span.styles:
        core = core.replace(" ", "\\ ")
    for style, (opening, closing) in _MARKDOWN_MARKS.items():
        if style in span.styles:
            core = f"{opening}{core}{closing}"
    return f"{before}{core}{after}"


_MARKDOWN_MARKS = {
    "italic": ("*", "*"),
    "bold": ("**", "**"),
    "smallcaps": ("[", "]{.smallcaps}"),
    "superscript": ("^", "^"),
    "subscript": ("~", "~"),
}

# --- RTF -------------------------------------------------------------------------------------


def _rtf_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ch == "\t":
            out.append("\\tab ")
        elif ch in "\n\r":
            out.append("\\line ")
        elif ord(ch) > 127 or ord(ch) < 32:
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


_RTF_STYLES = {"italic": "\\i", "bold": "\\b", "smallcaps": "\\scaps", "superscript": "\\super", "subscript": "\\sub"}


def _rtf(styled: Styled) -> str:
    def one(span: Span) -> str:
        words = [_RTF_STYLES[s] for s in _RTF_STYLES if s in span.styles]
        text = _rtf_escape(span.text)
        return f"{{{''.join(words)} {text}}}" if words else text

    return "".join(one(span) for span in styled)


# --- LaTeX -----------------------------------------------------------------------------------

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
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    '"': r"\textquotedbl{}",
}
# Characters TeX fonts join into another (-- –, `` “, '' ”, ,, „, !` ¡, ?` ¿): kept apart.
_LATEX_LIGATURE = re.compile(r"([-`',!?])(?=[-`',])")
_LATEX_COMMANDS = {
    "italic": r"\emph",
    "bold": r"\textbf",
    "smallcaps": r"\textsc",
    "superscript": r"\textsuperscript",
    "subscript": r"\textsubscript",
}


def _latex_text(text: str) -> str:
    escaped = "".join(_LATEX.get(ch, ch) for ch in text)
    return _LATEX_LIGATURE.sub(r"\1{}", escaped)


def _latex(styled: Styled) -> str:
    def one(span: Span) -> str:
        text = _latex_text(span.text)
        for style, command in _LATEX_COMMANDS.items():
            if style in span.styles:
                text = f"{command}{{{text}}}"
        return text

    return "".join(one(span) for span in styled)


RENDERERS: dict[str, Renderer] = {
    "text": plain,
    "html": _html,
    "markdown": _markdown,
    "rtf": _rtf,
    "latex": _latex,
}
FORMATS = (*RENDERERS, "json")


def html_of(styled: Styled) -> str:
    return _html(styled)


def to_json(citation: Citation) -> dict[str, str]:
    return {
        "id": citation.id,
        "style": citation.style,
        "form": citation.form,
        "version": citation.version,
        "text": plain(citation.styled),
        "html": _html(citation.styled),
    }


def citations(cited: Sequence[Citation], fmt: str) -> str:
    """Citations in *fmt*, one per line (JSON Lines for ``json``)."""
    if fmt == "json":
        return "\n".join(json.dumps(to_json(c), ensure_ascii=False) for c in cited)
    render = RENDERERS[fmt]
    return "\n".join(render(c.styled) for c in cited)


def numbered(notes: Sequence[Any], fmt: str) -> str:
    """Footnotes, numbered: ``1. …`` a line each (JSON Lines with a ``number`` for ``json``)."""
    if fmt == "json":
        return "\n".join(json.dumps({"number": n.number, **to_json(n.citation)}, ensure_ascii=False) for n in notes)
    render = RENDERERS[fmt]
    return "\n".join(f"{n.number}. {render(n.citation.styled)}" for n in notes)


def entries(styled: Sequence[Styled], fmt: str, heading: str | None = None) -> str:
    """Bibliography entries, a line each, after a *heading* if given."""
    if fmt == "json":
        return "\n".join(json.dumps({"text": plain(e), "html": _html(e)}, ensure_ascii=False) for e in styled)
    render = RENDERERS[fmt]
    lines = [render(e) for e in styled]
    return "\n".join(([f"\n{heading}\n"] if heading else []) + lines)
