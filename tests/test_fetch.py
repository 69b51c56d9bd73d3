"""`archcite fetch`: FRUS volumes downloaded into the cache, kept whole, imported as `import frus` does.

No test touches the internet: a server on 127.0.0.1 serves the excerpt of FRUS 1969–1976, vol. XII
(tests/data) under the volume's name, counts what it is asked, and misbehaves on request.
"""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from archcite import fetching
from archcite.cli import main
from archcite.errors import UsageError
from conftest import ROOT

VOLUME = "frus1969-76v12"
TEI = (ROOT / "tests" / "data" / "frus1969-76v12-excerpt.xml").read_bytes()


@dataclass
class Served:
    """What the test server holds and how it answers, and every request it was sent."""

    files: dict[str, bytes] = field(default_factory=lambda: {f"{VOLUME}.xml": TEI})
    etag: str | None = '"v1"'
    last_modified: str | None = "Tue, 01 Oct 2024 12:00:00 GMT"
    mode: str = "normal"  # normal, truncated (fewer bytes than Content-Length), no-length, error, always-304
    redirects: dict[str, str] = field(default_factory=dict)
    requests: list[dict[str, str]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    url: str = ""

    def full_responses(self) -> int:
        return self.statuses.count(200)


def _handler(served: Served) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served.requests.append(dict(self.headers.items()))
            name = self.path.lstrip("/")
            if name in served.redirects:
                return self._answer(301, headers={"Location": served.redirects[name]})
            if served.mode == "error":
                return self._answer(500)
            if served.mode == "always-304":
                return self._answer(304)
            body = served.files.get(name.removeprefix("moved/"))
            if body is None:
                return self._answer(404, b"<html><body>Not Found</body></html>")
            if served.etag and self.headers.get("If-None-Match") == served.etag:
                return self._answer(304)
            headers = {"ETag": served.etag, "Last-Modified": served.last_modified}
            self._answer(200, body, headers={k: v for k, v in headers.items() if v})

        def _answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            served.statuses.append(status)
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            if served.mode != "no-length" or status != 200:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2] if served.mode == "truncated" and status == 200 else body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class _Server(HTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up early is what some tests are about


@pytest.fixture
def served() -> Iterator[Served]:
    state = Served()
    server = _Server(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of the test's own, and nothing from the environment deciding where volumes come from."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("ARCHCITE_CACHE", str(directory))
    monkeypatch.delenv("ARCHCITE_FRUS_SOURCE", raising=False)
    monkeypatch.delenv("ARCHCITE_RECORDS", raising=False)
    monkeypatch.setenv("no_proxy", "*")  # 127.0.0.1 is never reached through a proxy
    monkeypatch.chdir(tmp_path)  # a fetch without --into writes ./records: the test's own
    return directory


def fetch(*args: str, into: Path | None = None) -> tuple[int, str, str]:
    extra = ["--into", str(into)] if into is not None else []
    result = CliRunner().invoke(main, ["fetch", *args, *extra])
    return result.exit_code, result.stdout, result.stderr


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def cached_files(cache: Path) -> list[str]:
    folder = cache / "frus"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_fetch_imports_as_import_frus_does_and_cite_works(served: Served, cache: Path, tmp_path: Path) -> None:
    """The volume is downloaded into the cache, imported, and prints what `import frus` prints for the
    same file; the records it writes are cited."""
    code, out, err = fetch(VOLUME, "--source", served.url, into=tmp_path / "r")
    assert (code, err) == (0, "")
    assert cached_files(cache) == [f"{VOLUME}.json", f"{VOLUME}.xml"]
    assert (cache / "frus" / f"{VOLUME}.xml").read_bytes() == TEI
    assert served.requests[0]["User-Agent"].startswith("archcite/")
    same = tmp_path / "same" / f"{VOLUME}.xml"
    same.parent.mkdir()
    same.write_bytes(TEI)
    assert cli("import", "frus", str(same), "--into", str(tmp_path / "r2")) == (0, out, "")
    assert sorted(p.name for p in (tmp_path / "r" / VOLUME).iterdir()) == [
        "d23.yaml",
        "d24.yaml",
        "d34.yaml",
        "volume.yaml",
    ]
    code, cited, _ = cli("cite", f"{VOLUME}-d23", "--records", str(tmp_path / "r"))
    assert code == 0
    assert cited.startswith("Henry A. Kissinger to Richard M. Nixon, memorandum, Washington, March 6, 1969")


def test_document_id_prints_its_citation(served: Served, cache: Path, tmp_path: Path) -> None:
    """`fetch VOLUME-dN` prints the import's summary, then exactly what `cite VOLUME-dN --records INTO` prints."""
    code, out, err = fetch(f"{VOLUME}-d24", "--source", served.url, into=tmp_path / "r")
    assert (code, err) == (0, "")
    code, summary, _ = fetch(VOLUME, "--source", served.url, into=tmp_path / "again")
    assert code == 0
    code, cited, _ = cli("cite", f"{VOLUME}-d24", "--records", str(tmp_path / "r"))
    assert code == 0
    assert cited
    assert out == summary + cited


def test_the_env_variable_names_the_source(
    served: Served, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARCHCITE_FRUS_SOURCE", served.url + "/")
    assert fetch(VOLUME, into=tmp_path / "r")[0] == 0
    assert served.full_responses() == 1


def test_into_defaults_as_import_does(
    served: Served, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARCHCITE_RECORDS", str(tmp_path / "env-records"))
    assert fetch(VOLUME, "--source", served.url)[0] == 0
    assert (tmp_path / "env-records" / VOLUME / "d23.yaml").is_file()


def test_unchanged_volume_is_not_downloaded_again(served: Served, cache: Path, tmp_path: Path) -> None:
    """The second fetch asks with the cached copy's ETag and Last-Modified; the server's 304 means the cache."""
    assert fetch(VOLUME, "--source", served.url, into=tmp_path / "r")[0] == 0
    code, out, err = fetch(VOLUME, "--source", served.url, into=tmp_path / "r")
    assert (code, err) == (0, "")
    assert "0 records written, 4 unchanged" in out
    assert served.statuses == [200, 304]
    assert served.requests[1]["If-None-Match"] == '"v1"'
    assert served.requests[1]["If-Modified-Since"] == "Tue, 01 Oct 2024 12:00:00 GMT"


def test_force_downloads_again(served: Served, cache: Path, tmp_path: Path) -> None:
    assert fetch(VOLUME, "--source", served.url, into=tmp_path / "r")[0] == 0
    assert fetch(VOLUME, "--source", served.url, "--force", into=tmp_path / "r")[0] == 0
    assert served.statuses == [200, 200]
    assert "If-None-Match" not in served.requests[1]


def test_a_changed_volume_is_downloaded_again(served: Served, cache: Path, tmp_path: Path) -> None:
    assert fetch(VOLUME, "--source", served.url, into=tmp_path / "r")[0] == 0
    revised = TEI + b"<!-- revised -->\n"
    served.files[f"{VOLUME}.xml"], served.etag = revised, '"v2"'
    assert fetch(VOLUME, "--source", served.url, into=tmp_path / "r")[0] == 0
    assert served.statuses == [200, 200]
    assert (cache / "frus" / f"{VOLUME}.xml").read_bytes() == revised
    assert fetch(VOLUME, "--source", served.url, into=tmp_path / "r")[0] == 0
    assert served.requests[2]["If-None-Match"] == '"v2"'
    assert served.statuses[2] == 304


def test_redirects_are_followed(served: Served, cache: Path, tmp_path: Path) -> None:
    served.redirects[f"{VOLUME}.xml"] = f"{served.url}/moved/{VOLUME}.xml"
    assert fetch(VOLUME, "--source", served.url, into=tmp_path / "r")[0] == 0
    assert served.statuses == [301, 200]


def test_no_such_volume(served: Served, cache: Path, tmp_path: Path) -> None:
    code, out, err = fetch("frus1999v01", "--source", served.url, into=tmp_path / "r")
    assert (code, out) == (1, "")
    assert err == f"archcite: no volume frus1999v01 at {served.url}/frus1999v01.xml\n"
    assert cached_files(cache) == []
    assert not (tmp_path / "r").exists()


def test_other_http_errors(served: Served, cache: Path, tmp_path: Path) -> None:
    served.mode = "error"
    code, out, err = fetch(VOLUME, "--source", served.url, into=tmp_path / "r")
    assert (code, out) == (1, "")
    assert err == f"archcite: {served.url}/{VOLUME}.xml: the server answered HTTP 500 Internal Server Error\n"


def closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_unreachable_without_a_cached_copy(cache: Path, tmp_path: Path) -> None:
    """Nothing to fall back on: one line that says so, and how to import a file one has."""
    url = closed_port()
    code, out, err = fetch(VOLUME, "--source", url, into=tmp_path / "r")
    assert (code, out) == (1, "")
    assert err.startswith(f"archcite: cannot reach {url}/{VOLUME}.xml (")
    assert err.endswith("to import a volume you have, run: archcite import frus FILE.xml\n")
    assert err.count("\n") == 1


def test_unreachable_with_a_cached_copy(served: Served, cache: Path, tmp_path: Path) -> None:
    assert fetch(VOLUME, "--source", served.url, into=tmp_path / "r")[0] == 0
    url = closed_port()
    code, out, err = fetch(f"{VOLUME}-d23", "--source", url, into=tmp_path / "r")
    assert code == 0
    assert err.startswith(f"archcite: cannot reach {url}/{VOLUME}.xml (")
    assert f"using the copy of {VOLUME} cached on " in err
    assert err.count("\n") == 1
    assert "4 unchanged" in out
    assert out.endswith(cli("cite", f"{VOLUME}-d23", "--records", str(tmp_path / "r"))[1])


def test_html_is_not_a_volume(served: Served, cache: Path, tmp_path: Path) -> None:
    served.files[f"{VOLUME}.xml"] = b"<!DOCTYPE html>\n<html><head><title>Moved</title></head><body></body></html>\n"
    code, out, err = fetch(VOLUME, "--source", served.url, into=tmp_path / "r")
    assert (code, out) == (1, "")
    assert err == f"archcite: {served.url}/{VOLUME}.xml is not a TEI volume: its root element is <html>\n"
    assert cached_files(cache) == []


def test_not_xml_is_not_a_volume(served: Served, cache: Path, tmp_path: Path) -> None:
    served.files[f"{VOLUME}.xml"] = b"<html><body><p>unclosed</body></html>"
    code, _, err = fetch(VOLUME, "--source", served.url, into=tmp_path / "r")
    assert code == 1
    assert err.startswith(f"archcite: {served.url}/{VOLUME}.xml is not a TEI volume: ")
    assert cached_files(cache) == []


def test_an_unpublished_volume_is_refused(served: Served, cache: Path, tmp_path: Path) -> None:
    served.files[f"{VOLUME}.xml"] = TEI.replace(b"<revisionDesc>", b'<revisionDesc status="being-researched">', 1)
    code, out, err = fetch(VOLUME, "--source", served.url, into=tmp_path / "r")
    assert (code, out) == (1, "")
    assert err == (
        f"archcite: {VOLUME} is not published: its TEI gives the status 'being-researched' "
        f"({served.url}/{VOLUME}.xml)\n"
    )
    assert cached_files(cache) == []
    assert not (tmp_path / "r").exists()


def test_a_published_status_is_accepted(served: Served, cache: Path, tmp_path: Path) -> None:
    served.files[f"{VOLUME}.xml"] = TEI.replace(b"<revisionDesc>", b'<revisionDesc status="published">', 1)
    assert fetch(VOLUME, "--source", served.url, into=tmp_path / "r")[0] == 0


@pytest.mark.parametrize("mode", ["normal", "no-length"])
def test_over_the_size_limit(
    mode: str, served: Served, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused from the Content-Length before reading, or once the bytes read pass the limit."""
    from archcite.importers import frus_tei

    monkeypatch.setattr(frus_tei, "MAX_BYTES", 5000)
    served.mode = mode
    code, out, err = fetch(VOLUME, "--source", served.url, into=tmp_path / "r")
    assert (code, out) == (1, "")
    assert "more than the largest FRUS volume archcite imports (5,000" in err
    assert (f"{VOLUME}.xml: {len(TEI):,} bytes, more than" in err) == (mode == "normal")  # told before reading
    assert err.count("\n") == 1
    assert cached_files(cache) == []


def test_an_interrupted_download_leaves_nothing(served: Served, cache: Path, tmp_path: Path) -> None:
    """A server that closes before Content-Length is reached: no file, half or whole; the next fetch
    downloads from scratch."""
    served.mode = "truncated"
    code, out, err = fetch(VOLUME, "--source", served.url, into=tmp_path / "r")
    assert (code, out) == (1, "")
    assert err == (
        f"archcite: the download of {served.url}/{VOLUME}.xml ended after {len(TEI) // 2:,} of {len(TEI):,} "
        "bytes; nothing was kept\n"
    )
    assert cached_files(cache) == []
    served.mode = "normal"
    assert fetch(VOLUME, "--source", served.url, into=tmp_path / "r")[0] == 0
    assert "If-None-Match" not in served.requests[1]
    assert (cache / "frus" / f"{VOLUME}.xml").read_bytes() == TEI


def test_a_truncated_body_without_length_is_not_kept(served: Served, cache: Path, tmp_path: Path) -> None:
    """With no Content-Length to count against, the parse finds the end missing."""
    served.mode = "no-length"
    served.files[f"{VOLUME}.xml"] = TEI[: len(TEI) // 2]
    assert fetch(VOLUME, "--source", served.url, into=tmp_path / "r")[0] == 1
    assert cached_files(cache) == []


def test_ctrl_c_while_downloading_removes_the_partial_file(
    served: Served, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetching, "CHUNK", 1024)

    class Stop:
        def __init__(self, label: str, total: int | None) -> None:
            pass

        def __enter__(self) -> Any:
            def advance(n: int) -> None:
                raise KeyboardInterrupt

            return advance

        def __exit__(self, *exc: object) -> None:
            pass

    with pytest.raises(KeyboardInterrupt):
        fetching.fetch(VOLUME, fetching.source(served.url), progress=Stop)
    assert cached_files(cache) == []


@pytest.mark.parametrize(
    "ident",
    [
        "../frus1969-76v12",
        "frus1969-76v12/../x",
        "frus1969-76v12.xml",
        "frus1969 76v12",
        "frus69-76v12",
        "frus..",
        "v12",
        "frus1969-76v12-",
        "frus1969--76v12",
        "https://example.org/frus1969-76v12",
        "frus1969-76v12\x1b[31m",
    ],
)
def test_a_bad_id_is_a_usage_error(ident: str, served: Served, cache: Path, tmp_path: Path) -> None:
    code, out, err = fetch(ident, "--source", served.url, into=tmp_path / "r")
    assert (code, out) == (2, "")
    assert err.startswith("archcite: not a FRUS volume or document id: ")
    assert "\x1b" not in err
    assert served.requests == []


@pytest.mark.parametrize(
    ("ident", "volume"),
    [
        ("frus1969-76v09", "frus1969-76v09"),
        ("frus1961-63v10-12mSupp", "frus1961-63v10-12mSupp"),
        ("frus1969-76ve05p1", "frus1969-76ve05p1"),
        ("frus1917Supp01v01", "frus1917Supp01v01"),
        ("frus1950v07", "frus1950v07"),
        ("frus1945Berlinv01", "frus1945Berlinv01"),
        ("frus1952-54v02p1", "frus1952-54v02p1"),
        ("frus1952-54Guat", "frus1952-54Guat"),
        ("frus1969-76v21-d190", "frus1969-76v21"),
        ("frus1969-76v21-d278A", "frus1969-76v21"),
        ("frus1961-63v10-12mSupp-d5", "frus1961-63v10-12mSupp"),
    ],
)
def test_volume_and_document_ids(ident: str, volume: str) -> None:
    wanted = fetching.parse_id(ident)
    assert wanted.volume == volume
    assert wanted.document == (ident if ident != volume else None)


def test_a_source_that_is_neither_url_nor_directory(cache: Path, tmp_path: Path) -> None:
    for source in ("ftp://example.org/volumes", "file:///volumes", str(tmp_path / "missing")):
        code, out, err = fetch(VOLUME, "--source", source, into=tmp_path / "r")
        assert (code, out) == (2, "")
        assert err == f"archcite: the FRUS source must be an http or https URL or a directory: {source!r}\n"
    with pytest.raises(UsageError):
        fetching.source("http://127.0.0.1:port/")


@pytest.mark.parametrize("inside", ["volumes", ""])
def test_a_local_clone(inside: str, cache: Path, tmp_path: Path) -> None:
    """A clone of the repository (volumes/ID.xml) or a folder of volumes (ID.xml) is read where it is."""
    clone = tmp_path / "clone"
    (clone / inside).mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tests" / "data" / "frus1969-76v12-excerpt.xml", clone / inside / f"{VOLUME}.xml")
    code, out, err = fetch(f"{VOLUME}-d34", "--source", str(clone), into=tmp_path / "r")
    assert (code, err) == (0, "")
    assert out.startswith(f"{VOLUME} ({VOLUME}.xml): 3 documents, 4 records written")
    assert out.endswith(cli("cite", f"{VOLUME}-d34", "--records", str(tmp_path / "r"))[1])
    assert cached_files(cache) == []
    code, _, err = fetch("frus1999v01", "--source", str(clone), into=tmp_path / "r")
    assert code == 1
    assert err.startswith(f"archcite: no volume frus1999v01 in {clone} ")


def test_several_volumes_one_missing(served: Served, cache: Path, tmp_path: Path) -> None:
    """The volumes that can be fetched are imported; each one that cannot is one line; exit 1."""
    code, out, err = fetch(VOLUME, "frus1999v01", f"{VOLUME}-d23", "--source", served.url, into=tmp_path / "r")
    assert code == 1
    assert err == f"archcite: no volume frus1999v01 at {served.url}/frus1999v01.xml\n"
    assert out.startswith(f"{VOLUME} ({VOLUME}.xml): 3 documents, 4 records written")
    assert out.endswith(cli("cite", f"{VOLUME}-d23", "--records", str(tmp_path / "r"))[1])
    assert served.full_responses() == 1


# --- what a review found: each a test that failed before -------------------------------------------

OTHER = (ROOT / "tests" / "data" / "frus1952-54Guat-excerpt.xml").read_bytes()


def test_a_file_that_is_another_volume_is_refused_and_not_cached(served: Served, cache: Path, tmp_path: Path) -> None:
    served.files[f"{VOLUME}.xml"] = OTHER
    code, _, err = fetch(VOLUME, "--source", served.url, into=tmp_path / "r")
    assert code == 1
    assert f"is not {VOLUME}: it is frus1952-54Guat" in err
    assert not (cache / "frus" / f"{VOLUME}.xml").exists()
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("damage", [b"<TEI", b"<html>stale</html>", OTHER])
def test_a_damaged_cached_copy_is_downloaded_again_whatever_the_server_says(
    served: Served, cache: Path, tmp_path: Path, damage: bytes
) -> None:
    assert fetch(VOLUME, "--source", served.url, into=tmp_path / "r")[0] == 0
    (cache / "frus" / f"{VOLUME}.xml").write_bytes(damage)
    code, _, err = fetch(VOLUME, "--source", served.url, into=tmp_path / "r")
    assert (code, err) == (0, "")
    assert "If-None-Match" not in served.requests[-1]  # asked for in full: the copy was no good
    assert (cache / "frus" / f"{VOLUME}.xml").read_bytes() == TEI


@pytest.mark.parametrize("case", ["forced", "damaged"])
def test_a_304_counts_only_as_the_answer_to_a_conditional_request(
    served: Served, cache: Path, tmp_path: Path, case: str
) -> None:
    assert fetch(VOLUME, "--source", served.url, into=tmp_path / "r")[0] == 0
    served.mode = "always-304"
    if case == "damaged":
        (cache / "frus" / f"{VOLUME}.xml").write_bytes(b"<html>stale</html>")
    code, _, err = fetch(
        VOLUME, *(["--force"] if case == "forced" else []), "--source", served.url, into=tmp_path / "r"
    )
    assert code == 1
    assert "HTTP 304" in err


def test_a_cache_that_cannot_take_the_file_is_one_line(served: Served, cache: Path, tmp_path: Path) -> None:
    (cache / "frus" / f"{VOLUME}.xml" / "x").mkdir(parents=True)
    code, _, err = fetch(VOLUME, "--source", served.url, into=tmp_path / "r")
    assert code == 1
    assert err.startswith("archcite: ")
    assert "cannot write to the cache" in err
    assert err.count("\n") == 1
    assert not list((cache / "frus").glob(".*.part"))


def test_a_sidecar_that_cannot_be_written_does_not_stop_the_import(served: Served, cache: Path, tmp_path: Path) -> None:
    (cache / "frus" / f"{VOLUME}.json" / "x").mkdir(parents=True)
    code, out, _ = fetch(VOLUME, "--source", served.url, into=tmp_path / "r")
    assert code == 0
    assert "records written" in out


def test_part_files_of_killed_downloads_are_removed(served: Served, cache: Path, tmp_path: Path) -> None:
    import os

    folder = cache / "frus"
    folder.mkdir(parents=True)
    dead = folder / f".{VOLUME}.xml.abc123.part"
    dead.write_bytes(b"half")
    os.utime(dead, (1e9, 1e9))
    live = folder / f".{VOLUME}.xml.def456.part"  # another fetch's, still being written
    live.write_bytes(b"half")
    assert fetch(VOLUME, "--source", served.url, into=tmp_path / "r")[0] == 0
    assert not dead.exists()
    assert live.exists()


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("", "empty"),
        ("http://127.0.0.1:1/ok/#frag", "plain base URL"),
        ("http://127.0.0.1:1/ok/?q=", "plain base URL"),
        ("http://127.0.0.1:1/ok/  x", "plain base URL"),
        ("http://user:secret@127.0.0.1:1/", "user name or password"),
    ],
)
def test_a_source_that_is_not_a_plain_base_url_is_a_usage_error(
    cache: Path, tmp_path: Path, source: str, words: str
) -> None:
    code, _, err = fetch(VOLUME, "--source", source, into=tmp_path / "r")
    assert code == 2
    assert words in err
    assert "secret" not in err


def test_into_a_file_is_refused_before_anything_is_downloaded(served: Served, cache: Path, tmp_path: Path) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("", encoding="utf-8")
    code, _, err = fetch(VOLUME, "--source", served.url, into=not_a_directory)
    assert code == 2
    assert "--into must be a directory" in err
    assert served.requests == []


def test_a_server_that_trickles_is_given_up_on(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each read has its timeout, and the whole request a deadline: a byte every 0.2 s never ends otherwise."""
    import time

    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def trickle() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n" * 100:
                if stop.is_set():
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.2)

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    monkeypatch.setattr(fetching, "DEADLINE", 1)
    started = time.monotonic()
    code, _, err = fetch(VOLUME, "--source", f"http://127.0.0.1:{listener.getsockname()[1]}", into=tmp_path / "r")
    stop.set()
    listener.close()
    assert code == 1
    assert "took longer than 1 seconds" in err
    assert time.monotonic() - started < 10
    assert not list((cache / "frus").glob(".*.part"))


def test_a_cached_volume_has_the_mode_any_file_gets(served: Served, cache: Path, tmp_path: Path) -> None:
    import os

    umask = os.umask(0o022)
    try:
        assert fetch(VOLUME, "--source", served.url, into=tmp_path / "r")[0] == 0
    finally:
        os.umask(umask)
    assert (cache / "frus" / f"{VOLUME}.xml").stat().st_mode & 0o777 == 0o644
