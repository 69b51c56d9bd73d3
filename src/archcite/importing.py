"""Importing into a records directory: read every input first, then write each record safely.

A record lands where the store looks for it: a volume in ``<volume>/volume.yaml``,
a document of a volume in ``<volume>/<rest of its id>.yaml``, any other record in
``<id>.yaml``. A file a person has edited since it was imported is kept.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import layout, locking, recordio, sourcenote, vocabulary
from .errors import Location, UsageError
from .importers.frus_tei import ImportedDocument, ImportedVolume, read_volume
from .models import Record, Volume

Progress = Callable[[int], None]


@dataclass
class WriteReport:
    """Which records an import wrote, found unchanged, or kept because a person edited them."""

    source: str
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "would be written" if dry_run else "written"
        kept = f" ({', '.join(self.kept)}; --force overwrites)" if self.kept else ""
        return (
            f"{self.source}: {len(self.written)} records {verb}, {len(self.unchanged)} unchanged, "
            f"{len(self.kept)} kept as edited{kept}"
        )


@dataclass
class VolumeReport(WriteReport):
    """What one volume's import did, and how well its source notes parsed."""

    volume_id: str = ""
    documents: int = 0
    editorial_notes: int = 0
    notes: int = 0
    notes_full: int = 0
    notes_partial: list[str] = field(default_factory=list)
    notes_unparsed: list[str] = field(default_factory=list)
    with_repository: int = 0
    stating_classification: int = 0
    with_classification: int = 0
    boxes_stated: int = 0
    boxes_found: int = 0
    boxes_missed: list[str] = field(default_factory=list)
    published_sources: int = 0  # notes citing a publication, which has no repository
    naming_sender: int = 0
    with_sender: int = 0
    naming_recipient: int = 0
    with_recipient: int = 0
    persons: int = 0  # correspondents who are people, not offices
    full_names: int = 0  # … named in full (from the persons list), not by surname alone
    remainders: dict[str, str] = field(default_factory=dict)


def import_frus(
    sources: list[Path], into: Path, *, dry_run: bool = False, force: bool = False, progress: Progress | None = None
) -> list[VolumeReport]:
    """Read every volume first (a bad file writes nothing), then write their records."""
    _check_into(into)
    volumes = [read_volume(path) for path in sources]
    if dry_run:
        return [_write(v, into, dry_run=True, force=force, progress=progress) for v in volumes]
    with locking.writing(into):
        return [_write(v, into, dry_run=False, force=force, progress=progress) for v in volumes]


def _write(
    imported: ImportedVolume, into: Path, *, dry_run: bool, force: bool, progress: Progress | None
) -> VolumeReport:
    report = VolumeReport(imported.path.name, volume_id=imported.volume.id)
    write_models(
        [imported.volume, *(d.record for d in imported.documents)],
        into,
        report,
        dry_run=dry_run,
        force=force,
        progress=progress,
    )
    for doc in imported.documents:
        _count(report, doc)
    return report


def import_csl_json(
    sources: list[Path], into: Path, *, dry_run: bool = False, force: bool = False
) -> list[WriteReport]:
    """Read every CSL-JSON file first, then write their records."""
    from .importers import csl_json

    _check_into(into)
    batches = [(path, csl_json.to_models(csl_json.read_items(path), str(path))) for path in sources]
    reports = []
    with contextlib.nullcontext() if dry_run else locking.writing(into):
        for path, models in batches:
            report = WriteReport(path.name)
            write_models(models, into, report, dry_run=dry_run, force=force)
            reports.append(report)
    return reports


def write_models(
    models: list[Record | Volume],
    into: Path,
    report: WriteReport,
    *,
    dry_run: bool,
    force: bool,
    progress: Progress | None = None,
) -> None:
    for model in models:
        text = recordio.with_header(recordio.to_yaml(model), report.source)
        _place(layout.destination(into, model), model.id, text, report, dry_run=dry_run, force=force)
        if progress and isinstance(model, Record):
            progress(1)


def _check_into(into: Path) -> None:
    if into.exists() and not into.is_dir():
        raise UsageError("--into must be a directory", Location(str(into)))


def _place(path: Path, ident: str, text: str, report: WriteReport, *, dry_run: bool, force: bool) -> None:
    if path.exists():
        try:
            existing = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            existing = None
        if existing == text:
            report.unchanged.append(ident)
            return
        if not force and (existing is None or not recordio.unedited(existing)):
            report.kept.append(ident)
            return
    if not dry_run:
        recordio.write_atomic(path, text)
    report.written.append(ident)


def _count(report: VolumeReport, doc: ImportedDocument) -> None:
    record, note, heading = doc.record, doc.note, doc.heading
    report.documents += 1
    if record.kind == "editorial note":
        report.editorial_notes += 1
    if heading.names_sender:
        report.naming_sender += 1
        report.with_sender += bool(record.sender)
    if heading.names_recipient:
        report.naming_recipient += 1
        report.with_recipient += bool(record.recipient)
    people = [p for p in (*record.sender, *record.recipient) if not p.office and not p.name.startswith("[")]
    report.persons += len(people)
    report.full_names += sum(" " in p.name for p in people)
    if note is None:
        return
    report.notes += 1
    if note.status == "full":
        report.notes_full += 1
    elif note.status == "partial":
        report.notes_partial.append(record.id)
    else:
        report.notes_unparsed.append(record.id)
    if note.status == "partial":
        report.remainders[record.id] = " ".join(note.remarks)
    elif note.remainder:
        report.remainders[record.id] = note.remainder
    report.with_repository += note.archive is not None
    report.published_sources += note.archive is None and note.status == "none"
    if _STATES_CLASSIFICATION.search(note.text):
        report.stating_classification += 1
        report.with_classification += bool(note.classification)
    stated = _boxes(_about_this_document(note))
    found = {c.archive.box for c in note.copies if c.archive and c.archive.box}
    if note.archive and note.archive.box:
        found.add(note.archive.box)
    report.boxes_stated += len(stated)
    report.boxes_found += len(stated & found)
    report.boxes_missed.extend(f"{record.id}: Box {box}" for box in sorted(stated - found))


# A marking stated as printed (capitalized), not the word in prose.
_STATES_CLASSIFICATION = re.compile(rf"\b{vocabulary.CLASSIFICATION.pattern}")


def _about_this_document(note: sourcenote.SourceNote) -> str:
    """The note less remarks about other documents (whose boxes are not this document's)."""
    text = note.text
    for remark in note.remarks:
        if not any(copy.note in remark for copy in note.copies):
            text = text.replace(remark, " ")
    return text


def _boxes(text: str) -> set[str]:
    return set(vocabulary.BOX_IN_TEXT.findall(text))
