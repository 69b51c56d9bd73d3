"""Finding records by what they say: who wrote to whom, when, under what markings, kept where.

The index (``index.py``) proves which bytes each record file holds now. For each content hash this
module keeps the row a search needs (table ``finds``) and its words (the FTS5 table ``find_text``),
made from the parsed record, and answers a query with one SQL statement over the files whose
content is proven current. Rows are by content hash, so a row never describes other bytes than
the file's, and a row made by other code (``made``) is made again: the index stays a cache.

Matching rules (README, "Finding records"): names, offices and archival levels are compared
without case or accents, word by word; a date filter matches a record whose whole date lies in
the range asked for, so an undated record never matches one.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import edtf, layout, workers
from .errors import RecordError, UsageError
from .resources import code_signature

if TYPE_CHECKING:
    from .index import Index
    from .models import Archive, Person, Record
    from .store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS finds (
    sha TEXT PRIMARY KEY, made TEXT NOT NULL, invalid TEXT,
    date_lo INTEGER, date_hi INTEGER, kind TEXT, volume TEXT, number TEXT,
    senders TEXT, recipients TEXT, participants TEXT, classification TEXT, caveats TEXT,
    repository TEXT, collection TEXT, series TEXT, box TEXT, folder TEXT, file_code TEXT,
    summary TEXT
);
CREATE VIRTUAL TABLE IF NOT EXISTS find_text USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
CREATE INDEX IF NOT EXISTS finds_invalid ON finds(sha) WHERE invalid IS NOT NULL;
CREATE TABLE IF NOT EXISTS find_state (
    one INTEGER PRIMARY KEY CHECK (one = 1), made TEXT NOT NULL, changes INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS find_added AFTER INSERT ON finds BEGIN DELETE FROM find_state; END;
CREATE TRIGGER IF NOT EXISTS find_changed AFTER UPDATE ON finds BEGIN DELETE FROM find_state; END;
CREATE TRIGGER IF NOT EXISTS find_removed AFTER DELETE ON finds BEGIN DELETE FROM find_state; END;
"""
# ``find_state``: the tables were last found complete (a row for every document file's content,
# none for content no file holds) when the index's count of changes to ``files`` stood at
# ``changes``, by the code ``made``. Any change to ``files`` moves the count and any change to
# ``finds`` deletes the state, both by trigger: while it stands, the check need not be made again.
MADE = f"1:{code_signature()}"  # rows made by other code are made again
COLUMNS = (
    "date_lo", "date_hi", "kind", "volume", "number", "senders", "recipients", "participants",
    "classification", "caveats", "repository", "collection", "series", "box", "folder", "file_code",
)  # fmt: skip
SORTS = ("date", "id", "relevance")


class Filter(NamedTuple):
    """One filter of ``archcite find``: its option, the Query field it fills, its help, and how it
    is compared (``_matches``) with which column; volume, number and date have rules of their own."""

    option: str
    field: str
    metavar: str
    help: str
    how: str | None = None
    column: str | None = None


FILTERS = (
    Filter("--from", "sender", "NAME", "written by: a full name, a surname, or an office", "person", "senders"),
    Filter("--to", "recipient", "NAME", "addressed to", "person", "recipients"),
    Filter(
        "--participant", "participant", "NAME", "took part (or wrote, or was written to); repeatable",
        "person", "participants",
    ),
    Filter("--kind", "kind", "KIND", "telegram, memorandum of conversation, letter, …", "element", "kind"),
    Filter("--date", "date", "EDTF", "a date or range: 1969-02, 1972-11-18/1972-11-25"),
    Filter(
        "--classification", "classification", "WORD", "Top Secret, Secret, Confidential, …",
        "element", "classification",
    ),
    Filter("--caveat", "caveat", "WORD", "Nodis, Exdis, Eyes Only, …", "element", "caveats"),
    Filter("--repository", "repository", "NAME", "where the original is kept", "words", "repository"),
    Filter("--collection", "collection", "NAME", "collection or record group", "words", "collection"),
    Filter("--series", "series", "NAME", "series or subseries", "words", "series"),
    Filter("--box", "box", "N", "box number", "element", "box"),
    Filter("--folder", "folder", "NAME", "words of the folder's title", "words", "folder"),
    Filter(
        "--file-code", "file_code", "CODE", "central-file code or its first words: POL 27 VIET S",
        "prefix", "file_code",
    ),
    Filter("--volume", "volume", "ID", "published in this volume: frus1969-76v12"),
    Filter("--number", "number", "N", "its document number in the volume"),
)  # fmt: skip
PARALLEL_ABOVE = 400  # records to make rows for before a second core is worth starting


