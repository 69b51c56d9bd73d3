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
from functools import cache
from types import SimpleNamespace
from typing import Any

import citeproc
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import Locator as CiteprocLocator
from citeproc.model import CitationStylesElement
from citeproc.source.json import CiteProcJSON
from citeproc.string import String

from .csl import CslItem, Locator
from .errors import ArchciteError, Location, StyleError
from .richtext import ITALIC_OFF, ITALIC_ON, Styled, from_marked
from .styles import Style

# CSL 1.0.2 variables that citeproc-py 0.11's lists lack (it warns on them).
for _name in ("archive_collection", "volume_title", "part_number"):
    if _name not in citeproc.VARIABLES:
        citeproc.VARIABLES.append(_name)


# citeproc-py looks up terms, macros and ancestors with XPath on every use: a third of
# its time on these styles. A loaded style's tree does not change, so each lookup is
# answered once per element (the element is kept, so its identity stays unique).
_xpath_search = CitationStylesElement.xpath_search
_xpath_results: dict[tuple[int, str], tuple[Any, Any]] = {}


def _cached_xpath_search(self: Any, expression: str) -> Any:
    hit = _xpath_results.get((id(self), expression))
    if hit is not None and hit[0] is self:
        return hit[1]
    result = _xpath_search(self, expression)
    _xpath_results[id(self), expression] = (self, result)
    return result


CitationStylesElement.xpath_search = _cached_xpath_search


def _italic(text: Any) -> String:
    return String(f"{ITALIC_ON}{text}{ITALIC_OFF}")


def _same(text: Any) -> Any:
    return text


# A citeproc-py output formatter that keeps text as it is and marks italics.
_FORMATTER = SimpleNamespace(
    preformat=_same,
    Italic=_italic,
    Oblique=_italic,
    Bold=_same,
    Light=_same,
    Underline=_same,
    Superscript=_same,
    Subscript=_same,
    SmallCaps=_same,
)

# American punctuation: a period or comma after a quoted title goes inside the
# closing quotation mark; a bracketed supplied date follows a title directly.
_SUPPLIED_AFTER_TITLE = re.compile(r"”, \[")
_PUNCT_AFTER_QUOTE = re.compile(r"([”’])([.,])")


def _american(text: str) -> str:
    text = _SUPPLIED_AFTER_TITLE.sub("” [", text)
    return _PUNCT_AFTER_QUOTE.sub(r"\2\1", text)


@cache
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
    return from_marked(_american(text))


def bibliography(style: Style, items: list[CslItem]) -> list[Styled]:
    """Bibliography entries for *items*, sorted by the style, one per distinct item."""
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
    return [from_marked(_american(str(entry))) for entry in entries]


def _unknown(item: Any) -> str:
    raise ArchciteError(f"no CSL item {item.key!r}")
