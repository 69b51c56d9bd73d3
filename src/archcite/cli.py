"""The ``archcite`` command: parse arguments, make one library call, print or fail cleanly.

Exit codes: 0 success; 1 invalid records or a citation that cannot be made;
2 usage errors (unknown style, missing directory, bad option). Heavy modules
(pydantic, citeproc-py, rich) are imported inside the commands that use them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import EXIT_INTERNAL, EXIT_USAGE, ArchciteError, one_line

STYLE_HELP = "chicago, turabian, or a path to a CSL file"


class _Group(click.Group):
    """Turns every ArchciteError into one line on stderr and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ArchciteError as e:
            click.echo(f"archcite: {one_line(str(e))}", err=True)
            ctx.exit(e.exit_code)
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (| head): not an error
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("archcite: interrupted", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException):
            raise
        except Exception as e:  # a bug: still one line, never a traceback
            click.echo(f"archcite: internal error: {type(e).__name__}: {one_line(str(e))} (please report it)", err=True)
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archcite")
def main() -> None:
    """Structured records of archival and FRUS documents, cited exactly in Chicago and Turabian."""


def _styled_echo(lines: list[Any], fmt: str) -> None:
    """Print styled citations: italics through rich in a terminal, plain text when piped."""
    from .output import format_citations

    if fmt == "text" and sys.stdout.isatty() and os.environ.get("TERM") != "dumb":
        from .terminal import print_styled

        print_styled([c.styled for c in lines])
    else:
        click.echo(format_citations(lines, fmt))


_FORMATS = ["text", "html", "markdown", "rtf", "latex", "json"]


