"""Fetching FRUS volumes: the Office of the Historian's TEI, downloaded into the cache, kept whole.

``archcite fetch`` is ``archcite import frus`` without the step of finding the file. A volume is
downloaded from the Office of the Historian's public repository (or a mirror of it) into
``<cache>/frus/``; a local clone of the repository is read where it is. What the cache holds is
always a whole, published TEI volume: a download is streamed to a temporary file beside it and
renamed into place only once it is complete and parses as TEI, so an interrupted one leaves
nothing and the next run starts afresh. A cached volume is asked for again only conditionally (its
ETag and Last-Modified, kept in a JSON file beside it), so an unchanged volume is not downloaded
twice, and when the server cannot be reached the cached copy serves. Only the standard library
speaks HTTP: a dependency for one GET is not worth its weight.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPMessage
from pathlib import Path
from typing import IO, Any

from . import __version__
from .errors import ArchciteError, FetchError, Location, UsageError

DEFAULT_SOURCE = "https://raw.githubusercontent.com/HistoryAtState/frus/master/volumes"
SOURCE_VARIABLE = "ARCHCITE_FRUS_SOURCE"
TIMEOUT = 30  # seconds a server may stay silent before it counts as unreachable
DEADLINE = 3600  # seconds a whole request may take: a server that trickles bytes is given up on
CHUNK = 1 << 16  # bytes read and written at a time: a volume never has to fit in memory to be saved
USER_AGENT = f"archcite/{__version__} (FRUS citation tool; Python urllib)"
IMPORT_HINT = "to import a volume you have, run: archcite import frus FILE.xml"
MAX_SIDECAR = 64 * 1024

# "frus" and a year, then letters and digits in runs joined by single hyphens (frus1969-76v09,
# frus1961-63v10-12mSupp, frus1917Supp01v01, frus1945Berlinv01): no slash, dot or space, so an id
# can name neither another URL nor another file.
_VOLUME = r"frus[0-9]{4}[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*"
VOLUME_ID = re.compile(_VOLUME)
DOCUMENT_ID = re.compile(rf"({_VOLUME})-d[0-9]+[A-Za-z]?")  # frus1969-76v21-d190, …-d278A
MAX_ID = 80

Advance = Callable[[int], None]
# progress(label, total bytes or None) → a context that yields advance(bytes)
Progress = Callable[[str, int | None], AbstractContextManager[Advance]]


@dataclass(frozen=True)
class Wanted:
    """What one id on the command line asks for: a volume, and perhaps one of its documents."""

    volume: str
    document: str | None = None  # the document's full id


@dataclass(frozen=True)
class Source:
    """Where volumes come from: a base URL (http or https), or a local clone of the repository."""

    url: str | None = None
    directory: Path | None = None


@dataclass(frozen=True)
class Fetched:
    """A volume ready to import: its TEI file and how it was got."""

    volume: str
    path: Path
    how: str  # "downloaded", "unchanged" (the server said so), "cached" (server unreachable), "local"
    note: str | None = None  # one line for stderr: the cached copy served instead of the server


@dataclass
class Batch:
    """What one ``archcite fetch`` got: the files to import, what to say, and what failed."""

    files: list[Path]
    notes: list[str]  # one line each for stderr: a cached copy served for an unreachable server
    errors: list[ArchciteError]  # the volumes that could not be fetched, each in one line
    documents: dict[str, Path]  # document ids asked for → the file of their volume


def fetch_all(
    ids: Sequence[str], option: str | None, *, force: bool = False, progress: Progress | None = None
) -> Batch:
    """Each volume the ids name, fetched once however many of its documents are asked for; a
    volume that cannot be fetched is reported and the others are fetched. A bad id or source is
    a UsageError before anything is fetched."""
    wanted = [parse_id(i) for i in ids]
    where = source(option)
    batch = Batch([], [], [], {})
    got: dict[str, Path] = {}
    for volume in dict.fromkeys(w.volume for w in wanted):
        try:
            fetched = fetch(volume, where, force=force, progress=progress)
        except ArchciteError as e:
            batch.errors.append(e)
            continue
        got[volume] = fetched.path
        batch.files.append(fetched.path)
        if fetched.note:
            batch.notes.append(fetched.note)
    batch.documents = {w.document: got[w.volume] for w in wanted if w.document and w.volume in got}
    return batch


def parse_id(text: str) -> Wanted:
    """The volume (and document) *text* names. Anything else is a usage error, not a request: the
    id becomes part of a URL and of a file name."""
    if len(text) <= MAX_ID:
        document = DOCUMENT_ID.fullmatch(text)
        if document:
            return Wanted(document.group(1), text)
        if VOLUME_ID.fullmatch(text):
            return Wanted(text)
    raise UsageError(
        f"not a FRUS volume or document id: {text!r} (ids look like frus1969-76v21 or frus1969-76v21-d190)"
    )


def source(option: str | None) -> Source:
    """``--source``, else ``$ARCHCITE_FRUS_SOURCE``, else the Office of the Historian's repository:
    an http or https URL, or a directory. Nothing else (``file:``, ``ftp:``) is ever opened."""
    text = option if option is not None else os.environ.get(SOURCE_VARIABLE)
    if text is None:
        text = DEFAULT_SOURCE
    elif not text.strip():  # an empty --source "$MIRROR" must not mean the internet
        raise UsageError("the FRUS source is empty: give an http or https URL or a directory")
    try:
        parts = urllib.parse.urlsplit(text)
        _ = parts.port  # a port that is no number raises here, not halfway through a request
    except ValueError:
        parts = None
    if parts is not None and parts.scheme.lower() in ("http", "https") and parts.hostname:
        if "@" in parts.netloc:  # not echoed: it may hold a password
            raise UsageError("the FRUS source must not carry a user name or password")
        if parts.query or parts.fragment or not text.isprintable() or " " in text:
            raise UsageError(f"the FRUS source must be a plain base URL (no query, fragment or spaces): {text!r}")
        return Source(url=text.rstrip("/"))
    if (parts is None or parts.scheme.lower() not in ("http", "https")) and Path(text).is_dir():
        return Source(directory=Path(text))
    raise UsageError(f"the FRUS source must be an http or https URL or a directory: {text!r}")


def cache_folder() -> Path:
    """Where downloaded volumes are kept: a cache, as deleting it only means downloading again."""
    from . import cachedir

    return cachedir.cache_dir() / "frus"


def fetch(volume: str, where: Source, *, force: bool = False, progress: Progress | None = None) -> Fetched:
    """The TEI file of *volume*: downloaded if the cache has none, it changed, or *force*; the cached
    copy if the server says it is unchanged or cannot be reached (and the copy is still whole and
    this volume); from a local clone as it is."""
    if where.directory is not None:
        return _local(volume, where.directory)
    assert where.url is not None
    url = f"{where.url}/{volume}.xml"
    path = cache_folder() / f"{volume}.xml"
    sidecar = path.with_name(f"{volume}.json")
    _remove_stale_parts(path)
    cached = path.is_file() and _still_good(path, volume)
    conditions = _conditions(sidecar, url) if cached and not force else {}
    try:
        with _deadline(url):
            return _request(volume, url, path, sidecar, cached, conditions, progress)
    except _TimedOut:
        raise FetchError(f"{url} took longer than {DEADLINE} seconds; nothing was kept") from None


def _request(
    volume: str,
    url: str,
    path: Path,
    sidecar: Path,
    cached: bool,
    conditions: dict[str, str],
    progress: Progress | None,
) -> Fetched:
    try:
        response = _opener().open(
            urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **conditions}), timeout=TIMEOUT
        )
    except urllib.error.HTTPError as e:
        e.close()
        if e.code == 304 and conditions:  # unchanged since the copy that was checked above
            return Fetched(volume, path, "unchanged")
        if e.code == 404:
            raise FetchError(f"no volume {volume} at {url}") from None
        raise FetchError(f"{url}: the server answered HTTP {e.code} {e.reason}") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
        if not cached:
            raise FetchError(f"cannot reach {url} ({_reason(e)}); {IMPORT_HINT}") from None
        when = time.strftime("%Y-%m-%d", time.localtime(path.stat().st_mtime))
        note = f"cannot reach {url} ({_reason(e)}): using the copy of {volume} cached on {when}"
        return Fetched(volume, path, "cached", note)
    with response:
        with contextlib.suppress(OSError):
            sidecar.unlink(missing_ok=True)  # an old sidecar never vouches for the new file
        _download(response, url, volume, path, progress)
        _remember(sidecar, url, response.headers)
    return Fetched(volume, path, "downloaded")


class _TimedOut(Exception):
    """The deadline of a request passed (raised from the alarm, wherever the request was)."""


@contextmanager
def _deadline(url: str) -> Iterator[None]:
    """At most DEADLINE seconds for what the block does, where the platform has an interval timer
    and this is the main thread (elsewhere the per-read TIMEOUT alone applies)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise _TimedOut(url)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, DEADLINE)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _still_good(path: Path, volume: str) -> bool:
    """Whether the cached copy is still a whole, published TEI file of *volume* (a damaged one is
    downloaded again, unconditionally)."""
    try:
        _check(path, str(path), volume)
    except FetchError:
        return False
    return True


