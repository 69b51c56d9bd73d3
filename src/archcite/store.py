"""Record files on disk: where they are, which file holds an id, reading them.

File names carry ids, so one record is found without reading any other:
``creel-house-1918.yaml`` holds ``creel-house-1918``; a file inside a volume's
directory may drop the volume prefix (``frus1969-76v09/d120.yaml`` holds
``frus1969-76v09-d120``); ``volume.yaml`` holds the volume named by its
directory. A bare document number ``120`` finds the files named ``d120.yaml``.

A ``Store`` looks names up in the record index (``index.py``) when the cache
directory is usable, else by walking the directory. The record models (and so
pydantic) are imported only when a record is read.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import Location, NotFoundError, RecordError, UsageError
from .index import Index
from .resources import records_dir

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .models import Record, Volume
    from .yamlfile import YamlDocument

SUFFIXES = (".yaml", ".yml")
_VOLUME_DOCUMENT = re.compile(r"^d\d+$")  # d120.yaml: named within its volume's directory
VOLUME_FILE = "volume"
ModelT = TypeVar("ModelT", bound="BaseModel")


def default_root(option: str | None) -> Path:
    """``--records``, else ``ARCHCITE_RECORDS``, else ``./records``, else the bundled examples."""
    chosen = option or os.environ.get("ARCHCITE_RECORDS")
    if chosen:
        root = Path(chosen)
        if not root.is_dir():
            raise UsageError(f"records directory {chosen!r} does not exist")
        return root
    local = Path("records")
    return local if local.is_dir() else records_dir()


@dataclass(frozen=True)
class RecordFile:
    path: Path
    ids: tuple[str, ...]  # the ids this file may hold, from its name alone

    @property
    def is_volume(self) -> bool:
        return self.path.stem == VOLUME_FILE


def record_files(root: Path) -> Iterator[RecordFile]:
    """Every record file under *root*, in a stable order, without reading them."""

    def fail(e: OSError) -> None:
        raise UsageError(f"cannot read directory: {e.strerror or e}", Location(e.filename))

    for directory, subdirs, files in os.walk(root, onerror=fail):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(directory, name)
            if path.suffix in SUFFIXES and not name.startswith("."):
                yield RecordFile(path, expected_ids(path))


def expected_ids(path: Path) -> tuple[str, ...]:
    if path.stem == VOLUME_FILE:
        return (path.parent.name,)
    return (path.stem, f"{path.parent.name}-{path.stem}")


class Store:
    """One records directory: finds records by id or number and reads each file at most once."""

    def __init__(self, root: Path, *, use_index: bool = True) -> None:
        self.root = root
        self.index = Index.open(root) if use_index else None
        self._files: list[RecordFile] | None = None
        self._records: dict[Path, Record] = {}
        self._volumes: dict[str, Volume | None] = {}

    @property
    def files(self) -> list[RecordFile]:
        if self._files is None:
            if self.index is not None:
                self._files = [RecordFile(r.path, expected_ids(r.path)) for r in self.index.rows()]
            else:
                self._files = list(record_files(self.root))
        return self._files

    def find(self, ident: str) -> RecordFile:
        """The file of the record *ident*: a full id, or a bare document number."""
        matches = self._matches(ident)
        if len(matches) == 1:
            return RecordFile(matches[0], expected_ids(matches[0]))
        if matches:
            names = ", ".join(sorted(str(m.relative_to(self.root)) for m in matches))
            raise NotFoundError(f"document number {ident} is ambiguous: {names}; give the full id")
        ids = self.index.ids() if self.index else sorted({_display_id(f) for f in self.files if not f.is_volume})
        near = difflib.get_close_matches(ident, ids, n=3, cutoff=0.6) if _encodable(ident) else []
        hint = f"; nearest: {', '.join(near)}" if near else ""
        raise NotFoundError(f"no record {ident!r} in {self.root}{hint}")

    def _matches(self, ident: str) -> list[Path]:
        if not ident.isprintable() or not _encodable(ident):
            return []  # no file name holds it
        number = int(ident) if DOCUMENT_NUMBER.fullmatch(ident) else None
        if self.index is not None:
            return self.index.by_number(number) if number is not None else self.index.by_id(ident)
        files = [f for f in self.files if not f.is_volume]
        if number is not None:
            return [f.path for f in files if f.path.stem == f"d{number}"]
        return [f.path for f in files if ident in f.ids]

    def record(self, ident: str) -> Record:
        return self.read(self.find(ident).path)

    def read(self, path: Path) -> Record:
        if path not in self._records:
            record = load_record(path)
            self._records[path] = record
            if self.index is not None:
                self.index.remember(path, facts(record))
        return self._records[path]

    def volume_path(self, volume_id: str) -> Path | None:
        """The volume record *volume_id*: ``root/<id>/volume.yaml``, or anywhere below the root."""
        if self.index is not None:
            return self.index.volume(volume_id)
        direct = self.root / volume_id / f"{VOLUME_FILE}.yaml"
        if direct.is_file():
            return direct
        return next((f.path for f in self.files if f.is_volume and f.ids[0] == volume_id), None)

    def volume(self, volume_id: str) -> Volume | None:
        if volume_id not in self._volumes:
            path = self.volume_path(volume_id)
            self._volumes[volume_id] = load_volume(path) if path else None
        return self._volumes[volume_id]

    def facts(self, path: Path) -> dict[str, Any]:
        """What the index keeps of the record at *path* (read anew if the file changed)."""
        known = self.index.content(path) if self.index is not None else None
        if known is not None and "printed" in known:
            return known
        return facts(self.read(path))

    def volume_ref(self, path: Path) -> str | None:
        """The volume the record at *path* is printed in, from the index when the file is unchanged."""
        return self.facts(path)["volume"]  # type: ignore[no-any-return]

    def records(self) -> Iterator[Record]:
        """Every document record, in file order."""
        return (self.read(f.path) for f in self.files if not f.is_volume)


DOCUMENT_NUMBER = re.compile(r"[0-9]{1,9}")  # a bare document number, as typed: ASCII digits only


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # surrogates from a command line that was not UTF-8
        return False
    return True


def facts(record: Record) -> dict[str, Any]:
    """What the index keeps of a record's content."""
    pub = record.published_in
    return {
        "id": record.id,
        "volume": pub.volume if pub else None,
        "document": pub.document if pub else None,
        "pages": pub.pages if pub else None,
        "printed": bool(pub) and not record.is_collection,  # decides the default version
    }