def _rendering_options(command: Any) -> Any:
    """The options every citing command shares: style, edition, version, format, records, …"""
    decorators = [
        click.option("--style", "style_name", default="chicago", show_default=True, help=STYLE_HELP),
        click.option("--edition", type=click.Choice(["17", "18"]), help="Chicago edition [default: 18]"),
        click.option(
            "--version",
            "version",
            type=click.Choice(["archive", "print", "online"]),
            help="the original, the printed edition, or the edition online "
            "[default: print when published, else archive]",
        ),
        click.option("--format", "fmt", type=click.Choice(_FORMATS), default="text", show_default=True),
        click.option("--accessed", metavar="DATE", help="access date for online citations (YYYY-MM-DD or 'today')"),
        click.option("--records", metavar="DIR", help="records directory [default: $ARCHCITE_RECORDS, ./records]"),
        click.option(
            "--frus-title",
            type=click.Choice(["names", "heading"]),
            default="names",
            show_default=True,
            help="lead with the correspondents, or with the FRUS heading",
        ),
        click.option("--no-general-editor", is_flag=True, help="omit the series' general editor"),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def _options(
    style_name: str,
    edition: str | None,
    version: str | None,
    accessed: str | None,
    frus_title: str,
    no_general_editor: bool,
    **rest: Any,
) -> Any:
    from . import citation, styles

    return citation.Options(
        style=styles.resolve(style_name, edition),
        version=version,
        accessed=_accessed(accessed),
        general_editor=not no_general_editor,
        heading=frus_title == "heading",
        **rest,
    )


def _store(records: str | None) -> Any:
    from . import store

    return store.Store(store.default_root(records))


def _warn(warnings: Any) -> None:
    for warning in dict.fromkeys(warnings):
        click.echo(f"archcite: warning: {warning}", err=True)


@main.command()
@click.argument("ids", nargs=-1)
@click.option(
    "--all",
    "all_records",
    is_flag=True,
    help="every record (with --version, those that have that version), rendered on both cores",
)
@click.option(
    "--form",
    type=click.Choice(["note", "short", "bib"]),
    default="note",
    show_default=True,
    help="full note, short note, or bibliography entry",
)
@click.option("--markings", is_flag=True, help="add classification and caveats as a last sentence")
@_rendering_options
def cite(
    ids: tuple[str, ...], all_records: bool, form: str, markings: bool, fmt: str, records: str | None, **kw: Any
) -> None:
    """Print the citation of each record ID (a full id, or a document number such as 120)."""
    from . import fastcite
    from .errors import UsageError

    if bool(ids) == all_records:
        raise UsageError("give record ids, or --all")
    found = _store(records)
    settings = {"form": form, "markings": markings, "accessed": _accessed(kw.pop("accessed")), **kw}
    if all_records:
        from . import batch

        paths = [f.path for f in found.files if not f.is_volume]
        results = batch.cite_paths(found, paths, _options(**settings), settings, (kw["style_name"], kw["edition"]))
    else:
        cache_keys = fastcite.keys(found, ids, kw["style_name"], kw["edition"], settings)
        results = fastcite.cached(cache_keys) or _cite_each(found, ids, settings, cache_keys)
    _warn(w for r in results for w in r.warnings)
    _styled_echo(results, fmt)


def _cite_each(found: Any, ids: tuple[str, ...], settings: dict[str, Any], cache_keys: list[str]) -> list[Any]:
    """Render what the cache did not have, and keep it there."""
    from . import citation, fastcite

    options = _options(**settings)
    results = []
    for ident in ids:
        record, volume, _ = citation.lookup(found, ident, options.version)
        results.append(citation.cite(record, volume, options))
    fastcite.remember(cache_keys, results)
    return results


@main.command()
@click.argument("sequence", default="-", type=click.File("r", encoding="utf-8"))
@click.option("--ibid", is_flag=True, help="write Ibid. for a source cited in the note just before")
@click.option("--bibliography", "with_bibliography", is_flag=True, help="append the bibliography of what is cited")
@_rendering_options
def notes(sequence: Any, ibid: bool, with_bibliography: bool, fmt: str, records: str | None, **kw: Any) -> None:
    """Print numbered footnotes for a sequence of citations, one per line (a file, or - for stdin).

    A line is a record id or document number, optionally with a locator:
    `120`, `120, p. 434`, `frus1969-76v09-d120 | para. 3`. The first citation of a
    record is a full note, later ones short notes.
    """
    from . import footnotes

    options = _options(**kw)
    found = _store(records)
    text = _read_text(sequence, footnotes.MAX_SEQUENCE, "a citation sequence")
    requests = footnotes.parse_sequence(text, sequence.name)
    notes_, warnings = footnotes.footnotes(requests, found, options, ibid=ibid)
    _warn(warnings)
    click.echo(_numbered(notes_, fmt))
    if with_bibliography:
        from . import citation

        cited = {n.citation.id: n.citation.version for n in notes_}
        containers = [citation.lookup(found, ident, version) for ident, version in cited.items()]
        entries = footnotes.bibliography(containers, options.style, accessed=options.accessed)
        click.echo(_entries(entries, fmt, heading="Bibliography"))


def _read_text(stream: Any, limit: int, what: str) -> str:
    """Up to *limit* characters of UTF-8 text from *stream*, or a usage error naming it."""
    from .errors import UsageError

    name = getattr(stream, "name", "<stdin>")
    try:
        text: str = stream.read(limit + 1)
    except UnicodeDecodeError as e:
        raise UsageError(f"{name}: not UTF-8 text (byte {e.start})") from None
    if len(text) > limit:
        raise UsageError(f"{name}: {what} is at most {limit:,} characters")
    return text


def _numbered(notes_: list[Any], fmt: str) -> str:
    from .output import RENDERERS, to_json

    if fmt == "json":
        import json

        return "\n".join(json.dumps({"number": n.number, **to_json(n.citation)}, ensure_ascii=False) for n in notes_)
    render = RENDERERS[fmt]
    return "\n".join(f"{n.number}. {render(n.citation.styled)}" for n in notes_)


def _entries(entries: list[Any], fmt: str, heading: str | None = None) -> str:
    from .output import RENDERERS, html_of

    if fmt == "json":
        import json

        from .richtext import plain

        return "\n".join(json.dumps({"text": plain(e), "html": html_of(e)}, ensure_ascii=False) for e in entries)
    render = RENDERERS[fmt]
    lines = [render(e) for e in entries]
    return "\n".join(([f"\n{heading}\n"] if heading else []) + lines)


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "all_records", is_flag=True, help="every record in the records directory")
@_rendering_options
def bib(ids: tuple[str, ...], all_records: bool, fmt: str, records: str | None, **kw: Any) -> None:
    """Print a bibliography: one entry per archival collection and per volume, sorted, no duplicates.

    With --all and --version, records that lack that version are left out.
    """
    from . import citation, footnotes
    from .errors import UsageError

    if bool(ids) == all_records:
        raise UsageError("give record ids, or --all")
    options = _options(**kw)
    found = _store(records)
    if all_records:
        chosen = [r for r in found.records() if options.version is None or _has_version(r, options.version)]
        cited = [citation.lookup(found, r.id, options.version) for r in chosen]
    else:
        cited = [citation.lookup(found, i, options.version) for i in ids]
    click.echo(_entries(footnotes.bibliography(cited, options.style, accessed=options.accessed), fmt))


