"""`archcite export` and `archcite import csl-json`: round trips, Zotero's CSL-JSON, and pandoc."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite import store
from archcite.cli import main
from archcite.models import Record
from conftest import RECORDS

DATA = Path(__file__).resolve().parent / "data"


def run(runner: CliRunner, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_csl_json_carries_the_archival_hierarchy(runner: CliRunner) -> None:
    """Keys are record ids; the archive is in the CSL 1.0.2 variables; the rest is in note."""
    items = json.loads(run(runner, "export", "120", "creel-house-1918", "--records", str(RECORDS))[1])
    d120, creel, volume = items
    assert (volume["id"], volume["type"]) == ("frus1969-76v09", "book")  # the volume the document needs
    assert (d120["id"], d120["type"], d120["chapter-number"], d120["container-title"]) == (
        "frus1969-76v09-d120",
        "document",
        "120",
        "Foreign Relations of the United States, 1969–1976",
    )
    assert (d120["archive"], d120["archive-place"], d120["archive_collection"]) == (
        "National Archives",
        "College Park, MD",
        "Nixon Presidential Materials",
    )
    assert d120["archive_location"] == (
        "For the President’s Files (Winston Lord)—China Trip/Vietnam, Sensitive "
        "Camp David, Vol. XXI (2), box 857, NSC Files"
    )
    assert d120["note"].splitlines()[:2] == [
        "Classification: Top Secret; Flash; Sensitive; Exclusively Eyes Only",
        "Remark: Sent via Haig and Kennedy.",
    ]
    assert (creel["type"], creel["recipient"], creel["issued"]) == (
        "personal_communication",
        [{"given": "Colonel", "family": "House"}],
        {"date-parts": [[1918, 9, 25]]},
    )


@pytest.mark.parametrize("fmt", ["csl-json", "csl-yaml"])
def test_round_trip_gives_equal_records(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    """Export every bundled record, import the file: the same records come back, in the same files."""
    code, out, _ = run(runner, "export", "--all", "--format", fmt, "--records", str(RECORDS))
    exported = tmp_path / "export.json"
    if fmt == "csl-yaml":  # pandoc's YAML form; import reads JSON, so convert through the same data
        import yaml

        exported.write_text(json.dumps(yaml.safe_load(out)["references"]), encoding="utf-8")
    else:
        exported.write_text(out, encoding="utf-8")
    code, out, _ = run(runner, "import", "csl-json", str(exported), "--into", str(tmp_path / "r"))
    assert (code, out) == (0, "export.json: 10 records written, 0 unchanged, 0 kept as edited\n")
    original, back = store.Store(RECORDS), store.Store(tmp_path / "r")
    assert len(back.files()) == len(original.files())
    for record in original.records():
        assert back.record(record.id) == record
    assert back.volume("frus1969-76v09") == original.volume("frus1969-76v09")


def test_zotero_items_are_mapped(runner: CliRunner, tmp_path: Path) -> None:
    """Zotero's Extra lines and a `Box 12, Folder 3` location become structured fields."""
    zotero = [
        {
            "id": "http://zotero.org/users/1/items/ABCD1234",
            "type": "personal_communication",
            "title": "Letter to Dean Acheson",
            "author": [{"family": "Kennan", "given": "George F."}],
            "recipient": [{"family": "Acheson", "given": "Dean"}],
            "issued": {"date-parts": [["1949", "3", "8"]]},
            "archive": "Princeton University Library",
            "archive_location": "Box 12, Folder 3",
            "note": "Archive Collection: George F. Kennan Papers\n"
            "Archive Place: Princeton, NJ\nOriginal Date: 1949-03-08",
        }
    ]
    source = tmp_path / "zotero.json"
    source.write_text(json.dumps(zotero), encoding="utf-8")
    assert run(runner, "import", "csl-json", str(source), "--into", str(tmp_path / "r"))[0] == 0
    [f] = store.Store(tmp_path / "r").files()
    record = store.load_file(f.path, Record)
    assert record.id == "http-zotero-org-users-1-items-ABCD1234"
    assert record.archive is not None
    assert record.archive.model_dump(exclude_defaults=True) == {
        "repository": "Princeton University Library",
        "repository_place": "Princeton, NJ",
        "collection": "George F. Kennan Papers",
        "box": "12",
        "folder": "3",
    }
    assert (record.kind, record.date, [p.name for p in record.sender]) == ("letter", "1949-03-08", ["George F. Kennan"])
    out = run(runner, "cite", record.id, "--records", str(tmp_path / "r"))[1]
    assert out == (
        "George F. Kennan to Dean Acheson, March 8, 1949, folder 3, box 12, George F. Kennan Papers, "
        "Princeton University Library, Princeton, NJ.\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON: Expecting property name enclosed in double quotes"),
        ('{"a": 1}', "not CSL-JSON: expected a list of items"),
        (
            '[{"id": "../../etc/x", "note": "archcite-record: '
            '{\\"id\\": \\"../../etc/x\\", \\"kind\\": \\"letter\\"}"}]',
            "id: Value error, '../../etc/x' is not an id",
        ),
    ],
)
def test_bad_csl_json_writes_nothing(runner: CliRunner, tmp_path: Path, content: str, message: str) -> None:
    source = tmp_path / "bad.json"
    source.write_text(content, encoding="utf-8")
    code, _, err = run(runner, "import", "csl-json", str(source), "--into", str(tmp_path / "r"))
    assert code == 1
    assert message in err
    assert not (tmp_path / "r").exists()


