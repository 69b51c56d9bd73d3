"""archcite's Chicago 17 and Turabian 9 styles are its Chicago 18 style with the differences of their
editions, and nothing else: each is an independent CSL file (pandoc and Zotero can use it alone),
derived here from ``styles/chicago-18.csl`` by the few replacements below. Edit Chicago 18; then
``pytest tests/test_style_editions.py --update-golden`` writes the other two.

The differences (docs/citation-decisions.md, D12 and D20):

- CMOS 17, and Turabian 9 after it, shorten a volume's editors in notes from four (the first and
  *et al.*), CMOS 18 from three; in bibliographies CMOS 17 lists up to ten (then seven and *et
  al.*), CMOS 18 up to six (then three).
- Turabian gives an access date for every online source; Chicago only for one without a date.
"""

from __future__ import annotations

from pathlib import Path

import pytest

STYLES = Path(__file__).resolve().parents[1] / "styles"
CHICAGO_18 = STYLES / "chicago-18.csl"

_CMOS_17_EDITORS = [
    (
        "<!-- editors in notes: all up to two, then the first and et al. (CMOS 18 14.76) -->\n"
        '          <name and="text" delimiter=", " delimiter-precedes-last="contextual"'
        ' et-al-min="3" et-al-use-first="1"/>',
        "<!-- editors in notes: all up to three, then the first and et al. (CMOS 17 14.76) -->\n"
        '          <name and="text" delimiter=", " delimiter-precedes-last="contextual"'
        ' et-al-min="4" et-al-use-first="1"/>',
    ),
    (
        "<!-- editors in the bibliography: all up to six, then the first three and et al."
        " (CMOS 18 14.76) -->\n"
        '        <name and="text" delimiter=", " delimiter-precedes-last="contextual"'
        ' et-al-min="7" et-al-use-first="3"/>',
        "<!-- editors in the bibliography: all up to ten, then the first seven and et al."
        " (CMOS 17 14.76) -->\n"
        '        <name and="text" delimiter=", " delimiter-precedes-last="contextual"'
        ' et-al-min="11" et-al-use-first="7"/>',
    ),
]
_TURABIAN_ACCESS = [
    (
        """  <!-- Chicago gives an access date only for an online source without a date -->
  <macro name="accessed">
    <choose>
      <if variable="original-date issued" match="none">
        <date variable="accessed" form="text" prefix="accessed "/>
      </if>
      <else-if type="document">
        <choose>
          <if variable="original-date" match="none">
            <date variable="accessed" form="text" prefix="accessed "/>
          </if>
        </choose>
      </else-if>
    </choose>
  </macro>""",
        """  <!-- Turabian gives an access date for every online source -->
  <macro name="accessed">
    <date variable="accessed" form="text" prefix="accessed "/>
  </macro>""",
    ),
    (
        """  <macro name="accessed-bib">
    <choose>
      <if variable="issued" match="none">
        <date variable="accessed" form="text" prefix="Accessed "/>
      </if>
    </choose>
  </macro>""",
        """  <macro name="accessed-bib">
    <date variable="accessed" form="text" prefix="Accessed "/>
  </macro>""",
    ),
]
EDITIONS = {
    "chicago-17.csl": [
        ("Chicago (18th edition)", "Chicago (17th edition)"),
        ("Chicago Manual of Style 18th edition", "Chicago Manual of Style 17th edition"),
        ("<id>archcite-chicago-18</id>", "<id>archcite-chicago-17</id>"),
        *_CMOS_17_EDITORS,
    ],
    "turabian-9.csl": [
        ("archcite's Chicago (18th edition)", "archcite's Turabian (9th edition, after CMOS 17)"),
        (
            "Written for archcite; see",
            "Written for archcite; it differs from archcite's Chicago 17 style only in\n"
            "     giving an access date for every online source (the accessed macros); see",
        ),
        (
            "<title>archcite Chicago Manual of Style 18th edition (notes and bibliography, archival documents)</title>",
            "<title>archcite Turabian 9th edition (notes and bibliography, archival documents)</title>",
        ),
        ("<id>archcite-chicago-18</id>", "<id>archcite-turabian-9</id>"),
        *_CMOS_17_EDITORS,
        *_TURABIAN_ACCESS,
    ],
}


def derived(name: str) -> str:
    text = CHICAGO_18.read_text(encoding="utf-8")
    for old, new in EDITIONS[name]:
        assert text.count(old) == 1, f"{name}: chicago-18.csl no longer has exactly one {old[:60]!r}"
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize("name", sorted(EDITIONS))
def test_edition_is_chicago_18_with_its_differences(name: str, update_golden: bool) -> None:
    expected = derived(name)
    if update_golden:
        (STYLES / name).write_text(expected, encoding="utf-8")
    assert (STYLES / name).read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("name", sorted(EDITIONS))
def test_every_style_is_independent(name: str) -> None:
    """No file archcite hands out depends on another (pandoc cannot find an ``independent-parent``)."""
    assert 'rel="independent-parent"' not in (STYLES / name).read_text(encoding="utf-8")
