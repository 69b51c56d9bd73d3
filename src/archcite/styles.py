"""Finding CSL styles: archcite's own by name and edition, any other by path; and what they depend on.

A dependent style (a ``<link rel="independent-parent">`` and no layout of its own) is followed to
its parent, which citeproc-py does not do: among archcite's styles and the files beside it, the
file named after the parent's id first, then the first in name order whose ``<id>`` is the
parent's. Every file is read whole and bounded, parsed without DTDs, entities or network access
(``safexml``), and the style's *fingerprint* is the hash of the bytes of every file of the chain
as parsed, so that an edit to any of them is a new fingerprint. What a file's XML says (its id,
parent, locale) is remembered by the hash of its bytes, so a cached citation parses no XML.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from . import boundedio
from .digest import hexdigest, sha256
from .errors import Location, StyleError, UsageError
from .resources import styles_dir

CSL_NS = "http://purl.org/net/xbiblio/csl"
BUILTIN = {
    ("chicago", "18"): "chicago-18.csl",
    ("chicago", "17"): "chicago-17.csl",
    ("turabian", "9"): "turabian-9.csl",
}
DEFAULT_EDITION = {"chicago": "18", "turabian": "9"}
MAX_STYLE_BYTES = 2_000_000
MAX_DEPTH = 3
DEFAULT_LOCALE = "en-US"
INFO_VERSION = "1"  # of what ``csl_info`` reads; part of every remembered entry's key
_INFO_FIELDS = {"id", "parent", "independent", "locale"}

# What one CSL file says of itself: {"id", "parent", "independent", "locale"}.
Info = dict[str, Any]
# A memo of Info by the SHA-256 of a file's bytes (the render cache), or None to parse every time.
InfoMemo = tuple[Callable[[str], Any], Callable[[str, Info], None]] | None


class Style(NamedTuple):
    """A style ready for citeproc-py: the independent CSL file, and what it was asked for as."""

    name: str  # chicago, turabian, or the file's path
    edition: str | None
    path: Path  # the independent style to render with
    xml: bytes
    fingerprint: str  # of every file of the chain: what a cached citation depends on
    locale: str  # the style's default locale: it decides punctuation rules


def bundled() -> list[tuple[str, str, Path]]:
    """archcite's own styles: (name, edition, path of its independent CSL file), default editions first."""
    order = sorted(BUILTIN, key=lambda key: (key[0], key[1] != DEFAULT_EDITION[key[0]], key[1]))
    return [(name, edition, styles_dir() / BUILTIN[name, edition]) for name, edition in order]


def resolve(name: str, edition: str | None = None, memo: InfoMemo = None) -> Style:
    """The style called *name* (``chicago``, ``turabian``, or a path to a ``.csl`` file)."""
    key = name.lower()
    if key in DEFAULT_EDITION:
        wanted = edition or DEFAULT_EDITION[key]
        if (key, wanted) not in BUILTIN:
            editions = ", ".join(e for s, e in BUILTIN if s == key)
            raise UsageError(f"{key} has no edition {wanted} in archcite (editions: {editions})")
        return _resolved(key, wanted, styles_dir() / BUILTIN[key, wanted], memo)
    path = Path(name)
    if path.suffix.lower() != ".csl" and not path.exists():
        known = ", ".join(sorted(DEFAULT_EDITION))
        raise UsageError(f"unknown style {name!r} (known: {known}, or a path to a .csl file)")
    if edition is not None:
        raise UsageError("--edition applies to the built-in styles, not to a CSL file")
    return _resolved(name, None, path, memo)


def _resolved(name: str, edition: str | None, path: Path, memo: InfoMemo) -> Style:
    chain = [_StyleFile.read(path, memo)]
    while chain[-1].info["parent"] and not chain[-1].info["independent"]:
        if len(chain) > MAX_DEPTH:
            raise StyleError("dependent styles nest too deeply", Location(str(path)))
        href = chain[-1].info["parent"]
        parent = _find_parent(href, chain[-1].path.parent, memo)
        if parent is None:
            raise StyleError(f"its independent parent {href!r} is not available", Location(str(chain[-1].path)))
        chain.append(parent)
    digest = sha256(f"style|{INFO_VERSION}|{name}|{edition}".encode("utf-8", "surrogateescape"))
    for member in chain:
        digest.update(member.sha.encode())
    locale = next((m.info["locale"] for m in chain if m.info["locale"]), DEFAULT_LOCALE)
    independent = chain[-1]
    return Style(name, edition, independent.path, independent.data, digest.hexdigest(), locale)


class _StyleFile(NamedTuple):
    path: Path
    data: bytes
    sha: str
    info: Info

    @classmethod
    def read(cls, path: Path, memo: InfoMemo) -> _StyleFile:
        data = boundedio.read_bytes(path, MAX_STYLE_BYTES, what="style", error=StyleError)
        sha = hexdigest(data)
        key = f"{INFO_VERSION}:{sha}"
        remembered = memo[0](key) if memo else None
        if isinstance(remembered, dict) and set(remembered) == _INFO_FIELDS:
            return cls(path, data, sha, remembered)
        info = csl_info(data, str(path))
        if memo:
            memo[1](key, info)
        return cls(path, data, sha, info)


def _find_parent(href: str, near: Path, memo: InfoMemo) -> _StyleFile | None:
    """The parent named by its style id among archcite's styles, or in a file beside the style."""
    candidates = sorted(styles_dir().glob("*.csl")) + sorted(p for p in near.glob("*.csl") if p.parent != styles_dir())
    named = href.rstrip("/").rsplit("/", 1)[-1] + ".csl"
    for candidate in sorted(candidates, key=lambda p: p.name != named):  # stable: name order otherwise
        try:
            found = _StyleFile.read(candidate, memo)
        except StyleError:
            continue
        if found.info["id"] == href:
            return found
    return None


def csl_info(xml: bytes, name: str) -> Info:
    """Parse CSL *xml* safely; what it says of itself, or a StyleError naming file and line."""
    root = parse_csl(xml, name)
    parent = root.find(f"{{{CSL_NS}}}info/{{{CSL_NS}}}link[@rel='independent-parent']")
    style_id = root.findtext(f"{{{CSL_NS}}}info/{{{CSL_NS}}}id")
    return {
        "id": style_id.strip() if style_id else None,
        "parent": parent.get("href", "") if parent is not None else None,
        "independent": root.find(f"{{{CSL_NS}}}citation") is not None,
        "locale": root.get("default-locale"),
    }


def parse_csl(xml: bytes, name: str) -> Any:
    """The root element of the CSL style *xml*, or a StyleError naming file and line."""
    from . import safexml

    root = safexml.parse(xml, name, StyleError, no_dtd_in="CSL")
    if root.tag != f"{{{CSL_NS}}}style":
        raise StyleError(f"not a CSL style: the root element is <{safexml.local_name(root)}>", Location(name))
    return root
