"""How right an import is: imported records compared, field by field, with a hand-checked gold set.

A gold set (``tests/gold/``, see its README) holds, for documents drawn at random from FRUS volumes,
what each printed document says. ``compare`` sets an imported record beside its gold entry; a
field is right when both say the same, wrong when they differ or when only one of them says
anything (a field the importer filled that the document does not state is an error too).

Fields are *serious* when a wrong value changes the citation a reader gets in the default
Chicago note (correspondents, participants, kind, number, place, date, the archival location,
and the pages of volumes cited by page) and *minor* otherwise (roles, short names, the time of
day, markings, copies, the heading). Accuracy is reported per era of the volumes, because each
era prints its documents differently.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import csl, edtf, layout, repositories
from .models import Archive, Person, Record, Volume

SERIOUS = ("kind", "number", "date", "place", "from", "to", "participants", "archive", "pages")
MINOR = ("title", "time", "roles", "short names", "offices", "classification", "caveats", "copies", "archive levels")


@dataclass(frozen=True)
class Difference:
    field: str
    expected: Any
    actual: Any


@dataclass
class DocumentResult:
    """One gold document beside its imported record."""

    volume: str
    n: str
    era: str
    fields: dict[str, bool] = field(default_factory=dict)  # field → right; only fields either side states
    differences: list[Difference] = field(default_factory=list)

    @property
    def serious(self) -> list[Difference]:
        return [d for d in self.differences if d.field in SERIOUS]


def era(volume_id: str) -> str:
    """The era a volume's documents are printed in: each has its own forms."""
    if "mSupp" in volume_id:
        return "1958–1963 microfiche"
    if re.match(r"frus1969-76ve", volume_id):
        return "1969–1976 electronic"
    m = re.match(r"frus(\d{4})", volume_id)
    year = int(m.group(1)) if m else 0
    for last, name in (
        (1945, "1861–1945"),
        (1954, "1946–1954"),
        (1960, "1955–1960"),
        (1963, "1961–1963"),
        (1968, "1964–1968"),
        (1976, "1969–1976"),
    ):
        if year <= last:
            return name
    return "1977–1980"


