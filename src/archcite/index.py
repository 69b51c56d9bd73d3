"""The record index: which file holds which id, kept in SQLite, never the source of truth.

It knows every record file under a records directory by name, stat and (once a
file has been read) a few facts of its content: its id, the volume it is printed
in, its document number, and what validation found. It is kept current
incrementally: a directory whose modification time changed is rescanned, a file
whose size or modification time changed is read again. Deleting it loses
nothing; a corrupt one is rebuilt. Only the standard library: the fast path of
``archcite cite`` goes through here without importing the record models.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cachedir import connect, discard

SCHEMA = """
CREATE TABLE IF NOT EXISTS dirs (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, dir TEXT NOT NULL, stem TEXT NOT NULL, name_id TEXT NOT NULL, dir_id TEXT NOT NULL,
    is_volume INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
    checked_mtime_ns INTEGER, checked_size INTEGER, content TEXT
);
CREATE INDEX IF NOT EXISTS files_name_id ON files(name_id);
CREATE INDEX IF NOT EXISTS files_dir_id ON files(dir_id);
CREATE INDEX IF NOT EXISTS files_stem ON files(stem);
CREATE INDEX IF NOT EXISTS files_dir ON files(dir);
"""
SUFFIXES = (".yaml", ".yml")


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class Row:
    path: Path
    is_volume: bool
    mtime_ns: int
    size: int
    content: dict[str, Any] | None  # facts read from the file at its current stat, else None


class Index:
    """The index of one records directory."""

    def __init__(self, root: Path, db: sqlite3.Connection) -> None:
        self.root = root  # as the user gave it: paths are reported under it
        self.base = os.path.abspath(root)  # rows keep paths relative to it
        self.db = db
        self.unreadable: list[str] = []  # directories a scan could not list

    @classmethod
    def open(cls, root: Path, *, every_file: bool = False) -> Index | None:
        """The index of *root*, current as of now; rebuilt if it turns out corrupt; None without a cache.

        Current means: directories rescanned where they changed, or with *every_file*, every
        file's size and time checked too (what validation needs).
        """
        where = str(root.resolve()).encode("utf-8", "surrogateescape")  # any path, UTF-8 or not
        name = f"index-{hashlib.sha256(where).hexdigest()[:20]}.sqlite"
        for _attempt in range(2):
            db = connect(name, SCHEMA)
            if db is None:
                return None
            index = cls(root, db)
            try:
                index.refresh_stats() if every_file else index.refresh()
                return index
            except sqlite3.DatabaseError:
                db.close()
                discard(name)
        return None

    # --- keeping it current ------------------------------------------------------------

    def refresh(self) -> None:
        """Rescan the directories whose modification time changed (all of them the first time)."""
        known = dict(self.db.execute("SELECT path, mtime_ns FROM dirs"))
        if not known:
            self._scan_tree(".")
            return
        for path, mtime in known.items():
            try:
                current = os.stat(self._abs(path)).st_mtime_ns
            except OSError:
                self._forget_dir(path)
                continue
            if current != mtime:
                self._scan_dir(path)

    def refresh_stats(self) -> None:
        """Check every file's size and time too (what validation needs), rescanning every directory."""
        self.db.execute("BEGIN")
        try:
            self.db.execute("DELETE FROM dirs")
            self._scan_tree(".", in_transaction=True)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def _scan_tree(self, top: str, in_transaction: bool = False) -> None:
        if not in_transaction:
            self.db.execute("BEGIN")
        try:
            pending = [top]
            while pending:
                pending += self._scan_dir(pending.pop(), in_transaction=True)
            if not in_transaction:
                self.db.execute("COMMIT")
        except BaseException:
            if not in_transaction:
                self.db.execute("ROLLBACK")
            raise

    def _abs(self, rel: str) -> str:
        return os.path.normpath(os.path.join(self.base, rel))

    def _rel(self, rel_dir: str, name: str) -> str:
        return name if rel_dir == "." else f"{rel_dir}/{name}"

    def _scan_dir(self, path: str, in_transaction: bool = False) -> list[str]:
        """Index the files of one directory (relative *path*); return its subdirectories not yet known."""
        try:
            mtime = os.stat(self._abs(path)).st_mtime_ns
            entries = list(os.scandir(self._abs(path)))
        except PermissionError:
            self.unreadable.append(path)
            self._forget_dir(path)
            return []
        except OSError:
            self._forget_dir(path)
            return []
        known_dirs = {p for (p,) in self.db.execute("SELECT path FROM dirs")}
        entries = [e for e in entries if _utf8(e.name)]  # no record id is spelled in a name that is not UTF-8
        subdirs = [
            self._rel(path, e.name) for e in entries if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)
        ]
        old = {
            p: (m, s) for p, m, s in self.db.execute("SELECT path, mtime_ns, size FROM files WHERE dir = ?", (path,))
        }
        seen = set()
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.endswith(SUFFIXES) or not entry.is_file():
                continue
            stat = entry.stat()
            rel = self._rel(path, entry.name)
            seen.add(rel)
            if old.get(rel) == (stat.st_mtime_ns, stat.st_size):
                continue
            stem = entry.name.rsplit(".", 1)[0]
            parent = os.path.basename(self._abs(path))
            self.db.execute(
                "INSERT INTO files (path, dir, stem, name_id, dir_id, is_volume, mtime_ns, size) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET "
                "mtime_ns = excluded.mtime_ns, size = excluded.size",
                (rel, path, stem, stem, f"{parent}-{stem}", stem == "volume", stat.st_mtime_ns, stat.st_size),
            )
        for gone in set(old) - seen:
            self.db.execute("DELETE FROM files WHERE path = ?", (gone,))
        self.db.execute("INSERT OR REPLACE INTO dirs (path, mtime_ns) VALUES (?, ?)", (path, mtime))
        for gone_dir in known_dirs - set(subdirs):
            if (os.path.dirname(gone_dir) or ".") == path and gone_dir != ".":
                self._forget_dir(gone_dir)
        return [d for d in subdirs if d not in known_dirs]

    def _forget_dir(self, path: str) -> None:
        if path == ".":
            self.db.execute("DELETE FROM dirs")
            self.db.execute("DELETE FROM files")
            return
        prefix = path.rstrip("/") + "/"
        self.db.execute("DELETE FROM dirs WHERE path = ? OR substr(path, 1, ?) = ?", (path, len(prefix), prefix))
        self.db.execute("DELETE FROM files WHERE dir = ? OR substr(dir, 1, ?) = ?", (path, len(prefix), prefix))

    # --- finding ---------------------------------------------------------------------------

    def by_id(self, ident: str) -> list[Path]:
        rows = self.db.execute(
            "SELECT path FROM files WHERE NOT is_volume AND (name_id = ? OR dir_id = ?) ORDER BY path", (ident, ident)
        )
        return [self.root / p for (p,) in rows]

    def by_number(self, number: int) -> list[Path]:
        rows = self.db.execute("SELECT path FROM files WHERE NOT is_volume AND stem = ? ORDER BY path", (f"d{number}",))
        return [self.root / p for (p,) in rows]

    def volume(self, volume_id: str) -> Path | None:
        row = self.db.execute(
            "SELECT path FROM files WHERE is_volume AND dir_id = ? ORDER BY (dir = ?) DESC, path",
            (f"{volume_id}-volume", volume_id),
        ).fetchone()
        return self.root / row[0] if row else None

    def ids(self) -> list[str]:
        rows = self.db.execute("SELECT name_id, dir_id, stem FROM files WHERE NOT is_volume")
        return sorted(
            {dir_id if stem.startswith("d") and stem[1:].isdigit() else name_id for name_id, dir_id, stem in rows}
        )

    def rows(self) -> Iterator[Row]:
        for path, is_volume, mtime, size, cm, cs, content in self.db.execute(
            "SELECT path, is_volume, mtime_ns, size, checked_mtime_ns, checked_size, content FROM files ORDER BY path"
        ):
            current = (cm, cs) == (mtime, size) and content is not None
            yield Row(self.root / path, bool(is_volume), mtime, size, json.loads(content) if current else None)

    # --- what a file's content says -----------------------------------------------------

    def content(self, path: Path) -> dict[str, Any] | None:
        """The facts stored for *path*, if the file has not changed since they were read."""
        try:
            stat = path.stat()
        except OSError:
            return None
        row = self.db.execute(
            "SELECT checked_mtime_ns, checked_size, content FROM files WHERE path = ?", (self._key(path),)
        ).fetchone()
        if row and (row[0], row[1]) == (stat.st_mtime_ns, stat.st_size) and row[2] is not None:
            return json.loads(row[2])  # type: ignore[no-any-return]
        return None

    def remember(self, path: Path, facts: dict[str, Any], stat: os.stat_result | None = None) -> None:
        """Store *facts* about *path* as read at its current (or the given) stat."""
        try:
            stat = stat or path.stat()
        except OSError:
            return
        self.db.execute(
            "UPDATE files SET checked_mtime_ns = ?, checked_size = ?, content = ? WHERE path = ?",
            (stat.st_mtime_ns, stat.st_size, json.dumps(facts, ensure_ascii=False), self._key(path)),
        )

    def _key(self, path: Path) -> str:
        return os.path.relpath(os.path.abspath(path), self.base)