# --- the query -------------------------------------------------------------------------------


class Query(NamedTuple):
    """What a search asks, each filter as the user typed it; empty filters ask nothing."""

    text: str | None = None
    sender: str | None = None
    recipient: str | None = None
    participant: tuple[str, ...] = ()  # each must be found
    kind: str | None = None
    date: str | None = None
    classification: str | None = None
    caveat: str | None = None
    repository: str | None = None
    collection: str | None = None
    series: str | None = None
    box: str | None = None
    folder: str | None = None
    file_code: str | None = None
    volume: str | None = None
    number: str | None = None
    sort: str | None = None  # default: relevance with TEXT, else date
    limit: int | None = None


class Hit(NamedTuple):
    """One record a search found, as a list of results shows it."""

    id: str
    path: str  # under the records directory as the user gave it
    date: str | None
    senders: list[str]
    recipients: list[str]
    who: str
    kind: str | None
    title: str | None
    where: str | None
    rank: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date,
            "from": self.senders,
            "to": self.recipients,
            "kind": self.kind,
            "title": self.title,
            "where": self.where,
            "path": self.path,
        }


class Result:
    """The hits of a search (limited), how many there were, and the files it could not search."""

    def __init__(self, hits: list[Hit], count: int, unreadable: list[str]) -> None:
        self.hits = hits
        self.count = count  # before the limit
        self.unreadable = unreadable  # files that are no valid record: not searched

    def warnings(self) -> list[str]:
        found = []
        if self.unreadable:
            found.append(
                f"{len(self.unreadable)} file(s) hold no valid record and were not searched; the first: "
                f"{self.unreadable[0]} (archcite validate lists them all)"
            )
        paths: dict[str, list[str]] = {}
        for hit in self.hits:
            paths.setdefault(hit.id, []).append(hit.path)
        found += [
            f"{ident} is held by {len(held)} files ({', '.join(held)}): no command can cite it until one is renamed"
            for ident, held in paths.items()
            if len(held) > 1
        ]
        return found


def lines(result: Result, fmt: str) -> list[str]:
    """The hits as piped output: one id per line (``ids``), or one JSON object per line (``json``)."""
    if fmt == "json":
        return [json.dumps(hit.as_json(), ensure_ascii=False) for hit in result.hits]
    return [hit.id for hit in result.hits]


def search(found: Store, query: Query) -> Result:
    """The records of *found* that match *query*, sorted and limited as it asks.

    Rows that turn out damaged (an unreadable summary, a malformed table) are dropped and made
    again from the files: a damaged index is rebuilt, never trusted."""
    where, params = _where(query)
    sort = _SORT_KEYS[_sort(query)]
    try:
        hits, unreadable = _search(found, query.text is not None, where, params, sort)
    except _Damaged:
        found.index.db.executescript(_DROP)
        hits, unreadable = _search(found, query.text is not None, where, params, sort)
    return Result(hits[: query.limit] if query.limit else hits, len(hits), unreadable)


_DROP = "DROP TABLE IF EXISTS finds; DROP TABLE IF EXISTS find_text; DROP TABLE IF EXISTS find_state;"


class _Damaged(Exception):
    """The find tables cannot be read as they were written."""


def _search(
    found: Store, with_text: bool, where: list[str], params: dict[str, Any], sort: Any
) -> tuple[list[Hit], list[str]]:
    """The hits in the order *sort* gives, and the files that could not be searched."""
    index = found.index
    _ensure_tables(index)
    index.db.create_function("matches", 3, _matches, deterministic=True)
    if with_text:
        try:  # FTS5 reads the query even over no rows: a bad one is refused before any work
            index.db.execute(
                "SELECT rowid FROM find_text WHERE find_text MATCH ? LIMIT 1", (params["text"],)
            ).fetchall()
        except sqlite3.OperationalError as e:
            raise UsageError(f"TEXT: not a full-text query ({e}); put a phrase in double quotes") from None
    try:
        unreadable = _read_unproven(found)
        rows, invalid = _consistent_rows(found, _select(with_text, where), params)
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):  # dropped by another search that found them damaged
            raise _Damaged from e
        raise
    except sqlite3.DatabaseError as e:
        raise _Damaged from e
    try:
        root = "" if str(index.root) == "." else str(index.root)  # as ``index.root / rel`` prints
        hits = sorted((_hit(root, index, *row) for row in rows), key=sort)
    except (ValueError, KeyError, TypeError) as e:  # a row that is not what this module wrote
        raise _Damaged from e
    return hits, sorted(unreadable + invalid)


