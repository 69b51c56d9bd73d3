"""Fuzzing the CSL-JSON importer: ``importers.csl_json.read_items`` then ``to_models``.

Inputs: any JSON (Hypothesis' recursive JSON, with CSL's own field names as keys most of the time),
the items ``archcite export --all`` writes for the bundled records mutated field by field (the
whole record each carries in its note included), and JSON text mutated as bytes (truncated, deeply
nested, huge numbers, NaN, invalid UTF-8). The result is records and volumes that are valid
models, written as ``import csl-json`` writes them and read back as ``validate`` reads them, or a
one-line ``ArchciteError``.
"""

from __future__ import annotations

import functools
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from archcite.cli import main
from archcite.exporters.csl_json import RECORD_LINE, VOLUME_LINE
from archcite.importers.csl_json import read_items, to_models
from archcite.models import Record, Volume
from archcite.recordio import to_yaml
from archcite.store import validated as validation_problems
from archcite.yamlfile import parse_yaml

from .conftest import (
    KnownBug,
    fuzz_settings,
    garbage_text,
    note_event,
    outcome,
)

ROOT = Path(__file__).resolve().parents[2]

# --- bugs found and not fixed yet: none. A new one gets a KnownBug here and an xfail(strict=True)
# test with its minimal input below; the fixed ones are the regression tests at the end. ---------

KNOWN: tuple[KnownBug, ...] = ()

# --- strategies ----------------------------------------------------------------------------------

CSL_KEYS = [
    "id",
    "type",
    "genre",
    "title",
    "number",
    "note",
    "URL",
    "page",
    "issued",
    "original-date",
    "accessed",
    "author",
    "recipient",
    "editor",
    "container-title",
    "event-place",
    "archive",
    "archive-place",
    "archive_place",
    "archive_collection",
    "archive_location",
    "call-number",
    "items",
    "date-parts",
    "raw",
    "literal",
    "circa",
    "given",
    "family",
]
STRINGS = [
    "",
    " ",
    "x",
    "a\nb",
    "\x00",
    "\ue000",
    "personal_communication",
    "manuscript",
    "collection",
    "letter",
    "Box 12, Folder 3",
    "Box , Folder ;",
    "box 1; folder 2; 3",
    "https://history.state.gov/historicaldocuments/frus1969-76v09/d120",
    "https://history.state.gov/historicaldocuments/frus1969-76v09/d0",
    "https://history.state.gov/historicaldocuments/frusé/d1",
    "1972-11-23",
    "1972-02-30",
    "1972-11-18/1972-11-25",
    "197X",
    "Archive: National Archives\nArchive Collection: Papers\nOriginal Date: 1972-11-23\nPlace: Paris",
    "Original Date: 1972-13-45",
    RECORD_LINE + '{"id": "x", "kind": "letter"}',
    RECORD_LINE + "{broken",
    RECORD_LINE + "[1, 2]",
    RECORD_LINE + "1e400",
    VOLUME_LINE + '{"id": "v"}',
    VOLUME_LINE + "null",
    "../../etc/passwd",
]
NUMBERS = st.one_of(
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1e308, 10**30]),
)
LONG_STRINGS = st.sampled_from([30, 5_000]).map(
    lambda n: f"https://history.state.gov/historicaldocuments/frus1/d{'9' * n}"
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, st.sampled_from(STRINGS), LONG_STRINGS, garbage_text(30))
KEYS = st.sampled_from(CSL_KEYS) | garbage_text(12)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=20,
)
ITEMS = st.dictionaries(KEYS, JSON_VALUES, max_size=10)
DOCUMENTS = st.one_of(
    st.lists(ITEMS, max_size=5),
    st.builds(lambda items: {"items": items}, st.lists(ITEMS, max_size=4)),
    JSON_VALUES,
)


def dumps(value: Any) -> str:
    """JSON as Python writes it: NaN and Infinity included, as Zotero never writes but a file may hold."""
    return json.dumps(value, ensure_ascii=False, allow_nan=True)


