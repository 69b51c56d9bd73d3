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
    from .cli import main as command
    from .errors import EXIT_INTERRUPTED, Interrupted

    def interrupted(signum: int, frame: object) -> None:
        raise Interrupted

    signal.signal(signal.SIGINT, interrupted)
    try:
        command(prog_name="archcite")
    except Interrupted:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not interrupt the report
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write("archcite: interrupted\n")
            sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)
    sys.exit(0)


if __name__ == "__main__":
    main()
