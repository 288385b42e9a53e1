"""The banded dynamic-programming search over beads, one row of the table at a time.

Each row's cells are computed with numpy: the moves from the rows above are vectorised over the band,
and the 0-1 move inside the row (``x_j = min(a_j, x_{j−1} + b_j)``) is a prefix minimum,
``x = B + minimum.accumulate(a − B)`` with ``B`` the running sum of ``b``. Anchor costs are sparse: an
inverted index from anchor to sentences marks the few cells where an anchor finds its partner.

The band follows the diagonal from (0, 0) to (n, m); when the best path comes within
``BAND_MARGIN`` of its edge, the band is doubled and the search repeated.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from translate.align.units import Unit, merge_units

__all__ = ["BAND_MARGIN", "INITIAL_BAND", "LengthModel", "Weights", "best_path", "content_cost"]

Similarity = Callable[[int, int], float]

#: Half-width of the first band (in sentences) around the diagonal.
INITIAL_BAND = 24
#: A path this close to the band's edge means the band may have cut it off: widen and redo.
BAND_MARGIN = 3
#: Share of loose translations in the length model, and how much wider their δ spreads. Tuned on
#: seeds 0–3 of scripts/eval_alignment.py (none: F1 .980; .05 and 2: .985; .1 and 3: .978).
LOOSE_SHARE = 0.05
LOOSE_WIDTH = 2.0
#: The most cells one search may fill (a float and a byte each): about 10^4 × 10^4 sentences banded,
#: or 10^3 × 3·10^4 unbanded. More is refused with a message rather than exhausting memory.
MAX_CELLS = 60_000_000
#: Gale & Church's variance per character, used until the input's own can be measured.
DEFAULT_VARIANCE = 6.8

# Abramowitz & Stegun 7.1.26: erfc(x) ≈ t·P(t)·exp(−x²), t = 1/(1 + p·x), |error| < 1.5e-7. Written
# as −log erfc(x) = x² − log(t·P(t)) it never underflows, however far out x is.
_P = 0.3275911
_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
_SQRT2 = math.sqrt(2.0)
_WEAK_BITS = {"?": 1, '"': 2}
_POPCOUNT = np.array([0, 1, 1, 2])


@dataclass(frozen=True)
class LengthModel:
    """``ratio``: target characters per source character (Gale & Church's ``c``); ``variance``: their
    ``s²``, the variance of ``l_target − c·l_source`` per character."""

    ratio: float
    variance: float = DEFAULT_VARIANCE


@dataclass(frozen=True)
class Weights:
    """Costs in nats. ``priors[(di, dj)]`` is ``−log P(bead type)``."""

    priors: dict[tuple[int, int], float]
    anchor: float
    weak_anchor: float
    lonely_anchor_share: float
    similarity: float


def _neg_log_erfc(x: float) -> float:
    t = 1.0 / (1.0 + _P * x)
    poly = t * (_A[0] + t * (_A[1] + t * (_A[2] + t * (_A[3] + t * _A[4]))))
    return x * x - math.log(poly)


def _neg_log_erfc_array(x: np.ndarray) -> np.ndarray:
    t = 1.0 / (1.0 + _P * x)
    poly = t * (_A[0] + t * (_A[1] + t * (_A[2] + t * (_A[3] + t * _A[4]))))
    return x * x - np.log(poly)


def length_cost(source_length: float, target_length: float, model: LengthModel) -> float:
    """Gale & Church's ``−log 2(1 − Φ(|δ|))``, ``δ = (l_t − c·l_s) / √(s²·l)``, with heavier tails:
    a share ``LOOSE_SHARE`` of pairs are loose translations whose δ spreads ``LOOSE_WIDTH`` times
    wider. Pure Gaussian tails made one loose pair cost so much that two neighbours merged into 2-2."""
    mean = max((source_length + target_length / model.ratio) / 2, 1.0)
    x = abs(target_length - model.ratio * source_length) / math.sqrt(model.variance * mean) / _SQRT2
    tight = math.log1p(-LOOSE_SHARE) - _neg_log_erfc(x)
    loose = math.log(LOOSE_SHARE) - _neg_log_erfc(x / LOOSE_WIDTH)
    return -max(tight, loose) - math.log1p(math.exp(-abs(tight - loose)))


def _length_cost_array(source_length: float, target_lengths: np.ndarray, model: LengthModel) -> np.ndarray:
    mean = np.maximum((source_length + target_lengths / model.ratio) / 2, 1.0)
    x = np.abs(target_lengths - model.ratio * source_length) / np.sqrt(model.variance * mean) / _SQRT2
    tight = math.log1p(-LOOSE_SHARE) - _neg_log_erfc_array(x)
    loose = math.log(LOOSE_SHARE) - _neg_log_erfc_array(x / LOOSE_WIDTH)
    return -np.logaddexp(tight, loose)


def _weak_mask(unit: Unit) -> int:
    return sum(_WEAK_BITS[mark] for mark in unit.weak)


def content_cost(source: Unit, target: Unit, model: LengthModel, weights: Weights) -> float:
    """Length and anchor cost of pairing two (merged) units: 0 for a perfect fit."""
    lonely = sum(1 for anchor in source.strong if anchor not in target.reachable)
    lonely += sum(1 for anchor in target.strong if anchor not in source.reachable)
    weak = len(source.weak ^ target.weak)
    return length_cost(source.length, target.length, model) + weights.anchor * lonely + weights.weak_anchor * weak


class _Side:
    """One side's units with what the vectorised rows need: lengths, anchor counts and masks for
    single units and for each pair of neighbours, and anchor → unit indices."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units = list(units)
        self.pairs = [units[0]] + [merge_units(units[k - 1 : k + 1]) for k in range(1, len(units))] if units else []
        self.length = {1: np.array([u.length for u in self.units], dtype=float), 2: np.array([u.length for u in self.pairs], dtype=float)}
        self.strong_count = {1: np.array([len(u.strong) for u in self.units]), 2: np.array([len(u.strong) for u in self.pairs])}
        self.weak = {1: np.array([_weak_mask(u) for u in self.units], dtype=int), 2: np.array([_weak_mask(u) for u in self.pairs], dtype=int)}
        reach: dict[str, list[int]] = {}
        strong: dict[str, list[int]] = {}
        for index, unit in enumerate(self.units):
            for anchor in unit.reachable:
                reach.setdefault(anchor, []).append(index)
            for anchor in unit.strong:
                strong.setdefault(anchor, []).append(index)
        self.reach_index = reach
        self.strong_index = strong

    def group(self, end: int, size: int) -> Unit:
        """The unit of sentences ``end − size + 1 … end`` (size 1 or 2)."""
        return self.units[end] if size == 1 else self.pairs[end]


def _hit_cells(index: dict[str, list[int]], anchors: frozenset[str], first_end: int, last_end: int, size: int) -> dict[int, int]:
    """For the groups of ``size`` sentences ending at ``first_end … last_end``: how many of
    ``anchors`` each contains, for the few groups that contain any (keyed by ``end − first_end``)."""
    counts: dict[int, int] = {}
    for anchor in anchors:
        positions = index.get(anchor)
        if not positions:
            continue
        low = bisect_left(positions, first_end - size + 1)
        high = bisect_right(positions, last_end)
        cells = {position + shift - first_end for position in positions[low:high] for shift in range(size)}
        for cell in cells:
            if 0 <= cell <= last_end - first_end:
                counts[cell] = counts.get(cell, 0) + 1
    return counts


def _subtract(values: np.ndarray, counts: dict[int, int], scale: float) -> np.ndarray:
    if counts:
        values = values.copy()
        for cell, count in counts.items():
            values[cell] -= scale * count
    return values


@dataclass(frozen=True)
class Problem:
    source: Sequence[Unit]
    target: Sequence[Unit]
    model: LengthModel
    weights: Weights
    moves: tuple[tuple[int, int], ...]
    similarity: Similarity | None = None
    source_offset: int = 0
    target_offset: int = 0


def bead_similarity(similarity: Similarity, src: range, tgt: range) -> float:
    """Each sentence's best partner inside the bead, averaged over the sentences of both sides."""
    values = [max(similarity(i, j) for j in tgt) for i in src] + [max(similarity(i, j) for i in src) for j in tgt]
    return min(1.0, max(0.0, sum(values) / len(values)))


def _band(n: int, m: int, band: int) -> list[tuple[int, int]]:
    limits = []
    for i in range(n + 1):
        center = i * m / n if n else 0.0
        limits.append((max(0, int(center) - band), min(m, int(math.ceil(center)) + band)))
    return limits


def _lonely_costs(side: _Side, weights: Weights, prior: float, similarity: bool) -> np.ndarray:
    anchors = side.strong_count[1] * weights.anchor + _POPCOUNT[side.weak[1]] * weights.weak_anchor
    cost = prior + weights.lonely_anchor_share * anchors
    if similarity:
        cost = cost + weights.similarity / 2
    return cost.astype(float)


def _search(problem: Problem, source: _Side, target: _Side, band: int) -> tuple[list[tuple[int, int]], bool]:
    """Best path as the list of (di, dj) moves from (0, 0), and whether it came near the band's edge."""
    n, m = len(problem.source), len(problem.target)
    weights, model = problem.weights, problem.model
    limits = _band(n, m, band)
    moves = [move for move in problem.moves if move != (0, 1)]
    has_01 = (0, 1) in problem.moves
    lonely_source = _lonely_costs(source, weights, weights.priors.get((1, 0), math.inf), problem.similarity is not None)
    lonely_target = _lonely_costs(target, weights, weights.priors.get((0, 1), math.inf), problem.similarity is not None)
    costs: list[np.ndarray] = []
    choices: list[np.ndarray] = []
    for i in range(n + 1):
        low, high = limits[i]
        best = np.full(high - low + 1, np.inf)
        choice = np.full(high - low + 1, -1, dtype=np.int8)
        if i == 0:
            best[0] = 0.0
        for move_index, (di, dj) in enumerate(moves):
            if i - di < 0:
                continue
            p_low, p_high = limits[i - di]
            j0, j1 = max(low, p_low + dj, dj), min(high, p_high + dj)
            if j0 > j1:
                continue
            previous = costs[i - di][j0 - dj - p_low : j1 - dj - p_low + 1]
            if dj == 0:
                step: np.ndarray | float = lonely_source[i - 1]
            else:
                group = source.group(i - 1, di)
                step = weights.priors[(di, dj)] + _length_cost_array(group.length, target.length[dj][j0 - 1 : j1], model)
                # Source anchors the target group does not reach, and target anchors the source
                # group does not reach: all of them, less the few cells where partners are found.
                lonely = weights.anchor * (len(group.strong) + target.strong_count[dj][j0 - 1 : j1])
                if group.strong:
                    lonely = _subtract(lonely, _hit_cells(target.reach_index, group.strong, j0 - 1, j1 - 1, dj), weights.anchor)
                if group.reachable:
                    lonely = _subtract(lonely, _hit_cells(target.strong_index, group.reachable, j0 - 1, j1 - 1, dj), weights.anchor)
                step = step + lonely
                step = step + weights.weak_anchor * _POPCOUNT[_weak_mask(group) ^ target.weak[dj][j0 - 1 : j1]]
                if problem.similarity is not None:
                    src = range(problem.source_offset + i - di, problem.source_offset + i)
                    similarities = np.array([
                        bead_similarity(problem.similarity, src, range(problem.target_offset + j - dj, problem.target_offset + j))
                        for j in range(j0, j1 + 1)
                    ])
                    step = step + weights.similarity * (1 - similarities) * (di + dj) / 2
            candidate = previous + step
            window = best[j0 - low : j1 - low + 1]
            better = candidate < window
            window[better] = candidate[better]
            choice[j0 - low : j1 - low + 1][better] = move_index
        if has_01 and high > low:
            # x_j = min(best_j, x_{j−1} + b_j) over the row, as a prefix minimum.
            b = np.concatenate(([0.0], lonely_target[low : high]))
            running = np.cumsum(b)
            chained = np.minimum.accumulate(best - running) + running
            from_left = chained < best - 1e-12
            choice[from_left] = len(moves)
            best = np.minimum(best, chained)
        costs.append(best)
        choices.append(choice)
    all_moves = moves + [(0, 1)]
    path: list[tuple[int, int]] = []
    i, j = n, m
    near_edge = False
    while i > 0 or j > 0:
        low, high = limits[i]
        if (low > 0 and j - low < BAND_MARGIN) or (high < m and high - j < BAND_MARGIN):
            near_edge = True
        index = int(choices[i][j - low])
        if index < 0:  # unreachable inside the band: it is too narrow
            return [], True
        di, dj = all_moves[index]
        path.append((di, dj))
        i, j = i - di, j - dj
    path.reverse()
    return path, near_edge


def best_path(problem: Problem) -> list[tuple[range, range, float]]:
    """The cheapest bead sequence: (source range, target range, content score in [0, 1]) per bead,
    indices offset by the problem's offsets. The score is ``exp(−content cost)``, times the bead's
    similarity when one is given, and 0 for a sentence without counterpart."""
    n, m = len(problem.source), len(problem.target)
    # A path drifts from the diagonal like a random walk, about √n sentences over n.
    band = max(INITIAL_BAND, math.ceil(0.5 * math.sqrt(max(n, m))))
    source, target = _Side(problem.source), _Side(problem.target)
    while True:
        full = band >= max(n, m)
        # Never narrower than |n − m|: the band then holds every path between the two extreme
        # diagonals (all drops first, all drops last), which edge detection alone cannot vouch for.
        width = max(n, m) + 1 if full else max(band, abs(n - m) + BAND_MARGIN + 1)
        cells = (n + 1) * min(m + 1, 2 * width + 2)
        if cells > MAX_CELLS:
            raise ValueError(
                f"{n} x {m} sentences need {cells:,} cells in one block, more than {MAX_CELLS:,}: "
                "give paragraph boundaries, or split the texts into matching parts"
            )
        path, near_edge = _search(problem, source, target, width)
        if path and (not near_edge or full):
            break
        band *= 2
    beads = []
    i = j = 0
    for di, dj in path:
        src = range(problem.source_offset + i, problem.source_offset + i + di)
        tgt = range(problem.target_offset + j, problem.target_offset + j + dj)
        score = 0.0
        if di and dj:
            source = merge_units(problem.source[i : i + di])
            target = merge_units(problem.target[j : j + dj])
            score = math.exp(-content_cost(source, target, problem.model, problem.weights))
            if problem.similarity is not None:
                score *= bead_similarity(problem.similarity, src, tgt)
        beads.append((src, tgt, score))
        i, j = i + di, j + dj
    return beads
