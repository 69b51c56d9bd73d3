"""The ``archcite`` command: parse arguments, make one library call, print or fail cleanly.

Exit codes: 0 success; 1 invalid records or a citation that cannot be made; 2 usage errors
(unknown style, missing directory, bad option); 3 a bug in archcite (one line, no traceback);
130 interrupted (Ctrl-C). Heavy modules (pydantic, citeproc-py, rich) are imported inside the
commands that use them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import EXIT_INTERNAL, EXIT_INTERRUPTED, ArchciteError, one_line
from .vocabulary import VERSIONS

STYLE_HELP = "chicago, turabian, or a path to a CSL file"
FORMATS = ["text", "html", "markdown", "rtf", "latex", "json"]


class _HelpFormatter(click.HelpFormatter):
    """Help as wide as the terminal, up to 80 columns: click's own stops two short of it, so an
    80-column terminal would wrap at 78 and the README's help blocks (written at 80) would differ."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        if width is None:
            import shutil

            width = max(min(shutil.get_terminal_size().columns, max_width or 80), 50)
        super().__init__(indent_increment, width, max_width)


click.Context.formatter_class = _HelpFormatter


class _Group(click.Group):
    """Turns every ArchciteError into one line on stderr and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ArchciteError as e:
            click.echo(f"archcite: {one_line(str(e))}", err=True)
            ctx.exit(e.exit_code)
        except BrokenPipeError:
            _quiet_stdout()  # the reader went away (| head): not an error
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("archcite: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except (click.exceptions.Exit, click.ClickException):
            raise
        except Exception as e:  # a bug: still one line, never a traceback (unless a developer asks)
            if os.environ.get("ARCHCITE_TRACEBACK") == "1":
                raise
            click.echo(f"archcite: internal error: {type(e).__name__}: {one_line(str(e))} (please report it)", err=True)
            ctx.exit(EXIT_INTERNAL)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush meets no broken pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archcite")
def main() -> None:
    """Structured records of archival and FRUS documents, cited exactly in Chicago and Turabian."""


def _echo(text: str) -> None:
    from . import emit

    emit.data(text)


def _decorated(command: Any, decorators: list[Any]) -> Any:
    """*command* with *decorators* applied, the first listed outermost (as written above a function)."""
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def _complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Record ids for the shell, from the index of the records directory the command would use."""
    try:
        from . import store

        index = store.default(ctx.params.get("records") or ctx.params.get("into")).index
        return [i for i in index.ids() if i.startswith(incomplete)][:500]
    except Exception:  # a completion never fails the shell: no ids is the answer
        return []


def _complete_styles(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from . import styles

    return sorted({name for name, _, _ in styles.bundled() if name.startswith(incomplete)})


def _rendering_options(command: Any) -> Any:
    """The options every citing command shares: style, edition, version, format, records, …"""
    decorators = [
        click.option(
            "--style",
            "style_name",
            default="chicago",
            show_default=True,
            help=STYLE_HELP,
            shell_complete=_complete_styles,
        ),
        click.option("--edition", type=click.Choice(["17", "18"]), help="Chicago edition [default: 18]"),
        click.option(
            "--version",
            "version",
            type=click.Choice(VERSIONS),
            help="the original, the printed edition, or the edition online "
            "[default: print when published, else archive]",
        ),
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True),
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
        click.option("--box-first", is_flag=True, help="archival levels as box, then folder (default: folder, box)"),
    ]
    return _decorated(command, decorators)


def _options(
    style_name: str,
    edition: str | None,
    version: str | None,
    accessed: str | None,
    frus_title: str,
    no_general_editor: bool,
    **rest: Any,
) -> Any:
    """The one ``Options`` value the rendering options stand for."""
    from . import rendercache, styles
    from .options import Options, accessed_date

    return Options(
        style=styles.resolve(style_name, edition, rendercache.style_info_memo()),
        version=version,
        accessed=accessed_date(accessed),
        general_editor=not no_general_editor,
        heading=frus_title == "heading",
        **rest,
    )


def _store(records: str | None) -> Any:
    from . import store

    return store.default(records)


def _ids_or_all(ids: tuple[str, ...], all_records: bool) -> None:
    from .errors import UsageError

    if bool(ids) == all_records:
        raise UsageError("give record ids, or --all")


