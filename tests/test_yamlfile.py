"""Record files are read as plain data only, with positions for every field."""

from __future__ import annotations

import pytest

from archcite.errors import RecordError
from archcite.yamlfile import parse_yaml


def error(text: str) -> str:
    with pytest.raises(RecordError) as e:
        parse_yaml(text, "r.yaml")
    return str(e.value)


def test_python_tags_are_refused() -> None:
    """A tag that would construct a Python object is an error, never executed."""
    assert error("id: !!python/object/apply:os.system ['true']\n") == (
        "r.yaml:1:5: invalid YAML: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in records"
    )
    assert error("id: !!python/name:os.system\n").startswith(
        "r.yaml:1:5: invalid YAML: could not determine a constructor for the tag"
    )


def test_alias_bomb_is_stopped() -> None:
    """Nested aliases that expand exponentially stop with an error."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]" for i in range(1, 8)]
    assert error("\n".join(lines) + "\n") == "r.yaml: too many YAML nodes (alias expansion?)"


def test_duplicate_field_is_an_error() -> None:
    """A field given twice is reported, not silently overwritten."""
    assert error("id: a\nkind: letter\nid: b\n") == "r.yaml:3:1: duplicate field 'id'"


def test_dates_stay_text_and_positions_are_kept() -> None:
    """`date: 1972-11-23` stays the text it is; each field has its line and column."""
    doc = parse_yaml("id: a\ndate: 1972-11-23\nfrom:\n  - name: X\n", "r.yaml")
    assert doc.data["date"] == "1972-11-23"
    assert doc.positions[("from", 0, "name")] == (4, 5)
    assert doc.location(("from", 0, "name")).prefix() == "r.yaml:4:5: from[0].name"
