"""Fuzzing the YAML record loader: ``yamlfile.parse_yaml``/``read_yaml``, then ``store.validation_problems``.

Inputs are the bundled records mutated line by line (lines deleted, duplicated, swapped, re-indented
with tabs, values replaced, YAML tags, anchors, aliases and merge keys inserted, very long lines,
control characters, deep nesting, alias bombs), arbitrary text, and, for ``read_yaml``, the same as
bytes with invalid UTF-8, other encodings and oversized files.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from archcite.errors import RecordError
from archcite.models import Record, Volume
from archcite.store import validated as validation_problems
from archcite.yamlfile import parse_yaml, read_yaml

from .conftest import (
    AWKWARD,
    KnownBug,
    check_error,
    fuzz_settings,
    garbage_text,
    note_event,
    outcome,
)

ROOT = Path(__file__).resolve().parents[2]
RECORD_FILES = sorted((ROOT / "records").rglob("*.yaml"))
BASES = [(path.read_text(encoding="utf-8"), Volume if path.stem == "volume" else Record) for path in RECORD_FILES]

# --- bugs found and not fixed yet: none. A new one gets a KnownBug here and an xfail(strict=True)
# test with its minimal input below; the fixed ones are the regression tests at the end. ---------

KNOWN: tuple[KnownBug, ...] = ()

# --- strategies ----------------------------------------------------------------------------------

FIELDS = sorted(
    {*Record.model_fields, "from", "to", *Volume.model_fields}
    | {"name", "role", "short", "office", "repository", "collection", "series", "box", "folder", "volume"}
    | {"document", "pages", "url", "note", "archive", "record_group", "file_code", "item", "call_number"}
)
TAGS = [
    "!!python/object/apply:os.system ['true']",
    "!!python/object:archcite.models.Record {}",
    "!!python/name:os.system",
    "!!python/tuple [1, 2]",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1, b: 2]",
    "!!pairs [a: 1]",
    "!!timestamp 2001-12-14",
    "!!float 1e400",
    "!!float .nan",
    "!!int 0x1F",
    "!!int 99999999999999999999999999",
    "!!str 12",
    "!!null ''",
    "!!bool yes",
    "!!map {}",
    "!!seq []",
    "!custom x",
    "!<tag:yaml.org,2002:str> x",
    "!<tag:example.com,2000:x> y",
]
SCALARS = [
    "~",
    "null",
    "''",
    '""',
    "' '",
    "yes",
    "no",
    "true",
    "0",
    "-1",
    "0o17",
    "012",
    "1_000",
    "1e3",
    ".inf",
    "-.nan",
    "14200:13",
    "1972-11-23",
    "1972-11-31",
    "1972-13",
    "197X",
    "19XX-01",
    "1772~",
    "1972-21",
    "1972-11-18/1972-11-25",
    "1972-11-25/1972-11-18",
    "../1972",
    "1970-11-03T09:42:00Z",
    "2000-02-29T25:61:00Z",
    "433–435",
    "435-433",
    "http://",
    "https://history.state.gov/x y",
    "frus1969-76v09",
    "../../etc/passwd",
    "a/b",
    "x" * 201,
    "'single ''quoted'''",
    '"esc \\u0001 \\x00 \\n \\ue000 \\ud800"',
    "|\n  a block\n  of text",
    ">-\n  folded\n  text",
    "[a, b, c]",
    "{a: 1, a: 2}",
    "[&x a, *x, *x]",
    "{? [a, b] : c}",
    "- a\n- b",
]
ANCHORS = ["&a", "&b {x: 1}", "*a", "*undefined", "<<: *a", "<<: [*a, *b]", "<<: 3", "&a &b x", "*a *a"]
STRUCTURE = [
    "---",
    "...",
    "--- !!map",
    "%YAML 1.1",
    "%YAML 2.0",
    "%TAG ! tag:example.com,2000:",
    "# comment",
    "- - -",
    "? complex key",
    ": value",
    "[",
    "{",
    "]",
    "}",
    "'",
    '"',
    "|",
    ">",
    "@",
    "`",
    "\t",
    "\ufeff",
    "\x00",
    "\x01",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\ue000",
    "\r",
    "\r\n",
]
SNIPPETS = st.one_of(
    st.sampled_from(TAGS + SCALARS + ANCHORS + STRUCTURE),
    st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(FIELDS), st.sampled_from(TAGS + SCALARS + ANCHORS)),
    st.builds(lambda k, v: f"  - {k}: {v}", st.sampled_from(FIELDS), st.sampled_from(SCALARS)),
    garbage_text(40),
)


def nested(depth: int, flow: bool) -> str:
    """*depth* nested sequences: ``[[[]]]`` in flow style, ``- - -`` in block style."""
    if flow:
        return "[" * depth + "]" * depth
    return "".join(f"{'  ' * i}-\n" for i in range(depth)) + "  " * depth + "- x\n"


def alias_bomb(levels: int) -> str:
    """A "billion laughs": each level lists the one before nine times."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


