"""Rendered citations by cache key (``options.cache_key``), so citeproc-py runs once per change.

Values are the styled spans and warnings as JSON. The same table remembers, by the hash of a CSL
file's bytes, what its XML says (``styles.csl_info``), so that a cached citation parses no XML. A
row that cannot be read is a miss and is written again; a cache that cannot be used is no cache.
Standard library only.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from typing import Any

from .cachedir import connect

SCHEMA = "CREATE TABLE IF NOT EXISTS renders (key TEXT PRIMARY KEY, value BLOB NOT NULL);"
NAME = "renders-v2.sqlite"
_db: sqlite3.Connection | bool | None = False  # False: not opened yet


def disabled() -> bool:
    return os.environ.get("ARCHCITE_NO_CACHE") == "1"


def _connection() -> sqlite3.Connection | None:
    global _db
    if disabled():
        return None
    if _db is False:
        _db = connect(NAME, SCHEMA)
    return _db if isinstance(_db, sqlite3.Connection) else None


def _drop() -> None:
    """Stop using a cache that failed: the command goes on without it."""
    global _db
    if isinstance(_db, sqlite3.Connection):
        _db.close()
    _db = None


def get_many(keys: Iterable[str]) -> dict[str, Any]:
    """The cached values of *keys* that are there and readable."""
    db = _connection()
    wanted = list(dict.fromkeys(keys))
    if db is None or not wanted:
        return {}
    found: dict[str, Any] = {}
    try:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for k, value in db.execute(f"SELECT key, CAST(value AS BLOB) FROM renders WHERE key IN ({marks})", chunk):
                decoded = _decode(value)
                if decoded is not None:
                    found[k] = decoded
    except sqlite3.Error:
        _drop()
        return {}
    return found


def put_many(values: dict[str, Any]) -> None:
    db = _connection()
    if db is None or not values:
        return
    rows = [(k, json.dumps(v, ensure_ascii=True).encode("utf-8")) for k, v in values.items()]
    try:
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT OR REPLACE INTO renders (key, value) VALUES (?, ?)", rows)
        db.execute("COMMIT")
    except sqlite3.Error:
        try:
            if db.in_transaction:
                db.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        _drop()


def _decode(value: Any) -> Any:
    try:
        return json.loads(bytes(value).decode("utf-8"))
    except (ValueError, TypeError):
        return None


def style_info_memo() -> tuple[Any, Any] | None:
    """A memo of what CSL files say, by the hash of their bytes, for ``styles.resolve``."""
    if _connection() is None:
        return None

    def get(key: str) -> Any:
        return get_many([f"style-info:{key}"]).get(f"style-info:{key}")

    def put(key: str, info: dict[str, Any]) -> None:
        put_many({f"style-info:{key}": info})

    return get, put
