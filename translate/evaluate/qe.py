"""How our quality score tracks post-editing effort, on the user's own data.

Each pair of a run carries a 0–100 quality estimate (higher = better). With a post-edit as reference,
HTER measures the effort each segment really cost (higher = more edits). A useful quality score is
anti-correlated with HTER; we report Pearson's r (linear) and Spearman's ρ (rank: does the score order
segments the way editors' effort does — what a reviewer sorting by score relies on).

The scores come from the hypothesis file when it carries them (our run JSONL, XLIFF, TSV). For any
other hypothesis with its Arabic source, :func:`estimate_quality` computes them with
``translate.quality`` — from the pair alone (numbers, length, lexicon coverage, structure, Arabic left,
repetition), plus
the model's token log-probabilities of the hypothesis when a model scored it (:func:`model_scores`).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from translate.engines.base import Engine, Hypothesis

__all__ = ["QualityCorrelation", "correlate_quality", "estimate_quality", "model_scores", "pearson", "spearman"]


@dataclass(frozen=True)
class QualityCorrelation:
    """Over the ``scored`` segments that have a quality score: their mean score, and its correlation
    with their HTER (``None`` when undefined: fewer than two segments, or a constant side)."""

    scored: int
    total: int
    mean_quality: float | None
    pearson: float | None
    spearman: float | None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    try:
        return statistics.correlation(list(xs), list(ys))
    except statistics.StatisticsError:  # distinct values whose variance still underflows to 0
        return None


def _ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks; tied values share the mean of their ranks (as Spearman's ρ requires)."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    return pearson(_ranks(xs), _ranks(ys))


def correlate_quality(quality: Sequence[float | None], hter: Sequence[float]) -> QualityCorrelation:
    """Correlate per-segment quality scores (``None`` = not scored, skipped) with per-segment HTER."""
    if len(quality) != len(hter):
        raise ValueError(f"{len(quality)} quality scores but {len(hter)} HTER values")
    pairs = [(q, h) for q, h in zip(quality, hter) if q is not None]
    scores = [q for q, _ in pairs]
    efforts = [h for _, h in pairs]
    return QualityCorrelation(
        scored=len(pairs),
        total=len(hter),
        mean_quality=statistics.fmean(scores) if scores else None,
        pearson=pearson(scores, efforts),
        spearman=spearman(scores, efforts),
    )


def model_scores(engine: Engine, sources: Sequence[str], hypotheses: Sequence[str]) -> list[Hypothesis | None]:
    """The model's teacher-forced scoring of each hypothesis given its source (``None`` where either
    side is empty: there is nothing to score)."""
    if len(sources) != len(hypotheses):
        raise ValueError(f"{len(sources)} sources but {len(hypotheses)} hypotheses")
    wanted = [index for index, (source, hypothesis) in enumerate(zip(sources, hypotheses)) if source.strip() and hypothesis.strip()]
    scored = engine.score([sources[i] for i in wanted], [hypotheses[i] for i in wanted]) if wanted else []
    results: list[Hypothesis | None] = [None] * len(hypotheses)
    for index, hypothesis in zip(wanted, scored, strict=True):
        results[index] = hypothesis
    return results


def estimate_quality(
    sources: Sequence[str], hypotheses: Sequence[str], scored: Sequence[Hypothesis | None] | None = None
) -> tuple[float | None, ...]:
    """Our 0–100 quality score for each (Arabic source, English hypothesis); ``None`` for an empty
    source (nothing was translated). ``scored`` adds the model's log-probabilities (see
    :func:`model_scores`); the length distribution is the file's own, as in a run."""
    from translate.quality import default_model, document_shift, length_distribution, score_pair

    if len(sources) != len(hypotheses):
        raise ValueError(f"{len(sources)} sources but {len(hypotheses)} hypotheses")
    lengths = length_distribution([(source, hypothesis) for source, hypothesis in zip(sources, hypotheses) if source.strip()])
    shift = document_shift(default_model().lengths, [(source, hypothesis, "sentence") for source, hypothesis in zip(sources, hypotheses) if source.strip()])
    results: list[float | None] = []
    for index, (source, hypothesis) in enumerate(zip(sources, hypotheses)):
        if not source.strip():
            results.append(None)
            continue
        model = scored[index] if scored is not None else None
        mean = model.logprob_mean if model is not None else None
        low = model.logprob_min if model is not None else None
        results.append(score_pair(source, hypothesis, logprob_mean=mean, logprob_min=low, lengths=lengths, shift=shift).score)
    return tuple(results)
