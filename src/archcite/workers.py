"""Work on both cores that never outlives the command.

Workers are forked with SIGINT ignored (the parent alone reports Ctrl-C, in one line) and, on
Linux, asked to be killed when their parent dies, so that a killed ``archcite`` leaves no process
holding its output pipe open. Leaving the ``with`` block, normally or by an exception, ends them.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
_PR_SET_PDEATHSIG = 1


def cores() -> int:
    """How many processes are worth starting: two at most (archcite's work is small)."""
    try:
        available = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        available = os.cpu_count() or 1
    return max(1, min(2, available))


def _init_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


@contextmanager
def pool(processes: int | None = None) -> Iterator[Callable[[Callable[[T], R], Iterable[T]], Iterator[R]]]:
    """A map over worker processes, in order; the workers end with the block."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    workers = context.Pool(processes or cores(), initializer=_init_worker, initargs=(os.getpid(),))
    try:

        def imap(func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
            return workers.imap(func, items)

        yield imap
    finally:
        workers.terminate()
        workers.join()


def map_chunks(func: Callable[[list[T]], list[R]], items: list[T], *, chunk: int, parallel_above: int) -> list[R]:
    """``func`` over *items* in chunks, on both cores when there are more than *parallel_above*."""
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    if len(items) <= parallel_above or cores() < 2:
        return [r for part in chunks for r in func(part)]
    with pool() as imap:
        return [r for part in imap(func, chunks) for r in part]
