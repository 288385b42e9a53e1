"""TBX in and out.

Reads TBX-Basic in both layouts — the 2008 ``martif`` one (``termEntry`` / ``langSet`` / ``tig`` or
``ntig``/``termGrp``) and ISO 30042:2019 (``tbx`` / ``conceptEntry`` / ``langSec`` / ``termSec``), with
or without namespaces — and writes the ``martif`` layout, which every CAT tool imports.

Within a concept, every Arabic term is a spelling variant; the first English term not marked as a
short form is ``en``; an English term whose ``termNote type="termType"`` is ``shortForm`` (or
``abbreviation``/``acronym``) is ``en_short``. The entity type rides in ``descrip type="subjectField"``
and the note in ``note``. Context rules (:mod:`translate.glossary.context`): an Arabic term whose
``termNote type="x-ambiguous"`` is ``yes`` is an ambiguous spelling; ``descrip type="x-context-when"``
and ``descrip type="x-context-unless"`` on the concept hold the rules, written as in the TSV columns.

Parsing never resolves entities, loads a DTD or touches the network (XXE and entity-expansion safe).
"""

from __future__ import annotations

from pathlib import Path

from translate.errors import GlossaryError
from translate.glossary.context import build_context
from translate.glossary.entries import ENTRY_TYPES, Glossary, GlossaryEntry
from translate.glossary.words import term_key
from translate.glossary.load import check_english_forms

_WHEN, _UNLESS, _AMBIGUOUS = "x-context-when", "x-context-unless", "x-ambiguous"

__all__ = ["parse_tbx", "render_tbx"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SHORT_TYPES = {"shortform", "abbreviation", "acronym", "short form"}
_ENTRY_TAGS = {"termEntry", "conceptEntry"}
_LANG_TAGS = {"langSet", "langSec"}


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def parse_tbx(path: Path, data: bytes) -> list[GlossaryEntry]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        from translate.xmlsafe import describe_xml_error

        explained = describe_xml_error(error, data, "TBX")
        if explained.fix:
            raise GlossaryError(path, explained.line, explained.problem, explained.fix) from None
        raise GlossaryError(path, explained.line, f"is not well-formed XML ({error.msg})", "fix the XML or re-export the TBX from your terminology tool") from None
    if _local(root.tag) not in ("martif", "tbx"):
        raise GlossaryError(path, root.sourceline, f"is XML but not TBX (root element <{_local(root.tag)}>)", "pass a TBX file (root <martif> or <tbx>)")
    entries: list[GlossaryEntry] = []
    for concept in root.iter():
        if _local(concept.tag) in _ENTRY_TAGS:
            entry = _concept(path, concept)
            if entry is not None:
                entries.append(entry)
    if not entries:
        raise GlossaryError(path, None, "holds no concept with both an Arabic and an English term", "check the xml:lang codes (ar, en) of its langSet/langSec elements")
    return entries


def _concept(path: Path, concept) -> GlossaryEntry | None:
    arabic: list[str] = []
    english: list[str] = []
    english_short: list[str] = []
    entry_type = "other"
    note = ""
    rules = {_WHEN: "", _UNLESS: ""}
    ambiguous: list[str] = []
    for element in concept.iter():
        name = _local(element.tag)
        if name == "descrip" and element.get("type") in rules and element.getparent() is concept:
            rules[element.get("type")] = _text(element)
        elif name == "descrip" and element.get("type") == "subjectField" and element.getparent() is concept:
            value = _text(element).lower()
            if value in ENTRY_TYPES:
                entry_type = value
        elif name == "note" and element.getparent() is concept:
            note = _text(element)
        elif name in _LANG_TAGS:
            language = (element.get(_XML_LANG) or element.get("lang") or "").lower()
            for term in element.iter():
                if _local(term.tag) != "term":
                    continue
                value = _text(term)
                if not value:
                    raise GlossaryError(path, term.sourceline, "an empty <term>", "fill it in or delete it")
                if language.startswith("ar"):
                    arabic.append(value)
                    if _note_value(term, _AMBIGUOUS) in ("yes", "true", "1"):
                        ambiguous.append(value)
                elif language.startswith("en"):
                    (english_short if _is_short(term) else english).append(value)
    if not arabic or not (english or english_short):
        return None
    en = english[0] if english else english_short[0]
    en_short = english_short[0] if english and english_short else ""
    for variant in arabic:
        if not term_key(variant):
            raise GlossaryError(path, concept.sourceline, f"the Arabic term {variant!r} has no letters to match", "give the term in Arabic letters")
    variants = tuple(dict.fromkeys(arabic))
    line = concept.sourceline or 0
    context = build_context(path, line or None, variants, "|".join(ambiguous), rules[_WHEN], rules[_UNLESS])
    check_english_forms(path, line, {"en": en, "en_short": en_short})
    return GlossaryEntry(variants, en, en_short, entry_type, note, str(path), line, context)


def _note_value(term, note_type: str) -> str:
    container = term.getparent()
    for element in container.iter() if container is not None else ():
        if _local(element.tag) == "termNote" and element.get("type") == note_type:
            return _text(element).lower()
    return ""


def _is_short(term) -> bool:
    return _note_value(term, "termType") in _SHORT_TYPES


def render_tbx(glossary: Glossary) -> str:
    """The glossary as a TBX-Basic (``martif``) document."""
    from lxml import etree

    martif = etree.Element("martif", {"type": "TBX-Basic", _XML_LANG: "en"})
    header = etree.SubElement(martif, "martifHeader")
    description = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(description, "p").text = f"Written by translate from {len(glossary.files)} file(s), {glossary.digest}"
    body = etree.SubElement(etree.SubElement(martif, "text"), "body")
    for number, entry in enumerate(glossary.entries, start=1):
        concept = etree.SubElement(body, "termEntry", {"id": f"c{number}"})
        etree.SubElement(concept, "descrip", {"type": "subjectField"}).text = entry.type
        context = entry.context
        if context is not None and context.when:
            etree.SubElement(concept, "descrip", {"type": _WHEN}).text = "; ".join(map(str, context.when))
        if context is not None and context.unless:
            etree.SubElement(concept, "descrip", {"type": _UNLESS}).text = "; ".join(map(str, context.unless))
        if entry.note:
            etree.SubElement(concept, "note").text = entry.note
        arabic = etree.SubElement(concept, "langSet", {_XML_LANG: "ar"})
        for variant in entry.ar:
            tig = etree.SubElement(arabic, "tig")
            etree.SubElement(tig, "term").text = variant
            if context is not None and context.is_ambiguous(term_key(variant)):
                etree.SubElement(tig, "termNote", {"type": _AMBIGUOUS}).text = "yes"
        english = etree.SubElement(concept, "langSet", {_XML_LANG: "en"})
        etree.SubElement(etree.SubElement(english, "tig"), "term").text = entry.en
        if entry.en_short:
            short = etree.SubElement(english, "tig")
            etree.SubElement(short, "term").text = entry.en_short
            etree.SubElement(short, "termNote", {"type": "termType"}).text = "shortForm"
    body_text = etree.tostring(martif, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body_text
