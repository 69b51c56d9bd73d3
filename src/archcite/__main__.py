"""``archcite`` and ``python -m archcite``: Ctrl-C ends any command in one line with exit code 130.

Until the command line is set up, an interrupt exits at once; from then on it raises
``Interrupted``, which unwinds the command (its ``finally`` blocks run, workers are stopped)
and is reported here.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from typing import NoReturn


def main() -> NoReturn:
    from . import _interrupted_at_start

    signal.signal(signal.SIGINT, _interrupted_at_start)  # python -m archcite: from here
    if sys.argv[1:2] == ["cite"] and _quick(sys.argv[2:]):
        sys.exit(0)
    if sys.argv[1:2] == ["find"]:
        found = _quick_find(sys.argv[2:])
        if found is not None:
            _finish(found)
    from .cli import main as command
    from .errors import EXIT_INTERRUPTED, Interrupted

    def interrupted(signum: int, frame: object) -> None:
        raise Interrupted

    signal.signal(signal.SIGINT, interrupted)
    try:
        command(prog_name="archcite")
        status: object = 0
    except SystemExit as e:  # click ends every command so
        status = e.code
    except Interrupted:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not interrupt the report
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write("archcite: interrupted\n")
            sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)
    _finish(status)


def _finish(status: object) -> NoReturn:
    """Exit with *status* once the output is out. The command is done: a Ctrl-C from here on is
    ignored, not left to the interpreter's shutdown (which would die of it with no word)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if isinstance(status, str):
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(status + "\n")
        status = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (| head): not an error
        pass
    except (OSError, ValueError):
        status = status or 1
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(status if isinstance(status, int) else 0)


def _quick(args: list[str]) -> bool:
    """A cached citation printed without loading the command line (``quickcite``); False to go on."""
    from . import quickcite

    try:
        return quickcite.answer(args)
    except BrokenPipeError:  # the reader went away (| head): not an error
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return True


def _quick_find(args: list[str]) -> int | None:
    """A piped ``find`` printed without loading the command line (``quickfind``); None to go on."""
    from . import quickfind

    try:
        return quickfind.answer(args)
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    main()
