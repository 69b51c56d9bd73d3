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
