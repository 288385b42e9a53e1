"""The parts of a Word package a reader sees, in reading order, and the macros a ``.docm`` carries.

Reading order (the writer walks the same): ``docProps/core.xml`` title and subject, the headers
(in the order the sections reference them, then any unreferenced ones), the main document, the
footnotes, endnotes and comments, the footers. Part names come from the package's relationships,
resolved inside the zip only: a name from the document is never a file system path.
"""

from __future__ import annotations

import functools

import posixpath
from dataclasses import dataclass
from typing import Any

from translate.formats.ooxml_zip import Package, PackageKind, parse_part

__all__ = ["NS", "WORD", "DocxPart", "drop_macros", "main_part_name", "ordered_parts", "q"]

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "v": "urn:schemas-microsoft-com:vml",
}

WORD = PackageKind("Word document", ".docx", "in Word: File › Save As › Word Document (.docx); in LibreOffice: File › Save As › Word 2007-365")

_OFFICE_DOCUMENT = "/officeDocument"
_CORE = "/metadata/core-properties"
_VBA_TYPES = ("/vbaProject", "/vbaData", "/attachedToolbars", "/keyMapCustomizations", "/wordVbaData")
_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_PLAIN_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_MACRO_CONTENT = ("application/vnd.ms-office.vbaProject", "application/vnd.ms-word.vbaData+xml", "application/vnd.ms-word.attachedToolbars", "application/vnd.ms-word.keyMapCustomizations+xml")


@functools.lru_cache(maxsize=None)
def q(name: str) -> str:
    """Clark notation of ``prefix:local`` (``q("w:p")``)."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


@dataclass(frozen=True)
class DocxPart:
    """One XML part a reader sees: its member name, parsed root and the role of its paragraphs."""

    name: str
    root: Any
    role: str


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _resolve(source: str, target: str) -> str:
    """The member name a relationship target of part ``source`` points at, inside the package."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


def relationships(package: Package, part: str) -> list[tuple[str, str, str]]:
    """(id, type, member name) of part ``part``'s internal relationships, in stored order."""
    content = package.get(_rels_name(part))
    if content is None:
        return []
    root = parse_part(content, package.path, _rels_name(part), WORD)
    found = []
    for rel in root.iter(q("pr:Relationship")):
        if rel.get("TargetMode") == "External" or rel.get("Target") is None:
            continue
        found.append((rel.get("Id", ""), rel.get("Type", ""), _resolve(part, rel.get("Target", ""))))
    return found


def main_part_name(package: Package) -> str | None:
    """The main document part (``word/document.xml`` in every real file), from ``_rels/.rels``."""
    for _, kind, name in relationships(package, ""):
        if kind.endswith(_OFFICE_DOCUMENT) and package.name_of(name) is not None:
            return package.name_of(name)
    return package.name_of("word/document.xml")


def core_part_name(package: Package) -> str | None:
    for _, kind, name in relationships(package, ""):
        if kind.endswith(_CORE) and package.name_of(name) is not None:
            return package.name_of(name)
    return package.name_of("docProps/core.xml")


def ordered_parts(package: Package, main: str, main_root: Any) -> list[DocxPart]:
    """Headers, the main document, notes, comments, footers — parsed, in reading order."""
    rels = relationships(package, main)
    by_id = {rel_id: name for rel_id, _, name in rels}
    referenced: dict[str, list[str]] = {"header": [], "footer": []}
    for kind, tag in (("header", "w:headerReference"), ("footer", "w:footerReference")):
        for reference in main_root.iter(q(tag)):
            name = by_id.get(reference.get(q("r:id"), ""))
            if name is not None and name not in referenced[kind]:
                referenced[kind].append(name)
        for _, rel_type, name in rels:
            if rel_type.endswith("/" + kind) and name not in referenced[kind]:
                referenced[kind].append(name)

    def parsed(names: list[str], role: str) -> list[DocxPart]:
        parts = []
        for name in names:
            stored = package.name_of(name)
            if stored is not None:
                parts.append(DocxPart(stored, parse_part(package.members[stored], package.path, stored, WORD), role))
        return parts

    def of_type(suffix: str) -> list[str]:
        return [name for _, rel_type, name in rels if rel_type.endswith(suffix)][:1]

    return [
        *parsed(referenced["header"], "header"),
        DocxPart(main, main_root, "body"),
        *parsed(of_type("/footnotes"), "footnote"),
        *parsed(of_type("/endnotes"), "endnote"),
        *parsed(of_type("/comments"), "comment"),
        *parsed(referenced["footer"], "footer"),
    ]


def has_macros(package: Package) -> bool:
    return any(name.casefold().endswith("vbaproject.bin") for name in package.names)


def drop_macros(package: Package, main: str, replaced: dict[str, bytes], removed: set[str]) -> None:
    """Fill ``replaced``/``removed`` so that the package loses its VBA project, the relationships to
    it and its content types, and its main part becomes a plain ``.docx`` document."""
    from lxml import etree

    from translate.formats.ooxml_zip import serialize_part

    macro_parts: set[str] = set()
    for owner in ("", main):
        rels_name = package.name_of(_rels_name(owner))
        if rels_name is None:
            continue
        root = parse_part(package.members[rels_name], package.path, rels_name, WORD)
        for rel in list(root.iter(q("pr:Relationship"))):
            if rel.get("Type", "").endswith(_VBA_TYPES):
                macro_parts.add(_resolve(owner, rel.get("Target", "")))
                rel.getparent().remove(rel)
        replaced[rels_name] = serialize_part(root)
    for name in package.names:
        folded = name.casefold()
        if folded.endswith(("vbaproject.bin", "vbadata.xml")) or name in macro_parts:
            removed.add(name)
            removed.add(_rels_name(name))
    types_name = package.name_of("[Content_Types].xml")
    if types_name is None:
        return
    root = parse_part(package.members[types_name], package.path, types_name, WORD)
    removed_names = {"/" + name.casefold() for name in removed}
    for element in list(root):
        content_type = element.get("ContentType", "")
        if element.tag == q("ct:Override") and (element.get("PartName", "").casefold() in removed_names or content_type in _MACRO_CONTENT):
            root.remove(element)
        elif element.tag == q("ct:Override") and content_type == _MACRO_MAIN:
            element.set("ContentType", _PLAIN_MAIN)
        elif element.tag == q("ct:Default") and content_type in _MACRO_CONTENT:
            root.remove(element)
    replaced[types_name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
