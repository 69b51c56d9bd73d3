"""The worked examples of the citation rules (§7), through the real `archcite cite`."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from archcite.cli import main
from conftest import RECORDS

D120_NOTE = (
    "Henry A. Kissinger to Richard M. Nixon, message Hakto 23, Paris, November 23, 1972, in Foreign "
    "Relations of the United States, 1969–1976, ed. Edward C. Keefer, vol. 9, Vietnam, October "
    "1972–January 1973, ed. John M. Carland (Washington, DC: Government Printing Office, 2010), doc. 120."
)

EXAMPLES = [
    # Published archival examples, copied from their sources.
    (
        "creel-house-1918",
        [],
        "George Creel to Colonel House, September 25, 1918, Edward M. House Papers, Yale University "
        "Library, New Haven, CT.",
    ),
    (
        "oglethorpe-trustees-1733",
        [],
        "James Oglethorpe to the Trustees, January 13, 1733, Phillipps Collection of Egmont Manuscripts, "
        "14200:13, University of Georgia Library, Athens (hereafter cited as Egmont MSS).",
    ),
    (
        "johnson-memorandum-1937",
        [],
        "Memorandum by Alvin Johnson, 1937, file 36, Horace Kallen Papers, YIVO Institute, New York.",
    ),
    (
        "purcell-map-1772",
        [],
        "Joseph Purcell, “A Map of the Southern Indian District of North America” [ca. 1772], MS 228, "
        "Ayer Collection, Newberry Library, Chicago.",
    ),
    (
        "wctu-childrens-workbook",
        [],
        "Children's Workbook, n.d., Woman's Christian Temperance Union (Amsden, Ohio), Bowling Green "
        "State University Library.",
    ),
    (
        "wctu-childrens-workbook",
        ["--form", "bib"],
        "Woman's Christian Temperance Union (Amsden, Ohio). Papers. Bowling Green State University Library.",
    ),
    ("ryan-papers", ["--form", "bib"], "Papers of Desmond Ryan. UCD Archives, University College Dublin, Ireland."),
    # Document 120.
    ("120", [], D120_NOTE),
    (
        "120",
        ["--version", "online"],
        D120_NOTE[:-1] + ", https://history.state.gov/historicaldocuments/frus1969-76v09/d120.",
    ),
    (
        "120",
        ["--version", "archive"],
        "Henry A. Kissinger to Richard M. Nixon, message Hakto 23, Paris, November 23, 1972, For the "
        "President’s Files (Winston Lord)—China Trip/Vietnam, Sensitive Camp David, Vol. XXI (2), box 857, "
        "NSC Files, Nixon Presidential Materials, National Archives, College Park, MD.",
    ),
    ("120", ["--form", "short"], "Kissinger to Nixon, November 23, 1972, doc. 120."),
    (
        "120",
        ["--form", "bib"],
        "U.S. Department of State. Foreign Relations of the United States, 1969–1976. Vol. 9, Vietnam, "
        "October 1972–January 1973. Edited by John M. Carland. Washington, DC: Government Printing "
        "Office, 2010.",
    ),
    (
        "120",
        ["--frus-title", "heading"],
        "“Message From the President’s Assistant for National Security Affairs (Kissinger) to President "
        "Nixon,” November 23, 1972, in Foreign Relations of the United States, 1969–1976, ed. Edward C. "
        "Keefer, vol. 9, Vietnam, October 1972–January 1973, ed. John M. Carland (Washington, DC: "
        "Government Printing Office, 2010), doc. 120.",
    ),
    ("120", ["--no-general-editor"], D120_NOTE.replace(", ed. Edward C. Keefer", "")),
    ("120", ["--markings"], D120_NOTE + " Top Secret; Flash; Sensitive; Exclusively Eyes Only."),
    (
        "120",
        ["--version", "online", "--style", "turabian", "--accessed", "2026-11-29"],
        D120_NOTE[:-1] + ", accessed November 29, 2026, "
        "https://history.state.gov/historicaldocuments/frus1969-76v09/d120.",
    ),
]


@pytest.mark.parametrize(("ident", "args", "expected"), EXAMPLES)
def test_worked_example(runner: CliRunner, ident: str, args: list[str], expected: str) -> None:
    """`archcite cite` prints the worked example exactly."""
    result = runner.invoke(main, ["cite", ident, "--records", str(RECORDS), *args])
    assert (result.exit_code, result.stdout, result.stderr) == (0, expected + "\n", "")


def test_chicago_is_the_default_style(runner: CliRunner) -> None:
    """Without --style, the citation is Chicago 18th edition."""
    result = runner.invoke(main, ["cite", "120", "--records", str(RECORDS)])
    assert result.stdout == D120_NOTE + "\n"
