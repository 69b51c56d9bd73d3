"""Checking record files: the schema, then what only a set of records can show.

Every problem in a run is reported, each at its file, line and field; the
result is data (findings), for the command line or for JSON. What one file says
of itself (its problems, its id, volume and document number, and where they
are written) is kept in the record index, so an unchanged file is not read
again; checks across files run over those facts. Many files to read are read
by several processes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import layout, repositories, store, vocabulary, workers
from .errors import Location, RecordError, UsageError, one_line
from .resources import code_signature

PARALLEL_ABOVE = 400  # files to read before a second process pays for itself
FACTS_VERSION = "1"  # of what a file's check records; a change here checks every file anew
Facts = dict[str, Any]


@dataclass(frozen=True)
class Finding:
    location: Location
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        prefix = self.location.prefix()
        label = "warning: " if self.severity == "warning" else ""
        return f"{prefix}: {label}{one_line(self.message)}"


@dataclass(frozen=True)
class Report:
    files: int
    invalid_files: int
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    def to_json(self) -> str:
        """The report as JSON: every finding with its place, and the counts."""
        import json

        findings = [
            {
                "file": f.location.file,
                "line": f.location.line,
                "column": f.location.column,
                "field": f.location.field,
                "severity": f.severity,
                "message": f.message,
            }
            for f in self.findings
        ]
        counts = {"files": self.files, "invalid": self.invalid_files, "errors": self.errors, "warnings": self.warnings}
        return json.dumps({"findings": findings, **counts}, ensure_ascii=False, indent=2)

    def summary(self) -> str:
        noun = "file" if self.files == 1 else "files"
        if not self.invalid_files:
            text = f"{self.files} {noun} checked: all valid"
        else:
            text = (
                f"{self.files} {noun} checked: {self.invalid_files} invalid, "
                f"{self.errors} error{'s' * (self.errors != 1)}"
            )
        if self.warnings:
            text += f", {self.warnings} warning{'s' * (self.warnings != 1)}"
        return text


def validate(paths: Iterable[Path]) -> Report:
    """Validate every record file in *paths* (files or directories)."""
    checked: list[tuple[Path, Facts]] = []
    for path in paths:
        if path.is_dir():
            checked += _directory(path)
        elif path.exists():
            checked.append((path, _check_path(path)))
        else:
            raise UsageError(f"no such file or directory: {path}")
    findings = [_finding(path, f) for path, facts in checked for f in facts["findings"]]
    findings += _cross_checks(checked)
    invalid = {f.location.file for f in findings if f.severity == "error"}
    return Report(len(checked), len(invalid), tuple(findings))


def _kind(is_volume: bool) -> str:
    return f"validation-{FACTS_VERSION}-{code_signature()}-{'volume' if is_volume else 'record'}"


def _directory(root: Path) -> list[tuple[Path, Facts]]:
    """Facts of every file under *root*: from the index where the file is unchanged, else read anew."""
    found = store.Store(root)
    if found.index.unreadable:
        raise UsageError("cannot read directory: permission denied", Location(str(root / found.index.unreadable[0])))
    verified = found.index.verified(lambda row: _kind(row.is_volume))
    volume_rows = {row.path for row, _ in verified if row.is_volume}
    known: dict[Path, Facts | None] = {row.path: facts for row, facts in verified}
    if not known:
        raise UsageError(f"no record files (*.yaml) in {root}")
    stale: list[tuple[Path, bytes, str]] = []
    errors: dict[Path, Facts] = {}
    for path in sorted(p for p, facts in known.items() if facts is None):
        try:
            source = found.source(path)
        except RecordError as e:
            errors[path] = {"findings": [_raw(e.location, e.message)], "volume_file": path in volume_rows}
            continue
        same = found.index.facts(source.sha, _kind(path in volume_rows))
        if same is not None:
            known[path] = same
        else:
            stale.append((path, source.data, source.sha))
    fresh = workers.map_chunks(
        _check_chunk, [(str(p), d) for p, d, _ in stale], chunk=200, parallel_above=PARALLEL_ABOVE
    )
    with found.index.transaction():
        for (path, _, sha), facts in zip(stale, fresh, strict=True):
            known[path] = facts
            found.index.remember(path, sha, facts, None, 0, kind=_kind(path in volume_rows))
    known.update(errors)
    return [(path, facts or {}) for path, facts in sorted(known.items())]


def _check_chunk(items: list[tuple[str, bytes]]) -> list[Facts]:
    return [check_bytes(Path(path), data) for path, data in items]


def _check_path(path: Path) -> Facts:
    from . import boundedio

    try:
        data = boundedio.read_bytes(path, layout.MAX_RECORD_BYTES, what="record", error=RecordError)
    except RecordError as e:
        return {"findings": [_raw(e.location, e.message)], "volume_file": layout.is_volume_stem(path.stem)}
    return check_bytes(path, data)


def check_bytes(path: Path, data: bytes) -> Facts:
    """What one file's bytes say of themselves: their problems, and the facts checks across files need."""
    from .models import Record, Volume
    from .yamlfile import parse_yaml

    is_volume = layout.is_volume_stem(path.stem)
    facts: Facts = {"findings": [], "volume_file": is_volume}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        facts["findings"].append(_raw(Location(str(path)), f"not UTF-8 text (byte {e.start})"))
        return facts
    try:
        doc = parse_yaml(text, str(path))
    except RecordError as e:
        facts["findings"].append(_raw(e.location, e.message))
        return facts
    facts["findings"] += _comments_cutting_values(text)
    model: type[Record | Volume] = Volume if is_volume else Record
    result = store.validated(doc, model)
    if isinstance(result, list):
        facts["findings"] += [_raw(e.location, e.message) for e in result]
        return facts
    at = doc.location
    facts["id"], facts["at_id"] = result.id, _pos(at(("id",)))
    if isinstance(result, Record):
        facts.update(store.facts_of(result))
        facts["at_volume"] = _pos(at(("published_in", "volume")))
        facts["at_document"] = _pos(at(("published_in", "document")))
        facts["findings"] += [_raw(f.location, f.message, f.severity) for f in _record_checks(result, at)]
    return facts


