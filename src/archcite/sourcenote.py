"""Parse the text of a FRUS source note into an archival location, markings and remarks.

A source note (citation-rules.md §8) reads

    Source: {repository}, {collection …}, {series …}, Box {n}, {folder …}. {Classification}[; {caveat} …]. {remarks}

and, by era, also: ``[Source: … Secret; Niact. 4 pages of source text not declassified.]`` (in
brackets, as a paragraph of its own); ``Summary: … Source: …`` (a summary before it); and, in the
1940s and early 1950s, an inline note before the heading that gives only a file and the kind of
document: ``501.BC Kashmir/10–3048: Telegram``, ``S/S Files: Lot 63 D 351: NSC 104 Series``,
``IO Files: US(P)/A/C.1/153`` (``parse_inline``). There the markings are printed in the opener
instead (``openers``).

The location sentence (``locations``) gives the most general level first. It ends at the first
sentence that is a marking (``Secret; Nodis.``) or that begins like prose (``Drafted by …``,
``Another copy …``); periods inside it (``Vol. XXI``, ``Henry A. Kissinger``) are skipped as
abbreviations.

Every sentence after the location that is not a marking is kept verbatim in ``remarks``, in
printed order, so that the note can be printed again; a sentence that locates another copy of the
document also yields a ``Copy`` (with ``Ibid.`` resolved against the location cited just before it).

Pure functions over strings: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from . import locations, vocabulary
from .models import Archive, Copy
from .safetext import squeeze

Status = Literal["full", "partial", "none"]
RepositoryOf = Callable[[str], "str | None"]  # a level's text → the repository the volume's sources list it under


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
    kind: str | None = None  # the kind of document an inline note names ("Telegram")

    @property
    def states_classification(self) -> bool:
        """Whether the note states a classification marking (counted for the import report)."""
        return bool(_STATED.search(self.text))

    def boxes(self) -> tuple[set[str], set[str]]:
        """The boxes the note names for this document or its copies, and those the parse placed."""
        text = self.text
        for remark in self.remarks:  # remarks about other documents name their boxes, not this one's
            if not any(copy.note in remark for copy in self.copies):
                text = text.replace(remark, " ")
        stated = set(vocabulary.BOX_IN_TEXT.findall(text))
        placed = {c.archive.box for c in self.copies if c.archive and c.archive.box}
        if self.archive and self.archive.box:
            placed.add(self.archive.box)
        return stated, placed


def parse(text: str, repository_of: RepositoryOf | None = None) -> SourceNote:
    """Parse one source note; never raises: a note without a repository has status "none".

    *repository_of* places a note that names only a lot file or a collection (see ``locations.parse``).
    """
    normalized = squeeze(text)
    body = _body(normalized)
    location, rest = _marking_after_comma(*_split_location(body))
    archive = locations.parse(location, repository_of)
    markings = _read_markings(_sentences(rest))
    if archive is None and not (markings.found or locations.PUBLISHED.search(location)):
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


def _body(normalized: str) -> str:
    """The note without its brackets, a summary before it, and the word "Source:"."""
    body = normalized
    if body.startswith("[") and body.endswith("]"):
        body = body[1:-1].strip()
    summary = re.match(r"^Summary\s*:.*?\bSource\s*:\s*", body, re.IGNORECASE | re.DOTALL)
    if summary:
        body = body[summary.end() :]
    return _SOURCE_LABEL.sub("", body, count=1).strip()


# What an inline note of the 1940s names after its file: the kind of document.
INLINE_KINDS = {
    "telegram": "telegram",
    "circular telegram": "circular telegram",
    "airgram": "airgram",
    "circular airgram": "circular airgram",
    "despatch": "despatch",
    "instruction": "instruction",
    "circular instruction": "circular instruction",
    "memorandum": "memorandum",
    "note": "note",
    "letter": "letter",
}
_DEPARTMENT_FILES = re.compile(r"^(?:Department of State\s+)?(?P<files>.+)$")
_BODY_FILES = re.compile(
    r"^(?P<body>Department of Defense|Joint Chiefs of Staff|Central Intelligence Agency|National Security Council)"
    r"\s+Files$"
)


def parse_inline(text: str, repository_of: RepositoryOf | None = None) -> SourceNote:
    """An inline note of the 1940s and early 1950s: a file, and after a colon the kind of document.

    A file that names no repository is one of the Department of State's own (its indexed central
    files for a decimal file number, its lot files otherwise), as the series' lists of sources say.
    """
    normalized = squeeze(text).rstrip(".")
    parts = re.split(r":\s+", normalized)
    kind = None
    if len(parts) > 1 and parts[-1].lower() in INLINE_KINDS:
        kind = INLINE_KINDS[parts.pop().lower()]
    body = ": ".join(parts)
    body, _, also = body.partition(", also ")  # IO Files: US/A/1158, also US/AEC/21: a second filing
    archive = _inline_archive(body, repository_of)
    copies: tuple[Copy, ...] = ()
    if archive is not None and also and archive.item and re.fullmatch(r"[\w()./–-]{1,60}", also):
        copies = (Copy(note=f"also {also}", archive=archive.model_copy(update={"item": also})),)
    elif also:
        body = f"{body}, also {also}"
        archive = _inline_archive(body, repository_of)
    status: Status = "partial" if archive is not None else "none"
    remainder = "" if archive is not None else body
    return SourceNote(normalized, archive, (), (), (), copies, remainder, status, kind)


def _inline_archive(body: str, repository_of: RepositoryOf | None) -> Archive | None:
    if locations.DECIMAL_FILE.fullmatch(body):
        return locations.build({"repository": "Department of State", "series": ["Central Files"], "file_code": body})
    if locations.REPOSITORY_START.match(body):  # "Truman Library, President's Secretary's File"
        return locations.parse(body, repository_of)
    m = _BODY_FILES.match(body)
    if m:
        return locations.build({"repository": m["body"], "series": []})
    files = _DEPARTMENT_FILES.match(body)
    if files is None or not re.search(r"\b(?:Files?|Flies|Memoranda|Records)\b", files["files"]):
        return None
    levels = re.split(r":\s+", files["files"])
    series: list[str] = [levels.pop(0)]
    item = folder = None
    for level in levels:
        if re.match(r"(?:Lot\s+)?\d+\s?D\s?\d+", level):
            series[-1] = f"{series[-1]}: {level}"  # S/P Files: Lot 64 D 563
        elif re.search(r"\bSeries$", level):
            folder = level  # NSC 104 Series: the file of one paper
        else:
            item = level  # IO Files: US(P)/A/C.1/153, a document's symbol
    return locations.build({"repository": "Department of State", "series": series, "item": item, "folder": folder})


def openers(segments: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The markings a 1940s opener prints in small capitals: ``secret   us urgent   niact``."""
    classification: list[str] = []
    caveats: list[str] = []
    for segment in segments:
        text = " ".join(segment.split())
        if not text:
            continue
        for token in _opener_tokens(text):
            m = _CLASSIFICATION.fullmatch(token)
            if m and not _CAVEAT.fullmatch(token):
                classification.append(_capitalized(token))
            elif _CAVEAT.fullmatch(token) or token.lower() in _OPENER_CAVEATS:
                caveats.append(_capitalized(token))
    return tuple(classification), tuple(caveats)


