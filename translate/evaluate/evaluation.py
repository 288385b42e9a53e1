"""One evaluation: pair hypothesis and reference segments (line by line, or aligned into beads), score
them, summarise the edits. Returns records; rendering (text, JSON, HTML) happens elsewhere."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from translate.errors import InputError
from translate.evaluate.hter import DEFAULT_MOST_CHANGED, EditSummary, summarise_edits
from translate.evaluate.side import Side
from translate.evaluate.metrics import (
    DEFAULT_BOOTSTRAP,
    JSON_KEYS,
    METRICS,
    CorpusScore,
    score_all,
)
from translate.evaluate.qe import QualityCorrelation, correlate_quality, estimate_quality

__all__ = ["Evaluation", "Settings", "SegmentResult", "evaluate", "evaluation_to_json", "pair_segments"]


@dataclass(frozen=True)
class Settings:
    metrics: tuple[str, ...] = METRICS
    align: bool = False
    n_bootstrap: int = DEFAULT_BOOTSTRAP
    width: int = 1
    most_changed: int = DEFAULT_MOST_CHANGED
    #: Estimate quality scores from the sources when the hypothesis file carries none.
    estimate_quality: bool = True


@dataclass(frozen=True)
class SegmentResult:
    """One scored unit: a line pair, or an aligned bead whose segments were joined with a space.
    ``hyp_lines``/``ref_lines`` are 0-based indices of the segments in each input."""

    index: int
    hyp_lines: tuple[int, ...]
    ref_lines: tuple[int, ...]
    hypothesis: str
    reference: str
    source: str | None
    scores: dict[str, float] = field(default_factory=dict)
    hter: float = 0.0
    edits: int = 0
    quality: float | None = None


@dataclass(frozen=True)
class Evaluation:
    hyp: Side
    ref: Side
    settings: Settings
    corpus: tuple[CorpusScore, ...]
    segments: tuple[SegmentResult, ...]
    segment_signatures: dict[str, str]
    edits: EditSummary
    remarks: tuple[str, ...] = ()
    #: Our quality score against HTER, when quality scores are known.
    quality: QualityCorrelation | None = None
    #: Where the quality scores came from: ``file`` (the hypothesis carried them), ``estimated`` (from
    #: the sources, by ``translate.quality``), ``given`` (by the caller, e.g. with a model), or ``None``.
    quality_origin: str | None = None


def pair_segments(hyp: Side, ref: Side, align: bool) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
    """Which hypothesis segments are scored against which reference segments."""
    if not align:
        if len(hyp.segments) != len(ref.segments):
            raise InputError(
                None,
                f"{hyp.path} has {len(hyp.segments)} segments but {ref.path} has {len(ref.segments)}",
                "pass --align to align them into beads first (editors merge and split sentences), or give files with one segment a line each",
            )
        return tuple(((index,), (index,)) for index in range(len(hyp.segments)))
    try:
        from translate.align import align_sentences
    except ImportError:
        raise InputError(None, "--align needs the sentence aligner (translate.align), which is not installed in this build", "run without --align on files with one segment a line each") from None
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    hyps, refs = hyp.segments, ref.segments
    known: dict[tuple[int, int], float] = {}

    def similarity(i: int, j: int) -> float:
        # MT-to-reference chrF: the MT is a bridge into the reference's language (Bleualign's idea).
        # The aligner asks for the same pair once per bead shape it tries, so each is computed once.
        if (i, j) not in known:
            known[i, j] = chrf.sentence_score(hyps[i], [refs[j]]).score / 100.0
        return known[i, j]

    beads = align_sentences(list(hyps), list(refs), similarity=similarity)
    return tuple((tuple(bead.src), tuple(bead.tgt)) for bead in beads)


def _join(texts: Sequence[str], indices: Sequence[int]) -> str:
    return " ".join(texts[i] for i in indices if texts[i])


def evaluate(
    hyp: Side,
    ref: Side,
    settings: Settings = Settings(),
    sources: Sequence[str] | None = None,
    quality: Sequence[float | None] | None = None,
) -> Evaluation:
    """Score ``hyp`` against ``ref``. ``sources`` (the Arabic, one per hypothesis segment) default to
    the hypothesis file's own when it carries them. ``quality`` (one 0–100 score per hypothesis
    segment) defaults to the file's own scores, else to :func:`~translate.evaluate.qe.estimate_quality`
    from the sources when they are known and ``settings.estimate_quality``."""
    remarks = list(hyp.remarks) + list(ref.remarks)
    if sources is None:
        sources = hyp.sources
    elif len(sources) != len(hyp.segments):
        raise InputError(None, f"the source has {len(sources)} segments but {hyp.path} has {len(hyp.segments)}", "give one Arabic segment a line, in the hypothesis's order")
    pairs = pair_segments(hyp, ref, settings.align)
    hypotheses = [_join(hyp.segments, h) for h, _ in pairs]
    references = [_join(ref.segments, r) for _, r in pairs]
    scores = score_all(hypotheses, references, settings.metrics, settings.n_bootstrap, settings.width)
    per_segment = scores.segments
    terms = None
    if hyp.terms is not None:
        terms = [tuple(form for i in h for form in hyp.terms[i]) for h, _ in pairs]
    edits = summarise_edits(hypotheses, references, terms, settings.most_changed, ter=scores.ter)
    quality_origin = "given" if quality is not None else "file" if hyp.quality is not None else None
    if quality is None:
        quality = hyp.quality
    if quality is None and sources is not None and settings.estimate_quality:
        quality, quality_origin = estimate_quality(sources, hyp.segments), "estimated"
    if quality is not None and len(quality) != len(hyp.segments):
        raise ValueError(f"{len(quality)} quality scores but {len(hyp.segments)} hypothesis segments")
    bead_quality = [_bead_quality(quality, h) for h, _ in pairs] if quality is not None else None
    segments = tuple(
        SegmentResult(
            index=index,
            hyp_lines=h,
            ref_lines=r,
            hypothesis=hypotheses[index],
            reference=references[index],
            source=_join(sources, h) if sources is not None else None,
            scores={JSON_KEYS[name]: value for name, value in per_segment[index].items()},
            hter=edits.segments[index].hter,
            edits=edits.segments[index].edits,
            quality=bead_quality[index] if bead_quality is not None else None,
        )
        for index, (h, r) in enumerate(pairs)
    )
    correlation = correlate_quality(bead_quality, [segment.hter for segment in edits.segments]) if bead_quality is not None else None
    return Evaluation(hyp, ref, settings, scores.corpus, segments, scores.segment_signatures, edits, tuple(remarks), correlation, quality_origin)


def _bead_quality(quality: Sequence[float | None], indices: Sequence[int]) -> float | None:
    """A bead's quality: the mean of its scored segments' (``None`` when none is scored)."""
    scores = [quality[i] for i in indices if quality[i] is not None]
    return sum(scores) / len(scores) if scores else None


def evaluation_to_json(evaluation: Evaluation) -> dict[str, Any]:
    """The ``--format json`` document: ``bleu``/``chrf``/``chrfpp``/``ter`` are sacrebleu's ``.score``."""
    document: dict[str, Any] = {JSON_KEYS[score.metric]: score.score for score in evaluation.corpus}
    document["signatures"] = {JSON_KEYS[score.metric]: score.signature for score in evaluation.corpus}
    document["confidence"] = {
        JSON_KEYS[score.metric]: {"mean": score.mean, "ci95": score.ci, "low": score.mean - score.ci, "high": score.mean + score.ci}
        for score in evaluation.corpus
        if score.mean is not None and score.ci is not None
    }
    document["segment_signatures"] = evaluation.segment_signatures
    document["segments"] = [
        {
            "index": segment.index,
            **({"id": evaluation.hyp.ids[segment.hyp_lines[0]]} if evaluation.hyp.ids is not None and len(segment.hyp_lines) == 1 else {}),
            "hyp_lines": list(segment.hyp_lines),
            "ref_lines": list(segment.ref_lines),
            "source": segment.source,
            "hypothesis": segment.hypothesis,
            "reference": segment.reference,
            **segment.scores,
            "hter": segment.hter,
            "edits": segment.edits,
            "quality": segment.quality,
        }
        for segment in evaluation.segments
    ]
    edits = evaluation.edits
    document["edits"] = {
        "hter": edits.corpus_hter,
        "signature": edits.signature,
        "segments": edits.total,
        "untouched": edits.untouched,
        "untouched_share": edits.untouched_share,
        "most_changed": [{"index": s.index, "hter": s.hter, "edits": s.edits} for s in edits.most_changed],
        "terms_checked": edits.terms_checked,
        "term_changes": [{"index": c.index, "required": c.required, "hypothesis": c.hypothesis, "reference": c.reference} for c in edits.term_changes],
    }
    correlation = evaluation.quality
    document["quality"] = (
        None
        if correlation is None
        else {
            "origin": evaluation.quality_origin,
            "scored": correlation.scored,
            "segments": correlation.total,
            "mean": correlation.mean_quality,
            "pearson_vs_hter": correlation.pearson,
            "spearman_vs_hter": correlation.spearman,
        }
    )
    document["inputs"] = {
        "hyp": {"path": str(evaluation.hyp.path), "format": evaluation.hyp.format, "segments": len(evaluation.hyp.segments)},
        "ref": {"path": str(evaluation.ref.path), "format": evaluation.ref.format, "segments": len(evaluation.ref.segments)},
        "aligned": evaluation.settings.align,
    }
    document["remarks"] = list(evaluation.remarks)
    return document
