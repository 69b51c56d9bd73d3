"""`archcite notes` and `archcite bib`: a writer's footnote sequence and its bibliography."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import main
from archcite.errors import UsageError
from archcite.footnotes import parse_locator, parse_sequence
from archcite.options import Locator
from conftest import RECORDS
from test_rules import D120_NOTE

SHORT = "Kissinger to Nixon, November 23, 1972, doc. 120"


def notes(runner: CliRunner, text: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, ["notes", "--records", str(RECORDS), *args], input=text)
    return result.exit_code, result.stdout, result.stderr


def test_pipeline_of_the_issue(runner: CliRunner) -> None:
    """Note 1 full, note 2 short with its page, note 3 short."""
    assert notes(runner, "120\n120, p. 434\nfrus1969-76v09-d120\n", "--style", "chicago") == (
        0,
        f"1. {D120_NOTE}\n2. {SHORT}, 434.\n3. {SHORT}.\n",
        "",
    )


def test_ibid_only_when_asked(runner: CliRunner) -> None:
    """With --ibid a source cited just before is Ibid.; a new pinpoint follows it; no pinpoint after one is short."""
    code, out, _ = notes(runner, "120\n120, p. 434\n120, p. 434\n120\ncreel-house-1918\ncreel-house-1918\n", "--ibid")
    assert code == 0
    assert out.splitlines()[1:] == ["2. Ibid., 434.", "3. Ibid.", f"4. {SHORT}.", out.splitlines()[4], "6. Ibid."]
    assert out.splitlines()[4].startswith("5. George Creel to Colonel House")


def test_other_locators_keep_their_label(runner: CliRunner) -> None:
    code, out, _ = notes(runner, "frus1969-76v09-d120 | para. 3\n120 | ¶ 4\n", "--ibid")
    assert code == 0
    assert out.splitlines() == [f"1. {D120_NOTE[:-1]}, para. 3.", "2. Ibid., para. 4."]


def test_page_outside_the_document_warns(runner: CliRunner) -> None:
    """A page outside the document's printed pages is cited, with a warning."""
    code, out, err = notes(runner, "120, p. 500\n")
    assert out == f"1. {D120_NOTE[:-1]}, 500.\n"
    assert (code, err) == (0, "archcite: warning: note 1: page 500 is outside frus1969-76v09-d120's pages 433–435\n")


def test_json_lines(runner: CliRunner) -> None:
    """--format json: one object per note with number, id, form, text and html."""
    code, out, _ = notes(runner, "120\n120, p. 434\n", "--format", "json")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(x["number"], x["id"], x["form"], x["text"]) for x in lines] == [
        (1, "frus1969-76v09-d120", "note", D120_NOTE),
        (2, "frus1969-76v09-d120", "short", f"{SHORT}, 434."),
    ]
    assert "<i>Foreign Relations of the United States, 1969–1976</i>" in lines[0]["html"]


def test_notes_with_bibliography(runner: CliRunner) -> None:
    """--bibliography appends one entry per collection and volume cited, sorted."""
    code, out, _ = notes(runner, "120\ncreel-house-1918\n120\n", "--bibliography")
    assert code == 0
    assert out.split("\n\nBibliography\n\n")[1] == (
        "Edward M. House Papers. Yale University Library, New Haven, CT.\n"
        "U.S. Department of State. Foreign Relations of the United States, 1969–1976. Vol. 9, Vietnam, October "
        "1972–January 1973. Edited by John M. Carland. Washington, DC: Government Printing Office, 2010.\n"
    )


def test_bad_sequence_line(runner: CliRunner) -> None:
    """A line that is no citation is a usage error naming the line."""
    assert notes(runner, "120\n120, pg. 4\n") == (
        2,
        "",
        "archcite: <stdin>:2: unknown locator 'pg. 4' (known: app., chap., col., fig., fol., fols., l., ll., "
        "n., nn., p., para., paras., pp., sec., vol., or a bare page number)\n",
    )


def test_unknown_record_in_sequence(runner: CliRunner) -> None:
    code, _, err = notes(runner, "120\nnope\n")
    assert (code, err) == (1, f"archcite: no record 'nope' in {RECORDS}\n")


@pytest.mark.parametrize(
    ("text", "locator"),
    [
        ("434", Locator("page", "434")),
        ("p. 434", Locator("page", "434")),
        ("pp. 433-35", Locator("page", "433–35")),
        ("para. 3", Locator("paragraph", "3")),
        ("n. 12", Locator("note", "12")),
        ("", None),
    ],
)
def test_parse_locator(text: str, locator: Locator | None) -> None:
    assert parse_locator(text) == locator


