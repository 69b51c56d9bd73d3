"""One bounded reader for every file archcite is given: at most the limit, and only regular files.

``stat`` can lie (``/dev/zero`` has size 0, a file can grow after it was measured) and a FIFO
blocks whoever opens it, so no size is trusted: at most *limit* + 1 bytes are read, from a
descriptor opened without blocking and checked to be a regular file. ``-`` is standard input.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from .errors import ArchciteError, InputError, Location

STDIN = "-"
_CHUNK = 1 << 20


def read_bytes(
    path: Path | str,
    limit: int,
    *,
    what: str = "file",
    error: type[ArchciteError] = InputError,
    display: str | None = None,
) -> bytes:
    """The bytes of *path*, refused with *error* if they are more than *limit* or it is no regular file."""
    name = display or str(path)
    if str(path) == STDIN:
        return _check_size(sys.stdin.buffer.read(limit + 1), limit, what, error, Location(name))
    return read_file(path, limit, what=what, error=error, display=display)[0]


def read_file(
    path: Path | str,
    limit: int,
    *,
    what: str = "file",
    error: type[ArchciteError] = InputError,
    display: str | None = None,
) -> tuple[bytes, os.stat_result | None]:
    """As ``read_bytes`` for a file, with the file's stat before reading: None if it changed while read."""
    where = Location(display or str(path))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as e:
        raise error(f"cannot read {what}: {e.strerror or e}", where) from e
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise error(f"cannot read {what}: {_kind(before.st_mode)}, not a regular file", where)
        data = _read_upto(fd, limit + 1)
        after = os.fstat(fd)
    except OSError as e:
        raise error(f"cannot read {what}: {e.strerror or e}", where) from e
    finally:
        os.close(fd)
    held_still = _times(before) == _times(after) and len(data) == before.st_size
    return _check_size(data, limit, what, error, where), before if held_still else None


def _times(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns


def read_text(
    path: Path | str,
    limit: int,
    *,
    what: str = "file",
    error: type[ArchciteError] = InputError,
    display: str | None = None,
) -> str:
    """As ``read_bytes``, decoded as UTF-8; text that is not UTF-8 is refused with the byte it fails at."""
    data = read_bytes(path, limit, what=what, error=error, display=display)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise error(f"not UTF-8 text (byte {e.start})", Location(display or str(path))) from None


def _read_upto(fd: int, count: int) -> bytes:
    parts, left = [], count
    while left > 0:
        chunk = os.read(fd, min(_CHUNK, left))
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _check_size(data: bytes, limit: int, what: str, error: type[ArchciteError], where: Location) -> bytes:
    if len(data) > limit:
        raise error(f"{what} is larger than archcite reads ({limit:,} bytes at most)", where)
    return data


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
