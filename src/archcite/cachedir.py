"""Where archcite keeps what it can always rebuild: the record index and rendered citations.

``$ARCHCITE_CACHE``, else ``$XDG_CACHE_HOME/archcite``, else ``~/.cache/archcite``. Nothing
there is a source of truth: deleting the directory loses nothing. When it cannot be used
(read-only, full, not a directory), archcite works without it: the index lives in memory for
the one command, and nothing is cached.
"""

from __future__ import annotations

import contextlib
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
    """Delete the cache database *name* (found corrupt); if it cannot be deleted, leave it."""
    path = cache_dir() / name
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def connect(name: str, schema: str) -> sqlite3.Connection | None:
    """The cache database *name*, created with *schema*; rebuilt if corrupt; None if unusable.

    Usable means written to: a cache directory that can only be read is no cache.
    """
    path = cache_dir() / name
    for _attempt in range(2):
        db = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
            db.text_factory = _text
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(schema)  # reads the schema: a file that is no database fails here
            db.execute("BEGIN IMMEDIATE")  # takes the write lock: a database that cannot be written fails here
            db.execute("ROLLBACK")
            return db
        except sqlite3.DatabaseError as e:
            if db is not None:
                db.close()
            if not _unusable(e):
                discard(name)  # a truncated or corrupted cache file is never trusted: start afresh
                continue
            return None
        except OSError:
            if db is not None:
                db.close()
            return None
    return None


def in_memory(schema: str) -> sqlite3.Connection:
    """A database of *schema* that lives as long as the command: what runs when the cache cannot."""
    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    db.text_factory = _text
    db.executescript(schema)
    return db


def _text(data: bytes) -> str:
    # A row that is not UTF-8 (a damaged file) reads as text that matches nothing, never as an error.
    return data.decode("utf-8", "replace")


def _unusable(e: sqlite3.DatabaseError) -> bool:
    """Errors of a cache that is fine but cannot be written (as opposed to a damaged file)."""
    text = str(e).lower()
    return any(s in text for s in ("readonly", "read-only", "unable to open", "disk i/o", "full", "locked"))
