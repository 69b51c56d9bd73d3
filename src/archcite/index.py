"""The record index: which file holds which id, and what each file's content says; never the truth.

It is kept in SQLite in the cache directory (in memory when that cannot be used) and trusted the
way git trusts its index:

- a directory is rescanned when its stat signature (size, modification and change times in
  nanoseconds, inode, device) differs from the one recorded, and every new subdirectory a scan
  finds is scanned in turn;
- what a file says (its *facts*) is kept by the SHA-256 of its bytes, so facts found for the bytes
  a command has just read can never belong to other bytes;
- a file's recorded hash is trusted without reading the file only while its stat signature is
  unchanged, and only if the file was last modified well before it was read: an entry recorded in
  the same timestamp tick as the change it describes is "racy" and is checked again on use.

Deleting the index loses nothing; a corrupt one is rebuilt. Standard library only: the fast path
of ``archcite cite`` goes through here without importing the record models.
"""

from __future__ import annotations

import itertools
import json
import operator
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, NamedTuple

from . import cachedir, digest, layout

SCHEMA = """
CREATE TABLE IF NOT EXISTS dirs (
    path TEXT PRIMARY KEY, parent TEXT NOT NULL, sig TEXT NOT NULL, seen_ns INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS dirs_parent ON dirs(parent);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, dir TEXT NOT NULL, stem TEXT NOT NULL, name_id TEXT NOT NULL, dir_id TEXT NOT NULL,
    is_volume INTEGER NOT NULL, sig TEXT, read_ns INTEGER, sha TEXT
);
CREATE INDEX IF NOT EXISTS files_name_id ON files(name_id);
CREATE INDEX IF NOT EXISTS files_dir_id ON files(dir_id);
CREATE INDEX IF NOT EXISTS files_stem ON files(stem);
CREATE INDEX IF NOT EXISTS files_dir ON files(dir);
CREATE INDEX IF NOT EXISTS files_sha ON files(sha);
CREATE TABLE IF NOT EXISTS facts (sha TEXT NOT NULL, kind TEXT NOT NULL, facts TEXT NOT NULL, PRIMARY KEY (sha, kind));
"""
SCHEMA_VERSION = "2"
# Timestamps are trusted only for changes older than this when they were recorded: some file
# systems keep times to the second (FAT to two), so a later change in the same tick keeps them.
RACY_NS = 2_000_000_000
UNREADABLE = "unreadable"  # the signature of a directory that could not be listed: never a stat's
Facts = dict[str, Any]


