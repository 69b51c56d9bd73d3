"""Writing a record's data as YAML in one pass: the bytes PyYAML writes, without its machinery.

PyYAML builds a node for every value, asks its resolver about each and walks the nodes again to
write them; for an import that is most of the time spent writing. A record's data is simpler:
mappings of field names, lists, text, whole numbers, booleans and nulls. ``block`` writes such
data as ``yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)`` does, and
returns None for anything it is not sure to write alike (a float, a list directly in a list,
a key that is not a field name, a character PyYAML escapes, a line long enough for it to fold):
the caller then asks PyYAML. tests/test_recordio.py compares the two on generated data, and the
import is checked to read back what it wrote.

How PyYAML chooses a scalar's style, for the characters allowed here: text it would read back as
something else (``'120'``, ``'1972-11-23'``, ``'no'``; its own resolver says), text with a leading
or trailing space, text that starts with an indicator, holds ``': '`` or ``' #'`` or ends with
``':'`` is single-quoted; any other text is plain.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_STR = "tag:yaml.org,2002:str"
_RESOLVER: Any = yaml.resolver.Resolver()  # the implicit types of SafeDumper: YAML 1.1's ints, dates, bools …
_MAY_RESOLVE = frozenset("-+.0123456789yYnNtTfFoO~<=")  # the first characters those types start with
_LONGEST_WORD = 5  # what they read in text that starts with a letter is a word: no, Off, false, NULL
# Printable characters PyYAML and libyaml write as they are: ASCII, and the Basic Multilingual
# Plane without NEL, the line and paragraph separators, surrogates and the byte-order mark.
_WRITTEN_AS_IS = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")  # which a plain scalar cannot start with
_FIELD_NAME = re.compile("[a-z_]{1,64}")
_LONGEST = 50_000  # PyYAML folds a line at a space beyond 100,000 columns: leave such text to it


_PLAIN_KEYS: set[str] = set()  # field names found to be written plain: a record has few


class _NotSure(Exception):
    """Data this writer leaves to PyYAML."""


def block(data: Any) -> str | None:
    """*data*, a mapping, as PyYAML writes it in block style; None where PyYAML must write it."""
    if not isinstance(data, dict):
        return None
    if not data:
        return "{}\n"
    out: list[str] = []
    try:
        _mapping(data, 0, out, inline=False)
    except _NotSure:
        return None
    return "".join(out)


def _mapping(data: dict[Any, Any], indent: int, out: list[str], *, inline: bool) -> None:
    """Each field at *indent*; with *inline*, the first one on the line already begun (``- ``)."""
    pad = " " * indent
    for i, (key, value) in enumerate(data.items()):
        if key not in _PLAIN_KEYS:
            if not isinstance(key, str) or not _FIELD_NAME.fullmatch(key) or not _is_plain(key):
                raise _NotSure
            _PLAIN_KEYS.add(key)
        out.append(key if inline and i == 0 else pad + key)
        out.append(":")
        if isinstance(value, dict) and value:
            out.append("\n")
            _mapping(value, indent + 2, out, inline=False)
        elif isinstance(value, list) and value:
            out.append("\n")
            _sequence(value, indent, out)  # a list in a mapping is not indented
        else:
            out.append(" ")
            out.append(_scalar(value))
            out.append("\n")


def _sequence(items: list[Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        out.append(pad + "- ")
        if isinstance(item, dict) and item:
            _mapping(item, indent + 2, out, inline=True)
        elif isinstance(item, list) and item:
            raise _NotSure
        else:
            out.append(_scalar(item))
            out.append("\n")


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        if len(value) > _LONGEST or not _WRITTEN_AS_IS.fullmatch(value):
            raise _NotSure
        if _is_plain(value):
            return value
        return "'" + value.replace("'", "''") + "'"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, list) and not value:
        return "[]"
    raise _NotSure


def _is_plain(text: str) -> bool:
    """Whether PyYAML writes *text* (of characters written as is) unquoted in block style."""
    if not text or text[0] == " " or text[-1] == " " or text[0] in _INDICATORS:
        return False
    if text.startswith(("---", "...")) or (text[0] in "-?:" and text[1:2] in ("", " ")):
        return False
    if ": " in text or " #" in text or text[-1] == ":":
        return False
    if text[0] not in _MAY_RESOLVE or (len(text) > _LONGEST_WORD and text[0].isalpha()):
        return True
    return bool(_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR)
