"""Every bundled record × style × form × version × output format, compared with its golden file.

Regenerate with ``pytest --update-golden`` and review the diff.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from archcite import citation, store, styles
from archcite.options import Options
from archcite.output import RENDERERS, to_json
from archcite.vocabulary import FORMS
from conftest import GOLDEN, RECORDS

STYLES = [("chicago", "18"), ("chicago", "17"), ("turabian", "9")]
ACCESSED = "2026-11-29"
STORE = store.Store(RECORDS)
RECORD_FILES = STORE.documents()
RECORD_IDS = [STORE.parse(STORE.source(path)).id for path in RECORD_FILES]


def render_all(path: Path, style_name: str, edition: str) -> str:
    record = STORE.parse(STORE.source(path))
    style = styles.resolve(style_name, edition)
    lines = [f"# {record.id} in {style_name} {edition}"]
    for version in record.versions:
        volume = STORE.volume(record.published_in.volume) if record.published_in and version != "archive" else None
        for form in FORMS:
            options = Options(style=style, form=form, version=version, accessed=ACCESSED)
            result = citation.cite(record, volume, options)
            lines.append(f"\n## {form} {version}")
            for fmt, render in RENDERERS.items():
                lines.append(f"{fmt}: {render(result.styled)}")
            lines.append(f"json: {json.dumps(to_json(result), ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("style_name", "edition"), STYLES, ids=[f"{s}-{e}" for s, e in STYLES])
@pytest.mark.parametrize(("record_file", "record_id"), list(zip(RECORD_FILES, RECORD_IDS, strict=True)), ids=RECORD_IDS)
def test_golden(record_file: Path, record_id: str, style_name: str, edition: str, update_golden: bool) -> None:
    """The citations of a bundled record equal its golden file, character for character."""
    actual = render_all(record_file, style_name, edition)
    golden = GOLDEN / f"{record_id}.{style_name}-{edition}.txt"
    if update_golden:
        golden.write_text(actual, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8") if golden.exists() else ""
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), str(golden), "actual"))
        pytest.fail(f"output differs from {golden.name} (run pytest --update-golden to accept):\n{diff}")


def test_every_record_has_golden_files() -> None:
    """No golden file is left over from a record that no longer exists."""
    expected = {f"{i}.{s}-{e}.txt" for i in RECORD_IDS for s, e in STYLES}
    assert {p.name for p in GOLDEN.glob("*.txt")} == expected
