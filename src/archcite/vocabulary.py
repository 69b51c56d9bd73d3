"""The words FRUS and archival citations use, each list kept once.

Classification markings, caveats and precedence, name suffixes, and how a box is written:
the source-note parser, validation, the import report and the CSL-JSON importer all read
these, so that none of them keeps a copy that drifts.
"""

from __future__ import annotations

import re

# The versions of a document a citation can be of: the original, the printed edition, the edition online.
VERSIONS = ("archive", "print", "online")
# The forms of a citation: full note, short note, bibliography entry.
FORMS = ("note", "short", "bib")

# Kinds of numbered cable traffic whose short notes keep the number (decision D19); a message
# (``message Hakto 23``) does not, as the rules' own short note of FRUS 1969–1976, IX, 120 shows.
TELEGRAMS = frozenset({"telegram", "circular telegram", "cable", "cablegram", "airgram", "circular airgram"})

# Classification markings as FRUS source notes print them, most specific first.
CLASSIFICATIONS = (
    "Top Secret",
    "Secret",
    "Confidential",
    "Limited Official Use",
    "Official Use Only",
    "Administratively Confidential",
    "Restricted",
    "Unclassified",
    "No classification marking",
    "No classification indicated",
)
# "Top Secret Umbra" or "Secret Security Information" keep their tail as printed; "Secret
# Service" is no marking. ("Restricted Data" is a caveat: callers try CAVEAT first.)
CLASSIFICATION = re.compile(
    r"(?:No classification (?:marking|indicated)|Top Secret|Secret|Confidential|Limited Official Use|"
    r"(?:For )?Official Use Only|Administratively Confidential|Unclassified|Restricted)"
    r"(?![\w’'-])(?! Service)",
    re.IGNORECASE,
)
# Caveats, handling and precedence indicators.
CAVEAT = re.compile(
    r"(?:Nodis|Exdis|Limdis|Sensitive|(?:Exclusively |Exclusive |Literally )?Eyes Only\b.*|"
    r"Flash|(?:Operational )?Immediate(?: Action)?|Priority|Routine|Niact|No Foreign Dissem|Noforn|"
    r"Outside (?:the )?System|Verbatim Text|Limit(?:ed)? Distribution|Controlled Dissem|"
    r"(?:Formerly )?Restricted Data|(?:Contains )?Codeword|Specat|Personal(?: and (?:Private|Confidential))?|"
    r"No Distribution|Official[–-]Informal|Background Use Only|Handle via .*|Umbra|Byeman|Cherokee|"
    r"RYBAT|PBSUCCESS|Elite|Plain|Red|Green|Gr[ae]y|Brown)",  # the colors: the code a telegram was sent in
    re.IGNORECASE,
)

# Words after a surname that are no part of it: "Carter Jr." is Carter.
NAME_SUFFIXES = frozenset({"Jr.", "Sr.", "II", "III", "IV"})

# A box number: "857", "TS 43", "CL 172", "3–4", "12 of 14".
BOX_NUMBER = r"(?:[A-Z]{1,3} ?)?\d+[A-Za-z]?(?:(?:[–/-]| of )\d+[A-Za-z]?)?"
# A level of a location that is a box: "Box 857", "Boxes 3–4", "Withdrawn Box 2".
BOX_LEVEL = re.compile(r"(?:Withdrawn )?Box(?:es)? (\S.*)")
# Kissinger Papers boxes are sometimes given without the word "Box": "CL 172".
BARE_BOX = re.compile(r"(?:CL|TS|SCI|HS) ?\d+[A-Z]?")
# A box named anywhere in running text: "Box 26", "Boxes 3–4".
BOX_IN_TEXT = re.compile(rf"\bBox(?:es)? ({BOX_NUMBER})")


def is_classification(word: str) -> bool:
    return word in CLASSIFICATIONS
