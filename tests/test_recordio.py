"""Writing records: atomic replacement, and telling imported files from a person's edits."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from archcite import recordio, store, yamlwrite
from archcite.models import Record
from conftest import RECORDS


def test_yaml_round_trips_a_record() -> None:
    """A record written as YAML reads back equal, its text unchanged."""
    record = store.load_file(RECORDS / "frus1969-76v09" / "d120.yaml", Record)
    text = recordio.to_yaml(record)
    assert "box: '857'" in text
    assert "date: '1972-11-23'" in text
    from archcite.yamlfile import parse_yaml

    assert Record.model_validate(parse_yaml(text, "x").data) == record


def test_header_knows_an_unedited_file() -> None:
    """An imported file is unedited until its body changes; a file without the header is a person's."""
    text = recordio.with_header("id: a\nkind: letter\n", "v.xml")
    assert recordio.unedited(text)
    assert not recordio.unedited(text.replace("letter", "memorandum"))
    assert not recordio.unedited("id: a\nkind: letter\n")


def test_atomic_write_replaces(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "r.yaml"
    recordio.write_atomic(path, "one\n")
    recordio.write_atomic(path, "two\n")
    assert path.read_text() == "two\n"
    assert [p.name for p in path.parent.iterdir()] == ["r.yaml"]


def test_a_new_file_has_the_umasks_mode_and_a_replaced_one_keeps_its_own(tmp_path: Path) -> None:
    new, kept = tmp_path / "new" / "d1.yaml", tmp_path / "d2.yaml"
    kept.write_text("old\n")
    kept.chmod(0o640)
    previous = os.umask(0o027)
    try:
        recordio.write_atomic(new, "one\n")  # its directory is made too
        recordio.write_atomic(kept, "two\n")
    finally:
        os.umask(previous)
    assert new.stat().st_mode & 0o777 == 0o640
    assert kept.stat().st_mode & 0o777 == 0o640
    kept.chmod(0o604)
    recordio.write_atomic(kept, "three\n")
    assert kept.stat().st_mode & 0o777 == 0o604
    assert kept.read_text() == "three\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["d1.yaml", "d2.yaml", "new"]


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails half-way (a full disk) leaves the old file whole and no temporary file."""
    path = tmp_path / "r.yaml"
    path.write_text("old\n")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(recordio.WriteError) as error:
        recordio.write_atomic(path, "new\n" * 1000)
    assert str(error.value) == f"{path}: cannot write: No space left on device; the file is unchanged"
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]


# --- the emitter: libyaml's where it writes what PyYAML's writes --------------------------------

_FIELDS = st.from_regex(r"[a-z_]{1,12}", fullmatch=True)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_FIELDS, children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=1000, deadline=None)
@given(st.dictionaries(_FIELDS | st.text(max_size=8), _VALUES, max_size=6))
def test_records_are_written_the_same_with_or_without_libyaml(data: dict[str, object]) -> None:
    """The bytes of a record file never depend on which YAML emitter the machine has."""
    reference = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)
    assert recordio.dump(data) == reference


def test_the_bundled_records_are_written_as_pyyaml_writes_them() -> None:
    from archcite.yamlfile import read_yaml

    for path in RECORDS.rglob("*.yaml"):
        data = read_yaml(path).data  # dates as the text they are, as a record holds them
        reference = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)
        assert recordio.dump(data) == reference
        assert yamlwrite.block(data) == reference, path  # written directly, not left to PyYAML


# Text made of what decides a scalar's style: indicators, spaces, quotes, digits and the letters
# YAML 1.1 reads as booleans and nulls; whole words it resolves; and, now and then, what makes
# ``yamlwrite`` leave the data to PyYAML (a float, a character PyYAML escapes).
_TRICKY = st.text(alphabet=" -?:#,[]{}&*!|>'\"%@`.+_0123456789eExXyYnNtTfFoO~<=/aé“")
_RESOLVED = st.sampled_from(
    [
        "",
        "no",
        "On",
        "yes",
        "null",
        "~",
        "1972-11-23",
        "1972-11-23 10:00",
        "12:30",
        "0x1F",
        "0o17",
        "017",
        "1_000",
        "1e3",
        ".inf",
        "-.NaN",
        "=",
        "<<",
        "---",
        "...",
        "- x",
        "-x",
        "?x",
        ": x",
        ":x",
        "a: b",
        "a #b",
        "a#b",
        "a:",
    ]
)
_LEFT_TO_PYYAML = st.sampled_from([1.5, "a\tb", "a\nb", "\x85", "a\u2028", "\ufeff", "\U0001f600", "x" * 50_001])
_TRICKY_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | _TRICKY | _RESOLVED | _LEFT_TO_PYYAML,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_FIELDS, children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=2000, deadline=None)
@given(st.dictionaries(_FIELDS, _TRICKY_VALUES, max_size=5))
def test_what_archcite_writes_directly_is_what_pyyaml_writes(data: dict[str, object]) -> None:
    """Whatever ``yamlwrite`` writes itself (it leaves some data to PyYAML) is byte for byte PyYAML's."""
    written = yamlwrite.block(data)
    if written is not None:
        assert written == yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)


