"""A piped ``archcite find`` answered before the command-line library is loaded.

``find`` feeds other commands (``archcite find … | archcite notes -``), and loading click costs
more than a warm search. When the arguments are of the plain forms below and the answer is ids,
JSON lines or a count, it is printed from here by the same search (``finding.search``) and the
same lines (``finding.lines``) as the full command. Anything else (a table for a terminal,
``--help``, no match, any error) prints nothing here and returns None: the full command then runs
and gives the answer or the message. ``tests/test_find.py`` checks that this grammar is the full
command's own and that both print the same.
"""

from __future__ import annotations

import sys
from typing import Any

from . import finding, quickargs

VALUED = {f.option: f.field for f in finding.FILTERS} | {
    "--sort": "sort",
    "--limit": "limit",
    "--format": "fmt",
    "--records": "records",
}
FLAGS = {"--count": "count_only"}
FORMATS = ("ids", "json")  # what this path prints; a table is the full command's


def parse(args: list[str]) -> dict[str, Any] | None:
    """The options of ``find`` arguments, or None for anything this path does not read."""
    found = quickargs.tokens(args, set(VALUED), set(FLAGS))
    if found is None:
        return None
    given: dict[str, Any] = {"participant": []}
    for option, value in found:
        dest = "text" if option is None else FLAGS.get(option) or VALUED[option]
        if dest == "participant":
            given[dest].append(value)
        elif dest in given:
            return None  # given twice (or two TEXTs): the full command says what that means
        else:
            given[dest] = True if option in FLAGS else value
    return given


def answer(args: list[str]) -> int | None:
    """The exit status once ``archcite find ARGS`` is printed from here, or None to go on."""
    given = parse(args)
    if given is None:
        return None
    fmt = given.pop("fmt") if "fmt" in given else "ids" if not sys.stdout.isatty() else None
    limit = given.pop("limit", None)
    if fmt not in FORMATS or (limit is not None and not (limit.isascii() and limit.isdigit())):
        return None
    from . import emit, store

    count_only = given.pop("count_only", False)
    records = given.pop("records", None)
    try:
        query = finding.Query(
            limit=int(limit) if limit is not None else None, participant=tuple(given.pop("participant")), **given
        )
        result = finding.search(store.default(records), query)
    except Exception:  # any error, expected or not, is the full command's to report, in one line
        return None
    if not result.count and not count_only:
        return None  # the full command says there is no match
    emit.warnings(result.warnings())
    emit.data(str(result.count) if count_only else "\n".join(finding.lines(result, fmt)))
    return 0 if result.count else 1
