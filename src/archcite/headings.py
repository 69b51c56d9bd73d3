"""FRUS document headings: what kind of document, its number, from whom, to whom, and who met. Pure.

The forms headings take, every era's (docs/frus-import.md gives an example of each):

- ``Memorandum From the President’s Assistant for National Security Affairs (Kissinger) to
  President Nixon``: a kind, then ``From`` sender ``to`` recipient;
- ``The Ambassador in India (Henderson) to the Secretary of State`` (1940s–early 1950s): no kind
  word at all; the kind comes from the source note, if anywhere;
- ``Telegram 828/Secto 574 From …``, ``Backchannel Message HAKTO 9 From …``, ``National
  Intelligence Estimate NIE 11–4–57``: a number after the kind;
- ``Department of State Position Paper Prepared for …``, ``National Security Council Report``:
  an author before the kind; ``Prepared by``/``Prepared in`` name an author, ``Prepared for``
  names nobody's correspondent;
- ``Memorandum of Conversation, by the Deputy Director (Perkins)``, ``Statement by A Before …``:
  an author and no recipient;
- ``Memorandum of a Conversation Between A and B``, ``Memorandum by A of a Meeting … Between B and
  C``, ``Telephone Conversation Between A and B``: participants;
- ``…, Beijing, June 21, 1972, 10:05 a.m.``, ``…, undated`` (electronic-only volumes), ``…,
  August 15.`` (microfiche supplements): the place and date the heading ends with.

Names are resolved to full names by the caller's list of persons (``persons.PersonsList``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .persons import (
    OFFICE_WORDS,
    TITLE_WORDS,
    PersonsList,
    looks_like_name,
    particle_surname,
    split_rank,
    strip_courtesy,
    title_and_name,
)

# The words that head the description of a document, and what may be put before them.
HEADS = frozenset(
    """telegram cable cablegram message airgram despatch dispatch instruction instructions memorandum letter note notes
    minutes report paper study estimate address statement remarks transcript record summary entry
    aide-mémoire aide-memoire directive toast communiqué communique conversation conference discussion
    points proposal draft notification reply answer speech testimony briefing chronology analysis
    assessment appraisal memo list order agreement outline""".split()
)
MODIFIERS = frozenset(
    """circular backchannel action information intelligence briefing research draft informal oral position
    working progress situation staff special contact national security decision study personal
    preliminary summary diary telephone delegation record policy planning interim final revised joint
    private secret top airgram back channel editorial current talking cover""".split()
)
# Phrases after a head that belong to the kind: "Memorandum of Conversation", "Memorandum for the Record".
KIND_PHRASES = (
    "of a telephone conversation",
    "of telephone conversation",
    "of telephone conversations",
    "of a conversation",
    "of an interview",
    "of interview",
    "of conversations",
    "of conversation",
    "of a conference",
    "of conference",
    "of discussion",
    "of a meeting",
    "of meeting",
    "of meetings",
    "of decisions",
    "of action",
    "of actions",
    "of conclusions",
    "for the record",
    "for record",
    "for the files",
    "for the file",
)
# The heads such a phrase belongs to: "Report of Meetings" is a report.
PHRASE_HEADS = frozenset({"memorandum", "memo", "record", "transcript", "summary", "notes", "minutes", "conversation"})
# The kinds a heading writes in several ways, in one form each (tests/gold/README.md).
CANONICAL = {
    "memorandum of a conversation": "memorandum of conversation",
    "memorandum of conversations": "memorandum of conversation",
    "memorandum of a telephone conversation": "memorandum of telephone conversation",
    "transcript of a telephone conversation": "transcript of telephone conversation",
    "memorandum for record": "memorandum for the record",
    "memorandum of a conference": "memorandum of conference",
    "memorandum of a meeting": "memorandum of meeting",
    "notes of a meeting": "notes",
    "notes of meeting": "notes",
    "notes of meetings": "notes",
    "aide-memoire": "aide-mémoire",
}
# Kinds whose phrase after the head is dropped: "Minutes of the 245th Meeting …" is "minutes".
WHOLE_HEADS = {"minutes", "notes"}
# Words that make a phrase before the kind an author: "National Security Council Report".
_BODY_WORDS = re.compile(
    r"\b(?:Council|Department|Delegation|Agency|Board|Staff|Committee|Embassy|Group|Bureau|Office|Government|"
    r"Mission|Command|Chiefs|Service|House|Secretariat|Division|Commission)\b"
)
_ENDS_WITH_BODY = re.compile(_BODY_WORDS.pattern + r"$")
_CONNECTOR = re.compile(
    r"\s*(?:,\s*)?\b(?:[Ff]rom|[Tt]o|[Bb]y|Prepared|prepared|Between|between|With|with|for|For|of|on|at|in|Before|Delivered|During)\b"
)
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_HEADING_DATE = re.compile(
    rf",\s*(?:(?P<places>[^,]*(?:,[^,]*)*?),\s*)?(?P<date>{_MONTH}\s+\d{{1,2}}(?:[–/-]\d{{1,2}})?,\s*\d{{4}}"
    rf"|{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:[–/-]\d{{1,2}})?)"
    rf"(?:(?:,\s*|\s+)(?P<time>[^,]*?(?:a\.\s?m\.?|p\.\s?m\.?|noon|midnight|\d{{4}}\s?Z|\d{{1,2}}:\d{{2}})[^,]*))?\.?$"
)
_UNDATED = re.compile(r",\s*(?:(?P<places>[^,]*(?:,[^,]*)*?),\s*)?\[?undated\]?\.?$", re.IGNORECASE)
_INSTITUTION = re.compile(
    r"\b(?:Department|Hotel|House|Office|Building|Embassy|Residence|Palace|Room|Ministry|Pentagon|Hall|"
    r"Headquarters|Library|Club|Villa|Quai|Elysée|Élysée|Kremlin|Camp|Ranch|Farm|Center|Centre|Château|Chateau|"
    r"Consulate|Legation|Mission|Airport|Aboard|aboard|Guest|Cabinet|Chancery|Residency)\b"
)
_NUMBER_NO = re.compile(r"^(?:No\.|Number)\s*")
Resolver = PersonsList


@dataclass(frozen=True)
class Party:
    """A correspondent or participant named in a heading or a list."""

    name: str
    role: str | None = None
    office: bool = False
    short: str | None = None


@dataclass(frozen=True)
class Heading:
    kind: str | None
    number: str | None = None
    sender: tuple[Party, ...] = ()
    recipient: tuple[Party, ...] = ()
    participants: tuple[Party, ...] = ()
    names_sender: bool = False  # the heading says who it is from
    names_recipient: bool = False
    date_text: str | None = None  # a date the heading ends with: "June 21, 1972"
    time_text: str | None = None
    place: str | None = None
    undated: bool = False
    kinds_from_heading: bool = field(default=True, compare=False)


def strip_number(heading: str) -> str:
    """``120. Message From …`` → ``Message From …``; ``278A. …`` too."""
    return re.sub(r"^\s*(?:No\.\s*)?\d+[A-Z]?\.\s*", "", heading).strip()


def parse(heading: str, persons: Resolver | None = None, corresp: dict[str, str] | None = None) -> Heading:
    """Everything *heading* (its printed number and footnotes removed) says of its document."""
    text = strip_number(heading)
    text, place, date_text, time_text, undated = _tail(text)
    kind, number, author, rest = _descriptor(text)
    parties = _Parties(persons or PersonsList(), corresp or {}, kind)
    participants, rest = _who_met(kind, rest, parties)
    sender, recipient, names_sender, names_recipient = _correspondents(kind, author, rest, text, parties)
    return Heading(
        kind,
        number,
        sender,
        recipient,
        participants,
        names_sender,
        names_recipient,
        date_text,
        time_text,
        place,
        undated,
    )


def _who_met(kind: str | None, rest: str, parties: _Parties) -> tuple[tuple[Party, ...], str]:
    """``… Between A and B``, ``… With A``: the participants, and the heading before them."""
    met = bool(kind and re.search(r"conversation|conference|meeting|discussion|talk|minutes|notes|record", kind))
    met = met or bool(re.search(r"\b(?:Meeting|Conversation|Conference|Discussion|Talks)\b", rest))
    between = re.search(r"\b(?:[Bb]etween|[Aa]mong)\s+(.+)$", rest) if met or kind is None else None
    with_ = re.search(r"\b[Ww]ith\s+(.+)$", rest) if kind and ("conversation" in kind or "conference" in kind) else None
    if between:  # "… and the President's Military Aide (Clifton), The White House": where they met
        met_at = re.sub(
            r",\s*(?:[Tt]he )?[A-Z][\w’' ]*\b(?:House|Department of State|Pentagon|Kremlin)$", "", between.group(1)
        )
        return parties.listed(met_at, liberal=True), rest[: between.start()]
    if with_ and not re.match(r"\s*(?:[Ff]rom|[Bb]y)\b", rest):
        return parties.listed(with_.group(1), liberal=True), rest[: with_.start()]
    return (), rest


_CLAUSE = re.compile(
    r"^\s*,?\s*(?:[Ff]rom\s+(?P<from>.+)|(?P<by>[Bb]y|[Pp]repared\s+(?:[Bb]y|[Ii]n|[Aa]t))\s+(?P<who>.+)|"
    r"(?:[Pp]repared\s+)?[Ff]or\s+.+|[Tt]o\s+(?P<to>.+))$"
)
Parties = tuple[Party, ...]


def _correspondents(
    kind: str | None, author: str | None, rest: str, text: str, parties: _Parties
) -> tuple[Parties, Parties, bool, bool]:
    """Sender and recipient, and whether the heading names each: ``From A to B``, ``by A``, ``to B``, or
    (1940s headings with no kind) ``A to B``."""
    sender: Parties = (parties.one(author, office_default=True),) if author else ()
    m = _CLAUSE.match(rest)
    if m and m["from"]:
        sender_text, recipient_text = _split_to(m["from"], parties)
        recipient = parties.listed(recipient_text) if recipient_text else ()
        return sender + parties.listed(sender_text), recipient, True, bool(recipient_text)
    if m and m["who"]:
        by, recipient_text = _by(m["who"], parties)
        recipient = parties.listed(recipient_text) if recipient_text else ()
        return sender + by, recipient, True, bool(recipient_text)
    if m and m["to"]:
        return sender, parties.listed(m["to"]), bool(author), True
    if kind is None and not author:
        sender_text, recipient_text = _split_to(text, parties)
        if recipient_text is not None:  # "The Ambassador in India (Henderson) to the Secretary of State"
            return parties.listed(sender_text), parties.listed(recipient_text), True, True
    return sender, (), bool(author), False


def _by(who: str, parties: _Parties) -> tuple[Parties, str | None]:
    """``by A``, ``Prepared by A for B``, ``by A (Butterworth) to the Secretary``: the authors, and a
    recipient's text if one is named."""
    who = re.sub(r"\s+(?:of an?|of the)\s+(?:Meeting|Conversation|Conference|Discussion)\b.*$", "", who)
    who = re.sub(r"\s+(?:[Bb]efore|[Oo]n|[Dd]uring|[Dd]elivered)\b.*$", "", who)
    to_after_office = re.match(r"^(?P<who>.+?, of the [^,()]+), to (?P<to>.+)$", who) or re.match(
        r"^(?P<who>.+?, of the [^,()]+?) to (?P<to>[^,]+\([^()]+\))$", who
    )
    if to_after_office:  # by Mr. Robert A. Fearey, of the Office of Northeast Asian Affairs, to …
        who, recipient_text = to_after_office["who"], to_after_office["to"]
    else:
        who, recipient_text = _split_to(who, parties, strict=True)
    prepared_for = re.search(r"\s+for the [^()]*$", who)
    if prepared_for and (who[: prepared_for.start()].endswith(")") or _BODY_WORDS.search(who[: prepared_for.start()])):
        who = who[: prepared_for.start()]  # Prepared by the CIA for the Senior Staff of the NSC: for is not to
    named = _ROLE_AFTER_NAME.match(who)
    if named and looks_like_name(strip_courtesy(named["name"])):  # by Mr. John C. Ross, Deputy to …
        return (parties.person(named["name"], named["role"]),), recipient_text
    return parties.listed(re.sub(r"\s+[Aa]t\b[^()]*$", "", who)), recipient_text  # not "… at the UN (Power)"


