"""Where archcite keeps what it can always rebuild: the record index and rendered citations.

``$ARCHCITE_CACHE``, else ``$XDG_CACHE_HOME/archcite``, else ``~/.cache/archcite``. Nothing
there is a source of truth: deleting the directory loses nothing. When it cannot be
written, archcite works without it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def cache_dir() -> Path:
    explicit = os.environ.get("ARCHCITE_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "archcite"


def discard(name: str) -> None:
    """Delete the cache database *name* (it was found corrupt while in use)."""
    path = cache_dir() / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def connect(name: str, schema: str) -> sqlite3.Connection | None:
    """The cache database *name*, created with *schema*; rebuilt if corrupt; None if unavailable."""
    path = cache_dir() / name
    for _attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=10, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(schema)  # reads the schema: a file that is no database fails here
            return db
        except sqlite3.DatabaseError:
            discard(name)  # a truncated or corrupted cache file is never trusted: start afresh
        except OSError:
            return None
    return None
