"""Turning a right-to-left Word document into a left-to-right English one, in place.

What goes, in every XML part of the package (document, styles, numbering, headers, footers, notes,
comments, settings): ``w:bidi`` (paragraphs and sections), ``w:rtl``, ``w:cs``, ``w:bidiVisual``,
``w:rtlGutter``, DrawingML ``rtl``/``rtlCol``, VML ``direction:rtl``, the ``w:bidi`` language of
``w:lang`` and ``w:themeFontLang``, ``w:hint="cs"`` (it makes spaces and punctuation take the
complex-script look), and the invisible RTL marks in text and attributes. ``w:lang``'s ``w:val``
becomes ``en-US``; complex-script formatting is carried to Latin (:func:`cs_to_latin`); Arabic list
and page-number formats (``arabicAlpha``, ``hindiNumbers``…) become Latin letters and digits.

Alignment. Word reads ``w:jc`` in a right-to-left paragraph logically: ``left``/``start`` is the start
side (the right edge) and ``right``/``end`` the end side (the left edge); LibreOffice's importer swaps
left and right for RTL paragraphs to get the same picture (``ExchangeLeftRight`` in writerfilter's
DomainMapper). So in a paragraph that was RTL — or one that holds mostly Arabic letters, which a
naive generator right-aligns without marking it RTL — any of the four is the reading side of the
Arabic and becomes ``left``: the start-aligned Arabic becomes start-aligned English, and an
end-aligned one was at the left edge already. Centred, justified and distributed stay (Arabic
``*Kashida`` justification becomes ``both``). A paragraph that inherits right alignment from a style
that was not RTL gets an explicit ``left``. Tables that were ``bidiVisual`` are placed the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from translate.formats.docx_parts import NS, q
from translate.formats.docx_read import RTL_MARKS, cs_to_latin

__all__ = ["StyleDirections", "arabic_majority", "accept_revisions", "make_left_to_right", "style_directions"]

W = NS["w"]
_SIDE_VALUES = {"left", "right", "start", "end"}
_KASHIDA = {"lowKashida", "mediumKashida", "highKashida"}
_RTL_ELEMENTS = {"bidi", "rtl", "bidiVisual", "rtlGutter"}
_FALSE = {"0", "false", "off"}
_NUMBER_FORMATS = {"arabicAlpha": "lowerLetter", "arabicAbjad": "lowerLetter", "hindiNumbers": "decimal", "hindiCounting": "decimal", "hindiVowels": "lowerLetter", "hindiConsonants": "lowerLetter"}
#: pPr children that come after ``w:jc`` in the schema: a new ``w:jc`` goes before the first of them.
_AFTER_JC = tuple(q("w:" + name) for name in ("textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z]")
_VML_RTL = re.compile(r"(direction\s*:\s*)rtl", re.IGNORECASE)
_REVISION_RECORDS = {q("w:" + name) for name in ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "tcPrChange", "trPrChange", "tblGridChange", "numberingChange", "cellIns")}


def _on(element: Any) -> bool:
    return element.get(q("w:val"), "true") not in _FALSE


@dataclass(frozen=True)
class StyleDirections:
    """Per paragraph style: whether it is RTL and its alignment (own or inherited), before and after
    the change; ``default`` is the default paragraph style's id."""

    bidi: dict[str, bool] = field(default_factory=dict)
    jc: dict[str, str] = field(default_factory=dict)
    default: str = ""
    default_bidi: bool = False
    table_bidi: dict[str, bool] = field(default_factory=dict)


