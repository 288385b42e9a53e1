"""Turning a right-to-left OpenDocument text into a left-to-right English one, in place.

Direction: every ``style:writing-mode`` ``rl-tb``/``rl`` becomes ``lr-tb``/``lr`` — paragraph, table,
cell, section, frame and page-layout properties, in ``content.xml`` and ``styles.xml`` alike.

Alignment. LibreOffice reads ``fo:text-align`` logically: ``start`` (and ``left``) is the side a line
starts on, the right edge of a right-to-left paragraph; ``end`` (and ``right``) is the left edge.
Mirrored into English, the start-aligned Arabic becomes start-aligned English (left) by itself; an
end-aligned one sat at the left edge already, and an English body is left-aligned, so in a style that
was right-to-left ``end``/``right`` become ``start``/``left`` (``fo:text-align-last`` too). A
paragraph that was right-to-left (or holds mostly Arabic letters, which a naive generator
right-aligns without marking it RTL) but gets ``end``/``right`` from a style that was not gets an
automatic style of its own saying ``start``. Centred and justified stay. Tables that were
right-to-left and aligned ``right`` are aligned ``left``.

Language: ``fo:language="ar"`` becomes ``en`` (its ``fo:country`` ``US``, its ``fo:script`` goes),
an Arabic ``style:rfc-language-tag`` ``en-US``, Arabic date and number styles English, and
``meta.xml``'s ``dc:language`` ``en``. The complex-script language, country and fonts stay — they
only apply to Arabic-script text, such as a name the translation kept; complex-script weight,
posture and size are carried onto the Western ones where those are absent (as the keys do). Arabic
list and page-number formats (``أ, ب, ت``, ``١, ٢, ٣``) become ``a`` and ``1``; invisible RTL marks go.
Tracked changes are accepted: ``text:tracked-changes`` (the deleted text) and the change marks go.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any

from translate.formats.docx_read import RTL_MARKS
from translate.formats.docx_rtl import arabic_majority
from translate.formats.odt_read import COMPLEX_TO_WESTERN, NS, StyleIndex, q, style_index

__all__ = ["accept_changes", "make_left_to_right"]

_TO_LTR = {"rl-tb": "lr-tb", "rl": "lr"}
_END_SIDE = {"end": "start", "right": "left"}
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")
_WRITING_MODE = q("style:writing-mode")
_ALIGN = q("fo:text-align")
_ALIGN_LAST = q("fo:text-align-last")
_ENGLISH = ("en", "US")


def accept_changes(root: Any) -> bool:
    """Accept every tracked change of a part: the body already holds the current text, so the
    record of changes (with the deleted text) and the change marks go. Whether any was found."""
    found = False
    for element in list(root.iter(q("text:tracked-changes"), q("text:change-start"), q("text:change-end"), q("text:change"))):
        found = found or element.tag != q("text:tracked-changes") or len(element) > 0
        _remove_keeping_tail(element)
    return found


def _remove_keeping_tail(element: Any) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _properties(style: Any, kind: str) -> Any:
    return style.find(q(f"style:{kind}-properties"))


def _page_rtl(styles: Any) -> bool:
    """Whether the first master page (``Standard`` if there is one) lays pages out right-to-left."""
    if styles is None:
        return False
    pages = list(styles.iter(q("style:master-page")))
    page = next((p for p in pages if p.get(q("style:name")) == "Standard"), pages[0] if pages else None)
    if page is None:
        return False
    name = page.get(q("style:page-layout-name"))
    for layout in styles.iter(q("style:page-layout")):
        if layout.get(q("style:name")) == name:
            properties = layout.find(q("style:page-layout-properties"))
            return properties is not None and (properties.get(_WRITING_MODE) or "").startswith("rl")
    return False


def _inherited(chain: list[Any], kind: str, attribute: str) -> str | None:
    for style in chain:
        properties = _properties(style, kind)
        if properties is not None and properties.get(attribute) is not None:
            return properties.get(attribute)
    return None


def _was_rtl(chain: list[Any], page_rtl: bool) -> bool:
    mode = _inherited(chain, "paragraph", _WRITING_MODE)
    return page_rtl if mode in (None, "page") else mode.startswith("rl")


def _all_paragraph_styles(index: StyleIndex) -> list[Any]:
    styles = [style for (family, _), style in index.automatic.items() if family == "paragraph"]
    styles += [style for (family, _), style in index.common.items() if family == "paragraph"]
    return styles + ([index.defaults["paragraph"]] if "paragraph" in index.defaults else [])


def _turn_styles(index: StyleIndex, page_rtl: bool, with_common: bool) -> None:
    """In every paragraph style that was RTL, end-side alignment (own or inherited) becomes start;
    common and default styles only ``with_common`` (they are turned once, with ``styles.xml``)."""
    for style in _all_paragraph_styles(index):
        automatic = style is index.automatic.get(("paragraph", style.get(q("style:name"), "")))
        if not (automatic or with_common):
            continue
        chain = [style] if style.tag == q("style:default-style") else [style] + index.chain("paragraph", style.get(q("style:parent-style-name")))
        if not _was_rtl(chain, page_rtl):
            continue
        for attribute in (_ALIGN, _ALIGN_LAST):
            value = _inherited(chain, "paragraph", attribute)
            if value in _END_SIDE:
                properties = _properties(style, "paragraph")
                if properties is None:
                    properties = style.makeelement(q("style:paragraph-properties"), {})
                    style.insert(0, properties)
                properties.set(attribute, _END_SIDE[value])


def _own_start_style(root: Any, index: StyleIndex, name: str | None, made: dict[str | None, str]) -> str:
    """An automatic paragraph style like ``name`` but aligned ``start`` (made once per name)."""
    if name in made:
        return made[name]
    holder = root.find(q("office:automatic-styles"))
    if holder is None:
        # The schema puts automatic styles before the body (content.xml) or master styles (styles.xml).
        holder = root.makeelement(q("office:automatic-styles"), {})
        following = next((child for child in root if child.tag in (q("office:body"), q("office:master-styles"))), None)
        if following is not None:
            following.addprevious(holder)
        else:
            root.append(holder)
    taken = {style.get(q("style:name")) for style in holder}
    number = len(made) + 1
    while f"Pltr{number}" in taken:
        number += 1

    automatic = index.automatic.get(("paragraph", name)) if name else None
    if automatic is not None:
        style = deepcopy(automatic)
    else:
        style = holder.makeelement(q("style:style"), {q("style:family"): "paragraph"})
        if name:
            style.set(q("style:parent-style-name"), name)
    style.set(q("style:name"), f"Pltr{number}")
    properties = _properties(style, "paragraph")
    if properties is None:
        properties = style.makeelement(q("style:paragraph-properties"), {})
        style.insert(0, properties)
    properties.set(_ALIGN, "start")
    holder.append(style)
    index.automatic[("paragraph", f"Pltr{number}")] = style
    made[name] = f"Pltr{number}"
    return made[name]


def _turn_paragraphs(root: Any, index: StyleIndex, page_rtl: bool, was_rtl: dict[str | None, bool]) -> None:
    made: dict[str | None, str] = {}
    for paragraph in list(root.iter(q("text:p"), q("text:h"))):
        name = paragraph.get(q("text:style-name"))
        if not (was_rtl.get(name, page_rtl) or arabic_majority("".join(paragraph.itertext()))):
            continue
        if _inherited(index.chain("paragraph", name), "paragraph", _ALIGN) in _END_SIDE:
            paragraph.set(q("text:style-name"), _own_start_style(root, index, name, made))


def _turn_tables(index: StyleIndex) -> None:
    for (family, _), style in [*index.automatic.items(), *index.common.items()]:
        properties = _properties(style, "table") if family == "table" else None
        if properties is not None and (properties.get(_WRITING_MODE) or "").startswith("rl") and properties.get(q("table:align")) == "right":
            properties.set(q("table:align"), "left")


def _english(element: Any) -> None:
    """Everything that is not alignment, on one element (see the module docstring)."""
    attributes = element.attrib
    if attributes.get(_WRITING_MODE) in _TO_LTR:
        attributes[_WRITING_MODE] = _TO_LTR[attributes[_WRITING_MODE]]
    for prefix in ("fo", "number"):
        language, country = f"{{{NS[prefix]}}}language", f"{{{NS[prefix]}}}country"
        if (attributes.get(language) or "").lower() == "ar":
            attributes[language] = _ENGLISH[0]
            if country in attributes:
                attributes[country] = _ENGLISH[1]
            attributes.pop(f"{{{NS[prefix]}}}script", None)
    tag = q("style:rfc-language-tag")
    if (attributes.get(tag) or "").lower().startswith("ar"):
        attributes[tag] = "-".join(_ENGLISH)
    number_format = q("style:num-format")
    if _ARABIC.search(attributes.get(number_format) or ""):
        attributes[number_format] = "1" if _ARABIC_DIGITS.search(attributes[number_format]) else "a"
    if element.tag == q("style:text-properties"):
        for complex_name, western in COMPLEX_TO_WESTERN:
            if complex_name in attributes and western not in attributes:
                attributes[western] = attributes[complex_name]
    for name, value in list(attributes.items()):
        if RTL_MARKS.search(value):
            attributes[name] = RTL_MARKS.sub("", value)
    if element.text and RTL_MARKS.search(element.text):
        element.text = RTL_MARKS.sub("", element.text)
    if element.tail and RTL_MARKS.search(element.tail):
        element.tail = RTL_MARKS.sub("", element.tail)


def make_left_to_right(content: Any, styles: Any, meta: Any) -> None:
    """Everything in the module docstring, on the parsed ``content.xml``, ``styles.xml`` and
    ``meta.xml`` (the last two may be None); run it on the Arabic, before the English is written."""
    page_rtl = _page_rtl(styles)
    # styles.xml first: its common styles are turned before content.xml's paragraphs look at them.
    parts = ([(styles, style_index(styles, styles), True)] if styles is not None else []) + [(content, style_index(content, styles), False)]
    # What was RTL is decided on the original styles, before anything is turned.
    was_rtl = [{name: _was_rtl(index.chain("paragraph", name), page_rtl) for name in {p.get(q("text:style-name")) for p in root.iter(q("text:p"), q("text:h"))}} for root, index, _ in parts]
    for (root, index, with_common), before in zip(parts, was_rtl):
        _turn_styles(index, page_rtl, with_common)
        _turn_paragraphs(root, index, page_rtl, before)
        _turn_tables(index)
    for root in (content, styles, meta):
        if root is None:
            continue
        for element in root.iter():
            if isinstance(element.tag, str):
                _english(element)
    office_meta = meta.find(q("office:meta")) if meta is not None else None
    language = office_meta.find(q("dc:language")) if office_meta is not None else None
    if language is not None:
        language.text = _ENGLISH[0]