def _tail(text: str) -> tuple[str, str | None, str | None, str | None, bool]:
    """The heading less a place and date it ends with, and what they are."""
    for pattern, undated in ((_HEADING_DATE, False), (_UNDATED, True)):
        m = pattern.search(text)
        if m and m.start() > 0:
            places = [p.strip() for p in (m.group("places") or "").split(",") if p.strip()]
            body = text[: m.start()].strip()
            # A place that belongs to the body: "Telegram From the Embassy in Bonn, Germany" is rare;
            # a comma element that is a name in parentheses or a role is not a place.
            place = next((p for p in reversed(places) if not _INSTITUTION.search(p) and not p.startswith("(")), None)
            if place and re.search(r"\b(?:From|to|by|Between)\b", place):
                place = None
            date = None if undated else m.group("date")
            time = None if undated else m.group("time")
            return body, place, date, time, undated
    return text, None, None, None, False


def _descriptor(text: str) -> tuple[str | None, str | None, str | None, str]:
    """The kind, number and author a heading leads with, and the rest of it."""
    words = text.split(" ")
    fallback: tuple[str, int] | None = None
    for start in range(0, min(6, len(words))):
        found = _kind_at(words, start)
        if found is None:
            continue
        kind, end = found
        author = " ".join(words[:start]).strip(" ,") or None
        if author and not _BODY_WORDS.search(author):
            if fallback is None and start <= 3 and re.fullmatch(r"(?:[A-Z][a-z]+ ?)+", author):
                fallback = f"{author.lower()} {kind}", end  # "Stage One Report": all of it is the kind
            continue
        return (kind, *_rest(words, end, author))
    if fallback is not None:
        return (fallback[0], *_rest(words, fallback[1], None))
    return None, None, None, text


