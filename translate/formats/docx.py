"""Word documents (``.docx``, ``.docm``): paragraphs of runs in, a left-to-right English copy out.

The pieces: :mod:`~translate.formats.ooxml_zip` opens the package safely (old ``.doc``, RTF,
encrypted files, zip bombs, truncated zips and hostile XML are refused with the fix);
:mod:`~translate.formats.docx_parts` finds the parts in reading order; :mod:`~translate.formats.docx_read`
walks them into paragraphs (the reader and the writer share that walk, so paragraph ``i`` is the
same ``w:p`` for both); :mod:`~translate.formats.docx_write` puts each English paragraph back and
:mod:`~translate.formats.docx_rtl` turns the whole package left-to-right. Tracked changes are
accepted (note ``tracked changes accepted``); a ``.docm``'s macros are dropped and the output is a
plain ``.docx`` (note ``macros dropped``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from translate.errors import InputError
from translate.formats.base import SourceDocument, TargetParagraph
from translate.formats.docx_parts import WORD, core_part_name, drop_macros, has_macros, main_part_name, ordered_parts, q
from translate.formats.docx_read import Walk, walk
from translate.formats.ooxml_zip import Package, parse_part, read_package, rewrite_package, serialize_part

__all__ = ["DOCX", "DocxFormat"]

MACROS_DROPPED = "macros dropped"
TRACKED_ACCEPTED = "tracked changes accepted"


@dataclass(frozen=True)
class _Opened:
    package: Package
    main: str
    parts: list[Any]
    core_name: str | None
    core: Any
    styles_name: str | None
    styles: Any
    walk: Walk


def _open(data: bytes, path: str) -> _Opened:
    package = read_package(data, path, WORD)
    main = main_part_name(package)
    if main is None:
        raise InputError(path, "is a zip but not a Word document: it has no word/document.xml", f"pass a real .docx ({WORD.save_as})")
    main_root = parse_part(package.members[main], path, main, WORD)
    if main_root.find(q("w:body")) is None:
        raise InputError(path, f"{main} has no document body (w:body), so it is not a Word document", f"pass a real .docx ({WORD.save_as})")
    parts = ordered_parts(package, main, main_root)
    core_name = core_part_name(package)
    core = parse_part(package.members[core_name], path, core_name, WORD) if core_name else None
    styles_name = package.name_of("word/styles.xml")
    styles = parse_part(package.members[styles_name], path, styles_name, WORD) if styles_name else None
    return _Opened(package, main, parts, core_name, core, styles_name, styles, walk(parts, core, styles))


class DocxFormat:
    """The Word format (see the module docstring)."""

    name = "docx"
    suffixes = (".docx", ".docm")

    def read(self, data: bytes, path: str) -> SourceDocument:
        opened = _open(data, path)
        notes = []
        if has_macros(opened.package):
            notes.append(MACROS_DROPPED)
        if opened.walk.tracked:
            notes.append(TRACKED_ACCEPTED)
        return SourceDocument(self.name, tuple(slot.paragraph for slot in opened.walk.slots), tuple(notes))

    def write(self, data: bytes, paragraphs: list[TargetParagraph | None], path: str) -> bytes:
        from translate.formats.docx_rtl import accept_revisions, make_left_to_right, style_directions
        from translate.formats.docx_write import mirror_fallbacks, write_slot

        opened = _open(data, path)
        slots = opened.walk.slots
        if len(paragraphs) != len(slots):
            raise ValueError(f"{path}: {len(paragraphs)} paragraphs given for the {len(slots)} the reader returned")
        package = opened.package
        directions = style_directions(opened.styles)
        # Every XML part under word/ is made left-to-right; the walked ones are the walk's own trees.
        roots: dict[str, Any] = {part.name: part.root for part in opened.parts}
        if opened.styles_name:
            roots[opened.styles_name] = opened.styles
        original: dict[str, bytes] = {}
        for name in package.names:
            if name not in roots and name.lower().startswith("word/") and name.lower().endswith(".xml"):
                roots[name] = parse_part(package.members[name], path, name, WORD)
                original[name] = serialize_part(roots[name])
        for name, root in roots.items():
            accept_revisions(root)
            make_left_to_right(root, directions, is_styles=name == opened.styles_name)
        old_title = opened.core.findtext(q("dc:title")) if opened.core is not None else None
        for slot, target in zip(slots, paragraphs):
            if target is not None:
                write_slot(opened.walk, slot, target)
        replaced: dict[str, bytes] = {}
        for name, root in roots.items():
            mirror_fallbacks(root)
            make_left_to_right(root, directions)
            content = serialize_part(root)
            if original.get(name) != content:
                replaced[name] = content
        if opened.core is not None and opened.core_name:
            make_left_to_right(opened.core, directions)
            replaced[opened.core_name] = serialize_part(opened.core)
            self._retitle_app(package, path, old_title, opened.core.findtext(q("dc:title")), replaced)
        removed: set[str] = set()
        if has_macros(package):
            drop_macros(package, opened.main, replaced, removed)
        return rewrite_package(data, replaced, removed)

    @staticmethod
    def _retitle_app(package: Package, path: str, old: str | None, new: str | None, replaced: dict[str, bytes]) -> None:
        """``docProps/app.xml`` repeats the title in ``TitlesOfParts``: the same title, the same English."""
        name = package.name_of("docProps/app.xml")
        if name is None or not old or not new or old == new:
            return
        root = parse_part(package.members[name], path, name, WORD)
        changed = False
        for element in root.iter():
            if isinstance(element.tag, str) and element.text and element.text.strip() == old.strip():
                element.text = new
                changed = True
        if changed:
            replaced[name] = serialize_part(root)


DOCX = DocxFormat()
