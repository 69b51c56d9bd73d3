"""CSL-JSON (what Zotero and archcite export) → records.

An item exported by archcite carries the whole record in its note and comes
back exactly. Any other item is mapped field by field: names, dates, the CSL
1.0.2 archive variables, Zotero's ``Extra`` lines in ``note`` (``Archive
Collection: …``, ``Archive Place: …``, ``Original Date: …``), and box and folder
read out of ``archive_location`` where it says ``Box 12, Folder 3``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .. import edtf
from ..errors import Location
from ..exporters.csl_json import parse_record_line
from ..models import Record, ValidationError, Volume
from .frus_tei import ImportInputError

MAX_BYTES = 64 * 1024 * 1024
_EXTRA = re.compile(r"^([A-Z][A-Za-z ]+):\s*(.+)$")
_BOX_FOLDER = re.compile(r"\bBox\s+(?P<box>[^,;]+)|\bFolder\s+(?P<folder>[^,;]+)", re.IGNORECASE)
_FRUS_URL = re.compile(r"history\.state\.gov/historicaldocuments/(?P<volume>frus[\w-]+)/d(?P<n>\d+[a-z]?)\b")
_KINDS = {
    "personal_communication": "letter",
    "manuscript": "manuscript",
    "document": "document",
    "book": "book",
    "letter": "letter",
    "collection": "collection",
    "report": "report",
    "map": "map",
}


def read_items(path: Path) -> list[dict[str, Any]]:
    from ..boundedio import read_text

    where = Location(str(path))
    text = read_text(path, MAX_BYTES, what="CSL-JSON file", error=ImportInputError)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ImportInputError(f"not JSON: {e.msg}", Location(str(path), e.lineno, e.colno)) from e
    except (ValueError, RecursionError) as e:  # numbers of thousands of digits, arrays nested thousands deep
        raise ImportInputError(f"not JSON that archcite can read: {type(e).__name__}", where) from e
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
        raise ImportInputError("not CSL-JSON: expected a list of items", where)
    return data


def to_models(items: list[dict[str, Any]], source: str) -> list[Record | Volume]:
    """Records and volumes for *items*; an item that cannot be a record is an error naming it."""
    models: list[Record | Volume] = []
    for index, item in enumerate(items):
        where = Location(source, field=f"[{index}] {str(item.get('id', ''))[:100]}".strip())
        try:
            models.append(_model(item))
        except ValidationError as e:
            first = e.errors(include_url=False)[0]
            field = ".".join(str(p) for p in first["loc"])
            raise ImportInputError(f"{field}: {first['msg']}", where) from e
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError) as e:
            # A hand-made or damaged item: wrong shapes anywhere (a name that is a string, a date of Infinity).
            raise ImportInputError(f"cannot read this item: {type(e).__name__}: {e}", where) from e
    return models


def _model(item: dict[str, Any]) -> Record | Volume:
    carried = parse_record_line(item.get("note"))
    if carried:
        kind, data = carried
        return Volume.model_validate(data) if kind == "volume" else Record.model_validate(data)
    return Record.model_validate(_mapped(item))


def _mapped(item: dict[str, Any]) -> dict[str, Any]:
    """A record from an item that archcite did not write, as Zotero exports them."""
    extra = _extra_lines(item.get("note"))
    kind = str(item.get("genre") or _KINDS.get(str(item.get("type")), "document")).lower()
    record: dict[str, Any] = {
        "id": _key(str(item["id"])),
        "kind": kind,
        "title": item.get("title"),
        "number": item.get("number"),
        "place": item.get("event-place") or extra.get("Place"),
        "from": [_person(n) for n in item.get("author", [])],
        "to": [_person(n) for n in item.get("recipient", [])],
        "url": item.get("URL") if not _FRUS_URL.search(str(item.get("URL", ""))) else None,
    }
    original = extra.get("Original Date") or _date(item.get("original-date"))
    record["date"] = original or (None if item.get("container-title") else _date(item.get("issued")))
    archive = _archive(item, extra)
    if archive:
        record["archive"] = archive
    m = _FRUS_URL.search(str(item.get("URL", "")))
    if m:
        record["published_in"] = {"volume": m["volume"], "document": m["n"].upper(), "pages": item.get("page")}
    return {k: v for k, v in record.items() if v not in (None, [], "")}


def _archive(item: dict[str, Any], extra: dict[str, str]) -> dict[str, Any] | None:
    repository = item.get("archive") or extra.get("Archive")
    if not repository:
        return None
    archive: dict[str, Any] = {
        "repository": repository,
        "repository_place": item.get("archive-place") or item.get("archive_place") or extra.get("Archive Place"),
        "collection": item.get("archive_collection") or extra.get("Archive Collection"),
        "call_number": item.get("call-number"),
    }
    location = str(item.get("archive_location") or "")
    rest = location
    for m in _BOX_FOLDER.finditer(location):
        if m["box"]:
            archive["box"] = m["box"].strip()
        if m["folder"]:
            archive["folder"] = m["folder"].strip()
        rest = rest.replace(m.group(0), "")
    rest = re.sub(r"^[\s,;]+|[\s,;]+$", "", re.sub(r"\s*[,;]\s*(?=[,;]|$)", "", rest))
    if rest:
        archive["folder" if "folder" not in archive else "item"] = rest
    return {k: v for k, v in archive.items() if v}


def _extra_lines(note: Any) -> dict[str, str]:
    lines = note.splitlines() if isinstance(note, str) else []
    return {m[1].strip(): m[2].strip() for line in lines if (m := _EXTRA.match(line.strip()))}


def _person(name: dict[str, Any]) -> dict[str, Any]:
    if "literal" in name:
        return {"name": str(name["literal"]), "office": True}
    full = " ".join(str(name[p]) for p in ("given", "family") if name.get(p))
    return {"name": full} if full else {"name": "[unnamed]"}


def _date(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        texts = ["-".join(f"{int(p):02d}" if i else f"{int(p):04d}" for i, p in enumerate(d[:3])) for d in parts[:2]]
        candidate = "/".join(texts)
        if value.get("circa"):
            candidate += "~"
    elif value.get("raw") or value.get("literal"):
        candidate = str(value.get("raw") or value.get("literal"))
    else:
        return None
    try:
        edtf.parse(candidate)
    except edtf.DateError:
        return None
    return candidate


def _key(ident: str) -> str:
    """A record id from a citation key: letters, digits and hyphens."""
    return re.sub(r"[^\w-]+", "-", ident).strip("-") or "item"
