"""One writer at a time per records directory: an advisory lock on the directory itself.

The lock is taken on the directory's own descriptor, so nothing is left in it afterwards, and the
kernel releases it when its holder ends, even by ``kill -9``.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ArchciteError, Location


class BusyError(ArchciteError):
    """Another archcite process is writing to the same records directory."""


@contextmanager
def writing(into: Path) -> Iterator[None]:
    """Hold the write lock of *into* (created if needed); refuse at once if another process holds it."""
    try:
        into.mkdir(parents=True, exist_ok=True)
        fd = os.open(into, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as e:
        raise ArchciteError(f"cannot write to this directory: {e.strerror or e}", Location(str(into))) from e
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BusyError(
                "another archcite import is writing to this directory; try again when it ends", Location(str(into))
            ) from None
        yield
    finally:
        os.close(fd)  # closing releases the lock, also when the process is killed