# pandoc: archcite's export and style through pandoc's own citeproc give archcite's footnotes.

PANDOC = shutil.which("pandoc")
needs_pandoc = pytest.mark.skipif(PANDOC is None and not os.environ.get("CI"), reason="pandoc is not installed")


# Where pandoc's citeproc and citeproc-py differ (docs/known-differences.md, P1 and P2):
# pandoc makes straight apostrophes curly, and it cannot know that a bracketed date was supplied.
def pandoc_footnotes(draft: str, bibliography: Path, style: Path) -> list[str]:
    assert PANDOC is not None, "pandoc is not installed (the CI script installs it)"
    out = subprocess.run(
        [PANDOC, "--citeproc", "--csl", str(style), "--bibliography", str(bibliography), "-t", "plain", "--wrap=none"],
        input=draft,
        capture_output=True,
        text=True,
        check=True,
    )
    return re.findall(r"^\[\d+\] (.*)$", out.stdout, flags=re.MULTILINE)


def same_modulo_known(ours: str, theirs: str) -> bool:
    return ours.replace("'", "’").replace("” [", ",” [") == theirs


def sequence_and_draft(ids: list[str]) -> tuple[str, str]:
    """A citation sequence (each record twice, one with a page) and the same as a Markdown draft."""
    cites = [(i, None) for i in ids] + [(i, "p. 2") for i in ids]
    sequence = "".join(f"{i}, {loc}\n" if loc else f"{i}\n" for i, loc in cites)
    draft = (
        "---\nsuppress-bibliography: true\n---\n"
        + " ".join(f"Text.[@{i}{', ' + loc if loc else ''}]" for i, loc in cites)
        + "\n"
    )
    return sequence, draft


def check_pandoc(runner: CliRunner, root: Path, tmp_path: Path) -> list[str]:
    ids = [r.id for r in store.Store(root).records()]
    exported = tmp_path / "refs.json"
    exported.write_text(run(runner, "export", "--all", "--records", str(root))[1], encoding="utf-8")
    sequence, draft = sequence_and_draft(ids)
    ours = [
        line.split(". ", 1)[1] for line in run(runner, "notes", "--records", str(root), input=sequence)[1].splitlines()
    ]
    theirs = pandoc_footnotes(draft, exported, Path(__file__).resolve().parents[1] / "styles" / "chicago-18.csl")
    assert len(ours) == len(theirs) == 2 * len(ids)
    for mine, pandocs in zip(ours, theirs, strict=True):
        assert mine == pandocs or same_modulo_known(mine, pandocs), (mine, pandocs)
    return [mine for mine, pandocs in zip(ours, theirs, strict=True) if mine != pandocs]


@needs_pandoc
def test_pandoc_footnotes_equal_archcite_notes(runner: CliRunner, tmp_path: Path) -> None:
    """Every bundled record, full and short notes with and without a page, as pandoc prints them."""
    differing = check_pandoc(runner, RECORDS, tmp_path)
    assert [note[:26] for note in differing] == [  # straight apostrophes (P1); the supplied date (P2)
        "Joseph Purcell, “A Map of ",
        "Children's Workbook, n.d.,",
        "Children's Workbook, Woman",
    ]


@needs_pandoc
def test_pandoc_on_an_imported_volume(runner: CliRunner, tmp_path: Path) -> None:
    """The records of an imported FRUS volume give the same footnotes through pandoc."""
    into = tmp_path / "r"
    volume = Path(__file__).resolve().parents[2] / "shared" / "frus" / "frus1969-76v12.xml"
    source = volume if volume.exists() else DATA / "frus1969-76v12-excerpt.xml"
    assert run(runner, "import", "frus", str(source), "--into", str(into))[0] == 0
    differing = check_pandoc(runner, into, tmp_path)
    assert all("'" in note for note in differing)  # only the apostrophes of headings (P1)


