"""What archcite changes inside citeproc-py 0.11, kept apart and applied once, by ``render`` alone.

Three mends that cannot be made from outside the library (see docs/known-differences.md):

- its list of CSL variables lacks CSL 1.0.2's ``archive_collection``, ``volume-title`` and
  ``part-number``, and its list of name variables CSL 1.0.2's ``contributor`` (those who met, in a
  memorandum of conversation: decision D17), so it warns on them and never renders them;
- ``text-case="capitalize-first"`` fails on text whose first piece is a plain string (the output
  of names, say), so a note cannot capitalize a particle it begins with (``De Gaulle to Kennedy``,
  CMOS 8.5): the first non-empty piece is capitalized, whatever its type;
- it looks up terms, macros and ancestors with XPath on every use, a third of its time on these
  styles: a loaded style's tree does not change, so each lookup is answered once per element.

``apply`` is idempotent; ``tests/test_citeproc_fixes.py`` checks each mend by its effect.
"""

from __future__ import annotations

from typing import Any

CSL_1_0_2_VARIABLES = ("archive_collection", "volume_title", "part_number")
CSL_1_0_2_NAMES = ("contributor",)
_applied = False
_lookups: dict[tuple[int, str], tuple[Any, Any]] = {}  # (element, XPath) → (element, result)


def apply() -> None:
    """Every mend, once: what archcite's styles need to render right, and the remembered lookups."""
    global _applied
    if _applied:
        return
    apply_corrections()
    _remember_lookups()
    _applied = True


def apply_corrections() -> None:
    """The mends without which archcite's styles do not render right (and nothing for speed), as the
    benchmark's baseline of plain citeproc-py uses them. Idempotent."""
    import citeproc
    from citeproc.model import TextCased
    from citeproc.string import MixedString, String

    for name in CSL_1_0_2_VARIABLES:
        if name not in citeproc.VARIABLES:
            citeproc.VARIABLES.append(name)
    for name in CSL_1_0_2_NAMES:
        if name not in citeproc.NAMES:
            citeproc.NAMES.append(name)
    if MixedString.capitalize_first is _capitalize_first:
        return
    MixedString.capitalize_first = _capitalize_first
    case = TextCased.case

    def case_of_any_text(self: Any, text: Any, language: Any = None) -> Any:
        return case(self, String(text) if type(text) is str else text, language)

    TextCased.case = case_of_any_text


def _remember_lookups() -> None:
    from citeproc.model import CitationStylesElement

    search = CitationStylesElement.xpath_search

    def cached_search(self: Any, expression: str) -> Any:
        hit = _lookups.get((id(self), expression))
        if hit is not None and hit[0] is self:  # the element is kept, so its id stays unique
            return hit[1]
        result = search(self, expression)
        _lookups[id(self), expression] = (self, result)
        return result

    CitationStylesElement.xpath_search = cached_search


def _capitalize_first(self: Any) -> Any:
    items = list(self)  # the pieces (a MixedString is a list of them)
    for i, item in enumerate(items):
        if str(item):
            items[i] = item.capitalize_first() if hasattr(item, "capitalize_first") else item[:1].upper() + item[1:]
            break
    return self.__class__(items)


def forget_lookups() -> None:
    """Drop the remembered lookups (with the styles they keep alive)."""
    _lookups.clear()
