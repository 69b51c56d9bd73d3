"""Writing records: atomic replacement, and telling imported files from a person's edits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from archcite import recordio, store
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
    for path in RECORDS.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert recordio.dump(data) == yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)


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
