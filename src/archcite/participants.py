"""Who took part in a conversation or meeting, as its list prints them. Pure.

An item of a list of participants names a person and, after a comma or a dash, the person's
office (``Sir David Ormsby Gore, British Ambassador``; ``Secretary Dulles—US``; ``MID—Mr.
Fisher``, the office first; ``Senator Mike Monroney (D. Okla.)``). Courtesy titles are dropped;
a rank or office before the name is the role when nothing else gives one. A name printed alone
or with a title (``Mr. Becker``, ``Governor Herter``) is resolved through the volume's list of
persons; a name printed in full is kept as printed. Offices named without a person (``The
Secretary``) are offices; group labels (``U.S.:``, ``U.K. Side:``) and items that name nobody
(``One Notetaker``) are no participants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .headings import Party
from .persons import (
    COURTESY,
    RANKS,
    PersonsList,
    particle_surname,
    short_of_uninverted,
    split_rank,
    strip_courtesy,
    title_and_name,
)

_NOBODY = re.compile(
    r"^(?:One|Two|Three|An?|\d+)\s+(?:Notetakers?|Interpreters?|Others?|Aides?|Stenographers?)\b|"
    r"^(?:Other|Others|and others|Notetaker|Interpreter)\b|\bnot declassified\b",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"^[A-Z][A-Z/&–-]{0,10}$")


@dataclass(frozen=True)
class Item:
    """One printed item: its text, in pieces; a piece with a ``corresp`` is a name the TEI marks."""

    pieces: tuple[tuple[str, str | None], ...]  # (text, corresp of a marked name, or None)
    label_only: bool = False  # printed all in italics, naming no one: a group's label

    @property
    def text(self) -> str:
        return _joined(self.pieces)

    @classmethod
    def plain(cls, text: str) -> Item:
        return cls(((text, None),))


def _joined(pieces: Iterable[tuple[str, str | None]]) -> str:
    """The text of pieces as printed: their own spaces kept (``EUR/BNA``), runs of space made one."""
    return " ".join("".join(t for t, _ in pieces).split())


def parse(items: Iterable[Item], persons: PersonsList) -> tuple[Party, ...]:
    """The participants the *items* name, in order."""
    out: list[Party] = []
    for item in items:
        out += _item(item, persons)
    return tuple(out)


# "[name not declassified]", its brackets perhaps in pieces of their own around an italic.
_UNDECLASSIFIED = re.compile(r"\[?[^\[\]]*\bnot declassified\b[^\[\]]*\]?|^\s*[\[\]]\s*$")
_SEPARATOR = " ,;:—–-"


def _item(item: Item, persons: PersonsList) -> list[Party]:
    pieces = [(_UNDECLASSIFIED.sub("", text), corresp) for text, corresp in item.pieces]
    text = _joined(pieces).strip(" ;")
    if not text or item.label_only or _NOBODY.search(text) or text.endswith(":") or _is_label(text):
        return []
    if re.fullmatch(r"\([^()]*\)", text):  # "(NATO)": the rest of the item before, split off; no one
        return []
    marked = [i for i, (_, corresp) in enumerate(pieces) if corresp]
    if len(marked) > 1 or (marked and (_around_marks(pieces, marked) or _has_name(pieces[marked[0]][0]))):
        return _by_marks(pieces, marked, persons)
    name, role = _name_and_role(text)
    if not name or not re.search(r"[A-Za-z]", name):
        return []
    corresp = {t.strip(): c for t, c in pieces if c}
    return [p for p in (_party(n, role, corresp, persons) for n in _two(name)) if p is not None]


def _around_marks(pieces: list[tuple[str, str | None]], marked: list[int]) -> bool:
    """Whether the text around the one marked name holds another name (``Johnson Keith Guthrie``)."""
    after = _joined(pieces[marked[0] + 1 :]).strip(_SEPARATOR)
    return bool(after) and _looks_like_person(after)


def _by_marks(pieces: list[tuple[str, str | None]], marked: list[int], persons: PersonsList) -> list[Party]:
    """An item that names several people: each marked name with the text after it as its office."""
    out = []
    before = _joined(pieces[: marked[0]]).strip(_SEPARATOR)
    for n, index in enumerate(marked):
        end = marked[n + 1] if n + 1 < len(marked) else len(pieces)
        after = _joined(pieces[index + 1 : end]).strip(_SEPARATOR)
        carried = re.match(r"and\s+(.*)$", after) if end < len(pieces) else None
        if carried:  # Dr. Henry A. Kissinger and Soviet Ambassador Anatoliy Dobrynin: the next one's title
            after, next_lead = "", carried.group(1)
        elif end < len(pieces):  # Mr. Harold E. Stassen, Mr. Lewis L. Strauss, …, and Admiral Paul Foster
            after, next_lead = _next_title(after)
        else:
            next_lead = ""
        name_text, corresp = pieces[index]
        suffix = re.match(r"(Jr\.|Sr\.|II|III|IV)(?![\w.])\s*(.*)$", after)
        if suffix:  # <persName>J. Jefferson Jones</persName>, III–SOA
            name_text = f"{name_text}, {suffix.group(1)}"
            after = suffix.group(2).strip(_SEPARATOR)
        extra, extra_role = None, None
        joined = re.match(r"and\s+(.+)$", after)
        if after and _looks_like_person(after):
            extra, after = after, ""
        elif joined and _has_name(joined.group(1)):  # Holy Ghost Fathers Kevin Doheny and Kleins
            extra, after = joined.group(1), ""
        else:
            tail = re.split(r"\s+[-—–]\s+", after)
            if len(tail) == 2 and _looks_like_person(tail[1]):
                after, extra = tail
        acronym = re.fullmatch(r"(.+?), ([A-Z][A-Z/]{0,7})", name_text)
        if acronym and not after:  # <persName>Robert Murphy, G</persName>: the office marked with the name
            name_text, after = acronym.group(1), acronym.group(2)
        lead = " ".join(w for w in before.split() if w not in COURTESY)
        before = next_lead
        ranked = bool(lead) and split_rank(f"{lead} {name_text}")[0] is not None
        printed = f"{lead} {name_text}" if ranked else name_text
        # What leads the name and is no rank is its office (NE—Stuart W. Rockwell), unless it labels a group.
        leading_office = lead if lead and not ranked and (_ACRONYM.match(lead) or not _is_label(lead)) else None
        role = re.sub(r"^(?:of|in) the\s+", "", after) or leading_office  # President Pak of the Republic of Korea
        if joined and extra:
            extra_role = role
        party = _party(printed.strip(), role or None, {name_text.strip(): corresp or ""}, persons)
        if party is not None:
            out.append(party)
        if extra:
            extra_party = _party(extra, extra_role, {}, persons)
            if extra_party is not None:
                out.append(extra_party)
    return out


_TITLE_WORDS = frozenset(w for rank in RANKS for w in rank.split()) | COURTESY


def _next_title(between: str) -> tuple[str, str]:
    """The text between two names: what belongs to the first (its office), and the second's title."""
    words = between.split()
    cut = len(words)
    while cut > 0 and (words[cut - 1] in _TITLE_WORDS or words[cut - 1] == "and"):
        cut -= 1
    lead = " ".join(w for w in words[cut:] if w != "and")
    return " ".join(words[:cut]).strip(_SEPARATOR), lead