@main.command()
@click.argument("ids", nargs=-1, shell_complete=_complete_ids)
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
    from . import citing, emit

    _ids_or_all(ids, all_records)
    found = _store(records)
    options = _options(form=form, markings=markings, **kw)
    paths = found.documents() if all_records else [found.find(i) for i in ids]
    cited = [
        c for c in citing.run(found, [citing.Job(p, options) for p in paths], skip_missing_version=all_records) if c
    ]
    emit.warnings(w for c in cited for w in c.warnings)
    emit.citations(cited, fmt)


@main.command()
@click.argument("sequence", default="-")
@click.option("--ibid", is_flag=True, help="write Ibid. for a source cited in the note just before")
@click.option("--bibliography", "with_bibliography", is_flag=True, help="append the bibliography of what is cited")
@click.option("--sections", is_flag=True, help="the bibliography in sections: archival, published, other")
@_rendering_options
def notes(
    sequence: str, ibid: bool, with_bibliography: bool, sections: bool, fmt: str, records: str | None, **kw: Any
) -> None:
    """Print numbered footnotes for a sequence of citations, one per line (a file, or - for stdin).

    A line is a record id or document number, optionally with a locator:
    `120`, `120, p. 434`, `frus1969-76v09-d120 | para. 3`. The first citation of a
    record is a full note, later ones short notes.
    """
    from . import emit, footnotes, output

    found = _store(records)
    options = _options(**kw)
    if sequence == "-" and sys.stdin.isatty():
        click.echo("archcite: reading citations from standard input, one per line (Ctrl-D ends)", err=True)
    text = _read_text(sequence, footnotes.MAX_SEQUENCE, "a citation sequence")
    requests = footnotes.parse_sequence(text, "<stdin>" if sequence == "-" else sequence)
    notes_ = footnotes.footnotes(requests, found, options, ibid=ibid)
    emit.warnings(notes_.warnings)
    for line in output.numbered(notes_.notes(), fmt):
        _echo(line)
    if with_bibliography or sections:
        for name, entries in footnotes.bibliography_of(found, notes_.sources(), options, sections=sections):
            _echo(output.entries(entries, fmt, heading=name or "Bibliography"))


def _read_text(path: str, limit: int, what: str) -> str:
    """Up to *limit* bytes of UTF-8 text from the file *path* or ``-`` (stdin), or a usage error."""
    from .boundedio import read_text
    from .errors import UsageError

    return read_text(path, limit, what=what, error=UsageError, display="<stdin>" if path == "-" else path)


@main.command()
@click.argument("ids", nargs=-1, shell_complete=_complete_ids)
@click.option("--all", "all_records", is_flag=True, help="every record in the records directory")
@click.option("--sections", is_flag=True, help="in sections: archival collections, published documents, other")
@_rendering_options
def bib(ids: tuple[str, ...], all_records: bool, sections: bool, fmt: str, records: str | None, **kw: Any) -> None:
    """Print a bibliography: one entry per archival collection and per volume, sorted, no duplicates.

    With --all and --version, records that lack that version are left out.
    """
    from . import footnotes, output

    _ids_or_all(ids, all_records)
    options = _options(**kw)
    found = _store(records)
    if all_records:
        chosen = [(r.id, options.version) for r in found.records() if options.version in (None, *r.versions)]
    else:
        chosen = [(i, options.version) for i in ids]
    parts = footnotes.bibliography_of(found, chosen, options, sections=sections)
    _echo("\n\n".join(output.entries(entries, fmt, heading=name).lstrip("\n") for name, entries in parts))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def validate(paths: tuple[Path, ...], fmt: str) -> None:
    """Check record files (default: the records directory); report every problem."""
    from . import store
    from .validate import validate as run

    report = run(paths or (store.default_root(None),))
    if fmt == "json":
        _echo(report.to_json())
    else:
        for finding in report.findings:
            _echo(str(finding))
        click.echo(report.summary(), err=bool(report.findings))
    sys.exit(1 if report.errors else 0)


@main.command()
@click.argument("ident", metavar="ID", shell_complete=_complete_ids)
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

    found = _store(records)
    volume_path = found.volume_path(ident)
    if volume_path is not None:  # a volume: archcite show frus1969-76v12
        path, record = volume_path, found.volume(ident)
    else:
        path = found.find(ident)
        record = found.parse(found.source(path))
    assert record is not None
    data = record.model_dump(by_alias=True, exclude_defaults=True, mode="json")
    fmt = fmt or ("panel" if sys.stdout.isatty() else "yaml")
    if fmt == "json":
        _echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif fmt == "yaml":
        from .recordio import to_yaml

        click.echo(to_yaml(record), nl=False)
    else:
        from .terminal import print_record

        print_record(record.id, str(path), data)


