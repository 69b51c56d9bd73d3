"""archcite: structured records of archival and FRUS documents, cited exactly."""

import os as _os
import signal as _signal
import sys as _sys

__version__ = "0.1.0"


def _interrupted_at_start(signum: int, frame: object) -> None:
    _os.write(2, b"archcite: interrupted\n")
    _os._exit(130)


# Run as the `archcite` command, Ctrl-C during start-up is one line and exit 130 from the first
# line of archcite's code (``__main__`` takes over once the command line is set up). Imported as
# a library, archcite leaves signals alone.
if _os.path.basename(_sys.argv[0] if _sys.argv else "") == "archcite":
    _signal.signal(_signal.SIGINT, _interrupted_at_start)
