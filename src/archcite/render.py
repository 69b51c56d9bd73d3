"""The only caller of citeproc-py: CSL items in, styled notes and bibliography entries out.

Also the thin layer that mends what citeproc-py 0.11 gets wrong on this kind of
input (see docs/known-differences.md): CSL 1.0.2 variables it does not know,
hyphenated name variables it never finds, positions it cannot be told, and
Chicago's punctuation inside closing quotation marks.
"""

from __future__ import annotations

import io
import re
import warnings
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import Locator as CiteprocLocator
from citeproc.source.json import CiteProcJSON
from citeproc.string import String

from . import citeproc_fixes
from .csl import CslItem
from .errors import ArchciteError, Location, StyleError
from .options import Locator
from .richtext import MARKS, Styled, from_marked
from .styles import Style

citeproc_fixes.apply()


def _marked(style: str) -> Any:
    on, off = MARKS[style]
    return lambda text: String(f"{on}{text}{off}")


def _same(text: Any) -> Any:
    return text


# A citeproc-py output formatter that keeps text as it is and marks each font style.
_FORMATTER = SimpleNamespace(
    preformat=_same,
    Italic=_marked("italic"),
    Oblique=_marked("italic"),
    Bold=_marked("bold"),
    Light=_same,
    Underline=_same,
    Superscript=_marked("superscript"),
    Subscript=_marked("subscript"),
    SmallCaps=_marked("smallcaps"),
)

# American punctuation: a period or comma after a quoted title goes inside the
# closing quotation mark; a bracketed supplied date follows a title directly.
_SUPPLIED_AFTER_TITLE = re.compile(r"”, \[")
_PUNCT_AFTER_QUOTE = re.compile(r"([”’])([.,])")


def _punctuated(style: Style, text: str) -> str:
    """The locale's punctuation rules: American English puts periods and commas inside quotation marks."""
    if not style.locale.startswith("en-US"):
        return text
    text = _SUPPLIED_AFTER_TITLE.sub("” [", text)
    return _PUNCT_AFTER_QUOTE.sub(r"\2\1", text)


@lru_cache(maxsize=8)  # a command uses one style; a long-running caller should not hold every one
def _load(style: Style) -> CitationStylesStyle:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py's schema chatter; styles are tested
        try:
            return CitationStylesStyle(io.BytesIO(style.xml), validate=False)
        except Exception as e:  # citeproc-py raises bare exceptions on bad styles
            raise StyleError(f"citeproc-py cannot use this style: {e}", Location(str(style.path))) from e


def _source(items: list[CslItem]) -> CiteProcJSON:
    source = CiteProcJSON(items)
    for reference in source.values():
        # citeproc-py looks names and numbers up by the CSL spelling
        # (collection-editor, part-number) but stores them under Python's.
        for key in [k for k in reference if "_" in k]:
            dict.__setitem__(reference, key.replace("_", "-"), reference[key])
    return source


def note(style: Style, item: CslItem, *, subsequent: bool = False, locator: Locator | None = None) -> Styled:
    """The full note for *item*, or its short note when *subsequent*; *locator* pinpoints (page 434)."""
    processor = _load(style)
    bibliography = CitationStylesBibliography(processor, _source([item]), _FORMATTER)
    key = str(item["id"])
    pinpoint = {"locator": CiteprocLocator(locator.label, locator.value)} if locator else {}
    citation = Citation([CitationItem(key, **pinpoint)])
    bibliography.register(citation)
    try:
        if subsequent:  # citeproc-py knows a position only from what it has cited
            earlier = Citation([CitationItem(key)])
            bibliography.register(earlier)
            bibliography.cite(earlier, _unknown)
        text = str(bibliography.cite(citation, _unknown))
    except ArchciteError:
        raise
    except Exception as e:
        raise StyleError(f"cannot render with this style: {e!r}", Location(str(style.path))) from e
    return from_marked(_punctuated(style, text))


def bibliography(style: Style, items: list[CslItem]) -> list[Styled]:
    """Bibliography entries for *items*, sorted by the style, one per distinct item."""
    return [entry for _, entry in keyed_bibliography(style, items)]


def keyed_bibliography(style: Style, items: list[CslItem]) -> list[tuple[str, Styled]]:
    """Each item's id (as citeproc-py keeps it: lowercase) with its entry, in the style's order."""
    processor = _load(style)
    if not processor.has_bibliography():
        raise StyleError("this style has no bibliography", Location(str(style.path)))
    unique = list({str(i["id"]): i for i in items}.values())
    bib = CitationStylesBibliography(processor, _source(unique), _FORMATTER)
    for item in unique:
        bib.register(Citation([CitationItem(str(item["id"]))]))
    try:
        bib.sort()
        entries = bib.bibliography()
    except Exception as e:
        raise StyleError(f"cannot render with this style: {e!r}", Location(str(style.path))) from e
    return [
        (str(key).lower(), from_marked(_punctuated(style, str(entry))))
        for key, entry in zip(bib.keys, entries, strict=True)
    ]


def _unknown(item: Any) -> str:
    raise ArchciteError(f"no CSL item {item.key!r}")


def forget_styles() -> None:
    """Drop every loaded style and what was looked up in it."""
    _load.cache_clear()
    citeproc_fixes.forget_lookups()
