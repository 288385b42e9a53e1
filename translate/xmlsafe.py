"""Explaining why an untrusted XML file (TMX, XLIFF, TBX from another tool) was refused.

Every reader of foreign XML parses with entity resolution, DTD loading and the network off, so an
external entity stays an unexpanded reference and nothing is fetched. libxml2 still refuses entity
declarations whose expansion would explode (billion laughs, quadratic blow-up) — with a message about
its "amplification factor" and a meaningless position. :func:`describe_xml_error` turns such parser
errors into a sentence the user can act on, located where it helps (the first ``<!ENTITY``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["CODE_ELEMENTS", "XmlProblem", "describe_xml_error", "local_name", "segment_text"]

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


@dataclass(frozen=True)
class XmlProblem:
    """Where (1-based line, when known), what went wrong, and the fix; ``fix`` is empty when the
    caller's own advice for a malformed file applies."""

    line: int | None
    problem: str
    fix: str = ""


def _line_of(data: bytes, pattern: re.Pattern[bytes]) -> int | None:
    match = pattern.search(data)
    return data[: match.start()].count(b"\n") + 1 if match else None


def describe_xml_error(error: Any, data: bytes, what: str) -> XmlProblem:
    """Explain an ``lxml.etree.XMLSyntaxError`` raised on ``data`` (a ``what`` file: TMX, XLIFF, TBX)."""
    message = str(getattr(error, "msg", "") or error)
    line = getattr(error, "lineno", None) or None
    lowered = message.lower()
    if "amplification" in lowered or "entity loop" in lowered or "detected an entity reference loop" in lowered:
        return XmlProblem(
            _line_of(data, _ENTITY_DECLARATION) or line,
            "declares entities that would expand enormously (an XML bomb); it was refused and nothing was expanded",
            f"remove the <!ENTITY> declarations from the <!DOCTYPE>; {what} files never need them",
        )
    if "xmlchar value" in lowered or "invalid xmlchar" in lowered or "pcdata invalid char" in lowered or "char 0x" in lowered:
        return XmlProblem(
            line,
            f"is not well-formed {what}: it holds a character XML 1.0 forbids (a control character or a lone surrogate) ({message})",
            "delete that character or re-export the file as XML 1.0",
        )
    return XmlProblem(line, f"is not well-formed {what} ({message})")


#: Inline native-code elements of TMX 1.4, XLIFF 1.2 and XLIFF 2 (``sc``/``ec``/``cp``): formatting codes
#: of the source document, not text; a segment's text drops them and keeps the rest of its markup's text.
CODE_ELEMENTS = frozenset({"bpt", "ept", "ph", "it", "ut", "x", "bx", "ex", "sc", "ec", "cp"})


def local_name(element: Any) -> str:
    """An element's tag without its namespace; ``""`` for comments, processing instructions and
    unresolved entities (whose ``tag`` is not a string)."""
    from lxml import etree

    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def segment_text(element: Any) -> str:
    """The translatable text of a TMX ``<seg>`` or an XLIFF ``<source>``/``<target>``: inline markup's
    text kept, native codes (:data:`CODE_ELEMENTS`) dropped; ``""`` for ``None``."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        name = local_name(child)
        if name and name not in CODE_ELEMENTS:
            parts.append(segment_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
