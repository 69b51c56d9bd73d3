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
from .errors import EXIT_USAGE, ArchciteError

STYLE_HELP = "chicago, turabian, or a path to a CSL file"


class _Group(click.Group):
    """Turns every ArchciteError into one line on stderr and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ArchciteError as e:
            click.echo(f"archcite: {e}", err=True)
            ctx.exit(e.exit_code)
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (| head): not an error
            ctx.exit(0)


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


@main.command()
@click.argument("ids", nargs=-1, required=True)
@click.option("--style", "style_name", default="chicago", show_default=True, help=STYLE_HELP)
@click.option("--edition", type=click.Choice(["17", "18"]), help="Chicago edition [default: 18]")
@click.option(
    "--form",
    type=click.Choice(["note", "short", "bib"]),
    default="note",
    show_default=True,
    help="full note, short note, or bibliography entry",
)
@click.option(
    "--version",
    "version",
    type=click.Choice(["archive", "print", "online"]),
    help="the original, the printed edition, or the edition online [default: print when published, else archive]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "markdown", "rtf", "latex", "json"]),
    default="text",
    show_default=True,
)
@click.option("--accessed", metavar="DATE", help="access date for online citations (YYYY-MM-DD or 'today')")
@click.option("--records", "records", metavar="DIR", help="records directory [default: $ARCHCITE_RECORDS, ./records]")
@click.option("--markings", is_flag=True, help="add classification and caveats as a last sentence")
@click.option(
    "--frus-title",
    type=click.Choice(["names", "heading"]),
    default="names",
    show_default=True,
    help="lead with the correspondents, or with the FRUS heading",
)
@click.option("--no-general-editor", is_flag=True, help="omit the series' general editor")
def cite(
    ids: tuple[str, ...],
    style_name: str,
    edition: str | None,
    form: str,
    version: str | None,
    fmt: str,
    accessed: str | None,
    records: str | None,
    markings: bool,
    frus_title: str,
    no_general_editor: bool,
) -> None:
    """Print the citation of each record ID (a full id, or a document number such as 120)."""
    from . import citation, store, styles

    options = citation.Options(
        style=styles.resolve(style_name, edition),
        form=form,
        version=version,
        accessed=_accessed(accessed),
        general_editor=not no_general_editor,
        heading=frus_title == "heading",
        markings=markings,
    )
    root = store.default_root(records)
    results = []
    for ident in ids:
        record, _ = citation.load(root, ident)
        chosen = version or citation.default_version(record)
        citation.check_version(record, chosen)
        results.append(citation.cite(record, citation.volume_for(root, record, chosen), options))
    for warning in dict.fromkeys(w for r in results for w in r.warnings):
        click.echo(f"archcite: warning: {warning}", err=True)
    _styled_echo(results, fmt)


def _accessed(text: str | None) -> Any:
    from . import edtf
    from .errors import UsageError

    if text is None:
        return None
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

    from . import citation, store

    record, path = citation.load(store.default_root(records), ident)
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


@import_.command(name="frus")
@click.argument("volumes", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--into",
    metavar="DIR",
    type=click.Path(path_type=Path),
    help="records directory to write to [default: $ARCHCITE_RECORDS, ./records]",
)
@click.option("--dry-run", is_flag=True, help="parse and report, write nothing")
@click.option("--force", is_flag=True, help="overwrite records edited since they were imported")
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

    target = into or Path(os.environ.get("ARCHCITE_RECORDS") or "records")
    with _progress() as advance:
        reports = importing.import_frus(list(volumes), target, dry_run=dry_run, force=force, progress=advance)
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


@main.command(name="parse-source")
@click.argument("text")
@click.option(
    "--format", "fmt", type=click.Choice(["tree", "json"]), help="[default: tree in a terminal, json when piped]"
)
def parse_source(text: str, fmt: str | None) -> None:
    """Print the structure archcite finds in a FRUS source note ("Source: …", or - for stdin)."""
    import json

    from . import sourcenote

    if text == "-":
        text = sys.stdin.read()
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