def _rest(words: list[str], end: int, author: str | None) -> tuple[str | None, str | None, str]:
    number, rest = _number(" ".join(words[end:]))
    return number, author, rest


def _kind_at(words: list[str], start: int) -> tuple[str, int] | None:
    """The kind that begins at word *start*: modifiers, a head, a phrase that belongs to it."""
    i = start
    while i < len(words) and _plain(words[i]) in MODIFIERS and not _is_head_here(words, i):
        i += 1
    if i >= len(words) or _plain(words[i]) not in HEADS:
        return None
    if words[i][:1].islower() and i == start and start > 0:
        return None
    end = i + 1
    while (
        end < len(words)
        and _plain(words[end]) in HEADS
        and _plain(words[end - 1]) in ("diary", "talking", "cover", "aide")
    ):
        end += 1
    kind_words = [w.strip(",").lower() for w in words[start:end]]
    rest_text = " ".join(words[end:]).lower()
    for phrase in KIND_PHRASES if _plain(words[i]) in PHRASE_HEADS else ():
        if rest_text.startswith(phrase) and (len(rest_text) == len(phrase) or not rest_text[len(phrase)].isalpha()):
            if _plain(words[i]) in WHOLE_HEADS:
                end = end + len(phrase.split())
                break
            kind_words += phrase.split()
            end += len(phrase.split())
            break
    kind = " ".join(kind_words).strip(" ,.")
    if words[end - 1].endswith(","):
        kind = kind.rstrip(",")
    kind = CANONICAL.get(kind, kind)
    return kind, end


