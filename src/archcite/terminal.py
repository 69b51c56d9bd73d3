"""Terminal output through rich: italics in citations, records as panels. The only rich import."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.text import Text
from rich.tree import Tree

from .richtext import Styled


def print_styled(citations: list[Styled]) -> None:
    console = Console(highlight=False, soft_wrap=True)
    for styled in citations:
        text = Text()
        for span in styled:
            text.append(span.text, style="italic" if span.italic else None)
        console.print(text)


def print_record(ident: str, path: str, data: dict[str, Any]) -> None:
    tree = Tree(Text(path, style="dim"))
    _add(tree, data)
    Console(highlight=False).print(Panel(tree, title=ident, title_align="left"))


def _add(tree: Tree, value: Any) -> None:
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in items:
        label = Text(f"{key}: " if isinstance(key, str) else "• ", style="bold")
        if isinstance(child, (dict, list)):
            _add(tree.add(label), child)
        else:
            tree.add(label + Text(str(child)))


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr; yields a function that advances it."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), console=Console(stderr=True), transient=True
    ) as progress:
        task = progress.add_task(label, total=None)
        yield lambda n: progress.advance(task, n)