_GROUPS = re.compile(
    r"^(?:For the .+|(?:U\.S\.|U\.K\.|US|UK)(?: Side| Delegation)?|United States|Foreign|State|Defense|Treasury|Treas|"
    r"Justice|Commerce|White House|[A-Z]{2,6}(?:/[A-Z]{1,6})?)\s*[-—–:]?$"
)


def _is_label(text: str) -> bool:
    """A group's label (``State``, ``For the United States``, ``JCS -``), which names nobody."""
    return bool(_GROUPS.match(text.strip()))


def _looks_like_person(text: str) -> bool:
    words = [w.strip(",;.") for w in text.split()]
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and words[0] != "The"  # Mr. Ralph Dungan, The White House: where he works
        and not (_OFFICE_WORDS & set(words))
    )


def _name_and_role(text: str) -> tuple[str, str | None]:
    """Split an item into the printed name and the office printed with it."""
    m = re.match(r"^([^,]*?)\s*\(([^()]+)\)$", text)
    if m and _has_name(m.group(1)):  # Senator Mike Monroney (D. Okla.)
        return m.group(1), m.group(2).strip()
    dash = re.split(r"\s*[—–]\s*|\s+-\s+", text, maxsplit=1)
    if len(dash) == 2 and dash[0] and dash[1]:
        first, second = dash
        if _ACRONYM.match(first.strip()) and _has_name(second):  # MID—Mr. Fisher
            return second, first.strip()
        return first, second
    head, comma, rest = text.partition(", ")
    while comma and re.match(r"(?:Jr|Sr|II|III|IV)\.?(?:,|$)", rest):  # Norman Armour, Jr., US
        suffix, comma, rest = rest.partition(", ")
        head = f"{head}, {suffix}"
    if rest and _is_office(re.sub(r"^(?:the|The)\s+", "", head)) and _has_name(rest):
        return rest, re.sub(r"^(?:the|The)\s+", "", head)  # The Foreign Secretary, George Brown
    return head, (rest or None)