def _finding_options(command: Any) -> Any:
    """The filters of ``find``: one option per question a historian asks of a set of records."""
    from .finding import FILTERS

    decorators = [
        click.option(f.option, f.field, metavar=f.metavar, help=f.help, multiple=f.field == "participant")
        for f in FILTERS
    ]
    return _decorated(command, decorators)


@main.command()
@click.argument("text", required=False)
@_finding_options
@click.option("--sort", metavar="ORDER", help="date, id or relevance [default: relevance with TEXT, else date]")
@click.option("--limit", type=int, metavar="N", help="at most N records")
@click.option("--count", "count_only", is_flag=True, help="print how many records match, not the records")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "ids", "json"]),
    help="[default: table in a terminal, ids (one per line) when piped]",
)
@click.option("--records", metavar="DIR", help="records directory [default: $ARCHCITE_RECORDS, ./records]")
def find(text: str | None, count_only: bool, fmt: str | None, records: str | None, **filters: Any) -> None:
    """Find records by who wrote to whom, when, under what markings, kept where.

    TEXT searches titles, source notes, remarks and archival levels. Names match a
    full name, a surname or an office, without regard to case or accents. TEXT is a
    full-text query: words must all occur; put a phrase in double quotes. No match:
    exit 1. Piped, one id per line: `archcite find --from Kissinger | archcite notes -`.
    """
    from . import emit, finding
    from .errors import NotFoundError

    result = finding.search(_store(records), finding.Query(text=text, **filters))
    emit.warnings(result.warnings())
    if count_only:
        _echo(str(result.count))
        sys.exit(0 if result.count else 1)
    if not result.hits:
        raise NotFoundError("no record matches")
    fmt = fmt or ("table" if sys.stdout.isatty() else "ids")
    if fmt != "table":
        _echo("\n".join(finding.lines(result, fmt)))
    else:
        from .terminal import print_table

        rows = [[h.id, (h.date or "")[:10], h.who, h.kind or "", h.where or ""] for h in result.hits]
        print_table(["id", "date", "from → to", "kind", "where"], rows)
        if result.count > len(result.hits):
            click.echo(f"archcite: {len(result.hits)} of {result.count} shown (--limit)", err=True)


@main.command(name="styles")
@click.argument("name", required=False, shell_complete=_complete_styles)
@click.option("--edition", help="an edition other than the style's default (chicago: 17 or 18)")
@click.option("--path", "path_only", is_flag=True, help="print the file's path, not the file")
def styles_(name: str | None, edition: str | None, path_only: bool) -> None:
    """List archcite's styles and where they are, or print one (for pandoc, Zotero, any CSL processor).

    `pandoc --citeproc --csl "$(archcite styles --path chicago)"` uses archcite's Chicago style.
    """
    from . import styles
    from .boundedio import read_text
    from .errors import StyleError

    if name is None:
        for style, number, path in styles.bundled():
            default = " (default)" if styles.DEFAULT_EDITION[style] == number else ""
            _echo(f"{style} {number}{default}\t{path}")
        return
    path = styles.resolve(name, edition).path
    if path_only:
        _echo(str(path))
    else:
        click.echo(read_text(path, styles.MAX_STYLE_BYTES, what="CSL style", error=StyleError), nl=False)


