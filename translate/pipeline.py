"""One article through every stage: segment → glossary match → translate (engine) → enforce the
glossary → quality scores → pairs with a manifest.

The engine is created by the caller and passed in; every stage is a plain function of its own module,
so the CLI stays a thin layer: segment (:mod:`translate.segment`), glossary match and enforcement
(:mod:`translate.glossary`, :mod:`translate.enforce`), quality scores (:mod:`translate.quality`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from translate import __version__
from translate.document import Document
from translate.engines.base import Engine, Hypothesis
from translate.records import Manifest, Pair, Run, TermReport
from translate.quality import score_pairs
from translate.segment import Segment, segment_document, split_for_model

if TYPE_CHECKING:
    from translate.glossary import TermMatch, TermMatcher

__all__ = ["translate_document"]

#: Sentences handed to the engine per call: large enough for full batches, small enough for a
#: progress bar that moves.
CHUNK_SENTENCES = 64

Progress = Callable[[int], None]


def _join(pieces: list[Hypothesis]) -> Hypothesis:
    """One hypothesis for a sentence translated in pieces: texts joined by a space, token evidence
    concatenated (each piece's </s> dropped but the last). Attention spans pieces, so it is dropped."""
    if len(pieces) == 1:
        return pieces[0]
    tokens: list[str] = []
    logprobs: list[float] = []
    for number, piece in enumerate(pieces):
        keep = len(piece.tokens) if number == len(pieces) - 1 else max(0, len(piece.tokens) - 1)
        tokens.extend(piece.tokens[:keep])
        logprobs.extend(piece.token_logprobs[:keep])
    text = " ".join(piece.text.strip() for piece in pieces if piece.text.strip())
    return Hypothesis(text, tuple(tokens), tuple(logprobs), (), ())


@dataclass(frozen=True)
class _Unit:
    """What the engine translates: a whole segment, or a piece of one over the input budget.
    ``start`` is the piece's offset in its segment's text."""

    segment_id: int
    start: int
    text: str


def _units(engine: Engine, segments: list[Segment], input_budget: int) -> list[_Unit]:
    """A sentence over the model's input budget is cut into pieces for translation only
    (:func:`~translate.segment.split_for_model`); its pieces' translations are joined afterwards."""
    pending = [segment for segment in segments if not segment.passthrough]
    lengths = engine.count_tokens([segment.text for segment in pending]) if pending else []
    units: list[_Unit] = []
    for segment, length in zip(pending, lengths):
        if length <= input_budget:
            units.append(_Unit(segment.id, 0, segment.text))
            continue
        for start, end in split_for_model(segment.text, input_budget, engine.count_tokens):
            piece = segment.text[start:end]
            if piece.strip():
                units.append(_Unit(segment.id, start + len(piece) - len(piece.lstrip()), piece.strip()))
    return units


def _translate_units(engine: Engine, units: list[_Unit], progress: Progress | None) -> list[Hypothesis]:
    # Longest first across the whole document, so each chunk's batches pad little.
    order = sorted(range(len(units)), key=lambda i: (-len(units[i].text), i))
    translated: list[Hypothesis | None] = [None] * len(units)
    for chunk_start in range(0, len(order), CHUNK_SENTENCES):
        chunk = order[chunk_start : chunk_start + CHUNK_SENTENCES]
        for unit, hypothesis in zip(chunk, engine.translate([units[i].text for i in chunk])):
            translated[unit] = hypothesis
        if progress is not None:
            progress(len(chunk))
    return [hypothesis for hypothesis in translated if hypothesis is not None]


def _joined(units: list[_Unit], hypotheses: list[Hypothesis]) -> dict[int, Hypothesis]:
    pieces: dict[int, list[Hypothesis]] = {}
    for unit, hypothesis in zip(units, hypotheses):
        pieces.setdefault(unit.segment_id, []).append(hypothesis)
    return {segment_id: _join(segment_pieces) for segment_id, segment_pieces in pieces.items()}


def _enforce_glossary(
    engine: Engine, segments: list[Segment], units: list[_Unit], hypotheses: list[Hypothesis], matcher: TermMatcher
) -> tuple[list[Hypothesis], dict[int, tuple[TermMatch, ...]], dict[int, list[str]]]:
    """Match the glossary and make every required form appear in the unit (sentence or piece) that
    holds it — a piece is re-decoded alone, never the over-long sentence. Returns the units' final
    hypotheses, the matches per segment id and their statuses (in match order)."""
    from translate.enforce import enforce_terms
    from translate.glossary import plan_mentions

    planned = plan_mentions(segments, matcher)
    statuses: dict[int, list[str]] = {segment_id: ["model" if match.enforce else "possible" for match in matches] for segment_id, matches in planned.items()}
    todo: list[tuple[int, list[int], list[TermMatch]]] = []  # (unit, match indices, matches in unit offsets)
    for number, unit in enumerate(units):
        indices, shifted = [], []
        for index, match in enumerate(planned.get(unit.segment_id, ())):
            if not match.enforce:
                continue  # a possible match is a suggestion, never forced into the English
            if unit.start <= match.start < unit.start + len(unit.text):
                end = min(match.end, unit.start + len(unit.text))
                indices.append(index)
                shifted.append(replace(match, start=match.start - unit.start, end=end - unit.start))
        if shifted:
            todo.append((number, indices, shifted))
    enforced = enforce_terms(engine, [units[n].text for n, _, _ in todo], [hypotheses[n] for n, _, _ in todo], [m for _, _, m in todo])
    final = list(hypotheses)
    for (number, indices, _), result in zip(todo, enforced):
        final[number] = result.hypothesis
        for index, status in zip(indices, result.statuses):
            statuses[units[number].segment_id][index] = status
    return final, planned, statuses


def _term_report(segment: Segment, term: TermMatch, status: str, span: tuple[int, int] | None) -> TermReport:
    return TermReport(
        source_start=segment.start + term.start,
        source_end=segment.start + term.end,
        surface=term.surface,
        entry_en=term.entry.en,
        required=term.required,
        mention=term.mention,
        status=status,
        target_start=span[0] if span else None,
        target_end=span[1] if span else None,
        enforce=term.enforce,
    )


def translate_document(
    document: Document,
    engine: Engine,
    *,
    glossary: TermMatcher | None = None,
    progress: Progress | None = None,
) -> Run:
    """Translate every Arabic segment of ``document``; other segments pass through unchanged.

    With ``glossary`` (a matcher built once per run), every matched term's required English form is
    guaranteed in its segment's target (:mod:`translate.enforce`) and reported in ``Pair.terms``;
    source offsets in the reports index the document text, target offsets the pair's target."""
    segments = segment_document(document)
    units = _units(engine, segments, engine.settings.max_input_tokens)
    unit_hypotheses = _translate_units(engine, units, progress)
    terms: dict[int, tuple[TermReport, ...]] = {}
    if glossary is not None:
        unit_hypotheses, planned, statuses = _enforce_glossary(engine, segments, units, unit_hypotheses, glossary)
    hypotheses = _joined(units, unit_hypotheses)
    if glossary is not None:
        from translate.enforce import locate_forms

        by_id = {segment.id: segment for segment in segments}
        for segment_id, matches in planned.items():
            if segment_id not in hypotheses:
                continue
            spans = locate_forms(hypotheses[segment_id].text, [match.required for match in matches])
            terms[segment_id] = tuple(
                _term_report(by_id[segment_id], match, status, span) for match, status, span in zip(matches, statuses[segment_id], spans)
            )
    pairs = []
    for segment in segments:
        hypothesis = hypotheses.get(segment.id)
        pairs.append(
            Pair(
                id=segment.id,
                block=segment.block,
                kind=segment.kind,
                source=segment.text,
                target=hypothesis.text if hypothesis else segment.text,
                start=segment.start,
                end=segment.end,
                language=segment.language,
                passthrough=segment.passthrough,
                logprob_mean=hypothesis.logprob_mean if hypothesis else None,
                logprob_min=hypothesis.logprob_min if hypothesis else None,
                terms=terms.get(segment.id, ()),
            )
        )
    # Quality last: it judges the final English (after any glossary repair).
    pairs = [replace(pair, quality=quality) for pair, quality in zip(pairs, score_pairs(pairs, hypotheses))]
    manifest = Manifest(
        tool_version=__version__,
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        input_path=document.path or "",
        input_sha256=document.sha256,
        input_encoding=document.encoding,
        model_id=engine.info.model_id,
        model_revision=engine.info.revision,
        engine=engine.info.engine,
        device=engine.info.device,
        decoding=engine.settings.as_manifest(),
        blocks=document.blocks,
        glossary=glossary.glossary.as_manifest() if glossary is not None else None,
    )
    return Run(manifest, tuple(pairs))
