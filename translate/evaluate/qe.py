"""How our quality score tracks post-editing effort, on the user's own data.

Each pair of a run carries a 0–100 quality estimate (higher = better). With a post-edit as reference,
HTER measures the effort each segment really cost (higher = more edits). A useful quality score is
anti-correlated with HTER; we report Pearson's r (linear) and Spearman's ρ (rank: does the score order
segments the way editors' effort does — what a reviewer sorting by score relies on).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["QualityCorrelation", "correlate_quality", "pearson", "spearman"]


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
    return statistics.correlation(list(xs), list(ys))


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