_OPENER_CAVEATS = {
    "us urgent",
    "urgent",
    "most immediate",
    "niact",
    "plain",
    "personal",
    "eyes only",
    "priority",
    "triority",
}


def _opener_tokens(text: str) -> list[str]:
    """Markings run together with wide spaces: split them where one known marking ends."""
    known = sorted(
        [
            *vocabulary.CLASSIFICATIONS,
            *(k.title() for k in _OPENER_CAVEATS),
            "Nodis",
            "Exdis",
            "Limdis",
            "Immediate",
            "Flash",
            "Routine",
            "Restricted",
            "Confidential",
            "Operational Immediate",
            "Personal and Confidential",
        ],
        key=len,
        reverse=True,
    )
    tokens, rest = [], text.strip(" .;")
    while rest:
        for word in known:
            if rest.lower().startswith(word.lower()) and (len(rest) == len(word) or not rest[len(word)].isalnum()):
                tokens.append(rest[: len(word)])
                rest = rest[len(word) :].strip(" .;,")
                break
        else:
            tokens.append(rest)
            break
    return tokens


# Caveats that are words, printed in capitals in some notes (LIMDIS) and capitalized in most (Limdis);
# cryptonyms (RYBAT, PBSUCCESS) are always capitals.
_WORD_CAVEATS = frozenset(
    "nodis exdis limdis niact priority immediate flash routine sensitive personal plain noforn".split()
)