def signature(st: os.stat_result) -> str:
    """What must stay the same for a file or directory to be taken as unchanged."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


def is_racy(st: os.stat_result, seen_ns: int) -> bool:
    """Whether a change could have followed the recording within the same timestamp tick."""
    return seen_ns - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS


def sha256(data: bytes) -> str:
    return digest.hexdigest(data)


class FileRow(NamedTuple):
    """A record file the index knows, by its path under the root as the user gave it."""

    path: Path
    rel: str
    is_volume: bool


class Index:
    """The index of one records directory."""

    def __init__(self, root: Path, db: sqlite3.Connection) -> None:
        self.root = root  # as the user gave it: paths are reported under it
        self.base = os.path.abspath(root)  # rows keep paths relative to it
        self.db = db
        self.unreadable: list[str] = []  # directories a scan could not list, relative to the root
        self._forgets = 0

    @classmethod
    def open(cls, root: Path) -> Index:
        """The index of *root*, current as of now: from the cache directory, else in memory.

        A cache file that turns out corrupt or unwritable while it is brought up to date is
        dropped, and the index is built again in memory.
        """
        where = os.path.abspath(root).encode("utf-8", "surrogateescape")  # any path, UTF-8 or not
        name = f"index-v{SCHEMA_VERSION}-{digest.hexdigest(where)[:20]}.sqlite"
        db = cachedir.connect(name, SCHEMA)
        if db is not None:
            index = cls(root, db)
            try:
                index.refresh()
                return index
            except sqlite3.Error:
                db.close()
                cachedir.discard(name)
        index = cls(root, cachedir.in_memory(SCHEMA))
        index.refresh()
        return index

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        if self.db.in_transaction:  # already inside one: join it
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One snapshot: the statements of the block see the database as of one moment."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            self.db.execute("COMMIT")

    # --- keeping the list of files current -------------------------------------------------

    def refresh(self) -> None:
        """Rescan every directory whose signature changed or was racy, and every new one below."""
        self.unreadable = []
        self._forgets = 0  # directories forgotten by this refresh: the rest of the list may name them
        with self.transaction():
            known = list(self.db.execute("SELECT path, sig, seen_ns FROM dirs"))
            if not known:
                self._scan_tree(".")
                return
            for path, sig, seen_ns in known:
                if self._forgets and not self.db.execute("SELECT 1 FROM dirs WHERE path = ?", (path,)).fetchone():
                    continue  # forgotten by its parent's rescan in this refresh (gone, or now a link)
                try:
                    st = os.stat(self._abs(path), follow_symlinks=path == ".")
                except OSError:
                    self._forget_dir(path)
                    continue
                if signature(st) != sig or is_racy(st, seen_ns):
                    for new in self._scan_dir(path):
                        self._scan_tree(new)

    def _scan_tree(self, top: str) -> None:
        pending = [top]
        while pending:
            pending += self._scan_dir(pending.pop())

    def _abs(self, rel: str) -> str:
        return self.base if rel == "." else os.path.join(self.base, rel)

    def _rel(self, rel_dir: str, name: str) -> str:
        return name if rel_dir == "." else f"{rel_dir}/{name}"

    def _scan_dir(self, path: str) -> list[str]:
        """Index the record files of one directory; return its subdirectories the index did not know."""
        seen_ns = time.time_ns()
        try:
            # The root is followed if it is a link (the user named it); a directory below is
            # scanned only as itself: a link to a directory could loop, or lead out of the root.
            st = os.stat(self._abs(path), follow_symlinks=path == ".")
            if path != "." and not stat.S_ISDIR(st.st_mode):
                raise NotADirectoryError(path)
            with os.scandir(self._abs(path)) as it:
                entries = list(it)
        except PermissionError:
            self.unreadable.append(path)
            self._forget_dir(path)
            self._remember_dir(path, UNREADABLE, seen_ns)  # looked at again by every refresh
            return []
        except OSError:
            self._forget_dir(path)
            return []
        subdirs = [self._rel(path, e.name) for e in entries if layout.is_visible_dir(e.name) and _is_dir(e)]
        names = {e.name for e in entries if layout.is_record_name(e.name) and _is_file(e)}
        old = {name for (name,) in self.db.execute("SELECT path FROM files WHERE dir = ?", (path,))}
        parent = os.path.basename(self._abs(path))
        for name in sorted(names):
            rel = self._rel(path, name)
            if rel in old:
                continue
            stem = layout.stem(name)
            self.db.execute(
                "INSERT INTO files (path, dir, stem, name_id, dir_id, is_volume) VALUES (?, ?, ?, ?, ?, ?)",
                (rel, path, stem, stem, f"{parent}-{stem}", layout.is_volume_stem(stem)),
            )
        for gone in old - {self._rel(path, n) for n in names}:
            self.db.execute("DELETE FROM files WHERE path = ?", (gone,))
        known_subdirs = {p for (p,) in self.db.execute("SELECT path FROM dirs WHERE parent = ?", (path,))}
        for gone_dir in known_subdirs - set(subdirs):
            self._forget_dir(gone_dir)
        self._remember_dir(path, signature(st), seen_ns)
        return [d for d in subdirs if d not in known_subdirs]

    def _remember_dir(self, path: str, sig: str, seen_ns: int) -> None:
        parent_dir = "" if path == "." else os.path.dirname(path) or "."
        self.db.execute(
            "INSERT OR REPLACE INTO dirs (path, parent, sig, seen_ns) VALUES (?, ?, ?, ?)",
            (path, parent_dir, sig, seen_ns),
        )

    def _forget_dir(self, path: str) -> None:
        self._forgets += 1
        if path == ".":
            self.db.execute("DELETE FROM dirs")
            self.db.execute("DELETE FROM files")
            return
        prefix = path.rstrip("/") + "/"
        self.db.execute("DELETE FROM dirs WHERE path = ? OR substr(path, 1, ?) = ?", (path, len(prefix), prefix))
        self.db.execute("DELETE FROM files WHERE dir = ? OR substr(dir, 1, ?) = ?", (path, len(prefix), prefix))

    # --- finding -----------------------------------------------------------------------------

    def by_id(self, ident: str) -> list[Path]:
        rows = self.db.execute(
            "SELECT path FROM files WHERE NOT is_volume AND (name_id = ? OR dir_id = ?) ORDER BY path", (ident, ident)
        )
        return [self._path(p) for (p,) in rows]

    def by_stem(self, stem: str) -> list[Path]:
        rows = self.db.execute("SELECT path FROM files WHERE NOT is_volume AND stem = ? ORDER BY path", (stem,))
        return [self._path(p) for (p,) in rows]

    def volume(self, volume_id: str) -> Path | None:
        """``<root>/<id>/volume.yaml`` if it is there, else a volume file of that id anywhere below."""
        row = self.db.execute(
            "SELECT path FROM files WHERE is_volume AND dir_id = ? ORDER BY (dir = ?) DESC, path",
            (f"{volume_id}-{layout.VOLUME_STEM}", volume_id),
        ).fetchone()
        return self._path(row[0]) if row else None

    def ids(self) -> list[str]:
        """Every document record's id as people are shown it."""
        rows = self.db.execute("SELECT dir, stem FROM files WHERE NOT is_volume")
        return sorted({self.display_id(d, stem) for d, stem in rows})

    def display_id(self, directory: str, stem: str) -> str:
        """The id people are shown for the file *stem* in *directory* (relative to the root)."""
        return layout.display_id(os.path.basename(self._abs(directory)), stem)

    def files(self) -> list[FileRow]:
        rows = self.db.execute("SELECT path, is_volume FROM files ORDER BY path")
        return [FileRow(self._path(p), p, bool(v)) for p, v in rows]

    def _path(self, rel: str) -> Path:
        return self.root / rel

    def _key(self, path: Path) -> str:
        return os.path.relpath(os.path.abspath(path), self.base)

    # --- what a file's content says --------------------------------------------------------------

    def facts(self, sha: str, kind: str = "record") -> Facts | None:
        """The facts of *kind* recorded for the content whose hash is *sha*."""
        row = self.db.execute("SELECT facts FROM facts WHERE sha = ? AND kind = ?", (sha, kind)).fetchone()
        return _decoded(row[0]) if row else None

    def trusted_sha(self, path: Path, st: os.stat_result) -> str | None:
        """The hash recorded for *path*, if its stat says it cannot have changed since it was read."""
        row = self.db.execute("SELECT sig, read_ns, sha FROM files WHERE path = ?", (self._key(path),)).fetchone()
        if row is None or row[2] is None or row[0] != signature(st) or is_racy(st, row[1]):
            return None
        return str(row[2])

    def verified(self, kind_of: Callable[[FileRow], str]) -> list[tuple[FileRow, Facts | None]]:
        """Every file with its facts of the kind *kind_of* names for it, where its stat proves them
        current (else None). Each file is stat-ed; nothing is read: what is None must be read anew."""
        rows = [
            (FileRow(self._path(rel), rel, bool(is_volume)), sig, read_ns, sha)
            for rel, is_volume, sig, read_ns, sha in self._fast_rows(
                "SELECT path, is_volume, sig, read_ns, sha FROM files ORDER BY path"
            )
        ]
        kinds = {kind_of(row) for row, *_ in rows}
        marks = ",".join("?" * len(kinds))
        facts = {
            (sha, kind): text
            for sha, kind, text in self._fast_rows(
                f"SELECT sha, kind, facts FROM facts WHERE kind IN ({marks})", list(kinds)
            )
        }
        out: list[tuple[FileRow, Facts | None]] = []
        for row, sig, read_ns, sha in rows:
            text = facts.get((sha, kind_of(row))) if sha is not None else None
            known = None
            if text is not None:
                try:
                    st = os.stat(self._abs(row.rel))
                except OSError:
                    st = None
                if st is not None and signature(st) == sig and not is_racy(st, read_ns):
                    known = _decoded(text)
            out.append((row, known))
        return out

    def unproven(self) -> list[FileRow]:
        """Document files whose recorded content their stat does not prove current: each must be read.

        One stat per file (relative to its directory, which is opened once), as git checks its
        index; nothing is read."""
        out = [
            FileRow(self._path(rel), rel, False)
            for (rel,) in self.db.execute("SELECT path FROM files WHERE NOT is_volume AND sha IS NULL ORDER BY path")
        ]
        rows = self._fast_rows(
            "SELECT dir, path, sig, read_ns FROM files WHERE NOT is_volume AND sha IS NOT NULL ORDER BY dir"
        )
        for directory, group in itertools.groupby(rows, key=operator.itemgetter(0)):
            start = 0 if directory == "." else len(directory) + 1
            try:
                fd = os.open(self._abs(directory), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            except OSError:
                out += [FileRow(self._path(rel), rel, False) for _, rel, _, _ in group]
                continue
            try:
                for _, rel, sig, read_ns in group:
                    try:
                        st = os.stat(rel[start:], dir_fd=fd)
                    except OSError:
                        st = None
                    if st is None or signature(st) != sig or is_racy(st, read_ns):
                        out.append(FileRow(self._path(rel), rel, False))
            finally:
                os.close(fd)
        return out

    def _fast_rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows read as UTF-8 by SQLite itself; a damaged row falls back to the forgiving reader."""
        forgiving = self.db.text_factory
        self.db.text_factory = str
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.OperationalError:
            self.db.text_factory = forgiving
            return self.db.execute(sql, params).fetchall()
        finally:
            self.db.text_factory = forgiving

    def hold(self, path: Path, sha: str) -> None:
        """Record that *path* was read as the content *sha*, even if it did not hold still while it
        was read: its stat is not recorded, so it is read again next time."""
        with suppress(sqlite3.OperationalError):
            self.db.execute(
                "UPDATE files SET sha = ?, sig = NULL, read_ns = NULL WHERE path = ? AND sha IS NOT ?",
                (sha, self._key(path), sha),
            )

    def forget_content(self, path: Path) -> None:
        """Forget what *path* held (it could not be read): it is read again next time."""
        with suppress(sqlite3.OperationalError):
            forgotten = "UPDATE files SET sig = NULL, read_ns = NULL, sha = NULL WHERE path = ?"
            self.db.execute(forgotten, (self._key(path),))

    def remember(
        self, path: Path, sha: str, facts: Facts | None, st: os.stat_result | None, read_ns: int, kind: str = "record"
    ) -> None:
        """What the content *sha* of *path* says, and the stat it had when it was read (if it held still).

        The index is a cache: what cannot be written (a full disk) is simply not remembered.
        """
        with suppress(sqlite3.OperationalError):
            self._remember(path, sha, facts, st, read_ns, kind)

    def _remember(
        self, path: Path, sha: str, facts: Facts | None, st: os.stat_result | None, read_ns: int, kind: str
    ) -> None:
        if facts is not None:
            self.db.execute(
                "INSERT OR REPLACE INTO facts (sha, kind, facts) VALUES (?, ?, ?)",
                (sha, kind, json.dumps(facts, ensure_ascii=True)),
            )
        if st is not None:
            self.db.execute(
                "UPDATE files SET sig = ?, read_ns = ?, sha = ? WHERE path = ?",
                (signature(st), read_ns, sha, self._key(path)),
            )


def _decoded(text: str) -> Facts | None:
    try:
        found = json.loads(text)
    except (ValueError, TypeError):
        return None  # an unreadable row is a miss
    return found if isinstance(found, dict) else None


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)  # a link to a directory could loop
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    """A file, or a link with a record file's name, whether its target is there now or not: the
    directory does not change when a link's target appears or goes, so the link is listed
    either way and read (or found unreadable) like any other record file."""
    try:
        return entry.is_file() or entry.is_symlink()
    except OSError:
        return False
