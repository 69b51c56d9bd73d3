"""Many citations at once: from the render cache where it has them, else rendered on both cores.

Used by ``cite --all`` and by ``cite`` with many ids. The order of the output is
the order asked for; each record's citation is cached under the same key a
single ``archcite cite`` uses.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import rendercache
from .citation import Options
from .richtext import Citation
from .store import Store

PARALLEL_ABOVE = 200  # citations to render before a second process pays for itself
CHUNK = 100


def cite_paths(
    found: Store, paths: list[Path], options: Options, settings: dict[str, Any], style: tuple[str, str | None]
) -> list[Citation]:
    """The citation of the record at each of *paths*, in order."""
    fingerprint = rendercache.style_fingerprint(*style)
    known: dict[int, str] = {}  # position → cache key, where the volume is known without reading
    for i, path in enumerate(paths):
        facts = found.index.content(path) if found.index is not None else None
        if facts is not None and "volume" in facts:
            volume = found.volume_path(facts["volume"]) if facts["volume"] else None
            known[i] = rendercache.key(fingerprint, settings, path, volume)
    hits = {} if rendercache.disabled() else rendercache.get_many(known.values())
    results: dict[int, Citation] = {i: Citation.from_data(hits[k]) for i, k in known.items() if k in hits}
    missing = [i for i in range(len(paths)) if i not in results]
    rendered = _render([str(paths[i]) for i in missing], str(found.root), options)
    fresh: dict[str, Any] = {}
    if found.index is not None:  # one transaction for the facts of every record read
        found.index.db.execute("BEGIN")
    for i, (data, facts) in zip(missing, rendered, strict=True):
        if found.index is not None:
            found.index.remember(paths[i], facts)
        if data is None:  # the record lacks the version asked for: left out
            continue
        results[i] = Citation.from_data(data)
        volume = found.volume_path(facts["volume"]) if facts.get("volume") else None
        fresh[rendercache.key(fingerprint, settings, paths[i], volume)] = data
    if found.index is not None:
        found.index.db.execute("COMMIT")
    if not rendercache.disabled():
        rendercache.put_many(fresh)
    return [results[i] for i in range(len(paths)) if i in results]


Rendered = list[tuple[dict[str, Any] | None, dict[str, Any]]]


def _render(paths: list[str], root: str, options: Options) -> Rendered:
    chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
    workers = min(2, os.cpu_count() or 1)
    if len(paths) < PARALLEL_ABOVE or workers < 2:
        return [r for chunk in chunks for r in _render_chunk(chunk, root, options)]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = pool.map(_render_chunk, chunks, [root] * len(chunks), [options] * len(chunks))
        return [r for part in parts for r in part]


def _render_chunk(paths: list[str], root: str, options: Options) -> Rendered:
    """Render in a worker: each record's citation as data (None if it lacks the version asked for), and its facts."""
    from . import citation, store
    from .errors import VersionError

    found = Store(Path(root), use_index=False)
    out: Rendered = []
    for path in paths:
        record = found.read(Path(path))
        version = options.version or citation.default_version(record)
        try:
            citation.check_version(record, version)
        except VersionError:
            out.append((None, store.facts(record)))
            continue
        volume = found.volume(record.published_in.volume) if record.published_in and version != "archive" else None
        result = citation.cite(record, volume, replace(options, version=version))
        out.append((result.to_data(), store.facts(record)))
    return out