def load_gold(directory: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every gold entry, with its volume id."""
    from .yamlfile import read_yaml

    entries = []
    for path in layout.gold_files(directory):
        data = read_yaml(path).data
        entries += [(data["volume"], doc) for doc in data["documents"]]
    return entries


def compare(volume_id: str, gold: dict[str, Any], record: Record | None, volume: Volume | None) -> DocumentResult:
    """The fields of *record* beside *gold*; a missing record is wrong in every field the gold states."""
    result = DocumentResult(volume_id, str(gold["n"]), era(volume_id))
    by_page = volume.cites_by_page if volume is not None else False
    expected = _from_gold(gold)
    actual = _from_record(record) if record is not None else {}
    for name in (*SERIOUS, *MINOR):
        want, got = expected.get(name), actual.get(name)
        if want in (None, [], "") and got in (None, [], ""):
            continue
        label = name if name != "pages" or by_page else "pages (cited by document)"
        right = want == got
        result.fields[label] = right
        if not right:
            result.differences.append(Difference(label, want, got))
    return result


def _people(raw: Iterable[dict[str, Any]]) -> list[Person]:
    return [
        Person.model_validate({k: v for k, v in p.items() if k in ("name", "role", "office", "short")}) for p in raw
    ]


def _person_fields(people: dict[str, list[Person]]) -> dict[str, Any]:
    out: dict[str, Any] = {role: [p.name for p in group] for role, group in people.items()}
    everyone = [p for group in people.values() for p in group]
    out["roles"] = [p.role for p in everyone]
    out["short names"] = [p.short_name for p in everyone]
    out["offices"] = [p.office for p in everyone]
    return out


def _archive_fields(archive: Archive | None, copies: list[Archive]) -> dict[str, Any]:
    """The location's fields, the repository by its full name on both sides: the gold writes it as
    the note prints it (``Johnson Library``), the import as a citation names it (repositories.py)."""
    archive = _canonical(archive) if archive is not None else None
    copies = [_canonical(c) for c in copies]
    if archive is None:
        out: dict[str, Any] = {"archive": None, "archive levels": None}
    else:
        levels = {k: v for k, v in archive.model_dump(exclude_defaults=True).items() if k != "repository_place"}
        out = {"archive": csl.archive_path(archive), "archive levels": levels}
    out["copies"] = [csl.archive_path(c) for c in copies]
    return out


def _canonical(archive: Archive) -> Archive:
    return archive.model_copy(update={"repository": repositories.canonical(archive.repository)})


def _from_gold(gold: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {k: gold.get(k) for k in ("title", "kind", "number", "date", "place", "pages", "time")}
    out["date"] = gold.get("date")
    out["classification"] = gold.get("classification", [])
    out["caveats"] = gold.get("caveats", [])
    people = {role: _people(gold.get(role, [])) for role in ("from", "to", "participants")}
    out.update(_person_fields(people))
    archive = Archive.model_validate(gold["archive"]) if gold.get("archive") else None
    copies = [Archive.model_validate(c) for c in gold.get("copies", [])]
    out.update(_archive_fields(archive, copies))
    return out


def _from_record(record: Record) -> dict[str, Any]:
    out: dict[str, Any] = {"title": record.title, "kind": record.kind, "number": record.number, "place": record.place}
    out["date"], out["time"] = _date_and_time(record.date)
    out["pages"] = record.published_in.pages if record.published_in else None
    out["classification"] = list(record.classification)
    out["caveats"] = list(record.caveats)
    out.update(_person_fields({"from": record.sender, "to": record.recipient, "participants": record.participants}))
    copies = [c.archive for c in record.copies if c.archive is not None]
    out.update(_archive_fields(record.archive, copies))
    return out


def _date_and_time(date: str | None) -> tuple[str | None, str | None]:
    """``1949-01-04T18:00:00`` → (``1949-01-04``, ``18:00``); a span keeps its start's time."""
    if date is None:
        return None, None
    parsed = edtf.parse(date)
    first = parsed.start if isinstance(parsed, edtf.DateRange) else parsed
    time = None
    if first.time:
        m = re.match(r"T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z)?", first.time)
        time = (m.group(1) + (m.group(2) or "")) if m else None
    return re.sub(r"T[^/]*", "", date), time


@dataclass
class Accuracy:
    """The results of a gold set, and what they add up to."""

    results: list[DocumentResult]

    def by_era(self) -> dict[str, list[DocumentResult]]:
        groups: dict[str, list[DocumentResult]] = defaultdict(list)
        for r in self.results:
            groups[r.era].append(r)
        return dict(sorted(groups.items()))

    def report(self) -> str:
        """Per era and in all: documents without a serious error, and each field's rate, with its counts."""
        lines = []
        groups = {**self.by_era(), "all eras": self.results}
        for name, results in groups.items():
            clean = sum(not r.serious for r in results)
            lines.append(
                f"{name}: {clean}/{len(results)} documents ({_pct(clean, len(results))}) with no serious error, "
                f"{sum(not r.differences for r in results)} right in every field"
            )
            counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for r in results:
                for label, right in r.fields.items():
                    counts[label][0] += right
                    counts[label][1] += 1
            rates = [f"{label} {ok}/{n}" for label, (ok, n) in sorted(counts.items(), key=_field_order)]
            lines.append("  " + ", ".join(rates))
        return "\n".join(lines)

    def errors(self) -> str:
        """Every difference, one line each: volume, document, field, what the gold says, what the import says."""
        return "\n".join(
            f"{r.volume} d{r.n} {'SERIOUS' if d.field in SERIOUS else 'minor'} {d.field}: "
            f"gold {d.expected!r}, import {d.actual!r}"
            for r in self.results
            for d in r.differences
        )


def _field_order(item: tuple[str, list[int]]) -> int:
    order = [*SERIOUS, "pages (cited by document)", *MINOR]
    return order.index(item[0]) if item[0] in order else len(order)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def measure(gold_dir: Path, records: Path) -> Accuracy:
    """Compare the records imported into *records* with every gold entry whose volume was imported."""
    from .store import Store, load_file

    found = Store(records)
    results = []
    for volume_id, gold in load_gold(gold_dir):
        volume_path = found.volume_path(volume_id)
        if volume_path is None:
            continue
        volume = load_file(volume_path, Volume)
        paths = found.index.by_id(layout.document_id(volume_id, str(gold["n"])))
        record = load_file(paths[0], Record) if len(paths) == 1 else None
        results.append(compare(volume_id, gold, record, volume))
    return Accuracy(results)