def _is_head_here(words: list[str], i: int) -> bool:
    """A modifier that is itself the head ("Draft" alone, "Summary" alone, "Record of Meeting")."""
    if _plain(words[i]) not in HEADS:
        return False
    nxt = _plain(words[i + 1]) if i + 1 < len(words) else ""
    return nxt not in HEADS and nxt not in MODIFIERS


def _plain(word: str) -> str:
    return word.strip(",.:;").lower()


def _number(rest: str) -> tuple[str | None, str]:
    """A number right after the kind: ``656``, ``828/Secto 574``, ``HAKTO 9``, ``NIE 11–4–57``, ``No. 12``."""
    stripped = _NUMBER_NO.sub("", rest.lstrip(" "))
    m = _CONNECTOR.search(stripped)
    candidate = stripped[: m.start()] if m else stripped
    candidate = candidate.strip(" ,.")
    if not candidate or not re.search(r"\d", candidate) or len(candidate.split()) > 3:
        return None, rest
    if re.match(rf"{_MONTH}\b", candidate):
        return None, rest
    return candidate, stripped[len(stripped[: m.start()]) :] if m else ""


def _top_level(text: str, needle: str) -> list[int]:
    """Positions of *needle* in *text* outside parentheses and brackets."""
    found = text.find(needle)
    if found < 0:
        return []
    if not any(bracket in text for bracket in "()[]"):  # every occurrence is outside: find them
        out = []
        while found >= 0:
            out.append(found)
            found = text.find(needle, found + 1)
        return out
    out, depth = [], 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and text.startswith(needle, i):
            out.append(i)
    return out


