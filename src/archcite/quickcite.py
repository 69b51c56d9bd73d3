"""A cached ``archcite cite`` answered before the command-line library is loaded.

``cite`` is called once per footnote, by scripts and editors, and loading click costs more than
the rest of a cached citation. When the arguments are of the plain forms below and the render
cache has every citation asked for, the answer is printed from here, through the same pipeline
(``citing.from_cache``) and the same printing (``emit``) as the full command. Anything else
(another option, a missing citation, any error) prints nothing here and returns False: the full
command then runs and gives the answer or the error message. ``tests/test_quickcite.py`` checks
that this grammar is the full command's own and that both give the same output.
"""

from __future__ import annotations

from typing import Any

from . import quickargs

# The full command's options this path reads: name → (keyword, choices or None for any text).
VALUED = {
    "--style": ("style_name", None),
    "--edition": ("edition", ("17", "18")),
    "--version": ("version", ("archive", "print", "online")),
    "--form": ("form", ("note", "short", "bib")),
    "--format": ("fmt", ("text", "html", "markdown", "rtf", "latex", "json")),
    "--accessed": ("accessed", None),
    "--records": ("records", None),
    "--frus-title": ("frus_title", ("names", "heading")),
}
FLAGS = {"--markings": "markings", "--no-general-editor": "no_general_editor", "--box-first": "box_first"}
DEFAULTS: dict[str, Any] = {
    "style_name": "chicago",
    "edition": None,
    "version": None,
    "form": "note",
    "fmt": "text",
    "accessed": None,
    "records": None,
    "frus_title": "names",
    "markings": False,
    "no_general_editor": False,
    "box_first": False,
}


def parse(args: list[str]) -> tuple[list[str], dict[str, Any]] | None:
    """The ids and options of ``cite`` arguments, or None for anything this path does not read."""
    found = quickargs.tokens(args, set(VALUED), set(FLAGS))
    if found is None:
        return None
    ids: list[str] = []
    options = dict(DEFAULTS)
    for option, value in found:
        if option is None:
            ids.append(value)
        elif option in FLAGS:
            options[FLAGS[option]] = True
        else:
            keyword, choices = VALUED[option]
            if choices is not None and value not in choices:
                return None
            options[keyword] = value
    return (ids, options) if ids else None


def answer(args: list[str]) -> bool:
    """Print the cached citations ``archcite cite ARGS`` asks for, if all are cached; True if printed."""
    parsed = parse(args)
    if parsed is None:
        return False
    ids, given = parsed
    from . import citing, emit, rendercache, store, styles
    from .errors import ArchciteError
    from .options import Options, accessed_date

    try:
        found = store.default(given["records"])
        options = Options(
            style=styles.resolve(given["style_name"], given["edition"], rendercache.style_info_memo()),
            form=given["form"],
            version=given["version"],
            accessed=accessed_date(given["accessed"]),
            general_editor=not given["no_general_editor"],
            heading=given["frus_title"] == "heading",
            markings=given["markings"],
            box_first=given["box_first"],
        )
        cited = citing.from_cache(found, [citing.Job(found.find(i), options) for i in ids])
    except ArchciteError:
        return False
    if cited is None:
        return False
    emit.warnings(w for c in cited for w in c.warnings)
    emit.citations(cited, given["fmt"])
    return True
