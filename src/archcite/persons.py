"""People as FRUS volumes name them: the list of persons, names in natural order, short names.

A volume's list of persons gives ``Kissinger, Henry A.``, ``Radford, Admiral Arthur W., USN``,
``Couve de Murville, Maurice`` or, uninverted, ``Chou En-lai``; documents print ``Kissinger``,
``President Nixon``, ``the Secretary of State (Rusk)``. A name printed alone is resolved to a
full name only when the list says who it is (``PersonsList.resolve``): through the printed name's
``corresp`` pointer (unless the role printed with it fits another person of that surname better:
a defect of the TEI), or by a surname exactly one person of the list has, or, when several do,
by the role printed with the name, found in the description of exactly one of them.

The short name (``Person.short``) is given when a short note should not name the person by the
last word: a surname of several words as the list inverts it (``Couve de Murville``), and the
family name of names the list leaves uninverted, which lead with it (``Chou`` of ``Chou
En-lai``), but for Vietnamese names, which are referred to by their last word (``Diem``). Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .vocabulary import NAME_SUFFIXES

# Titles of courtesy: never part of a name, never a role.
COURTESY = frozenset(
    {"Mr.", "Mrs.", "Miss", "Ms.", "Dr.", "M.", "Mme.", "Mlle.", "H.E.", "Lic.", "Messrs.", "Sr.", "Sra."}
)
# Titles that stay part of a name when printed with it.
KEPT_TITLES = frozenset({"Sir", "Dame", "Lord", "Lady"})
_SOVEREIGNS = ("King", "Queen", "Prince", "Princess", "Emperor", "Shah")
# Ranks and offices that can precede a name: the role when nothing else gives one.
RANKS = (
    "General of the Army",
    "Fleet Admiral",
    "Lieutenant General",
    "Major General",
    "Brigadier General",
    "Lieutenant Colonel",
    "Rear Admiral",
    "Vice Admiral",
    "Air Chief Marshal",
    "Air Marshal",
    "Air Vice Marshal",
    "Field Marshal",
    "Brig. Gen.",
    "Maj. Gen.",
    "Lt. Gen.",
    "Lt. Col.",
    "Adm.",
    "Gen.",
    "Col.",
    "Capt.",
    "Cmdr.",
    "General",
    "Admiral",
    "Marshal",
    "Colonel",
    "Major",
    "Captain",
    "Commander",
    "Lieutenant",
    "Ambassador",
    "Amb.",
    "Senator",
    "Congressman",
    "Representative",
    "Governor",
    "Secretary",
    "Under Secretary",
    "Assistant Secretary",
    "Deputy Secretary",
    "President",
    "Vice President",
    "Prime Minister",
    "Premier",
    "Chairman",
    "Chancellor",
    "Minister",
    "Foreign Minister",
    "Judge",
    "Justice",
    "Bishop",
    "Cardinal",
    "Father",
    *_SOVEREIGNS,
    "Sheikh",
    "Count",
    "Baron",
)
_RANK = re.compile(r"^(?:" + "|".join(re.escape(r) for r in sorted(RANKS, key=len, reverse=True)) + r")(?=\s)")
# Services and honours printed after a name in the list: Radford, Admiral Arthur W., USN.
_SERVICE = re.compile(r",?\s*\b(?:USN|USA|USAF|USMC|USCG|Ret\.|ret\.)$")
_PARTICLES = frozenset(
    {
        "van",
        "von",
        "de",
        "du",
        "da",
        "di",
        "del",
        "della",
        "der",
        "den",
        "ter",
        "ten",
        "tot",
        "la",
        "le",
        "El",
        "Al",
        "al",
        "el",
    }
)
VIETNAMESE_FAMILY_NAMES = frozenset(
    {
        "Nguyen",
        "Ngo",
        "Tran",
        "Le",
        "Pham",
        "Hoang",
        "Huynh",
        "Phan",
        "Vu",
        "Vo",
        "Dang",
        "Bui",
        "Do",
        "Ho",
        "Duong",
        "Ly",
        "Truong",
        "Dinh",
    }
)
_STOP = frozenset({"the", "of", "for", "to", "and", "in", "on", "at", "a", "an", "from", "until", "also"})


def strip_courtesy(text: str) -> str:
    """``Mr. Rusk`` → ``Rusk``; ``Dr. Han Li-wu`` → ``Han Li-wu``; ``M. G. L. Joy`` keeps its initials."""
    words = text.split()
    while len(words) > 1 and words[0] in COURTESY:
        if words[0] == "M." and re.fullmatch(r"[A-Z]\.", words[1]):
            break  # an initial, not Monsieur
        words.pop(0)
    return " ".join(words)


def split_rank(text: str) -> tuple[str | None, str]:
    """``Lieutenant General Samuel T. Williams`` → (``Lieutenant General``, ``Samuel T. Williams``)."""
    text = strip_courtesy(text.strip())
    found = []
    while True:
        m = _RANK.match(text)
        if not m or len(text) == m.end():
            break
        found.append(m.group())
        text = strip_courtesy(text[m.end() :].strip())
    return (" ".join(found) or None), text


def natural_order(listed: str, *, inverted_list: bool = True) -> tuple[str, str | None]:
    """A name as a list of persons gives it, in natural order, and its short name where it is not the last word.

    ``Kissinger, Henry A.`` → ``Henry A. Kissinger``; ``Radford, Admiral Arthur W., USN`` →
    ``Arthur W. Radford``; ``Carter, James Earl, Jr. “Jimmy”`` → ``James Earl “Jimmy” Carter Jr.``;
    ``Couve de Murville, Maurice`` → (``Maurice Couve de Murville``, ``Couve de Murville``);
    ``Chou En-lai`` → (``Chou En-lai``, ``Chou``).
    """
    nickname = re.search(r"\s*“[^”]+”", listed)
    if nickname:
        listed = listed.replace(nickname.group(0), "")
    listed = _SERVICE.sub("", listed.strip().rstrip(",").strip())
    # "Clifton,. Brig. Gen. Chester V."; a comma in parentheses splits nothing: "Dulles, Allen (Ascham, Robert A.)".
    parts = [p.strip().lstrip(".; ").strip() for p in re.split(r",(?![^()]*\))", listed)]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        name = strip_courtesy(parts[0]) if parts else listed.strip()
        name = re.sub(r"\s*\([^()]*\)$", "", name) or name  # Park Chung Hee (Pak Chong-hui): another spelling
        return name, (_family_first(name) if inverted_list else short_of_uninverted(name))
    surname = parts[0]
    given = _AFTER_GIVEN.sub("", strip_courtesy(split_rank(parts[1])[1]))
    given = "" if given in COURTESY else given
    if not given or given in RANKS:  # "Yang, Dr.", "Dawee Chullasaspyra, Marshal": a name and a title
        return surname, (_family_first(surname) if inverted_list else short_of_uninverted(surname))
    # "Dillon, C Douglas.": the initial's period slipped to the end of the given names.
    given = re.sub(r"^([A-Z]) ([A-Z][a-z]+)\.$", r"\1. \2", given)
    if nickname:
        given = f"{given} {nickname.group(0).strip()}"
    suffixes = [p for p in parts[2:] if p.rstrip(".") in {s.rstrip(".") for s in NAME_SUFFIXES}]
    name = " ".join(p for p in (given, surname, " ".join(suffixes)) if p)
    return name, (surname if " " in surname else None)


# What a list of persons adds after the given names that is no part of the name as cited: a party
# (``Erhard, Ludwig (CDU)``), a retired officer's mark (``Wright, Admiral Jerauld (Ret.)``), a
# pseudonym or another name (``Wisner, Frank (Harold S. Whiting)``, ``Brandt, Willy (Herbert
# Frahm)``), a later title (``Coulson, John E. (Sir John from March 1957)``). A nickname, one
# word in parentheses (``Bohlen, Charles E. (Chip)``), stays, as FRUS prints it.
_AFTER_GIVEN = re.compile(r"\s*\((?![A-Z][a-z]+\))[^()]*\)$")


def _family_first(name: str) -> str | None:
    """The short name of a name a list of persons leaves uninverted: the list inverts Western names
    (``Kissinger, Henry A.``), so an uninverted one leads with the name it is referred to by (``Park Chung
    Hee``, ``Dawee Chullasapya``, ``Paul I``), but for Vietnamese names, referred to by their last word."""
    words = name.split()
    if len(words) < 2 or words[0] in VIETNAMESE_FAMILY_NAMES or words[0] in _HONORIFICS or "(" in words[0]:
        return None
    return words[0]


_HONORIFICS = frozenset(
    {"U", "Daw", "Sheikh", "Shaikh", "Emir", "Amir", "Sir", "Lord", "Lady", "Dame", "King", "Queen"}
)


def short_of_uninverted(name: str) -> str | None:
    """The family name of a name written family first (``Chou En-lai`` → ``Chou``), if it is one."""
    words = name.split()
    if len(words) < 2 or words[0] in VIETNAMESE_FAMILY_NAMES:
        return None
    if any(re.fullmatch(r"[A-Z][a-z']*-[a-z]+|[A-Z]+-[A-Z]+", w) for w in words[1:]):
        return words[0]
    return None


def particle_surname(name: str) -> str | None:
    """``S.G.M. van Voorst tot Voorst`` → ``van Voorst tot Voorst``: a surname with its particles."""
    words = name.split()
    for i, word in enumerate(words[1:-1], 1):
        if word in _PARTICLES and not re.fullmatch(r"[A-Z]\.", words[i + 1]):  # not "Alfred le S. Jenkins"
            return " ".join(words[i:])
    return None


def surname(name: str) -> str:
    words = [w for w in name.split() if w.rstrip(",") not in NAME_SUFFIXES]
    return words[-1] if words else name


@dataclass
class Entry:
    """One person of a volume's list."""

    name: str  # natural order
    short: str | None  # the short name, where it is not the last word
    description: str  # what the list says of the person

    @property
    def keys(self) -> set[str]:
        """The names by which a document may print this person alone."""
        keys = {surname(self.name), self.name}
        if self.short:
            keys.add(self.short)
            keys.add(self.short.split()[0])
        return keys