@functools.cache
def exported_items() -> list[dict[str, Any]]:
    """The CSL-JSON items ``archcite export --all`` writes for the bundled records and their volumes."""
    result = CliRunner().invoke(main, ["export", "--all", "--records", str(ROOT / "records")])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert isinstance(items, list)
    assert items
    return items


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON value: keys of objects and indexes of arrays."""
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _mutate_json(draw: st.DrawFn, value: Any) -> Any:
    """One change somewhere in *value*: a value replaced, a key or element deleted, a key added."""
    paths = _paths(value)
    path = draw(st.sampled_from(paths))
    kind = draw(st.sampled_from(["replace", "delete", "add"]))
    if not path:
        return draw(JSON_VALUES) if kind == "replace" else value
    parent = value
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if kind == "replace":
        parent[last] = draw(JSON_VALUES)
    elif kind == "delete":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last][draw(KEYS)] = draw(JSON_VALUES)
    elif isinstance(parent[last], list):
        parent[last].insert(0, draw(JSON_VALUES))
    return value


def _mutate_note(draw: st.DrawFn, item: dict[str, Any]) -> None:
    """Change the record or volume an exported item carries in its note (or the note's text)."""
    note = item.get("note")
    if not isinstance(note, str):
        return
    lines = note.splitlines()
    for i, line in enumerate(lines):
        for prefix in (RECORD_LINE, VOLUME_LINE):
            if line.startswith(prefix):
                try:
                    carried = json.loads(line[len(prefix) :])
                except ValueError:  # an earlier change broke it already
                    continue
                if draw(st.booleans()):
                    for _ in range(draw(st.integers(1, 3))):
                        carried = _mutate_json(draw, carried)
                    lines[i] = prefix + dumps(carried)
                else:
                    lines[i] = line[: draw(st.integers(0, len(line)))]
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(STRINGS) | garbage_text(40)))
    item["note"] = "\n".join(lines)


@st.composite
def mutated_export(draw: st.DrawFn) -> list[Any]:
    """Some of the exported items, each changed in its fields or in the record its note carries."""
    items = json.loads(json.dumps(exported_items()))  # a fresh copy to change
    chosen = draw(st.lists(st.sampled_from(range(len(items))), min_size=1, max_size=4))
    picked: list[Any] = [items[i] for i in chosen]
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(picked) - 1))
        if isinstance(picked[i], dict) and draw(st.booleans()):
            _mutate_note(draw, picked[i])
        else:
            picked[i] = _mutate_json(draw, picked[i])
    return picked


@st.composite
def json_bytes(draw: st.DrawFn) -> bytes:
    """JSON text changed as bytes: truncated, nested deep, with huge numbers or bytes that are not UTF-8."""
    text = dumps(draw(DOCUMENTS | mutated_export()))
    kind = draw(st.sampled_from(["none", "truncate", "nest", "number", "insert", "bom", "utf-16"]))
    data = text.encode("utf-8", errors="surrogatepass")
    at = draw(st.integers(0, len(data)))
    if kind == "truncate":
        data = data[:at]
    elif kind == "nest":
        depth = draw(st.sampled_from([10, 1_000, 100_000]))
        data = b"[" * depth + data + b"]" * depth
    elif kind == "number":
        data = b'[{"id": "a", "issued": {"date-parts": [[' + b"9" * draw(st.sampled_from([20, 5_000])) + b"]]}}]"
    elif kind == "insert":
        data = data[:at] + draw(st.binary(min_size=1, max_size=6)) + data[at:]
    elif kind == "bom":
        data = b"\xef\xbb\xbf" + data
    elif kind == "utf-16":
        data = text.encode("utf-16", errors="surrogatepass")
    return data


# --- the property ----------------------------------------------------------------------------------


def check_models(models: list[Record | Volume]) -> None:
    """Valid records and volumes, that stay so written as YAML and read back."""
    for model in models:
        assert isinstance(model, Record | Volume)
        again = validation_problems(parse_yaml(to_yaml(model), "import.yaml"), type(model))
        assert not isinstance(again, list), f"{model.id} as written does not validate: {[str(p) for p in again]}"
        assert again == model, f"{model.id} changes when written and read back"
    note_event(f"imported {min(len(models), 3)}{'+' if len(models) >= 3 else ''} models")