@st.composite
def mutation(draw: st.DrawFn, lines: list[str]) -> list[str]:
    """One change to the lines of a record."""
    n = len(lines)
    i = draw(st.integers(0, max(0, n - 1)))
    kind = draw(
        st.sampled_from(
            [
                "delete",
                "duplicate",
                "swap",
                "insert",
                "value",
                "prefix",
                "indent",
                "truncate",
                "characters",
                "long line",
                "key",
            ]
        )
    )
    out = list(lines)
    if not out:
        return [draw(SNIPPETS)]
    if kind == "delete":
        del out[i]
    elif kind == "duplicate":
        out.insert(i, out[i])
    elif kind == "swap":
        j = draw(st.integers(0, n - 1))
        out[i], out[j] = out[j], out[i]
    elif kind == "insert":
        out.insert(i, draw(SNIPPETS))
    elif kind == "value":
        key, sep, _ = out[i].partition(": ")
        out[i] = f"{key}{sep or ': '}{draw(st.sampled_from(TAGS + SCALARS + ANCHORS) | garbage_text(30))}"
    elif kind == "prefix":
        key, sep, value = out[i].partition(": ")
        out[i] = f"{key}{sep or ': '}{draw(st.sampled_from(TAGS + ANCHORS))} {value}"
    elif kind == "indent":
        stripped = out[i].lstrip(" \t")
        out[i] = draw(st.text(" \t", max_size=6)) + stripped
    elif kind == "truncate":
        out[i] = out[i][: draw(st.integers(0, len(out[i])))]
    elif kind == "characters":
        at = draw(st.integers(0, len(out[i])))
        out[i] = out[i][:at] + draw(st.text(st.sampled_from(AWKWARD), min_size=1, max_size=4)) + out[i][at:]
    elif kind == "long line":
        key, sep, _ = out[i].partition(": ")
        filler = draw(st.sampled_from(["x", "9", "é", "[", "- ", "*a "]))
        out[i] = f"{key}{sep or ': '}{filler * draw(st.sampled_from([1_000, 5_000, 50_000]))}"
    else:  # key: a known field name, or garbage, in place of the line's key
        _, sep, value = out[i].partition(":")
        indent = out[i][: len(out[i]) - len(out[i].lstrip(" -"))]
        out[i] = f"{indent}{draw(st.sampled_from(FIELDS) | garbage_text(20))}:{value if sep else ' x'}"
    return out


@st.composite
def mutated_record(draw: st.DrawFn) -> tuple[str, type[Record] | type[Volume]]:
    """A bundled record with up to six changes, and the model it is checked against."""
    text, model = draw(st.sampled_from(BASES))
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 6))):
        lines = draw(mutation(lines))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\r\n", "\n\n"])), model


RECORD_TEXTS = st.one_of(
    mutated_record(),
    st.tuples(garbage_text(2_000), st.sampled_from([Record, Volume])),
    st.tuples(st.text(max_size=500), st.sampled_from([Record, Volume])),
    # lone surrogates, private use and controls: what surrogateescape decoding and binary junk give
    st.tuples(st.text(st.characters(categories=["Cs", "Co", "Cc"]), max_size=20), st.just(Record)),
    st.tuples(st.builds(nested, st.integers(1, 1_200), st.booleans()), st.just(Record)),
    st.tuples(st.builds(alias_bomb, st.integers(1, 9)), st.just(Record)),
    st.tuples(
        st.builds(lambda text, snippet: snippet + "\n" + text[0], st.sampled_from(BASES), SNIPPETS),
        st.just(Record),
    ),
)


# --- the property ----------------------------------------------------------------------------------


def check_loaded(load: Any, model: type[Record] | type[Volume]) -> None:
    """A YAML document becomes a model or a list of one-line RecordErrors; loading fails only as a RecordError."""
    doc = outcome(load, KNOWN)
    if doc is None:
        return
    result = outcome(lambda: validation_problems(doc, model), KNOWN)
    if result is None:
        return
    if isinstance(result, list):
        assert result, "validation_problems returned an empty list of problems"
        note_event("invalid record")
        for problem in result:
            assert isinstance(problem, RecordError), problem
            check_error(problem, KNOWN)
    else:
        assert isinstance(result, model)
        note_event("valid record")


