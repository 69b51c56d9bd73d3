"""What archcite changes inside citeproc-py 0.11, kept apart and applied once, by ``render`` alone.

Two mends that cannot be made from outside the library (see docs/known-differences.md):

- its list of CSL variables lacks CSL 1.0.2's ``archive_collection``, ``volume-title`` and
  ``part-number``, and its list of name variables CSL 1.0.2's ``contributor`` (those who met, in a
  memorandum of conversation: decision D17), so it warns on them and never renders them;
- it looks up terms, macros and ancestors with XPath on every use, a third of its time on these
  styles: a loaded style's tree does not change, so each lookup is answered once per element.

``apply`` is idempotent; ``tests/test_render.py`` checks each mend by its effect.
"""

from __future__ import annotations

from typing import Any

CSL_1_0_2_VARIABLES = ("archive_collection", "volume_title", "part_number")
CSL_1_0_2_NAMES = ("contributor",)
_applied = False
_lookups: dict[tuple[int, str], tuple[Any, Any]] = {}  # (element, XPath) → (element, result)


def apply() -> None:
    global _applied
    if _applied:
        return
    import citeproc
    from citeproc.model import CitationStylesElement

    for name in CSL_1_0_2_VARIABLES:
        if name not in citeproc.VARIABLES:
            citeproc.VARIABLES.append(name)
    for name in CSL_1_0_2_NAMES:
        if name not in citeproc.NAMES:
            citeproc.NAMES.append(name)

    search = CitationStylesElement.xpath_search

    def cached_search(self: Any, expression: str) -> Any:
        hit = _lookups.get((id(self), expression))
        if hit is not None and hit[0] is self:  # the element is kept, so its id stays unique
            return hit[1]
        result = search(self, expression)
        _lookups[id(self), expression] = (self, result)
        return result

    CitationStylesElement.xpath_search = cached_search
    _applied = True


def forget_lookups() -> None:
    """Drop the remembered lookups (with the styles they keep alive)."""
    _lookups.clear()
