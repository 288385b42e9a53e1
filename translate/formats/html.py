"""Web pages (``.html``, ``.htm``, ``.xhtml``): paragraphs of runs in, the English page out.

Reading: the page is decoded (:mod:`~translate.formats.html_decode`), parsed as a browser parses it
(:mod:`~translate.formats.html_tree`) and walked into paragraphs (:mod:`~translate.formats.html_walk`
states which elements hold text and which are never read). A paragraph's text is what a reader sees:
whitespace collapsed as CSS ``white-space: normal`` renders it, ``<br>`` a ``"\\n"``, entities
decoded by the parser (``&amp;`` reads ``&``), direction marks dropped. A run's **key** is the chain
of inline elements around its text — tag and attributes, so ``<a href=…>`` keeps its target — with
what a reader cannot see left out: ``data-*``, ``lang``, ``dir`` and ``spellcheck`` attributes, and
``span``/``font``/``bdi``/``bdo`` elements that have nothing else (editors split text into such spans,
and they must not split a sentence's runs). Key 0 is plain text. An object's key numbers the page's
inline objects in reading order.

Writing re-parses the original, replaces each paragraph's inline content by its English — every run
wrapped in fresh copies of its key's elements, consecutive runs sharing the outer ones (one ``<a>``
around a link's two runs), objects moved to their offsets (any the English forgot go at its end) —
sets the attributes that were paragraphs, then turns the page left-to-right
(:mod:`~translate.formats.html_rtl`) and encodes it as UTF-8.

An inline element that also holds a block (``<a href><h3>…</h3> summary</a>``, a teaser card) stays
where it is; the paragraph's English is written inside it for the runs whose key starts with it, and
beside it for the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate.formats.base import InlineObject, RunSpan, SourceDocument, SourceParagraph, TargetParagraph
from translate.formats.html_decode import decode_page
from translate.formats.html_rtl import left_to_right, strip_marks
from translate.formats.html_tree import parse_page, serialise_page
from translate.formats.html_walk import Leaf, PagePart, walk_page

__all__ = ["HTML", "HtmlFormat"]

#: Attributes that change nothing a reader sees of a run (or only its direction and language).
_INVISIBLE_ATTRIBUTES = frozenset({"lang", "xml:lang", "dir", "spellcheck", "contenteditable", "translate"})
#: Elements that look like nothing without attributes.
_TRANSPARENT = frozenset({"span", "font", "bdi", "bdo"})
#: Whitespace HTML collapses (not the no-break space).
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")

Descriptor = tuple[str, tuple[tuple[str, str], ...]]


class _Keys:
    """Run keys in order of first appearance: each a chain of element descriptors."""

    def __init__(self) -> None:
        self.index: dict[tuple[Descriptor, ...], int] = {(): 0}
        self.chains: list[tuple[Descriptor, ...]] = [()]
        #: The first elements seen for each key, to copy their (possibly translated) attributes.
        self.elements: list[tuple[Any, ...]] = [()]
        self._described: dict[int, Descriptor | None] = {}

    def describe(self, element: Any) -> Descriptor | None:
        cached = self._described.get(element.mem_id, False)
        if cached is not False:
            return cached
        tag = element.tag.lower()
        attributes = tuple(sorted((name, value or "") for name, value in element.attributes.items() if name not in _INVISIBLE_ATTRIBUTES and not name.startswith("data-")))
        descriptor = None if tag in _TRANSPARENT and not attributes else (tag, attributes)
        self._described[element.mem_id] = descriptor
        return descriptor

    def key_of(self, chain: tuple[Any, ...]) -> int:
        seen = [(element, self.describe(element)) for element in chain]
        kept = [(element, descriptor) for element, descriptor in seen if descriptor is not None]
        descriptors = tuple(descriptor for _, descriptor in kept)
        key = self.index.get(descriptors)
        if key is None:
            key = len(self.chains)
            self.index[descriptors] = key
            self.chains.append(descriptors)
            self.elements.append(tuple(element for element, _ in kept))
        return key


@dataclass
class _Content:
    """A paragraph's text, runs and objects, with each object's node and chain key."""

    text: str
    runs: tuple[RunSpan, ...]
    objects: tuple[InlineObject, ...]
    object_nodes: dict[int, tuple[Any, int]] = field(default_factory=dict)


def _content(leaves: tuple[Leaf, ...], keys: _Keys, next_object: int) -> _Content:
    """Collapse whitespace across the leaves as a browser renders it and record runs and objects."""
    pieces: list[list[Any]] = []  # [text, key]
    objects: list[list[int]] = []  # [offset, object key]
    object_nodes: dict[int, tuple[Any, int]] = {}
    length = 0

    def last_char() -> str:
        for piece in reversed(pieces):
            if piece[0]:
                return piece[0][-1]
        return ""

    def trim_end() -> None:
        nonlocal length
        for piece in reversed(pieces):
            if not piece[0]:
                continue
            if piece[0].endswith(" "):
                piece[0] = piece[0][:-1]
                length -= 1
            break
        for item in objects:
            item[0] = min(item[0], length)

    for leaf in leaves:
        key = keys.key_of(leaf.chain)
        if leaf.kind == "object":
            objects.append([length, next_object])
            object_nodes[next_object] = (leaf.node, key)
            next_object += 1
        elif leaf.kind == "break":
            trim_end()
            pieces.append(["\n", key])
            length += 1
        else:
            text = _HTML_SPACE.sub(" ", strip_marks(leaf.text))
            if text.startswith(" ") and last_char() in ("", " ", "\n"):
                text = text[1:]
            pieces.append([text, key])
            length += len(text)
    trim_end()
    text_parts, runs = [], []
    position = 0
    for text, key in pieces:
        if not text:
            continue
        if runs and runs[-1].key == key:
            runs[-1] = RunSpan(runs[-1].start, position + len(text), key)
        else:
            runs.append(RunSpan(position, position + len(text), key))
        text_parts.append(text)
        position += len(text)
    return _Content("".join(text_parts), tuple(runs), tuple(InlineObject(offset, key) for offset, key in objects), object_nodes)


def _attribute_text(value: str | None) -> str:
    return _HTML_SPACE.sub(" ", strip_marks(value or "")).strip()


def _is_xhtml(path: str) -> bool:
    return Path(path).suffix.lower() == ".xhtml"


@dataclass(frozen=True)
class _Walked:
    tree: Any
    doctype: str
    parts: list[PagePart]
    holds_block: set[int]
    keys: _Keys
    contents: list[_Content | None]


def _walk(data: bytes, path: str) -> _Walked:
    tree, doctype = parse_page(data, path, _is_xhtml(path))
    walked = walk_page(tree.root)
    keys = _Keys()
    contents: list[_Content | None] = []
    next_object = 0
    for part in walked.parts:
        if part.element is not None:
            contents.append(None)
            continue
        content = _content(part.leaves, keys, next_object)
        next_object += len(content.objects)
        contents.append(content)
    return _Walked(tree, doctype, walked.parts, walked.holds_block, keys, contents)


class HtmlFormat:
    """Web pages; see the module docstring for what is read and how the English is written."""

    name = "html"
    suffixes = (".html", ".htm", ".xhtml")

    def read(self, data: bytes, path: str) -> SourceDocument:
        walked = _walk(data, path)
        paragraphs = []
        for part, content in zip(walked.parts, walked.contents):
            if content is None:
                text = _attribute_text(part.element.attributes.get(part.attribute))
                paragraphs.append(SourceParagraph(text, (RunSpan(0, len(text), 0),) if text else (), role=part.role))
            else:
                paragraphs.append(SourceParagraph(content.text, content.runs, role=part.role, objects=content.objects, heading=part.heading))
        encoding = decode_page(data, path).encoding
        notes = (f"read as {encoding}",) if encoding != "utf-8" else ()
        return SourceDocument(self.name, tuple(paragraphs), notes)

    def write(self, data: bytes, paragraphs: list[TargetParagraph | None], path: str) -> bytes:
        from translate.formats.html_replace import BuildSpecs, replace_paragraph

        walked = _walk(data, path)
        if len(paragraphs) != len(walked.parts):
            raise ValueError(f"{path}: {len(paragraphs)} paragraphs given for a page of {len(walked.parts)}")
        # Attributes first: a translated title on an <abbr> or an <img alt> is then copied with it.
        for part, target in zip(walked.parts, paragraphs):
            if target is not None and part.element is not None:
                part.element.attrs[part.attribute] = strip_marks(target.text)
        specs = BuildSpecs.of(walked.keys.chains, walked.keys.elements, _INVISIBLE_ATTRIBUTES)
        for part, content, target in zip(walked.parts, walked.contents, paragraphs):
            if target is not None and content is not None:
                replace_paragraph(walked.tree, part, content.object_nodes, target, specs, walked.keys.key_of, walked.holds_block)
        left_to_right(walked.tree)
        return serialise_page(walked.tree, walked.doctype, _is_xhtml(path))


HTML = HtmlFormat()