def check_file(path: Path) -> None:
    """read_items then to_models: models, or a one-line ArchciteError."""
    items = outcome(lambda: read_items(path), KNOWN)
    if items is None:
        return
    assert isinstance(items, list)
    assert all(isinstance(i, dict) for i in items)
    models = outcome(lambda: to_models(items, str(path)), KNOWN)
    if models is not None:
        assert len(models) == len(items)
        check_models(models)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory for the files the examples are written to."""
    return tmp_path_factory.mktemp("csl-json")


COUNTER = itertools.count()


def write(scratch: Path, data: bytes) -> Path:
    path = scratch / f"items{next(COUNTER) % 8}.json"
    path.write_bytes(data)
    return path


@fuzz_settings("csl-json")
@given(data=json_bytes())
def test_any_json(scratch: Path, data: bytes) -> None:
    """Any JSON, or bytes that are almost JSON: valid models, or a one-line ArchciteError."""
    check_file(write(scratch, data))


@fuzz_settings("csl-json-real")
@given(items=mutated_export())
def test_mutated_exported_items(scratch: Path, items: list[Any]) -> None:
    """Items archcite exported, changed in a field or in the record their note carries: models or one-line errors."""
    check_file(write(scratch, dumps(items).encode("utf-8", errors="surrogatepass")))


def test_exported_items_import_unchanged(scratch: Path) -> None:
    """The unchanged export of the bundled records imports (the baseline the mutations start from)."""
    models = to_models(read_items(write(scratch, dumps(exported_items()).encode())), "export.json")
    assert len(models) == len(exported_items())
    check_models(models)


# --- regressions: the bugs this suite found, each with its minimal input -------------------------


def assert_imports_or_fails_cleanly(tmp_path: Path, text: str) -> None:
    """The property with no known bugs excused."""
    path = tmp_path / "items.json"
    path.write_text(text, encoding="utf-8")
    items = outcome(lambda: read_items(path))
    if items is not None:
        models = outcome(lambda: to_models(items, str(path)))
        if models is not None:
            check_models(models)


def test_deep_json_is_an_import_error(tmp_path: Path) -> None:
    """100,000 nested arrays (200 kB) are an ImportInputError, not RecursionError.

    Found by this suite: csl_json.read_items: json.loads raises RecursionError on deep nesting.
    """
    assert_imports_or_fails_cleanly(tmp_path, "[" * 100_000 + "]" * 100_000)


def test_huge_number_is_an_import_error(tmp_path: Path) -> None:
    """A number of 5,000 digits is an ImportInputError, not ValueError.

    Found by this suite: csl_json.read_items: json.loads raises ValueError on a number of 5,000 digits.
    """
    assert_imports_or_fails_cleanly(tmp_path, "9" * 5_000)


def test_name_that_is_a_string_is_an_import_error(tmp_path: Path) -> None:
    """An author given as a string, not a name object, is an ImportInputError, not AttributeError.

    Found by this suite: csl_json._person calls .get on a name that is not an object.
    """
    assert_imports_or_fails_cleanly(tmp_path, '[{"id": "a", "author": ["x"]}]')


def test_infinite_date_part_is_an_import_error(tmp_path: Path) -> None:
    """A date part Infinity is an ImportInputError, not OverflowError.

    Found by this suite: csl_json._date: int(Infinity) raises OverflowError, which is not caught.
    """
    assert_imports_or_fails_cleanly(tmp_path, '[{"id": "a", "issued": {"date-parts": [[Infinity]]}}]')


def test_id_with_line_break_is_reported_in_one_line(tmp_path: Path) -> None:
    """An invalid item whose id holds a line break is reported on one line.

    Found by this suite: csl_json.to_models puts the item's id verbatim into the error's location.
    """
    assert_imports_or_fails_cleanly(tmp_path, '[{"id": "a\\nb", "genre": " "}]')


def test_carried_field_name_with_line_break_is_reported_in_one_line(tmp_path: Path) -> None:
    """An unknown field named "\\n" in the record a note carries is reported on one line.

    Found by this suite: csl_json.to_models puts pydantic's error location (a field name) verbatim in the message.
    """
    note = RECORD_LINE + json.dumps({"id": "a", "kind": "k", "\n": 1})
    assert_imports_or_fails_cleanly(tmp_path, json.dumps([{"id": "a", "note": note}]))
