"""Importing into a records directory: read every input, plan every record, then write them.

A record lands where the store looks for it (``layout.destination``), or where the directory
already has it; ``placement`` decides whether it may be written there. A volume that cannot be
read is reported and the others are imported.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import locking, placement, recordio, validate, workers
from .errors import ArchciteError, Location, UsageError
from .importers.frus_tei import ImportedDocument, Progress, read_volume
from .models import Record, Volume
from .placement import WriteReport


@dataclass
class VolumeReport(WriteReport):
    """What one volume's import did, and how well its source notes parsed."""

    volume_id: str = ""
    failed: str | None = None  # why the volume could not be read: nothing of it was written
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
    warnings: list[str] = field(default_factory=list)  # defects of the volume the import read past


def import_frus(
    sources: list[Path], into: Path, *, dry_run: bool = False, force: bool = False, progress: Progress | None = None
) -> list[VolumeReport]:
    """Import every volume that can be read; one that cannot is reported (``failed``) and written not at all.

    Each volume is read and its records' files made on a worker (``_read``). As each arrives, in
    order, it is planned (``placement.Planner``) and its files written to temporary files, while
    the next are read; none is renamed into place before all are planned (``recordio.batch``):
    an import that would overwrite or merge records writes nothing.
    """
    check_into(into)
    planner = placement.Planner(into)
    one_by_one = len(sources) < 2 or workers.cores() < 2
    reports, locked = [], False
    with _made_for_nothing(into), contextlib.ExitStack() as lock, recordio.batch():
        # The lock is taken with the first volume read (none may be), and released after the batch.
        for path, read in zip(sources, _read_all(sources, one_by_one, progress), strict=True):
            if isinstance(read, str):
                reports.append(VolumeReport(path.name, volume_id=path.stem, failed=read))
                continue
            if not dry_run and not locked:
                lock.enter_context(locking.writing(into))
                locked = True
            bar = progress if one_by_one else None  # several volumes at once: the bar counts volumes
            reports.append(_write(read, planner, dry_run=dry_run, force=force, progress=bar))
    order = {path.name: i for i, path in enumerate(sources)}
    return sorted(reports, key=lambda r: order.get(r.source, len(order)))


# A volume read: its report (the figures of its source notes counted, nothing written yet) and
# each record's target and file, as ``placement.make`` makes them. No model crosses between
# processes: sending the records whole cost more than reading their files' text.
_Read = tuple[VolumeReport, list[placement.Made]]


@contextlib.contextmanager
def _made_for_nothing(into: Path) -> Iterator[None]:
    """The records directory, if the import made it and then refused, is removed again (empty)."""
    existed = into.exists()
    try:
        yield
    except BaseException:
        if not existed:
            with contextlib.suppress(OSError):
                into.rmdir()  # only if empty: nothing of anyone's is removed
        raise


def _write(
    read: _Read, planner: placement.Planner, *, dry_run: bool, force: bool, progress: Progress | None
) -> VolumeReport:
    """Plan one volume's records and write them (to be renamed into place with the batch)."""
    report, made = read
    if progress:
        progress(0, total=sum(not target.is_volume for target, _ in made), label=f"writing {report.volume_id}")
    for item in planner.add(report.source, made):
        placement.apply(item, report, dry_run=dry_run, force=force)
        if progress and not item.target.is_volume:
            progress(1)
    return report


def _read_all(sources: list[Path], one_by_one: bool, progress: Progress | None) -> Iterator[_Read | str]:
    """Each volume read, or why it cannot be read, in order: *one_by_one* with a progress bar of
    its documents, or several on both cores at once, the bar counting volumes."""
    if one_by_one:
        for path in sources:
            yield _read(path, progress)
        return
    if progress:
        progress(0, total=len(sources), label=f"importing {len(sources)} volumes")
    with workers.pool() as imap:
        for result in imap(_read, sources):
            yield result
            if progress:
                progress(1)


def _read(path: Path, progress: Progress | None = None) -> _Read | str:
    """The volume at *path* read, counted and its files made; or why it cannot be read."""
    try:
        volume = read_volume(path, progress)
    except ArchciteError as e:
        return str(e)
    report = VolumeReport(path.name, volume_id=volume.volume.id, warnings=list(volume.warnings))
    for doc in volume.documents:
        _count(report, doc)
    models: list[Record | Volume] = [volume.volume, *(d.record for d in volume.documents)]
    return report, placement.make(models, path.name, validate.record_problems)


def import_csl_json(
    sources: list[Path], into: Path, *, dry_run: bool = False, force: bool = False
) -> list[WriteReport]:
    """Read every CSL-JSON file and plan every record first, then write them."""
    from .importers import csl_json

    check_into(into)
    batches = [(str(path), csl_json.to_models(csl_json.read_items(path), str(path))) for path in sources]
    planned = placement.plan(batches, into, validate.record_problems)
    reports = {source: WriteReport(Path(source).name) for source, _ in batches}
    with contextlib.nullcontext() if dry_run else locking.writing(into), recordio.batch():
        for item in planned:
            placement.apply(item, reports[item.source], dry_run=dry_run, force=force)
    return list(reports.values())


def check_into(into: Path) -> None:
    """*into* can be imported into: a directory, or nothing yet."""
    if into.exists() and not into.is_dir():
        raise UsageError("--into must be a directory", Location(str(into)))


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
    if note.states_classification:
        report.stating_classification += 1
        report.with_classification += bool(note.classification)
    stated, placed = note.boxes()
    report.boxes_stated += len(stated)
    report.boxes_found += len(stated & placed)
    report.boxes_missed.extend(f"{record.id}: Box {box}" for box in sorted(stated - placed))
