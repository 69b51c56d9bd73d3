"""Finding CSL styles: archcite's own by name and edition, any other by path.

Dependent styles (a ``<link rel="independent-parent">`` and no layout of
their own) are followed to their parent, which citeproc-py does not do.
CSL files are parsed without DTDs, entities or network access.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Style:
    """A style ready for citeproc-py: the independent CSL file and what it was asked as."""

    name: str  # chicago, turabian, or the file's path
    edition: str | None
    path: Path  # the independent style to render with
    xml: bytes


def resolve(name: str, edition: str | None = None) -> Style:
    """The style called *name* (``chicago``, ``turabian``, or a path to a ``.csl`` file)."""
    key = name.lower()
    if key in DEFAULT_EDITION:
        wanted = edition or DEFAULT_EDITION[key]
        if (key, wanted) not in BUILTIN:
            editions = ", ".join(e for s, e in BUILTIN if s == key)
            raise UsageError(f"{key} has no edition {wanted} in archcite (editions: {editions})")
        path = styles_dir() / BUILTIN[key, wanted]
        return Style(key, wanted, *_independent(path))
    path = Path(name)
    if path.suffix.lower() != ".csl" and not path.exists():
        known = ", ".join(sorted(DEFAULT_EDITION))
        raise UsageError(f"unknown style {name!r} (known: {known}, or a path to a .csl file)")
    if edition is not None:
        raise UsageError("--edition applies to the built-in styles, not to a CSL file")
    return Style(str(path), None, *_independent(path))


def _independent(path: Path, depth: int = 0) -> tuple[Path, bytes]:
    xml = _read(path)
    root = parse_csl(xml, str(path))
    parent = root.find(f"{{{CSL_NS}}}info/{{{CSL_NS}}}link[@rel='independent-parent']")
    has_layout = root.find(f"{{{CSL_NS}}}citation") is not None
    if parent is None or has_layout:
        return path, xml
    if depth > 3:
        raise StyleError("dependent styles nest too deeply", Location(str(path)))
    href = parent.get("href", "")
    target = _find_parent(href, path.parent)
    if target is None:
        raise StyleError(f"its independent parent {href!r} is not available", Location(str(path)))
    return _independent(target, depth + 1)


def _find_parent(href: str, near: Path) -> Path | None:
    """A parent named by its style id among archcite's styles, or by a file beside the style."""
    for candidate in sorted(styles_dir().glob("*.csl")) + sorted(near.glob("*.csl")):
        try:
            root = parse_csl(_read(candidate), str(candidate))
        except StyleError:
            continue
        style_id = root.findtext(f"{{{CSL_NS}}}info/{{{CSL_NS}}}id")
        if style_id and style_id.strip() == href:
            return candidate
    return None


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            data = f.read(MAX_STYLE_BYTES + 1)
    except OSError as e:
        raise StyleError(f"cannot read style: {e.strerror or e}", Location(str(path))) from e
    if len(data) > MAX_STYLE_BYTES:
        raise StyleError("style file is too large", Location(str(path)))
    return data


def parse_csl(xml: bytes, name: str):  # type: ignore[no-untyped-def]
    """Parse CSL *xml* safely; the root element, or a StyleError naming file and line."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as e:
        line = e.lineno if e.lineno else None
        raise StyleError(f"not a CSL style: not well-formed XML ({e.msg})", Location(name, line)) from e
    if root.getroottree().docinfo.doctype:
        raise StyleError("not a CSL style: DTDs are not allowed in CSL files", Location(name))
    if root.tag != f"{{{CSL_NS}}}style":
        raise StyleError(f"not a CSL style: the root element is <{etree.QName(root).localname}>", Location(name))
    return root
