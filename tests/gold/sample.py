"""Draw the gold set: five documents from every FRUS volume beside the project, at random, seeded.

The draw reads only the document divisions' numbers from the TEI (no archcite code), so that
the sample does not depend on what the importer can read. Run it to see the sample:

    python tests/gold/sample.py FOLDER...

``--held-out`` draws the held-out set instead (``tests/gold/held-out/``): three more documents
of every volume, none of the first draw, written after the importer was tuned on the first draw
and never used to tune it, so that its figures say how the importer does on documents it has
not seen.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

SEED = "archcite gold set, first draw"
PER_VOLUME = 5
HELD_OUT_SEED = "archcite gold set, held-out draw"
HELD_OUT_PER_VOLUME = 3
_DOCUMENT = re.compile(rb"<div\b[^>]*\btype=\"document\"[^>]*>")
_N = re.compile(rb"\bn=\"([^\"]+)\"")


def document_numbers(volume: Path) -> list[str]:
    """The ``@n`` of every document division, in document order."""
    numbers = []
    for tag in _DOCUMENT.finditer(volume.read_bytes()):
        m = _N.search(tag.group())
        if m:
            numbers.append(m.group(1).decode())
    return numbers


def draw(volumes: list[Path], *, held_out: bool = False) -> dict[str, list[str]]:
    """The sampled document numbers of each volume, by volume id (the file's stem)."""
    sample = {}
    for volume in sorted(volumes, key=lambda p: p.stem):
        rng = random.Random(f"{SEED}|{volume.stem}")
        numbers = document_numbers(volume)
        first = rng.sample(numbers, min(PER_VOLUME, len(numbers)))
        if held_out:
            rest = [n for n in numbers if n not in first]
            rng = random.Random(f"{HELD_OUT_SEED}|{volume.stem}")
            first = rng.sample(rest, min(HELD_OUT_PER_VOLUME, len(rest)))
        sample[volume.stem] = sorted(first, key=_order)
    return sample


def _order(n: str) -> tuple[int, str]:
    digits = re.match(r"\d+", n)
    return (int(digits.group()) if digits else 0, n)


def volumes_in(folders: list[Path]) -> list[Path]:
    return [p for folder in folders for p in sorted(folder.glob("frus*.xml")) if "bibliography" not in p.name]


if __name__ == "__main__":
    args = sys.argv[1:]
    held_out = "--held-out" in args
    folders = [Path(a) for a in args if a != "--held-out"]
    for volume_id, numbers in draw(volumes_in(folders), held_out=held_out).items():
        print(volume_id, " ".join(numbers))
