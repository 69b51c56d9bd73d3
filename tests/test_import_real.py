"""The seven shared FRUS volumes (1952–1980), imported whole: the figures the import promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from archcite import citation, store, styles
from archcite.importing import VolumeReport, import_frus
from archcite.importreport import summary, total
from archcite.options import Options
from archcite.validate import validate
from archcite.vocabulary import FORMS

SHARED = Path(__file__).resolve().parents[2] / "shared" / "frus"
VOLUMES = sorted(p for p in SHARED.glob("frus*.xml") if "bibliography" not in p.name)
pytestmark = pytest.mark.skipif(len(VOLUMES) < 7, reason="the shared FRUS volumes are not available")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[VolumeReport]]:
    into = tmp_path_factory.mktemp("records")
    return into, import_frus(VOLUMES, into)


def test_every_volume_imports(imported: tuple[Path, list[VolumeReport]]) -> None:
    """Each volume gives a volume record and one record per document."""
    reports = imported[1]
    assert [r.volume_id for r in reports] == [
        "frus1952-54Guat",
        "frus1961-63v06",
        "frus1964-68v11",
        "frus1969-76v12",
        "frus1969-76v19p1",
        "frus1969-76v20",
        "frus1977-80v01",
    ]
    assert [r.documents for r in reports] == [287, 120, 302, 229, 172, 332, 163]
    assert all(len(r.written) == r.documents + 1 for r in reports)


def test_figures(imported: tuple[Path, list[VolumeReport]]) -> None:
    """Repository, classification, boxes, correspondents: the targets hold across the seven volumes."""
    all_ = total(imported[1])
    print("\n" + summary(imported[1]))  # the figures, for the record (pytest -s shows them)
    archival = all_.notes - all_.published_sources
    assert all_.with_repository / archival >= 0.99
    assert all_.with_classification / all_.stating_classification >= 0.98
    assert (all_.boxes_found, all_.boxes_missed) == (all_.boxes_stated, [])
    assert all_.with_sender / all_.naming_sender >= 0.95
    assert all_.with_recipient / all_.naming_recipient >= 0.95
    assert all_.full_names / all_.persons >= 0.95


def test_imported_records_validate(imported: tuple[Path, list[VolumeReport]]) -> None:
    """`archcite validate` finds no error in the imported records (unusual markings are warnings)."""
    report = validate([imported[0]])
    assert report.errors == 0, [str(f) for f in report.findings if f.severity == "error"][:5]


@pytest.mark.slow
def test_every_document_cites(imported: tuple[Path, list[VolumeReport]]) -> None:
    """Every imported document cites in every style, form and version it has."""
    into = imported[0]
    options = [
        Options(style=styles.resolve(s, e), form=f, version=v, accessed="2026-11-29")
        for s, e in (("chicago", "18"), ("chicago", "17"), ("turabian", None))
        for f in FORMS
        for v in ("archive", "print", "online")
    ]
    records = store.Store(into)
    count = 0
    for record in records.records():
        assert record.published_in is not None
        volume = records.volume(record.published_in.volume)
        for option in options:
            if option.version == "archive" and record.archive is None:
                continue
            result = citation.cite(record, volume, option)
            assert result.styled, (record.id, option)
            count += 1
    assert count > 30_000
