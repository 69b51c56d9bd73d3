"""Writing record files: stable YAML, atomic replacement, and knowing a person's edits.

Imported files start with a header holding the SHA-256 of the YAML below it.
A file whose body still matches was not edited since and may be replaced; a
file without the header, or whose body changed, is a person's work and is kept.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import yamlwrite
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
    """*data* (a record's fields) as archcite writes YAML: block style, in order, Unicode as is.

    ``yamlwrite`` writes a record's data directly, PyYAML's emitters what it leaves to them."""
    text = yamlwrite.block(data)
    if text is not None:
        return text
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
    Inside ``batch()``, the file is renamed into place when the batch ends.
    """
    try:
        fd, temp = _temporary(path)
    except OSError as e:
        raise WriteError(f"cannot write: {e.strerror or e}", Location(str(path))) from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8") if isinstance(text, str) else text)
            f.flush()
            if _pending is None:
                os.fsync(f.fileno())
        if _pending is not None:
            _pending.append((temp, path))
            return
        os.replace(temp, path)
    except BaseException as e:
        Path(temp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise WriteError(f"cannot write: {e.strerror or e}; the file is unchanged", Location(str(path))) from e
        raise
    _fsync_directory(path.parent)


_pending: list[tuple[str, Path]] | None = None  # in a batch: files written, to be renamed into place


def _make_directory(directory: Path) -> None:
    """*directory* and any parent it lacks; in a batch, each one made is listed, to be removed
    again if the batch ends by an error (and is still empty)."""
    missing = []
    while not directory.exists():
        missing.append(directory)
        if directory.parent == directory:
            break
        directory = directory.parent
    for made in reversed(missing):
        made.mkdir(exist_ok=True)
        if _made is not None:
            _made.append(made)


_made: list[Path] | None = None  # in a batch: directories made for its files


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _temporary(path: Path) -> tuple[int, str]:
    """A new hidden file beside *path* (``.NAME.XXXXXXXX.tmp``), open for writing, with the mode
    the file keeps if it exists, or any new file gets (the umask applies); its directory is made
    if it is missing. As ``tempfile.mkstemp`` does, with fewer system calls: an import makes one
    for every record."""
    try:
        keep: int | None = path.stat().st_mode & 0o7777
    except OSError:
        keep = None
    for _ in range(100):
        temp = os.path.join(path.parent, f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            fd = os.open(temp, _NEW_FILE, 0o600 if keep is not None else 0o666)
        except FileExistsError:
            continue
        except FileNotFoundError:
            _make_directory(path.parent)
            continue
        if keep is not None:
            try:
                os.fchmod(fd, keep)
            except OSError:
                os.close(fd)
                os.unlink(temp)
                raise
        return fd, temp
    raise FileExistsError(errno.EEXIST, "no temporary file name is free")


@contextmanager
def batch() -> Iterator[None]:
    """Many files written as one batch. Each is written to its temporary file; when the batch
    ends, all are made durable at once (one sync of each file system they are on, instead of
    one per file), then renamed into place in the order they were written, and each directory
    is synced once. A batch that ends by an exception renames nothing: every file is as it was."""
    global _pending, _made
    if _pending is not None:  # already in one
        yield
        return
    _pending, _made = [], []
    try:
        yield
    except BaseException:
        pending, made, _pending, _made = _pending, _made, None, None
        _discard([temp for temp, _ in pending], made)
        raise
    pending, made, _pending, _made = _pending, _made, None, None
    _commit(pending, made)


def _discard(temps: list[str], made: list[Path]) -> None:
    """Remove the temporary files *temps*, then each directory of *made* left empty."""
    for temp in temps:
        Path(temp).unlink(missing_ok=True)
    for directory in reversed(made):  # the deepest first; only if nothing else is in it
        with suppress(OSError):
            directory.rmdir()


def _commit(pending: list[tuple[str, Path]], made: list[Path]) -> None:
    """Make the files *pending* durable, then rename each into place and sync its directory;
    a failure removes what is not in place, and the directories *made* for it left empty."""
    try:
        _make_durable([temp for temp, _ in pending])
    except OSError as e:
        _discard([temp for temp, _ in pending], made)
        raise WriteError(f"cannot write: {e.strerror or e}; no file was changed") from e
    renamed: set[Path] = set()
    try:
        for i, (temp, path) in enumerate(pending):
            try:
                os.replace(temp, path)
            except OSError as e:
                _discard([left for left, _ in pending[i:]], made)  # a directory holding a renamed file stays
                raise WriteError(f"cannot write: {e.strerror or e}; the file is unchanged", Location(str(path))) from e
            renamed.add(path.parent)
    finally:  # the renames made are made durable, whatever stopped the others
        for directory in sorted(renamed):
            _fsync_directory(directory)


def _make_durable(temps: list[str]) -> None:
    """Every file of *temps* on disk, data and size: ``syncfs`` of each file system they are on
    where the system has it (Linux), else, or if it fails, ``fsync`` of each file."""
    by_device: dict[int, list[str]] = {}
    devices: dict[str, int] = {}  # a file is on its directory's file system: one stat a directory
    for temp in temps:
        directory = os.path.dirname(temp)
        if directory not in devices:
            devices[directory] = os.stat(directory or ".").st_dev
        by_device.setdefault(devices[directory], []).append(temp)
    for files in by_device.values():
        if not _syncfs(files[0]):
            for temp in files:
                fd = os.open(temp, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)


def _syncfs(path: str) -> bool:
    """Sync the whole file system *path* is on; False if that cannot be done or failed. Only on
    Linux 5.8 or later, where ``syncfs`` reports a failed write-back as ``fsync`` does."""
    if not sys.platform.startswith("linux") or _kernel() < (5, 8):
        return False
    import ctypes

    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        return bool(syncfs(fd) == 0)
    finally:
        os.close(fd)


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


def _kernel() -> tuple[int, ...]:
    """The running Linux kernel's version (``(6, 1)``), or ``(0,)`` if it cannot be read."""
    found = re.match(r"(\d+)\.(\d+)", os.uname().release)
    return (int(found[1]), int(found[2])) if found else (0,)