@dataclass
class PersonsList:
    """A volume's list of persons."""

    by_id: dict[str, Entry] = field(default_factory=dict)
    by_key: dict[str, list[Entry]] = field(default_factory=dict)

    def add(self, ident: str | None, entry: Entry) -> None:
        if ident:
            self.by_id[ident] = entry
        for key in entry.keys:
            self.by_key.setdefault(key, []).append(entry)

    def entry(self, name: str, role: str | None = None, corresp: str | None = None) -> Entry | None:
        """The person a document means by *name* (and the *role* printed with it), if the list says."""
        name = name.strip()
        candidates = self.by_key.get(name, [])
        pointed = self.by_id.get((corresp or "").lstrip("#")) if corresp else None
        if pointed is not None and (
            name in pointed.keys or surname(name) in pointed.keys or (not candidates and _spelled_alike(name, pointed))
        ):
            if role:  # a pointer the printed role contradicts, where it fits another of that name
                best = self._by_role(role, [pointed, *(c for c in candidates if c is not pointed)])
                if best is not None and best is not pointed:
                    return best
            return pointed
        exact = [e for e in candidates if e.name == name]
        if exact:
            return exact[0]
        if len(candidates) == 1:
            return candidates[0]
        if candidates and role:
            return self._by_role(role, candidates)
        return None

    def _by_role(self, role: str, candidates: list[Entry]) -> Entry | None:
        """The one candidate whose description shares the most words with *role*, if one does."""
        scored = sorted(((_score(role, e.description), i) for i, e in enumerate(candidates)), reverse=True)
        if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            return candidates[scored[0][1]]
        if scored and scored[0][0] > 0:  # a tie: "President" is the one described as President, not Vice President
            tied = [candidates[i] for score, i in scored if score == scored[0][0]]
            leading = [e for e in tied if re.match(rf"{re.escape(role)}\b", e.description.strip(), re.IGNORECASE)]
            if len(leading) == 1:
                return leading[0]
        return None

    def lookup(self, name: str, role: str | None = None) -> str | None:
        """The full name of *name*, if the list says who it is."""
        found = self.entry(name, role)
        return found.name if found else None


