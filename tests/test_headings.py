"""FRUS headings: the kind of document and its correspondents, with full names from the persons list."""

from __future__ import annotations

import pytest

from archcite.headings import Party, parse, strip_number
from archcite.persons import Entry, PersonsList

PERSONS = PersonsList()
for _name, _description in [
    ("Henry A. Kissinger", "President’s Assistant for National Security Affairs"),
    ("Richard M. Nixon", "President of the United States"),
    ("Dean Rusk", "Secretary of State"),
    ("Melvin R. Laird", "Secretary of Defense"),
    ("William P. Rogers", "Secretary of State"),
    ("Jimmy Carter", "President"),
]:
    PERSONS.add(None, Entry(_name, None, _description))
lookup = PERSONS


def test_memorandum_from_assistant_to_president() -> None:
    """A role with the surname in parentheses, to a titled person: both resolve to full names."""
    h = parse(
        "Memorandum From the President’s Assistant for National Security Affairs (Kissinger) to President Nixon", lookup
    )
    assert h.kind == "memorandum"
    assert h.sender == (Party("Henry A. Kissinger", "President’s Assistant for National Security Affairs"),)
    assert h.recipient == (Party("Richard M. Nixon", "President"),)


def test_telegram_between_offices() -> None:
    """Posts and departments are offices; the leading "the" goes."""
    h = parse("Telegram From the Embassy in Thailand to the Department of State", lookup)
    assert (h.kind, h.sender, h.recipient) == (
        "telegram",
        (Party("Embassy in Thailand", office=True),),
        (Party("Department of State", office=True),),
    )


def test_to_inside_a_title() -> None:
    """A "to" inside the sender's title does not split the heading."""
    h = parse(
        "Letter From the Ambassador to Guatemala (Schoenfeld) to the Secretary of State's Special "
        "Assistant for Intelligence (Armstrong)",
        lookup,
    )
    assert h.sender == (Party("Schoenfeld", "Ambassador to Guatemala"),)
    assert h.recipient == (Party("Armstrong", "Secretary of State's Special Assistant for Intelligence"),)


def _office(name: str) -> Party:
    return Party(name, office=True)


NSC_STAFF = "National Security Council Staff"
KISSINGER = Party("Henry A. Kissinger", "President’s Assistant for National Security Affairs")


@pytest.mark.parametrize(
    ("heading", "senders", "recipients"),
    [
        (  # frus1958-60v08: a post's own name holds a "to"; the heading splits at the next one
            "Telegram From the Mission to the North Atlantic Treaty Organization and European Regional "
            "Organizations to the Department of State",
            [_office("Mission to the North Atlantic Treaty Organization and European Regional Organizations")],
            [_office("Department of State")],
        ),
        (
            "Telegram From the Delegation to the Foreign Ministers Meeting to the Department of State",
            [_office("Delegation to the Foreign Ministers Meeting")],
            [_office("Department of State")],
        ),
        (
            "Telegram From the Department of State to the Mission to the United Nations",
            [_office("Department of State")],
            [_office("Mission to the United Nations")],
        ),
        (  # a post named after a city that is also a person's name is still a post
            "Telegram From the Consulate General in Ciudad Trujillo to the Department of State",
            [_office("Consulate General in Ciudad Trujillo")],
            [_office("Department of State")],
        ),
        (  # a name, its suffix and its office: one person
            "Memorandum From Laurence E. Lynn, Jr., of the National Security Council Staff to the President’s "
            "Assistant for National Security Affairs (Kissinger)",
            [Party("Laurence E. Lynn Jr.", NSC_STAFF)],
            [KISSINGER],
        ),
        (  # a body, then a titled person: two senders
            "Memorandum From James C. Thomson, Jr., of the National Security Council Staff and the President's "
            "Special Assistant for National Security Affairs (Bundy) to President Johnson",
            [
                Party("James C. Thomson Jr.", NSC_STAFF),
                Party("Bundy", "President's Special Assistant for National Security Affairs"),
            ],
            [Party("Johnson", "President")],
        ),
        (  # frus1949v07p1, d376: 1940s "by A, of the Office of B, to C"
            "Memorandum by Mr. Frederick E. Nolting, Jr., of the Office of Western European Affairs, to the "
            "Secretary of State",
            [Party("Frederick E. Nolting Jr.", "Office of Western European Affairs")],
            [_office("Secretary of State")],
        ),
        (  # frus1949v07p2, d375: no comma before "to"
            "Memorandum by Mr. Max W. Bishop, of the Office of the Deputy Under Secretary of State to the Deputy "
            "Under Secretary of State (Rusk)",
            [Party("Max W. Bishop", "Office of the Deputy Under Secretary of State")],
            [Party("Dean Rusk", "Deputy Under Secretary of State")],
        ),
        (  # frus1969-76v19p1, d83: a parenthesis the volume never closed
            "Memorandum From John H. Holdridge of the National Security Council Staff to the President’s Assistant "
            "for National Security Affairs (Kissinger",
            [Party("John H. Holdridge", NSC_STAFF)],
            [KISSINGER],
        ),
        (  # frus1955-57v23p2, d10: one it never opened
            "Memorandum From the Chairman of the Joint Chiefs of Staff (Radford) to the Secretary of Defense Laird)",
            [Party("Radford", "Chairman of the Joint Chiefs of Staff")],
            [Party("Melvin R. Laird", "Secretary of Defense")],
        ),
    ],
)
def test_correspondents_of_forms_read_across_the_volumes(
    heading: str, senders: list[Party], recipients: list[Party]
) -> None:
    """Forms found by reading every name of the 42 volumes' import, each once wrong."""
    h = parse(heading, lookup)
    assert (h.sender, h.recipient) == (tuple(senders), tuple(recipients))


