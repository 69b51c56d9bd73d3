"""Citing a record: choose the version, map it to CSL, render one form."""

from __future__ import annotations

from dataclasses import dataclass

from . import csl, edtf, render, store
from .errors import NotFoundError, VersionError
from .models import Record, Volume
from .richtext import Citation, append
from .styles import Style

FORMS = ("note", "short", "bib")


@dataclass(frozen=True)
class Options:
    style: Style
    form: str = "note"
    version: str | None = None  # default: print when published, else archive
    accessed: edtf.Date | None = None
    general_editor: bool = True
    heading: bool = False  # lead with the FRUS heading (--frus-title heading)
    markings: bool = False  # add classification and caveats as a sentence
    locator: csl.Locator | None = None  # a pinpoint: page 434, paragraph 3


def default_version(record: Record) -> str:
    return "print" if record.published_in and not record.is_collection else "archive"


def check_version(record: Record, version: str) -> None:
    if version == "archive" and record.archive is None:
        raise VersionError(f"{record.id} has no archival original (no archive:); try --version print")
    if version in ("print", "online") and (record.published_in is None or record.is_collection):
        raise VersionError(f"{record.id} is not published (no published_in:); try --version archive")


def cite(record: Record, volume: Volume | None, options: Options) -> Citation:
    """One citation of *record* in the form and version *options* ask for."""
    version = options.version or default_version(record)
    check_version(record, version)
    if version != "archive" and volume is None:
        raise NotFoundError(f"{record.id}: a {version} citation needs its volume record")
    warnings: list[str] = []
    if version == "online":
        assert volume is not None
        if csl.document_url(record, volume) is None:
            raise VersionError(f"{record.id} has no URL: give published_in.url or the volume's url")
        if options.style.name == "turabian" and not (options.accessed or record.accessed):
            warnings.append("Turabian gives an access date for online sources: add --accessed DATE")
    if options.form == "bib":
        item = csl.bibliography_item(record, volume, version, accessed=options.accessed)
        styled = render.bibliography(options.style, [item])[0]
    else:
        item = csl.note_item(
            record,
            volume,
            version,
            general_editor=options.general_editor,
            heading=options.heading,
            accessed=options.accessed,
        )
        styled = render.note(options.style, item, subsequent=options.form == "short", locator=options.locator)
        if options.markings and options.form == "note":
            styled = append(styled, " " + markings(record))
    return Citation(record.id, options.style.name, options.form, version, styled, tuple(warnings))


def markings(record: Record) -> str:
    """Classification and caveats in printed order: ``Top Secret; Flash; Sensitive.``"""
    marks = [*record.classification, *record.caveats]
    return "; ".join(marks) + "." if marks else "No classification marking."


def lookup(records: store.Store, ident: str, version: str | None = None) -> tuple[Record, Volume | None, str]:
    """The record *ident*, the volume its citation in *version* needs, and that version."""
    record = records.record(ident)
    chosen = version or default_version(record)
    check_version(record, chosen)
    if chosen == "archive" or record.published_in is None:
        return record, None, chosen
    volume = records.volume(record.published_in.volume)
    if volume is None:
        raise NotFoundError(f"{record.id}: volume {record.published_in.volume!r} is not in {records.root}")
    return record, volume, chosen