def _ensure_tables(index: Index) -> None:
    """The find tables, made if missing; all dropped first unless both of ``finds`` and
    ``find_text`` are there (neither can be trusted alone, nor a completeness without them)."""
    try:
        tables = index.db.execute("SELECT count(*) FROM sqlite_master WHERE name IN ('finds', 'find_text')").fetchone()
        if tables[0] < 2:
            index.db.executescript(_DROP)
        index.db.executescript(SCHEMA)
    except sqlite3.OperationalError as e:
        if "fts5" in str(e).lower():
            raise UsageError("this Python's SQLite has no full-text search (FTS5): archcite find needs it") from None
        raise
    except sqlite3.DatabaseError as e:
        raise _Damaged from e


def _consistent_rows(found: Store, select: str, params: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """The rows of *select*, read in one snapshot in which every document file has its row and no
    row is of content no file holds, and the files of that snapshot that hold no valid record.

    The tables are checked only when files or rows changed since they were last found complete.
    A file whose content has no row yet (never searched, or changed) is read, its row made, and
    the check made again; so is one whose new hash another command recorded before it committed
    the row."""
    index = found.index
    for attempt in range(6):
        with index.reading():
            if _complete(index):
                return index.db.execute(select, params).fetchall(), _invalid(found)
        with index.transaction():  # the write lock: no other command changes the tables meanwhile
            _forget_orphans(index)
            lacking = [rel for (rel,) in index.db.execute(_LACKING, (MADE,))]
            if not lacking:
                index.db.execute(
                    "INSERT OR REPLACE INTO find_state (one, made, changes) SELECT 1, ?, count FROM changes", (MADE,)
                )
                return index.db.execute(select, params).fetchall(), _invalid(found)
        _make_rows(found, lacking, again=attempt > 0)
    raise UsageError("the records are changing faster than they can be searched: try again")


def _complete(index: Index) -> bool:
    """Whether the tables were found complete, by this code, with no change to ``files`` since."""
    row = index.db.execute(
        "SELECT 1 FROM find_state s JOIN changes c ON c.count = s.changes WHERE s.made = ?", (MADE,)
    ).fetchone()
    return row is not None


def _invalid(found: Store) -> list[str]:
    """The document files whose row says they hold no valid record, with why."""
    rows = found.index.db.execute(
        "SELECT f.path, x.invalid FROM finds x JOIN files f ON f.sha = x.sha "
        "WHERE x.invalid IS NOT NULL AND x.made = ? AND NOT f.is_volume",
        (MADE,),
    )
    return [f"{found.root / rel}: {message}" for rel, message in rows]


def _forget_orphans(index: Index) -> None:
    """Drop the rows of contents no file holds any more. bm25 ranks by the words of every row, so
    a ranking must be made over the files' contents alone, as a fresh index would hold them."""
    index.db.execute(
        "DELETE FROM find_text WHERE rowid IN (SELECT x.rowid FROM finds x WHERE NOT EXISTS "
        "(SELECT 1 FROM files f WHERE f.sha = x.sha))"
    )
    index.db.execute("DELETE FROM finds WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.sha = finds.sha)")


# Document files whose content has no row made by this code.
_LACKING = (
    "SELECT f.path FROM files f LEFT JOIN finds x ON x.sha = f.sha AND x.made = ? "
    "WHERE NOT f.is_volume AND f.sha IS NOT NULL AND x.sha IS NULL ORDER BY f.path"
)


def _sort(query: Query) -> str:
    sort = query.sort or ("relevance" if query.text is not None else "date")
    if sort not in SORTS:
        raise UsageError(f"--sort: {sort!r} is not one of {', '.join(SORTS)}")
    if sort == "relevance" and query.text is None:
        raise UsageError("--sort relevance: ranks the words of TEXT; give TEXT, or sort by date or id")
    if query.limit is not None and query.limit < 1:
        raise UsageError("--limit: must be at least 1")
    return sort


MAX_FILTER = 500  # characters: far beyond any name or folder title; SQLite refuses long LIKE patterns


def _checked(option: str, value: str) -> str:
    """*value* if it is text a search can use: valid Unicode, and not longer than any name."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{option}: not valid text (the command line is not UTF-8)") from None
    if len(value) > MAX_FILTER and option != "TEXT":
        raise UsageError(f"{option}: longer than {MAX_FILTER} characters")
    return value


def _where(query: Query) -> tuple[list[str], dict[str, Any]]:
    """The SQL conditions of *query*'s filters, and their parameters; a bad filter is a UsageError."""
    where: list[str] = []
    params: dict[str, Any] = {"made": MADE}
    for f in FILTERS:
        if f.how is None:
            continue
        name, how, column, option = f.field, f.how, f.column, f.option
        given = getattr(query, name)
        for i, value in enumerate(given if isinstance(given, tuple) else () if given is None else (given,)):
            words = normalized(_checked(option, value))
            if not words:
                raise UsageError(f"{option}: {value!r} has no letters or digits to match")
            # LIKE narrows the rows cheaply; ``matches`` then decides exactly, word by word.
            key = f"{name}{i}"
            where.append(f"x.{column} LIKE :{key}_like AND matches('{how}', x.{column}, :{key})")
            params[key], params[f"{key}_like"] = words, "%" + "%".join(words.split()) + "%"
    if query.volume is not None:
        where.append("x.volume = :volume")
        params["volume"] = _checked("--volume", query.volume).strip()
    if query.number is not None:
        number = _checked("--number", query.number).strip().lower().removeprefix("d")
        if not layout.DOCUMENT_NUMBER.fullmatch(number):
            raise UsageError(f"--number: {query.number!r} is not a document number (120, 278A)")
        where.append("x.number = :number")
        params["number"] = number
    if query.date is not None:
        try:
            params["date_lo"], params["date_hi"] = edtf.span(edtf.parse(_checked("--date", query.date)))
        except edtf.DateError as e:
            raise UsageError(f"--date: {e}") from None
        where.append("x.date_lo >= :date_lo AND x.date_hi <= :date_hi")
    if query.text is not None:
        if not _checked("TEXT", query.text).strip():
            raise UsageError("TEXT: empty: give words to search for, or leave TEXT out")
        params["text"] = fts_query(fold(query.text))
    return where, params


_FTS_PARTS = re.compile(r'"(?:[^"]|"")*"?|[(),]|[^\s(),"]+')
_BAREWORD = re.compile(r"[^\W_]+\*?|AND|OR|NOT|NEAR")


def fts_query(text: str) -> str:
    """*text* as an FTS5 query: phrases in double quotes, AND/OR/NOT, parentheses and ``word*`` as
    FTS5 reads them, and a word with a hyphen or a stop in it (``En-lai``, ``611.6112``) as the
    phrase of its parts, which FTS5 alone would refuse or read as a column name."""
    parts = _FTS_PARTS.findall(text)
    return " ".join(p if p.startswith(("(", ")", ",", '"')) or _BAREWORD.fullmatch(p) else f'"{p}"' for p in parts)


def _select(with_text: bool, where: list[str]) -> str:
    text_join = (
        "JOIN (SELECT rowid AS row, bm25(find_text) AS rank FROM find_text WHERE find_text MATCH :text) t"
        " ON t.row = x.rowid"
        if with_text
        else ""
    )
    rank = "t.rank" if with_text else "0.0"
    conditions = " AND ".join(["NOT f.is_volume", "x.invalid IS NULL", *where])
    return (
        f"SELECT f.dir, f.stem, f.path, x.summary, {rank} FROM files f "
        f"JOIN finds x ON x.sha = f.sha AND x.made = :made {text_join} WHERE {conditions}"
    )


def _hit(root: str, index: Index, directory: str, stem: str, rel: str, summary: str, rank: float) -> Hit:
    s = json.loads(summary)
    ident = index.display_id(directory, stem)
    return Hit(
        ident, os.path.join(root, rel), s["date"], s["from"], s["to"], s["who"], s["kind"], s["title"], s["where"], rank
    )


def _natural(ident: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", ident.lower())]


_SORT_KEYS: dict[str, Any] = {
    # Ties end with the path: two files of one id (or of one content) list in the same order
    # whatever order the index holds their rows in.
    "date": lambda h: (h.date is None, _date_key(h.date), _natural(h.id), h.path),
    "id": lambda h: (_natural(h.id), h.path),
    "relevance": lambda h: (h.rank, _natural(h.id), h.path),  # bm25: lower is better
}


def _date_key(date: str | None) -> tuple[int, int]:
    return edtf.span(edtf.parse(date)) if date else (0, 0)


# --- comparing words -------------------------------------------------------------------------


# Letters that Unicode does not decompose but readers take for their plain forms: Wałęsa, Łódź,
# Ørsted, Straße, Æthelred. Names and words are compared with these folded (``fold``).
_FOLDS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ı": "i",
     "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th"}
)  # fmt: skip