def _has_version(record: Any, version: str) -> bool:
    from . import citation
    from .errors import VersionError

    try:
        citation.check_version(record, version)
    except VersionError:
        return False
    return True


def _accessed(text: Any) -> Any:
    """``--accessed``: a full date, or ``today``; an already parsed date passes through."""
    from . import edtf
    from .errors import UsageError

    if text is None or not isinstance(text, str):
        return text
    if text == "today":
        import datetime

        text = datetime.date.today().isoformat()
    try:
        date = edtf.parse(text)
    except edtf.DateError as e:
        raise UsageError(f"--accessed: {e}") from None
    if not isinstance(date, edtf.SingleDate) or date.day is None or not date.plain:
        raise UsageError("--accessed: give a full date, YYYY-MM-DD")
    return date


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def validate(paths: tuple[Path, ...], fmt: str) -> None:
    """Check record files (default: the records directory); report every problem."""
    import json

    from . import store
    from .validate import validate as run

    report = run(paths or (store.default_root(None),))
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "findings": [
                        {
                            "file": f.location.file,
                            "line": f.location.line,
                            "column": f.location.column,
                            "field": f.location.field,
                            "severity": f.severity,
                            "message": f.message,
                        }
                        for f in report.findings
                    ],
                    "files": report.files,
                    "invalid": report.invalid_files,
                    "errors": report.errors,
                    "warnings": report.warnings,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for finding in report.findings:
            click.echo(str(finding))
        click.echo(report.summary(), err=bool(report.findings))
    sys.exit(1 if report.errors else 0)


@main.command()
@click.argument("ident", metavar="ID")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["panel", "yaml", "json"]),
    help="[default: panel in a terminal, yaml when piped]",
)
@click.option("--records", "records", metavar="DIR", help="records directory")
def show(ident: str, fmt: str | None, records: str | None) -> None:
    """Print one record for reading."""
    import json

    from . import store

    found = store.Store(store.default_root(records))
    path = found.find(ident).path
    record = found.read(path)
    data = record.model_dump(by_alias=True, exclude_defaults=True, mode="json")
    fmt = fmt or ("panel" if sys.stdout.isatty() else "yaml")
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif fmt == "yaml":
        import yaml

        click.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), nl=False)
    else:
        from .terminal import print_record

        print_record(record.id, str(path), data)


@main.group(name="import")
def import_() -> None:
    """Import records from other formats."""