# "title: Files #3 and #4": YAML reads " #" as the start of a comment, and the value ends before it.
_CUT_BY_COMMENT = re.compile(r"^\s*(?:-\s+)?(?P<key>[\w-]+):\s+(?P<value>[^'\"\s#{\[|>][^#]*?)\s+(?P<rest>#\S.*)$")


def _comments_cutting_values(text: str) -> list[dict[str, Any]]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        m = _CUT_BY_COMMENT.match(line)
        if m:
            message = (
                f"{m['key']}: ' #' starts a comment, so the value ends at {m['value']!r} and {m['rest']!r} is "
                "dropped: put the whole value in quotation marks"
            )
            found.append(_raw(Location(line=number, column=m.start("rest") + 1, field=m["key"]), message, "warning"))
    return found


def _raw(location: Location, message: str, severity: str = "error") -> dict[str, Any]:
    return {
        "line": location.line,
        "column": location.column,
        "field": location.field,
        "message": message,
        "severity": severity,
    }


def _pos(location: Location) -> list[Any]:
    return [location.line, location.column, location.field]


def _finding(path: Path, raw: dict[str, Any]) -> Finding:
    return Finding(Location(str(path), raw["line"], raw["column"], raw["field"]), raw["message"], raw["severity"])


def _at(path: Path, pos: list[Any]) -> Location:
    return Location(str(path), pos[0], pos[1], pos[2])


def record_problems(record: Any) -> list[str]:
    """What makes *record* invalid, in words (no file: the record is not written yet)."""
    return [
        f.message
        for f in _record_checks(record, lambda path: Location(field=".".join(map(str, path))))
        if f.severity == "error"
    ]


def _record_checks(record: Any, at: Any) -> list[Finding]:
    found: list[Finding] = []
    if record.archive is None and record.published_in is None:
        found.append(Finding(at(()), "a record needs archive:, published_in:, or both"))
    if record.is_collection and record.archive is None:
        found.append(Finding(at(("kind",)), "a collection record needs archive:"))
    if record.date_supplied and record.date is None:
        found.append(Finding(at(("date_supplied",)), "date_supplied is true but there is no date"))
    pub = record.published_in
    if pub is not None and pub.document is None and pub.pages is None:
        found.append(Finding(at(("published_in",)), "give the document number, the pages, or both"))
    for role in ("from", "to"):
        for i, person in enumerate(record.sender if role == "from" else record.recipient):
            if person.short and not person.office and not person.name.endswith(" " + person.short):
                message = (
                    f"short notes will print {person.name!r} in full: CSL takes the short name from the end of the name"
                )
                found.append(Finding(at((role, i, "short")), message, "warning"))
    for i, word in enumerate(record.classification):
        if word not in vocabulary.CLASSIFICATIONS:
            message = f"unknown classification {word!r} (known: {', '.join(vocabulary.CLASSIFICATIONS)})"
            found.append(Finding(at(("classification", i)), message, "warning"))
    found += [Finding(at(path), message, "warning") for path, message in _as_the_docs_warn(record)]
    return found


