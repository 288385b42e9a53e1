"""OpenDocument texts (``.odt``): paragraphs of runs in, a left-to-right English copy out.

The pieces: :mod:`~translate.formats.ooxml_zip` opens the package safely (old ``.doc``, RTF,
encrypted files, zip bombs, truncated zips and hostile XML are refused with the fix) and checks the
``mimetype``; :mod:`~translate.formats.odt_read` walks ``meta.xml``, ``styles.xml`` (headers and
footers) and ``content.xml`` into paragraphs (the reader and the writer share that walk, so
paragraph ``i`` is the same element for both); :mod:`~translate.formats.odt_write` puts each English
paragraph back and :mod:`~translate.formats.odt_rtl` turns the document left-to-right. Tracked
changes are accepted (note ``tracked changes accepted``). The package is rewritten member by member,
so ``mimetype`` stays first and stored, as ODF requires.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from translate.errors import InputError
from translate.formats.base import SourceDocument, TargetParagraph
from translate.formats.odt_read import Walk, q, walk
from translate.formats.ooxml_zip import Package, PackageKind, parse_part, read_package, rewrite_package, serialize_part

__all__ = ["ODT", "OPENDOCUMENT_TEXT", "OdtFormat"]

OPENDOCUMENT_TEXT = PackageKind("OpenDocument text", ".odt", "in LibreOffice: File › Save As › ODF Text Document (.odt)")
MIMETYPE = "application/vnd.oasis.opendocument.text"
TRACKED_ACCEPTED = "tracked changes accepted"
#: Other OpenDocument kinds a user may pass by mistake, and what they are.
_OTHER_KINDS = {
    "application/vnd.oasis.opendocument.text-template": "an OpenDocument text template (.ott)",
    "application/vnd.oasis.opendocument.text-master": "an OpenDocument master document (.odm)",
    "application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet (.ods)",
    "application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation (.odp)",
    "application/vnd.oasis.opendocument.graphics": "an OpenDocument drawing (.odg)",
}


@dataclass(frozen=True)
class _Opened:
    package: Package
    content: Any
    styles_name: str | None
    styles: Any
    meta_name: str | None
    meta: Any
    walk: Walk


def _media_type(package: Package) -> str | None:
    """The package's media type: its ``mimetype`` member, else the manifest's root entry."""
    stored = package.get("mimetype")
    if stored is not None:
        return stored.decode("ascii", "replace").strip()
    manifest = package.get("META-INF/manifest.xml")
    if manifest is None:
        return None
    root = parse_part(manifest, package.path, "META-INF/manifest.xml", OPENDOCUMENT_TEXT)
    for entry in root.iter(q("manifest:file-entry")):
        if entry.get(q("manifest:full-path")) == "/":
            return entry.get(q("manifest:media-type"))
    return None


def _open(data: bytes, path: str) -> _Opened:
    package = read_package(data, path, OPENDOCUMENT_TEXT)
    content_name = package.name_of("content.xml")
    if content_name is None:
        if package.name_of("word/document.xml") is not None:
            raise InputError(path, "is a Word document (.docx) with an .odt name", "rename it to .docx, or save it as .odt (in LibreOffice: File › Save As › ODF Text Document)")
        raise InputError(path, "is a zip but not an OpenDocument text: it has no content.xml", f"pass a real .odt file ({OPENDOCUMENT_TEXT.save_as})")
    media_type = _media_type(package)
    if media_type != MIMETYPE:
        what = _OTHER_KINDS.get(media_type or "", f"not an OpenDocument text (its mimetype is {media_type!r})" if media_type else "not an OpenDocument text (it has no mimetype)")
        what = what if what.startswith("not ") else f"{what}, not a text document"
        raise InputError(path, f"is {what}", f"open it and save it as a text document ({OPENDOCUMENT_TEXT.save_as})")
    content = parse_part(package.members[content_name], path, content_name, OPENDOCUMENT_TEXT)
    if content.find(f"{q('office:body')}/{q('office:text')}") is None:
        raise InputError(path, "content.xml has no text body (office:text), so it is not an OpenDocument text", f"pass a real .odt file ({OPENDOCUMENT_TEXT.save_as})")
    styles_name = package.name_of("styles.xml")
    styles = parse_part(package.members[styles_name], path, styles_name, OPENDOCUMENT_TEXT) if styles_name else None
    meta_name = package.name_of("meta.xml")
    meta = parse_part(package.members[meta_name], path, meta_name, OPENDOCUMENT_TEXT) if meta_name else None
    return _Opened(package, content, styles_name, styles, meta_name, meta, walk(content, styles, meta))


class OdtFormat:
    """The OpenDocument text format (see the module docstring)."""

    name = "odt"
    suffixes = (".odt",)

    def read(self, data: bytes, path: str) -> SourceDocument:
        opened = _open(data, path)
        notes = (TRACKED_ACCEPTED,) if opened.walk.tracked else ()
        return SourceDocument(self.name, tuple(slot.paragraph for slot in opened.walk.slots), notes)

    def write(self, data: bytes, paragraphs: list[TargetParagraph | None], path: str) -> bytes:
        from translate.formats.odt_rtl import accept_changes, make_left_to_right
        from translate.formats.odt_write import write_slot

        opened = _open(data, path)
        slots = opened.walk.slots
        if len(paragraphs) != len(slots):
            raise ValueError(f"{path}: {len(paragraphs)} paragraphs given for the {len(slots)} the reader returned")
        roots = {"content.xml": opened.content}
        if opened.styles_name:
            roots[opened.styles_name] = opened.styles
        if opened.meta_name:
            roots[opened.meta_name] = opened.meta
        for root in roots.values():
            accept_changes(root)
        # Direction and alignment are decided on the Arabic (a paragraph of mostly Arabic letters).
        make_left_to_right(opened.content, opened.styles, opened.meta)
        for slot, target in zip(slots, paragraphs):
            if target is not None:
                write_slot(opened.walk, slot, target)
        content_name = opened.package.name_of("content.xml") or "content.xml"
        replaced = {content_name if name == "content.xml" else name: serialize_part(root) for name, root in roots.items()}
        return rewrite_package(data, replaced)


ODT = OdtFormat()