def _import_options(command: Any) -> Any:
    """The options every import shares: where to write, whether to, and whether over edits."""
    decorators = [
        click.option(
            "--into",
            metavar="DIR",
            type=click.Path(path_type=Path),
            help="records directory to write to [default: $ARCHCITE_RECORDS, ./records]",
        ),
        click.option("--dry-run", is_flag=True, help="read and report, write nothing"),
        click.option("--force", is_flag=True, help="overwrite records edited since they were imported"),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def _into(into: Path | None) -> Path:
    return into or Path(os.environ.get("ARCHCITE_RECORDS") or "records")


@import_.command(name="frus")
@click.argument("volumes", nargs=-1, required=True, type=click.Path(path_type=Path))
@_import_options
@click.option(
    "--report",
    "report_file",
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="write every source note that did not parse fully, with its unparsed remainder",
)
def import_frus(
    volumes: tuple[Path, ...], into: Path | None, dry_run: bool, force: bool, report_file: Path | None
) -> None:
    """Import FRUS volumes in TEI XML: a volume record and one record per document."""
    from . import importing, recordio
    from .importreport import full_report, summary

    with _progress() as advance:
        reports = importing.import_frus(list(volumes), _into(into), dry_run=dry_run, force=force, progress=advance)
    click.echo(summary(reports, dry_run=dry_run), err=False)
    if report_file is not None:
        recordio.write_atomic(report_file, full_report(reports))


def _progress() -> Any:
    """A progress bar on stderr in a terminal; nothing otherwise."""
    import contextlib

    if not sys.stderr.isatty():
        return contextlib.nullcontext(None)
    from .terminal import progress_bar

    return progress_bar("importing documents")


@import_.command(name="csl-json")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_import_options
def import_csl_json(files: tuple[Path, ...], into: Path | None, dry_run: bool, force: bool) -> None:
    """Import CSL-JSON (as Zotero and `archcite export` write it): one record per item."""
    from . import importing

    verb = "would be written" if dry_run else "written"
    for r in importing.import_csl_json(list(files), _into(into), dry_run=dry_run, force=force):
        click.echo(
            f"{r.source}: {len(r.written)} records {verb}, {len(r.unchanged)} unchanged, "
            f"{len(r.kept)} kept as edited" + (f" ({', '.join(r.kept)}; --force overwrites)" if r.kept else "")
        )


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "all_records", is_flag=True, help="every record in the records directory, and their volumes")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csl-json", "csl-yaml", "biblatex", "ris"]),
    default="csl-json",
    show_default=True,
)
@click.option("--records", metavar="DIR", help="records directory [default: $ARCHCITE_RECORDS, ./records]")
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="write to FILE (whole or not at all) instead of standard output",
)
def export(ids: tuple[str, ...], all_records: bool, fmt: str, records: str | None, output: Path | None) -> None:
    """Export records for Zotero, pandoc, BibLaTeX or reference managers; keys are record ids."""
    from .errors import UsageError

    if bool(ids) == all_records:
        raise UsageError("give record ids, or --all")
    found = _store(records)
    chosen = list(found.records()) if all_records else [found.record(i) for i in ids]
    entries = [(r, found.volume(r.published_in.volume) if r.published_in else None) for r in chosen]
    if fmt in ("csl-json", "csl-yaml"):
        from .exporters import csl_json

        volumes = list({v.id: v for _, v in entries if v is not None}.values()) if all_records else []
        items = csl_json.to_items(entries, volumes)
        text = csl_json.to_json(items) if fmt == "csl-json" else csl_json.to_yaml(items)
    elif fmt == "biblatex":
        from .exporters.biblatex import to_biblatex

        text = to_biblatex(entries)
    else:
        from .exporters.ris import to_ris

        text = to_ris(entries)
    if output is None:
        click.echo(text, nl=False)
    else:
        from .recordio import write_atomic

        write_atomic(output, text)


@main.command(name="parse-source")
@click.argument("text")
@click.option(
    "--format", "fmt", type=click.Choice(["tree", "json"]), help="[default: tree in a terminal, json when piped]"
)
def parse_source(text: str, fmt: str | None) -> None:
    """Print the structure archcite finds in a FRUS source note ("Source: …", or - for stdin)."""
    import json

    from . import sourcenote
    from .errors import UsageError

    if text == "-":
        import io

        stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
        text = _read_text(stdin, 1_000_000, "a source note")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError("the source note is not UTF-8 text") from None
    note = sourcenote.parse(text)
    data = sourcenote.to_dict(note)
    if (fmt or ("tree" if sys.stdout.isatty() else "json")) == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        from .terminal import print_record

        print_record(f"source note: {note.status}", "", data)


if __name__ == "__main__":  # pragma: no cover
    main(prog_name="archcite")
    sys.exit(EXIT_USAGE)
