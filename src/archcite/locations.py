"""Archival locations as FRUS source notes give them: repository first, most general level first. Pure.

``National Archives, RG 59, Central Files 1967–69, POL 27 VIET S``; ``Johnson Library, National
Security File, Country File, Vietnam, Vol. XII``; ``Department of State, Central Files,
756D.00/7–2158``; ``Department of State, S/S–NSC Files: Lot 63 D 351, NSC 5405 Series``;
``Kennedy Library, National Security Files, Countries Series, USSR, Box 187``. The levels are
read into an ``Archive``: repository (and its division), record group (with its title), a named
collection, series (a lot file with its number is one level, commas and all; a span of years
belongs to the level before it), the central-file code (decimal, subject-numeric or name file),
the box, and the folder (what follows the box, or the trailing levels that name no series).

``continued`` reads a location that begins with ``Ibid.``: the first level after it says where
the new location leaves the old one.
"""

from __future__ import annotations

import re
from typing import Any

from . import vocabulary
from .models import Archive

RECORD_GROUP = re.compile(r"RG \d+[A-Z]?")
# The titles of record groups FRUS notes cite (RG 59, General Records of the Department of State; RG 330,
# Records of the Office of the Secretary of Defense); "Records of Henry A. Kissinger" is a series.
_RG_TITLE = re.compile(
    r"(?:General )?Records of the (?:Department of|Foreign Service Posts|(?:U\.S\. )?Joint Chiefs|Central Intelligence|"
    r"National Security Council|Office of the Secretary of Defense|Army Staff|Agency for International|"
    r"(?:U\.S\.|United States) Information Agency|Bureau of|Office of Strategic)"
)
_BOX = vocabulary.BOX_LEVEL
_BARE_BOX = vocabulary.BARE_BOX
_FOLDER = re.compile(r"Folder (\S+)")
# Decimal files of the Department's central files: 793.5/3–355, 756D.00/7–2158, 501.BC Kashmir/10–3048,
# 740.00119 Control (Japan)/1–749, 320.2–AC/1–2051, 103.93/461, 611.91, 795B.00.
DECIMAL_FILE = re.compile(
    r"\d{3}[A-Za-z]?(?:\.[0-9A-Za-z]+)*(?:[-–][A-Z]{1,8})?"
    r"(?:\s?(?:[A-Z][\w.-]*)(?:\s[A-Z][\w.-]*)?(?:\s?\([^)]{1,40}\))?)?\s?/\s?\d+(?:[-–—]\d+)*[A-Za-z]?"
    r"|\d{3}[A-Z]?\.[0-9A-Z]+(?:[-–][A-Z]+)?"
)
# Name files: 123–MacArthur, Douglas (the comma is part of the file).
_NAME_FILE = re.compile(r"\d{3}[A-Z]?[–-][A-Z][\w’'-]+")
_SPACED_NAME_FILE = r"\d{3}[A-Z]? [A-Z][\w’'-]+(?:, [A-Z][\w.’' -]+)?"  # 123 Jones, J. Wesley (after Central Files)
# State Department subject-numeric files, 1963–73: POL 27 VIET S, POL US–USSR, DEF 12 CAMB, NATO 3 BEL (BR)
SUBJECT_FILE = re.compile(
    r"(?:POL|DEF|ECIN|FN|ORG|PER|SOC|CSM|AID|INCO|PS|CULT|EDU|EDX|PET|STR|TEL|AV|SCI|SP|XR|LEG|FT|ECON|FSE|"
    r"LAB|TRV|CON|PPB|PR|ADM|BIO|HS|CU|POW|FIN|INT|IT|OS|PPV|SCA|E|NATO|UN|ORG|AE|E|FT|CSM|IO|ATO|SEATO|CENTO)"
    r"(?: \(US\))?(?: \d+(?:[-–—]\d+)*)?(?:[ –—-][A-Z][A-Za-z/]*(?:[-–—][A-Z][A-Za-z]*)*(?: \([A-Z]+\))?)*"
)  # … POL Nigeria-US, POL 27-9 Biafra-Nigeria, DEF 15 LIBYA—US, INCO–POULTRY US
_CENTRAL_CODE = re.compile(rf"(?:{SUBJECT_FILE.pattern})|{_SPACED_NAME_FILE}")
ELECTRONIC_TELEGRAM = re.compile(r"[DPN]\d{6}[-–]\d{3,4}")
CENTRAL_FILES = re.compile(r"Central (?:Foreign Policy |Decimal |Subject-Numeric )?Files?\b")
# Searched, not matched: a level that ends like a series, or carries a lot, job or entry number.
_SERIES_LIKE = re.compile(
    r"\b(?:Files?|Series|Subseries|Papers|Materials?|Records|Tapes|Collection|Correspondence|Diaries)"
    r"(?: \([^)]{0,80}\))?(?:,? \d{4}(?:[–-]\d{2,4})?)?$|"
    r"\b(?:Lot|FRC|Job|Entry|E) ?\d|\b(?:Records|Files) of\b|: Lot\b|^(?:JCS|RG) \d+$|"
    r"^(?:Sub)?[Ss]eries [IVXLC\d]+[A-Z]?$"
)
_NUMBERED = re.compile(r"(?:Lot|FRC|Job|Entry|E) ?\d|.*\b(?:Lot|FRC) ?\d|Central (?:Foreign Policy )?Files?\b")
# The file of one numbered paper in a lot: "NSC 5405 Series" (the papers numbered NSC 5405, 5405/1, …).
_PAPER_SERIES = re.compile(r"(?:NSC|NSAM|NSDM|NSSM|PD|PRM|OCB) [\w/–-]+ Series")
_LOT = re.compile(r"\b(?:Lot|FRC)\s?\d")
# A level that begins the name of a lot file or other numbered file: the lot number belongs to it.
_FILE_NAME_HEAD = re.compile(r"Records of\b|Files? of\b|Papers of\b|.*\b(?:Files?|Records|Papers|Series)$")
COLLECTION_LIKE = re.compile(
    r"Papers of\b.*|.*\b(?:Papers|Presidential Materials|Collection|Donated Historical Materials?)$|.*\bDiary$"
)
_YEARS = re.compile(r"\d{4}(?:[–-]\d{2,4})?(?::.*)?$|(?:[A-Z][a-z]+\.? )?\d{4}[–-](?:[A-Z][a-z]+\.? )?\d{2,4}(?::.*)?$")
# Top-level units: a collection in a presidential library, a series in the Nixon materials.
TOP_LEVEL = frozenset(
    """National Security File|National Security Files|NSC Files|White House Central Files|White House Special Files|
    White House Tapes|President’s Office Files|President's Office Files""".replace("\n    ", "").split("|")
)
KNOWN_REPOSITORY = (
    r"National Archives(?: and Records Administration)?|Library of Congress|Central Intelligence Agency|"
    r"Department of State(?! Bulletin)(?! BULLETIN)|Washington National Records Center|Washington National Records|"
    r"(?:Washington |Suitland )?Federal Records Center|Naval Historical Center|Naval History and Heritage Command|"
    r"National Security Council(?: Files)?|Department of Defense|Office of the Secretary of Defense|"
    r"Joint Chiefs of Staff|"
    r"Hoover Institution(?: Archives)?|(?:[A-Z][\w.’'-]* ){0,4}(?:Presidential )?Library|"
    r"(?:[A-Z][\w.’'-]* ){1,3}University|(?:[A-Z][\w.’'-]* ){1,3}Historical Society"
)
REPOSITORY_START = re.compile(rf"(?:{KNOWN_REPOSITORY})(?=[,:;.)]|$| (?:Job|Lot|RG|Box)\b)")
# Agencies file by series; libraries and others hold named collections.
_AGENCY = re.compile(
    r"National Archives|Central Intelligence Agency|Department of State|Washington National Records|"
    r".*Federal Records Center|National Security Council|Department of Defense|Office of the Secretary of Defense|"
    r"Joint Chiefs of Staff"
)
_REPOSITORY_SUBUNIT = re.compile(r"Manuscript Division|.*\b(?:Library|Archives|Manuscripts|Collections)\b.*")
PUBLISHED = re.compile(
    r"\bpp?\. ?[A-Z\d]|\bBulletin\b|BULLETIN|Public Papers|Congressional Record|Current Documents|"
    r"Weekly Compilation|Presidential Campaign|Documents on|\bHearings?\b|Foreign Relations|\(\w[^()]*, \d{4}\)"
)
IBID = re.compile(r"ibid\.?(?::\s*|,\s*|\s*$)", re.IGNORECASE)
Draft = dict[str, Any]  # an Archive under construction: its fields, series a list


