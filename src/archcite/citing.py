"""The path of every citation: resolve → read → key → cache or render.

A ``Job`` is one citation to make: a record file and the options to cite it with. Each record
file is read once (``Store.source``); what its content says (its id, versions, volume) is found
in the index by the hash of those bytes, or parsed from them; the version is resolved and the
volume's bytes are read; and the cache key is made from exactly these bytes
(``options.cache_key``). What the render cache has is used; the rest is rendered from the same
bytes, on both cores when there are many, and cached. Every command that cites (``cite``,
``cite --all``, ``notes``) goes through ``run``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from . import rendercache, workers
from .errors import NotFoundError
from .options import Options, cache_key, missing_version
from .richtext import Citation
from .store import FACTS_SCHEMA, Facts, Source, Store

PARALLEL_ABOVE = 200  # citations to render before a second process pays for itself
CHUNK = 100


class Job(NamedTuple):
    """One citation to make."""

    path: Path
    options: Options


class _Pending:
    """A job on its way: its bytes, what they say (once known), and its key (once known)."""

    __slots__ = ("done", "facts", "job", "key", "options", "result", "source")

    def __init__(self, job: Job, source: Source) -> None:
        self.job = job
        self.source = source
        self.facts: Facts | None = None
        self.options: Options | None = None  # with the version resolved
        self.key: str | None = None
        self.result: Citation | None = None
        self.done = False


# What a worker is given (the record's path and bytes, the options) and gives back (the record's
# facts, the version cited, and the citation as data; None when the record lacks that version).
_Task = tuple[str, bytes, Options]
_Result = tuple[Facts, str, dict[str, Any] | None]
_Volumes = dict[str, tuple[str, bytes]]


def run(store: Store, jobs: list[Job], *, skip_missing_version: bool = False) -> list[Citation | None]:
    """The citation of each job, in order. A record that lacks the version asked for is an error,
    or with *skip_missing_version* (``cite --all --version …``) None."""
    pending = [_Pending(job, store.source(job.path)) for job in jobs]
    _learn_facts(store, pending)
    for p in pending:
        if p.facts is not None:
            _resolve(store, p, skip_missing_version)
    hits = rendercache.get_many(p.key for p in pending if p.key)
    for p in pending:
        if p.key in hits:
            p.result = Citation.from_data(hits[p.key])
            p.done = p.result is not None
    _render_missing(store, [p for p in pending if not p.done], skip_missing_version)
    return [p.result for p in pending]


def from_cache(store: Store, jobs: list[Job]) -> list[Citation] | None:
    """The citation of each job if the render cache has every one, else None; nothing is parsed or rendered."""
    pending = [_Pending(job, store.source(job.path)) for job in jobs]
    for p in pending:
        known = store.index.facts(p.source.sha)
        if known is None or known.get("schema") != FACTS_SCHEMA:
            return None
        p.facts = known
        _resolve(store, p, skip_missing_version=False)
    hits = rendercache.get_many(p.key for p in pending if p.key)
    cited = [Citation.from_data(hits[p.key]) if p.key in hits else None for p in pending]
    return None if any(c is None for c in cited) else [c for c in cited if c is not None]


def _learn_facts(store: Store, pending: list[_Pending]) -> None:
    """What each record says, from the index by its hash; parsed here when few are unknown (when
    many are, the workers that render them report it)."""
    for p in pending:
        known = store.index.facts(p.source.sha)
        p.facts = known if known is not None and known.get("schema") == FACTS_SCHEMA else None
    unknown = [p for p in pending if p.facts is None]
    if len(unknown) <= PARALLEL_ABOVE:
        for p in unknown:
            p.facts = store.facts(p.source)


def _resolve(store: Store, p: _Pending, skip_missing_version: bool) -> None:
    """The version, the options and the cache key of a job whose facts are known."""
    assert p.facts is not None
    version = p.job.options.version or p.facts["default_version"]
    if version not in p.facts["versions"]:
        if not skip_missing_version:
            raise missing_version(p.facts["id"], version)
        p.done = True
        return
    p.options = p.job.options._replace(version=version)
    p.key = cache_key(p.options, p.source.data, _volume_bytes(store, p.facts, version))


def _volume_bytes(store: Store, facts: Facts, version: str) -> bytes | None:
    """The bytes of the volume a citation in *version* needs; none for an archival citation."""
    if version == "archive" or not facts["volume"]:
        return None
    source = store.volume_source(facts["volume"])
    if source is None:
        raise NotFoundError(f"{facts['id']}: volume {facts['volume']!r} is not in {store.root}")
    return source.data


def _render_missing(store: Store, todo: list[_Pending], skip_missing_version: bool) -> None:
    """Render what the cache did not have, each distinct citation once, and cache it."""
    first: dict[str, _Pending] = {}
    tasks: list[_Pending] = []
    for p in todo:
        if p.key is None or p.key not in first:
            tasks.append(p)
            if p.key is not None:
                first[p.key] = p
    blind = any(p.facts is None for p in tasks)
    volume_ids = None if blind else {p.facts["volume"] for p in tasks if p.facts and p.facts["volume"]}
    work = [(str(p.source.path), p.source.data, p.options or p.job.options) for p in tasks]
    rendered = _render(store, work, volume_ids)
    fresh: dict[str, Any] = {}
    with store.index.transaction():
        for p, (facts, version, data) in zip(tasks, rendered, strict=True):
            if p.facts is None:  # rendered before its facts were known: learn them, and its key
                store.index.remember(p.source.path, p.source.sha, facts, None, 0)
                p.facts = facts
                if data is None:
                    if not skip_missing_version:
                        raise missing_version(facts["id"], version)
                    continue
                resolved = p.job.options._replace(version=version)
                p.key = cache_key(resolved, p.source.data, _volume_bytes(store, facts, version))
            assert data is not None
            assert p.key is not None
            fresh[p.key] = data
            p.result = Citation.from_data(data)
    for p in todo:
        if p.result is None and p.key in first:
            p.result = first[p.key].result
    rendercache.put_many(fresh)


def _render(store: Store, tasks: list[_Task], volume_ids: set[str] | None) -> list[_Result]:
    """Render *tasks*, here or on both cores; *volume_ids*: the volumes they need (None: maybe any)."""
    global _context
    if not tasks:
        return []
    _context = (_volumes(store, volume_ids), str(store.root))  # forked workers inherit it
    return workers.map_chunks(_render_chunk, tasks, chunk=CHUNK, parallel_above=PARALLEL_ABOVE)


def _volumes(store: Store, wanted: set[str] | None) -> _Volumes:
    """The bytes of the volume records *wanted* (None: all of them), by the id they are found under."""
    if wanted is None:
        wanted = {path.parent.name for path in store.volume_files()}
    out: _Volumes = {}
    for volume_id in sorted(wanted):
        source = store.volume_source(volume_id)
        if source is not None:
            out[volume_id] = (str(source.path), source.data)
    return out


_context: tuple[_Volumes, str] = ({}, "")  # the volumes and the records directory of the tasks
_parsed_volumes: dict[bytes, Any] = {}  # in a worker: each volume parsed once


def _render_chunk(tasks: list[_Task]) -> list[_Result]:
    """Render each task from its bytes: its facts, the version cited, the citation as data."""
    from . import citation
    from .models import Record, Volume
    from .store import facts_of, load

    volumes, root = _context
    out: list[_Result] = []
    for path, data, options in tasks:
        record = load(Source(Path(path), data, ""), Record)
        facts = facts_of(record)
        version = options.version or record.default_version
        if version not in record.versions:
            out.append((facts, version, None))
            continue
        volume = None
        if version != "archive" and record.published_in:
            volume_id = record.published_in.volume
            if volume_id not in volumes:
                raise NotFoundError(f"{record.id}: volume {volume_id!r} is not in {root}")
            volume_path, volume_data = volumes[volume_id]
            if volume_data not in _parsed_volumes:
                _parsed_volumes[volume_data] = load(Source(Path(volume_path), volume_data, ""), Volume)
            volume = _parsed_volumes[volume_data]
        cited = citation.cite(record, volume, options._replace(version=version))
        out.append((facts, version, cited.to_data()))
    return out
