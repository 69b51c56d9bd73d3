"""The command-line grammar the quick paths read (``quickcite``, ``quickfind``) without click.

Only the plain forms: ``--option value``, ``--option=value``, ``--flag`` and positional words.
Anything else (an unknown option, a value that looks like an option, ``--``) is not read here,
and the full command, which knows the whole grammar, takes the arguments.
"""

from __future__ import annotations

Token = tuple[str | None, str]  # (option, value); a flag's value is ""; a positional's option is None


def tokens(args: list[str], valued: set[str], flags: set[str]) -> list[Token] | None:
    """*args* as (option, value) pairs, or None if they are not of the plain forms."""
    out: list[Token] = []
    i = 0
    while i < len(args):
        arg = args[i]
        name, equals, value = arg.partition("=")
        if name in valued:
            if not equals:
                if i + 1 >= len(args):
                    return None
                i += 1
                value = args[i]
            if value.startswith("-"):
                return None
            out.append((name, value))
        elif arg in flags:
            out.append((arg, ""))
        elif arg.startswith("-") or not arg:
            return None
        else:
            out.append((None, arg))
        i += 1
    return out