def test_export_biblatex_and_ris_from_the_command_line(runner: CliRunner) -> None:
    """`export --format biblatex|ris --all` gives every record, readable by real parsers."""
    import bibtexparser
    import rispy

    code, out, _ = run(runner, "export", "--all", "--format", "biblatex", "--records", str(RECORDS))
    library = bibtexparser.parse_string(out)
    assert code == 0
    assert not library.failed_blocks
    assert sorted(e.key for e in library.entries) == sorted(r.id for r in store.Store(RECORDS).records())
    code, out, _ = run(runner, "export", "120", "--format", "ris", "--records", str(RECORDS))
    [entry] = rispy.loads(out)
    assert (code, entry["type_of_reference"], entry["id"]) == (0, "CHAP", "frus1969-76v09-d120")


@needs_pandoc
@pytest.mark.parametrize(("style", "edition"), [("chicago", "18"), ("chicago", "17"), ("turabian", "9")])
def test_every_style_archcite_hands_out_works_alone_in_pandoc(
    runner: CliRunner, tmp_path: Path, style: str, edition: str
) -> None:
    """`pandoc --csl "$(archcite styles --path …)"` with the file alone: no parent to find (a
    dependent style would fail with `File archcite-chicago-18 not found in resource path`)."""
    code, path, _ = run(runner, "styles", style, "--edition", edition, "--path")
    assert code == 0
    alone = tmp_path / "alone" / Path(path.strip()).name  # a directory holding no other style
    alone.parent.mkdir()
    alone.write_text(run(runner, "styles", style, "--edition", edition)[1], encoding="utf-8")
    assert alone.read_bytes() == Path(path.strip()).read_bytes()
    exported = tmp_path / "refs.json"
    exported.write_text(run(runner, "export", "120", "--records", str(RECORDS))[1], encoding="utf-8")
    notes = pandoc_footnotes("Text.[@frus1969-76v09-d120]\n", exported, alone)
    editions = ["--edition", edition] if style == "chicago" else []
    expected = run(runner, "cite", "120", "--style", style, *editions, "--records", str(RECORDS))[1]
    assert notes == [expected.strip()]


@needs_pandoc
@pytest.mark.parametrize("suppress", [True, False])
def test_the_pandoc_route_to_word_gives_one_entry_per_collection_and_volume(
    runner: CliRunner, tmp_path: Path, suppress: bool
) -> None:
    """The README's route: a Markdown draft, archcite's CSL-JSON and style, archcite's bibliography
    appended; pandoc writes a DOCX, read back by pandoc. Each entry is there once, and pandoc's own
    bibliography (when not suppressed) adds no fragment of a document (`telegram. National Archives.`)."""
    ids = ["frus1969-76v09-d120", "creel-house-1918", "johnson-memorandum-1937", "frus1969-76v12-d220"]
    refs, draft, bib = tmp_path / "refs.json", tmp_path / "draft.md", tmp_path / "bibliography.md"
    refs.write_text(run(runner, "export", *ids, "--records", str(RECORDS))[1], encoding="utf-8")
    draft.write_text(" ".join(f"Claim.[@{i}]" for i in ids) + "\n", encoding="utf-8")
    bib.write_text(
        "# Bibliography\n\n" + run(runner, "bib", *ids, "--format", "markdown", "--records", str(RECORDS))[1]
    )
    style = run(runner, "styles", "--path", "chicago")[1].strip()
    docx = tmp_path / "draft.docx"
    args = ["pandoc", str(draft), str(bib), "--citeproc", "--csl", style, "--bibliography", str(refs), "-o", str(docx)]
    subprocess.run(
        [*args, *(["-M", "suppress-bibliography=true"] if suppress else [])], check=True, capture_output=True
    )
    text = " ".join(
        subprocess.run(
            ["pandoc", str(docx), "-t", "plain", "--wrap=none"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    entries = run(runner, "bib", *ids, "--records", str(RECORDS))[1].splitlines()
    assert len(entries) == 4
    text = text.replace("'", "’")  # pandoc curls straight apostrophes (P1)
    for entry in entries:
        assert text.count(entry.replace("'", "’")) == 1, entry
    for note in run(runner, "notes", "--records", str(RECORDS), input="\n".join(ids) + "\n")[1].splitlines():
        assert note.split(". ", 1)[1].replace("'", "’") in text
    assert "memorandum of conversation. National Archives" not in text.lower()
