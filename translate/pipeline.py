"""Articles through every stage: segment → glossary match → translate (engine) → enforce the
glossary → quality scores → pairs with a manifest.

:func:`translate_stream` takes any number of articles as one sentence stream: articles are read from
the iterable lazily and gathered into windows of about :data:`WINDOW_SENTENCES` sentences; a window's
sentences share decoding batches (length-sorted across its articles), its glossary repairs share one
enforcement pass, and each article's :class:`~translate.records.Run` is yielded, in input order, as
soon as its window is done. Memory holds one window, whatever the archive's size.
:func:`translate_document` is the same code with one article; the archive run
(:mod:`translate.archive.run`) gathers its own windows, so that articles it skips are reported as they
are met, and decodes each with :func:`translate_window`.

The engine is created by the caller and passed in; every stage is a plain function of its own module,
so the CLI stays a thin layer: segment (:mod:`translate.segment`), glossary match and enforcement
(:mod:`translate.glossary`, :mod:`translate.enforce`), quality scores (:mod:`translate.quality`).

With a translation memory (``memory``, a :class:`~translate.tm.MemoryLookup`), a sentence whose
normalised key is in the memory is not decoded: its English is the memory's (``origin: "tm"``, the
match in ``Pair.tm``), its glossary terms are located and reported with status ``tm`` (a required form
missing from the memory's English is flagged by the quality score, never rewritten — it is a person's
translation). Fuzzy matches from ``tm_min`` up to 99 ride along as ``Pair.tm_suggestions``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from translate import __version__
from translate.document import Document
from translate.engines.base import Engine, Hypothesis, RescoringEngine
from translate.records import Manifest, Pair, Run, TermReport
from translate.quality import score_pairs
from translate.quality.rules import LOGPROB_BAD, LOGPROB_GOOD
from translate.segment import Segment, segment_document, split_for_model

if TYPE_CHECKING:
    from translate.glossary import TermMatch, TermMatcher
    from translate.tm import MemoryLookup, SegmentMatch

__all__ = ["WINDOW_SENTENCES", "translate_document", "translate_stream", "translate_window"]

#: Sentences handed to the engine per call: large enough for full batches, small enough for a
#: progress bar that moves.
CHUNK_SENTENCES = 64
#: Sentences gathered (across articles) before a window is decoded: enough to length-sort four
#: engine calls of :data:`CHUNK_SENTENCES`, few enough that memory stays flat. Measured with
#: scripts/bench_archive.py (tiny model, 3-sentence articles): peak RSS 80 MB for 100 articles and
#: 82 MB for 1,000 with 256; 100 and 113 MB for 1,000 and 10,000 with 2,048 (a window costs about
#: 12 KB a sentence); 50 or 150 short articles still run within 1.05× one long one.
WINDOW_SENTENCES = 256

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


def _units(engine: Engine, segments: list[Segment], input_budget: int, lengths: list[int] | None = None) -> list[_Unit]:
    """A sentence over the model's input budget is cut into pieces for translation only
    (:func:`~translate.segment.split_for_model`); its pieces' translations are joined afterwards.
    ``lengths`` are the token counts of the segments that are not passed through, when known.

    The budget is also held to the model's positions (:func:`~translate.engines.base.input_budget`:
    half of them), so a long unpunctuated line on a small model is cut into pieces it reads whole
    and can decode, and repair, within its target positions — not cut off at its positions (issue 32)."""
    from translate.engines.base import input_budget as model_input_budget
    from translate.engines.base import positions_of

    pending = [segment for segment in segments if not segment.passthrough]
    if not pending:
        return []
    if lengths is None:
        lengths = engine.count_tokens([segment.text for segment in pending])
    input_budget = min(input_budget, model_input_budget(engine.settings, positions_of(engine)))
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


def _translate_units(engine: Engine, units: list[_Unit], progress: Progress | None, needs_attention: set[int] | None = None) -> list[Hypothesis]:
    """Hypotheses for ``units``. Only the units in ``needs_attention`` (those holding an enforced
    glossary term, whose repair places the term by attention) keep their cross-attention: it is most
    of a hypothesis's memory, and a window holds thousands (None: every unit keeps it)."""
    # Longest first across the whole window, so each chunk's batches pad little.
    order = sorted(range(len(units)), key=lambda i: (-len(units[i].text), i))
    translated: list[Hypothesis | None] = [None] * len(units)
    for chunk_start in range(0, len(order), CHUNK_SENTENCES):
        chunk = order[chunk_start : chunk_start + CHUNK_SENTENCES]
        for unit, hypothesis in zip(chunk, engine.translate([units[i].text for i in chunk])):
            if needs_attention is not None and unit not in needs_attention and hypothesis.attention:
                hypothesis = replace(hypothesis, attention=())
            translated[unit] = hypothesis
        if progress is not None:
            progress(len(chunk))
    return [hypothesis for hypothesis in translated if hypothesis is not None]


