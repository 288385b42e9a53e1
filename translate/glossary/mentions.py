"""First and later mentions: which English form each match requires.

Newsroom style names a person in full on first mention and by surname after (``Sergei Lavrov`` …
``Lavrov``). Mentions are counted per entry in document order, across the Arabic segments. Headlines
follow the wire services' headline style: they use the short form and do not count as the first
mention, so the body still introduces the person in full (``Lavrov: Washington refused …`` then
``Sergei Lavrov said …``). Segments that are not Arabic (an English photo caption) are not matched.

Each match is judged by its entry's context rules (:mod:`translate.glossary.context`) in document
order: ``enforced`` matches count as mentions and name the entry for later ``named`` rules;
``possible`` ones (``enforce=False``) are reported with the house form as a suggestion, count as no
mention and are never enforced; ruled-out ones are not matches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from translate.document import BlockKind, Document
from translate.glossary.context import MatchSite
from translate.glossary.entries import GlossaryEntry
from translate.glossary.match import TermHit, TermMatcher
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
    #: False for a ``possible`` match: an ambiguous spelling without its context, never enforced.
    enforce: bool = True


def plan_mentions(
    segments: Sequence[Segment], matcher: TermMatcher, observe: Callable[[Segment, TermHit, str], None] | None = None
) -> dict[int, tuple[TermMatch, ...]]:
    """The matches of every Arabic segment, keyed by segment id, with their required forms.
    ``observe(segment, hit, outcome)`` sees every candidate judged, ruled-out ones included."""
    seen: set[int] = set()
    named: set[int] = set()  # entries matched by a spelling that is not ambiguous
    planned: dict[int, tuple[TermMatch, ...]] = {}
    for segment in segments:
        if segment.passthrough:
            continue

        def judge(hit: TermHit, segment: Segment = segment) -> str:
            context = hit.entry.context
            if context is None:
                return "enforced"
            site = MatchSite(segment.text, hit.start, hit.end, segment.kind, hit.entry_index in named, hit.form_has_article, hit.text_has_article)
            outcome = context.outcome(hit.form_key, site)
            if observe is not None:
                observe(segment, hit, outcome)
            return outcome

        def chosen(hit: TermHit) -> None:
            # Named as soon as an unambiguous spelling is matched, for the rest of this sentence too.
            if hit.outcome == "enforced" and (hit.entry.context is None or not hit.entry.context.is_ambiguous(hit.form_key)):
                named.add(hit.entry_index)

        matches = []
        for hit in matcher.find(segment.text, judge, chosen):
            enforce = hit.outcome == "enforced"
            if segment.kind is BlockKind.HEADLINE:
                mention = "headline"
            elif hit.entry_index in seen:
                mention = "later"
            else:
                mention = "first"
            # Only an enforced match is a mention: a possible one suggests the form it would take.
            if enforce and mention == "first":
                seen.add(hit.entry_index)
            matches.append(TermMatch(hit.start, hit.end, hit.surface, hit.entry, mention, hit.entry.required_form(mention), enforce))
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
