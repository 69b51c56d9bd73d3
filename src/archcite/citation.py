"""Citing one record: map it to CSL in the version asked for, render one form, note what to warn of."""

from __future__ import annotations

from . import csl, edtf, render
from .errors import NotFoundError, VersionError
from .models import Record, Volume
from .options import Options, missing_version
from .richtext import Citation, append


def cite(record: Record, volume: Volume | None, options: Options) -> Citation:
    """One citation of *record* in the form and version *options* ask for."""
    version = options.version or record.default_version
    if version not in record.versions:
        raise missing_version(record.id, version)
    if version != "archive" and volume is None:
        raise NotFoundError(f"{record.id}: a {version} citation needs its volume record")
    accessed = edtf.parse(options.accessed) if options.accessed else None
    warnings: list[str] = []
    if version == "online":
        assert volume is not None
        if csl.document_url(record, volume) is None:
            raise VersionError(f"{record.id} has no URL: give published_in.url or the volume's url")
        if options.style.name == "turabian" and not (accessed or record.accessed):
            warnings.append("Turabian gives an access date for online sources: add --accessed DATE")
    if options.form == "bib":
        item = csl.bibliography_item(record, volume, version, accessed=accessed)
        styled = render.bibliography(options.style, [item])[0]
    else:
        item = csl.note_item(
            record,
            volume,
            version,
            general_editor=options.general_editor,
            heading=options.heading,
            accessed=accessed,
            box_first=options.box_first,
        )
        styled = render.note(options.style, item, subsequent=options.form == "short", locator=options.locator)
        if options.markings and options.form == "note":
            styled = append(styled, " " + markings(record))
    return Citation(record.id, options.style.name, options.form, version, styled, tuple(warnings))


def markings(record: Record) -> str:
    """Classification and caveats in printed order: ``Top Secret; Flash; Sensitive.``"""
    marks = [*record.classification, *record.caveats]
    return "; ".join(marks) + "." if marks else "No classification marking."


def with_version(options: Options, record: Record) -> Options:
    """*options* with the version resolved for *record*."""
    return options._replace(version=options.version or record.default_version)
