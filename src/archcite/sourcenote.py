"""Parse the text of a FRUS source note into an archival location, markings and remarks.

A source note (citation-rules.md §8) reads

    Source: {repository}, {collection …}, {series …}, Box {n}, {folder …}. {Classification}[; {caveat} …]. {remarks}

The location sentence gives the most general level first. It ends at the first
sentence that is a marking (``Secret; Nodis.``) or that begins like prose
(``Drafted by …``, ``Another copy …``); periods inside it (``Vol. XXI``,
``Henry A. Kissinger``) are skipped as abbreviations.

Every sentence after the location that is not a marking is kept verbatim in
``remarks``, in printed order, so that the note can be printed again; a sentence
that locates another copy of the document also yields a ``Copy`` (with ``Ibid.``
resolved against the location cited just before it).

Pure functions over strings: no I/O, stdlib and ``archcite.models`` only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from . import vocabulary
from .models import Archive, Copy

Status = Literal["full", "partial", "none"]


@dataclass(frozen=True)
class SourceNote:
    """A parsed source note. Sentences are kept verbatim; only the location is restructured."""

    text: str  # the note as given, whitespace normalized, "Source:" kept
    archive: Archive | None  # where the original is
    classification: tuple[str, ...]  # as printed: ("Top Secret",), ("No classification marking",)
    caveats: tuple[str, ...]  # caveats and precedence in printed order
    remarks: tuple[str, ...]  # every other sentence, verbatim
    copies: tuple[Copy, ...]  # other copies, Ibid. resolved
    remainder: str  # what could not be placed; "" when everything was understood
    status: Status  # full: location and markings; partial: location only; none: no repository found


def parse(text: str) -> SourceNote:
    """Parse one source note; never raises: a note without a repository has status "none"."""
    normalized = re.sub(r"\s+", " ", text).strip()
    body = _SOURCE_LABEL.sub("", normalized, count=1)
    location, rest = _marking_after_comma(*_split_location(body))
    archive = _parse_location(location)
    markings = _read_markings(_sentences(rest))
    if archive is None and not (markings.found or _PUBLISHED.search(location)):
        # Nothing understood: the whole note is left over rather than guessed at.
        return SourceNote(normalized, None, (), (), remarks=(), copies=(), remainder=body, status="none")
    return SourceNote(
        text=normalized,
        archive=archive,
        classification=tuple(markings.classification),
        caveats=tuple(markings.caveats),
        remarks=tuple(markings.remarks),
        copies=tuple(_find_copies(markings.remarks, archive)),
        remainder="" if archive else location,  # a published source: its citation is no archive
        status="none" if archive is None else "full" if markings.found else "partial",
    )


def to_dict(note: SourceNote) -> dict[str, Any]:
    """A JSON-ready view of a parsed note; empty archive levels are left out."""
    return {
        "status": note.status,
        "archive": _archive_dict(note.archive),
        "classification": list(note.classification),
        "caveats": list(note.caveats),
        "remarks": list(note.remarks),
        "copies": [{"note": c.note, "archive": _archive_dict(c.archive)} for c in note.copies],
        "remainder": note.remainder,
        "text": note.text,
    }


def _archive_dict(archive: Archive | None) -> dict[str, Any] | None:
    return archive.model_dump(mode="json", exclude_defaults=True) if archive else None


# --- vocabulary --------------------------------------------------------------------------

_SOURCE_LABEL = re.compile(r"^Source\s*:\s*", re.IGNORECASE)

_CLASSIFICATION = vocabulary.CLASSIFICATION
_CAVEAT = vocabulary.CAVEAT
_MAX_UNKNOWN_CAVEAT_WORDS = 4

# Words after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    {
        *("Vol", "Vols", "vol", "vols", "No", "Nos", "no", "nos", "pt", "pp", "p", "ca", "cf", "vs"),
        *("Gen", "Col", "Adm", "Lt", "Capt", "Maj", "Sgt", "Mr", "Mrs", "Ms", "Dr", "Amb", "Sen", "Rep"),
        *("Gov", "Pres", "Sec", "Dept", "St", "Ste", "Ft", "Mt"),
        *("Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"),
    }
)
# Abbreviations that can end a title ("Memos, Misc."): before prose, their period ends the sentence too.
_FINAL_ABBREVIATIONS = frozenset({"Misc", "Jr", "Sr", "Inc", "Co", "Corp", "Bros", "Ltd", "etc"})
_WINDOW = 60  # characters around a period that decide whether it ends a sentence
_PARENTHESIS_WINDOW = 2000  # longest parenthesis that can follow a sentence
_NOT_BEFORE_INITIAL = re.compile(r"[A-Z\d–-]+\.?|Tab|Annex|Appendix|Attachment|Enclosure|Part|Plan|Option|Section")
_PERIOD = re.compile(r"\.(?= |$)")
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"

# A sentence that starts like this is prose, so the location ended before it.
_PROSE_START = re.compile(
    r"(?:The|A|An|This|These|Those|That|It|Its|There|Another|Other|Also|No|Drafted|Sent|Repeated|Cleared|"
    r"Approved|Printed|Prepared|According|Attached|Received|Transmitted|Passed|Copies|Copy|In|On|For|See|"
    r"Both|All|Brackets|Here|Although|Originally|Apparently|Presumably|Probably|Filed|Initialed|Signed|"
    r"Handwritten|Typed|Forwarded|Delivered|Written|Scheduled|None)\b"
)

_RECORD_GROUP = re.compile(r"RG \d+[A-Z]?")
_BOX = vocabulary.BOX_LEVEL
_BARE_BOX = vocabulary.BARE_BOX
_FOLDER = re.compile(r"Folder (\S+)")
# 1950s decimal files: 793.5/3–355, 711.11-KE/1-2161, 388.3
_DECIMAL_FILE = re.compile(r"\d{3}(?:\.[\dA-Z]+)+(?:[-–][A-Z]+)?(?:/\d+[-–]\d+)?|\d{3}(?:[-–][A-Z]+)?/\d+[-–]\d+")
# State Department subject-numeric files, 1963–73: POL 27 VIET S, POL US–USSR, DEF 12 CAMB
_SUBJECT_FILE = re.compile(
    r"(?:POL|DEF|ECIN|FN|ORG|PER|SOC|CSM|AID|INCO|PS|CULT|EDU|EDX|PET|STR|TEL|AV|SCI|SP|XR|LEG|FT|ECON|FSE|"
    r"LAB|TRV|CON|PPB|PR|ADM|BIO|HS|CU|POW|FIN|INT|IT|OS|PPV|SCA|E)"
    r"(?: \d+(?:[-–]\d+)*)?(?: [A-Z][A-Z/]*(?:[-–][A-Z]+)*)*"
)
_ELECTRONIC_TELEGRAM = re.compile(r"[DPN]\d{6}[-–]\d{3,4}")
_CENTRAL_FILES = re.compile(r"Central (?:Foreign Policy |Decimal )?Files?\b")
# Searched, not matched: a level that ends like a series, or carries a lot, job or entry number.
_SERIES_LIKE = re.compile(
    r"\b(?:Files?|Series|Subseries|Papers|Materials?|Records|Tapes|Collection|Correspondence|Diaries)"
    r"(?: \([^)]{0,80}\))?(?: \d{4}(?:[–-]\d{2,4})?)?$|"
    r"\b(?:Lot|FRC|Job|Entry|E) ?\d|\bRecords of\b|: Lot\b|^(?:JCS|RG) \d+$"
)
_IDENTIFIER_SERIES = re.compile(r"(?:Lot|FRC|Job|Entry|E) ?\d|.*\b(?:Lot|FRC) \d|Central (?:Foreign Policy )?Files?\b")
_COLLECTION_LIKE = re.compile(
    r"Papers of\b.*|.*\b(?:Papers|Presidential Materials|Collection|Donated Historical Materials?)$|.*\bDiary$"
)
_YEAR_LEADING = re.compile(r"\d{4}(?:[–-]\d{2,4})?(?::|$)")
# Top-level units: a collection in a presidential library, a series in the Nixon materials.
_TOP_LEVEL = frozenset(
    [
        "National Security File",
        "National Security Files",
        "NSC Files",
        "White House Central Files",
        "White House Special Files",
        "White House Tapes",
        "President’s Office Files",
        "President's Office Files",
    ]
)

_KNOWN_REPOSITORY = (
    r"National Archives(?: and Records Administration)?|Library of Congress|Central Intelligence Agency|"
    r"Department of State(?! Bulletin)(?! BULLETIN)|Washington National Records Center|Washington National Records|"
    r"(?:Washington |Suitland )?Federal Records Center|Naval Historical Center|Naval History and Heritage Command|"
    r"National Security Council|Department of Defense|Office of the Secretary of Defense|Joint Chiefs of Staff|"
    r"Hoover Institution(?: Archives)?|(?:[A-Z][\w.’'-]* ){0,4}(?:Presidential )?Library|"
    r"(?:[A-Z][\w.’'-]* ){1,3}University|(?:[A-Z][\w.’'-]* ){1,3}Historical Society"
)
_REPOSITORY_START = re.compile(rf"(?:{_KNOWN_REPOSITORY})(?=[,:;.)]|$| (?:Job|Lot|RG|Box)\b)")
# Agencies file by series; libraries and others hold named collections.
_AGENCY = re.compile(
    r"National Archives|Central Intelligence Agency|Department of State|Washington National Records|"
    r".*Federal Records Center|National Security Council|Department of Defense|Office of the Secretary of Defense|"
    r"Joint Chiefs of Staff"
)
_REPOSITORY_SUBUNIT = re.compile(r"Manuscript Division|.*\b(?:Library|Archives|Manuscripts|Collections)\b.*")
_PUBLISHED = re.compile(
    r"\bpp?\. ?[A-Z\d]|\bBulletin\b|BULLETIN|Public Papers|Congressional Record|Current Documents|"
    r"Weekly Compilation|Presidential Campaign|Documents on|\bHearings?\b|Foreign Relations|\(\w[^()]*, \d{4}\)"
)


# --- the location sentence -----------------------------------------------------------------


def _split_location(body: str) -> tuple[str, str]:
    """Cut the note after the location sentence; the period that ends it is dropped.

    The location ends at the marking sentence, or before it at a period that is no abbreviation and is
    followed by prose ("Another copy is in …"). Without a marking, the first such period ends it.
    """
    if _is_marking(_sentence_at(body, 0)):
        return "", body
    periods = list(re.finditer(r"\.”?(?= )", body))
    marking = next((m for m in periods if _is_marking(_sentence_at(body, m.end() + 1))), None)
    for m in periods:
        after = m.end() + 1
        prose = marking is None or _PROSE_START.match(body, after) or body[after : after + 1] in "“("
        if m is marking or (prose and not _is_abbreviation(body, m.start())):
            end = m.start() + (_words_before(body, m.start())[1] in _FINAL_ABBREVIATIONS)
            return body[:end] + _closing_quote(m.group()), body[after:]
    return _strip_final_period(body), ""


def _marking_after_comma(location: str, rest: str) -> tuple[str, str]:
    """ "…, Box 11, Folder 9, Secret. Drafted by Helms.": a marking typed after a comma."""
    head, comma, last = location.rpartition(", ")
    if comma and _CLASSIFICATION.fullmatch(_marking_tokens(last)[0]) and _is_marking(last):
        return head, f"{last}. {rest}".strip()
    return location, rest


def _closing_quote(punctuation: str) -> str:
    # A period before a closing quote belongs to the sentence; the quote to the title.
    return "”" if punctuation.endswith("”") else ""


def _strip_final_period(text: str) -> str:
    if text.endswith(".") and _words_before(text, len(text) - 1)[1] not in _ABBREVIATIONS | _FINAL_ABBREVIATIONS:
        return text[:-1]
    return text


def _sentence_at(text: str, start: int) -> str:
    """The sentence that starts at `start`, up to its first period (abbreviations are no concern here)."""
    m = _PERIOD.search(text, start)
    return text[start : m.start()] if m else text[start:]


def _words_before(text: str, period: int) -> tuple[str, str]:
    """The two words before a period: ("Henry", "A") for "Henry A. Kissinger"."""
    words = text[max(0, period - _WINDOW) : period].rsplit(" ", 2)
    return (words[-2] if len(words) > 1 else ""), words[-1].lstrip("(“[")


def _is_abbreviation(text: str, period: int) -> bool:
    """Whether the period at text[period] belongs to an abbreviation rather than ending a sentence."""
    previous, word = _words_before(text, period)
    after = text[period + 1 : period + 1 + _WINDOW].lstrip()
    if word in _ABBREVIATIONS:
        return True
    if word in _FINAL_ABBREVIATIONS:
        return not _PROSE_START.match(after)
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # U.S, J.F, a.m
        return word not in ("a.m", "p.m") or bool(re.match(rf"{_MONTH}|\d", after))
    # A single capital before a name is an initial (U. Alexis Johnson), but not after a code (VIET S) or Tab.
    return bool(
        re.fullmatch(r"[A-Z]", word) and re.match(r"[A-Z]", after) and not _NOT_BEFORE_INITIAL.fullmatch(previous)
    )


# --- sentences and markings --------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    """Split at sentence ends outside parentheses and quotations; a parenthesis after a sentence stays with it."""
    sentences: list[str] = []
    depth, start = 0, 0
    for m in re.finditer(r"[()\[\]“”.?!’\"]", text):
        char, i = m.group(), m.start()
        if char in "([“":
            depth += 1
        elif char in ")]”":
            depth = max(0, depth - 1)
        if depth == 0 and _ends_sentence(text, i):
            sentences.append(text[start : i + 1].strip())
            start = i + 1
    tail = text[start:].strip()
    return [*sentences, tail] if tail else sentences


def _ends_sentence(text: str, i: int) -> bool:
    """Whether text[i] is the last character of a sentence."""
    if text[i + 1 : i + 2] != " " or not re.match(r"[A-Z“\"\[]", text[i + 2 : i + 3]):
        return False
    char = text[i]
    if char in "?!":
        return True
    if char in '”’"':
        return text[i - 1 : i] in (".", "?", "!")
    if char == ".":
        return not _is_abbreviation(text, i)
    # A parenthesis closes a sentence only when it follows one: "… has seen.” (Ibid.) The …"
    window = text[max(0, i + 1 - _PARENTHESIS_WINDOW) : i + 1]
    return char == ")" and bool(re.search(r"[.?!][”’\"]? \([^()]*\)$", window))


@dataclass
class _Markings:
    classification: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.classification or self.caveats)


def _read_markings(sentences: list[str]) -> _Markings:
    """The first run of marking sentences gives the markings; every other sentence is a remark."""
    result = _Markings()
    start = next((i for i, sentence in enumerate(sentences) if _is_marking(sentence)), len(sentences))
    end = start
    while end < len(sentences) and _is_marking(sentences[end]):
        end += 1
    result.remarks.extend(sentences[:start])
    for sentence in sentences[start:end]:
        _take_marking(sentence, result)
    result.remarks.extend(sentences[end:])
    if not result.classification:
        result.classification.extend(_classification_in_prose(result.remarks))
    return result


def _marking_tokens(sentence: str) -> list[str]:
    body = sentence.strip().rstrip(".").strip()
    tokens = [t.strip() for t in body.split(";")]
    # "Secret; Priority, Exdis": a comma typed for a semicolon between known markings.
    return [part.strip() for t in tokens for part in (t.split(",") if _all_known(t.split(",")) else [t])]


def _all_known(parts: list[str]) -> bool:
    return len(parts) > 1 and all(_CLASSIFICATION.fullmatch(p.strip()) or _CAVEAT.fullmatch(p.strip()) for p in parts)


def _is_marking(sentence: str) -> bool:
    tokens = _marking_tokens(sentence)
    first = tokens[0] if tokens else ""
    if not (_CLASSIFICATION.match(first) or _CAVEAT.fullmatch(first)):
        return False
    if _says_more(first):
        return len(tokens) == 1
    return all(_is_marking_token(t) for t in tokens)


def _says_more(token: str) -> bool:
    """ "No classification marking, but the Department classified it Top Secret": a marking, then prose.

    A short tail stays part of the marking as printed: "Top Secret Umbra", "Confidential with Nodis Attachment".
    """
    m = _CLASSIFICATION.match(token)
    tail = token[m.end() :] if m else ""
    return tail[:1] in (",", ".") or len(tail.split()) > _MAX_UNKNOWN_CAVEAT_WORDS


def _is_marking_token(token: str) -> bool:
    if _CLASSIFICATION.match(token) or _CAVEAT.fullmatch(token):
        return True
    if re.fullmatch(r"\[[^\]]*\]", token):  # "[codeword not declassified]"
        return True
    words = token.split()
    return 0 < len(words) <= _MAX_UNKNOWN_CAVEAT_WORDS and token[0].isupper() and not re.search(r"\d", token)


def _take_marking(sentence: str, result: _Markings) -> None:
    for token in _marking_tokens(sentence):
        m = None if _CAVEAT.fullmatch(token) else _CLASSIFICATION.match(token)  # "Restricted Data" is a caveat
        if m and _says_more(token):
            result.classification.append(m.group())
            result.remarks.append(sentence)
        elif m:
            result.classification.append(token)
        elif token:
            result.caveats.append(token)


def _classification_in_prose(remarks: list[str]) -> list[str]:
    """ "The memorandum is marked Secret": a classification stated inside a remark."""
    for remark in remarks:
        m = re.search(rf"\b(?:marked|classified(?: as)?|classification(?: of)?) “?({_CLASSIFICATION.pattern})", remark)
        if m:
            return [m.group(1)]
    return []


# --- locations -------------------------------------------------------------------------------


@dataclass
class _Draft:
    """An archive under construction, most general level first."""

    repository: str
    record_group: str | None = None
    collection: str | None = None
    series: list[str] = field(default_factory=list)
    file_code: str | None = None
    item: str | None = None
    box: str | None = None
    folder: str | None = None

    def build(self) -> Archive | None:
        try:
            return Archive(
                repository=self.repository,
                record_group=self.record_group,
                collection=self.collection,
                series=[s for s in self.series if s],
                file_code=self.file_code or None,
                item=self.item or None,
                box=self.box or None,
                folder=self.folder or None,
            )
        except ValueError:  # a control character or an empty level: not a location
            return None


def _parse_location(location: str) -> Archive | None:
    found = _repository(location)
    if found is None:
        return None
    repository, rest = found
    draft = _Draft(repository=repository)
    _fill(draft, _elements(rest), collection_open=True)
    return draft.build()


def _repository(location: str) -> tuple[str, str] | None:
    """The repository named at the start, and the text after it."""
    location = re.sub(r"^(?:in )?the ", "", location.strip())
    m = _REPOSITORY_START.match(location)
    if m:
        repository, rest = m.group(), location[m.end() :]
    else:
        first, _, rest = location.partition(",")
        if (
            _PUBLISHED.search(location)
            or _IBID.match(first)
            or not re.fullmatch(r"[A-Z][\w.’'&() -]{1,80}", first.strip())
        ):
            return None
        repository = first.strip()
    rest = rest.lstrip(" ,")
    # "Library of Congress, Manuscript Division", "Princeton University, Mudd Library": one repository.
    subunit, _, after = rest.partition(",")
    subunit = subunit.strip()
    if (
        re.match(r"Library of Congress$|Naval Historical Center$|.*\b(?:University|Institution)\b", repository)
        and _REPOSITORY_SUBUNIT.fullmatch(subunit)
        and not _COLLECTION_LIKE.fullmatch(subunit)
    ):
        repository, rest = f"{repository}, {subunit}", after.lstrip()
    return repository, rest


def _elements(text: str) -> list[str]:
    """Split a location at commas outside brackets, and before a Box introduced by a colon."""
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
    return [p.strip() for p in parts if p.strip()]


def _fill(draft: _Draft, elements: list[str], collection_open: bool) -> None:
    """Assign the location levels after the repository to the draft."""
    elements = _merge_years(elements)
    if elements and _RECORD_GROUP.fullmatch(elements[0]):
        draft.record_group = elements.pop(0)
        collection_open = False
    box_at = next((i for i, e in enumerate(elements) if _box(e)), None)
    head = elements if box_at is None else elements[:box_at]
    tail = [] if box_at is None else elements[box_at + 1 :]
    if head and collection_open and _takes_collection(draft.repository, head[0]):
        draft.collection = head.pop(0)
    if box_at is not None:
        draft.box = _box(elements[box_at])
    if box_at is not None and tail:
        levels, folder = head, tail
    else:
        levels, folder = _split_series(head)
    for level in levels:
        _place(draft, level)
    if folder:
        draft.folder = _folder(folder)


def _merge_years(elements: list[str]) -> list[str]:
    """ "Institutional Files, 1977–1981" and "Records of Anthony Lake, 1977–1981: Lot 82D298" are one level."""
    merged: list[str] = []
    for element in elements:
        if merged and _YEAR_LEADING.match(element) and _SERIES_LIKE.search(merged[-1]):
            merged[-1] = f"{merged[-1]}, {element}"
        else:
            merged.append(element)
    return merged


def _box(element: str) -> str | None:
    m = _BOX.fullmatch(element)
    if m:
        return m.group(1)
    return element if _BARE_BOX.fullmatch(element) else None


def _takes_collection(repository: str, element: str) -> bool:
    if _COLLECTION_LIKE.fullmatch(element):
        return True
    return not _AGENCY.match(repository) and not _IDENTIFIER_SERIES.match(element) and not _is_locator(element)


def _split_series(elements: list[str]) -> tuple[list[str], list[str]]:
    """Without a box after them, series run to the last lot or job number, then while levels look like series."""
    numbered = [i for i, e in enumerate(elements) if _IDENTIFIER_SERIES.match(e)]
    for i in range(numbered[-1] + 1 if numbered else 0, len(elements)):
        file_code = i > 0 and _CENTRAL_FILES.match(elements[i - 1]) and _SUBJECT_FILE.fullmatch(elements[i])
        if not (_SERIES_LIKE.search(elements[i]) or _is_locator(elements[i]) or file_code):
            return elements[:i], elements[i:]
    return elements, []


def _is_locator(element: str) -> bool:
    return bool(_DECIMAL_FILE.fullmatch(element) or _ELECTRONIC_TELEGRAM.fullmatch(element))


def _place(draft: _Draft, level: str) -> None:
    central = bool(draft.series) and bool(_CENTRAL_FILES.match(draft.series[-1]))
    if _ELECTRONIC_TELEGRAM.fullmatch(level):
        draft.item = level
    elif _DECIMAL_FILE.fullmatch(level) or (central and _SUBJECT_FILE.fullmatch(level)):
        draft.file_code = level
    else:
        draft.series.append(level)


def _folder(elements: list[str]) -> str:
    folder = ", ".join(elements)
    m = _FOLDER.fullmatch(folder)
    return m.group(1) if m else folder


# --- Ibid. and other copies ------------------------------------------------------------------

_IBID = re.compile(r"ibid\.?(?::\s*|,\s*|\s*$)", re.IGNORECASE)
# Copies of this document, not of a draft, a translation or another paper.
_COPY_SENTENCE = re.compile(
    r"(?:An)?other cop(?:y|ies)\b|(?:A|The)(?: \w+)? cop(?:y|ies)(?! of)(?! (?:was|were) sent)|"
    r"(?:A|The)(?: \w+)? cop(?:y|ies) of (?:this|the) (?:source text|original|message|letter|memorandum|telegram|"
    r"document|paper|statement|note|report|minutes|transcript|NIE|estimate|cable)\b|"
    r"Copies of (?:this|these|the) \w+ are\b|Also ibid\b|The (?:signed )?original is\b",
    re.IGNORECASE,
)
_LOCATION_START = re.compile(
    rf"(?:\b(?:is|are) (?:also )?(?:in )?(?:the )?|\bin (?:the )?|^Also |\band (?:in )?(?:the )?)"
    rf"(?=ibid\b|Ibid\b|(?:{_KNOWN_REPOSITORY})[ ,])"
)
_MAX_PLACES = 8  # a sentence names a few copies; the cap keeps pathological input linear
_LOCATION_END = re.compile(r";|, (?:along|which|where|but|attached|together|and (?!in |ibid))\b|\.$")


def _find_copies(remarks: list[str], archive: Archive | None) -> list[Copy]:
    """Copies located by a remark, each Ibid. resolved against the location cited just before it."""
    copies: list[Copy] = []
    last = archive
    for remark in remarks:
        sentence, parenthesis = _split_parenthesis(remark)
        is_copy = bool(_COPY_SENTENCE.match(sentence))
        places = _locations_in(parenthesis) if parenthesis else []
        if is_copy and not places:
            places = _locations_in(sentence)
        for place in places:
            resolved = _resolve(place, last)
            if resolved is None:
                continue
            last = resolved
            copy = _copy(sentence, resolved) if is_copy else None
            if copy:
                copies.append(copy)
    return copies


def _copy(note: str, archive: Archive) -> Copy | None:
    try:
        return Copy(note=note, archive=archive)
    except ValueError:  # a control character in the note
        return None


def _split_parenthesis(remark: str) -> tuple[str, str]:
    """ "A retyped copy … seen.” (Ibid., Box 26, …)" → the sentence and what the parenthesis says."""
    m = re.search(r"\s*\(([^()]*)\)$", remark)
    if m and re.search(r"[.?!][”’\"]?$", remark[: m.start()]):
        return remark[: m.start()], m.group(1)
    return remark, ""


def _locations_in(text: str) -> list[str]:
    """The locations a sentence names: after "is in", "are ibid.", "and in the", or a "…; ibid." citation."""
    if _IBID.match(text) or _REPOSITORY_START.match(text):
        return [_LOCATION_END.split(text, maxsplit=1)[0]]
    starts = list(_LOCATION_START.finditer(text))
    citation = re.search(r"; ((?:ibid\b|Ibid\b).*)$", text)
    if not starts:
        return [citation.group(1)] if citation else []
    starts = starts[:_MAX_PLACES]
    ends = [m.start() for m in starts[1:]] + [len(text)]
    places = [_LOCATION_END.split(text[m.end() : end], maxsplit=1)[0] for m, end in zip(starts, ends, strict=True)]
    return [re.sub(r"(?:,? and)?[,. ]*$", "", place) for place in places]


def _resolve(place: str, last: Archive | None) -> Archive | None:
    m = _IBID.match(place)
    if not m:
        return _parse_location(place)
    if last is None or re.match(r"pp?\. ", place[m.end() :]):
        return None
    draft = _draft_of(last)
    rest = place[m.end() :]
    if ":" in m.group() and draft.series and ": " in draft.series[-1]:
        # "ibid.: Lot 77 D 163" names another lot of the same files.
        prefix = draft.series[-1].split(": ", 1)[0]
        draft.series[-1] = f"{prefix}: {rest.strip()}"
        return draft.build()
    _continue(draft, _elements(rest))
    return draft.build()


def _draft_of(archive: Archive) -> _Draft:
    return _Draft(
        repository=archive.repository,
        record_group=archive.record_group,
        collection=archive.collection,
        series=list(archive.series),
        file_code=archive.file_code,
        item=archive.item,
        box=archive.box,
        folder=archive.folder,
    )


def _continue(draft: _Draft, elements: list[str]) -> None:
    """Apply the levels after "Ibid.": the first one says where the new location leaves the old one."""
    if not elements:
        return
    first = elements[0]
    keep_series: list[str] | None = None
    collection_open = False
    if _RECORD_GROUP.fullmatch(first):
        draft.collection, keep_series = None, []
    elif first == draft.collection or _COLLECTION_LIKE.fullmatch(first):
        draft.collection, keep_series, collection_open = None, [], True
    elif first in draft.series:
        keep_series = draft.series[: draft.series.index(first)]
    elif first in _TOP_LEVEL and draft.collection in _TOP_LEVEL:
        draft.collection, keep_series, collection_open = None, [], True
    elif first in _TOP_LEVEL or _IDENTIFIER_SERIES.match(first):
        keep_series = []
    elif _SERIES_LIKE.search(first) or _box(first) or _is_locator(first) or _SUBJECT_FILE.fullmatch(first):
        keep_series = draft.series  # a lower series, another box or another file code
    if keep_series is None:  # a new folder in the same box: "ibid., Vol. XXI, Briefings …"
        draft.folder = _folder(elements)
        return
    draft.series = list(keep_series)
    draft.file_code = draft.item = draft.box = draft.folder = None
    _fill(draft, elements, collection_open=collection_open)
