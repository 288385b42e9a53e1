"""Walking an OpenDocument text into paragraphs of runs — the one walk the reader and the writer share.

:func:`walk` returns, in reading order, one :class:`Slot` per paragraph: ``meta.xml``'s
``dc:title``/``dc:subject``/``dc:description``; the master pages' headers (``style:header``,
``-left``, ``-first``); the body (``text:p``/``text:h``, lists, sections, table cells, indexes), each
paragraph followed by what hangs from it — the paragraphs of its text boxes and shapes, its notes'
bodies, its comments (``office:annotation``) and its images' ``svg:title``/``svg:desc``; then the
footers. Beside them it keeps what the writer needs: the look behind every key and the element
behind every object.

Text follows ODF's white-space rule (ODF 1.3 part 3, §6.1.2), as LibreOffice applies it: a run of
spaces, tabs and newlines in the XML is one space, none at the start of a paragraph; ``text:s``
(``text:c`` times), ``text:tab`` and ``text:line-break`` are a space, a tab and a line break that
never collapse. Fields, notes, frames, comments and ``text:soft-page-break`` count as a character
for that rule; bookmarks, reference and index marks and range ends do not (checked against
LibreOffice 7.4's import). Right-to-left marks are dropped.

Runs and keys. A key is the chain of ``text:span``/``text:a`` around a run that changes how the
English looks: a span's automatic style is reduced to its Western look — language, country,
script, rsid and the Asian properties dropped, complex-script weight, posture and size carried
onto the Western ones where those are absent (an Arabic run bold only for complex script is bold
English) and then dropped — so the spans LibreOffice splits text into for spell-check, language
and rsid never split a sentence or make a key. A span with a common (named) style keeps its name;
a link keeps its ``xlink:href``. Everything else inline is an object. Tracked changes are read
accepted: the body already holds the current text, the deleted text lives in
``text:tracked-changes`` and is not read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from translate.formats.base import InlineObject, RunSpan, SourceParagraph
from translate.formats.docx_read import RTL_MARKS

__all__ = ["COMPLEX_TO_WESTERN", "NS", "Look", "Slot", "StyleIndex", "Thing", "Walk", "q", "style_index", "walk", "western_properties", "wrapper_signature"]

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
    "officeooo": "http://openoffice.org/2009/office",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}


def q(name: str) -> str:
    """Clark notation of ``prefix:local`` (``q("text:p")``)."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


_PARAGRAPHS = {q("text:p"), q("text:h")}
_CONTAINERS = {q("text:" + n) for n in ("list", "list-item", "list-header", "section", "index-body", "index-title", "table-of-content", "illustration-index", "table-index", "object-index", "user-index", "alphabetical-index", "bibliography", "note-body")}
_CONTAINERS |= {q("table:" + n) for n in ("table-header-rows", "table-rows", "table-row-group", "table-row", "table-cell", "covered-table-cell")}
_CONTAINERS |= {q("style:region-" + n) for n in ("left", "center", "right")}
_DRAWINGS = {q("draw:" + n) for n in ("frame", "a", "g", "custom-shape", "rect", "ellipse", "circle", "line", "polyline", "polygon", "path", "regular-polygon", "connector", "caption", "measure", "control", "text-box")}
#: What an object holds that is not the document's text (a note's number, a comment's author).
_NOT_TEXT = {q("text:note-citation"), q("dc:creator"), q("dc:date"), q("meta:creator-initials"), q("draw:enhanced-geometry"), q("office:binary-data"), q("draw:glue-point"), q("office:event-listeners")}
#: Zero-width marks: objects that do not count as a character for the white-space rule.
_MARKS = {q("text:" + n) for n in ("bookmark", "bookmark-start", "bookmark-end", "reference-mark", "reference-mark-start", "reference-mark-end", "toc-mark", "toc-mark-start", "toc-mark-end", "alphabetical-index-mark", "alphabetical-index-mark-start", "alphabetical-index-mark-end", "user-index-mark", "user-index-mark-start", "user-index-mark-end")} | {q("office:annotation-end")}
#: Tracked-change marks in the body: the change is accepted, so they are neither text nor objects.
_CHANGE_MARKS = {q("text:change-start"), q("text:change-end"), q("text:change")}
_TRANSPARENT = {q("text:meta")}
_SPACES = " \t\n\r"
_MAX_SPACES = 1000
_BODY_LIKE = {"body", "table", "textbox", "caption"}
_HEADERS = ("header", "header-left", "header-first")
_FOOTERS = ("footer", "footer-left", "footer-first")
#: Text properties that never change how English looks (language, spell-check splits, other scripts).
_IGNORED_PROPERTIES = {q("fo:language"), q("fo:country"), q("fo:script"), q("style:rfc-language-tag"), q("officeooo:rsid"), q("officeooo:paragraph-rsid")}
#: Complex-script text properties and the Western ones they are carried onto where those are absent.
COMPLEX_TO_WESTERN = ((q("style:font-weight-complex"), q("fo:font-weight")), (q("style:font-style-complex"), q("fo:font-style")), (q("style:font-size-complex"), q("fo:font-size")))


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


