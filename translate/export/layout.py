"""What the human-facing exports (HTML, DOCX, Markdown) share: the article's sections, score bands,
and where each glossary term sits in a pair's two texts."""

from __future__ import annotations

from dataclasses import dataclass

from translate.document import BlockKind
from translate.records import Pair, QualityScore, Run, TermReport

__all__ = [
    "FAIR_SCORE",
    "GOOD_SCORE",
    "HEADING_KINDS",
    "Section",
    "TermSpan",
    "format_score",
    "is_flagged",
    "pieces",
    "score_band",
    "sections",
    "term_spans",
]

#: Scores at or above this are shown green; at or above FAIR_SCORE amber; below it red.
GOOD_SCORE = 80.0
FAIR_SCORE = 50.0

#: Blocks rendered as headings (level 1 and 2) rather than body text.
HEADING_KINDS = {BlockKind.HEADLINE: 1, BlockKind.SUBHEADING: 2}


@dataclass(frozen=True)
class Section:
    """Consecutive pairs of one block of the article (a headline, a paragraph, a caption…)."""

    block: int
    kind: BlockKind
    pairs: tuple[Pair, ...]


def sections(run: Run) -> tuple[Section, ...]:
    """The run's pairs grouped by block, in document order. A block's kind comes from the manifest
    when it lists the block, else from the pair."""
    kinds = {block.index: block.kind for block in run.manifest.blocks}
    grouped: list[tuple[int, list[Pair]]] = []
    for pair in run.pairs:
        if grouped and grouped[-1][0] == pair.block:
            grouped[-1][1].append(pair)
        else:
            grouped.append((pair.block, [pair]))
    return tuple(Section(block, kinds.get(block, pairs[0].kind), tuple(pairs)) for block, pairs in grouped)


def is_flagged(pair: Pair) -> bool:
    """A pair the quality estimator flagged (a pair with no score is not flagged: nothing was said)."""
    return pair.quality is not None and bool(pair.quality.flags)


def score_band(quality: QualityScore | None) -> str:
    """``good`` / ``fair`` / ``poor``, or ``none`` when the pair has no score."""
    if quality is None:
        return "none"
    if quality.score >= GOOD_SCORE:
        return "good"
    if quality.score >= FAIR_SCORE:
        return "fair"
    return "poor"


def format_score(quality: QualityScore | None) -> str:
    """The score as people read it (``87``), or ``no score``."""
    return "no score" if quality is None else f"{quality.score:.0f}"


@dataclass(frozen=True)
class TermSpan:
    """A glossary term located in a pair: ``source``/``target`` are offsets into ``pair.source`` /
    ``pair.target`` (``None`` when the term cannot be located on that side). ``number`` is the term's
    index in ``pair.terms``; it links the two sides."""

    number: int
    term: TermReport
    source: tuple[int, int] | None
    target: tuple[int, int] | None


def _valid(start: int | None, end: int | None, length: int) -> tuple[int, int] | None:
    if start is None or end is None or not 0 <= start < end <= length:
        return None
    return (start, end)


def term_spans(pair: Pair) -> tuple[TermSpan, ...]:
    """Every term of ``pair`` with its spans. TermReport's source offsets index the document, so they
    are shifted by the pair's start; spans outside the text, or overlapping an earlier term's span on
    the same side, are dropped (``None``) rather than rendered wrongly."""
    spans = []
    taken_source: list[tuple[int, int]] = []
    taken_target: list[tuple[int, int]] = []
    for number, term in enumerate(pair.terms):
        source = _valid(term.source_start - pair.start, term.source_end - pair.start, len(pair.source))
        target = _valid(term.target_start, term.target_end, len(pair.target))
        if source and any(source[0] < end and start < source[1] for start, end in taken_source):
            source = None
        if target and any(target[0] < end and start < target[1] for start, end in taken_target):
            target = None
        if source:
            taken_source.append(source)
        if target:
            taken_target.append(target)
        spans.append(TermSpan(number, term, source, target))
    return tuple(spans)


def pieces(text: str, marks: list[tuple[int, int, int]]) -> list[tuple[str, int | None]]:
    """Split ``text`` at non-overlapping ``(start, end, number)`` marks: ``[(piece, number or None)]``,
    whose pieces concatenate back to ``text``."""
    result: list[tuple[str, int | None]] = []
    position = 0
    for start, end, number in sorted(marks):
        if start > position:
            result.append((text[position:start], None))
        result.append((text[start:end], number))
        position = end
    if position < len(text):
        result.append((text[position:], None))
    return result
