"""Record files on disk: where they are, which file holds an id, reading them.

File names carry ids, so one record is found without reading any other:
``creel-house-1918.yaml`` holds ``creel-house-1918``; a file inside a volume's
directory may drop the volume prefix (``frus1969-76v09/d120.yaml`` holds
``frus1969-76v09-d120``); ``volume.yaml`` holds the volume named by its
directory. A bare document number ``120`` finds the files named ``d120.yaml``.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Location, NotFoundError, RecordError, UsageError
from .models import Record, Volume
from .resources import records_dir
from .yamlfile import FieldPath, YamlDocument, read_yaml

SUFFIXES = (".yaml", ".yml")
_VOLUME_DOCUMENT = re.compile(r"^d\d+$")  # d120.yaml: named within its volume's directory
VOLUME_FILE = "volume"
ModelT = TypeVar("ModelT", bound=BaseModel)


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

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: list[RecordFile] | None = None
        self._records: dict[Path, Record] = {}
        self._volumes: dict[str, Volume | None] = {}

    @property
    def files(self) -> list[RecordFile]:
        if self._files is None:
            self._files = list(record_files(self.root))
        return self._files

    def find(self, ident: str) -> RecordFile:
        """The file of the record *ident*: a full id, or a bare document number."""
        files = [f for f in self.files if not f.is_volume]
        if ident.isdigit():
            matches = [f for f in files if f.path.stem == f"d{int(ident)}"]
        else:
            matches = [f for f in files if ident in f.ids]
        if len(matches) == 1:
            return matches[0]
        if matches:
            names = ", ".join(sorted(str(m.path.relative_to(self.root)) for m in matches))
            raise NotFoundError(f"document number {ident} is ambiguous: {names}; give the full id")
        ids = sorted({f.ids[-1] if _VOLUME_DOCUMENT.match(f.path.stem) else f.ids[0] for f in files})
        near = difflib.get_close_matches(ident, ids, n=3, cutoff=0.6)
        hint = f"; nearest: {', '.join(near)}" if near else ""
        raise NotFoundError(f"no record {ident!r} in {self.root}{hint}")

    def record(self, ident: str) -> Record:
        return self.read(self.find(ident).path)

    def read(self, path: Path) -> Record:
        if path not in self._records:
            self._records[path] = load_record(path)
        return self._records[path]

    def volume(self, volume_id: str) -> Volume | None:
        """The volume record *volume_id*: ``root/<id>/volume.yaml``, or anywhere below the root."""
        if volume_id not in self._volumes:
            path = self._volume_path(volume_id)
            self._volumes[volume_id] = load_volume(path) if path else None
        return self._volumes[volume_id]

    def _volume_path(self, volume_id: str) -> Path | None:
        direct = self.root / volume_id / f"{VOLUME_FILE}.yaml"
        if direct.is_file():
            return direct
        return next((f.path for f in self.files if f.is_volume and f.ids[0] == volume_id), None)

    def records(self) -> Iterator[Record]:
        """Every document record, in file order."""
        return (self.read(f.path) for f in self.files if not f.is_volume)


def load(path: Path, model: type[ModelT], display: str | None = None) -> ModelT:
    """Read and validate one file; the first problem as a RecordError."""
    doc = read_yaml(path, display)
    problems = validation_problems(doc, model)
    if isinstance(problems, list):
        raise problems[0]
    return problems


def load_record(path: Path) -> Record:
    return load(path, Record)


def load_volume(path: Path) -> Volume:
    return load(path, Volume)


def validation_problems(doc: YamlDocument, model: type[ModelT]) -> ModelT | list[RecordError]:
    """The model of *doc*, or every problem pydantic finds, each at its line and field."""
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else type(doc.data).__name__
        return [RecordError(f"a record is a mapping of fields, not {kind}", doc.location(()))]
    try:
        return model.model_validate(doc.data)
    except ValidationError as e:
        return [_problem(doc, model, err) for err in e.errors(include_url=False)]


def _problem(doc: YamlDocument, model: type[BaseModel], err: object) -> RecordError:
    assert isinstance(err, dict)
    path: FieldPath = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
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