def parse(location: str, repository_of: Any = None) -> Archive | None:
    """The archive a location names; None when it names no repository (a publication, say).

    *repository_of*, given a level's text, says which repository the volume's list of sources
    places it in: for notes that name a lot file or collection alone.
    """
    found = repository(location)
    if found is None and repository_of is not None and not PUBLISHED.search(location):
        first = elements(location)[0] if elements(location) else ""
        holder = repository_of(first)
        if holder:  # the note names a collection alone, or the repository as the volume's list of sources does
            found = holder, (location[len(holder) :].lstrip(" ,") if location.startswith(holder) else location)
    if found is None:
        return None
    name, rest = found
    draft: Draft = {"repository": name, "series": []}
    fill(draft, elements(rest), collection_open=True)
    return build(draft)


def build(draft: Draft) -> Archive | None:
    data = {k: v for k, v in draft.items() if v}
    try:
        return Archive.model_validate(data)
    except ValueError:  # a control character or an empty level: not a location
        return None


def draft_of(archive: Archive) -> Draft:
    draft: Draft = archive.model_dump(exclude_defaults=True)
    draft["series"] = list(archive.series)
    return draft


def repository(location: str) -> tuple[str, str] | None:
    """The repository named at the start, and the text after it."""
    location = re.sub(r"^(?:in )?the ", "", location.strip())
    m = REPOSITORY_START.match(location)
    if m:
        name, rest = m.group(), location[m.end() :]
    else:
        first, _, rest = location.partition(",")
        if (
            PUBLISHED.search(location)
            or IBID.match(first)
            or not re.fullmatch(r"[A-Z][\w.’'&() -]{1,80}", first.strip())
            or _SERIES_LIKE.search(first.strip())
            or _LOT.search(first)
        ):
            return None
        name = first.strip()
    rest = rest.lstrip(" ,.")  # "Johnson Library. Tom Johnson's Notes of Meetings": a period typed for a comma
    # "Library of Congress, Manuscript Division", "Princeton University, Mudd Library": one repository.
    subunit, _, after = rest.partition(",")
    subunit = subunit.strip()
    if (
        re.match(r"Library of Congress$|Naval Historical Center$|.*\b(?:University|Institution)\b", name)
        and _REPOSITORY_SUBUNIT.fullmatch(subunit)
        and not COLLECTION_LIKE.fullmatch(subunit)
    ):
        name, rest = f"{name}, {subunit}", after.lstrip()
    return name, rest