def style_directions(styles: Any) -> StyleDirections:
    """Resolve direction and alignment of every paragraph and table style of ``styles`` (or None)."""
    if styles is None:
        return StyleDirections()
    own_bidi: dict[str, bool | None] = {}
    own_jc: dict[str, str | None] = {}
    own_visual: dict[str, bool | None] = {}
    based: dict[str, str] = {}
    default = ""
    defaults = styles.find(f"{q('w:docDefaults')}/{q('w:pPrDefault')}/{q('w:pPr')}")
    default_bidi = defaults is not None and defaults.find(q("w:bidi")) is not None and _on(defaults.find(q("w:bidi")))
    default_jc = defaults.find(q("w:jc")).get(q("w:val"), "") if defaults is not None and defaults.find(q("w:jc")) is not None else ""
    for style in styles.iter(q("w:style")):
        style_id = style.get(q("w:styleId"), "")
        if style.get(q("w:type")) == "paragraph" and style.get(q("w:default")) in ("1", "true", "on"):
            default = style_id
        properties = style.find(q("w:pPr"))
        bidi = properties.find(q("w:bidi")) if properties is not None else None
        jc = properties.find(q("w:jc")) if properties is not None else None
        visual = style.find(f"{q('w:tblPr')}/{q('w:bidiVisual')}")
        own_bidi[style_id] = _on(bidi) if bidi is not None else None
        own_jc[style_id] = jc.get(q("w:val"), "") if jc is not None else None
        own_visual[style_id] = _on(visual) if visual is not None else None
        parent = style.find(q("w:basedOn"))
        if parent is not None:
            based[style_id] = parent.get(q("w:val"), "")

    def resolve(style_id: str, own: dict, fallback: Any) -> Any:
        seen: set[str] = set()
        current: str | None = style_id
        while current and current not in seen:
            seen.add(current)
            if own.get(current) is not None:
                return own[current]
            current = based.get(current)
        return fallback

    return StyleDirections(
        {style_id: resolve(style_id, own_bidi, default_bidi) for style_id in own_bidi},
        {style_id: resolve(style_id, own_jc, default_jc) for style_id in own_jc},
        default,
        default_bidi,
        {style_id: resolve(style_id, own_visual, False) for style_id in own_visual},
    )


def arabic_majority(text: str) -> bool:
    """Whether ``text`` holds more Arabic letters than Latin ones (and some)."""
    arabic = len(_ARABIC.findall(text))
    return arabic > 0 and arabic > len(_LATIN.findall(text))


def _paragraph_text(paragraph: Any) -> str:
    return "".join(text.text or "" for text in paragraph.iter(q("w:t")))


def _set_jc(properties: Any, value: str) -> None:
    jc = properties.find(q("w:jc"))
    if jc is None:
        jc = properties.makeelement(q("w:jc"), {})
        following = next((child for child in properties if child.tag in _AFTER_JC), None)
        if following is not None:
            following.addprevious(jc)
        else:
            properties.append(jc)
    jc.set(q("w:val"), value)


def _align_paragraph(paragraph: Any, directions: StyleDirections, rtl_text: bool) -> None:
    properties = paragraph.find(q("w:pPr"))
    style_element = properties.find(q("w:pStyle")) if properties is not None else None
    style = style_element.get(q("w:val"), "") if style_element is not None else directions.default
    bidi = properties.find(q("w:bidi")) if properties is not None else None
    was_rtl = _on(bidi) if bidi is not None else directions.bidi.get(style, directions.default_bidi)
    if not (was_rtl or rtl_text):
        return
    own = properties.find(q("w:jc")) if properties is not None else None
    value = own.get(q("w:val"), "") if own is not None else None
    if value is not None:
        if value in _SIDE_VALUES:
            own.set(q("w:val"), "left")
        elif value in _KASHIDA:
            own.set(q("w:val"), "both")
        return
    # Inherited: a style that was RTL is turned left itself; one that was not keeps its right
    # alignment for LTR paragraphs, so this RTL paragraph says "left" explicitly.
    inherited = directions.jc.get(style, "")
    if inherited in ("right", "end") and not directions.bidi.get(style, directions.default_bidi):
        if properties is None:
            properties = paragraph.makeelement(q("w:pPr"), {})
            paragraph.insert(0, properties)
        _set_jc(properties, "left")


def _align_styles(styles: Any, directions: StyleDirections) -> None:
    for style in styles.iter(q("w:style")):
        style_id = style.get(q("w:styleId"), "")
        jc = style.find(f"{q('w:pPr')}/{q('w:jc')}")
        if jc is not None and directions.bidi.get(style_id):
            value = jc.get(q("w:val"), "")
            jc.set(q("w:val"), "left" if value in _SIDE_VALUES else "both" if value in _KASHIDA else value)
        table_jc = style.find(f"{q('w:tblPr')}/{q('w:jc')}")
        if table_jc is not None and directions.table_bidi.get(style_id) and table_jc.get(q("w:val"), "") in _SIDE_VALUES:
            table_jc.set(q("w:val"), "left")
    defaults = styles.find(f"{q('w:docDefaults')}/{q('w:pPrDefault')}/{q('w:pPr')}")
    jc = defaults.find(q("w:jc")) if defaults is not None else None
    if jc is not None and directions.default_bidi and jc.get(q("w:val"), "") in _SIDE_VALUES:
        jc.set(q("w:val"), "left")