@fuzz_settings("yaml", suppress=[HealthCheck.too_slow])  # lines of 50,000 characters take a while to draw
@given(RECORD_TEXTS)
def test_parse_yaml_then_validate(case: tuple[str, type[Record] | type[Volume]]) -> None:
    """parse_yaml + validation_problems: a model, one-line RecordErrors, or a one-line RecordError; nothing else."""
    text, model = case
    check_loaded(lambda: parse_yaml(text, "fuzz.yaml"), model)


BYTE_CHANGES = st.lists(
    st.tuples(st.sampled_from(["insert", "overwrite", "truncate"]), st.floats(0, 1), st.binary(min_size=1, max_size=6)),
    max_size=3,
)


@st.composite
def record_bytes(draw: st.DrawFn) -> bytes:
    """A record as bytes: UTF-8 with stray bytes, another encoding, a BOM, or padded past the size limit."""
    text, _ = draw(mutated_record())
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "utf-8-sig", "latin-1", "cp1252"]))
    data = text.encode(encoding, errors="replace")
    for kind, where, chunk in draw(BYTE_CHANGES):
        at = int(where * len(data))
        if kind == "insert":
            data = data[:at] + chunk + data[at:]
        elif kind == "overwrite":
            data = data[:at] + chunk + data[at + len(chunk) :]
        else:
            data = data[:at]
    if draw(st.integers(0, 40)) == 0:  # now and then, a file just over the 1 MB a record may have
        data += b"#" * (1_000_001 - len(data)) + b"\n"
    return data


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory for the files the examples are written to."""
    return tmp_path_factory.mktemp("yaml")


COUNTER = itertools.count()


@fuzz_settings("yaml-bytes")
@given(data=record_bytes())
def test_read_yaml_bytes_then_validate(scratch: Path, data: bytes) -> None:
    """read_yaml on any bytes (invalid UTF-8, UTF-16, oversized) + validation: a model or one-line RecordErrors."""
    path = scratch / f"r{next(COUNTER) % 8}.yaml"
    path.write_bytes(data)
    check_loaded(lambda: read_yaml(path), Record)


# --- regressions: the bugs this suite found, each with its minimal input -------------------------


def assert_loads_or_fails_cleanly(text: str) -> None:
    """The property with no known bugs excused."""
    doc = outcome(lambda: parse_yaml(text, "fuzz.yaml"))
    if doc is not None:
        result = outcome(lambda: validation_problems(doc, Record))
        for problem in result if isinstance(result, list) else []:
            check_error(problem)


def test_control_character_is_reported_in_one_line() -> None:
    """A control character in a record is one line: 'fuzz.yaml: invalid YAML: unacceptable character …'.

    Found by this suite: yamlfile.parse_yaml reports libyaml's ReaderError with its second line.
    """
    assert_loads_or_fails_cleanly("\x01")


def test_field_name_with_a_line_break_is_reported_in_one_line() -> None:
    """An unknown field whose quoted name holds a line break is reported on one line.

    Found by this suite: store/yamlfile put a field name with a line break verbatim into the location.
    """
    assert_loads_or_fails_cleanly('"\\n": x')


def test_deep_nesting_is_a_record_error() -> None:
    """500 nested flow sequences (1,000 bytes, below libyaml's depth limit) end in a RecordError.

    Found by this suite: yamlfile._build recurses once per nesting level: RecursionError.
    """
    assert_loads_or_fails_cleanly("[" * 500 + "]" * 500)


@pytest.mark.parametrize("text", ["a: !!int x", "a: !!float x", "a: !!bool x", "a: !!timestamp x", "a: " + "1" * 5_000])
def test_scalar_that_cannot_be_constructed_is_a_record_error(text: str) -> None:
    """An explicitly tagged scalar that is not of its type, or an integer of 5,000 digits, is a RecordError.

    Found by this suite: yamlfile lets PyYAML's constructors raise ValueError, KeyError, AttributeError.
    """
    assert_loads_or_fails_cleanly(text)


def test_lone_surrogate_is_a_record_error() -> None:
    """parse_yaml on text with a lone surrogate (as surrogateescape decoding gives) is a RecordError.

    Found by this suite: parse_yaml passes text with a lone surrogate to libyaml, which cannot encode it.
    """
    assert_loads_or_fails_cleanly("\ud800")