def _split_to(text: str, parties: _Parties, *, strict: bool = False) -> tuple[str, str | None]:
    """Split ``A to B`` where ``to`` may also occur inside A's title; *strict*, only right after a name."""
    cuts = _top_level(text, " to ")
    if not cuts:
        return text, None
    for cut in cuts:  # prefer a cut right after a name in parentheses
        if text[:cut].rstrip().endswith(")"):
            return text[:cut], text[cut + 4 :]
    for cut in cuts:  # or after a known surname
        words = text[:cut].split()
        if words and parties.persons.lookup(words[-1]) and (not strict or "," not in text[:cut]):
            return text[:cut], text[cut + 4 :]
    if strict:
        return text, None
    for cut in cuts[:-1]:  # "the Mission to the North Atlantic Treaty Organization … to the Department of State"
        if not _POST_TO.fullmatch(text[:cut].strip()):
            return text[:cut], text[cut + 4 :]
    return text[: cuts[-1]], text[cuts[-1] + 4 :]


# A post whose name goes on with "to …": "the Mission to the United Nations", "the Delegation to the
# Conference". A heading's "to" right after one of these is part of the sender's name.
_POST_TO = re.compile(r"(?:the )?(?:U\.S\. |United States )?(?:Mission|Delegation)")


# "Mr. John C. Ross, Deputy to the United States Representative": a name, then the office it holds.
_ROLE_AFTER_NAME = re.compile(
    r"^(?P<name>[^,()]+), (?P<role>(?:the )?(?:Deputy|Director|Assistant|Special|Counselor|Chairman|Chief|Head|"
    r"Minister|Ambassador|Under Secretary|Secretary|Legal Adviser|Adviser|Member|Representative|Officer|"
    r"Consul|Executive|Acting|Vice|President|Commander|Staff)\b.*)$"
)


class _Parties:
    """Turns the text of a party, or a list of them, into Party values."""

    def __init__(self, persons: PersonsList, corresp: dict[str, str], kind: str | None) -> None:
        self.persons = persons
        self.corresp = corresp
        self.posts = kind in ("telegram", "circular telegram", "airgram", "cable", "cablegram")

    def listed(self, text: str, *, liberal: bool = False) -> tuple[Party, ...]:
        """The parties *text* names; *liberal*, a list of participants (names printed in full stay as printed)."""
        pieces = _split_and(text.strip(" .,;"), self.persons, liberal=liberal)
        return tuple(self.one(p, as_printed=liberal) for p in pieces if p.strip(" ,"))

    def one(self, text: str, *, office_default: bool = False, as_printed: bool = False) -> Party:
        text = re.sub(r"^(?:the|The)\s+", "", " ".join(text.split()).strip(" ,.;"))
        text = re.sub(r",\s+(Jr|Sr)\.?,?(?=\s|$)", r" \1.", text)  # "Lynn, Jr., of the …" → "Lynn Jr. of the …"
        text = _balanced(text)
        text = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))
        m = re.match(r"^(.*?)\s*\(([^()]+)\)$", text)
        if m and m.group(2).strip():  # the Ambassador to Vietnam (Bunker)
            role = re.sub(r"^(?:the|The)\s+", "", m.group(1).strip(" ,")) or None
            return self.person(m.group(2).strip(), role, as_printed=as_printed)
        if _POST.match(text):  # the Delegation to the Foreign Ministers Meeting: a post, whatever follows
            return Party(text, office=True)
        m = re.match(r"^(.+?),? (?:of|in) the (.+)$", text)
        if m and looks_like_name(m.group(1)):  # John H. Holdridge of the National Security Council Staff
            return self.person(m.group(1), m.group(2), as_printed=as_printed)
        m = re.match(r"^(.+?) (?:in|at) [A-Z][\w.’' -]+$", text)
        if m and title_and_name(m.group(1))[1]:  # President Johnson in Texas: where he was
            text = m.group(1)
        title, name = title_and_name(text)
        if name:
            return self.person(name, title, as_printed=as_printed)
        if looks_like_name(text):
            return self.person(text, None, as_printed=as_printed)
        words = text.split()
        single = len(words) == 1 and words[0] not in TITLE_WORDS and words[0] not in OFFICE_WORDS
        if single and not self.posts and not office_default and text[:1].isupper():
            return self.person(text, None, as_printed=as_printed)
        return Party(text, office=True)

    def person(self, printed: str, role: str | None, *, as_printed: bool = False) -> Party:
        rank, name = split_rank(printed)
        name = strip_courtesy(name)
        role = role or rank
        entry = self.persons.entry(name, role, self.corresp.get(printed) or self.corresp.get(name))
        if entry is not None and as_printed and len(name.split()) > 1 and entry.name != name:
            entry = None  # a participant printed in full: "Robert McNamara" stays as printed
        if entry is not None:
            return Party(entry.name, role, short=entry.short)
        return Party(name, role, short=particle_surname(name) or _multiword_surname(name))