def _spelled_alike(name: str, entry: Entry) -> bool:
    """``Pak`` for ``Park Chung Hee``: another romanization of the name the pointer leads to."""
    from difflib import SequenceMatcher

    return any(SequenceMatcher(None, name, key).ratio() >= 0.8 for key in entry.keys if len(key) >= 3)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP}


def _score(role: str, description: str) -> int:
    return len(_words(role) & _words(description))


def title_and_name(text: str) -> tuple[str | None, str | None]:
    """``Secretary of State Rusk`` → (``Secretary of State``, ``Rusk``); ``Lieutenant General Samuel T.
    Williams`` → (``Lieutenant General``, ``Samuel T. Williams``); (None, None) when no person is named."""
    rank, rest = split_rank(text)
    if rank and (looks_like_name(rest) or _surname_like(rest)):
        return rank, rest
    words = text.split()
    if len(words) < 2 or not TITLE_WORDS & {w.strip(",") for w in words[:-1]}:
        return None, None
    last = words[-1]
    if not _surname_like(last):
        return None, None
    titled = max(i for i, w in enumerate(words[:-1]) if w.strip(",") in TITLE_WORDS)
    department = _OF_DEPARTMENT.match(" ".join(words[titled + 1 :]))
    if department:  # Secretary of State Dean Rusk
        titled += len(department.group().split())
    after = words[titled + 1 :]
    if 2 <= len(after) <= 4 and all(_surname_like(w) or re.fullmatch(r"[A-Z]\.", w) for w in after):
        return " ".join(words[: titled + 1]), " ".join(after)  # Soviet Ambassador Anatoliy Dobrynin
    start = len(words) - 1
    while start > 1 and re.fullmatch(r"[A-Z]\.", words[start - 1]):  # initials: Clark M. Clifford
        start -= 1
    if start < len(words) - 1 and start > 1 and _surname_like(words[start - 1]):
        start -= 1
    role = " ".join(words[:start])
    if not role or role.split()[-1].lower() in ("of", "for", "in", "at", "to", "the", "and", "on"):
        return None, None
    return role, " ".join(words[start:])


