"""Writing a memory out: TMX 1.4b (for CAT tools, and for ``translate tm import`` elsewhere) and TSV.

TMX: one ``<tu>`` per entry in the order stored, ``srclang="ar"``, the editor as ``creationid``/
``changeid``, the times as ``creationdate``/``changedate`` (TMX's ``YYYYMMDDThhmmssZ``), and the
origin and usage count as ``x-origin``/``x-usage`` ``<prop>``s. TSV: ``ar``, ``en``, ``origin``,
``editor``, ``created``, ``changed``, ``usage`` — the columns :func:`translate.tm.importers.read_tsv`
reads back — quoted as :mod:`translate.export.tsv` quotes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from translate import __version__
from translate.tm.store import TmEntry

__all__ = ["TSV_COLUMNS", "render_tmx", "render_tsv"]

TSV_COLUMNS = ("ar", "en", "origin", "editor", "created", "changed", "usage")


def _tmx_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).strftime("%Y%m%dT%H%M%SZ")
    except ValueError:
        return None


def render_tmx(entries: Iterable[TmEntry]) -> bytes:
    from lxml import etree

    from translate.export.clean import clean_text
    from translate.export.tmx import DOCTYPE
    from translate.export.xmlutil import XML_LANG, serialize

    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", creationtool="translate", creationtoolversion=__version__, segtype="sentence", adminlang="en", srclang="ar", datatype="plaintext", attrib={"o-tmf": "translate-tm"})
    body = etree.SubElement(root, "body")
    for entry in entries:
        p = entry.provenance
        attributes = {"tuid": str(entry.id)}
        for name, value in (("creationid", p.editor), ("changeid", p.editor), ("creationdate", _tmx_date(p.created)), ("changedate", _tmx_date(p.changed))):
            if value:
                attributes[name] = clean_text(value)
        unit = etree.SubElement(body, "tu", attributes)
        for kind, value in (("x-origin", p.origin), ("x-usage", str(p.usage))):
            if value:
                etree.SubElement(unit, "prop", type=kind).text = clean_text(value)
        for locale, text in (("ar", entry.source), ("en", entry.target)):
            variant = etree.SubElement(unit, "tuv", {XML_LANG: locale})
            etree.SubElement(variant, "seg").text = clean_text(text)
    return serialize(root, DOCTYPE)


def _field(value: str) -> str:
    if any(character in value for character in ("\t", "\n", "\r", '"')):
        return '"' + value.replace('"', '""') + '"'
    return value


def render_tsv(entries: Iterable[TmEntry]) -> str:
    from translate.export.clean import clean_text

    rows = ["\t".join(TSV_COLUMNS)]
    for entry in entries:
        p = entry.provenance
        cells = (entry.source, entry.target, p.origin, p.editor or "", p.created or "", p.changed or "", str(p.usage))
        rows.append("\t".join(_field(clean_text(cell)) for cell in cells))
    return "\n".join(rows) + "\n"