def elements(text: str) -> list[str]:
    """The levels of a location: split at commas outside brackets (and before a Box after a colon),
    with a name file, a lot file's name and number, and a span of years each kept as one level."""
    parts: list[str] = []
    depth, start = 0, 0
    for i, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and (char == "," or (char == ":" and text.startswith(" Box ", i + 1))):
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return _joined([q for p in parts if p.strip() for q in _unjoined(p.strip())])


def _unjoined(part: str) -> list[str]:
    """ "Central Files POL CHICOM-US": a comma left out between the files and the file code."""
    m = CENTRAL_FILES.match(part)
    code = part[m.end() :].strip() if m else ""
    if m and code and (SUBJECT_FILE.fullmatch(code) or DECIMAL_FILE.fullmatch(code)):
        return [part[: m.end()], code]
    return [part]


def _joined(parts: list[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        spaced = len(out) > 1 and CENTRAL_FILES.match(out[-2]) and re.fullmatch(r"\d{3}[A-Z]? [A-Z][\w’'-]+", out[-1])
        if out and (_NAME_FILE.fullmatch(out[-1]) or spaced) and re.fullmatch(r"[A-Z][\w.’' -]+", part):
            out[-1] = f"{out[-1]}, {part}"  # 123–MacArthur, Douglas
        elif out and re.match(r"(?:and|or) ", part):
            out = _serial(out, part)  # Correspondence, Cables, Reports, and Newspapers …: one title
        elif out and _LOT.search(part) and _YEARS.match(part) and not _LOT.search(out[-1]):
            out = _with_lot(out, part)  # Records of Cyrus Vance, Secretary of State, 1977–1980: Lot 84D241
        elif out and _YEARS.match(part) and not _box(out[-1]) and not _is_locator(out[-1]):
            out[-1] = f"{out[-1]}, {part}"  # Subject Files, 1963–1966
        elif out and _LOT.match(part) and not _LOT.search(out[-1]):
            out = _with_lot(out, part)  # Conference Files, Lot 59 D 95
        else:
            out.append(part)
    return out


def _serial(out: list[str], last: str) -> list[str]:
    """The last item of a title's serial list joins the short items before it."""
    start = len(out) - 1
    while start > 0 and len(out[start - 1].split()) <= 2 and not _stands_alone(out[start - 1]):
        start -= 1
    if _stands_alone(out[start]):
        return [*out, last]
    return [*out[:start], ", ".join([*out[start:], last])]


def _stands_alone(level: str) -> bool:
    return bool(_NUMBERED.match(level) or RECORD_GROUP.fullmatch(level) or _box(level) or _is_locator(level))


def _with_lot(out: list[str], lot: str) -> list[str]:
    """A lot number joins the levels that name its file: back to the one that begins the name."""
    for back in range(1, min(4, len(out)) + 1):
        if _FILE_NAME_HEAD.match(out[-back]) or RECORD_GROUP.fullmatch(out[-back]):
            if RECORD_GROUP.fullmatch(out[-back]):
                back -= 1
            if back:
                return [*out[:-back], ", ".join([*out[-back:], lot])]
            break
    return [*out[:-1], f"{out[-1]}, {lot}"]


def fill(draft: Draft, levels: list[str], collection_open: bool) -> None:
    """Assign the location levels after the repository to the draft."""
    levels = list(levels)
    if levels and RECORD_GROUP.fullmatch(levels[0]):
        draft["record_group"] = levels.pop(0)
        if levels and _RG_TITLE.match(levels[0]) and not _LOT.search(levels[0]):
            draft["record_group"] += ", " + levels.pop(0)  # RG 59, Records of the Department of State
        collection_open = False
    box_at = next((i for i, e in enumerate(levels) if _box(e)), None)
    head = levels if box_at is None else levels[:box_at]
    tail = [] if box_at is None else levels[box_at + 1 :]
    if head and collection_open and _takes_collection(draft["repository"], head[0]):
        draft["collection"] = head.pop(0)
    if box_at is not None:
        draft["box"] = _box(levels[box_at])
    if box_at is not None and tail:
        series, folder = head, tail
        if "file_code" not in draft and (DECIMAL_FILE.fullmatch(tail[0]) or _NAME_FILE.match(tail[0])):
            draft["file_code"], folder = tail[0], tail[1:]  # Central Decimal File 1910–1929, Box 733, 103.93/461
    else:
        series, folder = _split_series(head)
    for level in series:
        _place(draft, level)
    if folder:
        draft["folder"] = _folder(folder)


def _box(element: str) -> str | None:
    m = _BOX.fullmatch(element)
    if m:
        return m.group(1)
    return element if _BARE_BOX.fullmatch(element) else None


def _takes_collection(repository_name: str, element: str) -> bool:
    if COLLECTION_LIKE.fullmatch(element):
        return True
    return not _AGENCY.match(repository_name) and not _NUMBERED.match(element) and not _is_locator(element)


def _split_series(levels: list[str]) -> tuple[list[str], list[str]]:
    """Without a box after them, series run to the last lot or job number, then while levels look like series."""
    numbered = [i for i, e in enumerate(levels) if _NUMBERED.match(e)]
    if numbered and numbered[-1] + 1 < len(levels) and _PAPER_SERIES.fullmatch(levels[numbered[-1] + 1]):
        return levels[: numbered[-1] + 1], levels[numbered[-1] + 1 :]  # S/S–NSC Files: Lot 63 D 351, NSC 5405 Series
    for i in range(numbered[-1] + 1 if numbered else 0, len(levels)):
        file_code = i > 0 and CENTRAL_FILES.match(levels[i - 1]) and _CENTRAL_CODE.fullmatch(levels[i])
        if not (_SERIES_LIKE.search(levels[i]) or _is_locator(levels[i]) or file_code):
            return levels[:i], levels[i:]
    return levels, []


def _is_locator(element: str) -> bool:
    return bool(DECIMAL_FILE.fullmatch(element) or ELECTRONIC_TELEGRAM.fullmatch(element) or _NAME_FILE.match(element))


def _place(draft: Draft, level: str) -> None:
    series = draft.setdefault("series", [])
    central = bool(series) and bool(CENTRAL_FILES.match(series[-1]))
    if ELECTRONIC_TELEGRAM.fullmatch(level):
        draft["item"] = level
    elif DECIMAL_FILE.fullmatch(level) or _NAME_FILE.match(level) or (central and _CENTRAL_CODE.fullmatch(level)):
        draft["file_code"] = level
    else:
        series.append(level)


def _folder(levels: list[str]) -> str:
    folder = ", ".join(levels)
    m = _FOLDER.fullmatch(folder)
    return m.group(1) if m else folder


def continued(place: str, last: Archive | None) -> Archive | None:
    """The location *place* names, ``Ibid.`` resolved against *last*, the location cited before it."""
    m = IBID.match(place)
    if not m:
        return parse(place)
    if last is None or re.match(r"pp?\. ", place[m.end() :]):
        return None
    draft = draft_of(last)
    rest = place[m.end() :]
    if ":" in m.group() and draft["series"] and ": " in draft["series"][-1]:
        # "ibid.: Lot 77 D 163" names another lot of the same files.
        prefix = draft["series"][-1].split(": ", 1)[0]
        draft["series"][-1] = f"{prefix}: {rest.strip()}"
        return build(draft)
    _continue(draft, elements(rest))
    return build(draft)


def _continue(draft: Draft, levels: list[str]) -> None:
    """Apply the levels after "Ibid.": the first one says where the new location leaves the old one."""
    if not levels:
        return
    first = levels[0]
    keep_series: list[str] | None = None
    collection_open = False
    series = draft["series"]
    if RECORD_GROUP.fullmatch(first):
        draft["collection"], keep_series = None, []
    elif first == draft.get("collection") or COLLECTION_LIKE.fullmatch(first):
        draft["collection"], keep_series, collection_open = None, [], True
    elif first in series:
        keep_series = series[: series.index(first)]
    elif first in TOP_LEVEL and draft.get("collection") in TOP_LEVEL:
        draft["collection"], keep_series, collection_open = None, [], True
    elif first in TOP_LEVEL or _NUMBERED.match(first):
        keep_series = []
    elif _SERIES_LIKE.search(first) or _box(first) or _is_locator(first) or SUBJECT_FILE.fullmatch(first):
        keep_series = series  # a lower series, another box or another file code
    if keep_series is None:  # a new folder in the same box: "ibid., Vol. XXI, Briefings …"
        draft["folder"] = _folder(levels)
        return
    draft["series"] = list(keep_series)
    for name in ("file_code", "item", "box", "folder"):
        draft.pop(name, None)
    fill(draft, levels, collection_open=collection_open)
