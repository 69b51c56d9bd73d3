"""Record files on disk: which file holds an id, reading a file once, and what its content says.

A ``Store`` is one records directory and its index (``index.py``), which knows every record
file by name (``layout.py`` says which ids a name can hold), so one record is found without
reading any other. A file is read once per command, whole and bounded, into a ``Source``: the
bytes that are hashed for the render cache and parsed for the record are the same bytes. The
record models (and so pydantic) are imported only when a record is parsed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import boundedio, layout
from .errors import Location, NotFoundError, RecordError, UsageError
from .index import FileRow, Index, sha256
from .resources import code_signature, records_dir

if TYPE_CHECKING:
    from .models import Record, Volume
    from .yamlfile import YamlDocument

Facts = dict[str, Any]


def default(option: str | None) -> Store:
    """The store of the records directory ``default_root`` finds."""
    root = default_root(option)
    return Store(root, fallback=option is None and "ARCHCITE_RECORDS" not in os.environ and root == records_dir())


def default_root(option: str | None) -> Path:
    """The records directory: ``--records``, else ``ARCHCITE_RECORDS``, else ``./records``, else the
    current directory when it holds records of its own (a volume folder, or document records
    ``d120.yaml``), else the bundled examples (README, "Where archcite looks for records")."""
    chosen = option or os.environ.get("ARCHCITE_RECORDS")
    if chosen:
        root = Path(chosen)
        if not root.is_dir():
            raise UsageError(f"records directory {chosen!r} does not exist")
        return root
    local = Path("records")
    if local.is_dir():
        return local
    return Path.cwd() if _holds_records(Path.cwd()) else records_dir()


def _holds_records(directory: Path) -> bool:
    """Whether *directory* is a volume folder or holds one: other YAML files (a site's, a tool's) do not
    make it a records directory."""
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                name = entry.name
                if entry.is_file() and layout.is_record_name(name) and layout.is_document_stem(layout.stem(name)):
                    return True
                volume_folder = entry.is_dir(follow_symlinks=False) and layout.is_visible_dir(name)
                if volume_folder and (Path(entry.path) / layout.VOLUME_FILE).is_file():
                    return True
    except OSError:
        return False
    return False


class Source(NamedTuple):
    """The bytes of one record file as read once, and their hash."""

    path: Path
    data: bytes
    sha: str

    @property
    def is_volume(self) -> bool:
        return layout.is_volume_stem(self.path.stem)


class Store:
    """One records directory: finds records by id or number and reads each file at most once."""

    def __init__(self, root: Path, *, fallback: bool = False) -> None:
        self.root = root
        self.fallback = fallback  # the bundled examples, for want of a records directory: messages say so
        self.index = Index.open(root)
        self._sources: dict[Path, Source] = {}
        self._records: dict[Path, Record] = {}
        self._volumes: dict[str, Volume | None] = {}

    # --- finding ---------------------------------------------------------------------------

    def files(self) -> list[FileRow]:
        """Every record file, volumes included, in path order."""
        return self.index.files()

    def volume_files(self) -> list[Path]:
        """Every volume record's file, in path order."""
        return self.index.volume_files()

    def documents(self) -> list[Path]:
        """Every document record's file, in path order."""
        return [row.path for row in self.files() if not row.is_volume]

    def find(self, ident: str) -> Path:
        """The file of the record *ident*: a full id, or a bare document number (``120``, ``278A``)."""
        matches = self._matches(ident)
        if len(matches) == 1:
            return matches[0]
        if matches:
            names = ", ".join(sorted(str(m.relative_to(self.root)) for m in matches))
            if layout.document_stem(ident):
                raise NotFoundError(f"document number {ident} is ambiguous: {names}; give the full id")
            raise NotFoundError(f"id {ident!r} is held by more than one file: {names}")
        import difflib

        near = difflib.get_close_matches(ident, self.index.ids(), n=3, cutoff=0.6) if _printable(ident) else []
        hint = f"; nearest: {', '.join(near)}" if near else ""
        where = "the bundled example records" if self.fallback else str(self.root)
        if self.fallback:
            hint += " (no records directory here: give --records DIR, or set ARCHCITE_RECORDS)"
        raise NotFoundError(f"no record {ident!r} in {where}{hint}")

    def _matches(self, ident: str) -> list[Path]:
        if not _printable(ident):
            return []  # no file name holds it
        stem = layout.document_stem(ident)
        return self.index.by_stem(stem) if stem else self.index.by_id(ident)

    def volume_path(self, volume_id: str) -> Path | None:
        return self.index.volume(volume_id)

    # --- reading -----------------------------------------------------------------------------

    def source(self, path: Path) -> Source:
        """The bytes of *path*, read once per command (at most the record size limit)."""
        if path not in self._sources:
            read_ns = time.time_ns()
            data, st = boundedio.read_file(path, layout.MAX_RECORD_BYTES, what="record", error=RecordError)
            source = Source(path, data, sha256(data))
            self._sources[path] = source
            self.index.remember(path, source.sha, None, st, read_ns)
        return self._sources[path]

    def reread(self, path: Path) -> Source:
        """The bytes of *path* read again: another command has recorded other content for it."""
        self._sources.pop(path, None)
        self._records.pop(path, None)
        return self.source(path)

    def facts(self, source: Source) -> Facts:
        """What the index keeps of the record in *source*: from its hash if known, else parsed."""
        known = self.index.facts(source.sha)
        if known is not None and known.get("schema") == FACTS_SCHEMA:
            return known
        found = facts_of(self.parse(source))
        self.index.remember(source.path, source.sha, found, None, 0)
        return found

    def parse(self, source: Source) -> Record:
        """The record in *source*, validated; the first problem as a RecordError."""
        if source.path not in self._records:
            from .models import Record

            self._records[source.path] = load(source, Record)
        return self._records[source.path]

    def record(self, ident: str) -> Record:
        return self.parse(self.source(self.find(ident)))

    def volume_source(self, volume_id: str) -> Source | None:
        path = self.volume_path(volume_id)
        return self.source(path) if path else None

    def volume(self, volume_id: str) -> Volume | None:
        if volume_id not in self._volumes:
            from .models import Volume

            source = self.volume_source(volume_id)
            self._volumes[volume_id] = load(source, Volume) if source else None
        return self._volumes[volume_id]

    def records(self) -> list[Record]:
        """Every document record, in path order."""
        return [self.parse(self.source(path)) for path in self.documents()]


