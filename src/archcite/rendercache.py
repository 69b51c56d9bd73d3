"""Rendered citations, keyed by everything that decides them, so citeproc-py runs once per change.

The key is a SHA-256 of archcite's and citeproc-py's versions, the style files'
bytes, the options, and the bytes of the record file and of its volume's file:
any edit to any of them is a new key. Values are the styled spans and warnings.
Standard library only, so that a cached citation costs no import of the
record models or of citeproc-py.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import __version__
from .cachedir import connect
from .resources import styles_dir

CITEPROC_PY = "0.11.1"  # pinned in pyproject.toml; part of every key
SCHEMA = "CREATE TABLE IF NOT EXISTS renders (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
_db: sqlite3.Connection | bool | None = False  # False: not opened yet


def _connection() -> sqlite3.Connection | None:
    global _db
    if _db is False:
        _db = connect("renders.sqlite", SCHEMA)
    return _db if isinstance(_db, sqlite3.Connection) else None


def style_fingerprint(name: str, edition: str | None) -> str:
    """The bytes a style name stands for, without parsing XML: the file and any parent it may follow."""
    # surrogateescape: a style path from a command line that is not UTF-8 still hashes
    digest = hashlib.sha256(f"{__version__}|{CITEPROC_PY}|{name}|{edition}".encode("utf-8", "surrogateescape"))
    candidates: list[Path] = sorted(styles_dir().glob("*.csl"))
    if name.lower() not in ("chicago", "turabian"):
        path = Path(name)
        digest.update(_read(path))
        if b"independent-parent" in _read(path):
            candidates += sorted(path.parent.glob("*.csl"))
    for path in candidates:
        digest.update(path.name.encode())
        digest.update(_read(path))
    return digest.hexdigest()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def key(style: str, options: dict[str, Any], record: Path, volume: Path | None) -> str:
    digest = hashlib.sha256(style.encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    digest.update(_read(record))
    digest.update(b"\0volume\0" + (_read(volume) if volume else b""))
    return digest.hexdigest()


def get_many(keys: Iterable[str]) -> dict[str, Any]:
    db = _connection()
    wanted = list(keys)
    if db is None or not wanted:
        return {}
    found: dict[str, Any] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for k, value in db.execute(f"SELECT key, value FROM renders WHERE key IN ({marks})", chunk):
            found[k] = json.loads(value)
    return found


def put_many(values: dict[str, Any]) -> None:
    db = _connection()
    if db is None or not values:
        return
    try:
        db.execute("BEGIN")
        db.executemany(
            "INSERT OR REPLACE INTO renders (key, value) VALUES (?, ?)",
            [(k, json.dumps(v, ensure_ascii=False)) for k, v in values.items()],
        )
        db.execute("COMMIT")
    except sqlite3.Error:
        if db.in_transaction:
            db.execute("ROLLBACK")


def disabled() -> bool:
    return os.environ.get("ARCHCITE_NO_CACHE") == "1"
