"""Checking record files: the schema, then what only a set of records can show.

Every problem in a run is reported, each at its file, line and field; the
result is data (findings), for the command line or for JSON.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import store
from .errors import Location, RecordError, UsageError
from .models import Record, Volume
from .yamlfile import YamlDocument, read_yaml

CLASSIFICATIONS = (
    "Top Secret",
    "Secret",
    "Confidential",
    "Limited Official Use",
    "Official Use Only",
    "Unclassified",
    "No classification marking",
    "Restricted",
    "Administratively Confidential",
)


@dataclass(frozen=True)
class Finding:
    location: Location
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        prefix = self.location.prefix()
        label = "warning: " if self.severity == "warning" else ""
        return f"{prefix}: {label}{self.message}"


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


@dataclass(frozen=True)
class _Loaded:
    file: store.RecordFile
    doc: YamlDocument
    model: Record | Volume


def validate(paths: Iterable[Path]) -> Report:
    """Validate every record file in *paths* (files or directories)."""
    files = _collect(list(paths))
    findings: list[Finding] = []
    loaded: list[_Loaded] = []
    for f in files:
        try:
            doc = read_yaml(f.path)
        except RecordError as e:
            findings.append(Finding(e.location, e.message))
            continue
        model: type[Record | Volume] = Volume if f.is_volume else Record
        result = store.validation_problems(doc, model)
        if isinstance(result, list):
            findings.extend(Finding(e.location, e.message) for e in result)
        else:
            loaded.append(_Loaded(f, doc, result))
    findings.extend(_cross_checks(loaded))
    invalid = {f.location.file for f in findings if f.severity == "error"}
    return Report(len(files), len(invalid), tuple(findings))


def _collect(paths: list[Path]) -> list[store.RecordFile]:
    files: list[store.RecordFile] = []
    for path in paths:
        if path.is_dir():
            found = list(store.record_files(path))
            if not found:
                raise UsageError(f"no record files (*.yaml) in {path}")
            files.extend(found)
        elif path.is_file():
            files.append(store.RecordFile(path, store.expected_ids(path)))
        else:
            raise UsageError(f"no such file or directory: {path}")
    return files


def _cross_checks(loaded: list[_Loaded]) -> list[Finding]:
    findings: list[Finding] = []
    first_with_id: dict[str, _Loaded] = {}
    volumes = {x.model.id for x in loaded if isinstance(x.model, Volume)}
    numbers: dict[tuple[str, int], list[_Loaded]] = defaultdict(list)
    for x in loaded:
        model, at = x.model, x.doc.location
        if model.id not in x.file.ids:
            expected = " or ".join(repr(i) for i in x.file.ids)
            findings.append(Finding(at(("id",)), f"id {model.id!r} does not match the file name (expected {expected})"))
        if model.id in first_with_id:
            other = first_with_id[model.id].file.path
            findings.append(Finding(at(("id",)), f"id {model.id!r} is also the id of {other}"))
        first_with_id.setdefault(model.id, x)
        if isinstance(model, Record):
            findings.extend(_record_checks(x, model, volumes))
            if model.published_in and model.published_in.document is not None:
                numbers[model.published_in.volume, model.published_in.document].append(x)
    for (volume, number), holders in numbers.items():
        for x in holders[1:]:
            findings.append(
                Finding(
                    x.doc.location(("published_in", "document")),
                    f"document {number} of {volume} is also {holders[0].model.id}",
                )
            )
    return findings


def _record_checks(x: _Loaded, record: Record, volumes: set[str]) -> list[Finding]:
    at = x.doc.location
    found: list[Finding] = []
    if record.archive is None and record.published_in is None:
        found.append(Finding(at(()), "a record needs archive:, published_in:, or both"))
    if record.is_collection and record.archive is None:
        found.append(Finding(at(("kind",)), "a collection record needs archive:"))
    if record.date_supplied and record.date is None:
        found.append(Finding(at(("date_supplied",)), "date_supplied is true but there is no date"))
    pub = record.published_in
    if pub is not None:
        if pub.volume not in volumes and not _volume_nearby(x.file.path, pub.volume):
            found.append(Finding(at(("published_in", "volume")), f"no volume record {pub.volume!r}"))
        if pub.document is None and pub.pages is None:
            found.append(Finding(at(("published_in",)), "give the document number, the pages, or both"))
    for role in ("from", "to"):
        for i, person in enumerate(record.sender if role == "from" else record.recipient):
            if person.short and not person.office and not person.name.endswith(" " + person.short):
                found.append(
                    Finding(
                        at((role, i, "short")),
                        f"short notes will print {person.name!r} in full: CSL takes the short "
                        "name from the end of the name",
                        "warning",
                    )
                )
    for i, word in enumerate(record.classification):
        if word not in CLASSIFICATIONS:
            found.append(
                Finding(
                    at(("classification", i)),
                    f"unknown classification {word!r} (known: {', '.join(CLASSIFICATIONS)})",
                    "warning",
                )
            )
    return found


def _volume_nearby(path: Path, volume_id: str) -> bool:
    """A volume record beside the file or in a sibling directory, when only some files are checked."""
    for root in (path.parent, path.parent.parent):
        if root.name == volume_id and (root / "volume.yaml").is_file():
            return True
        if (root / volume_id / "volume.yaml").is_file():
            return True
    return False