FACTS_SCHEMA = f"1:{code_signature()}"  # what facts_of keeps changes with the code that made it


def facts_of(record: Record) -> Facts:
    """What the index keeps of a record's content: what finding and citing it need without parsing."""
    pub = record.published_in
    return {
        "schema": FACTS_SCHEMA,
        "id": record.id,
        "volume": pub.volume if pub else None,
        "document": pub.document if pub else None,
        "pages": pub.pages if pub else None,
        "versions": list(record.versions),
        "default_version": record.default_version,
    }


def _printable(text: str) -> bool:
    if not text.isprintable():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # surrogates from a command line that was not UTF-8
        return False
    return True


def load_file(path: Path, model: type[Any]) -> Any:
    """The record or volume in the file *path*, read whole and bounded, validated."""
    data = boundedio.read_bytes(path, layout.MAX_RECORD_BYTES, what="record", error=RecordError)
    return load(Source(path, data, sha256(data)), model)


def load(source: Source, model: type[Any], display: str | None = None) -> Any:
    """Validate the record or volume in *source*; the first problem as a RecordError."""
    from .yamlfile import parse_yaml

    doc = parse_yaml(_decode(source, display), display or str(source.path))
    result = validated(doc, model)
    if isinstance(result, list):
        # A misspelt field also leaves its field "missing": the misspelling is the one to name.
        raise next((e for e in result if "did you mean" in e.message), result[0])
    return result


def validated(doc: YamlDocument, model: type[Any]) -> Any:
    """The model of *doc*, or every problem in it, each at its line and field."""
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else type(doc.data).__name__
        return [RecordError(f"a record is a mapping of fields, not {kind}", doc.location(()))]
    from .models import check

    result = check(doc.data, model)
    if isinstance(result, list):
        return [RecordError(p.message, doc.location(p.path)) for p in result]
    return result


def _decode(source: Source, display: str | None) -> str:
    try:
        return source.data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise RecordError(f"not UTF-8 text (byte {e.start})", Location(display or str(source.path))) from None