def fold(text: str) -> str:
    """*text* with the letters of ``_FOLDS`` in their plain forms."""
    return text.translate(_FOLDS)


def normalized(text: str) -> str:
    """Lowercase ASCII-folded words: ``Chou En-lai`` → ``chou en lai``, ``Lodge, Jr.`` → ``lodge jr``."""
    decomposed = unicodedata.normalize("NFKD", fold(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"[^\W_]+", plain))


def _elements(values: Iterable[str | None]) -> str | None:
    """``| national archives | lbj library |``: each value's words between bars, for LIKE and ``matches``."""
    words = [normalized(v) for v in values if v]
    kept = [w for w in words if w]
    return "|" + "|".join(f" {w} " for w in kept) + "|" if kept else None


def _matches(how: str, haystack: str | None, needle: str) -> bool:
    """Whether the words *needle* are found in one element of *haystack*, as *how* says:
    ``element`` the whole element, ``prefix`` its first words, ``words`` a run of its words,
    ``person`` a person's name words in order (``Henry Kissinger`` in ``Henry A. Kissinger``)
    or a run of the words of their role or office."""
    if haystack is None:
        return False
    wanted = needle.split()
    for element in haystack.strip("|").split("|"):
        if how == "person":
            name, _, role = element.partition(";")
            found = _in_order(wanted, name.split()) or f" {needle} " in f" {role.strip()} "
        elif how == "element":
            found = element.strip() == needle
        elif how == "prefix":
            found = f"{element.strip()} ".startswith(f"{needle} ")
        else:
            found = f" {needle} " in element
        if found:
            return True
    return False


