"""A parsed page as its paragraphs: which elements hold text, which are inline, which are never read.

The reader (:mod:`translate.formats.html`) and the writer walk the page with :func:`walk_page`, so
the ``i``-th part, a run's key and an object's key name the same things on both sides.

The rules, as a reader of the page sees it:

- A **block** (``p``, ``h1``–``h6``, ``li``, ``td``/``th``, ``figcaption``, ``div``, ``title``,
  ``option``, ``button``…; see :data:`BLOCKS`) holds paragraphs: its inline content — text and the
  inline elements around it (:data:`INLINE`, and any element not named here, as CSS renders unknown
  and custom elements inline) — is one paragraph; a nested block ends it, and text after the nested
  block is another paragraph. Whitespace between blocks is not a paragraph; a leaf block that holds
  nothing (``<td></td>``) is one, empty, so every cell keeps its index.
- ``<br>`` is a line break in the paragraph's text (``"\\n"``).
- **Objects** sit in a paragraph without text of their own: images, form controls, media, and every
  element whose content is never translated — ``script``, ``style``, ``code``, ``kbd``, ``samp``,
  ``var``, ``textarea``, ``template``, ``svg``, ``math``, ``iframe`` and ``noscript`` (its content is
  what a browser shows only with scripting off, every browser's default is on, and it is mostly a
  "please enable JavaScript" line or a tracking pixel) — and any inline element marked
  ``translate="no"`` (or with the ``notranslate`` class, Google's convention). They are kept as they
  are and put back at their offset. ``pre`` (and ``listing``, ``xmp``, ``plaintext``) and blocks
  marked ``translate="no"`` end the paragraph around them and are not read at all.
- **Attributes** a reader sees are paragraphs of their own, after the page's text: ``<meta>``
  description and Open Graph / Twitter title and description (role ``meta``), ``alt`` and an image's
  ``title`` (role ``alt``), other elements' ``title``, ``placeholder``, ``aria-label``, an
  ``optgroup``'s ``label`` and the ``value`` of a button-like ``<input>`` (role ``attribute``).
- Roles: ``meta`` for ``<title>``; ``header`` inside ``<nav>`` or a page-level ``<header>`` (one
  inside ``<article>``/``<main>`` holds the headline, so it stays ``body``); ``footer`` inside
  ``<footer>``; ``table`` in a cell; ``caption`` for ``figcaption``/``caption``; else ``body``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["BLOCKS", "INLINE", "Leaf", "PagePart", "PageWalk", "walk_page"]

#: Elements that hold paragraphs (a nested one ends the paragraph around it).
BLOCKS = frozenset(
    "address article aside blockquote body button caption center colgroup datalist dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html label legend li "
    "main marquee menu nav ol optgroup option p search section select summary table tbody td tfoot th thead title "
    "tr ul".split()
)
#: Leaf blocks whose paragraph is returned even when empty (so a cell, a list item keeps its index).
TEXT_BLOCKS = frozenset("address blockquote button caption dd dt figcaption h1 h2 h3 h4 h5 h6 label legend li option p summary td th title".split())
#: Inline elements (listed for the reader of this module; any element not named elsewhere is inline).
INLINE = frozenset("a abbr acronym b bdi bdo big blink cite data del dfn em font i ins mark nobr q rp rt ruby s small span strike strong sub sup time tt u".split())
#: Inline elements whose content is never translated: kept whole as objects.
VERBATIM_INLINE = frozenset("script style code kbd samp var textarea template svg math noscript iframe video audio object canvas".split())
#: Block elements whose content is never translated: they end the paragraph and are not read.
VERBATIM_BLOCKS = frozenset("pre listing xmp plaintext".split())
#: Void and replaced elements: objects in a paragraph.
VOID_OBJECTS = frozenset("img input embed wbr source track area param keygen meter progress image".split())
#: <meta> names and properties whose ``content`` a reader sees (in search results and shares).
META_TEXT = frozenset(
    "description og:title og:description og:site_name og:image:alt twitter:title twitter:description twitter:image:alt".split()
)
#: Attributes shown to a reader, with the role their paragraph gets.
_ATTRIBUTE_ROLES = (("title", "attribute"), ("placeholder", "attribute"), ("aria-label", "attribute"))
_BUTTON_INPUTS = frozenset({"button", "submit", "reset"})


@dataclass(frozen=True)
class Leaf:
    """One thing of a paragraph, in order: ``text`` (a text node), ``break`` (``<br>``) or
    ``object``; ``chain`` is the inline elements between the block and it, outermost first."""

    kind: str
    node: Any
    chain: tuple[Any, ...]
    text: str = ""


@dataclass(frozen=True)
class PagePart:
    """One paragraph of the page: the inline content of ``block`` (``leaves``), or the value of
    ``attribute`` on ``element``."""

    role: str
    heading: int = 0
    block: Any = None
    leaves: tuple[Leaf, ...] = ()
    element: Any = None
    attribute: str = ""


@dataclass
class PageWalk:
    """The parts in order (the page's text, then its attributes) and the inline elements that hold a
    block (by ``mem_id``): those stay where they are when a paragraph is rewritten."""

    parts: list[PagePart] = field(default_factory=list)
    holds_block: set[int] = field(default_factory=set)


@dataclass
class _Frame:
    block: Any
    tag: str
    role: str
    heading: int
    group: list[Leaf] = field(default_factory=list)
    nested: bool = False


@dataclass(frozen=True)
class _Context:
    frame: _Frame
    chain: tuple[Any, ...]
    area: str  # "body", "header", "footer"
    in_article: bool
    in_cell: bool


def _skipped(attributes: dict[str, str | None]) -> bool:
    if (attributes.get("translate") or "").strip().lower() == "no":
        return True
    return "notranslate" in (attributes.get("class") or "").split()


def _attribute_parts(node: Any, tag: str, attributes: dict[str, str | None], area: str) -> list[PagePart]:
    parts = []
    if tag == "meta":
        name = (attributes.get("name") or attributes.get("property") or "").strip().lower()
        if name in META_TEXT and attributes.get("content") is not None:
            parts.append(PagePart("meta", element=node, attribute="content"))
        return parts
    if tag in ("img", "area", "image") or (tag == "input" and (attributes.get("type") or "").lower() == "image"):
        for name in ("alt", "title"):
            if attributes.get(name) is not None:
                parts.append(PagePart("alt", element=node, attribute=name))
        return parts
    for name, role in _ATTRIBUTE_ROLES:
        if attributes.get(name) is not None:
            parts.append(PagePart(role, element=node, attribute=name))
    if tag == "optgroup" and attributes.get("label") is not None:
        parts.append(PagePart("attribute", element=node, attribute="label"))
    if tag == "input" and (attributes.get("type") or "").lower() in _BUTTON_INPUTS and attributes.get("value") is not None:
        parts.append(PagePart("attribute", element=node, attribute="value"))
    return parts


def _has_text(group: list[Leaf]) -> bool:
    return any(leaf.kind == "text" and leaf.text.strip() for leaf in group)


def _flush(frame: _Frame, parts: list[PagePart], final: bool) -> None:
    group, frame.group = frame.group, []
    if _has_text(group) or (final and not frame.nested and frame.tag in TEXT_BLOCKS):
        parts.append(PagePart(frame.role, frame.heading, frame.block, tuple(group)))


def _frame_for(node: Any, tag: str, context: _Context | None) -> tuple[_Frame, _Context]:
    area = context.area if context else "body"
    in_article = context.in_article if context else False
    in_cell = context.in_cell if context else False
    if tag == "nav" or (tag == "header" and not in_article):
        area = "header"
    elif tag == "footer":
        area = "footer"
    if tag in ("article", "main"):
        in_article = True
    if tag in ("td", "th"):
        in_cell = True
    if area != "body":
        role = area
    elif tag == "title":
        role = "meta"
    elif tag in ("figcaption", "caption"):
        role = "caption"
    elif in_cell:
        role = "table"
    else:
        role = "body"
    heading = int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456" else 0
    frame = _Frame(node, tag, role, heading)
    return frame, _Context(frame, (), area, in_article, in_cell)


def walk_page(root: Any) -> PageWalk:
    """The parts of the page under ``root`` (its ``<html>`` element), in reading order, walked
    without recursion so that a page nested ten thousand deep is walked like any other."""
    result = PageWalk()
    attributes_found: list[PagePart] = []
    frame, context = _frame_for(root, root.tag, None)
    _visit_children(root, context, result, attributes_found, [("exit", frame)])
    result.parts.extend(attributes_found)
    return result


def _visit_children(root: Any, context: _Context, result: PageWalk, attributes_found: list[PagePart], stack: list[tuple[Any, ...]]) -> None:
    stack.extend(("enter", child, context) for child in reversed(list(root.iter(include_text=True))))
    parts = result.parts
    while stack:
        item = stack.pop()
        if item[0] == "exit":
            _flush(item[1], parts, final=True)
            continue
        _, node, context = item
        if node.is_text_node:
            context.frame.group.append(Leaf("text", node, context.chain, node.text_content or ""))
            continue
        if not node.is_element_node:
            continue  # comments, processing instructions
        tag = node.tag.lower()
        attributes = node.attributes
        skipped = _skipped(attributes)
        if not skipped:
            attributes_found.extend(_attribute_parts(node, tag, attributes, context.area))
        if tag in BLOCKS or tag in VERBATIM_BLOCKS:
            result.holds_block.update(element.mem_id for element in context.chain)
            frame = context.frame
            _flush(frame, parts, final=False)
            frame.nested = True
            if skipped or tag in VERBATIM_BLOCKS:
                continue
            inner_frame, inner = _frame_for(node, tag, context)
            stack.append(("exit", inner_frame))
            stack.extend(("enter", child, inner) for child in reversed(list(node.iter(include_text=True))))
        elif skipped or tag in VERBATIM_INLINE or tag in VOID_OBJECTS:
            context.frame.group.append(Leaf("object", node, context.chain))
        elif tag == "br":
            context.frame.group.append(Leaf("break", node, context.chain))
        else:
            inner = _Context(context.frame, context.chain + (node,), context.area, context.in_article, context.in_cell)
            stack.extend(("enter", child, inner) for child in reversed(list(node.iter(include_text=True))))
