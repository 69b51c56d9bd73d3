"""Styled spans to text, HTML, Markdown, RTF, LaTeX and JSON, escaping record text for each.

Each format's renderer turns a citation's spans into that format so that its own reader gives
back exactly the text and styles: an HTML5 parser (text and attribute contexts), pandoc for
Markdown (no math, citations, smart dashes or quotes made of record text), an RTF reader, and
TeX (no special character, ligature or active character of record text). ``tests/test_output.py``
checks each against the real reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .richtext import STYLES, Span, Styled, plain

if TYPE_CHECKING:
    from .richtext import Citation

Renderer = Callable[[Styled], str]
Wrap = Callable[[str, str], str]  # (style, inner markup) → the markup of that style around it


def nested(styled: Styled, escape: Callable[[str, frozenset[str]], str], wrap: Wrap) -> str:
    """Markup with each style opened once around the longest run of spans that has it, runs nested.

    ``[italic "a", italic+bold "b"]`` is italic(``a`` bold(``b``)), never italic(a)italic(bold(b)):
    markup that opens and closes the same style back to back is read wrongly by some readers.
    """

    def runs(spans: list[Span], open_styles: frozenset[str]) -> str:
        out, i = [], 0
        while i < len(spans):
            new = [s for s in STYLES if s in spans[i].styles and s not in open_styles]
            if not new:  # text in the styles already open: escaped as one (a ligature can span spans)
                j = i
                while j < len(spans) and spans[j].styles <= open_styles:
                    j += 1
                out.append(escape("".join(span.text for span in spans[i:j]), open_styles))
                i = j
                continue
            style, j = new[0], i
            while j < len(spans) and style in spans[j].styles:
                j += 1
            text = "".join(span.text for span in spans[i:j])
            if text.strip():
                out.append(wrap(style, runs(spans[i:j], open_styles | {style})))
            else:  # white space in italics is no italics
                out.append(escape(text, open_styles))
            i = j
        return "".join(out)

    return runs(list(styled), frozenset())


# --- HTML ------------------------------------------------------------------------------------

_HTML_TAGS = {
    "italic": ("<i>", "</i>"),
    "bold": ("<b>", "</b>"),
    "smallcaps": ('<span style="font-variant:small-caps">', "</span>"),
    "superscript": ("<sup>", "</sup>"),
    "subscript": ("<sub>", "</sub>"),
}


def _html(styled: Styled) -> str:
    def wrap(style: str, inner: str) -> str:
        opening, closing = _HTML_TAGS[style]
        return f"{opening}{inner}{closing}"

    import html

    return nested(styled, lambda text, _: html.escape(text, quote=True), wrap)


# --- Markdown (as pandoc reads it) ------------------------------------------------------------

# Characters that mean something to pandoc's Markdown anywhere in a line: emphasis, code, links,
# HTML and entities, tables, math, super- and subscripts, citations, and straight quotes (which
# its "smart" extension would curl).
_MARKDOWN_SPECIAL = re.compile(r"""([\\`*_{}\[\]<>#|~&$^@'"!])""")
# Ligature-like sequences its "smart" extension turns into dashes and ellipses.
_MARKDOWN_SEQUENCES = re.compile(r"-(?=-)|\.(?=\.\.)")
# What starts a block when it starts a line: lists, quotes, headings, definition lists, tables.
_MARKDOWN_LINE_START = re.compile(r"^(?:([-+:>%=])|(\d+)([.)]))")
# Curly quotes as entities: pandoc's "smart" reading takes them for quotation markup, and turns a
# lone one around (‘90 → ’90); an entity is read as the very character. An apostrophe between
# letters (President’s) is only ever an apostrophe, and stays as it is.
_MARKDOWN_QUOTES = {"‘": "&#8216;", "’": "&#8217;", "“": "&#8220;", "”": "&#8221;"}
_MARKDOWN_QUOTE = re.compile(r"[‘“”]|(?<![^\W\d_])’|’(?![^\W\d_])")
_MARKDOWN_MARKS = {
    "italic": ("*", "*"),
    "bold": ("**", "**"),
    "smallcaps": ('<span class="smallcaps">', "</span>"),  # [x]{.smallcaps} would make [^x^] a footnote
    "superscript": ("^", "^"),
    "subscript": ("~", "~"),
}


def _markdown_text(text: str, styles: frozenset[str]) -> str:
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _MARKDOWN_SEQUENCES.sub(lambda m: m.group() + "\\", text)
    text = _MARKDOWN_QUOTE.sub(lambda m: _MARKDOWN_QUOTES[m.group()], text)
    if styles & {"superscript", "subscript"}:
        text = text.replace(" ", "\\ ")  # pandoc's super- and subscripts hold no bare space
    return text


def _markdown_wrap(style: str, inner: str) -> str:
    """Emphasis hugs its text: spaces at its edges stay outside (else pandoc reads no emphasis).
    (Spaces in super- and subscripts are escaped already, so nothing is moved out of them.)"""
    opening, closing = _MARKDOWN_MARKS[style]
    core = inner.strip(" ")
    before, after = inner[: len(inner) - len(inner.lstrip(" "))], inner[len(inner.rstrip(" ")) :]
    if core.endswith("\\"):  # the space just stripped was escaped: it stays inside
        core, after = core + after[:1], after[1:]
    return f"{before}{opening}{core}{closing}{after}"


def _markdown(styled: Styled) -> str:
    out = nested(styled, _markdown_text, _markdown_wrap).lstrip()  # four spaces would make code
    return _MARKDOWN_LINE_START.sub(_escape_line_start, out, count=1)  # never a list item or a quote


def _escape_line_start(m: re.Match[str]) -> str:
    if m[1]:
        return f"\\{m[1]}"
    return f"{m[2]}\\{m[3]}"


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
    return nested(styled, lambda text, _: _rtf_escape(text), lambda style, inner: f"{{{_RTF_STYLES[style]} {inner}}}")


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
    # TeX prints ' and ` as curly quotes; record text prints as written (decision D1).
    "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}",
}
# Characters TeX fonts join into another, kept apart: -- –, ,, „, and the curly quotes that TeX
# reads as its own ` and ' (‘‘ “, ’’ ”, !‘ ¡, ?‘ ¿). (ASCII quotes are escaped above.)
_LATEX_LIGATURE = re.compile(r"(-(?=-)|,(?=,)|‘(?=‘)|’(?=’)|[!?](?=‘))")
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
    return nested(
        styled, lambda text, _: _latex_text(text), lambda style, inner: f"{_LATEX_COMMANDS[style]}{{{inner}}}"
    )


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
        import json

        return "\n".join(json.dumps(to_json(c), ensure_ascii=False) for c in cited)
    render = RENDERERS[fmt]
    return "\n".join(render(c.styled) for c in cited)


def numbered(notes: Iterable[Any], fmt: str) -> Iterator[str]:
    """Footnotes, numbered: ``1. …``, a line each as they come (JSON Lines with a ``number`` for ``json``).

    A citation that recurs is put into the format once (up to a bound, for long sequences).
    """
    rendered: dict[Citation, str] = {}
    for note in notes:
        text = rendered.get(note.citation)
        if text is None:
            # JSON: the citation's object without its "{", so that the number can lead it.
            text = _json(to_json(note.citation))[1:] if fmt == "json" else None
            text = text if text is not None else RENDERERS[fmt](note.citation.styled)
            if len(rendered) < 10_000:
                rendered[note.citation] = text
        yield f'{{"number": {note.number}, {text}' if fmt == "json" else f"{note.number}. {text}"


def entries(styled: Sequence[Styled], fmt: str, heading: str | None = None) -> str:
    """Bibliography entries, a line each (in Markdown a paragraph each), after a *heading* if given."""
    if fmt == "json":
        return "\n".join(_json({"text": plain(e), "html": _html(e)}) for e in styled)
    render = RENDERERS[fmt]
    lines = [render(e) for e in styled]
    separator = "\n\n" if fmt == "markdown" else "\n"  # Markdown runs lines of one paragraph together
    body = separator.join(lines)
    return f"\n{heading}\n\n{body}" if heading else body


def _json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
