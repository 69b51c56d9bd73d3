"""Citation shapes beyond the bundled records: parts, descriptors, page-cited volumes, online originals."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import main

VOLUME = """id: frus1969-76v19p1
subseries: 1969–1976
volume: XIX
part: "1"
title: Korea, 1969–1972
editors: [Daniel J. Ostrowski, Adam M. Howard]
general_editor: Edward C. Keefer
publisher: Government Printing Office
publisher_place: Washington, DC
year: 2010
url: https://history.state.gov/historicaldocuments/frus1969-76v19p1
"""

OLD_VOLUME = """id: frus1952-54Guat
subseries: 1952–1954
title: Guatemala
editors: [Susan Holly]
publisher: Government Printing Office
publisher_place: Washington, DC
year: 2003
"""


def cite(runner: CliRunner, root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, ["cite", *args, "--records", str(root)])
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def store(tmp_path: Path) -> Path:
    write(tmp_path / "frus1969-76v19p1" / "volume.yaml", VOLUME)
    write(
        tmp_path / "frus1969-76v19p1" / "d5.yaml",
        "id: frus1969-76v19p1-d5\nkind: memorandum\nfrom: [{name: John Foster Dulles}]\nnumber: '12'\n"
        "date: 1969-02-03\nplace: Washington\npublished_in: {volume: frus1969-76v19p1, document: 5}\n",
    )
    write(tmp_path / "frus1952-54Guat" / "volume.yaml", OLD_VOLUME)
    write(
        tmp_path / "frus1952-54Guat" / "d7.yaml",
        "id: frus1952-54Guat-d7\nkind: telegram\nnumber: '345'\ndate: 1953-03-03\n"
        "from: [{name: Embassy in Guatemala, office: true}]\nto: [{name: Department of State, office: true}]\n"
        "published_in: {volume: frus1952-54Guat, document: 7, pages: 1447–1448}\n",
    )
    return tmp_path


def test_volume_part_and_two_editors(runner: CliRunner, store: Path) -> None:
    """A volume in parts prints `vol. 19, pt. 1`; two editors are joined with "and"."""
    code, out, _ = cite(runner, store, "frus1969-76v19p1-d5")
    assert (code, out) == (
        0,
        "Memorandum 12 by John Foster Dulles, Washington, February 3, 1969, in Foreign "
        "Relations of the United States, 1969–1976, ed. Edward C. Keefer, vol. 19, pt. 1, "
        "Korea, 1969–1972, ed. Daniel J. Ostrowski and Adam M. Howard (Washington, DC: "
        "Government Printing Office, 2010), doc. 5.\n",
    )


def test_bibliography_with_part(runner: CliRunner, store: Path) -> None:
    """The volume's bibliography entry has its part and all its editors."""
    assert cite(runner, store, "frus1969-76v19p1-d5", "--form", "bib")[1] == (
        "U.S. Department of State. Foreign Relations of the United States, 1969–1976. Vol. 19, pt. 1, Korea, "
        "1969–1972. Edited by Daniel J. Ostrowski and Adam M. Howard. Washington, DC: Government Printing "
        "Office, 2010.\n"
    )


def test_volume_before_1955_is_cited_by_page(runner: CliRunner, store: Path) -> None:
    """Volumes before the 1955–1957 subseries are cited by page, abbreviated as Chicago does."""
    code, out, _ = cite(runner, store, "frus1952-54Guat-d7")
    assert (code, out) == (
        0,
        "Embassy in Guatemala to Department of State, telegram 345, March 3, 1953, in "
        "Foreign Relations of the United States, 1952–1954, Guatemala, "
        "ed. Susan Holly (Washington, DC: Government Printing Office, 2003), 1447–48.\n",
    )
    assert cite(runner, store, "frus1952-54Guat-d7", "--form", "short")[1] == (
        "Embassy in Guatemala to Department of State, March 3, 1953, 1447–48.\n"
    )


def test_missing_volume_is_a_citation_error(runner: CliRunner, store: Path) -> None:
    """A print citation whose volume record is missing exits 1 and says which volume."""
    (store / "frus1952-54Guat" / "volume.yaml").unlink()
    assert cite(runner, store, "frus1952-54Guat-d7") == (
        1,
        "",
        f"archcite: frus1952-54Guat-d7: volume 'frus1952-54Guat' is not in {store}\n",
    )


def test_archival_original_online(runner: CliRunner, tmp_path: Path) -> None:
    """A digitized original ends with its URL; undated, Chicago gives the access date."""
    write(
        tmp_path / "scan.yaml",
        "id: scan\nkind: report\ntitle: Field report\nurl: https://example.org/scan/1\n"
        "accessed: 2026-11-01\narchive: {repository: National Archives}\n",
    )
    assert cite(runner, tmp_path, "scan") == (
        0,
        "Field report, n.d., National Archives, accessed November 1, 2026, https://example.org/scan/1.\n",
        "",
    )
    assert cite(runner, tmp_path, "scan", "--form", "bib")[1] == "National Archives.\n"


def test_numbers_yaml_would_change_stay_text(runner: CliRunner, tmp_path: Path) -> None:
    """`14200:13` and `012` are printed as typed, not as YAML 1.1 numbers."""
    write(
        tmp_path / "x.yaml",
        "id: x\nkind: letter\nfrom: [{name: A B}]\nto: [{name: C D}]\ndate: 1733\n"
        "archive: {repository: Library, collection: MSS, call_number: 14200:13, box: 012}\n",
    )
    assert cite(runner, tmp_path, "x")[1] == "A B to C D, 1733, box 012, MSS, 14200:13, Library.\n"


def test_supplied_date_range_and_folder_label(runner: CliRunner, tmp_path: Path) -> None:
    """A supplied range prints in brackets with an en dash; a numeric folder gets its label."""
    write(
        tmp_path / "x.yaml",
        "id: x\nkind: telegram\nfrom: [{name: A B}]\nto: [{name: C D}]\n"
        "date: 1972-11-18/1972-11-25\ndate_supplied: true\n"
        "archive: {repository: Library, collection: Papers, box: 3, folder: 9}\n",
    )
    assert cite(runner, tmp_path, "x")[1] == (
        "A B to C D, telegram, [November 18–25, 1972], folder 9, box 3, Papers, Library.\n"
    )
