"""FRUS document headings: what kind of document, from whom, to whom. Pure.

``Memorandum From the President’s Assistant for National Security Affairs
(Kissinger) to President Nixon`` → kind ``memorandum``, from Kissinger (role
"President’s Assistant for National Security Affairs"), to Nixon (role
"President"). Surnames are resolved to full names by the caller's lookup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Kinds of document, longest first so that "memorandum of conversation" wins over "memorandum".
KINDS = sorted(
    """memorandum of conversation|memorandum for the record|memorandum of telephone conversation
    |transcript of telephone conversation|record of a telephone conversation|record of telephone conversation
    |telephone conversation|memorandum|telegram|circular telegram|airgram|backchannel message|message
    |oral message|letter|editorial note|note|intelligence note|minutes|paper|briefing paper|report
    |intelligence report|intelligence memorandum|information memorandum|action memorandum|briefing memorandum
    |draft memorandum|study|draft study|national intelligence estimate|special national intelligence estimate
    |national security study memorandum|national security decision memorandum|presidential directive
    |presidential review memorandum|talking points|summary of conversation|summary of actions|summary of action
    |summary of conclusions|summary of meeting|record of meeting|record of decisions|notes of meeting
    |notes of meetings|notes of conversations|notes|report of meeting|contact report|dispatch|despatch
    |instruction|statement|oral statement|oral statements|oral reply|address|radio address|remarks
    |news conference|toast|aide-mémoire|aide-memoire|diary entry|directive|conversation|summary paper""".replace(
        "\n", ""
    ).split("|"),
    key=len,
    reverse=True,
)
_KINDS = [k.strip() for k in KINDS]

# (surname or full name, role or None) → full name in natural order, or None
Lookup = Callable[[str, str | None], str | None]


@dataclass(frozen=True)
class Party:
    """A correspondent named in a heading."""

    name: str
    role: str | None = None
    office: bool = False


@dataclass(frozen=True)
class Heading:
    kind: str
    sender: tuple[Party, ...] = ()
    recipient: tuple[Party, ...] = ()
    names_sender: bool = False  # the heading says who it is from
    names_recipient: bool = False


def strip_number(heading: str) -> str:
    """``120. Message From …`` → ``Message From …``."""
    return re.sub(r"^\s*(?:No\.\s*)?\d+[A-Z]?\.\s*", "", heading).strip()


def kind_of(heading: str) -> str:
    lowered = heading.lower()
    for kind in _KINDS:
        if lowered.startswith(kind) and (len(lowered) == len(kind) or not lowered[len(kind)].isalpha()):
            return kind
    first = re.split(r" (?:From|from|to|by|By|Between|Prepared|of the|for the|With|in|on) ", heading)[0]
    return first.strip(" .").lower() or "document"


def parse(heading: str, lookup: Lookup) -> Heading:
    """The kind and correspondents of *heading* (its number and footnotes already removed)."""
    text = strip_number(heading)
    kind = kind_of(text)
    rest = text[len(kind) :] if text.lower().startswith(kind) else text
    sender_text = recipient_text = None
    m = re.match(r"\s*(?:[Ff]rom|(?P<by>[Bb]y|Prepared by|Prepared in|Prepared for))\s+(?P<who>.+)$", rest)
    if m and m["by"]:  # Statement by the Representative to the United Nations (Young): an author, no recipient
        # … Before the Senate Finance Committee, … at the State Dinner: the occasion, not the author
        sender_text = re.sub(r"\s+(?:Before|at|on|During|Delivered)\b.*$", "", m["who"])
    elif m:
        sender_text, recipient_text = _split_to(m["who"], lookup)
    else:
        m = re.match(r"\s*to\s+(.+)$", rest)  # "for the Record" names no recipient
        if m:
            recipient_text = m.group(1)
    return Heading(
        kind,
        _parties(sender_text, lookup),
        _parties(recipient_text, lookup),
        names_sender=sender_text is not None,
        names_recipient=recipient_text is not None,
    )


def _top_level(text: str, needle: str) -> list[int]:
    """Positions of *needle* in *text* outside parentheses and brackets."""
    out, depth = [], 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and text.startswith(needle, i):
            out.append(i)
    return out


def _split_to(text: str, lookup: Lookup) -> tuple[str, str | None]:
    """Split ``A to B`` where ``to`` may also occur inside A's title."""
    cuts = _top_level(text, " to ")
    if not cuts:
        return text, None
    for cut in cuts:  # prefer a cut right after a name in parentheses
        if text[:cut].endswith(")"):
            return text[:cut], text[cut + 4 :]
    for cut in cuts:  # or after a known surname
        last = text[:cut].split()[-1]
        if lookup(last, None):
            return text[:cut], text[cut + 4 :]
    return text[: cuts[0]], text[cuts[0] + 4 :]


def _parties(text: str | None, lookup: Lookup) -> tuple[Party, ...]:
    if not text:
        return ()
    return tuple(_party(p, lookup) for p in _split_and(text.strip(" .,"), lookup) if p)


def _split_and(text: str, lookup: Lookup) -> list[str]:
    """``Secretary of State Rogers and Secretary of Defense Laird`` → two parties.

    A list separator ends a party only after a name: a surname in parentheses or one
    the persons list knows; "East Asian and Pacific Affairs" stays whole.
    """
    cuts = sorted((cut, len(sep)) for sep in (", and ", " and ", ", ") for cut in _top_level(text, sep))
    pieces, start = [], 0
    for cut, length in cuts:
        left = text[start:cut]
        if cut >= start and left and (left.endswith(")") or lookup(left.split()[-1], None)):
            pieces.append(left)
            start = cut + length
    pieces.append(text[start:])
    return [p.strip() for p in pieces]


def _party(text: str, lookup: Lookup) -> Party:
    text = re.sub(r"^the\s+", "", text.strip())
    m = re.match(r"^(.*?)\s*\(([^()]+)\)$", text)
    if m:  # the Ambassador to Vietnam (Bunker)
        role, name = m.group(1).strip(" ,") or None, m.group(2).strip()
        if role:
            role = re.sub(r"^the\s+", "", role)
        return Party(lookup(name, role) or name, role)
    m = re.match(r"^(.+?) of the (.+)$", text)
    if m and _looks_like_name(m.group(1)):  # John H. Holdridge of the National Security Council Staff
        return Party(lookup(m.group(1), None) or m.group(1), m.group(2))
    words = text.split()
    if len(words) >= 2 and lookup(text, None):  # Samuel Huntington, Jimmy Carter
        return Party(lookup(text, None) or text)
    if words and words[-1][:1].isupper():
        full = lookup(words[-1], " ".join(words[:-1]) or None)
        if full:  # President Nixon, Secretary of State Rusk
            role = " ".join(words[:-1]) or None
            return Party(full, role)
    if _looks_like_name(text):
        return Party(text)
    return Party(text, office=True)  # the Embassy in Thailand, the Department of State


def _looks_like_name(text: str) -> bool:
    """Two to four capitalized words, initials allowed: ``Richard L. Sneider``."""
    words = text.split()
    office_words = {
        "Department",
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
    }
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() or w in {"de", "van", "von", "la", "le", "du"} for w in words)
        and not office_words & set(words)
    )