def _in_order(wanted: list[str], words: list[str]) -> bool:
    it = iter(words)
    return all(w in it for w in wanted)


def _people(people: Iterable[Person]) -> str | None:
    """``| henry a kissinger ; assistant to the president |``: a person's name words, then the words
    matched as a run (the role; an office's name, which is no name to take words from)."""
    parts = []
    for p in people:
        name, run = ("", f"{p.name} {p.role or ''}") if p.office else (p.name, p.role or "")
        parts.append(f" {normalized(name)} ; {normalized(run)} ")
    return "|" + "|".join(parts) + "|" if parts else None


# --- keeping the rows current ------------------------------------------------------------------


def _read_unproven(found: Store) -> list[str]:
    """Read every document file the index cannot prove unchanged (``_consistent_rows`` makes the
    rows their content lacks); the directories and files that could not be read."""
    index = found.index
    unreadable = [f"{found.root / d}: cannot read the directory (permission denied)" for d in index.unreadable]
    for file in index.unproven():
        try:
            source = found.source(file.path)
        except RecordError as e:
            index.forget_content(file.path)
            unreadable.append(str(e))
            continue
        index.hold(file.path, source.sha)  # a file that did not hold still is searched as read
    return unreadable


def _make_rows(found: Store, rels: list[str], *, again: bool = False) -> list[dict[str, Any]]:
    """Read the files *rels* (relative to the root), afresh if *again*, and keep each content's row."""
    read = found.reread if again else found.source
    sources = []
    for rel in rels:
        try:
            sources.append(read(found.root / rel))
        except RecordError:  # gone or changed into something unreadable since it was listed
            found.index.forget_content(found.root / rel)
    made = workers.map_chunks(
        _rows_of, [(str(s.path), s.data) for s in sources], chunk=200, parallel_above=PARALLEL_ABOVE
    )
    with found.index.transaction():
        for row in made:
            _store_row(found.index.db, row)
    return made