_LABELLED = re.compile(r"(?P<label>Box|Boxes|Folder|Folders)\s+(?P<value>\S.*)", re.IGNORECASE)
_YEARS_ONLY = re.compile(r"(?:[A-Z][a-z]+\.? )?\d{4}(?:\s*[–-]\s*(?:[A-Z][a-z]+\.? )?\d{2,4})?")


def _as_the_docs_warn(record: Any) -> list[tuple[tuple[Any, ...], str]]:
    """What docs/records.md warns against and the schema allows: each with the fix."""
    out: list[tuple[tuple[Any, ...], str]] = []
    if record.kind and record.kind != record.kind.lower() and not record.is_collection:
        out.append(
            (
                ("kind",),
                f"kind is printed as written (…, {record.kind}, …): write it in lowercase, {record.kind.lower()!r}",
            )
        )
    archive = record.archive
    if archive is None:
        return out
    for field in ("box", "folder"):
        value = getattr(archive, field)
        m = _LABELLED.fullmatch(value or "")
        if m and m["label"].lower().startswith(field):
            out.append(
                (
                    ("archive", field),
                    f"{field}: write {m['value']!r} alone: the citation adds the label ({field} {m['value']})",
                )
            )
    for i, level in enumerate(archive.series[1:], 1):
        if _YEARS_ONLY.fullmatch(level) or level[:1].islower():
            joined = f"{archive.series[i - 1]}, {level}"
            out.append(
                (
                    ("archive", "series", i),
                    f"{level!r} is a series of its own: a [flow, sequence] splits at commas; if it belongs to the "
                    f"level before, write that level in quotation marks ({joined!r})",
                )
            )
    known = repositories.known(archive.repository)
    if known is not None and known.name != archive.repository:
        place = f", repository_place: {known.place!r}" if known.place and not archive.repository_place else ""
        out.append(
            (
                ("archive", "repository"),
                f"{archive.repository!r} is how FRUS source notes cite it; a note names it in full: "
                f"repository: {known.name!r}{place}",
            )
        )
    kind, name = archive.collection_kind, archive.collection or ""
    if kind and name.lower().endswith(kind.lower()):
        out.append(
            (
                ("archive", "collection_kind"),
                f"collection_kind repeats the end of the collection's name (bibliography: {name}. {kind}.): "
                "leave it out",
            )
        )
    return out


def _cross_checks(checked: list[tuple[Path, Facts]]) -> list[Finding]:
    findings: list[Finding] = []
    first_with_id: dict[str, Path] = {}
    volumes = {f["id"] for _, f in checked if f.get("volume_file") and "id" in f}
    numbers: dict[tuple[str, int], list[tuple[Path, Facts]]] = defaultdict(list)
    for path, facts in checked:
        if "id" not in facts:
            continue
        ident, ids = facts["id"], layout.name_ids(path.parent.name, path.stem)
        if ident not in ids:
            expected = " or ".join(repr(i) for i in ids)
            findings.append(
                Finding(_at(path, facts["at_id"]), f"id {ident!r} does not match the file name (expected {expected})")
            )
        if ident in first_with_id:
            findings.append(
                Finding(_at(path, facts["at_id"]), f"id {ident!r} is also the id of {first_with_id[ident]}")
            )
        first_with_id.setdefault(ident, path)
        volume = facts.get("volume")
        if volume and volume not in volumes and not _volume_nearby(path, volume):
            findings.append(Finding(_at(path, facts["at_volume"]), f"no volume record {volume!r}"))
        if volume and facts.get("document") is not None:
            numbers[volume, facts["document"]].append((path, facts))
    for (volume, number), holders in numbers.items():
        for path, facts in holders[1:]:
            findings.append(
                Finding(_at(path, facts["at_document"]), f"document {number} of {volume} is also {holders[0][1]['id']}")
            )
    return findings


def _volume_nearby(path: Path, volume_id: str) -> bool:
    """A volume record beside the file or in a sibling directory, when only some files are checked."""
    for root in (path.parent, path.parent.parent):
        if root.name == volume_id and (root / layout.VOLUME_FILE).is_file():
            return True
        if (root / volume_id / layout.VOLUME_FILE).is_file():
            return True
    return False
