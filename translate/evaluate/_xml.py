"""TMX and XLIFF (1.2 and 2.x) readers for evaluation, namespace-agnostic and safe.

The parser resolves no entities, loads no DTD and never touches the network, so a hostile file
(billion laughs, external entities) is read as inert text or refused — never expanded.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from translate.errors import RecordError
from translate.evaluate.side import HYP, MT_NOTE, TERM_NOTES, Side, parse_score
from translate.xmlsafe import describe_xml_error, local_name, segment_text

__all__ = ["read_tmx", "read_xliff"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline elements holding native codes (the original format's tags), not text: TMX 1.4, XLIFF 1.2
# (bpt ept ph it ut x bx ex) and XLIFF 2.x (sc ec cp).
#: Our exporter's note holding the pair's quality score.
QUALITY_NOTE = "translate:quality"
def _parse(path: Path, data: bytes, kind: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_comments=True)
    if not data.strip():
        raise RecordError(path, None, f"is an empty {kind} file", f"re-export the {kind} from the CAT tool")
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        explained = describe_xml_error(error, data, kind)
        raise RecordError(path, explained.line, explained.problem, explained.fix or f"the file may be truncated; re-export the {kind} from the CAT tool") from None


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local_name(child) == name]


def _descendants(root: etree._Element, name: str) -> list[etree._Element]:
    return [element for element in root.iter() if local_name(element) == name]


# Our exporter's glossary note: "SURFACE → REQUIRED (status, first|later mention)".
_QUALITY_NOTE = re.compile(r"\bscore=([^;\s]*)")
_GLOSSARY_NOTE = re.compile(r"→\s*(?P<required>.+?)\s*\([^()]*\bmention\)\s*$")


def _required_form(note: str) -> str:
    """The English form a glossary note requires; a note in another shape is taken whole."""
    match = _GLOSSARY_NOTE.search(note)
    return (match.group("required") if match else note).strip()


def _quality(note: str) -> float | None:
    """``score=87.5; flags=a,b`` → 87.5; ``score=none`` or another shape → ``None``."""
    match = _QUALITY_NOTE.search(note)
    return parse_score(match.group(1)) if match else None


def read_tmx(path: Path, data: bytes) -> Side:
    root = _parse(path, data, "TMX")
    if local_name(root) != "tmx":
        raise RecordError(path, root.sourceline, f"has root element <{local_name(root)}>, not <tmx>", "pass a TMX 1.4 file")
    header = next(iter(_descendants(root, "header")), None)
    srclang = (header.get("srclang") or "").lower() if header is not None else ""
    segments: list[str] = []
    sources: list[str] = []
    for unit in _descendants(root, "tu"):
        variants = [(str(tuv.get(_XML_LANG) or tuv.get("lang") or "").lower(), tuv) for tuv in _children(unit, "tuv")]
        source = next((tuv for lang, tuv in variants if srclang and lang == srclang), None)
        targets = [(lang, tuv) for lang, tuv in variants if tuv is not source]
        target = next((tuv for lang, tuv in targets if lang.startswith("en")), targets[-1][1] if targets else None)
        if target is None:
            raise RecordError(path, unit.sourceline, "has a <tu> with no target-language <tuv>", "give every <tu> a <tuv> in the target language")
        segments.append(segment_text(next(iter(_children(target, "seg")), None)).rstrip())
        sources.append(segment_text(next(iter(_children(source, "seg")), None)) if source is not None else "")
    return Side(path, "tmx", tuple(segments), sources=tuple(sources))


def read_xliff(path: Path, data: bytes, role: str) -> Side:
    """Segments of an XLIFF; as :data:`HYP`, the original MT from our notes (targets where absent)."""
    root = _parse(path, data, "XLIFF")
    if local_name(root) != "xliff":
        raise RecordError(path, root.sourceline, f"has root element <{local_name(root)}>, not <xliff>", "pass an XLIFF 1.2 or 2.x file")
    version2 = str(root.get("version", "1.2")).startswith("2")
    units = _descendants(root, "segment" if version2 else "trans-unit")
    segments: list[str] = []
    sources: list[str] = []
    terms: list[tuple[str, ...]] = []
    quality: list[float | None] = []
    missing_note = 0
    for unit in units:
        # In 2.x notes sit on the enclosing <unit>, one level above the <segment>.
        note_holder = unit.getparent() if version2 and unit.getparent() is not None else unit
        notes = _descendants(note_holder, "note")
        by_kind: dict[str, list[str]] = {}
        for note in notes:
            kind = note.get("from") or note.get("category") or ""
            by_kind.setdefault(kind, []).append(segment_text(note))
        target = segment_text(next(iter(_children(unit, "target")), None))
        mt = by_kind.get(MT_NOTE)
        if role == HYP and mt is not None:
            segments.append(mt[0].rstrip())
        else:
            segments.append(target.rstrip())
            missing_note += mt is None
        sources.append(segment_text(next(iter(_children(unit, "source")), None)))
        quality.append(_quality(by_kind.get(QUALITY_NOTE, [""])[0]))
        terms.append(tuple(form for kind in TERM_NOTES for note in by_kind.get(kind, ()) if (form := _required_form(note))))
    remarks: tuple[str, ...] = ()
    if role == HYP and units and missing_note:
        if missing_note == len(units):
            remarks = (f"{path}: no <note from=\"{MT_NOTE}\"> (not exported by translate?): its targets are scored as they are, not our original MT.",)
        else:
            remarks = (f"{path}: {missing_note} of {len(units)} units have no <note from=\"{MT_NOTE}\">: their targets are scored as they are.",)
    has_terms = any(terms)
    return Side(
        path,
        "xliff",
        tuple(segments),
        sources=tuple(sources),
        terms=tuple(terms) if has_terms else None,
        remarks=remarks,
        quality=tuple(quality) if any(score is not None for score in quality) else None,
    )