def _joined(units: list[_Unit], hypotheses: list[Hypothesis]) -> dict[int, Hypothesis]:
    pieces: dict[int, list[Hypothesis]] = {}
    for unit, hypothesis in zip(units, hypotheses):
        pieces.setdefault(unit.segment_id, []).append(hypothesis)
    return {segment_id: _join(segment_pieces) for segment_id, segment_pieces in pieces.items()}


@dataclass
class _Article:
    """One article of a window: its segments, the units it sends to the engine, and (once decoded)
    their hypotheses; ``planned``/``statuses`` hold its glossary matches and how each was satisfied."""

    document: Document
    segments: list[Segment]
    units: list[_Unit]
    hypotheses: list[Hypothesis] | None = None
    planned: dict[int, tuple[TermMatch, ...]] | None = None
    statuses: dict[int, list[str]] | None = None
    memory: dict[int, SegmentMatch] | None = None

    @property
    def reused(self) -> set[int]:
        """Segments whose English is the memory's: never decoded."""
        return {segment_id for segment_id, found in (self.memory or {}).items() if found.exact is not None}


def _enforce_glossary(engine: Engine, articles: list[_Article], matcher: TermMatcher) -> None:
    """Match the glossary in each article and make every required form appear in the unit (sentence
    or piece) that holds it — a piece is re-decoded alone, never the over-long sentence. One
    enforcement pass serves the whole window, so repairs of many articles share decoding batches."""
    from translate.enforce import enforce_terms
    from translate.glossary import plan_mentions

    todo: list[tuple[_Article, int, list[int], list[TermMatch]]] = []  # (article, unit, match indices, matches in unit offsets)
    for article in articles:
        if article.planned is None:
            article.planned = plan_mentions(article.segments, matcher)
        article.statuses = {segment_id: ["model" if match.enforce else "possible" for match in matches] for segment_id, matches in article.planned.items()}
        for number, unit in enumerate(article.units):
            indices, shifted = [], []
            for index, match in enumerate(article.planned.get(unit.segment_id, ())):
                if not match.enforce:
                    continue  # a possible match is a suggestion, never forced into the English
                if unit.start <= match.start < unit.start + len(unit.text):
                    end = min(match.end, unit.start + len(unit.text))
                    indices.append(index)
                    shifted.append(replace(match, start=match.start - unit.start, end=end - unit.start))
            if shifted:
                todo.append((article, number, indices, shifted))
    enforced = enforce_terms(engine, [a.units[n].text for a, n, _, _ in todo], [a.hypotheses[n] for a, n, _, _ in todo], [m for _, _, _, m in todo])  # type: ignore[index]
    for (article, number, indices, _), result in zip(todo, enforced):
        article.hypotheses[number] = result.hypothesis  # type: ignore[index]
        for index, status in zip(indices, result.statuses):
            article.statuses[article.units[number].segment_id][index] = status  # type: ignore[index]


#: The band of the decoder's mean log-probability in which a sentence's tokens are scored one by one
#: (``token_scores="needed"``): where the confidence penalty slopes (from no penalty at −0.5 to the
#: full one at −3) and the low-confidence flag's threshold (−1.5) lies, so an outcome can depend on the
#: exact value. Outside it the penalty is flat (none, or all of it) and the quality model's flags use
#: no log-probability, so the beam's own mean decides the same. The beam's mean (int8, normalised over
#: its own length) also varies by a few thousandths with what else is in the batch, which the
#: teacher-forced pass does not: inside the band, where that could move a score, it is never used.
DOUBTFUL_LOGPROB_BAND = (LOGPROB_BAD, LOGPROB_GOOD)


def needs_token_scores(hypothesis: Hypothesis) -> bool:
    """Whether a per-token pass could change an outcome for this hypothesis: it has no token scores
    yet and its sequence score is in :data:`DOUBTFUL_LOGPROB_BAND`. (A glossary repair's text is
    re-scored by the repair itself.)"""
    score = hypothesis.sequence_logprob
    return not hypothesis.token_logprobs and score is not None and DOUBTFUL_LOGPROB_BAND[0] <= score <= DOUBTFUL_LOGPROB_BAND[1]


