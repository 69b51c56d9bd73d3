"""What docs/records.md warns against, `validate` warns of, with the line and the fix; YAML mistakes
are named by their cause, on their own line; a misspelt field gets the nearest field's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import main

LETTER = """id: x
kind: letter
from: [{name: Dean G. Acheson}]
to: [{name: Harry S. Truman}]
date: 1950-06-28
archive:
  repository: Harry S. Truman Library
  repository_place: Independence, MO
  collection: Dean G. Acheson Papers
"""


def validate(tmp_path: Path, text: str) -> str:
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    return (result.stdout + result.stderr).replace(str(tmp_path / "x.yaml"), "x.yaml")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("kind: letter", "kind: Letter"), "x.yaml:2:1: kind: warning: kind is printed as written (…, Letter, …)"),
        (("  collection: Dean", "  box: Box 65\n  collection: Dean"), "archive.box: warning: box: write '65' alone"),
        (
            ("  collection: Dean", "  folder: Folder 3\n  collection: Dean"),
            "archive.folder: warning: folder: write '3'",
        ),
        (
            ("  collection: Dean", "  series: [Subject Files, 1963–1966]\n  collection: Dean"),
            "archive.series[1]: warning: '1963–1966' is a series of its own: a [flow, sequence] splits at commas",
        ),
        (
            ("Acheson Papers\n", "Acheson Papers\n  collection_kind: Papers\n"),
            "collection_kind repeats the end of the collection's name (bibliography: Dean G. Acheson Papers. Papers.)",
        ),
        (
            ("date: 1950-06-28", "date: 1950-06-28\ntitle: Files #3 and #4"),
            "x.yaml:6:14: title: warning: title: ' #' starts a comment, so the value ends at 'Files'",
        ),
    ],
)
def test_warnings_with_the_fix(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    out = validate(tmp_path, LETTER.replace(*change, 1))
    assert expected in out, out
    assert out.endswith("1 file checked: all valid, 1 warning\n")


def test_a_comment_meant_as_one_is_no_warning(tmp_path: Path) -> None:
    assert validate(tmp_path, LETTER.replace("date: 1950-06-28", "date: 1950-06-28  # from the letterhead")) == (
        "1 file checked: all valid\n"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("  repository:", "\trepository:"),
            "x.yaml:7:1: invalid YAML: a tab in the indentation: YAML indents with spaces only",
        ),
        (("kind: letter", "kind letter"), "x.yaml:2:1: invalid YAML: no ':' after 'kind': write kind: …"),
        (
            ("  repository: Harry S. Truman Library", "  repository Harry S. Truman Library"),
            "x.yaml:7:3: invalid YAML: no ':' after 'repository'",
        ),
        (
            ("kind: letter", "“kind”: letter"),
            "“kind”: unknown field; curly quotation marks around a field name are part of it: write `kind`",
        ),
        (("  repository:", "  repositry:"), "archive.repositry: unknown field; did you mean `repository`?"),
    ],
)
def test_mistakes_named_by_their_cause(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    assert expected in validate(tmp_path, LETTER.replace(*change, 1))


def test_cite_names_the_misspelling_not_the_missing_field(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(LETTER.replace("  repository:", "  repositry:"), encoding="utf-8")
    result = CliRunner().invoke(main, ["cite", "x", "--records", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.endswith("archive.repositry: unknown field; did you mean `repository`?\n")


def test_two_files_with_one_id_are_both_named(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.yaml").write_text(LETTER, encoding="utf-8")
    result = CliRunner().invoke(main, ["cite", "x", "--records", str(tmp_path)])
    assert result.stderr == "archcite: id 'x' is held by more than one file: a/x.yaml, b/x.yaml\n"
    assert "full id" not in result.stderr


def test_a_repository_cited_short_gets_its_full_form(tmp_path: Path) -> None:
    out = validate(
        tmp_path,
        LETTER.replace(
            "repository: Harry S. Truman Library\n  repository_place: Independence, MO", "repository: Johnson Library"
        ),
    )
    assert (
        "archive.repository: warning: 'Johnson Library' is how FRUS source notes cite it; a note names it in full: "
        "repository: 'Lyndon Baines Johnson Library', repository_place: 'Austin, TX'"
    ) in out