_CANONICAL_CLASSIFICATION = {word.casefold(): word for word in vocabulary.CLASSIFICATIONS}


def _capitalized(token: str) -> str:
    """As source notes print markings: ``Top Secret``, ``US Urgent``, ``Niact``, ``No classification marking``."""
    words = token.split()
    out = []
    for i, word in enumerate(words):
        if word.upper() in ("US", "U.S.", "NIACT") and word.upper() != "NIACT":
            out.append(word.upper())
        elif i > 0 and token.lower().startswith("no classification"):
            out.append(word.lower())
        else:
            out.append(word[:1].upper() + word[1:].lower())
    return " ".join(out)


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
# A marking stated as printed (capitalized), not the word in prose: for the import report.
_STATED = re.compile(rf"\b{vocabulary.CLASSIFICATION.pattern}")

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
_FINAL_ABBREVIATIONS = frozenset({"Misc", "Corres", "Jr", "Sr", "Inc", "Co", "Corp", "Bros", "Ltd", "etc"})
_WINDOW = 60  # characters around a period that decide whether it ends a sentence
_PARENTHESIS_WINDOW = 2000  # longest parenthesis that can follow a sentence
_NOT_BEFORE_INITIAL = re.compile(r"[A-Z\d–-]+\.?|Tab|Annex|Appendix|Attachment|Enclosure|Part|Plan|Option|Section")
_PERIOD = re.compile(r"\.(?= |$)")
_COUNTED = re.compile(r"\d+ (?:pages?|lines?|paragraphs?|words?|sentences?|documents?|tabs?)\b")
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"

