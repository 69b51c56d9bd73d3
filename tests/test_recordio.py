"""Writing records: atomic replacement, and telling imported files from a person's edits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