def _two(name: str) -> list[str]:
    """``Kevin Doheny and Kleins``: two people in one item."""
    parts = re.split(r"\s+and\s+", name)
    if len(parts) == 2 and all(_has_name(p) for p in parts):
        return parts
    return [name]


def _has_name(text: str) -> bool:
    words = strip_courtesy(split_rank(text)[1]).split()
    return bool(words) and all(
        w[:1].isupper() or w in ("de", "van", "von", "tot", "la", "le", "du") or re.fullmatch(r"[a-z]\.", w)
        for w in words  # "David l. Gamon": an initial misprinted lowercase is still an initial
    )


def _party(printed: str, role: str | None, corresp: dict[str, str], persons: PersonsList) -> Party | None:
    printed = re.sub(r"^(?:the|The)\s+", "", printed.strip(" ,"))
    if _is_office(printed):
        return Party(printed, office=True)
    rank, name = title_and_name(printed)
    name = strip_courtesy(name or printed)
    role = role or rank
    if not name:
        return None
    pointer = corresp.get(name) or corresp.get(printed)
    if pointer is None and len(corresp) == 1:
        pointer = next(iter(corresp.values()))
    if len(name.split()) == 1:  # a surname printed alone or after a title: the list says who
        entry = persons.entry(name, role, pointer)
        if entry is not None:
            return Party(entry.name, role, short=entry.short)
    pointed = persons.by_id.get(pointer or "")
    if pointed is not None and pointed.short and pointed.short in name.split():
        return Party(name, role, short=pointed.short)  # printed in full, referred to as the list says (Dawee)
    return Party(name, role, short=_short(name, persons))


def _short(name: str, persons: PersonsList) -> str | None:
    entry = persons.entry(name)
    if entry is not None and entry.name == name:
        return entry.short
    return short_of_uninverted(name) or particle_surname(name)


_OFFICES = frozenset(
    """Secretary President Under Deputy Assistant Ambassador Chairman Vice Director Minister Counselor Governor
    Chief Commander Representative Chargé Administrator Adviser Advisor Foreign Prime""".split()
)
_OFFICE_WORDS = frozenset(
    """Department Embassy Staff Office Mission Council Committee Bureau Group Delegation Government Agency House
    Secretary Ambassador Director Minister Counselor Affairs Chairman Assistant Interpreter Notetaker""".split()
)


def _is_office(text: str) -> bool:
    """``Secretary``, ``Under Secretary``, ``Vice President``: an office named without a person."""
    words = text.split()
    return bool(words) and all(w in _OFFICES or w in ("of", "State", "Defense", "the") for w in words)
