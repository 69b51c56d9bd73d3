"""What decides a citation besides the record: one frozen value, and the cache key made from it.

``Options`` holds the style (by its fingerprint, the hash of every file it is made of), the
form, the version, the access date, the pinpoint and the switches. ``cache_key`` adds the exact
bytes of the record and of the volume it is printed in: any change to any of them is another
key, so a cached citation is always the citation of what is on disk now. Standard library only:
the path of a cached ``archcite cite`` runs through here without importing pydantic or citeproc-py.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from . import __version__
from .digest import sha256
from .errors import VersionError
from .resources import code_signature
from .styles import Style

CITEPROC_PY = "0.11.1"  # pinned in pyproject.toml; part of every key
CACHE_FORMAT = "3"  # of the cached values (styled spans); part of every key


class Locator(NamedTuple):
    """A pinpoint within a cited document: a CSL locator label and its value (``page``, ``434``)."""

    label: str
    value: str


class Options(NamedTuple):
    """Everything besides the record that decides one citation."""

    style: Style
    form: str = "note"  # note, short, bib
    version: str | None = None  # archive, print, online; None: the record's default
    accessed: str | None = None  # an access date, YYYY-MM-DD, for online citations
    general_editor: bool = True
    heading: bool = False  # lead with the FRUS heading (--frus-title heading)
    markings: bool = False  # add classification and caveats as a sentence
    locator: Locator | None = None  # a pinpoint: page 434, paragraph 3
    box_first: bool = False  # "box 65, folder 3", as many repositories write it, not CMOS's "folder 3, box 65"

    def fingerprint(self) -> str:
        """The options as text that changes whenever any of them changes (the style by its files)."""
        fields = self._asdict()
        fields["style"] = self.style.fingerprint
        fields["locator"] = self.locator._asdict() if self.locator else None
        return json.dumps(fields, sort_keys=True, ensure_ascii=True)


def cache_key(options: Options, record: bytes, volume: bytes | None) -> str:
    """The key of a citation made with *options* from exactly these bytes (``options.version`` resolved)."""
    code = f"archcite {__version__} {code_signature()}|citeproc-py {CITEPROC_PY}|format {CACHE_FORMAT}"
    digest = sha256(code.encode())
    for part in (options.fingerprint().encode(), record, volume):
        if part is None:
            digest.update(b"-")
        else:
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return str(digest.hexdigest())


def accessed_date(text: str | None) -> str | None:
    """``--accessed``: a full date, or ``today``; as YYYY-MM-DD, or a UsageError."""
    if text is None:
        return None
    from . import edtf
    from .errors import UsageError

    if text == "today":
        import datetime

        text = datetime.date.today().isoformat()
    try:
        date = edtf.parse(text)
    except edtf.DateError as e:
        raise UsageError(f"--accessed: {e}") from None
    if not isinstance(date, edtf.SingleDate) or date.day is None or not date.plain or date.time:
        raise UsageError("--accessed: give a full date, YYYY-MM-DD")
    assert date.month is not None
    return f"{date.year:04d}-{date.month:02d}-{date.day:02d}"


def missing_version(ident: str, version: str) -> VersionError:
    """The error for a record cited in a version it does not have."""
    if version == "archive":
        return VersionError(f"{ident} has no archival original (no archive:); try --version print")
    return VersionError(f"{ident} is not published (no published_in:); try --version archive")
