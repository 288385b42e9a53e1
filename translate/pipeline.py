"""One article through every stage: segment → glossary match → translate (engine) → enforce the
glossary → quality scores → pairs with a manifest.

The engine is created by the caller and passed in; every stage is a plain function of its own module,
so the CLI stays a thin layer: segment (:mod:`translate.segment`), glossary match and enforcement
(:mod:`translate.glossary`, :mod:`translate.enforce`), quality scores (:mod:`translate.quality`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
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


def _translate_all(engine: Engine, segments: list[Segment], progress: Progress | None, input_budget: int) -> dict[int, Hypothesis]:
    """Hypotheses by segment id. A sentence over the model's input budget is cut into pieces for
    translation only (:func:`~translate.segment.split_for_model`) and its pieces' translations joined."""
    pending = [segment for segment in segments if not segment.passthrough]
    lengths = engine.count_tokens([segment.text for segment in pending]) if pending else []
    units: list[tuple[int, str]] = []  # (segment id, text to translate)
    for segment, length in zip(pending, lengths):
        if length <= input_budget:
            units.append((segment.id, segment.text))
            continue
        for start, end in split_for_model(segment.text, input_budget, engine.count_tokens):
            if segment.text[start:end].strip():
                units.append((segment.id, segment.text[start:end].strip()))
    # Longest first across the whole document, so each chunk's batches pad little.
    order = sorted(range(len(units)), key=lambda i: (-len(units[i][1]), i))
    translated: dict[int, Hypothesis] = {}
    for chunk_start in range(0, len(order), CHUNK_SENTENCES):
        chunk = order[chunk_start : chunk_start + CHUNK_SENTENCES]
        for unit, hypothesis in zip(chunk, engine.translate([units[i][1] for i in chunk])):
            translated[unit] = hypothesis
        if progress is not None:
            progress(len(chunk))
    pieces: dict[int, list[Hypothesis]] = {}
    for unit, (segment_id, _) in enumerate(units):
        pieces.setdefault(segment_id, []).append(translated[unit])
    return {segment_id: _join(hypotheses) for segment_id, hypotheses in pieces.items()}


def _enforce_glossary(
    engine: Engine, segments: list[Segment], hypotheses: dict[int, Hypothesis], matcher: TermMatcher
) -> dict[int, tuple[TermReport, ...]]:
    """Match the glossary, make every required form appear (replacing ``hypotheses`` entries that
    change) and report how each term was satisfied, keyed by segment id."""
    from translate.enforce import enforce_terms
    from translate.glossary import plan_mentions

    planned = plan_mentions(segments, matcher)
    by_id = {segment.id: segment for segment in segments}
    todo = [segment_id for segment_id in planned if segment_id in hypotheses]
    enforced = enforce_terms(
        engine,
        [by_id[segment_id].text for segment_id in todo],
        [hypotheses[segment_id] for segment_id in todo],
        [planned[segment_id] for segment_id in todo],
    )
    reports: dict[int, tuple[TermReport, ...]] = {}
    for segment_id, result in zip(todo, enforced):
        hypotheses[segment_id] = result.hypothesis
        reports[segment_id] = tuple(
            _term_report(by_id[segment_id], term, status, span)
            for term, status, span in zip(planned[segment_id], result.statuses, result.spans)
        )
    return reports


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
    hypotheses = _translate_all(engine, segments, progress, engine.settings.max_input_tokens)
    terms = _enforce_glossary(engine, segments, hypotheses, glossary) if glossary is not None else {}
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