@dataclass(frozen=True)
class StyleIndex:
    """The styles one part's elements can name: its own automatic styles, ``styles.xml``'s common
    ones and default styles, by (family, name)."""

    automatic: dict[tuple[str, str], Any] = field(default_factory=dict)
    common: dict[tuple[str, str], Any] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)

    def chain(self, family: str, name: str | None) -> list[Any]:
        """The style ``name`` and its ancestors, nearest first, then the family's default style."""
        found: list[Any] = []
        seen: set[str] = set()
        element = self.automatic.get((family, name)) if name else None
        if element is None and name:
            element = self.common.get((family, name))
        while element is not None and id(element) not in seen:
            seen.add(id(element))
            found.append(element)
            parent = element.get(q("style:parent-style-name"))
            element = self.common.get((family, parent)) if parent else None
        if family in self.defaults:
            found.append(self.defaults[family])
        return found

    def names(self, family: str, name: str | None) -> set[str]:
        """The names and display names along ``name``'s chain."""
        return {value for element in self.chain(family, name) for value in (element.get(q("style:name")), element.get(q("style:display-name"))) if value}


def style_index(part: Any, styles: Any) -> StyleIndex:
    """The styles the elements of ``part`` (``content.xml`` or ``styles.xml``) can use."""
    index = StyleIndex()
    for container, target in ((part, index.automatic), (styles, index.common)):
        if container is None:
            continue
        holder = container.find(q("office:automatic-styles") if target is index.automatic else q("office:styles"))
        for style in holder.iter(q("style:style")) if holder is not None else ():
            target[(style.get(q("style:family"), ""), style.get(q("style:name"), ""))] = style
    holder = styles.find(q("office:styles")) if styles is not None else None
    for style in holder.iter(q("style:default-style")) if holder is not None else ():
        index.defaults[style.get(q("style:family"), "")] = style
    return index


def western_properties(properties: Any) -> dict[str, str]:
    """A ``style:text-properties``' attributes as they apply to Latin text (see the module docstring)."""
    attributes = dict(properties.attrib)
    for complex_name, western in COMPLEX_TO_WESTERN:
        if complex_name in attributes and western not in attributes:
            attributes[western] = attributes[complex_name]
    return {name: value for name, value in attributes.items() if name not in _IGNORED_PROPERTIES and not _local(name).endswith(("-asian", "-complex"))}


@dataclass(frozen=True)
class Look:
    """What a key stands for: the ``text:span``/``text:a`` elements around its text, outermost
    first (only those that change the look), and their signatures."""

    wrappers: tuple[Any, ...]
    signatures: tuple[str, ...]


@dataclass(frozen=True)
class Thing:
    """What an object key stands for: an inline element, and the look wrappers around it."""

    element: Any
    wrappers: tuple[Any, ...]
    signatures: tuple[str, ...]


@dataclass(frozen=True)
class Slot:
    """One paragraph of the walk: ``kind`` ``p`` (``element`` is a ``text:p``/``text:h``),
    ``meta`` (a ``meta.xml`` element) or ``alt`` (an ``svg:title``/``svg:desc``)."""

    kind: str
    element: Any
    paragraph: SourceParagraph
    part: str = ""


