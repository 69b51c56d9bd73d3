"""The quick path of a cached `archcite cite` answers exactly as the full command, or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archcite import quickcite, rendercache
from archcite.cli import cite, main
from conftest import RECORDS, heavy_modules_loaded

IDS = ["120", "frus1969-76v09-d120", "creel-house-1918", "purcell-map-1772", "ryan-papers", "nope", "12O"]


def test_the_quick_grammar_is_the_commands_own() -> None:
    """Every option the quick path reads is an option of `cite` with the same values, and every other
    option of `cite` sends it to the full command."""
    options = {opt: param for param in cite.params if isinstance(param, click.Option) for opt in param.opts}
    for name, (keyword, choices) in quickcite.VALUED.items():
        param = options[name]
        assert param.name == keyword
        assert not param.is_flag
        expected = tuple(param.type.choices) if isinstance(param.type, click.Choice) else None
        assert choices == expected, name
        default = None if type(param.default).__name__ == "Sentinel" else param.default  # click's "unset"
        assert quickcite.DEFAULTS[keyword] == default, name
    for name, keyword in quickcite.FLAGS.items():
        assert options[name].is_flag
        assert options[name].name == keyword
    for name in set(options) - set(quickcite.VALUED) - set(quickcite.FLAGS):
        assert quickcite.parse(["120", name]) is None, name


def full(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["cite", *args])
    return result.exit_code, result.stdout, result.stderr


def quick(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[bool, str, str]:
    rendercache._db = False
    capsys.readouterr()
    answered = quickcite.answer(args)
    out, err = capsys.readouterr()
    return answered, out, err


OPTION = st.one_of(
    st.tuples(st.sampled_from(["--style"]), st.sampled_from(["chicago", "turabian", "Chicago", "nope", ""])),
    st.tuples(st.sampled_from(["--edition"]), st.sampled_from(["17", "18", "19"])),
    st.tuples(st.sampled_from(["--version"]), st.sampled_from(["archive", "print", "online", "x"])),
    st.tuples(st.sampled_from(["--form"]), st.sampled_from(["note", "short", "bib"])),
    st.tuples(st.sampled_from(["--format"]), st.sampled_from(["text", "html", "markdown", "rtf", "latex", "json"])),
    st.tuples(st.sampled_from(["--accessed"]), st.sampled_from(["2026-11-29", "today", "1972", "x"])),
    st.tuples(st.sampled_from(["--frus-title"]), st.sampled_from(["names", "heading"])),
    st.tuples(st.sampled_from(["--records"]), st.sampled_from([str(RECORDS), "/nowhere"])),
    st.tuples(st.sampled_from(["--markings", "--no-general-editor", "--all", "-h", "--", "--bogus"])),
)


def spelled(option: tuple[str, ...], joined: bool) -> list[str]:
    return [f"{option[0]}={option[1]}"] if joined and len(option) == 2 else list(option)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ids=st.lists(st.sampled_from(IDS), max_size=3),
    options=st.lists(st.tuples(OPTION, st.booleans()), max_size=4),
    order=st.randoms(),
)
def test_quick_answers_are_the_full_commands(
    ids: list[str], options: list[tuple[tuple[str, ...], bool]], order: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever the arguments: the quick path prints nothing, or exactly what `archcite cite` prints."""
    args = list(ids)
    for option, joined in options:
        args[order.randint(0, len(args)) : 0] = spelled(option, joined)  # type: ignore[attr-defined]
    os.environ["ARCHCITE_RECORDS"] = str(RECORDS)
    try:
        code, out, err = full(args)  # fills the cache
        answered, quick_out, quick_err = quick(args, capsys)
    finally:
        del os.environ["ARCHCITE_RECORDS"]
    if answered:
        assert (code, out, err) == (0, quick_out, quick_err), args
    elif code == 0 and quickcite.parse(args) is not None:
        pytest.fail(f"a cached citation was not answered quickly: {args}")


def test_cached_cite_loads_no_command_line_library(tmp_path: Path) -> None:
    """A cached `archcite cite` imports neither click nor pydantic, citeproc-py, lxml or rich."""
    env = {**os.environ, "ARCHCITE_CACHE": str(tmp_path / "cache"), "ARCHCITE_RECORDS": str(RECORDS)}
    first, loaded_first = heavy_modules_loaded(["cite", "120"], env)
    second, loaded_second = heavy_modules_loaded(["cite", "120"], env)
    assert first == second != ""
    assert "click" in loaded_first
    assert loaded_second == []
