"""Each output format, read back by a real reader of that format, gives exactly the citation's text.

Arbitrary record text, with every font style a CSL style can set, goes through each renderer and
back: an HTML5 parser (in text and in attribute values), pandoc's Markdown reader, an RTF reader,
and TeX (pdflatex with Latin Modern fonts, read back with pdftotext). Nothing of the text may turn
into markup, math, a citation, a ligature, curly quotes or a control sequence on the way.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archcite.output import RENDERERS
from archcite.richtext import STYLES, Span, Styled, plain

# Text as records hold it: printable, no control or private-use character (models.py refuses
# those); the specials of every format are drawn far more often than chance would draw them.
SPECIALS = "\\`*_{}[]<>#|~&$^@'\"!-.,:;=+%()/?0123456789 "
TYPOGRAPHY = "“”‘’–—…éèñüçßøåÀÉ"
ALPHABET = st.sampled_from(list(SPECIALS + TYPOGRAPHY + "abcxyzKQ"))
SPAN = st.builds(
    lambda text, styles: Span(text, frozenset(styles)),
    st.text(ALPHABET, min_size=1, max_size=12),
    st.sets(st.sampled_from(STYLES), max_size=2),
)
CITATION = st.lists(SPAN, min_size=1, max_size=6).map(tuple)
BATCH = st.lists(CITATION, min_size=1, max_size=20)
READBACK = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def normalized(text: str) -> str:
    return " ".join(text.split())


def styled_text(styled: Styled, style: str) -> str:
    """The characters of the spans in *style*, white space left out (readers space runs differently)."""
    return compact("".join(s.text for s in styled if style in s.styles))


def compact(text: str) -> str:
    return "".join(text.split())


# --- HTML ----------------------------------------------------------------------------------


def html_text(fragment: str) -> tuple[str, str]:
    """The text of an HTML fragment, and the text inside its <i> elements, as an HTML5 parser reads them."""
    import html5lib

    tree = html5lib.parseFragment(fragment, namespaceHTMLElements=False)
    italic = " ".join("".join(el.itertext()) for el in tree.iter("i"))
    return "".join(tree.itertext()), italic


@READBACK
@given(BATCH)
def test_html_reads_back(batch: list[Styled]) -> None:
    """An HTML5 parser reads each citation's text back exactly, and its italics as <i>."""
    for styled in batch:
        text, italic = html_text(RENDERERS["html"](styled))
        assert text == plain(styled)
        assert compact(italic) == styled_text(styled, "italic")


@READBACK
@given(st.text(ALPHABET, min_size=1, max_size=40))
def test_html_is_safe_in_attribute_values(text: str) -> None:
    """Escaped text stays one attribute value, between double or single quotes."""
    import html5lib

    escaped = RENDERERS["html"]((Span(text),))
    for quote in "\"'":
        tree = html5lib.parseFragment(f"<a title={quote}{escaped}{quote}>x</a>", namespaceHTMLElements=False)
        [link] = list(tree.iter("a"))
        assert dict(link.attrib) == {"title": text}


# --- Markdown (pandoc) ------------------------------------------------------------------------

needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
_FORBIDDEN_NODES = {"Math", "Cite", "Quoted", "RawInline", "Link", "Image", "Code", "Note", "Strikeout", "Span"}


def _inline_text(node: object, out: list[str], kinds: set[str]) -> None:
    if isinstance(node, dict):
        kind = node.get("t")
        if isinstance(kind, str):
            kinds.add(kind)
        if kind == "Str":
            out.append(node["c"])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif "c" in node:
            _inline_text(node["c"], out, kinds)
    elif isinstance(node, list):
        for child in node:
            _inline_text(child, out, kinds)


def pandoc_paragraphs(markdown: str) -> list[tuple[str, set[str]]]:
    ast = json.loads(
        subprocess.run(
            ["pandoc", "-f", "markdown", "-t", "json"], input=markdown, capture_output=True, text=True, check=True
        ).stdout
    )
    paragraphs = []
    for block in ast["blocks"]:
        out: list[str] = []
        kinds: set[str] = {block["t"]}
        _inline_text(block.get("c", []), out, kinds)
        paragraphs.append(("".join(out), kinds))
    return paragraphs


