"""Reading YAML record files safely, keeping the line and column of every field.

Only plain data is accepted: mappings, sequences and scalars (PyYAML's safe
constructors; tags such as ``!!python/object`` are errors). Dates stay text, so
``date: 1972-11-23`` reaches the record model as the EDTF string it is.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

import yaml

from .errors import Location, RecordError

Position = tuple[int, int]
FieldPath = tuple[str | int, ...]

MAX_NODES = 100_000  # far beyond any record; stops alias bombs
MAX_DEPTH = 50  # a record nests four levels deep
_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_STR_TAG = "tag:yaml.org,2002:str"


# libyaml's parser where PyYAML has it (ten times faster), with PyYAML's safe constructors.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _RecordLoader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader that changes no text a person typed into something else.

    YAML 1.1 reads ``14200:13`` as the number 852013, ``012`` as 10, ``no`` as
    false and ``1972-11-23`` as a date object. Here only plain decimal integers,
    decimal numbers, ``true`` and ``false`` are more than text.
    """

    _by_first: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """The tag of a node without one: PyYAML's rule, looked up once per first character
        (the parser asks for every node of every record it reads)."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in self._by_first.get(value[:1], self._by_first[None]):
                    if pattern.match(value):
                        return tag
            return str(self.DEFAULT_SCALAR_TAG)
        return str(self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG)


_TEXT_ONLY = {f"tag:yaml.org,2002:{t}" for t in ("timestamp", "int", "float", "bool")}
_RecordLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _TEXT_ONLY]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_RecordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_RecordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)$"), list("-+.0123456789")
)
_RecordLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
_ANY_FIRST = _RecordLoader.yaml_implicit_resolvers.get(None, [])  # PyYAML has none such
_RecordLoader._by_first = {
    first: resolvers + _ANY_FIRST if first is not None else _ANY_FIRST
    for first, resolvers in {None: [], **_RecordLoader.yaml_implicit_resolvers}.items()
}


class YamlDocument:
    """Parsed YAML data and the position of each field path in the file."""

    def __init__(self, data: Any, positions: dict[FieldPath, Position], file: str) -> None:
        self.data = data
        self.positions = positions
        self.file = file

    def location(self, path: FieldPath) -> Location:
        """The location of *path*, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                line, column = self.positions[path[:end]]
                return Location(self.file, line, column, dotted(path) or None)
        return Location(self.file, field=dotted(path) or None)


def dotted(path: FieldPath) -> str:
    """``("from", 0, "name")`` → ``from[0].name``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def read_yaml(path: Path, display: str | None = None) -> YamlDocument:
    """Read *path* as one YAML document of plain data, with field positions."""
    from .boundedio import read_text
    from .layout import MAX_RECORD_BYTES

    name = display or str(path)
    return parse_yaml(read_text(path, MAX_RECORD_BYTES, what="record", error=RecordError, display=name), name)


def parse_yaml(text: str, name: str) -> YamlDocument:
    """Parse YAML *text*; *name* is used in error messages."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise RecordError(f"not valid Unicode text (character {e.start})", Location(name)) from None
    loader = _RecordLoader(text)
    try:
        node = loader.get_single_node()
        positions: dict[FieldPath, Position] = {}
        data = _build(loader, node, (), positions, [0], name) if node is not None else None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = e.problem or e.context or "invalid YAML"
        cause = _cause(text, line, problem)
        if cause is not None:
            line, col, problem = cause
        raise RecordError(f"invalid YAML: {problem}", Location(name, line, col)) from e
    except yaml.YAMLError as e:
        raise RecordError(f"invalid YAML: {e}", Location(name)) from e
    finally:
        loader.dispose()
    return YamlDocument(data, positions, name)


def _cause(text: str, line: int | None, problem: str) -> tuple[int, int, str] | None:
    """What a person did that PyYAML's message does not say: (line, column, words) or None.

    A tab in the indentation; a field name with no colon after it, which PyYAML reports on the
    line after (``could not find expected ':'``, ``mapping values are not allowed here``).
    """
    lines = text.splitlines()
    if line is None or not 1 <= line <= len(lines) + 1:
        return None
    for number in (line, line - 1):
        row = lines[number - 1] if 1 <= number <= len(lines) else ""
        indent = row[: len(row) - len(row.lstrip())]
        if "\t" in indent:
            return number, indent.index("\t") + 1, "a tab in the indentation: YAML indents with spaces only"
    if "expected ':'" in problem or "mapping values are not allowed" in problem:
        for number in range(line - 1, 0, -1):
            row = lines[number - 1]
            stripped = row.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if ":" not in stripped and not stripped.startswith(("- ", "[", "{", '"', "'")):
                field = stripped.split()[0]
                return number, len(row) - len(row.lstrip()) + 1, f"no ':' after {field!r}: write {field}: …"
            break
    return None


def _build(
    loader: _RecordLoader,
    node: yaml.Node,
    path: FieldPath,
    positions: dict[FieldPath, Position],
    count: list[int],
    name: str,
) -> Any:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise RecordError("too many YAML nodes (alias expansion?)", Location(name))
    mark = node.start_mark
    positions[path] = (mark.line + 1, mark.column + 1)
    if len(path) > MAX_DEPTH:
        raise RecordError(f"nested more than {MAX_DEPTH} levels deep", Location(name, *positions[path]))
    if isinstance(node, yaml.ScalarNode):
        return _scalar(loader, node, name)
    if node.tag not in _PLAIN_TAGS:
        where = Location(name, *positions[path])
        raise RecordError(f"invalid YAML: the tag {node.tag!r} is not allowed in records", where)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node, name)
            key_mark = key_node.start_mark
            if not isinstance(key, str) or key in out:
                where = Location(name, key_mark.line + 1, key_mark.column + 1)
                if not isinstance(key, str):
                    raise RecordError(f"field names must be text, not {key!r}", where)
                raise RecordError(f"duplicate field {key!r}", where)
            out[key] = _build(loader, value_node, (*path, key), positions, count, name)
            positions[(*path, key)] = (key_mark.line + 1, key_mark.column + 1)
        return out
    return [_build(loader, child, (*path, i), positions, count, name) for i, child in enumerate(node.value)]


def _scalar(loader: _RecordLoader, node: yaml.Node, name: str) -> Any:
    """A scalar's value; a tag whose constructor fails on it (``!!int x``) is a RecordError."""
    if node.tag == _STR_TAG:  # most of a record: text is the node's own value
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as e:
        where = Location(name, node.start_mark.line + 1, node.start_mark.column + 1)
        raise RecordError(f"invalid YAML: cannot read {node.value!r} as {node.tag}", where) from e
