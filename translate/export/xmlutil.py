"""What the XML exports (TMX, XLIFF) and their readers share: namespaces, dates, a safe parser."""

from __future__ import annotations

from datetime import datetime, timezone

from lxml import etree

__all__ = ["XML_LANG", "created_datetime", "safe_parser", "serialize"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def created_datetime(created: str) -> datetime | None:
    """The manifest's ``created`` stamp as an aware UTC datetime, or ``None`` if it is not ISO 8601."""
    try:
        moment = datetime.fromisoformat(created)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def safe_parser() -> etree.XMLParser:
    """A parser for files we did not write ourselves (a CAT tool's post-edited XLIFF): no entity
    expansion, no DTD loading, no network."""
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, remove_blank_text=False)


def serialize(root: etree._Element, doctype: str | None = None) -> bytes:
    # pretty_print only indents between elements: text inside <seg>/<source>/<target> is untouched.
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=doctype)