@dataclass
class Walk:
    """The walk of one document (mutable only while it is built)."""

    slots: list[Slot] = field(default_factory=list)
    looks: list[Look] = field(default_factory=list)
    things: list[Thing] = field(default_factory=list)
    tracked: bool = False
    _keys: dict[str, int] = field(default_factory=dict)

    def key_of(self, part: str, wrappers: tuple[Any, ...], signatures: tuple[str, ...]) -> int:
        # Automatic style names are per part (content.xml's T1 is not styles.xml's T1): keys too.
        signature = part + "|" + "/".join(signatures)
        if signature not in self._keys:
            self._keys[signature] = len(self.looks)
            self.looks.append(Look(wrappers, signatures))
        return self._keys[signature]


@dataclass(frozen=True)
class _Context:
    walk: Walk
    part: str
    styles: StyleIndex


def wrapper_signature(element: Any, styles: StyleIndex) -> str:
    """A ``text:a``'s link, or a ``text:span``'s look (``""``: it does not change the look)."""
    if element.tag == q("text:a"):
        return "a(" + ",".join(f"{_local(name)}={value}" for name, value in sorted(element.attrib.items())) + ")"
    name = element.get(q("text:style-name"))
    parts = [f"class={element.get(q('text:class-names'))}"] if element.get(q("text:class-names")) else []
    style = styles.automatic.get(("text", name)) if name else None
    if style is not None:
        if style.get(q("style:parent-style-name")):
            parts.append("style=" + style.get(q("style:parent-style-name")))
        properties = style.find(q("style:text-properties"))
        if properties is not None:
            parts += [f"{_local(key)}={value}" for key, value in sorted(western_properties(properties).items())]
    elif name:
        parts.append("style=" + name)
    return "span(" + ";".join(parts) + ")" if parts else ""


class _Paragraph:
    """Builds one SourceParagraph from a ``text:p``/``text:h``."""

    def __init__(self, context: _Context) -> None:
        self.context = context
        self.text: list[str] = []
        self.length = 0
        self.runs: list[RunSpan] = []
        self.objects: list[InlineObject] = []
        self.hanging: list[Any] = []
        self.collapse = True  # the white-space rule: the next space is dropped

    def characters(self, raw: str, wrappers: tuple[tuple[Any, str], ...]) -> None:
        out = []
        for character in RTL_MARKS.sub("", raw):
            if character in _SPACES:
                if not self.collapse:
                    out.append(" ")
                    self.collapse = True
            else:
                out.append(character)
                self.collapse = False
        self.add("".join(out), wrappers)

    def add(self, text: str, wrappers: tuple[tuple[Any, str], ...]) -> None:
        if not text:
            return
        key = self.context.walk.key_of(self.context.part, tuple(w for w, _ in wrappers), tuple(s for _, s in wrappers))
        if self.runs and self.runs[-1].key == key and self.runs[-1].end == self.length:
            self.runs[-1] = RunSpan(self.runs[-1].start, self.length + len(text), key)
        else:
            self.runs.append(RunSpan(self.length, self.length + len(text), key))
        self.text.append(text)
        self.length += len(text)

    def inline(self, element: Any, wrappers: tuple[tuple[Any, str], ...]) -> None:
        if element.text:
            self.characters(element.text, wrappers)
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                pass  # an XML comment or processing instruction: only its tail is text
            elif tag in (q("text:span"), q("text:a")):
                signature = wrapper_signature(child, self.context.styles)
                self.inline(child, wrappers + ((child, signature),) if signature else wrappers)
            elif tag == q("text:s"):
                count = child.get(q("text:c"), "1")
                self.add(" " * (min(int(count), _MAX_SPACES) if count.isdigit() and int(count) > 0 else 1), wrappers)
                self.collapse = False
            elif tag in (q("text:tab"), q("text:line-break")):
                self.add("\t" if tag == q("text:tab") else "\n", wrappers)
                self.collapse = False
            elif tag in _CHANGE_MARKS:
                self.context.walk.tracked = True
            elif tag in _TRANSPARENT:
                self.inline(child, wrappers)
            else:
                walk = self.context.walk
                self.objects.append(InlineObject(self.length, len(walk.things)))
                walk.things.append(Thing(child, tuple(w for w, _ in wrappers), tuple(s for _, s in wrappers)))
                self.collapse = self.collapse and tag in _MARKS
                self.hanging.append(child)
            if child.tail:
                self.characters(child.tail, wrappers)


