"""Page ranges as Chicago writes them (CMOS 9.63): ``433–35``, ``101–8``, ``1100–1113``. Pure.

The rule is the one the styles' ``page-range-format="chicago"`` gives record pages, so that a
pinpoint (``pp. 433–435``) prints as the document's own pages do.
"""

from __future__ import annotations

import re

_RANGE = re.compile(r"(?P<first>\d+)\s*[–—-]\s*(?P<last>\d+)")


def expanded(first: str, last: str) -> tuple[int, int]:
    """``433``, ``35`` → (433, 435): an abbreviated last page takes the first page's leading digits."""
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return int(first), int(last)


def abbreviated(first: int, last: int) -> str:
    """(433, 435) → ``433–35``; (101, 108) → ``101–8``; (1100, 1113) → ``1100–1113``; (71, 72) → ``71–72``."""
    a, b = str(first), str(last)
    if len(a) != len(b) or first < 100 or first % 100 == 0:
        return f"{a}–{b}"
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y), len(a))
    if len(a) >= 4 and common < 2:
        return f"{a}–{b}"
    keep = common if first % 100 < 10 else min(common, len(a) - 2)
    return f"{a}–{b[keep:]}"


def pinpoint(text: str) -> tuple[str, list[tuple[int, int]]]:
    """A page pinpoint as Chicago prints it, and the page ranges it names:
    ``433-435`` → (``433–35``, [(433, 435)]); ``434, 436–38`` → (``434, 436–38``, [(434, 434), (436, 438)])."""
    spans: list[tuple[int, int]] = []

    def one(m: re.Match[str]) -> str:
        low, high = expanded(m["first"], m["last"])
        spans.append((low, high))
        return abbreviated(low, high) if high > low else m.group()

    printed = _RANGE.sub(one, text)
    rest = _RANGE.sub(" ", text)
    spans += [(int(n), int(n)) for n in re.findall(r"\d+", rest)]
    return printed, spans