PART_AGE = 600  # seconds: a download writes all the time, so a part file this old is a dead one's


def _remove_stale_parts(path: Path) -> None:
    """Remove the part files of downloads of this volume that were killed (SIGKILL leaves them)."""
    now = time.time()
    for part in path.parent.glob(f".{path.name}.*.part"):
        with contextlib.suppress(OSError):
            if now - part.stat().st_mtime > PART_AGE:
                part.unlink()


def _local(volume: str, directory: Path) -> Fetched:
    """A volume in a clone of the repository (``volumes/ID.xml``) or in a folder of volumes
    (``ID.xml``), checked as a download is and read where it is: it is already a local copy."""
    for path in (directory / "volumes" / f"{volume}.xml", directory / f"{volume}.xml"):
        if path.is_file():
            _check(path, str(path), volume)
            return Fetched(volume, path, "local")
    raise FetchError(f"no volume {volume} in {directory} (neither volumes/{volume}.xml nor {volume}.xml)")


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed (repositories and mirrors move), but to http and https only."""

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            fp.close()
            raise FetchError(f"{req.full_url} redirects to {newurl}: archcite fetches http and https only")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_Redirects)


def _conditions(sidecar: Path, url: str) -> dict[str, str]:
    """The conditional headers for the cached copy of *url*; none if its sidecar is missing,
    damaged, or from another source (then the volume is simply downloaded)."""
    from . import boundedio

    try:
        stored = json.loads(boundedio.read_bytes(sidecar, MAX_SIDECAR, what="cache entry", error=FetchError))
    except (FetchError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("url") != url:
        return {}
    headers = {}
    for key, header in (("etag", "If-None-Match"), ("last_modified", "If-Modified-Since")):
        value = stored.get(key)
        if isinstance(value, str) and re.fullmatch(r"[\x20-\x7e]{1,1000}", value):  # nothing that breaks a header
            headers[header] = value
    return headers


def _remember(sidecar: Path, url: str, headers: Message) -> None:
    """Keep the validators of what was just downloaded (written after the volume, so a sidecar
    never vouches for a file older than itself)."""
    from . import recordio

    stored = {"url": url, "etag": headers.get("ETag"), "last_modified": headers.get("Last-Modified")}
    with contextlib.suppress(recordio.WriteError):  # without it the volume is only asked for in full
        recordio.write_atomic(sidecar, json.dumps(stored, indent=2) + "\n")


def _download(response: Any, url: str, volume: str, path: Path, progress: Progress | None) -> None:
    """Stream *response* to a temporary file beside *path* and rename it into place once it is whole
    and TEI. Anything else (an early end, an error, too many bytes, Ctrl-C) removes the temporary
    file, and the cached copy, if any, stays as it was."""
    from . import recordio
    from .importers import frus_tei

    limit = frus_tei.MAX_BYTES
    length = _content_length(response.headers)
    if length is not None and length > limit:
        raise FetchError(f"{url}: {length:,} bytes, more than the largest FRUS volume archcite imports ({limit:,})")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as e:
        raise FetchError(f"cannot write to the cache: {e.strerror or e}", Location(str(path.parent))) from None
    try:
        with os.fdopen(fd, "wb") as out, (progress or _no_progress)(f"downloading {volume}", length) as advance:
            received = 0
            for chunk in _chunks(response, url):
                received += len(chunk)
                if received > limit:
                    raise FetchError(f"{url}: more than the largest FRUS volume archcite imports ({limit:,} bytes)")
                _write(out, chunk, path)
                advance(len(chunk))
            if length is not None and received < length:
                raise FetchError(
                    f"the download of {url} ended after {received:,} of {length:,} bytes; nothing was kept"
                )
            _write(out, b"", path, sync=True)
        _check(Path(temp), url, volume)
        try:
            os.chmod(temp, recordio.file_mode(path))  # mkstemp makes 0600; a cached volume is any file's
            os.replace(temp, path)
        except OSError as e:
            raise FetchError(f"cannot write to the cache: {e.strerror or e}", Location(str(path))) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _no_progress(label: str, total: int | None) -> AbstractContextManager[Advance]:
    return nullcontext(lambda n: None)


def _chunks(response: Any, url: str) -> Iterator[bytes]:
    """The body in chunks; a connection that breaks is a FetchError, not a traceback."""
    while True:
        try:
            chunk = response.read1(CHUNK)  # what has arrived, up to CHUNK: the bar moves on slow links
        except (OSError, http.client.HTTPException) as e:
            raise FetchError(f"the download of {url} was cut off ({_reason(e)}); nothing was kept") from None
        if not chunk:
            return
        yield chunk


def _write(out: IO[bytes], chunk: bytes, path: Path, *, sync: bool = False) -> None:
    try:
        out.write(chunk)
        if sync:
            out.flush()
            os.fsync(out.fileno())
    except OSError as e:
        raise FetchError(f"cannot write to the cache: {e.strerror or e}", Location(str(path))) from None


def _content_length(headers: Message) -> int | None:
    value = (headers.get("Content-Length") or "").strip()
    return int(value) if re.fullmatch("[0-9]+", value) else None


def _check(path: Path, name: str, volume: str) -> None:
    """Refuse a file that is not a TEI document, or a volume whose TEI says it is not published
    (``revisionDesc/@status``; none said means published): such a file is never cached or imported."""
    from . import boundedio, safexml
    from .importers import frus_tei

    tei = frus_tei.TEI
    data = boundedio.read_bytes(path, frus_tei.MAX_BYTES, what="FRUS volume", error=FetchError, display=name)
    try:
        root = safexml.parse(data, name, FetchError)
    except FetchError as e:
        raise FetchError(f"{name} is not a TEI volume: {e.message}") from None
    if root.tag != f"{tei}TEI":
        raise FetchError(f"{name} is not a TEI volume: its root element is <{safexml.local_name(root)}>")
    found = frus_tei.volume_id(root)
    if found != volume:
        raise FetchError(f"{name} is not {volume}: it is {found or 'no FRUS volume'}")
    revisions = root.find(f"{tei}teiHeader/{tei}revisionDesc")
    status = revisions.get("status") if revisions is not None else None
    if status is not None and status != "published":
        raise FetchError(f"{volume} is not published: its TEI gives the status {status!r} ({name})")


def _reason(e: BaseException) -> str:
    """Why a connection failed, in a few words: "Connection refused", "timed out"."""
    reason: object = e.reason if isinstance(e, urllib.error.URLError) else e
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__