def test_title_and_surname() -> None:
    """``Secretary of Defense Laird``: the title is the role, the surname resolves."""
    h = parse("Memorandum From Secretary of Defense Laird to President Nixon", lookup)
    assert h.sender == (Party("Melvin R. Laird", "Secretary of Defense"),)


def test_name_of_a_staff() -> None:
    """``John H. Holdridge of the National Security Council Staff``: a named person with a role."""
    h = parse(
        "Memorandum From John H. Holdridge of the National Security Council Staff to the President's "
        "Assistant for National Security Affairs (Kissinger)",
        lookup,
    )
    assert h.sender == (Party("John H. Holdridge", "National Security Council Staff"),)


def test_two_recipients() -> None:
    """Two correspondents joined by "and" are two parties."""
    h = parse(
        "Memorandum From the President's Assistant for National Security Affairs (Kissinger) to "
        "Secretary of State Rogers and Secretary of Defense Laird",
        lookup,
    )
    assert h.recipient == (
        Party("William P. Rogers", "Secretary of State"),
        Party("Melvin R. Laird", "Secretary of Defense"),
    )


def test_three_recipients_in_a_list() -> None:
    """``A (X), B (Y), and C (Z)`` is three parties."""
    h = parse(
        "Memorandum From President Nixon to the Secretary of State (Rogers), the Secretary of Defense "
        "(Laird), and the Director of Central Intelligence (Helms)",
        lookup,
    )
    assert [p.name for p in h.recipient] == ["William P. Rogers", "Melvin R. Laird", "Helms"]


def test_and_inside_a_title() -> None:
    """ "East Asian and Pacific Affairs" is one title, not two parties."""
    h = parse(
        "Memorandum From the Assistant Secretary of State for East Asian and Pacific Affairs (Green) to "
        "President Nixon",
        lookup,
    )
    assert h.sender == (Party("Green", "Assistant Secretary of State for East Asian and Pacific Affairs"),)


def test_authored_statement_has_no_recipient() -> None:
    """``Statement by the Representative to the United Nations (Young)``: an author, no recipient."""
    h = parse("Statement by the Representative to the United Nations (Young)", lookup)
    assert (h.kind, h.sender, h.recipient) == (
        "statement",
        (Party("Young", "Representative to the United Nations"),),
        (),
    )


