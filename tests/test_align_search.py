"""The vectorised banded search finds the same optimum as a plain full-table dynamic programme."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from translate.align.search import LengthModel, Problem, best_path, content_cost
from translate.align.sentence import BEAD_PRIORS, _weights
from translate.align.units import Unit, merge_units

ANCHORS = ("n:1", "n:2", "m:3", "w:epa", "c:4")


def step_cost(source: list[Unit], target: list[Unit], model: LengthModel, i: int, j: int, di: int, dj: int, similarity) -> float:
    weights = _weights()
    if di == 0 or dj == 0:
        unit = source[i - 1] if di else target[j - 1]
        lonely = weights.lonely_anchor_share * (len(unit.strong) * weights.anchor + len(unit.weak) * weights.weak_anchor)
        return weights.priors[(di, dj)] + lonely + (weights.similarity / 2 if similarity else 0.0)
    cost = weights.priors[(di, dj)] + content_cost(merge_units(source[i - di : i]), merge_units(target[j - dj : j]), model, weights)
    if similarity:
        values = [max(similarity(a, b) for b in range(j - dj, j)) for a in range(i - di, i)] + [max(similarity(a, b) for a in range(i - di, i)) for b in range(j - dj, j)]
        cost += weights.similarity * (1 - sum(values) / len(values)) * (di + dj) / 2
    return cost


def reference_cost(source: list[Unit], target: list[Unit], model: LengthModel, similarity) -> float:
    n, m = len(source), len(target)
    table = [[math.inf] * (m + 1) for _ in range(n + 1)]
    table[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for di, dj in BEAD_PRIORS:
                if (i, j) != (0, 0) and i >= di and j >= dj and table[i - di][j - dj] < math.inf:
                    table[i][j] = min(table[i][j], table[i - di][j - dj] + step_cost(source, target, model, i, j, di, dj, similarity))
    return table[n][m]


_unit = st.builds(
    Unit,
    length=st.integers(1, 120),
    strong=st.frozensets(st.sampled_from(ANCHORS), max_size=2),
    reachable=st.just(frozenset()),
    weak=st.frozensets(st.sampled_from(("?", '"')), max_size=1),
).map(lambda u: Unit(u.length, u.strong, u.strong, u.weak))


@settings(max_examples=60, deadline=None)
@given(source=st.lists(_unit, min_size=1, max_size=9), target=st.lists(_unit, min_size=1, max_size=9), with_similarity=st.booleans(), seed=st.integers(0, 1000))
def test_search_finds_the_optimum(source: list[Unit], target: list[Unit], with_similarity: bool, seed: int) -> None:
    model = LengthModel(1.3, 2.0)
    similarity = (lambda i, j: ((i * 7 + j * 13 + seed) % 10) / 10) if with_similarity else None
    beads = best_path(Problem(source, target, model, _weights(), tuple(BEAD_PRIORS), similarity))
    total = 0.0
    for src, tgt, _ in beads:
        total += step_cost(source, target, model, src.stop, tgt.stop, len(src), len(tgt), similarity)
    assert math.isclose(total, reference_cost(source, target, model, similarity), rel_tol=1e-9, abs_tol=1e-6)
