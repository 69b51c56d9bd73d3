"""Records to CSL-JSON and CSL-YAML, for Zotero, pandoc and any CSL processor.

Each record is one item keyed by its id, mapped as archcite itself cites it
(``csl.note_item`` in the record's default version), plus the archival
hierarchy in the CSL 1.0.2 variables when a printed document also has an
original. Volumes are ``book`` items keyed by their id. What CSL cannot hold
(markings, remarks, copies, the source note, roles, the exact EDTF date) goes
into ``note``: readable lines, then one ``archcite-record:`` line with the whole
record as JSON, from which ``archcite import csl-json`` restores it exactly.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .. import csl
from ..models import Record, Volume

RECORD_LINE = "archcite-record: "
VOLUME_LINE = "archcite-volume: "


def to_items(records: Sequence[tuple[Record, Volume | None]], volumes: Sequence[Volume] = ()) -> list[csl.CslItem]:
    """CSL items for *records* (each with the volume it is printed in) and for *volumes*."""
    items = [_record_item(record, volume) for record, volume in records]
    items += [_volume_item(volume) for volume in volumes]
    return items


def _record_item(record: Record, volume: Volume | None) -> csl.CslItem:
    version = record.default_version
    item = csl.note_item(record, volume if version != "archive" else None, version)
    if version != "archive" and record.archive is not None:
        archival = csl.note_item(record, None, "archive")
        # A printed item's collection-title would be its book series: the archival series joins the location.
        location = ", ".join(p for p in (archival.get("archive_location"), archival.get("collection-title")) if p)
        if location:
            item["archive_location"] = location
        for key in ("archive", "archive-place", "archive_collection", "call-number"):
            if key in archival:
                item[key] = archival[key]
    if record.accessed:
        item["accessed"] = csl.csl_date(record.parsed_accessed)
    item["note"] = _note(record)
    return item


def _note(record: Record) -> str:
    lines = []
    if record.classification or record.caveats:
        lines.append("Classification: " + "; ".join([*record.classification, *record.caveats]))
    lines += [f"Remark: {r}" for r in record.remarks]
    for copy in record.copies:
        where = csl.archive_path(copy.archive) if copy.archive else None
        lines.append(f"Copy: {copy.note}" + (f" ({where})" if where else ""))
    if record.date:
        lines.append(f"Original Date: {record.date}")
    data = record.model_dump(by_alias=True, exclude_defaults=True, mode="json")
    lines.append(RECORD_LINE + json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return "\n".join(lines)


def _volume_item(volume: Volume) -> csl.CslItem:
    item: csl.CslItem = {"id": volume.id, "type": "book", "author": [{"literal": volume.author}]}
    item.update(csl.volume_fields(volume))
    item["title"] = item.pop("title_of_volume")
    if volume.url:
        item["URL"] = volume.url
    if volume.isbn:
        item["ISBN"] = volume.isbn
    data = volume.model_dump(exclude_defaults=True, mode="json")
    item["note"] = VOLUME_LINE + json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return item


def to_json_text(entries: Sequence[tuple[Record, Volume | None]]) -> str:
    """CSL-JSON for *entries*, with the volumes they are printed in as items of their own."""
    return to_json(to_items(entries, _volumes(entries)))


def to_yaml_text(entries: Sequence[tuple[Record, Volume | None]]) -> str:
    """CSL-YAML for *entries*, with their volumes."""
    return to_yaml(to_items(entries, _volumes(entries)))


def _volumes(entries: Sequence[tuple[Record, Volume | None]]) -> list[Volume]:
    return list({v.id: v for _, v in entries if v is not None}.values())


def to_json(items: list[csl.CslItem]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def to_yaml(items: list[csl.CslItem]) -> str:
    """CSL-YAML as pandoc reads it: a ``references`` list."""
    import yaml

    return "---\n" + yaml.safe_dump({"references": items}, allow_unicode=True, sort_keys=False, width=1000) + "...\n"


def parse_record_line(note: Any) -> tuple[str, dict[str, Any]] | None:
    """The whole record or volume an archcite export carries in its note, if any."""
    if not isinstance(note, str):
        return None
    for line in note.splitlines():
        for kind, prefix in (("record", RECORD_LINE), ("volume", VOLUME_LINE)):
            if line.startswith(prefix):
                data = json.loads(line[len(prefix) :])
                if isinstance(data, dict):
                    return kind, data
    return None