def test_text_that_starts_with_a_letter_resolves_only_as_a_short_word() -> None:
    """What ``yamlwrite`` takes for granted of PyYAML's resolver: text starting with a letter is
    read as something else only if it is one of a few words of at most five letters."""
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
        if first is None or not first.isalpha():
            continue
        for tag, pattern in resolvers:
            assert tag in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"), (first, tag)
            words = re.findall(r"[A-Za-z]+", pattern.pattern)
            assert words, pattern.pattern
            assert all(len(w) <= 5 for w in words), pattern.pattern
            assert all(pattern.match(w) for w in words)
            assert not pattern.match(words[0] + "s")


@pytest.mark.parametrize("key", ["no", "on", "null", "true", "y", "Key", "a b", "", "x" * 65, "é"])
@pytest.mark.parametrize("nested", [False, True])
def test_keys_are_written_as_pyyaml_writes_them(key: str, nested: bool) -> None:
    """Only a field name that PyYAML writes plain is written directly; every other key is PyYAML's."""
    data: dict[str, object] = {"id": {key: "v"}} if nested else {key: "v", "id": 1}
    written = yamlwrite.block(data)
    assert (written is not None) == (key == "y")
    assert recordio.dump(data) == yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)
    if written is not None:
        assert written == recordio.dump(data)


def test_a_record_read_from_tei_is_written_directly() -> None:
    """The data of an imported record is in what ``yamlwrite`` writes itself: the fast path is used."""
    from archcite.importers.frus_tei import read_volume

    volume = read_volume(Path(__file__).parent / "data" / "frus1969-76v12-excerpt.xml", None)
    for doc in volume.documents:
        data = doc.record.model_dump(by_alias=True, exclude_defaults=True, mode="json")
        assert yamlwrite.block(data) == yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)


def _listing(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.mark.parametrize("syncfs", [True, False], ids=["syncfs", "fsync-each"])
def test_a_batch_is_durable_before_any_file_is_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, syncfs: bool
) -> None:
    """In a batch every file waits in its temporary file; at the end all are synced (by one sync
    of the file system, or file by file where that cannot be done), then renamed in order."""
    synced: list[str] = []
    renamed: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    def replace(source: str, target: str | Path) -> None:
        if syncfs:  # one sync of the file system, and no file by itself
            assert synced == ["the file system"]
        else:  # every file synced before the first rename
            assert len(synced) >= 3
        renamed.append(Path(target).name)
        real_replace(source, target)

    real_syncfs = recordio._syncfs

    def file_system(path: str) -> bool:
        synced.append("the file system")
        return real_syncfs(path)

    monkeypatch.setattr(recordio.os, "fsync", fsync)
    monkeypatch.setattr(recordio.os, "replace", replace)
    monkeypatch.setattr(recordio, "_syncfs", file_system if syncfs else lambda path: False)
    (tmp_path / "b.yaml").write_text("old\n")
    with recordio.batch():
        for name in ("c.yaml", "b.yaml", "a.yaml"):
            recordio.write_atomic(tmp_path / name, f"{name}\n")
        assert _listing(tmp_path)["b.yaml"] == b"old\n"  # nothing is in place before the end
        assert not renamed
    assert renamed == ["c.yaml", "b.yaml", "a.yaml"]
    assert _listing(tmp_path) == {n: f"{n}\n".encode() for n in ("a.yaml", "b.yaml", "c.yaml")}


def test_a_batch_ended_by_an_error_changes_no_file(tmp_path: Path) -> None:
    """An exception (an error, Ctrl-C) inside a batch: every file as it was, no temporary file left."""
    (tmp_path / "b.yaml").write_text("old\n")

    def interrupted() -> None:
        with recordio.batch():
            recordio.write_atomic(tmp_path / "a.yaml", "new\n")
            recordio.write_atomic(tmp_path / "b.yaml", "new\n")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert _listing(tmp_path) == {"b.yaml": b"old\n"}


@pytest.mark.parametrize("failure", ["error inside", "sync fails"])
def test_a_failed_batch_leaves_no_directory_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    """Directories made for a batch's files are removed with them when it fails; one that holds
    anything else stays."""
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "mine.txt").write_text("mine\n")

    def full_disk(temps: list[str]) -> None:
        raise OSError(28, "No space left on device")

    if failure == "sync fails":
        monkeypatch.setattr(recordio, "_make_durable", full_disk)

    def two_files() -> None:
        with recordio.batch():
            recordio.write_atomic(tmp_path / "new" / "deeper" / "a.yaml", "a\n")
            recordio.write_atomic(tmp_path / "kept" / "b.yaml", "b\n")
            if failure == "error inside":
                raise KeyboardInterrupt

    with pytest.raises((recordio.WriteError, KeyboardInterrupt)):
        two_files()
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == ["kept", "kept/mine.txt"]


def test_a_file_that_cannot_be_renamed_ends_the_batch_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename that fails (a directory is where the file goes) is a WriteError naming it: the
    files before it are in place, and their directory synced, none after it is, and no
    temporary file is left."""
    synced: list[Path] = []
    monkeypatch.setattr(recordio, "_fsync_directory", synced.append)
    (tmp_path / "b.yaml").mkdir()

    def three() -> None:
        with recordio.batch():
            for name in ("a.yaml", "b.yaml", "c.yaml"):
                recordio.write_atomic(tmp_path / name, f"{name}\n")

    with pytest.raises(recordio.WriteError) as failed:
        three()
    assert "b.yaml" in str(failed.value.location)
    assert synced == [tmp_path]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]
    assert (tmp_path / "a.yaml").read_text() == "a.yaml\n"
