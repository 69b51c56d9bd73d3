"""The command line: exact output, one-line errors and documented exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from archcite import __version__
from archcite.cli import main
from conftest import RECORDS


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


LETTER = (
    "id: a\nkind: letter\ndate: 1918-09-25\nfrom: [{name: George Creel}]\nto: [{name: Colonel House}]\n"
    "archive: {repository: Yale University Library, collection: Edward M. House Papers}\n"
)


def test_version(runner: CliRunner) -> None:
    """`archcite --version` prints the version."""
    assert run(runner, "--version") == (0, f"archcite, version {__version__}\n", "")


def test_validate_bundled_records(runner: CliRunner) -> None:
    """The bundled records are valid."""
    code, out, err = run(runner, "validate", str(RECORDS))
    assert (code, out, err) == (0, "10 files checked: all valid\n", "")


def test_bad_yaml(runner: CliRunner, tmp_path: Path) -> None:
    """Malformed YAML is one line naming file, line and column; exit 1."""
    write(tmp_path / "r" / "b.yaml", "id: b\n  kind: : x\n")
    code, out, err = run(runner, "validate", str(tmp_path / "r"))
    assert (code, out) == (
        1,
        f"{tmp_path}/r/b.yaml:2:7: invalid YAML: mapping values are not allowed in this context\n",
    )
    assert err == "1 file checked: 1 invalid, 1 error\n"


def test_unknown_field_and_wrong_type_all_reported(runner: CliRunner, tmp_path: Path) -> None:
    """Every problem in a run is reported, each at its line and field path."""
    write(tmp_path / "a.yaml", LETTER.replace("kind: letter", "kind: 5").replace("collection:", "colection:"))
    code, out, _ = run(runner, "validate", str(tmp_path / "a.yaml"))
    assert code == 1
    assert out == (
        f"{tmp_path}/a.yaml:2:1: kind: input should be a valid string, not int\n"
        f"{tmp_path}/a.yaml:6:48: archive.colection: unknown field; did you mean `collection`?\n"
    )


def test_bad_date(runner: CliRunner, tmp_path: Path) -> None:
    """A date that is not EDTF is reported at its line."""
    write(tmp_path / "a.yaml", LETTER.replace("1918-09-25", "Novemebr 23"))
    code, out, _ = run(runner, "validate", str(tmp_path / "a.yaml"))
    assert (code, out) == (
        1,
        f"{tmp_path}/a.yaml:3:1: date: 'Novemebr 23' is not a date (EDTF: 1972-11-23, 1972-11, 1972, 1772~, …)\n",
    )


def test_missing_path_is_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    """A path that is not there exits 2."""
    assert run(runner, "validate", str(tmp_path / "nope")) == (
        2,
        "",
        f"archcite: no such file or directory: {tmp_path}/nope\n",
    )


def test_empty_directory_is_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    """A directory without record files exits 2."""
    assert run(runner, "validate", str(tmp_path)) == (2, "", f"archcite: no record files (*.yaml) in {tmp_path}\n")


def test_validate_json(runner: CliRunner, tmp_path: Path) -> None:
    """--format json gives the same findings for CI."""
    write(tmp_path / "a.yaml", LETTER.replace("kind: letter\n", "kind: letter\nclassification: [Top Sekret]\n"))
    code, out, _ = run(runner, "validate", str(tmp_path), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["findings"] == [
        {
            "file": f"{tmp_path}/a.yaml",
            "line": 3,
            "column": 18,
            "field": "classification[0]",
            "severity": "warning",
            "message": data["findings"][0]["message"],
        }
    ]
    assert data["findings"][0]["message"].startswith("unknown classification 'Top Sekret' (known: Top Secret,")
    assert (data["files"], data["invalid"], data["errors"], data["warnings"]) == (1, 0, 0, 1)


def test_cross_file_checks(runner: CliRunner, records: Path) -> None:
    """Ids match file names and are unique; volumes exist; document numbers are unique in a volume."""
    d120 = (records / "frus1969-76v09" / "d120.yaml").read_text(encoding="utf-8")
    write(records / "other" / "d120.yaml", d120)
    write(
        records / "orphan.yaml",
        d120.replace("id: frus1969-76v09-d120", "id: orphan").replace(
            "volume: frus1969-76v09", "volume: frus1969-76v99"
        ),
    )
    code, out, _ = run(runner, "validate", str(records))
    assert code == 1
    assert out == (
        f"{records}/orphan.yaml:36:3: published_in.volume: no volume record 'frus1969-76v99'\n"
        f"{records}/other/d120.yaml:2:1: id: id 'frus1969-76v09-d120' does not match the file name "
        "(expected 'd120' or 'other-d120')\n"
        f"{records}/other/d120.yaml:2:1: id: id 'frus1969-76v09-d120' is also the id of "
        f"{records}/frus1969-76v09/d120.yaml\n"
        f"{records}/other/d120.yaml:37:3: published_in.document: document 120 of frus1969-76v09 is also "
        "frus1969-76v09-d120\n"
    )


def test_unknown_id_lists_nearest(runner: CliRunner) -> None:
    """An unknown id exits 1 and names the nearest ids."""
    assert run(runner, "cite", "frus1969-76v09-d12", "--records", str(RECORDS)) == (
        1,
        "",
        f"archcite: no record 'frus1969-76v09-d12' in {RECORDS}; nearest: frus1969-76v09-d120, frus1969-76v12-d220\n",
    )


def test_ambiguous_number_lists_candidates(runner: CliRunner, records: Path) -> None:
    """A document number held by two records exits 1 and lists both."""
    write(records / "other" / "d120.yaml", "id: other-d120\n")
    assert run(runner, "cite", "120", "--records", str(records)) == (
        1,
        "",
        "archcite: document number 120 is ambiguous: frus1969-76v09/d120.yaml, other/d120.yaml; give the full id\n",
    )


def test_invalid_record_when_citing(runner: CliRunner, tmp_path: Path) -> None:
    """Citing an invalid record names its file, line and field."""
    write(tmp_path / "a.yaml", LETTER.replace("1918-09-25", "1918-02-30"))
    assert run(runner, "cite", "a", "--records", str(tmp_path)) == (
        1,
        "",
        f"archcite: {tmp_path}/a.yaml:3:1: date: '1918-02-30': February 1918 has no day 30\n",
    )


def test_unknown_style(runner: CliRunner) -> None:
    """An unknown style name exits 2."""
    assert run(runner, "cite", "120", "--style", "mla", "--records", str(RECORDS)) == (
        2,
        "",
        "archcite: unknown style 'mla' (known: chicago, turabian, or a path to a .csl file)\n",
    )


def test_csl_file_that_is_not_xml(runner: CliRunner, tmp_path: Path) -> None:
    """A CSL file that is not XML exits 2 with the file and line."""
    bad = write(tmp_path / "bad.csl", "not xml\n")
    assert run(runner, "cite", "120", "--style", str(bad), "--records", str(RECORDS)) == (
        2,
        "",
        f"archcite: {bad}:1: not a CSL style: not well-formed XML: "
        "Start tag expected, '<' not found, line 1, column 1\n",
    )


def test_csl_file_with_entities_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    """A CSL file with a DTD is refused; no entity is expanded."""
    bad = write(
        tmp_path / "x.csl",
        '<?xml version="1.0"?><!DOCTYPE style [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<style xmlns="http://purl.org/net/xbiblio/csl">&x;</style>',
    )
    code, _, err = run(runner, "cite", "120", "--style", str(bad), "--records", str(RECORDS))
    assert (code, err) == (2, f"archcite: {bad}: not a CSL style: DTDs are not allowed in CSL files\n")


def test_style_given_by_path(runner: CliRunner) -> None:
    """A CSL file given by path renders, and a dependent one is followed to its parent."""
    chicago = run(runner, "cite", "120", "--records", str(RECORDS))
    path = RECORDS.parent / "styles" / "chicago-17.csl"
    assert run(runner, "cite", "120", "--style", str(path), "--records", str(RECORDS)) == chicago


def test_version_the_record_lacks(runner: CliRunner) -> None:
    """Asking for a version the record lacks is a clear error."""
    assert run(runner, "cite", "creel-house-1918", "--version", "print", "--records", str(RECORDS)) == (
        1,
        "",
        "archcite: creel-house-1918 is not published (no published_in:); try --version archive\n",
    )


def test_several_ids_and_json_lines(runner: CliRunner) -> None:
    """Several ids print one citation each; json is one object per line."""
    code, out, _ = run(
        runner, "cite", "120", "ryan-papers", "--form", "short", "--format", "json", "--records", str(RECORDS)
    )
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(x["id"], x["version"], x["text"]) for x in lines] == [
        ("frus1969-76v09-d120", "print", "Kissinger to Nixon, November 23, 1972, doc. 120."),
        ("ryan-papers", "archive", "Papers of Desmond Ryan."),
    ]


def test_turabian_online_without_access_date_warns(runner: CliRunner) -> None:
    """Turabian online without an access date still prints, with a warning."""
    code, out, err = run(runner, "cite", "120", "--style", "turabian", "--version", "online", "--records", str(RECORDS))
    assert code == 0
    assert out.endswith("doc. 120, https://history.state.gov/historicaldocuments/frus1969-76v09/d120.\n")
    assert err == "archcite: warning: Turabian gives an access date for online sources: add --accessed DATE\n"


def test_bad_access_date(runner: CliRunner) -> None:
    """--accessed needs a full date."""
    assert run(runner, "cite", "120", "--accessed", "1972", "--records", str(RECORDS)) == (
        2,
        "",
        "archcite: --accessed: give a full date, YYYY-MM-DD\n",
    )


def test_records_from_environment(runner: CliRunner, tmp_path: Path) -> None:
    """ARCHCITE_RECORDS chooses the records directory."""
    write(tmp_path / "a.yaml", LETTER)
    result = runner.invoke(main, ["cite", "a"], env={"ARCHCITE_RECORDS": str(tmp_path)})
    assert (
        result.stdout == "George Creel to Colonel House, September 25, 1918, Edward M. House Papers, "
        "Yale University Library.\n"
    )


def test_show_yaml_round_trips(runner: CliRunner) -> None:
    """`show --format yaml` prints the record's fields."""
    code, out, _ = run(runner, "show", "purcell-map-1772", "--format", "yaml", "--records", str(RECORDS))
    assert code == 0
    assert out.startswith("id: purcell-map-1772\nkind: map\ndocument_title: A Map of the Southern Indian")
    assert "date: 1772~\ndate_supplied: true\n" in out


