"""Writing record files: stable YAML, atomic replacement, and knowing a person's edits.

Imported files start with a header holding the SHA-256 of the YAML below it.
A file whose body still matches was not edited since and may be replaced; a
file without the header, or whose body changed, is a person's work and is kept.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .digest import hexdigest
from .errors import ArchciteError, Location

if TYPE_CHECKING:
    from pydantic import BaseModel


class WriteError(ArchciteError):
    """A file that could not be written; what was there before is untouched."""


HEADER_PREFIX = "# archcite-import: sha256="


def to_yaml(model: BaseModel) -> str:
    """The model as YAML, fields in model order, defaults left out, text as written."""
    return dump(model.model_dump(by_alias=True, exclude_defaults=True, mode="json"))


# libyaml's emitter writes what PyYAML's own writes, six times faster, except that it escapes
# characters beyond the Basic Multilingual Plane and NEL, and writes other keys than field names
# differently: data holding those is written by PyYAML's emitter, so the bytes never depend on
# which emitter this machine has (tests/test_recordio.py compares the two).
_C_DUMPER: Any = getattr(yaml, "CSafeDumper", None)
_EMITTERS_DIFFER = re.compile("[\x85\U00010000-\U0010ffff]")
_FIELD_NAME = re.compile("[a-z_]+")


def dump(data: Any) -> str:
    """*data* (a record's fields) as archcite writes YAML: block style, in order, Unicode as is."""
    dumper = _C_DUMPER if _C_DUMPER is not None and _plain(data) else yaml.SafeDumper
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100_000)


def _plain(value: Any) -> bool:
    """Whether both emitters write *value* alike: field-name keys, no character they escape differently."""
    if isinstance(value, str):
        return _EMITTERS_DIFFER.search(value) is None
    if isinstance(value, dict):
        return all(isinstance(k, str) and _FIELD_NAME.fullmatch(k) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return True


def with_header(body: str, source: str) -> str:
    digest = hexdigest(body.encode("utf-8"))
    return (
        f"# Imported by archcite from {source}. Edit freely: re-imports keep edited records.\n"
        f"{HEADER_PREFIX}{digest}\n{body}"
    )


def unedited(text: str) -> bool:
    """True when *text* is an imported file whose body is as archcite wrote it."""
    first, _, rest = text.partition("\n")
    second, _, body = rest.partition("\n")
    if not first.startswith("# Imported by archcite") or not second.startswith(HEADER_PREFIX):
        return False
    return hexdigest(body.encode("utf-8")) == second[len(HEADER_PREFIX) :].strip()


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write *text* to *path* so that readers see the old file or the new one, never a part.

    A failure (a full disk, no permission) leaves the old file as it was and raises WriteError.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise WriteError(f"cannot write: {e.strerror or e}", Location(str(path))) from e
    try:
        os.fchmod(fd, file_mode(path))  # mkstemp makes 0600; a written file has the mode any file would
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8") if isinstance(text, str) else text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException as e:
        Path(temp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise WriteError(f"cannot write: {e.strerror or e}; the file is unchanged", Location(str(path))) from e
        raise
    if _deferred is None:
        _fsync_directory(path.parent)
    else:
        _deferred.add(path.parent)


_deferred: set[Path] | None = None  # directories whose renames are made durable when a batch ends


@contextmanager
def batch() -> Iterator[None]:
    """Many files written as one batch: each is still complete before it is renamed into place
    (fsynced), but each directory is synced once, at the end, not once per file."""
    global _deferred
    if _deferred is not None:  # already in one
        yield
        return
    _deferred = set()
    try:
        yield
    finally:
        directories, _deferred = _deferred, None
        for directory in sorted(directories):
            _fsync_directory(directory)


def file_mode(path: Path) -> int:
    """The mode the file keeps (if it exists) or gets under the process's umask (if new)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
