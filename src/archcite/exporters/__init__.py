"""Exporters: archcite records to other bibliographic formats, each a function of the records.

``EXPORTERS`` maps a format's name to the module and function that write it, imported only when
used: exporting never loads a renderer.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import Record, Volume

Entry = tuple["Record", "Volume | None"]  # a record and the volume it is printed in

EXPORTERS = {
    "csl-json": ("csl_json", "to_json_text"),
    "csl-yaml": ("csl_json", "to_yaml_text"),
    "biblatex": ("biblatex", "to_biblatex"),
    "ris": ("ris", "to_ris"),
}


def export(fmt: str, entries: Sequence[Entry]) -> str:
    """*entries* in the format *fmt* (one of ``EXPORTERS``)."""
    module, function = EXPORTERS[fmt]
    writer = getattr(import_module(f"{__name__}.{module}"), function)
    text: str = writer(entries)
    return text