def _display_id(f: RecordFile) -> str:
    return f.ids[-1] if _VOLUME_DOCUMENT.match(f.path.stem) else f.ids[0]


def load(path: Path, model: type[ModelT], display: str | None = None) -> ModelT:
    """Read and validate one file; the first problem as a RecordError."""
    from .yamlfile import read_yaml

    doc = read_yaml(path, display)
    problems = validation_problems(doc, model)
    if isinstance(problems, list):
        raise problems[0]
    return problems


def load_record(path: Path) -> Record:
    from .models import Record

    return load(path, Record)


def load_volume(path: Path) -> Volume:
    from .models import Volume

    return load(path, Volume)


def validation_problems(doc: YamlDocument, model: type[ModelT]) -> ModelT | list[RecordError]:
    """The model of *doc*, or every problem pydantic finds, each at its line and field."""
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else type(doc.data).__name__
        return [RecordError(f"a record is a mapping of fields, not {kind}", doc.location(()))]
    from pydantic import ValidationError

    try:
        return model.model_validate(doc.data)
    except ValidationError as e:
        return [_problem(doc, model, err) for err in e.errors(include_url=False)]


def _problem(doc: YamlDocument, model: type[BaseModel], err: object) -> RecordError:
    assert isinstance(err, dict)
    path: tuple[str | int, ...] = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
    kind, message = err["type"], str(err["msg"])
    if kind == "extra_forbidden":
        message = "unknown field"
    elif kind == "missing":
        message = "required field is missing"
    elif message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    elif kind.endswith("_type"):
        message = f"{message[0].lower()}{message[1:]}, not {type(err.get('input')).__name__}"
    return RecordError(message, doc.location(path))
