"""The import summary people read, and the full report of source notes that did not parse."""

from __future__ import annotations

from .importing import VolumeReport


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else "0/0"


def summary(reports: list[VolumeReport], *, dry_run: bool = False) -> str:
    lines = [_volume_summary(r, dry_run) for r in reports]
    if len(reports) > 1:
        lines.append(_volume_summary(total(reports), dry_run))
    return "\n".join(lines)


def total(reports: list[VolumeReport]) -> VolumeReport:
    out = VolumeReport(f"{len(reports)} files", volume_id="all volumes")
    for r in reports:
        for name, value in vars(r).items():
            if name in ("volume_id", "source", "failed"):
                continue
            current = getattr(out, name)
            if isinstance(value, int):
                setattr(out, name, current + value)
            elif isinstance(value, list):
                current.extend(value)
            elif isinstance(value, dict):
                current.update(value)
    return out


def _volume_summary(r: VolumeReport, dry_run: bool) -> str:
    if r.failed:
        return f"{r.volume_id} ({r.source}): not imported: {r.failed}"
    verb = "would be written" if dry_run else "written"
    lines = [
        f"{r.volume_id} ({r.source}): {r.documents} documents, {len(r.written)} records {verb}, "
        f"{len(r.unchanged)} unchanged, {len(r.kept)} kept as edited, {r.editorial_notes} editorial notes",
        f"  source notes: {r.notes}: {r.notes_full} parsed fully, {len(r.notes_partial)} partly (no marking "
        f"found), {len(r.notes_unparsed)} not at all",
        f"  repository {_share(r.with_repository, r.notes)}; "
        f"{_share(r.with_repository, r.notes - r.published_sources)} of the notes that cite an archive "
        f"({r.published_sources} cite a publication)",
        f"  classification {_share(r.with_classification, r.stating_classification)} of the notes that state one; "
        f"boxes {_share(r.boxes_found, r.boxes_stated)}",
        f"  sender {_share(r.with_sender, r.naming_sender)}, recipient "
        f"{_share(r.with_recipient, r.naming_recipient)} of the headings that name them; "
        f"full names {_share(r.full_names, r.persons)} of the persons",
    ]
    if r.warnings:
        lines.append(f"  warnings ({len(r.warnings)}): {_some(r.warnings, '; ')}")
    if r.boxes_missed:
        lines.append(f"  boxes not placed: {_some(r.boxes_missed, '; ')}")
    if r.notes_partial:
        lines.append(f"  partly parsed: {_some(r.notes_partial, ', ')} (--report FILE lists every one)")
    if r.kept:
        lines.append(f"  kept (edited since imported; --force overwrites): {', '.join(r.kept)}")
    return "\n".join(lines)


def figures_table(reports: list[VolumeReport]) -> str:
    """The import's figures per volume and in all, as the Markdown table of docs/frus-import.md."""
    from .accuracy import era

    rows = [
        "| volume | era | documents | editorial notes | source notes: full / partly / not | repository "
        "| classification | boxes | senders | recipients |",
        "| --- | --- | ---: | ---: | --- | --- | --- | --- | --- | --- |",
    ]
    for r in [*reports, total(reports)]:
        cites_archive = r.notes - r.published_sources
        rows.append(
            f"| {r.volume_id} | {era(r.volume_id) if r.volume_id.startswith('frus') else ''} | {r.documents} "
            f"| {r.editorial_notes} | {r.notes}: {r.notes_full} / {len(r.notes_partial)} / {len(r.notes_unparsed)} "
            f"| {r.with_repository}/{cites_archive} | {r.with_classification}/{r.stating_classification} "
            f"| {r.boxes_found}/{r.boxes_stated} | {r.with_sender}/{r.naming_sender} "
            f"| {r.with_recipient}/{r.naming_recipient} |"
        )
    return "\n".join(rows)


_SHOWN = 8  # the summary names a few; the report (--report) lists them all


def _some(items: list[str], separator: str) -> str:
    more = len(items) - _SHOWN
    return separator.join(items[:_SHOWN]) + (f"{separator}and {more} more" if more > 0 else "")


def full_report(reports: list[VolumeReport]) -> str:
    """Tab-separated, one line per note that did not parse fully: id, status, what is left to read.

    ``partial``: a location but no classification marking; the rest of the note follows.
    ``none``: no repository (mostly published sources); the unplaced text follows.
    """
    rows = ["id\tstatus\tunparsed"]
    for r in reports:
        rows += [f"{ident}\tpartial\t{r.remainders.get(ident, '')}" for ident in r.notes_partial]
        rows += [f"{ident}\tnone\t{r.remainders.get(ident, '')}" for ident in r.notes_unparsed]
    return "\n".join(rows) + "\n"