def test_sequence_skips_blank_lines_and_comments() -> None:
    requests = parse_sequence("# chapter 3\n\n120  # the Paris talks\n  creel-house-1918 , p. 2\n", "s")
    assert [(r.ident, r.locator, r.line) for r in requests] == [
        ("120", None, 3),
        ("creel-house-1918", Locator("page", "2"), 4),
    ]


def test_sequence_rejects_garbage() -> None:
    with pytest.raises(UsageError, match="is not a record id or document number"):
        parse_sequence("../../etc/passwd\n", "s")


def test_bib_one_entry_per_container_sorted(runner: CliRunner) -> None:
    """`bib --all`: each collection and volume once, alphabetical, volumes by number; n.d. never appears."""
    result = runner.invoke(main, ["bib", "--all", "--records", str(RECORDS)])
    lines = result.stdout.splitlines()
    numbered = [re.sub(r"Vol\. (\d+)", lambda m: f"Vol. {int(m.group(1)):04d}", line) for line in lines]
    assert numbered == sorted(numbered, key=str.casefold)
    assert any("Vol. 9," in line for line in lines)
    assert any("Vol. 12," in line for line in lines)
    assert len(lines) == len(set(lines)) == 8
    assert "n.d." not in result.stdout


def test_bib_of_ids_without_duplicates(runner: CliRunner) -> None:
    result = runner.invoke(main, ["bib", "120", "frus1969-76v09-d120", "--records", str(RECORDS), "--format", "json"])
    assert [json.loads(line)["text"][:34] for line in result.stdout.splitlines()] == [
        "U.S. Department of State. Foreign "
    ]


def test_bib_volumes_sort_by_number(runner: CliRunner, tmp_path: Path) -> None:
    """Vol. 9 comes before vol. 12."""
    import shutil

    shutil.copytree(RECORDS / "frus1969-76v09", tmp_path / "frus1969-76v09")
    shutil.copytree(RECORDS / "frus1969-76v09", tmp_path / "frus1969-76v12")
    for name in ("volume.yaml", "d120.yaml"):
        path = tmp_path / "frus1969-76v12" / name
        path.write_text(
            path.read_text(encoding="utf-8")
            .replace("frus1969-76v09", "frus1969-76v12")
            .replace("volume: IX", "volume: XII"),
            encoding="utf-8",
        )
    result = runner.invoke(main, ["bib", "--all", "--records", str(tmp_path)])
    assert [re.search(r"Vol\. \d+", line)[0] for line in result.stdout.splitlines()] == ["Vol. 9", "Vol. 12"]  # type: ignore[index]


def test_bib_needs_ids_or_all(runner: CliRunner) -> None:
    result = runner.invoke(main, ["bib", "--records", str(RECORDS)])
    assert (result.exit_code, result.stderr) == (2, "archcite: give record ids, or --all\n")


@pytest.mark.parametrize(
    ("typed", "label", "value"),
    [
        ("pp. 433–35", "page", "433–35"),
        ("p.434", "page", "434"),
        ("pp.433-34", "page", "433–34"),
        ("pp. 433-435", "page", "433–35"),
        ("434, 436-438", "page", "434, 436–38"),
        ("1447-1448", "page", "1447–48"),
        ("para. 3", "paragraph", "3"),
        ("§ 4", "section", "4"),
    ],
)
def test_locators_as_writers_type_them(typed: str, label: str, value: str) -> None:
    """With or without a space after the label; a page range abbreviated as Chicago does (CMOS 9.63)."""
    assert parse_locator(typed) == Locator(label, value)


def test_an_unknown_locator_is_quoted_whole() -> None:
    with pytest.raises(UsageError, match=r"unknown locator 'pg 5' \(known: "):
        parse_locator("pg 5")


def test_an_abbreviated_range_inside_the_pages_is_not_outside(runner: CliRunner) -> None:
    """Document 120 is on pages 433–435: `pp. 433–35` is inside them; page 440 is not."""
    code, out, err = notes(runner, "120, pp. 433–35\n120, 434-435\n120, p. 440\n")
    assert code == 0
    assert err == "archcite: warning: note 3: page 440 is outside frus1969-76v09-d120's pages 433–435\n"
    assert out.splitlines()[1] == "2. Kissinger to Nixon, November 23, 1972, doc. 120, 434–35."


def test_a_pinpoint_in_an_original_follows_its_date_with_its_label(runner: CliRunner) -> None:
    """A bare number after the repository's place (`…, New Haven, CT, 2.`) would say nothing."""
    code, out, _ = notes(runner, "creel-house-1918, 2\ncreel-house-1918, p. 3\n")
    assert (code, out) == (
        0,
        "1. George Creel to Colonel House, September 25, 1918, p. 2, Edward M. House Papers, Yale University "
        "Library, New Haven, CT.\n2. Creel to House, September 25, 1918, p. 3.\n",
    )