def _heading(element: Any, styles: StyleIndex) -> int:
    if element.tag == q("text:h"):
        level = element.get(q("text:outline-level"), "")
        return int(level) if level.isdigit() and 0 < int(level) <= 10 else 1
    return 1 if "Title" in styles.names("paragraph", element.get(q("text:style-name"))) else 0


def _paragraph(context: _Context, element: Any, role: str) -> None:
    builder = _Paragraph(context)
    builder.inline(element, ())
    if role in _BODY_LIKE and ("Caption" in context.styles.names("paragraph", element.get(q("text:style-name"))) or element.find(f".//{q('text:sequence')}") is not None):
        role = "caption"
    paragraph = SourceParagraph("".join(builder.text), tuple(builder.runs), role, tuple(builder.objects), _heading(element, context.styles))
    context.walk.slots.append(Slot("p", element, paragraph, context.part))
    for thing in builder.hanging:
        if thing.tag == q("text:note"):
            _inside(context, thing, "endnote" if thing.get(q("text:note-class")) == "endnote" else "footnote")
        elif thing.tag == q("office:annotation"):
            _inside(context, thing, "comment")
        else:
            _inside(context, thing, "textbox" if role in _BODY_LIKE else role)


def _block(context: _Context, element: Any, role: str) -> None:
    tag = element.tag
    if tag in _PARAGRAPHS:
        _paragraph(context, element, role)
    elif tag == q("table:table"):
        _blocks(context, element, "table" if role == "body" else role)
    elif tag in _CONTAINERS:
        _blocks(context, element, role)
    elif tag in _DRAWINGS:
        # A frame anchored to the page or a section sits between paragraphs.
        _inside(context, element, "textbox" if role in _BODY_LIKE else role)


def _blocks(context: _Context, container: Any, role: str) -> None:
    for child in container:
        _block(context, child, role)


def _inside(context: _Context, element: Any, role: str) -> None:
    """The paragraphs an object holds (``role`` for them), and its images' titles and descriptions."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _NOT_TEXT:
            continue
        if tag in (q("svg:title"), q("svg:desc")):
            text = RTL_MARKS.sub("", "".join(child.itertext()))
            if text.strip():
                key = context.walk.key_of(context.part, (), ())
                context.walk.slots.append(Slot("alt", child, SourceParagraph(text, (RunSpan(0, len(text), key),), "alt"), context.part))
        elif tag in _PARAGRAPHS or tag in _CONTAINERS or tag == q("table:table"):
            _block(context, child, role)
        else:
            _inside(context, child, role)


def _page_parts(styles: Any, tags: tuple[str, ...]) -> list[tuple[Any, str]]:
    """The headers or footers of every master page, in order, with their role."""
    found = []
    master = styles.find(q("office:master-styles")) if styles is not None else None
    for page in master.iter(q("style:master-page")) if master is not None else ():
        for child in page:
            if isinstance(child.tag, str) and _local(child.tag) in tags and child.tag.startswith(("{" + NS["style"], "{" + NS["loext"])):
                found.append((child, "header" if _local(child.tag).startswith("header") else "footer"))
    return found


def walk(content: Any, styles: Any, meta: Any) -> Walk:
    """The paragraphs of a document: ``content.xml``, ``styles.xml`` and ``meta.xml`` parsed (the
    last two may be None), in the order of the module docstring."""
    result = Walk()
    office_meta = meta.find(q("office:meta")) if meta is not None else None
    for tag in ("dc:title", "dc:subject", "dc:description"):
        element = office_meta.find(q(tag)) if office_meta is not None else None
        text = RTL_MARKS.sub("", element.text or "") if element is not None else ""
        if text.strip():
            result.slots.append(Slot("meta", element, SourceParagraph(text, (RunSpan(0, len(text), result.key_of("meta", (), ())),), "meta"), "meta.xml"))
    in_styles = _Context(result, "styles.xml", style_index(styles, styles))
    in_content = _Context(result, "content.xml", style_index(content, styles))
    for container, role in _page_parts(styles, _HEADERS):
        _blocks(in_styles, container, role)
    body = content.find(f"{q('office:body')}/{q('office:text')}")
    if body is not None:
        result.tracked |= any(True for _ in body.iter(q("text:changed-region")))
        _blocks(in_content, body, "body")
    for container, role in _page_parts(styles, _FOOTERS):
        _blocks(in_styles, container, role)
    return result

