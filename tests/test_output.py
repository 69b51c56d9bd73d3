"""Record text prints literally in every output format; italics are real italics."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import main

HOSTILE = "<b> & *stars* _under_ {brace} \\back [the] $5 #1 50% ~x^"


def cite(runner: CliRunner, root: Path, fmt: str) -> str:
    (root / "x.yaml").write_text(
        "id: x\nkind: report\n"
        f"document_title: '{HOSTILE}'\n"
        "date: 1950-01-02\narchive: {repository: Library, collection: Papers}\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["cite", "x", "--records", str(root), "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout.rstrip("\n")


def test_text(runner: CliRunner, tmp_path: Path) -> None:
    assert cite(runner, tmp_path, "text") == f"“{HOSTILE},” January 2, 1950, Papers, Library."


def test_html(runner: CliRunner, tmp_path: Path) -> None:
    assert cite(runner, tmp_path, "html") == (
        "“&lt;b&gt; &amp; *stars* _under_ {brace} \\back [the] $5 #1 50% ~x^,” January 2, 1950, Papers, Library."
    )


def test_markdown(runner: CliRunner, tmp_path: Path) -> None:
    assert cite(runner, tmp_path, "markdown") == (
        "&#8220;\\<b\\> \\& \\*stars\\* \\_under\\_ \\{brace\\} \\\\back \\[the\\] \\$5 \\#1 50% \\~x\\^,&#8221; "
        "January 2, 1950, Papers, Library."
    )


def test_latex(runner: CliRunner, tmp_path: Path) -> None:
    assert cite(runner, tmp_path, "latex") == (
        "“\\textless{}b\\textgreater{} \\& *stars* \\_under\\_ \\{brace\\} \\textbackslash{}back "
        "{[}the{]} \\$5 \\#1 50\\% "
        "\\textasciitilde{}x\\textasciicircum{},” January 2, 1950, Papers, Library."
    )


def test_rtf(runner: CliRunner, tmp_path: Path) -> None:
    assert cite(runner, tmp_path, "rtf") == (
        "\\u8220?<b> & *stars* _under_ \\{brace\\} \\\\back [the] $5 #1 50% ~x^,\\u8221? "
        "January 2, 1950, Papers, Library."
    )


def test_italics_in_each_format(runner: CliRunner) -> None:
    """The series and volume titles are italic in every format that has italics."""
    expected = {
        "html": "in <i>Foreign Relations of the United States, 1969–1976</i>, ed.",
        "markdown": "in *Foreign Relations of the United States, 1969–1976*, ed.",
        "latex": "in \\emph{Foreign Relations of the United States, 1969–1976}, ed.",
        "rtf": "in {\\i Foreign Relations of the United States, 1969\\u8211?1976}, ed.",
    }
    for fmt, fragment in expected.items():
        result = runner.invoke(main, ["cite", "120", "--format", fmt])
        assert fragment in result.stdout, fmt


@pytest.mark.parametrize("which", ["progress", "download"])
def test_progress_bars_show_labels_as_written(which: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bar's label is text, never rich markup or a control sequence; the counts follow it."""
    import io

    from rich.console import Console

    from archcite import terminal

    consoles: list[Console] = []

    def recording(*args: object, **kwargs: object) -> Console:
        consoles.append(Console(file=io.StringIO(), force_terminal=True, width=100, record=True))
        return consoles[-1]

    monkeypatch.setattr(terminal, "Console", recording)
    label = "reading [bold]frus1969-76v12[/bold] \x1b]0;title\x07"
    if which == "progress":
        with terminal.progress_bar(label, total=4) as advance:
            advance(3)
        counts = "3/4"
    else:
        with terminal.download_bar(label, 2000) as advance:
            advance(1000)
        counts = "1.0/2.0 kB"
    shown = consoles[0].export_text()
    assert "reading [bold]frus1969-76v12[/bold] \\x1b]0;title\\x07" in shown
    assert counts in shown