_OF_DEPARTMENT = re.compile(
    r"of (?:State|Defense|Commerce|Agriculture|Labor|War|the Treasury|the Navy|the Army|the Air Force|"
    r"the Interior)(?= )"
)


def _surname_like(word: str) -> bool:
    word = word.strip(",")
    return (
        bool(re.fullmatch(r"[A-Z][\w’'.-]*", word))
        and word not in OFFICE_WORDS
        and word not in TITLE_WORDS
        and (word not in _PLACE_WORDS)
    )


TITLE_WORDS = frozenset(
    [
        "Secretary",
        "Ambassador",
        "Assistant",
        "Director",
        "Minister",
        "Chairman",
        "President",
        "Representative",
        "Adviser",
        "Advisor",
        "Counselor",
        "Chief",
        "Commander",
        "Administrator",
        "Governor",
        "Senator",
        "Deputy",
        "Under",
        "Consul",
        "Chargé",
        "Attaché",
        "Officer",
        "Envoy",
        "Delegate",
        "Premier",
        "Chancellor",
        *_SOVEREIGNS,
        "Pope",
        "Mayor",
        "Leader",
        "Head",
        "General",
        "Admiral",
        "Colonel",
        "Major",
        "Captain",
        "Marshal",
        "Lieutenant",
        "Coordinator",
        "Counsel",
        "Spokesman",
        "Prime",
        "Foreign",
        "Vice",
        "Acting",
        "Congressman",
        "Representative",
        "Judge",
        "Justice",
        "Cardinal",
        "Bishop",
        "Sheikh",
        "Sultan",
        "Emir",
        "Ayatollah",
    ]
)
_PLACE_WORDS = frozenset(
    [
        "State",
        "Defense",
        "Treasury",
        "Commerce",
        "Agriculture",
        "Labor",
        "Interior",
        "Justice",
        "Army",
        "Navy",
        "Air",
        "Force",
        "Staff",
        "Affairs",
        "Intelligence",
        "Security",
        "Council",
        "Nations",
        "States",
        "Union",
        "Republic",
        "Kingdom",
        "Operations",
        "Planning",
        "Research",
        "Policy",
        "Programs",
        "Development",
        "Relations",
        "Economic",
        "Political",
        "Military",
        "Mutual",
        "Assistance",
        "Trade",
        "Information",
    ]
)


OFFICE_WORDS = frozenset(
    [
        "Department",
        "Section",
        "Interests",
        "Embassy",
        "Station",
        "Headquarters",
        "Agency",
        "Staff",
        "Office",
        "Mission",
        "Consulate",
        "Legation",
        "Council",
        "Committee",
        "Bureau",
        "Group",
        "Delegation",
        "Government",
        "House",
        "Operation",
        "Center",
        "Board",
        "Secretariat",
        "Command",
        "Division",
        "Service",
        "Secretary",
        "Ambassador",
        "President",
        "Chargé",
        "Minister",
        "Representative",
        "Director",
        "Commander",
        "Chief",
        "Consul",
        "Adviser",
        "Advisor",
        "Assistant",
        "Under",
        "Deputy",
        "Counselor",
        "Attaché",
        "Governor",
        "Chairman",
        "Commissioner",
        "Administrator",
        "General",
        "States",
        "United",
        "Nations",
        "Affairs",
        "Files",
        "Posts",
        "Missions",
        "Offices",
    ]
)


def looks_like_name(text: str) -> bool:
    """Two to five capitalized words, initials and particles allowed: ``Richard L. Sneider``."""
    words = text.split()
    particles = {"de", "van", "von", "la", "le", "du", "da", "di", "del", "der", "tot", "ter", "y", "bin", "al", "el"}
    return (
        1 <= len(words) <= 5
        and len(words) >= (1 if any(w in KEPT_TITLES for w in words) else 2)
        and all(w[:1].isupper() or w in particles or w in ("Jr.", "Sr.") for w in words)
        and not OFFICE_WORDS & {w.strip(",") for w in words}
        and not any(c.isdigit() for c in text)
    )