def _score_where_needed(engine: Engine, articles: list[_Article]) -> int:
    """One teacher-forced pass, batched across the window, over the hypotheses that need it; returns
    how many were scored. Only for engines that decode without token scores (``rescore``)."""
    if engine.settings.token_scores != "needed" or not isinstance(engine, RescoringEngine):
        return 0
    wanted = [(article, number) for article in articles for number, hypothesis in enumerate(article.hypotheses or []) if needs_token_scores(hypothesis)]
    if not wanted:
        return 0
    for (article, number), rescored in zip(wanted, engine.rescore([article.hypotheses[number] for article, number in wanted])):  # type: ignore[index]
        article.hypotheses[number] = rescored  # type: ignore[index]
    return len(wanted)


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


def _memory_matches(segments: list[Segment], memory: MemoryLookup, minimum: int) -> dict[int, SegmentMatch]:
    """Each translatable segment's memory matches; the segment before it is its context (101)."""
    found: dict[int, SegmentMatch] = {}
    previous: str | None = None
    for segment in segments:
        if not segment.passthrough:
            found[segment.id] = memory.match(segment.text, previous, minimum=minimum)
        previous = segment.text
    return found


def _prepare(engine: Engine, segmented: list[tuple[Document, list[Segment]]], memory: MemoryLookup | None = None, tm_min: int = 75) -> list[_Article]:
    """Look the window's sentences up in the memory, then cut the rest into units, with one token
    count for the whole window."""
    matches = [_memory_matches(segments, memory, tm_min) if memory is not None else {} for _, segments in segmented]
    to_decode = [
        [segment for segment in segments if not (segment.id in found and found[segment.id].exact is not None)] for (_, segments), found in zip(segmented, matches)
    ]
    pending = [segment.text for segments in to_decode for segment in segments if not segment.passthrough]
    lengths = iter(engine.count_tokens(pending) if pending else [])
    articles = []
    for (document, segments), decode, found in zip(segmented, to_decode, matches):
        count = sum(1 for segment in decode if not segment.passthrough)
        own = [next(lengths) for _ in range(count)]
        articles.append(_Article(document, segments, _units(engine, decode, engine.settings.max_input_tokens, own), memory=found))
    return articles


def _run(article: _Article, engine: Engine, glossary: TermMatcher | None, tm_manifest: dict | None = None) -> Run:
    """The article's pairs, term reports, quality scores and manifest, from its final hypotheses
    (and, for the sentences reused from the memory, the memory's English)."""
    hypotheses = _joined(article.units, article.hypotheses or [])
    found = article.memory or {}
    reused = {segment_id: found[segment_id].exact for segment_id in article.reused}
    terms: dict[int, tuple[TermReport, ...]] = {}
    if glossary is not None and article.planned is not None and article.statuses is not None:
        from translate.enforce import locate_forms

        by_id = {segment.id: segment for segment in article.segments}
        for segment_id, matches in article.planned.items():
            if segment_id in reused:
                # A person's translation: its terms are located, never enforced.
                spans = locate_forms(reused[segment_id].target, [match.required for match in matches])  # type: ignore[union-attr]
                terms[segment_id] = tuple(_term_report(by_id[segment_id], match, "tm" if match.enforce else "possible", span) for match, span in zip(matches, spans))
                continue
            if segment_id not in hypotheses:
                continue
            spans = locate_forms(hypotheses[segment_id].text, [match.required for match in matches])
            terms[segment_id] = tuple(
                _term_report(by_id[segment_id], match, status, span) for match, status, span in zip(matches, article.statuses[segment_id], spans)
            )
    pairs = []
    for segment in article.segments:
        hypothesis = hypotheses.get(segment.id)
        exact = reused.get(segment.id)
        if exact is not None:
            target, origin = exact.target, "tm"
        else:
            target, origin = (hypothesis.text if hypothesis else segment.text), ("passthrough" if segment.passthrough else "mt")
        suggestions = found[segment.id].suggestions if segment.id in found else ()
        pairs.append(
            Pair(
                id=segment.id,
                block=segment.block,
                kind=segment.kind,
                source=segment.text,
                target=target,
                start=segment.start,
                end=segment.end,
                language=segment.language,
                passthrough=segment.passthrough,
                logprob_mean=hypothesis.logprob_mean if hypothesis else None,
                logprob_min=hypothesis.logprob_min if hypothesis else None,
                scores=hypothesis.scores if hypothesis and exact is None else None,
                terms=terms.get(segment.id, ()),
                origin=origin,
                tm=exact,
                tm_suggestions=suggestions,
            )
        )
    # Quality last: it judges the final English (after any glossary repair).
    pairs = [replace(pair, quality=quality) for pair, quality in zip(pairs, score_pairs(pairs, hypotheses))]
    document = article.document
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
        tm=tm_manifest,
        document=document.manifest_info(),
    )
    return Run(manifest, tuple(pairs))


