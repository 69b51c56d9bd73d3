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
from contextlib import contextmanager, suppress
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


def in_two(func: Callable[[list[T]], list[str]], items: list[T], weight: Callable[[T], int]) -> list[str]:
    """``func`` over *items*, split in two halves of equal *weight*: one here, the other at the same
    time in a forked process that sends back its strings and exits. Light work where a process
    pool would cost more than it saves (a stat of each file); the child runs nothing but *func*,
    and if it fails in any way its half is done here. The result is the same either way."""
    halves: tuple[list[T], list[T]] = ([], [])
    loads = [0, 0]
    for item in sorted(items, key=weight, reverse=True):
        lighter = loads[1] < loads[0]
        halves[lighter].append(item)
        loads[lighter] += weight(item)
    here, there = halves
    if not there or cores() < 2 or not hasattr(os, "fork"):
        return func(here) + func(there)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return func(here) + func(there)
    if pid == 0:  # the child: no exit handler, buffer or finalizer of the parent's runs here
        status = 1
        try:
            os.close(read_end)
            for held in (0, 1, 2):  # the command's streams: a killed command leaves no holder of them
                with suppress(OSError):
                    os.close(held)
            answer = memoryview(_DONE + "\0".join(func(there)).encode("utf-8", "surrogateescape"))
            while answer:
                answer = answer[os.write(write_end, answer) :]
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        mine = func(here)
    finally:
        parts = []
        while part := os.read(read_end, 1 << 16):
            parts.append(part)
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    sent = b"".join(parts)
    if status != 0 or not sent.startswith(_DONE):
        return mine + func(there)
    theirs = sent[len(_DONE) :].decode("utf-8", "surrogateescape")
    return mine + (theirs.split("\0") if theirs else [])


_DONE = b"done\0"  # what a child's answer starts with: no answer is not an empty one
