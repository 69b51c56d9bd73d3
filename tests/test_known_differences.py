"""What citeproc-py still gets wrong after archcite's layer: strict expected failures (docs/known-differences.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archcite import render, styles
from archcite.richtext import plain


@pytest.mark.xfail(strict=True, reason="K1: citeproc-py does not flip nested quotation marks")
def test_nested_quotes_flip_to_single() -> None:
    item = {"id": "x", "type": "manuscript", "title": "The “Eyes Only” Files", "archive": "Library"}
    text = plain(render.note(styles.resolve("chicago"), item))
    assert text == "“The ‘Eyes Only’ Files,” n.d., Library."


IBID_STYLE = b"""<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0" default-locale="en-US">
  <info><title>ibid test</title><id>ibid-test</id><updated>2026-11-29T00:00:00+00:00</updated></info>
  <citation><layout suffix=".">
    <choose><if position="ibid"><text term="ibid"/></if><else><text variable="title"/></else></choose>
  </layout></citation>
</style>"""


@pytest.mark.xfail(strict=True, reason="K2: citeproc-py lowercases Ibid. at the start of a note")
def test_ibid_is_capitalized(tmp_path: Path) -> None:
    path = tmp_path / "ibid.csl"
    path.write_bytes(IBID_STYLE)
    item = {"id": "x", "type": "manuscript", "title": "Papers"}
    assert plain(render.note(styles.resolve(str(path)), item, subsequent=True)) == "Ibid."