def translate_window(
    segmented: list[tuple[Document, list[Segment]]],
    engine: Engine,
    *,
    glossary: TermMatcher | None = None,
    progress: Progress | None = None,
    memory: MemoryLookup | None = None,
    tm_min: int = 75,
) -> Iterator[tuple[Run, float]]:
    """Decode one window of segmented articles as one stream, then assemble and yield its articles
    one at a time, each released as soon as it is yielded (a window's runs never all sit in memory
    together). Empties ``segmented``. With ``memory``, exact matches are reused instead of decoded
    and each reuse is counted in the memory."""
    started = time.perf_counter()
    articles = _prepare(engine, segmented, memory, tm_min)
    tm_manifest = None
    if memory is not None:
        tm_manifest = {"path": str(memory.memory.path), "entries": len(memory.index), "min": tm_min}
        memory.memory.record_use(found.exact_id for article in articles for found in (article.memory or {}).values() if found.exact_id is not None)
    segmented.clear()
    units = [unit for article in articles for unit in article.units]
    needs_attention: set[int] = set()
    if glossary is not None:
        from translate.glossary import plan_mentions

        offset = 0
        for article in articles:
            article.planned = plan_mentions(article.segments, glossary)
            with_terms = {segment_id for segment_id, matches in article.planned.items() if any(match.enforce for match in matches)}
            needs_attention.update(offset + number for number, unit in enumerate(article.units) if unit.segment_id in with_terms)
            offset += len(article.units)
    hypotheses = iter(_translate_units(engine, units, progress, needs_attention))
    for article in articles:
        article.hypotheses = [next(hypotheses) for _ in article.units]
    del hypotheses, units
    if glossary is not None:
        _enforce_glossary(engine, articles, glossary)
    _score_where_needed(engine, articles)
    seconds = time.perf_counter() - started
    total = sum(len(article.units) for article in articles) or 1
    articles.reverse()  # pop from the end, in input order
    while articles:
        article = articles.pop()
        # A window is decoded as one; each article is charged its share of the window's sentences.
        yield _run(article, engine, glossary, tm_manifest), seconds * len(article.units) / total


def translate_stream(
    documents: Iterable[Document],
    engine: Engine,
    *,
    glossary: TermMatcher | None = None,
    progress: Progress | None = None,
    window_sentences: int | None = None,
    memory: MemoryLookup | None = None,
    tm_min: int = 75,
) -> Iterator[tuple[Run, float]]:
    """Translate many articles as one sentence stream; yield ``(run, seconds)`` per article, in input
    order, each as soon as its window is done (``seconds``: its share of the window's time).

    ``documents`` is read lazily: an article joins the current window, and a window is decoded once
    it holds ``window_sentences`` (default :data:`WINDOW_SENTENCES`) sentences or the input ends."""
    limit = window_sentences or WINDOW_SENTENCES
    window: list[tuple[Document, list[Segment]]] = []
    sentences = 0
    for document in documents:
        segments = segment_document(document)
        window.append((document, segments))
        sentences += len(segments)
        if sentences >= limit:
            yield from translate_window(window, engine, glossary=glossary, progress=progress, memory=memory, tm_min=tm_min)
            window, sentences = [], 0
    if window:
        yield from translate_window(window, engine, glossary=glossary, progress=progress, memory=memory, tm_min=tm_min)


def translate_document(
    document: Document,
    engine: Engine,
    *,
    glossary: TermMatcher | None = None,
    progress: Progress | None = None,
    memory: MemoryLookup | None = None,
    tm_min: int = 75,
) -> Run:
    """Translate every Arabic segment of ``document``; other segments pass through unchanged.

    With ``glossary`` (a matcher built once per run), every matched term's required English form is
    guaranteed in its segment's target (:mod:`translate.enforce`) and reported in ``Pair.terms``;
    source offsets in the reports index the document text, target offsets the pair's target. The
    same code as :func:`translate_stream`, with one article."""
    ((run, _),) = list(translate_stream([document], engine, glossary=glossary, progress=progress, memory=memory, tm_min=tm_min))
    return run
