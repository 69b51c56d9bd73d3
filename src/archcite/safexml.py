"""Parsing XML from outside (FRUS TEI, CSL styles) safely: one parser set up once.

No entity is expanded, no DTD loaded, nothing fetched from the network; a DTD that declares
entities is refused (a "billion laughs" or an external entity), and so is any DTD where the
caller allows none. Comments and processing instructions are dropped while parsing, so that
nothing downstream meets them between elements. Duplicate ``xml:id`` values, a defect some
FRUS volumes have, do not stop a parse: ``duplicate_ids`` lists them for a report.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .errors import ArchciteError, Location

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def parse(data: bytes, name: str, error: type[ArchciteError], *, no_dtd_in: str | None = None) -> Any:
    """The root element of *data*, or *error* naming *name* and the line.

    *no_dtd_in* names the kind of file for which any DTD is refused (``CSL``).
    """
    context = f"not a {no_dtd_in} style: " if no_dtd_in else ""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        collect_ids=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise error(f"{context}not well-formed XML: {e.msg}", Location(name, e.lineno or None)) from e
    docinfo = root.getroottree().docinfo
    if no_dtd_in and docinfo.doctype:
        raise error(f"{context}DTDs are not allowed in {no_dtd_in} files", Location(name))
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise error("the file defines XML entities in a DTD; archcite does not expand them", Location(name))
    return root


def duplicate_ids(root: Any) -> list[str]:
    """The ``xml:id`` values that more than one element carries, in document order."""
    from lxml import etree

    counts = Counter(etree.XPath("//@xml:id", smart_strings=False)(root))
    return [ident for ident, n in counts.items() if n > 1]


def local_name(el: Any) -> str:
    from lxml import etree

    return str(etree.QName(el).localname)