# A sentence that starts like this is prose, so the location ended before it.
_PROSE_START = re.compile(
    r"(?:The|A|An|This|These|Those|That|It|Its|There|Another|Other|Also|No|Drafted|Sent|Repeated|Cleared|"
    r"Approved|Printed|Prepared|According|Attached|Received|Transmitted|Passed|Copies|Copy|In|On|For|See|"
    r"Both|All|Brackets|Here|Although|Originally|Apparently|Presumably|Probably|Filed|Initialed|Signed|"
    r"Handwritten|Typed|Forwarded|Delivered|Written|Scheduled|None)\b"
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
    if text[i + 1 : i + 2] != " " or not (
        re.match(r"[A-Z“\"\[]", text[i + 2 : i + 3]) or _COUNTED.match(text, i + 2)  # "2 pages … not declassified."
    ):
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


# "Nodis/Harvan Double Plus": a caveat joined to a codeword's handling by a slash.
_JOINED_CAVEATS = re.compile(rf"(?:{_CAVEAT.pattern})/[A-Z][\w ]{{0,40}}", re.IGNORECASE)


def _is_marking(sentence: str) -> bool:
    start = sentence.lstrip()
    if not (_CLASSIFICATION.match(start) or _CAVEAT.match(start)):
        return False  # its first token cannot be a marking: most sentences are told at once
    tokens = _marking_tokens(sentence)
    first = tokens[0] if tokens else ""
    if not (_CLASSIFICATION.match(first) or _CAVEAT.fullmatch(first) or _JOINED_CAVEATS.fullmatch(first)):
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
            canonical = _CANONICAL_CLASSIFICATION.get(token.casefold())  # "top Secret", "SECRET": Top Secret, Secret
            result.classification.append(canonical or token)
        elif token:
            result.caveats.append(_capitalized(token) if token.lower() in _WORD_CAVEATS else token)


def _classification_in_prose(remarks: list[str]) -> list[str]:
    """ "The memorandum is marked Secret": a classification stated inside a remark."""
    for remark in remarks:
        m = re.search(rf"\b(?:marked|classified(?: as)?|classification(?: of)?) “?({_CLASSIFICATION.pattern})", remark)
        if m:
            return [m.group(1)]
    return []


# --- Ibid. and other copies ------------------------------------------------------------------

# Copies of this document, not of a draft, a translation or another paper.
_COPY_SENTENCE = re.compile(
    r"(?:An)?other cop(?:y|ies)\b|(?:A|The)(?: \w+)? cop(?:y|ies)(?! of)(?! (?:was|were) sent)|"
    r"(?:A|The)(?: \w+)? cop(?:y|ies) of (?:this|the) (?:source text|original|message|letter|memorandum|telegram|"
    r"document|paper|statement|note|report|minutes|transcript|NIE|estimate|cable)\b|"
    r"Copies of (?:this|these|the) \w+ are\b|Also ibid\b|The (?:signed )?original is\b",
    re.IGNORECASE,
)
# "A marginal note by Goodpaster on a copy of this telegram …", "Attached to another copy of the memorandum …"
_COPY_MENTIONED = re.compile(
    r"\b(?:on|in|to) (?:a|another|the other) (?:\w+ )?copy of (?:this|the) (?:telegram|letter|memorandum|message|"
    r"document|paper|cable|note)\b"
)
_LOCATION_START = re.compile(
    rf"(?:\b(?:is|are) (?:also )?(?:in )?(?:the )?|\bin (?:the )?|^Also |\band (?:in )?(?:the )?)"
    rf"(?=ibid\b|Ibid\b|(?:{locations.KNOWN_REPOSITORY})[ ,])"
)
_MAX_PLACES = 8  # a sentence names a few copies; the cap keeps pathological input linear
_LOCATION_END = re.compile(r";|, (?:along|which|where|but|attached|together|and (?!in |ibid))\b|\.$")


def _find_copies(remarks: list[str], archive: Archive | None) -> list[Copy]:
    """Copies located by a remark, each Ibid. resolved against the location cited just before it."""
    copies: list[Copy] = []
    last = archive
    for remark in remarks:
        sentence, parenthesis = _split_parenthesis(remark)
        is_copy = bool(_COPY_SENTENCE.match(sentence) or _COPY_MENTIONED.search(sentence))
        places = _locations_in(parenthesis) if parenthesis else []
        if is_copy and not places:
            places = _locations_in(sentence)
        for place in places:
            resolved = locations.continued(place, last)
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
    if locations.IBID.match(text) or locations.REPOSITORY_START.match(text):
        return [_LOCATION_END.split(text, maxsplit=1)[0]]
    starts = list(_LOCATION_START.finditer(text))
    citation = re.search(r"; ((?:ibid\b|Ibid\b).*)$", text)
    if not starts:
        return [citation.group(1)] if citation else []
    starts = starts[:_MAX_PLACES]
    ends = [m.start() for m in starts[1:]] + [len(text)]
    places = [_LOCATION_END.split(text[m.end() : end], maxsplit=1)[0] for m, end in zip(starts, ends, strict=True)]
    return [re.sub(r"(?:,? and)?[,. ]*$", "", place) for place in places]