def _balanced(text: str) -> str:
    """A party's text with a parenthesis the volume left open closed (``… Affairs (Kissinger``), and
    one it never opened dropped (``the Secretary of Defense Wilson)``): typing slips of the TEI."""
    if text.count("(") == text.count(")") + 1 and re.search(r"\([^()]+$", text):
        return text + ")"
    if text.count(")") == text.count("(") + 1 and text.endswith(")") and "(" not in text:
        return text[:-1].rstrip()
    return text


def _multiword_surname(name: str) -> str | None:
    """``Van Kleffens`` printed alone: a surname of two words, capitalized particle and all."""
    words = name.split()
    return name if len(words) == 2 and words[0] in ("Van", "Von", "De", "Du", "Da", "Di", "La", "Le") else None


_POST = re.compile(r"(?:the )?(?:Embassy|Embassies|Department|Consulate|Legation|Mission|Delegation|Consulates)\b")


def _longest(cut: tuple[int, int]) -> tuple[int, int]:
    return cut[0], -cut[1]


def _split_and(text: str, persons: PersonsList, *, liberal: bool = False) -> list[str]:
    """``Secretary of State Rogers and Secretary of Defense Laird`` → two parties.

    A list separator ends a party only after a name: a surname in parentheses or one the persons
    list knows; "East Asian and Pacific Affairs" stays whole. In a list of participants
    (*liberal*), any ``and`` or comma before a capitalized word ends one.
    """
    # ", and " before ", " where both start: "…, and the Assistant Secretary" leaves no "and" behind
    cuts = sorted(((cut, len(sep)) for sep in (", and ", " and ", ", ") for cut in _top_level(text, sep)), key=_longest)
    pieces, start = [], 0
    for cut, length in cuts:
        left, right = text[start:cut], text[cut + length :]
        if cut < start or not left:
            continue
        last = left.split()[-1] if left.split() else ""
        ends_name = left.endswith(")") or bool(persons.lookup(last)) or looks_like_name(left.strip())
        # "the Department of State and the Embassy in Libya": two posts; "… of the National Security
        # Council Staff and the President's Special Assistant … (Bundy)": a body, then another party
        ends_name = ends_name or bool(_BODY_WORDS.search(left) and _POST.match(right))
        ends_name = ends_name or bool(_ENDS_WITH_BODY.search(left) and right.startswith("the ") and right.endswith(")"))
        if liberal:
            ends_name = ends_name or ((right[:1].isupper() or right.startswith("the ")) and not left.endswith(" of"))
        # Not before a suffix, nor before the office a name goes on with: "Laurence E. Lynn, Jr., of the …".
        if ends_name and not re.match(r"(?:Jr|Sr|II|III)\b|of ", right):
            pieces.append(left)
            start = cut + length
    pieces.append(text[start:])
    return [p.strip() for p in pieces]