@needs_pandoc
@READBACK
@given(BATCH)
def test_markdown_reads_back_in_pandoc(batch: list[Styled]) -> None:
    """pandoc reads each citation back as one paragraph of exactly its text: no math, no citation, no
    smart quotes or dashes, no list or heading, and each font style as that style."""
    markdown = "\n\n".join(RENDERERS["markdown"](styled) for styled in batch) + "\n"
    paragraphs = pandoc_paragraphs(markdown)
    expected = [s for s in batch if normalized(plain(s))]
    assert len(paragraphs) == len(expected), markdown
    for styled, (text, kinds) in zip(expected, paragraphs, strict=True):
        assert normalized(text) == normalized(plain(styled)), markdown
        assert "Para" in kinds or "Plain" in kinds
        assert not kinds & _FORBIDDEN_NODES, (kinds, markdown)
        wanted = {"Emph"} if any(s.italic and s.text.strip() for s in styled) else set()
        assert wanted <= kinds


@needs_pandoc
def test_markdown_bibliography_is_a_paragraph_per_entry() -> None:
    """`bib --format markdown` and `notes --bibliography --format markdown`: pandoc reads one paragraph
    per entry (entries on consecutive lines would run into one)."""
    from click.testing import CliRunner

    from archcite.cli import main
    from conftest import RECORDS

    runner = CliRunner()
    text = runner.invoke(main, ["bib", "--all", "--records", str(RECORDS)]).stdout
    markdown = runner.invoke(main, ["bib", "--all", "--format", "markdown", "--records", str(RECORDS)]).stdout
    entries = text.splitlines()
    assert [normalized(p) for p, _ in pandoc_paragraphs(markdown)] == [normalized(e) for e in entries]
    notes = runner.invoke(
        main, ["notes", "-", "--bibliography", "--format", "markdown", "--records", str(RECORDS)], input="120\n220\n"
    ).stdout
    paragraphs = [normalized(p) for p, _ in pandoc_paragraphs(notes)]
    assert paragraphs[-3:] == ["Bibliography", *(e for e in entries if "Vol. 9," in e or "Vol. 12," in e)]


# --- RTF --------------------------------------------------------------------------------------


@READBACK
@given(BATCH)
def test_rtf_reads_back(batch: list[Styled]) -> None:
    """An RTF reader gives back each citation's text, characters outside ASCII included."""
    from striprtf.striprtf import rtf_to_text

    for styled in batch:
        text = rtf_to_text("{\\rtf1\\ansi\\uc1 " + RENDERERS["rtf"](styled) + "}")
        text = text.encode("utf-16", "surrogatepass").decode("utf-16")  # \u pairs arrive as two halves
        assert text == plain(styled)


# --- LaTeX --------------------------------------------------------------------------------------

needs_tex = pytest.mark.skipif(
    shutil.which("pdflatex") is None or shutil.which("pdftotext") is None, reason="pdflatex or pdftotext missing"
)
PREAMBLE = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\pdfpagewidth=400cm \pdfpageheight=80cm \textwidth=390cm \textheight=75cm
\oddsidemargin=0pt \topmargin=0pt \parindent=0pt \pagestyle{empty}
\hyphenpenalty=10000 \exhyphenpenalty=10000 \raggedright
\begin{document}
"""


def typeset(lines: list[str], work: Path) -> list[str]:
    """Each LaTeX line typeset as a paragraph of its own, read back from the PDF."""
    # Markers around each line: pdftotext would take a hyphen ending a line for a broken word.
    body = "".join(f"ZQ{i}ZQ {line} QZ\\par\n" for i, line in enumerate(lines))
    (work / "t.tex").write_text(PREAMBLE + body + "\\end{document}\n", encoding="utf-8")
    run = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "t.tex"], cwd=work, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout[-2000:]
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "t.pdf", "-"], cwd=work, capture_output=True, text=True, check=True
    ).stdout
    parts = re.split(r"ZQ(\d+)ZQ", text)
    return [parts[i + 1].rsplit("QZ", 1)[0] for i in range(1, len(parts), 2)]


@needs_tex
@READBACK
@given(batch=BATCH)
def test_latex_typesets_back(batch: list[Styled], tmp_path_factory: pytest.TempPathFactory) -> None:
    """TeX typesets each citation as exactly its characters: no special character, ligature or quote
    changed (white space is compared apart: pdftotext spaces a change of font as it sees fit)."""
    work = tmp_path_factory.mktemp("tex")
    lines = [RENDERERS["latex"](styled) for styled in batch]
    for styled, text in zip(batch, typeset(lines, work), strict=True):
        # LaTeX sets … as three spaced periods (\textellipsis), and pdftotext reads them so.
        assert compact(text) == compact(plain(styled)).replace("…", "..."), RENDERERS["latex"](styled)
