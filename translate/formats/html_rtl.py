"""Turning a right-to-left Arabic page into a left-to-right English one, in place.

- ``<html lang="en" dir="ltr">``; every ``dir="rtl"`` becomes ``ltr``; ``lang``/``xml:lang`` naming
  Arabic (``ar``, ``ar-EG``, ``ar_SA``) become ``en``; ``og:locale`` ``ar_*`` becomes ``en_US`` and a
  ``Content-Language`` of Arabic becomes ``en``.
- CSS, in ``style`` attributes and ``<style>`` elements: ``direction: rtl`` becomes ``ltr``;
  ``unicode-bidi: bidi-override | embed | isolate-override | plaintext`` is removed; ``text-align:
  right`` becomes ``left`` only where it came with right-to-left — in the same rule (or attribute) as
  a ``direction: rtl``, or on ``html``/``body`` (a page-wide right alignment is the RTL default
  restated). Any other right alignment (a price column, a date) is the author's and stays, as do
  ``center`` and ``justify``. The old ``align="right"`` attribute follows the same rule.
- The invisible direction marks (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069) are removed
  from text and from translated attributes (never from scripts and styles, whose strings are code).
- The page declares UTF-8 (``<meta charset="utf-8">`` first in ``<head>``), as the writer encodes it.

Classes a theme keys its RTL stylesheet on (``body.rtl``) and external stylesheets are not touched:
the page's own markup is what a format can change.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["BIDI_MARKS", "left_to_right", "ltr_css", "strip_marks"]

#: Direction marks and embeddings/overrides/isolates: meaningful only around right-to-left text.
BIDI_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_MARKS = re.compile(f"[{BIDI_MARKS}]")
_ARABIC_LANG = re.compile(r"^\s*ar(?:[-_].*)?\s*$", re.IGNORECASE)
_DIRECTION_RTL = re.compile(r"(direction\s*:\s*)rtl\b", re.IGNORECASE)
_HAS_DIRECTION_RTL = re.compile(r"direction\s*:\s*rtl\b", re.IGNORECASE)
_TEXT_ALIGN_RIGHT = re.compile(r"(text-align\s*:\s*)right\b", re.IGNORECASE)
_UNICODE_BIDI = re.compile(r"unicode-bidi\s*:\s*(?:bidi-override|embed|isolate-override|plaintext)\s*(?:!\s*important\s*)?;?", re.IGNORECASE)
#: An innermost CSS block: its selector (or at-rule) text and its declarations.
_CSS_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
_PAGE_SELECTOR = re.compile(r"(?:^|[\s,>+~])(?:html|body|:root)(?=$|[\s.#:\[,>+~])", re.IGNORECASE)
_NOT_TEXT = frozenset({"script", "style", "template", "textarea"})


def strip_marks(text: str) -> str:
    """``text`` without direction marks."""
    return _MARKS.sub("", text) if text else text


def ltr_css(declarations: str, page_level: bool = False) -> str:
    """One declaration list (a ``style`` attribute, a rule's body) made left-to-right."""
    came_with_rtl = bool(_HAS_DIRECTION_RTL.search(declarations))
    result = _DIRECTION_RTL.sub(r"\1ltr", declarations)
    result = _UNICODE_BIDI.sub("", result)
    if came_with_rtl or page_level:
        result = _TEXT_ALIGN_RIGHT.sub(r"\1left", result)
    return result


def _ltr_stylesheet(css: str) -> str:
    def rule(match: re.Match[str]) -> str:
        selector, body = match.group(1), match.group(2)
        return selector + "{" + ltr_css(body, bool(_PAGE_SELECTOR.search(selector.split(";")[-1]))) + "}"

    return _CSS_RULE.sub(rule, css)


def _fix_element(node: Any, tag: str) -> None:
    attributes = node.attributes
    attrs = node.attrs
    was_rtl = (attributes.get("dir") or "").strip().lower() == "rtl"
    if was_rtl:
        attrs["dir"] = "ltr"
    for name in ("lang", "xml:lang"):
        value = attributes.get(name)
        if value is not None and _ARABIC_LANG.match(value):
            attrs[name] = "en"
    style = attributes.get("style")
    if style:
        fixed = ltr_css(style, tag in ("html", "body"))
        if fixed != style:
            attrs["style"] = fixed
    align = attributes.get("align")
    if align is not None and align.strip().lower() == "right" and (was_rtl or tag in ("html", "body")):
        attrs["align"] = "left"
    if tag == "meta":
        key = (attributes.get("property") or attributes.get("name") or attributes.get("http-equiv") or "").strip().lower()
        content = attributes.get("content") or ""
        if key == "og:locale" and _ARABIC_LANG.match(content):
            attrs["content"] = "en_US"
        elif key in ("content-language", "language") and _ARABIC_LANG.match(content):
            attrs["content"] = "en"


def left_to_right(tree: Any) -> None:
    """Make the parsed page ``tree`` (a selectolax Lexbor tree) left-to-right English, in place."""
    root = tree.root
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_text_node:
            text = node.text_content or ""
            if _MARKS.search(text):
                node.replace_with(strip_marks(text))
            continue
        if not node.is_element_node:
            continue
        tag = node.tag.lower()
        _fix_element(node, tag)
        if tag == "style":
            css = node.text(deep=True)
            fixed = _ltr_stylesheet(css)
            if fixed != css:
                for child in list(node.iter(include_text=True)):
                    child.decompose()
                node.insert_child(fixed)
            continue
        if tag in _NOT_TEXT:
            continue
        stack.extend(node.iter(include_text=True))
    root.attrs["lang"] = "en"
    root.attrs["dir"] = "ltr"
    _declare_utf8(tree)


def _declare_utf8(tree: Any) -> None:
    head = tree.head
    if head is None:
        return
    for meta in head.css("meta"):
        attributes = meta.attributes
        if "charset" in attributes or (attributes.get("http-equiv") or "").strip().lower() == "content-type":
            meta.decompose()
    meta = tree.create_node("meta")
    meta.attrs["charset"] = "utf-8"
    first = head.first_child
    if first is None:
        head.insert_child(meta)
    else:
        first.insert_before(meta)