def _align_table(table: Any, directions: StyleDirections) -> None:
    properties = table.find(q("w:tblPr"))
    if properties is None:
        return
    visual = properties.find(q("w:bidiVisual"))
    style = properties.find(q("w:tblStyle"))
    was_rtl = _on(visual) if visual is not None else directions.table_bidi.get(style.get(q("w:val"), "") if style is not None else "", False)
    if not was_rtl:
        return
    jc_elements = [properties.find(q("w:jc"))] + [row.find(f"{q('w:trPr')}/{q('w:jc')}") for row in table.findall(q("w:tr"))]
    for jc in jc_elements:
        if jc is not None and jc.get(q("w:val"), "") in _SIDE_VALUES:
            jc.set(q("w:val"), "left")


def accept_revisions(root: Any) -> bool:
    """Accept every tracked change of a part in place: inserted content stays (unwrapped), deleted
    and moved-away content goes, formatting-change records go. A deleted paragraph mark or table
    row keeps its paragraph or row (the walk's paragraph count must not change). Whether any was found."""
    found = False
    for element in list(root.iter(q("w:del"), q("w:moveFrom"), q("w:ins"), q("w:moveTo"), *_REVISION_RECORDS)):
        parent = element.getparent()
        if parent is None:
            continue
        found = True
        if element.tag in _REVISION_RECORDS or parent.tag in (q("w:rPr"), q("w:trPr"), q("w:tcPr"), q("w:numPr")):
            parent.remove(element)
        elif element.tag in (q("w:del"), q("w:moveFrom")):
            _remove_keeping_tail(element)
        else:
            for child in list(element):
                element.addprevious(child)
            _remove_keeping_tail(element)
    for marker in list(root.iter(*(q("w:" + name) for name in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")))):
        _remove_keeping_tail(marker)
    return found


def _remove_keeping_tail(element: Any) -> None:
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


_TAGS = tuple(q(name) for name in ("w:cs", "w:lang", "w:themeFontLang", "w:bidi", "w:val", "w:rFonts", "w:hint", "w:numFmt", "w:pgNumType", "w:fmt"))


def make_left_to_right(root: Any, directions: StyleDirections, is_styles: bool = False) -> None:
    """Everything in the module docstring, on one parsed part (``is_styles`` for ``styles.xml``:
    its styles' own alignment is turned too)."""
    if is_styles:
        _align_styles(root, directions)
    for paragraph in root.iter(q("w:p")):
        _align_paragraph(paragraph, directions, arabic_majority(_paragraph_text(paragraph)))
    for table in root.iter(q("w:tbl")):
        _align_table(table, directions)
    for rpr in root.iter(q("w:rPr")):
        cs_to_latin(rpr)
    removed = []
    w_cs, w_lang, w_theme_lang, w_bidi, w_val, w_fonts, w_hint, w_num, w_page, w_fmt = _TAGS
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if tag.rsplit("}", 1)[-1] in _RTL_ELEMENTS or tag == w_cs:
            removed.append(element)
            continue
        if tag == w_lang or tag == w_theme_lang:
            element.attrib.pop(w_bidi, None)
            if tag == w_lang and element.get(w_val) is not None:
                element.set(w_val, "en-US")
            if tag == w_lang and not element.attrib:
                removed.append(element)
        elif tag == w_fonts and element.get(w_hint) == "cs":
            element.attrib.pop(w_hint)
        elif tag == w_num or tag == w_page:
            attribute = w_val if tag == w_num else w_fmt
            if element.get(attribute) in _NUMBER_FORMATS:
                element.set(attribute, _NUMBER_FORMATS[element.get(attribute)])
        attributes = element.attrib
        if attributes:
            attributes.pop("rtl", None)
            attributes.pop("rtlCol", None)
            for name, value in attributes.items():
                cleaned = RTL_MARKS.sub("", value)
                if name == "style":
                    cleaned = _VML_RTL.sub(r"\1ltr", cleaned)
                if cleaned != value:
                    element.set(name, cleaned)
        if element.text and RTL_MARKS.search(element.text):
            element.text = RTL_MARKS.sub("", element.text)
        if element.tail and RTL_MARKS.search(element.tail):
            element.tail = RTL_MARKS.sub("", element.tail)
    for element in removed:
        _remove_keeping_tail(element)