def test_show_json(runner: CliRunner) -> None:
    """`show --format json` prints the record as JSON with the record's own field names."""
    code, out, _ = run(runner, "show", "120", "--format", "json", "--records", str(RECORDS))
    data = json.loads(out)
    assert (code, data["from"][0]["name"], data["archive"]["box"]) == (0, "Henry A. Kissinger", "857")


def test_show_panel(runner: CliRunner) -> None:
    """`show --format panel` draws the record as a tree in a panel titled with its id."""
    code, out, _ = run(runner, "show", "120", "--format", "panel", "--records", str(RECORDS))
    assert code == 0
    assert "frus1969-76v09-d120" in out.splitlines()[0]
    assert "│ ├── kind: message" in out
    assert "│ │       ├── name: Henry A. Kissinger" in out
    assert "box: 857" in out


def test_page_range_and_url_checked(runner: CliRunner, tmp_path: Path) -> None:
    """A page range that runs backwards and a malformed URL are reported at their fields."""
    write(
        tmp_path / "v" / "volume.yaml",
        "id: v\nvolume: I\ntitle: T\neditors: [A B]\npublisher: P\n"
        "publisher_place: Washington, DC\nyear: 2000\nurl: history.state.gov/v\n",
    )
    write(
        tmp_path / "v" / "d1.yaml",
        "id: v-d1\nkind: memorandum\npublished_in: {volume: v, document: 1, pages: 435–433}\n",
    )
    code, out, _ = run(runner, "validate", str(tmp_path))
    assert (code, out) == (
        1,
        (
            f"{tmp_path}/v/d1.yaml:3:40: published_in.pages: '435–433': the range ends before it starts\n"
            f"{tmp_path}/v/volume.yaml:8:1: url: 'history.state.gov/v' is not a well-formed http(s) URL\n"
        ),
    )


def test_parse_source_json(runner: CliRunner) -> None:
    """`parse-source` prints the structure of a source note as JSON for scripts."""
    code, out, _ = run(
        runner, "parse-source", "Source: Department of State, Central Files, 793.5/3–355. Secret.", "--format", "json"
    )
    data = json.loads(out)
    assert code == 0
    assert (data["status"], data["archive"], data["classification"]) == (
        "full",
        {"repository": "Department of State", "series": ["Central Files"], "file_code": "793.5/3–355"},
        ["Secret"],
    )


def test_parse_source_from_stdin(runner: CliRunner) -> None:
    """`parse-source -` reads the note from standard input."""
    result = runner.invoke(
        main,
        ["parse-source", "-", "--format", "json"],
        input="Source: Carter Library, Presidential File, Box 9. No classification marking.",
    )
    assert json.loads(result.stdout)["archive"]["box"] == "9"
