"""Citations straight from the render cache: the path most calls of ``archcite cite`` take.

Finding the record through the index and hashing a few files is all a cached
citation costs; the record models, the CSL styles and citeproc-py are loaded
only for what the cache does not have yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import rendercache
from .richtext import Citation
from .store import Store


def keys(found: Store, ids: Sequence[str], style: str, edition: str | None, options: dict[str, Any]) -> list[str]:
    """One cache key per id: the style's and record's bytes, its volume's, and the options."""
    fingerprint = rendercache.style_fingerprint(style, edition)
    out = []
    for ident in ids:
        path = found.find(ident).path
        out.append(rendercache.key(fingerprint, options, path, _volume_path(found, path)))
    return out


def _volume_path(found: Store, path: Path) -> Path | None:
    volume_id = found.volume_ref(path)
    return found.volume_path(volume_id) if volume_id else None


def cached(cache_keys: list[str]) -> list[Citation] | None:
    """The cached citations for *cache_keys*, or None unless every one is there."""
    if rendercache.disabled():
        return None
    hits = rendercache.get_many(cache_keys)
    if len(hits) < len(set(cache_keys)):
        return None
    return [Citation.from_data(hits[k]) for k in cache_keys]


def remember(cache_keys: list[str], citations: list[Citation]) -> None:
    if not rendercache.disabled():
        rendercache.put_many({k: c.to_data() for k, c in zip(cache_keys, citations, strict=True)})