def _store_row(db: sqlite3.Connection, row: dict[str, Any]) -> None:
    """Keep *row*, and its words under the same rowid (``find_text`` rows are found by rowid only)."""
    old = db.execute("SELECT rowid FROM finds WHERE sha = ?", (row["sha"],)).fetchone()
    if old is not None:
        db.execute("DELETE FROM find_text WHERE rowid = ?", old)
        db.execute("DELETE FROM finds WHERE rowid = ?", old)
    names = ["sha", "made", "invalid", *COLUMNS, "summary"]
    cursor = db.execute(
        f"INSERT INTO finds ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", [row.get(n) for n in names]
    )
    if row.get("body"):
        db.execute("INSERT INTO find_text (rowid, body) VALUES (?, ?)", (cursor.lastrowid, row["body"]))


def _rows_of(items: list[tuple[str, bytes]]) -> list[dict[str, Any]]:
    return [row_of(Path(path), data) for path, data in items]


def row_of(path: Path, data: bytes) -> dict[str, Any]:
    """The row a search keeps for one record file's bytes; ``invalid`` says why there is no record."""
    from .digest import hexdigest
    from .models import Record
    from .store import Source, load

    sha = hexdigest(data)
    try:
        record = load(Source(path, data, sha), Record)
    except RecordError as e:
        return {"sha": sha, "made": MADE, "invalid": e.message or "not a valid record", "path": str(path)}
    return {"sha": sha, "made": MADE, "invalid": None, "path": str(path), **_columns(record)}


def _columns(record: Record) -> dict[str, Any]:
    archives = [a for a in (record.archive, *(c.archive for c in record.copies)) if a is not None]
    pub = record.published_in
    date_lo, date_hi = edtf.span(record.parsed_date) if record.parsed_date else (None, None)
    return {
        "date_lo": date_lo,
        "date_hi": date_hi,
        "kind": _elements([record.kind]),
        "volume": pub.volume if pub else None,
        "number": pub.document.lower() if pub and pub.document else None,
        "senders": _people(record.sender),
        "recipients": _people(record.recipient),
        "participants": _people([*record.participants, *record.sender, *record.recipient]),
        "classification": _elements(record.classification),
        "caveats": _elements(record.caveats),
        "repository": _elements(a.repository for a in archives),
        "collection": _elements(v for a in archives for v in (a.collection, a.collection_short, a.record_group)),
        "series": _elements(s for a in archives for s in a.series),
        "box": _elements(a.box for a in archives),
        "folder": _elements(a.folder for a in archives),
        "file_code": _elements(a.file_code for a in archives),
        "summary": json.dumps(_summary(record, archives), ensure_ascii=False),
        "body": _body("\n".join(_searched_text(record, archives))),
    }


def _summary(record: Record, archives: list[Archive]) -> dict[str, Any]:
    return {
        "date": record.date,
        "from": [p.name for p in record.sender],
        "to": [p.name for p in record.recipient],
        "who": _who(record),
        "kind": record.kind,
        "title": record.title or record.document_title,
        "where": _where_kept(archives[0]) if archives else None,
    }


def _who(record: Record) -> str:
    """``Kissinger → Nixon``, or those who met: short names for a list of results."""
    if record.sender or record.recipient:
        return f"{', '.join(p.short_name for p in record.sender)} → {', '.join(p.short_name for p in record.recipient)}"
    people = record.participants
    shown = ", ".join(p.short_name for p in people[:3])
    return f"{shown}, …" if len(people) > 3 else shown


def _where_kept(archive: Archive) -> str:
    """A short location for a list of results: the collection (or repository), last series, box, folder."""
    parts = [
        archive.collection or archive.repository,
        archive.series[-1] if archive.series else None,
        archive.file_code,
        f"box {archive.box}" if archive.box else None,
        f"folder {archive.folder}" if archive.folder else None,
    ]
    return ", ".join(p for p in parts if p)


def _body(text: str) -> str:
    """What FTS5 indexes: the text, and its folded form where that differs (``Łódź`` is found as ``Lodz``)."""
    folded = fold(text)
    return text if folded == text else f"{text}\n{folded}"


def _searched_text(record: Record, archives: list[Archive]) -> Iterable[str]:
    """What TEXT is searched in: the title, the source note, remarks and the archival levels."""
    yield from (t for t in (record.title, record.document_title, record.number, record.source_note) if t)
    yield from record.remarks
    for a in archives:
        yield from (v for v in (a.repository, a.record_group, a.collection, a.file_code, a.box, a.folder) if v)
        yield from a.series
