"""First and later mentions: which English form each match requires.

Newsroom style names a person in full on first mention and by surname after (``Sergei Lavrov`` …
``Lavrov``). Mentions are counted per entry in document order, across the Arabic segments. Headlines
follow the wire services' headline style: they use the short form and do not count as the first
mention, so the body still introduces the person in full (``Lavrov: Washington refused …`` then
``Sergei Lavrov said …``). Segments that are not Arabic (an English photo caption) are not matched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from translate.document import BlockKind, Document
from translate.glossary.entries import GlossaryEntry
from translate.glossary.match import TermMatcher
from translate.segment import Segment, segment_document

__all__ = ["MENTIONS", "DocumentMatch", "TermMatch", "match_document", "plan_mentions"]

#: The values of :attr:`TermMatch.mention`.
MENTIONS = ("first", "later", "headline")


@dataclass(frozen=True)
class TermMatch:
    """One glossary match in a segment: ``start``/``end`` index the segment's text (add the segment's
    ``start`` for document offsets); ``required`` is the English form this mention must have."""

    start: int
    end: int
    surface: str
    entry: GlossaryEntry
    mention: str
    required: str


def plan_mentions(segments: Sequence[Segment], matcher: TermMatcher) -> dict[int, tuple[TermMatch, ...]]:
    """The matches of every Arabic segment, keyed by segment id, with their required forms."""
    seen: set[int] = set()
    planned: dict[int, tuple[TermMatch, ...]] = {}
    for segment in segments:
        if segment.passthrough:
            continue
        matches = []
        for hit in matcher.find(segment.text):
            if segment.kind is BlockKind.HEADLINE:
                mention = "headline"
            elif hit.entry_index in seen:
                mention = "later"
            else:
                mention = "first"
                seen.add(hit.entry_index)
            matches.append(TermMatch(hit.start, hit.end, hit.surface, hit.entry, mention, hit.entry.required_form(mention)))
        if matches:
            planned[segment.id] = tuple(matches)
    return planned


@dataclass(frozen=True)
class DocumentMatch:
    """A match located in the document: ``start``/``end`` index ``Document.text``."""

    segment: int
    start: int
    end: int
    match: TermMatch


def match_document(document: Document, matcher: TermMatcher) -> list[DocumentMatch]:
    """Every glossary match of an article, in text order, with its required form."""
    segments = segment_document(document)
    planned = plan_mentions(segments, matcher)
    return [
        DocumentMatch(segment.id, segment.start + match.start, segment.start + match.end, match)
        for segment in segments
        for match in planned.get(segment.id, ())
    ]
