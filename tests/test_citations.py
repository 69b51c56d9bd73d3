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
        "Embassy in Guatemala to Department of State, telegram 345, March 3, 1953, 1447–48.\n"
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


def _volume_with_editors(root: Path, count: int) -> Path:
    editors = ", ".join(f"Editor {chr(65 + i)}. Name{i}" for i in range(count))
    write(
        root / "frus1969-76v19p1" / "volume.yaml",
        VOLUME.replace("[Daniel J. Ostrowski, Adam M. Howard]", f"[{editors}]"),
    )
    return root


@pytest.mark.parametrize(
    ("count", "style", "note_editors", "bib_editors"),
    [
        (
            3,
            ["--edition", "18"],
            "ed. Editor A. Name0 et al.",
            "Edited by Editor A. Name0, Editor B. Name1, and Editor C. Name2.",
        ),
        (
            3,
            ["--edition", "17"],
            "ed. Editor A. Name0, Editor B. Name1, and Editor C. Name2",
            "Edited by Editor A. Name0, Editor B. Name1, and Editor C. Name2.",
        ),
        (
            4,
            ["--edition", "17"],
            "ed. Editor A. Name0 et al.",
            "Edited by Editor A. Name0, Editor B. Name1, Editor C. Name2, and Editor D. Name3.",
        ),
        (
            8,
            ["--edition", "18"],
            "ed. Editor A. Name0 et al.",
            "Edited by Editor A. Name0, Editor B. Name1, Editor C. Name2, et al.",
        ),
        (
            8,
            ["--edition", "17"],
            "ed. Editor A. Name0 et al.",
            "Edited by Editor A. Name0, Editor B. Name1, Editor C. Name2, Editor D. Name3, Editor E. Name4, "
            "Editor F. Name5, Editor G. Name6, and Editor H. Name7.",
        ),
        (
            4,
            ["--style", "turabian"],
            "ed. Editor A. Name0 et al.",
            "Edited by Editor A. Name0, Editor B. Name1, Editor C. Name2, and Editor D. Name3.",
        ),
    ],
)
def test_editors_et_al_by_edition(
    runner: CliRunner, store: Path, count: int, style: list[str], note_editors: str, bib_editors: str
) -> None:
    """CMOS 14.76: notes give the first editor and et al. from three editors (CMOS 18) or four (CMOS 17,
    Turabian); bibliographies list up to six (18) or ten (17), then the first three or seven and et al."""
    _volume_with_editors(store, count)
    args = style if style[0] == "--style" else ["--style", "chicago", *style]
    code, note, _ = cite(runner, store, "frus1969-76v19p1-d5", *args)
    assert code == 0
    assert f"Korea, 1969–1972, {note_editors} (Washington" in note
    code, bib, _ = cite(runner, store, "frus1969-76v19p1-d5", *args, "--form", "bib")
    assert bib_editors in bib


def test_a_dated_item_keeps_its_date_in_short_notes(runner: CliRunner, tmp_path: Path) -> None:
    """Two diary entries of one collection differ in their short notes by their dates (decision D18)."""
    for day in ("25", "27"):
        write(
            tmp_path / f"diary-{day}.yaml",
            f"id: diary-{day}\nkind: diary entry\nfrom: [{{name: Harry S. Truman}}]\ndate: 1950-06-{day}\n"
            "archive: {repository: Truman Library, collection: Papers of Harry S. Truman}\n",
        )
    code, out, _ = cite(runner, tmp_path, "diary-25", "diary-27", "--form", "short")
    assert (code, out) == (
        0,
        "Diary entry by Truman, June 25, 1950, Papers of Harry S. Truman.\n"
        "Diary entry by Truman, June 27, 1950, Papers of Harry S. Truman.\n",
    )


def test_telegram_short_notes_keep_the_number(runner: CliRunner, store: Path) -> None:
    """Two telegrams of one day between two posts: the number tells them apart (decision D19); a message's
    short note has none (the rules' `Kissinger to Nixon, November 23, 1972, doc. 120.`)."""
    code, out, _ = cite(runner, store, "frus1952-54Guat-d7", "--form", "short")
    assert (code, out) == (0, "Embassy in Guatemala to Department of State, telegram 345, March 3, 1953, 1447–48.\n")


def test_a_particle_that_begins_a_note_is_capitalized(runner: CliRunner, tmp_path: Path) -> None:
    """CMOS 8.5: `De Gaulle to Kennedy` at the start of a short note, `Charles de Gaulle` in the full note."""
    write(
        tmp_path / "dg.yaml",
        "id: dg\nkind: letter\ndate: 1962-10-23\nfrom: [{name: Charles de Gaulle, short: de Gaulle}]\n"
        "to: [{name: John F. Kennedy}]\narchive: {repository: Kennedy Library, collection: President's Office Files}\n",
    )
    assert cite(runner, tmp_path, "dg", "--form", "short")[1] == "De Gaulle to Kennedy, October 23, 1962.\n"
    assert cite(runner, tmp_path, "dg")[1].startswith("Charles de Gaulle to John F. Kennedy, October 23, 1962, ")


def test_box_first_is_an_option_and_folder_first_the_default(runner: CliRunner, tmp_path: Path) -> None:
    """D6 keeps CMOS's most specific level first (folder 3, box 65); --box-first writes box 65, folder 3."""
    write(
        tmp_path / "memo.yaml",
        "id: memo\nkind: memorandum\nfrom: [{name: Dean Acheson}]\ndate: 1950-06-28\n"
        "archive: {repository: Truman Library, collection: Acheson Papers, box: '65', folder: '3'}\n",
    )
    default = cite(runner, tmp_path, "memo")[1]
    assert "Memorandum by Dean Acheson, June 28, 1950, folder 3, box 65, Acheson Papers, Truman Library." in default
    assert cite(runner, tmp_path, "memo", "--box-first")[1] == default.replace("folder 3, box 65", "box 65, folder 3")
