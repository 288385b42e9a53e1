"""Walking a Word package into paragraphs of runs — the one walk the reader and the writer share.

:func:`walk` returns, in reading order, one :class:`Slot` per paragraph: a ``w:p`` (body, table
cells, text boxes, headers, footers, notes, comments), a ``dc:title``/``dc:subject`` of the core
properties, or an image's ``descr``/``title`` attribute. Beside them it keeps what the writer needs
to rebuild a paragraph: the look behind every key and the elements behind every object.

Runs and keys. A key is a normalised ``w:rPr`` plus the wrappers around the run (``w:hyperlink`` by
``r:id``/``w:anchor``, ``w:fldSimple``, inline ``w:sdt``). Normalising drops what does not change the
look of the English: revision ids, ``w:lang``, ``w:noProof``, ``w:rtl``, ``w:cs``, formatting-change
records, and carries complex-script-only formatting onto its Latin equivalent (``w:bCs`` → ``w:b``
where ``w:b`` is absent: an Arabic run marked bold only for complex script is bold English), then
forgets the complex-script properties — so spell-check marks, rsid splits and language tags never
split a sentence or create a key. Adjacent text of one key is one :class:`RunSpan`.

Text: ``w:t``; ``w:tab`` → tab; a text-wrapping ``w:br`` and ``w:cr`` → line break;
``w:noBreakHyphen`` → ``-``; ``w:softHyphen`` dropped; right-to-left marks (U+200F, U+202B, U+202E,
U+2067, U+061C) dropped. Tracked changes are accepted: inserted text is text, deleted and moved-away
text is not there. A complex field's code (``fldChar``/``instrText``) is objects, its result text.
Everything else inline (drawings, note and comment references, symbols, page breaks, math) is an
object. Text boxes (``w:txbxContent``) follow the paragraph holding them; of an
``mc:AlternateContent`` only the ``mc:Choice`` is read (the writer copies it into the Fallback).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from translate.formats.base import InlineObject, RunSpan, SourceParagraph
from translate.formats.docx_parts import NS, DocxPart, q

__all__ = ["RTL_MARKS", "InlineThing", "Look", "Slot", "Walk", "cs_to_latin", "look_signature", "walk", "wrapper_signature"]

#: Invisible right-to-left controls: dropped from the text read and from every written part.
RTL_MARKS = re.compile("[\u200f\u202b\u202e\u2067\u061c]")

W = NS["w"]
_TRANSPARENT = {q("w:ins"), q("w:moveTo"), q("w:smartTag"), q("w:customXml"), q("w:dir"), q("w:bdo")}
_DELETED = {q("w:del"), q("w:moveFrom")}
_WRAPPERS = {q("w:hyperlink"), q("w:fldSimple")}
_SKIPPED_INLINE = {q("w:proofErr"), q("w:pPr"), q("w:moveFromRangeStart"), q("w:moveFromRangeEnd"), q("w:moveToRangeStart"), q("w:moveToRangeEnd"), q("w:customXmlInsRangeStart"), q("w:customXmlInsRangeEnd"), q("w:customXmlDelRangeStart"), q("w:customXmlDelRangeEnd"), q("w:customXmlMoveFromRangeStart"), q("w:customXmlMoveFromRangeEnd"), q("w:customXmlMoveToRangeStart"), q("w:customXmlMoveToRangeEnd")}
_START_MARKERS = {q("w:bookmarkStart"), q("w:commentRangeStart"), q("w:permStart")}
_END_MARKERS = {q("w:bookmarkEnd"), q("w:commentRangeEnd"), q("w:permEnd")}
_BLOCK_CONTAINERS = {q("w:tbl"), q("w:tr"), q("w:tc"), q("w:sdtContent"), q("w:customXml")}
_NOTE_SKIP = {"separator", "continuationSeparator", "continuationNotice"}
#: Complex-script run properties and their Latin equivalents (carried where the Latin one is absent).
_CS_PAIRS = ((q("w:bCs"), q("w:b")), (q("w:iCs"), q("w:i")), (q("w:szCs"), q("w:sz")))
#: Run properties that never change how the English looks.
_LOOK_IGNORED = {q("w:lang"), q("w:noProof"), q("w:rtl"), q("w:cs"), q("w:rPrChange"), q("w:bCs"), q("w:iCs"), q("w:szCs"), q("w:ins"), q("w:del"), q("w:moveFrom"), q("w:moveTo")}
_REVISION_TAGS = {q("w:ins"), q("w:del"), q("w:moveFrom"), q("w:moveTo"), q("w:rPrChange"), q("w:pPrChange")}


@dataclass(frozen=True)
class Look:
    """What a key stands for: the first ``w:rPr`` seen with it (or None) and the wrapper elements
    around its runs, outermost first."""

    rpr: Any
    wrappers: tuple[Any, ...]


@dataclass(frozen=True)
class Slot:
    """One paragraph of the walk: ``kind`` ``p`` (``element`` is the ``w:p``), ``core`` (a core
    property element) or ``attribute`` (``element``'s ``attribute``). For a ``w:p``: the markers
    (bookmarks, comment ranges) to put back at its start and end, and its object keys."""

    kind: str
    element: Any
    paragraph: SourceParagraph
    attribute: str = ""
    starts: tuple[Any, ...] = ()
    ends: tuple[Any, ...] = ()
    part: str = ""


@dataclass(frozen=True)
class InlineThing:
    """What an object key stands for: ``element`` is a run child (wrapped again in a run with a copy
    of ``rpr``) or, when ``in_run`` is false, a paragraph-level element; ``wrappers`` as for a look."""

    element: Any
    rpr: Any
    in_run: bool
    wrappers: tuple[Any, ...]


@dataclass
class Walk:
    """The walk of one package (mutable only while it is built)."""

    slots: list[Slot] = field(default_factory=list)
    looks: list[Look] = field(default_factory=list)
    things: list[InlineThing] = field(default_factory=list)
    tracked: bool = False
    _keys: dict[str, int] = field(default_factory=dict)

    def key_of(self, rpr: Any, wrappers: tuple[Any, ...]) -> int:
        signature = look_signature(rpr) + "|" + "/".join(wrapper_signature(element) for element in wrappers)
        if signature not in self._keys:
            self._keys[signature] = len(self.looks)
            self.looks.append(Look(rpr, wrappers))
        return self._keys[signature]


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attributes(element: Any) -> str:
    return ",".join(f"{name}={value}" for name, value in sorted(element.attrib.items()) if "rsid" not in name)


def cs_to_latin(rpr: Any) -> None:
    """Carry complex-script-only formatting of ``rpr`` onto Latin text, in place: ``w:bCs``/``w:iCs``/
    ``w:szCs`` become ``w:b``/``w:i``/``w:sz`` where those are absent (inserted in schema order, just
    before their complex-script twin), and ``w:rFonts``'s ``w:cs``/``w:cstheme`` font fills
    ``w:ascii``/``w:hAnsi`` where neither a font nor a theme font is set."""
    for complex_tag, latin_tag in _CS_PAIRS:
        complex_element = rpr.find(complex_tag)
        if complex_element is not None and rpr.find(latin_tag) is None:
            latin = rpr.makeelement(latin_tag, dict(complex_element.attrib))
            complex_element.addprevious(latin)
    fonts = rpr.find(q("w:rFonts"))
    if fonts is not None:
        for latin in ("ascii", "hAnsi"):
            if fonts.get(f"{{{W}}}{latin}") is None and fonts.get(f"{{{W}}}{latin}Theme") is None:
                if fonts.get(f"{{{W}}}cs") is not None:
                    fonts.set(f"{{{W}}}{latin}", fonts.get(f"{{{W}}}cs"))
                elif fonts.get(f"{{{W}}}cstheme") is not None:
                    fonts.set(f"{{{W}}}{latin}Theme", fonts.get(f"{{{W}}}cstheme"))


def look_signature(rpr: Any) -> str:
    """The normalised look of a ``w:rPr`` (see the module docstring); ``""`` for none."""
    if rpr is None:
        return ""
    from lxml import etree

    # A document repeats a few looks thousands of times (a run per spell-check mark): by its bytes.
    return _signature_of(etree.tostring(rpr))


@functools.lru_cache(maxsize=4096)
def _signature_of(serialized: bytes) -> str:
    from lxml import etree

    carried = etree.fromstring(serialized)
    cs_to_latin(carried)
    parts = []
    for child in carried:
        if not isinstance(child.tag, str) or child.tag in _LOOK_IGNORED:
            continue
        attributes = {name: value for name, value in child.attrib.items() if "rsid" not in name}
        if child.tag == q("w:rFonts"):
            attributes = {name: value for name, value in attributes.items() if _local_attr(name) in ("ascii", "hAnsi", "eastAsia", "asciiTheme", "hAnsiTheme", "eastAsiaTheme")}
        parts.append(child.tag + ":" + ",".join(f"{k}={v}" for k, v in sorted(attributes.items())))
    return ";".join(sorted(parts))


def _local_attr(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def wrapper_signature(element: Any) -> str:
    if element.tag == q("w:sdt"):
        properties = element.find(q("w:sdtPr"))
        identity = properties.find(q("w:id")) if properties is not None else None
        return "sdt:" + (identity.get(q("w:val"), "") if identity is not None else str(id(element)))
    return _local(element) + "(" + _attributes(element) + ")"


class _Paragraph:
    """Builds one SourceParagraph from a ``w:p``."""

    def __init__(self, walk: Walk) -> None:
        self.walk = walk
        self.text: list[str] = []
        self.length = 0
        self.runs: list[RunSpan] = []
        self.objects: list[InlineObject] = []
        self.starts: list[Any] = []
        self.ends: list[Any] = []
        self.fields: list[str] = []  # "code" or "result", innermost last
        self.boxes: list[Any] = []

    def add_text(self, text: str, key: int) -> None:
        text = RTL_MARKS.sub("", text)
        if not text:
            return
        if self.runs and self.runs[-1].key == key and self.runs[-1].end == self.length:
            self.runs[-1] = RunSpan(self.runs[-1].start, self.length + len(text), key)
        else:
            self.runs.append(RunSpan(self.length, self.length + len(text), key))
        self.text.append(text)
        self.length += len(text)

    def add_object(self, element: Any, rpr: Any, in_run: bool, wrappers: tuple[Any, ...]) -> None:
        self.objects.append(InlineObject(self.length, len(self.walk.things)))
        self.walk.things.append(InlineThing(element, rpr, in_run, wrappers))
        if in_run or element.tag == q("mc:AlternateContent"):
            self.boxes.extend(_text_boxes(element))

    def container(self, element: Any, wrappers: tuple[Any, ...]) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED_INLINE:
                continue
            if tag == q("w:r"):
                self.run(child, wrappers)
            elif tag in _WRAPPERS:
                self.container(child, wrappers + (child,))
            elif tag == q("w:sdt"):
                content = child.find(q("w:sdtContent"))
                if content is not None:
                    self.container(content, wrappers + (child,))
            elif tag in _TRANSPARENT:
                self.walk.tracked |= tag in (q("w:ins"), q("w:moveTo"))
                self.container(child, wrappers)
            elif tag in _DELETED:
                self.walk.tracked = True
            elif tag in _START_MARKERS:
                self.starts.append(child)
            elif tag in _END_MARKERS:
                self.ends.append(child)
            else:
                self.add_object(child, None, False, wrappers)

    def run(self, run: Any, wrappers: tuple[Any, ...]) -> None:
        rpr = run.find(q("w:rPr"))
        if rpr is not None and any(child.tag in _REVISION_TAGS for child in rpr):
            self.walk.tracked = True
        key: int | None = None

        def text_key() -> int:
            nonlocal key
            if key is None:
                key = self.walk.key_of(rpr, wrappers)
            return key

        for child in run:
            tag = child.tag
            if not isinstance(tag, str) or tag == q("w:rPr"):
                continue
            if tag == q("w:fldChar"):
                kind = child.get(q("w:fldCharType"))
                if kind == "begin":
                    self.fields.append("code")
                elif kind == "separate" and self.fields:
                    self.fields[-1] = "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
                self.add_object(child, rpr, True, wrappers)
            elif self.fields and self.fields[-1] == "code":
                self.add_object(child, rpr, True, wrappers)
            elif tag == q("w:t"):
                self.add_text(child.text or "", text_key())
            elif tag in (q("w:tab"),):
                self.add_text("\t", text_key())
            elif tag == q("w:cr") or (tag == q("w:br") and child.get(q("w:type"), "textWrapping") == "textWrapping"):
                self.add_text("\n", text_key())
            elif tag == q("w:noBreakHyphen"):
                self.add_text("-", text_key())
            elif tag in (q("w:softHyphen"), q("w:lastRenderedPageBreak"), q("w:delText"), q("w:delInstrText")):
                continue
            else:
                self.add_object(child, rpr, True, wrappers)


def _outside_fallback(element: Any, stop: Any) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == q("mc:Fallback"):
            return False
        parent = parent.getparent()
    return True


def _text_boxes(element: Any) -> list[Any]:
    """The outermost ``w:txbxContent`` inside ``element``, outside any ``mc:Fallback``."""
    found = []
    for box in element.iter(q("w:txbxContent")):
        if not _outside_fallback(box, element):
            continue
        ancestor = box.getparent()
        nested = False
        while ancestor is not None and ancestor is not element:
            if ancestor.tag == q("w:txbxContent"):
                nested = True
                break
            ancestor = ancestor.getparent()
        if not nested:
            found.append(box)
    return found


def _styles_headings(styles: Any) -> dict[str, int]:
    """Paragraph style id → outline level + 1 (``heading 2`` → 2, ``Title`` → 1)."""
    levels: dict[str, int] = {}
    if styles is None:
        return levels
    based: dict[str, str] = {}
    for style in styles.iter(q("w:style")):
        style_id = style.get(q("w:styleId"), "")
        name_element = style.find(q("w:name"))
        name = (name_element.get(q("w:val"), "") if name_element is not None else "").casefold()
        outline = style.find(f"{q('w:pPr')}/{q('w:outlineLvl')}")
        match = re.fullmatch(r"heading ([1-9])", name)
        if outline is not None and (outline.get(q("w:val"), "9")).isdigit() and int(outline.get(q("w:val"), "9")) < 9:
            levels[style_id] = int(outline.get(q("w:val"))) + 1
        elif match:
            levels[style_id] = int(match.group(1))
        elif name == "title":
            levels[style_id] = 1
        parent = style.find(q("w:basedOn"))
        if parent is not None:
            based[style_id] = parent.get(q("w:val"), "")
    for style_id in list(based):
        seen, current = {style_id}, based.get(style_id)
        while style_id not in levels and current and current not in seen:
            if current in levels:
                levels[style_id] = levels[current]
            seen.add(current)
            current = based.get(current)
    return levels


def _heading(paragraph: Any, levels: dict[str, int]) -> int:
    properties = paragraph.find(q("w:pPr"))
    if properties is None:
        return 0
    outline = properties.find(q("w:outlineLvl"))
    if outline is not None and outline.get(q("w:val"), "").isdigit():
        value = int(outline.get(q("w:val")))
        return value + 1 if value < 9 else 0
    style = properties.find(q("w:pStyle"))
    return levels.get(style.get(q("w:val"), ""), 0) if style is not None else 0


def _blocks(walk: Walk, container: Any, role: str, part: DocxPart, levels: dict[str, int]) -> None:
    for child in container:
        tag = child.tag
        if tag == q("w:p"):
            _paragraph(walk, child, role, part, levels)
        elif tag in _BLOCK_CONTAINERS:
            _blocks(walk, child, "table" if tag == q("w:tbl") and role == "body" else role, part, levels)
        elif tag == q("w:sdt"):
            content = child.find(q("w:sdtContent"))
            if content is not None:
                _blocks(walk, content, role, part, levels)


def _paragraph(walk: Walk, element: Any, role: str, part: DocxPart, levels: dict[str, int]) -> None:
    builder = _Paragraph(walk)
    builder.container(element, ())
    paragraph = SourceParagraph("".join(builder.text), tuple(builder.runs), role, tuple(builder.objects), _heading(element, levels))
    walk.slots.append(Slot("p", element, paragraph, starts=tuple(builder.starts), ends=tuple(builder.ends), part=part.name))
    box_role = "textbox" if part.role == "body" else part.role
    for box in builder.boxes:
        _blocks(walk, box, box_role, part, levels)


def _alt_texts(walk: Walk, part: DocxPart) -> None:
    for properties in part.root.iter(q("wp:docPr")):
        if not _outside_fallback(properties, None):
            continue
        for attribute in ("descr", "title"):
            text = RTL_MARKS.sub("", properties.get(attribute) or "")
            if text.strip():
                walk.slots.append(Slot("attribute", properties, SourceParagraph(text, (RunSpan(0, len(text), walk.key_of(None, ())),), "alt"), attribute, part=part.name))


def walk(parts: list[DocxPart], core: Any, styles: Any) -> Walk:
    """The paragraphs of ``parts`` (from :func:`~translate.formats.docx_parts.ordered_parts`), after
    the title and subject of ``core`` (the parsed ``docProps/core.xml`` or None), and then every
    image's alt text; ``styles`` (``word/styles.xml`` or None) gives the heading levels."""
    result = Walk()
    if core is not None:
        for tag in ("dc:title", "dc:subject"):
            element = core.find(q(tag))
            text = RTL_MARKS.sub("", element.text or "") if element is not None else ""
            if text.strip():
                result.slots.append(Slot("core", element, SourceParagraph(text, (RunSpan(0, len(text), result.key_of(None, ())),), "meta"), part="core"))
    levels = _styles_headings(styles)
    for part in parts:
        if part.role in ("footnote", "endnote", "comment"):
            for note in part.root:
                if note.tag in (q("w:footnote"), q("w:endnote"), q("w:comment")) and note.get(q("w:type"), "normal") not in _NOTE_SKIP:
                    _blocks(result, note, part.role, part, levels)
        elif part.role == "body":
            body = part.root.find(q("w:body"))
            if body is not None:
                _blocks(result, body, "body", part, levels)
        else:
            _blocks(result, part.root, part.role, part, levels)
    for part in parts:
        _alt_texts(result, part)
    return result
