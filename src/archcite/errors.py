"""The one error family of archcite, and the exit codes it maps to.

Every error knows where it happened (file, line, column, field path) so that
the command line can print it on one line as ``file:line:col: field: message``.
"""

from __future__ import annotations

from typing import NamedTuple

from .safetext import one_line

EXIT_INVALID = 1  # invalid records, or a citation that cannot be made
EXIT_USAGE = 2  # bad arguments: unknown style, missing directory, …
EXIT_INTERNAL = 3  # a bug in archcite: reported in one line, never as a traceback
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


class Location(NamedTuple):
    """Where a problem is: a file, optionally a line and column, and a field path."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def prefix(self) -> str:
        parts = [p for p in (self.file, self.line, self.column) if p is not None]
        where = ":".join(str(p) for p in parts)
        if self.field:
            where = f"{where}: {one_line(self.field)}" if where else one_line(self.field)
        return one_line(where)


class ArchciteError(Exception):
    """Base of every error archcite reports to a user."""

    exit_code = EXIT_INVALID

    def __init__(self, message: str, location: Location | None = None) -> None:
        message = one_line(message)
        super().__init__(message)
        self.message = message
        self.location = location or Location()

    def __reduce__(self) -> tuple[type[ArchciteError], tuple[str, Location]]:
        return type(self), (self.message, self.location)  # sent whole from a worker process

    def __str__(self) -> str:
        prefix = self.location.prefix()
        return f"{prefix}: {self.message}" if prefix else self.message


class RecordError(ArchciteError):
    """A record file that cannot be read or is not a valid record."""


class NotFoundError(ArchciteError):
    """An id or document number that names no record, or names several."""


class VersionError(ArchciteError):
    """A citation version (archive, print, online) the record does not have."""


class UsageError(ArchciteError):
    """Bad arguments: an unknown style, a records directory that is not there."""

    exit_code = EXIT_USAGE


class StyleError(UsageError):
    """A CSL style that cannot be found or read."""


class Interrupted(BaseException):
    """Ctrl-C, raised by archcite's own SIGINT handler; a BaseException, so no ``except Exception``
    swallows it and the command line library does not turn it into its own message."""


class InputError(ArchciteError):
    """A file given to archcite that cannot be read: not a regular file, too large, not text."""


class FetchError(ArchciteError):
    """A FRUS volume that cannot be fetched: not there, a server that fails or cannot be reached,
    a response that is not a whole, published TEI volume."""


__all__ = [
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_USAGE",
    "ArchciteError",
    "FetchError",
    "InputError",
    "Interrupted",
    "Location",
    "NotFoundError",
    "RecordError",
    "StyleError",
    "UsageError",
    "VersionError",
    "one_line",
]
