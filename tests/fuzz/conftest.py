"""Hypothesis profiles and the shared property of the fuzz suite.

Profiles:

- ``ci`` (the default): a few thousand examples in all, derandomized so that every run tries the
  same inputs, no example database (nothing is written into the checkout);
- ``long``: 50,000 examples or more per input path, random, for a run of hours:
  ``HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/fuzz --hypothesis-show-statistics``.

The property every input path shares: an input ends in a result or in an ``ArchciteError`` whose
text is one line; never another exception, never a hang (each test has a deadline, each input a
bounded size). A bug this suite found and that is not fixed yet is a ``KnownBug``: the fuzz tests
count it (``--hypothesis-show-statistics`` lists it as an event) instead of failing on it, so they
keep guarding everything else, and the bug's own test, with the minimal input, is marked
``xfail(strict=True)``. When the bug is fixed that test passes, strict xfail fails the run, and the
marker and the ``KnownBug`` entry are removed together.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from archcite.errors import ArchciteError

# Hypothesis keeps caches (Unicode tables, constants of the code under test) in ./.hypothesis even
# without an example database: here they go to a temporary directory, never into the checkout.
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    set_hypothesis_home_dir(tempfile.mkdtemp(prefix="archcite-hypothesis-"))

settings.register_profile(
    "ci",
    max_examples=100,  # the base: each input path runs a multiple of it (WEIGHTS)
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=5),
    print_blob=False,
)
settings.register_profile(
    "long",
    max_examples=50_000,
    derandomize=False,
    database=None,  # a failure prints its @reproduce_failure blob instead
    deadline=timedelta(seconds=20),
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Examples per input path, as multiples of the profile's max_examples: under "ci" 100 × weight,
# under "long" 50,000 × weight. The cheap paths get more.
WEIGHTS = {
    "yaml": 6.0,
    "yaml-bytes": 2.0,
    "sourcenote": 6.0,
    "sourcenote-real": 2.0,
    "tei": 4.0,
    "csl-json": 4.0,
    "csl-json-real": 3.0,
    "style": 3.0,
    "footnotes-sequence": 4.0,
    "footnotes-locator": 3.0,
    "cli": 4.0,
}


def fuzz_settings(path: str, *, deadline: float | None = None, suppress: Sequence[HealthCheck] = ()) -> settings:
    """The settings of one input path: its share of the profile's examples and, if given, its own deadline (s)."""
    base = settings()  # the loaded profile
    return settings(
        base,
        max_examples=max(1, round(base.max_examples * WEIGHTS[path])),
        deadline=timedelta(seconds=deadline) if deadline is not None else base.deadline,
        suppress_health_check=list(suppress),
    )


# --- the shared property ---------------------------------------------------------------------


def one_line(text: str) -> bool:
    """Whether *text* prints as one line."""
    return "\n" not in text and "\r" not in text


@dataclass(frozen=True)
class KnownBug:
    """A bug this suite found, not fixed yet: what it is, and how to recognise its failure."""

    name: str
    matches: Callable[[BaseException], bool]


T = TypeVar("T")


def outcome(call: Callable[[], T], known: Sequence[KnownBug] = ()) -> T | None:
    """Run *call*: its result, or None when it raised an ``ArchciteError`` of one line.

    Any other exception, or an ``ArchciteError`` of several lines, fails the example, unless it is
    one of the *known* bugs (then it is counted as an event and None is returned).
    """
    try:
        return call()
    except Exception as e:
        check_error(e, known)
        return None


def check_error(error: BaseException, known: Sequence[KnownBug] = ()) -> None:
    """Pass for an ``ArchciteError`` of one line or a known bug; fail the example for anything else."""
    if isinstance(error, ArchciteError) and one_line(str(error)):
        note_event(f"error: {type(error).__name__}")
        return
    for bug in known:
        if bug.matches(error):
            note_event(f"known bug: {bug.name}")
            return
    if isinstance(error, ArchciteError):
        raise AssertionError(f"{type(error).__name__} of several lines: {str(error)!r}") from error
    raise AssertionError(f"{type(error).__name__} escaped: {error!r}") from error


def note_event(text: str) -> None:
    """Count *text* in the statistics of a Hypothesis test (outside one, e.g. in a regression test: nothing)."""
    if currently_in_test_context():
        event(text)


# Matchers for KnownBug: how to recognise a known bug's failure, as narrowly as it can be said.


def raises_multiline(error: type[BaseException], *fragments: str) -> Callable[[BaseException], bool]:
    """A matcher: an *error* of several lines whose text has every one of *fragments*."""
    return lambda e: isinstance(e, error) and not one_line(str(e)) and all(f in str(e) for f in fragments)


def raises(error: type[BaseException], *fragments: str) -> Callable[[BaseException], bool]:
    """A matcher: an *error* (exactly that class or a subclass) whose text has every one of *fragments*."""
    return lambda e: isinstance(e, error) and all(f in str(e) for f in fragments)


def raised_in(error: type[BaseException], *files: str) -> Callable[[BaseException], bool]:
    """A matcher: an *error* raised by code in a file whose path ends with one of *files*."""

    def matches(e: BaseException) -> bool:
        tb = e.__traceback__
        if not isinstance(e, error) or tb is None:
            return False
        while tb.tb_next is not None:
            tb = tb.tb_next
        return tb.tb_frame.f_code.co_filename.replace("\\", "/").endswith(files)

    return matches


# --- strategies shared by several paths ------------------------------------------------------

# Characters that break things: line breaks of every kind, controls, tabs, the private-use
# range archcite marks italics with, a BOM, non-BMP, combining marks, quotes and brackets.
AWKWARD = (
    "\n\r\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00\x01\x1b\x7f\ue000\ue001\ufeff\ufffd\U0001f600\u0301"
    "“”‘’«»–—…&<>'\"\\/:;,.#%*!?|[]{}()-_~@$^`= "
)


def garbage_text(max_size: int = 200) -> st.SearchStrategy[str]:
    """Text heavy in characters that break parsers (no lone surrogates: no decoder yields them)."""
    return st.text(
        st.one_of(st.sampled_from(AWKWARD), st.characters(codec="utf-8")),
        max_size=max_size,
    )


def xml_text(max_size: int = 80) -> st.SearchStrategy[str]:
    """Text XML can hold (lxml refuses the rest): no controls but tab and newlines, no U+FFFE/U+FFFF."""
    return st.text(
        st.one_of(
            st.sampled_from("\t\n\r"),
            st.characters(min_codepoint=0x20, codec="utf-8", exclude_characters="\ufffe\uffff"),
        ),
        max_size=max_size,
    )


# --- never unbounded memory ------------------------------------------------------------------

MAX_GROWTH = 1 << 30  # bytes a module's inputs may add to the process's peak memory


def _peak_memory() -> int | None:
    """The process's peak resident memory in bytes (None where the platform does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


@pytest.fixture(autouse=True, scope="module")
def _bounded_memory() -> Iterator[None]:
    """Never unbounded memory: the inputs of one module raise the peak memory of the process by less than 1 GiB.

    Inputs are bounded (deadlines stop a hang); a size limit that does not hold, such as an alias or
    entity bomb expanded, shows here.
    """
    before = _peak_memory()
    yield
    after = _peak_memory()
    if before is not None and after is not None:
        assert after - before < MAX_GROWTH, f"peak memory grew by {(after - before) / 2**20:.0f} MiB"