@main.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the script that completes archcite's commands, options and record ids in SHELL.

    bash: `eval "$(archcite completion bash)"` in ~/.bashrc; zsh: the same in ~/.zshrc;
    fish: `archcite completion fish > ~/.config/fish/completions/archcite.fish`.
    """
    from click.shell_completion import get_completion_class

    completer = get_completion_class(shell)
    assert completer is not None  # the three shells click completes
    _echo(completer(main, {}, "archcite", "_ARCHCITE_COMPLETE").source())


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
    return _decorated(command, decorators)


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
@click.option(
    "--gold",
    "gold_dir",
    metavar="DIR",
    type=click.Path(path_type=Path, file_okay=False),
    help="compare the records with a hand-checked gold set (tests/gold/) and print the accuracy",
)
def import_frus(
    volumes: tuple[Path, ...],
    into: Path | None,
    dry_run: bool,
    force: bool,
    report_file: Path | None,
    gold_dir: Path | None,
) -> None:
    """Import FRUS volumes in TEI XML: a volume record and one record per document."""
    from . import recordio
    from .errors import UsageError
    from .importreport import full_report

    if gold_dir is not None and dry_run:
        raise UsageError("--gold compares the records written: it cannot be used with --dry-run")
    reports = _import_volumes(list(volumes), _into(into), dry_run=dry_run, force=force)
    if report_file is not None:
        recordio.write_atomic(report_file, full_report(reports))
    if gold_dir is not None:
        from . import accuracy

        _echo("accuracy against the gold set:\n" + accuracy.measure(gold_dir, _into(into)).report())
    if _print_failed(reports):
        sys.exit(1)


def _import_volumes(volumes: list[Path], into: Path, *, dry_run: bool = False, force: bool = False) -> list[Any]:
    """Import FRUS volumes (a progress bar in a terminal) and print the summary: `import frus` and `fetch`."""
    from . import importing
    from .importreport import summary

    with _progress() as advance:
        reports = importing.import_frus(volumes, into, dry_run=dry_run, force=force, progress=advance)
    _echo(summary(reports, dry_run=dry_run))
    return reports


def _print_failed(reports: list[Any]) -> bool:
    """One line on stderr for each volume that could not be imported; whether there was one."""
    failed = [r for r in reports if r.failed]
    for report in failed:
        click.echo(f"archcite: {one_line(report.failed or '')}", err=True)
    return bool(failed)


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

    for report in importing.import_csl_json(list(files), _into(into), dry_run=dry_run, force=force):
        _echo(report.summary(dry_run=dry_run))


def _download_bar(label: str, total: int | None) -> Any:
    """A download's bar (bytes and rate) on stderr in a terminal; nothing otherwise."""
    import contextlib

    if not sys.stderr.isatty():
        return contextlib.nullcontext(lambda n: None)
    from .terminal import download_bar

    return download_bar(label, total)


@main.command()
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@click.option(
    "--into",
    metavar="DIR",
    type=click.Path(path_type=Path),
    help="records directory to write to [default: $ARCHCITE_RECORDS, ./records]",
)
@click.option("--force", is_flag=True, help="download again, even if the cached copy is current")
@click.option(
    "--source",
    metavar="URL",
    help="a mirror's URL, or a clone of HistoryAtState/frus [default: $ARCHCITE_FRUS_SOURCE, "
    "the Office of the Historian's repository on GitHub]",
)
@click.pass_context
def fetch(ctx: click.Context, ids: tuple[str, ...], into: Path | None, force: bool, source: str | None) -> None:
    """Download FRUS volumes and import them, as `import frus` does.

    ID is a volume (frus1969-76v21) or a document (frus1969-76v21-d190): for a
    document, its citation follows, as `archcite cite ID --records DIR` prints it.
    Each volume's TEI is kept in the cache and downloaded again only when the
    server says it changed, or with --force.
    """
    from . import fetching
    from .importing import check_into

    check_into(_into(into))  # before anything is downloaded
    batch = fetching.fetch_all(ids, source, force=force, progress=_download_bar)
    for note in batch.notes:
        click.echo(f"archcite: {one_line(note)}", err=True)
    reports = _import_volumes(batch.files, _into(into)) if batch.files else []
    failed = {r.source for r in reports if r.failed}
    documents = tuple(ident for ident, path in batch.documents.items() if path.name not in failed)
    for error in batch.errors:
        click.echo(f"archcite: {one_line(str(error))}", err=True)
    failed_any = _print_failed(reports)
    if documents:  # exactly what `archcite cite ID --records INTO` prints
        ctx.invoke(cite, ids=documents, records=str(_into(into)))
    if failed_any or batch.errors:
        sys.exit(max((error.exit_code for error in batch.errors), default=1))


@main.command()
@click.argument("ids", nargs=-1, shell_complete=_complete_ids)
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
    from .exporters import export as run

    _ids_or_all(ids, all_records)
    found = _store(records)
    chosen = found.records() if all_records else [found.record(i) for i in ids]
    text = run(fmt, [(r, found.volume(r.published_in.volume) if r.published_in else None) for r in chosen])
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
        text = _read_text("-", 1_000_000, "a source note")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError("the source note is not UTF-8 text") from None
    note = sourcenote.parse(text)
    data = sourcenote.to_dict(note)
    if (fmt or ("tree" if sys.stdout.isatty() else "json")) == "json":
        _echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        from .terminal import print_record

        print_record(f"source note: {note.status}", "", data)
