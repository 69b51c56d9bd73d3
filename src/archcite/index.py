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

import json
import os
import sqlite3
import stat
import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, NamedTuple

from . import cachedir, digest, layout, workers

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
CREATE TABLE IF NOT EXISTS proofs (
    dir TEXT PRIMARY KEY, names TEXT NOT NULL, stats BLOB NOT NULL, unproven TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS changes (one INTEGER PRIMARY KEY CHECK (one = 1), count INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS file_changed AFTER UPDATE ON files BEGIN
    DELETE FROM proofs WHERE dir IN (OLD.dir, NEW.dir); UPDATE changes SET count = count + 1;
END;
CREATE TRIGGER IF NOT EXISTS file_removed AFTER DELETE ON files BEGIN
    DELETE FROM proofs WHERE dir = OLD.dir; UPDATE changes SET count = count + 1;
END;
"""
# ``proofs``: for each directory, what a stat of each of its document files with a recorded
# content must show for that content to be current, packed so that one comparison checks the
# whole directory; ``changes``: counts every change to what ``files`` records. Both are kept by
# the triggers above, whoever writes: a proof is dropped by any change to its directory's rows,
# and made again on use. A row is inserted (by a scan) with no content recorded, and so neither
# changes a proof nor needs counting: it is read, and its update is counted, like any other.
SCHEMA_VERSION = "3"
# Timestamps are trusted only for changes older than this when they were recorded: some file
# systems keep times to the second (FAT to two), so a later change in the same tick keeps them.
RACY_NS = 2_000_000_000
UNREADABLE = "unreadable"  # the signature of a directory that could not be listed: never a stat's
Facts = dict[str, Any]


def signature(st: os.stat_result) -> str:
    """What must stay the same for a file or directory to be taken as unchanged."""
    return ":".join(map(str, stat_values(st)))


def stat_values(st: os.stat_result) -> tuple[int, int, int, int, int]:
    """The parts of a ``signature``, as numbers and in its order."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


STAT_WIDTH = 5  # numbers in a signature
STAT_IN_TWO_ABOVE = 4000  # files to stat before a second process is worth forking


def is_racy(st: os.stat_result, seen_ns: int) -> bool:
    """Whether a change could have followed the recording within the same timestamp tick."""
    return _racy(st.st_mtime_ns, st.st_ctime_ns, seen_ns)


def _racy(mtime_ns: int, ctime_ns: int, seen_ns: int) -> bool:
    return seen_ns - max(mtime_ns, ctime_ns) < RACY_NS


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
            self.db.execute("INSERT OR IGNORE INTO changes (one, count) VALUES (1, 0)")
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
        added = [(rel, layout.stem(name)) for name in sorted(names) if (rel := self._rel(path, name)) not in old]
        self.db.executemany(
            "INSERT INTO files (path, dir, stem, name_id, dir_id, is_volume) VALUES (?, ?, ?, ?, ?, ?)",
            [(rel, path, stem, stem, f"{parent}-{stem}", layout.is_volume_stem(stem)) for rel, stem in added],
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

    def volume_files(self) -> list[Path]:
        """Every volume record's file, in path order (without a row object for each document)."""
        rows = self.db.execute("SELECT path FROM files WHERE is_volume ORDER BY path")
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

        One stat per file, as git checks its index; nothing is read. A directory's files are
        checked at once against its proof (made here if missing), and file by file only when that
        fails, to find which changed."""
        with self.reading():
            # Every directory with files has its row in ``dirs``: a scan records both, and a
            # directory is forgotten with its files.
            directories = [d for (d,) in self.db.execute("SELECT path FROM dirs")]
            kept = {row[0]: _Proof(*row[1:]) for row in self.db.execute(_PROOFS) if _is_proof(row)}
            out = [rel for (rel,) in self.db.execute("SELECT path FROM files WHERE sha IS NULL AND NOT is_volume")]
        kept.update(self._made_proofs([d for d in directories if d not in kept]))
        proofs = {d: kept[d] for d in directories}
        out += [self._rel(d, name) for d, proof in proofs.items() for name in _split(proof.unproven)]
        checks = [(d, _split(proof.names), proof.stats) for d, proof in proofs.items() if proof.names]
        if sum(len(names) for _, names, _ in checks) > STAT_IN_TWO_ABOVE:
            out += workers.in_two(self._check, checks, weight=lambda check: len(check[1]))
        else:
            out += self._check(checks)
        return [FileRow(self._path(rel), rel, False) for rel in sorted(out)]

    def _check(self, checks: list[tuple[str, list[str], bytes]]) -> list[str]:
        """The files of each (directory, names, packed stats) whose stat is not the one recorded."""
        out: list[str] = []
        for directory, names, stats in checks:
            if not self._holds(directory, names, stats):
                out += self._changed(directory, names, stats)
        return out

    def _proof(self, directory: str) -> _Proof:
        """What the stats of *directory*'s document files with a recorded content must be for it to
        be current, from the rows as they are now; those no stat can prove (read while changing, or
        recorded in the same timestamp tick as a change) are listed to be read."""
        start = 0 if directory == "." else len(directory) + 1
        names, stats, unproven = [], array("q"), []
        rows = self.db.execute(
            "SELECT path, sig, read_ns FROM files WHERE dir = ? AND NOT is_volume AND sha IS NOT NULL ORDER BY path",
            (directory,),
        )
        for rel, sig, read_ns in rows:
            recorded = _recorded(sig, read_ns)
            if recorded is None:
                unproven.append(rel[start:])
            else:
                names.append(rel[start:])
                stats.extend(recorded)
        return _Proof("/".join(names), stats.tobytes(), "/".join(unproven))

    def _made_proofs(self, directories: list[str]) -> dict[str, _Proof]:
        """The proofs of *directories*, each made from its rows and recorded in one transaction
        (the triggers drop it when they change); where the cache cannot be written, only made."""
        if not directories:
            return {}
        try:
            with self.transaction():
                made = {d: self._proof(d) for d in directories}
                self.db.executemany(
                    "INSERT OR REPLACE INTO proofs (dir, names, stats, unproven) VALUES (?, ?, ?, ?)",
                    [(d, *proof) for d, proof in made.items()],
                )
            return made
        except sqlite3.OperationalError:
            return {d: self._proof(d) for d in directories}

    def _holds(self, directory: str, names: list[str], stats: bytes) -> bool:
        """Whether every file *names* of *directory* has the stat its proof records."""
        try:
            fd = self._open_directory(directory)
        except OSError:
            return False
        try:
            now = [os.stat(name, dir_fd=fd) for name in names]
            return array("q", [v for st in now for v in stat_values(st)]).tobytes() == stats
        except (OSError, OverflowError):
            return False
        finally:
            os.close(fd)

    def _open_directory(self, directory: str) -> int:
        """A descriptor of *directory*, to stat its files by name (one path lookup for them all)."""
        return os.open(self._abs(directory), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))

    def _changed(self, directory: str, names: list[str], stats: bytes) -> list[str]:
        """The files *names* of *directory* whose stat is not the one their proof records."""
        expected = array("q")
        with suppress(ValueError):
            expected.frombytes(stats)
        if len(expected) != STAT_WIDTH * len(names):
            return [self._rel(directory, name) for name in names]  # a damaged proof proves nothing
        try:
            fd = self._open_directory(directory)
        except OSError:
            return [self._rel(directory, name) for name in names]
        out = []
        try:
            for i, name in enumerate(names):
                try:
                    now: tuple[int, ...] | None = stat_values(os.stat(name, dir_fd=fd))
                except OSError:
                    now = None
                if now != tuple(expected[i * STAT_WIDTH : (i + 1) * STAT_WIDTH]):
                    out.append(self._rel(directory, name))
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


class _Proof(NamedTuple):
    """A directory's proof: its provable files' names, their stats packed (``stat_values`` of
    each, in order, as 64-bit integers), and the names of its files that must be read; names
    joined by ``/``, which no file name holds."""

    names: str
    stats: bytes
    unproven: str


_PROOFS = "SELECT dir, names, stats, unproven FROM proofs"


def _is_proof(row: tuple[Any, ...]) -> bool:
    """Whether a ``proofs`` row is of the types this module writes (a damaged one is made again)."""
    _, names, stats, unproven = row
    return isinstance(names, str) and isinstance(stats, bytes) and isinstance(unproven, str)


def _split(joined: str) -> list[str]:
    return joined.split("/") if joined else []


def _recorded(sig: str | None, read_ns: int | None) -> tuple[int, ...] | None:
    """The stat values a recorded signature stands for, if a stat can prove the content read at
    *read_ns*: None for no signature, one this module did not write, or a racy one."""
    if sig is None or read_ns is None:
        return None
    try:
        values = tuple(int(part) for part in sig.split(":"))
    except ValueError:
        return None
    if len(values) != STAT_WIDTH or ":".join(map(str, values)) != sig or not all(-(2**63) <= v < 2**63 for v in values):
        return None
    _, mtime_ns, ctime_ns, _, _ = values
    return None if _racy(mtime_ns, ctime_ns, read_ns) else values
