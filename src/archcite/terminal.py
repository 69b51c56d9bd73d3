"""Terminal output through rich: styled citations, records as panels, progress. The only rich import.

Everything shown here goes through ``safetext.visible``: text from a record or a file never
reaches the terminal as a control sequence or a direction override.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.text import Text
from rich.tree import Tree

from .richtext import Styled
from .safetext import visible

_RICH_STYLES = {"italic": "italic", "bold": "bold"}  # a terminal has no small capitals or superscripts


def print_styled(citations: list[Styled]) -> None:
    console = Console(highlight=False, soft_wrap=True)
    for styled in citations:
        text = Text()
        for span in styled:
            style = " ".join(_RICH_STYLES[s] for s in sorted(span.styles) if s in _RICH_STYLES)
            text.append(visible(span.text), style=style or None)
        console.print(text)


def print_record(ident: str, path: str, data: dict[str, Any]) -> None:
    tree = Tree(Text(visible(path), style="dim"))
    _add(tree, data)
    Console(highlight=False).print(Panel(tree, title=Text(visible(ident)), title_align="left"))


def _add(tree: Tree, value: Any) -> None:
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in items:
        label = Text(f"{visible(key)}: " if isinstance(key, str) else "• ", style="bold")
        if isinstance(child, (dict, list)):
            _add(tree.add(label), child)
        else:
            tree.add(label + Text(visible(str(child))))


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    """Rows under *headers*, fitted to the terminal's width (long cells wrap)."""
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    for i, header in enumerate(headers):
        table.add_column(header, no_wrap=i == 0)  # the first column is the id: never cut
    for row in rows:
        table.add_row(*(Text(visible(cell)) for cell in row))
    Console(highlight=False).print(table)


def _bar(*counts: Any) -> Any:
    """A transient bar on stderr: the label (never read as rich markup), the bar, then *counts*."""
    from rich.progress import BarColumn, Progress, TextColumn

    return Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        *counts,
        console=Console(stderr=True),
        transient=True,
    )


@contextmanager
def progress_bar(label: str, total: int | None = None) -> Iterator[Callable[..., None]]:
    """A progress bar on stderr; yields ``advance(n, total=None, label=None)``."""
    from rich.progress import MofNCompleteColumn

    with _bar(MofNCompleteColumn()) as progress:
        task = progress.add_task(visible(label), total=total)

        def advance(n: int = 0, total: int | None = None, label: str | None = None) -> None:
            if total is not None or label is not None:
                progress.update(task, total=total, description=visible(label) if label else None, completed=0)
            progress.advance(task, n)

        yield advance


@contextmanager
def download_bar(label: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A download's progress on stderr: the bytes so far (of *total*, when the server gave it) and
    the rate; yields ``advance(n)``."""
    from rich.progress import DownloadColumn, TransferSpeedColumn

    with _bar(DownloadColumn(), TransferSpeedColumn()) as progress:
        task = progress.add_task(visible(label), total=total)

        def advance(n: int) -> None:
            progress.advance(task, n)

        yield advance