def test_undeclassified_name() -> None:
    """A name not declassified stays as printed, with its role."""
    h = parse(
        "Memorandum From the Acting Chief of the Western Hemisphere Division, Central Intelligence Agency "
        "([name not declassified]) to the Deputy Director of Central Intelligence (Dulles)",
        lookup,
    )
    assert h.sender == (
        Party(
            "[name not declassified]", "Acting Chief of the Western Hemisphere Division, Central Intelligence Agency"
        ),
    )


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Memorandum of Conversation", "memorandum of conversation"),
        ("Memorandum for the Record", "memorandum for the record"),
        ("Editorial Note", "editorial note"),
        (
            "Backchannel Message From the Ambassador to Vietnam (Bunker) to the President's Assistant for National "
            "Security Affairs (Kissinger)",
            "backchannel message",
        ),
        ("Minutes of Washington Special Actions Group Meeting", "minutes"),
        ("National Intelligence Estimate", "national intelligence estimate"),
        ("Paper Prepared by the National Security Council Staff", "paper"),
        ("Aide-Mémoire From the Soviet Government to the Government of the United States", "aide-mémoire"),
        ("Stage One Report", "stage one report"),
    ],
)
def test_kind(heading: str, kind: str) -> None:
    """The kind is the heading's first words, lowercase."""
    assert parse(heading).kind == kind


def test_memorandum_for_the_record_names_no_recipient() -> None:
    h = parse("Memorandum for the Record", lookup)
    assert (h.names_sender, h.names_recipient) == (False, False)


def test_strip_number() -> None:
    assert strip_number("120. Message From X to Y") == "Message From X to Y"
    assert strip_number("No. 37. Mr. Gresham to Mr. Baker.") == "Mr. Gresham to Mr. Baker."


def test_memorandum_by_a_to_b() -> None:
    """1940s: ``Memorandum by A (X) to B``: an author and a recipient."""
    h = parse(
        "Memorandum by the Assistant Secretary of State for Far Eastern Affairs (Butterworth) to the Secretary of State"
    )
    assert h.sender == (Party("Butterworth", "Assistant Secretary of State for Far Eastern Affairs"),)
    assert h.recipient == (Party("Secretary of State", office=True),)


def test_by_a_name_and_the_office_after_it() -> None:
    """``by Mr. John C. Ross, Deputy to …``: the office after the comma is his, its "to" no recipient."""
    h = parse(
        "Memorandum of Conversation, by Mr. John C. Ross, Deputy to the United States Representative at the "
        "United Nations (Austin)"
    )
    assert h.sender == (
        Party("John C. Ross", "Deputy to the United States Representative at the United Nations (Austin)"),
    )
    assert h.recipient == ()


def test_heading_ends_with_place_date_and_time() -> None:
    """A heading with no dateline gives the date; the time may follow the date without a comma."""
    h = parse(
        "Minutes of the Fourth Meeting of the United States Delegation to the Third Regular Session of the General "
        "Assembly, Paris, Hotel d’Iéna, September 24, 1948 9:15 a. m."
    )
    assert (h.kind, h.place, h.date_text, h.time_text) == ("minutes", "Paris", "September 24, 1948", "9:15 a. m.")


def test_instructions_name_no_correspondent() -> None:
    """``Instructions for the Ambassador …``: for is not from."""
    h = parse("Instructions for the Ambassador to the Soviet Union (Thompson)")
    assert (h.kind, h.sender, h.recipient) == ("instructions", (), ())


def test_1940s_heading_without_a_kind() -> None:
    """``The Ambassador in India (Henderson) to the Secretary of State``: no kind, both parties."""
    h = parse("The Ambassador in India (Henderson) to the Secretary of State")
    assert h.kind is None
    assert h.sender == (Party("Henderson", "Ambassador in India"),)
    assert h.recipient == (Party("Secretary of State", office=True),)


def test_president_is_the_one_described_as_president() -> None:
    """Several Johnsons: ``President Johnson`` is the one the list describes as President, not a Vice President."""
    persons = PersonsList()
    persons.add(
        None, Entry("John A. Johnson", None, "Vice President and Director, Communication Satellite Corporation")
    )
    persons.add(None, Entry("Joseph Johnson", None, "Vice President, Arabian American Oil Company"))
    persons.add(None, Entry("Lyndon B. Johnson", None, "President of the United States"))
    h = parse("Memorandum From the President's Special Assistant (Rostow) to President Johnson", persons)
    assert h.recipient == (Party("Lyndon B. Johnson", "President"),)
