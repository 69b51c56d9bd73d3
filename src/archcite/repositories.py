"""The repositories FRUS cites: the name a source note uses, the name and place a Chicago note gives.

FRUS source notes name repositories short (``Johnson Library``, ``National Archives``, ``Library of
Congress, Manuscript Division``); a note names the repository in full with its place (``Lyndon
Baines Johnson Library, Austin, TX``), a repository's own division before it (``Manuscript
Division, Library of Congress, Washington, DC``). This one table serves the importer (records get
the full form; the source note stays verbatim in ``source_note``) and ``validate`` (which suggests
the full form for a short one written by hand). A repository not in it is kept as written.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Repository:
    name: str  # as a note gives it, divisions first
    place: str | None
    cited: tuple[str, ...]  # the forms FRUS notes use


AUTHORITY = (
    Repository("National Archives", "College Park, MD", ("National Archives and Records Administration", "NARA")),
    Repository("Manuscript Division, Library of Congress", "Washington, DC", (
        "Library of Congress, Manuscript Division", "Library of Congress, Manuscripts Division",
    )),
    Repository("Library of Congress", "Washington, DC", ()),
    Repository("Harry S. Truman Library", "Independence, MO", ("Truman Library",)),
    Repository("Dwight D. Eisenhower Library", "Abilene, KS", ("Eisenhower Library",)),
    Repository("John F. Kennedy Library", "Boston, MA", ("Kennedy Library",)),
    Repository("Lyndon Baines Johnson Library", "Austin, TX", ("Johnson Library", "Lyndon B. Johnson Library")),
    Repository("Richard Nixon Library", "Yorba Linda, CA", ("Nixon Library",)),
    Repository("Gerald R. Ford Library", "Ann Arbor, MI", ("Ford Library",)),
    Repository("Jimmy Carter Library", "Atlanta, GA", ("Carter Library",)),
    Repository("Ronald Reagan Library", "Simi Valley, CA", ("Reagan Library",)),
    Repository("Franklin D. Roosevelt Library", "Hyde Park, NY", ("Roosevelt Library",)),
    Repository("Herbert Hoover Library", "West Branch, IA", ("Hoover Library",)),
    Repository("Hoover Institution Archives", "Stanford, CA", ("Hoover Institution",)),
    Repository("Washington National Records Center", "Suitland, MD", ()),
    Repository("Seeley G. Mudd Manuscript Library, Princeton University", "Princeton, NJ", (
        "Princeton University, Mudd Library", "Mudd Library",
    )),
)  # fmt: skip
_BY_NAME = {form.casefold(): r for r in AUTHORITY for form in (r.name, *r.cited)}


def known(name: str) -> Repository | None:
    """The repository a note calls *name*, in any form the table has."""
    return _BY_NAME.get(" ".join(name.split()).casefold())


def canonical(name: str) -> str:
    """*name* as a note gives it in full; a repository not in the table as written."""
    found = known(name)
    return found.name if found else name
