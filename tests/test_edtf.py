"""EDTF level 1 dates: what records accept, and how Chicago prints them."""

from __future__ import annotations

import pytest

from archcite import edtf

FORMATTED = [
    ("1972-11-23", "November 23, 1972"),
    ("1972-11", "November 1972"),
    ("1972", "1972"),
    ("1772~", "ca. 1772"),
    ("1972?", "1972?"),
    ("1972%", "ca. 1972?"),
    ("197X", "1970s"),
    ("1972-21", "Spring 1972"),
    ("1970-11-03T09:42:00Z", "November 3, 1970"),
    ("1972-11-18/1972-11-25", "November 18–25, 1972"),
    ("1972-11-18/1972-12-02", "November 18–December 2, 1972"),
    ("1972-12-28/1973-01-03", "December 28, 1972–January 3, 1973"),
    ("1972-10/1972-11", "October–November 1972"),
    ("1969/1976", "1969–1976"),
]


@pytest.mark.parametrize(("text", "expected"), FORMATTED)
def test_format(text: str, expected: str) -> None:
    """Each EDTF form prints in Chicago's words, ranges with an en dash."""
    assert edtf.format_date(edtf.parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Novemebr 23", "'Novemebr 23' is not a date (EDTF: 1972-11-23, 1972-11, 1972, 1772~, …)"),
        ("1972-02-30", "'1972-02-30': February 1972 has no day 30"),
        ("1900-02-29", "'1900-02-29': February 1900 has no day 29"),
        ("1972-13", "'1972-13': there is no month 13"),
        ("1972-11-25/1972-11-18", "'1972-11-25/1972-11-18': the interval ends before it starts"),
        ("1972/..", "'1972/..': open or unknown interval ends are not supported"),
        ("1972-11-23T", "'1972-11-23T' is not a date (EDTF: 1972-11-23, 1972-11, 1972, 1772~, …)"),
    ],
)
def test_invalid(text: str, message: str) -> None:
    """Dates that do not exist, and ranges out of order, are refused with the reason."""
    with pytest.raises(edtf.DateError) as e:
        edtf.parse(text)
    assert str(e.value) == message


def test_leap_day() -> None:
    """February 29 exists in leap years."""
    assert edtf.format_date(edtf.parse("1972-02-29")) == "February 29, 1972"


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("1972-12-15/1972-24", 19721215, 19730228),  # winter 1972 runs into February 1973
        ("1972-21/1972-22", 19720301, 19720831),
        ("1972/1972-06", 19720101, 19720630),
    ],
)
def test_an_interval_is_judged_by_the_days_its_ends_can_mean(text: str, first: int, last: int) -> None:
    assert edtf.span(edtf.parse(text)) == (first, last)


def test_an_interval_that_ends_before_any_day_it_starts_is_refused() -> None:
    with pytest.raises(edtf.DateError, match="ends before it starts"):
        edtf.parse("1973-03/1972-24")
