"""Writing imported records into a records directory without ever losing or confusing one.

Every record of an import is planned before the first is put in place (``recordio.batch`` renames
them all at the end), and the whole import is refused, with one line naming the record, when one
of them:

- has the id of another record of the same import (the second would replace the first);
- would land on a file that holds something else: a volume where a document belongs, a record
  with another id, or the one file that names a volume (``volume.yaml``);
- cannot be written as YAML and read back as the same record (a lone surrogate, say);
- is not a record ``validate`` accepts (neither an original nor a publication, …).

A record already in the directory under its id is written where it is, not beside it. A file is
replaced only if archcite wrote it and nobody edited it since (``recordio.unedited``); with
``--force`` a person's file is replaced too, and the previous file is kept beside it as
``NAME.~N~`` (N the first number free), which archcite never reads as a record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from . import boundedio, layout, recordio
from .errors import ArchciteError, Location, RecordError
from .models import Record, Volume


class PlacementError(ArchciteError):
    """An import that would overwrite, merge or lose a record: nothing is written."""


@dataclass
class WriteReport:
    """Which records an import wrote, found unchanged, or kept because a person edited them."""

    source: str
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    backups: list[str] = field(default_factory=list)

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "would be written" if dry_run else "written"
        kept = f" ({', '.join(self.kept)}; --force overwrites)" if self.kept else ""
        saved = f"; previous files kept as {', '.join(self.backups)}" if self.backups else ""
        return (
            f"{self.source}: {len(self.written)} records {verb}, {len(self.unchanged)} unchanged, "
            f"{len(self.kept)} kept as edited{kept}{saved}"
        )


class Target(NamedTuple):
    """What placing a record needs to know of it: its id, whether it is a volume, and the volume
    it is published in (``layout.destination``). Light: it is sent between processes."""

    id: str
    is_volume: bool
    volume: str | None = None

    @classmethod
    def of(cls, model: Record | Volume) -> Target:
        if isinstance(model, Volume):
            return cls(model.id, True)
        return cls(model.id, False, model.published_in.volume if model.published_in else None)


Made = tuple[Target, "str | PlacementError"]  # a record's file (``text_of``), or why it cannot be made


@dataclass(frozen=True)
class Planned:
    """One record to write: where, what text, and for which report."""

    target: Target
    path: Path
    text: str
    source: str


Problems = Callable[[Record], list[str]]  # what validate says is wrong with a record


def plan(
    batches: Sequence[tuple[str, Sequence[Record | Volume]]],
    into: Path,
    problems: Problems,
) -> list[Planned]:
    """Where each record of every batch (source name, records) goes; a PlacementError if any cannot."""
    planner = Planner(into)
    return [item for source, models in batches for item in planner.add(source, make(models, source, problems))]


class Planner:
    """Plans batch after batch, each against those before it: ``plan`` one batch at a time, so
    that an import can plan (and write to temporary files) a volume while the next is read."""

    def __init__(self, into: Path) -> None:
        from .store import Store

        self.into = into
        self.known = Store(into) if into.is_dir() else None
        self.seen: dict[str, str] = {}  # id → the batch that has it

    def add(self, source: str, made: Sequence[Made]) -> list[Planned]:
        """Where each record of the batch *source* goes, made by ``make`` (here or elsewhere)."""
        planned = []
        for target, text in made:
            where = Location(source, field=target.id)
            if target.id in self.seen:
                raise PlacementError(f"two records have this id (the other is in {self.seen[target.id]})", where)
            self.seen[target.id] = source
            if isinstance(text, PlacementError):
                raise text
            planned.append(Planned(target, _destination(target, self.into, self.known, where), text, source))
        return planned


def make(models: Sequence[Record | Volume], source: str, problems: Problems) -> list[Made]:
    """Each model's target and file (``text_of``), or the PlacementError that refuses it: a pure
    function of the records, so it can be made on another core and sent back."""
    out: list[Made] = []
    for model in models:
        try:
            out.append((Target.of(model), text_of(model, source, problems)))
        except PlacementError as e:
            out.append((Target.of(model), e))
    return out


def text_of(model: Record | Volume, source: str, problems: Problems) -> str:
    """The file of *model* (its YAML under the import header), checked to read back the same."""
    where = Location(source, field=model.id)
    if isinstance(model, Record):
        wrong = problems(model)
        if wrong:
            raise PlacementError(f"not a record archcite can cite: {wrong[0]}", where)
    text = recordio.with_header(recordio.to_yaml(model), source)
    _check_round_trip(model, text, where)
    return text


def _destination(target: Target, into: Path, known: Any, where: Location) -> Path:
    """The file the record goes to: where the directory already has it, else where its id says."""
    path = layout.destination(into, target.id, is_volume=target.is_volume, volume=target.volume)
    if not target.is_volume:
        if layout.is_volume_stem(path.stem):
            raise PlacementError(f"its file would be {path.name}, which holds a volume; give it another id", where)
        held = known.index.by_id(target.id) if known is not None else []
        if len(held) > 1:
            names = ", ".join(str(p) for p in held)
            raise PlacementError(f"more than one file already holds this id: {names}", where)
        if held:
            path = held[0]
    elif known is not None:
        path = known.volume_path(target.id) or path
    _check_existing(target, path, where)
    return path


def _check_existing(target: Target, path: Path, where: Location) -> None:
    """A file already at *path* must hold this record (or be unreadable as any record)."""
    if not path.is_file():
        return
    from .store import load_file

    kind: type[Record | Volume] = Volume if target.is_volume else Record
    other: type[Record | Volume] = Record if kind is Volume else Volume
    try:
        existing = load_file(path, kind)
    except RecordError:
        try:
            load_file(path, other)
        except RecordError:
            return  # not a valid record of either kind: a person's work in progress, kept unless --force
        raise PlacementError(f"{path} holds a {other.__name__.lower()}, not a {kind.__name__.lower()}", where) from None
    if existing.id != target.id:
        raise PlacementError(f"{path} holds another record, {existing.id!r}", where)


def _check_round_trip(model: Record | Volume, text: str, where: Location) -> None:
    from .store import validated
    from .yamlfile import parse_yaml

    body = text.split("\n", 2)[2]
    try:
        again = validated(parse_yaml(body, where.file or ""), type(model))
    except RecordError:
        again = None
    if again != model:
        raise PlacementError("it cannot be written as YAML and read back the same", where)


def apply(planned: Planned, report: WriteReport, *, dry_run: bool, force: bool) -> None:
    """Write one planned record, unless the file is already so or a person's and not forced."""
    path, ident = planned.path, planned.target.id
    existing = _read(path)
    if existing is not None:
        if existing == planned.text.encode("utf-8"):
            report.unchanged.append(ident)
            return
        if not recordio.unedited(existing.decode("utf-8", "replace")):
            if not force:
                report.kept.append(ident)
                return
            if not dry_run:
                report.backups.append(str(_backup(path, existing)))
    if not dry_run:
        recordio.write_atomic(path, planned.text)
    report.written.append(ident)


def _read(path: Path) -> bytes | None:
    """The bytes of *path* if there is a file there."""
    if not path.exists():
        return None
    try:
        return boundedio.read_bytes(path, layout.MAX_RECORD_BYTES, what="record", error=RecordError)
    except RecordError as e:
        raise PlacementError(f"cannot keep a copy of it: {e.message}", Location(str(path))) from None


def _backup(path: Path, data: bytes) -> Path:
    """Keep *data*, the previous content of *path*, as ``path.~N~`` beside it."""
    n = 1
    while path.with_name(f"{path.name}.~{n}~").exists():
        n += 1
    backup = path.with_name(f"{path.name}.~{n}~")
    recordio.write_atomic(backup, data)
    return backup
