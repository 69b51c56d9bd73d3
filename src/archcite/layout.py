"""Where records live: the one place that knows how file names and ids correspond.

``creel-house-1918.yaml`` holds ``creel-house-1918``; a file inside a volume's directory may
drop the volume prefix (``frus1969-76v09/d120.yaml`` holds ``frus1969-76v09-d120``);
``volume.yaml`` holds the volume its directory is named after. A bare document number such as
``120`` or ``278A`` names the files ``d120.yaml`` and ``d278a.yaml``. Hidden files and names
that are not UTF-8 are never records. Pure: no I/O.
"""

from __future__ import annotations

import re
from pathlib import Path

SUFFIXES = (".yaml", ".yml")
MAX_RECORD_BYTES = 1_000_000  # a record is a few kilobytes: a larger file is refused unread
VOLUME_STEM = "volume"
VOLUME_FILE = "volume.yaml"
# A document number as a person types it: ASCII digits, and a letter for lettered documents (278A).
DOCUMENT_NUMBER = re.compile(r"[0-9]{1,9}[A-Za-z]?")
_DOCUMENT_STEM = re.compile(r"d[0-9]{1,9}[a-z]?")


def is_record_name(name: str) -> bool:
    """Whether a file called *name* can hold a record."""
    return not name.startswith(".") and name.endswith(SUFFIXES) and _utf8(name)


def gold_files(directory: Path) -> list[Path]:
    """The files of a gold set (``tests/gold/``): one per FRUS volume, named by its id."""
    return sorted(p for p in directory.glob("frus*") if p.suffix in SUFFIXES and p.is_file())


def is_visible_dir(name: str) -> bool:
    """Whether a directory called *name* is searched for records (hidden ones are not)."""
    return not name.startswith(".") and _utf8(name)


def stem(name: str) -> str:
    return name.rsplit(".", 1)[0]


def is_volume_stem(file_stem: str) -> bool:
    return file_stem == VOLUME_STEM


def is_document_stem(file_stem: str) -> bool:
    """``d120``, ``d278a``: the name of a document of a volume folder."""
    return bool(_DOCUMENT_STEM.fullmatch(file_stem))


def name_ids(directory: str, file_stem: str) -> tuple[str, ...]:
    """The ids a file may hold, from its name and its directory's name alone."""
    if is_volume_stem(file_stem):
        return (directory,)
    return (file_stem, f"{directory}-{file_stem}")


def display_id(directory: str, file_stem: str) -> str:
    """The id people are shown for a file: documents of a volume by their full id."""
    return f"{directory}-{file_stem}" if _DOCUMENT_STEM.fullmatch(file_stem) else file_stem


def document_stem(number: str) -> str | None:
    """``120`` → ``d120``; ``278A`` → ``d278a``; None for what is no document number."""
    return f"d{number.lower()}" if DOCUMENT_NUMBER.fullmatch(number) else None


def document_id(volume_id: str, number: str) -> str:
    """The id of document *number* of a volume: ``frus1969-76v09-d120``, ``…-d278a``."""
    return f"{volume_id}-d{number.lower()}"


def destination(into: Path, ident: str, *, is_volume: bool, volume: str | None) -> Path:
    """Where the record *ident* written into *into* goes, so that its id is found from its name:
    a volume's in its directory, a document published in *volume* in that volume's."""
    if is_volume:
        return into / ident / VOLUME_FILE
    if volume and ident.startswith(volume + "-"):
        return into / volume / f"{ident.removeprefix(volume + '-')}.yaml"
    return into / f"{ident}.yaml"


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # surrogates: a name that is not UTF-8 on disk
        return False
    return True
