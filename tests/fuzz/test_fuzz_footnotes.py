"""Fuzzing the citation-sequence parser of ``archcite notes``: ``footnotes.parse_sequence`` and ``parse_locator``.

Inputs: lines built from record ids and document numbers, ``,`` or ``|``, every locator label
archcite knows and garbage ones, values, ``#`` comments, blank lines, every kind of line break
``str.splitlines`` knows, lines longer than the 1,000-character limit; and arbitrary text.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from archcite.errors import UsageError
from archcite.footnotes import LABELS, MAX_LINE, Request, parse_locator, parse_sequence
from archcite.options import Locator

from .conftest import AWKWARD, KnownBug, check_error, fuzz_settings, garbage_text, note_event, outcome

# --- bugs found and not fixed yet: none. A new one gets a KnownBug here and an xfail(strict=True)
# test with its minimal input below; the fixed ones are the regression tests at the end. ---------

KNOWN: tuple[KnownBug, ...] = ()

# --- strategies ----------------------------------------------------------------------------------

IDENTS = st.one_of(
    st.sampled_from(["120", "0", "00120", "frus1969-76v09-d120", "creel-house-1918", "d120", "a.b-c_d", "²", "٣"]),
    st.integers(0, 10**30).map(str),
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789.-_"), min_size=1, max_size=30),
    garbage_text(20),
)
LABEL_WORDS = st.one_of(
    st.sampled_from(sorted(LABELS)),
    st.sampled_from(sorted(LABELS)).map(str.upper),
    st.sampled_from(["pg.", "p", "§§", "¶¶", "x.", "-", "–", "/", "#"]),
    garbage_text(8),
)
VALUES = st.one_of(
    st.sampled_from(["434", "433-35", "433–35", "3", "xii", "12, 14", "1-2-3", "", " ", "-", "p. 4"]),
    garbage_text(30),
)
LOCATORS = st.one_of(
    st.builds(
        lambda label, space, value: f"{label}{space}{value}", LABEL_WORDS, st.sampled_from(["", " ", "\t"]), VALUES
    ),
    VALUES,
    garbage_text(40),
)
LINE_BREAKS = ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@st.composite
def sequence_line(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["citation", "citation", "citation", "comment", "blank", "long", "garbage"]))
    if kind == "comment":
        return draw(st.sampled_from(["#", "  # ", "120 # "])) + draw(garbage_text(20))
    if kind == "blank":
        return draw(st.text(" \t", max_size=3))
    if kind == "long":
        return (
            "1" + draw(st.sampled_from(["", ", p. "])) + "2" * draw(st.sampled_from([MAX_LINE - 5, MAX_LINE, 50_000]))
        )
    if kind == "garbage":
        return draw(garbage_text(60))
    ident = draw(IDENTS)
    if draw(st.booleans()):
        return ident
    separator = draw(st.sampled_from([",", "|", ", ", " | ", ",,", "||", " , "]))
    return f"{ident}{separator}{draw(LOCATORS)}"


SEQUENCES = st.one_of(
    st.builds(
        lambda lines, breaks: "".join(line + brk for line, brk in zip(lines, breaks, strict=False)),
        st.lists(sequence_line(), max_size=20),
        st.lists(st.sampled_from(LINE_BREAKS), min_size=20, max_size=20),
    ),
    garbage_text(2_000),
    st.text(max_size=500),
)


# --- the property ----------------------------------------------------------------------------------


@fuzz_settings("footnotes-sequence")
@given(text=SEQUENCES, name=st.sampled_from(["-", "chapter3.txt", "<stdin>"]))
def test_parse_sequence(text: str, name: str) -> None:
    """parse_sequence: requests with an id and a locator or none, or a one-line UsageError; nothing else."""
    requests = outcome(lambda: parse_sequence(text, name), KNOWN)
    if requests is None:
        return
    assert isinstance(requests, list)
    for request in requests:
        assert isinstance(request, Request)
        assert request.ident
        assert request.locator is None or isinstance(request.locator, Locator)
        assert request.line >= 1
    note_event(f"{min(len(requests), 3)}{'+' if len(requests) >= 3 else ''} requests")


@fuzz_settings("footnotes-locator")
@given(text=LOCATORS | st.text(st.sampled_from(AWKWARD + "0123456789pagrs."), max_size=30))
def test_parse_locator(text: str) -> None:
    """parse_locator: None for blank text, else a Locator of a known label, or a one-line UsageError."""
    error: Exception | None = None
    try:
        locator = parse_locator(text)
    except Exception as e:
        error = e
    if error is not None:
        check_error(error, KNOWN)
        assert isinstance(error, UsageError) or any(bug.matches(error) for bug in KNOWN), error
        return
    if not text.strip():
        assert locator is None
    else:
        assert isinstance(locator, Locator)
        assert locator.label in set(LABELS.values())
        assert locator.value.strip()
    note_event("locator" if locator else "no locator")


# --- regressions: the bugs this suite found, each with its minimal input -------------------------


def test_locator_with_inner_line_break() -> None:
    """parse_locator('1\\n2') is a page locator or a UsageError, not an AssertionError.

    Found by this suite: footnotes.parse_locator: `assert m is not None` fails when . meets a newline.

    ``archcite notes`` splits lines before it calls parse_locator, so only callers of the function
    itself meet this.
    """
    outcome(lambda: parse_locator("1\n2"))
