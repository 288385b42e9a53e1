"""Is system B really better than system A? sacrebleu's paired tests, unchanged.

Paired bootstrap resampling (Koehn 2004) and approximate randomisation (Riezler & Maxwell 2005) through
``sacrebleu.significance.PairedTest``, so the p-values equal ``sacrebleu REF -i A B --paired-bs`` /
``--paired-ar``. The first system is the baseline; each other one gets a p-value against it (the
probability of a difference this large arising by chance). sacrebleu seeds its own RNG
(``SACREBLEU_SEED``, default 12345).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sacrebleu.significance import PairedTest

from translate.evaluate.metrics import JSON_KEYS, METRICS, make_metric

__all__ = ["TESTS", "PairedComparison", "SystemScore", "compare_systems"]

#: Test names as sacrebleu spells them: paired bootstrap, approximate randomisation.
TESTS = ("bs", "ar")


@dataclass(frozen=True)
class SystemScore:
    """One system's score for one metric in one test; ``p_value`` is ``None`` for the baseline.
    ``mean``/``ci``: bootstrap mean and 95 % half-width (``None`` for AR, which sacrebleu runs
    without confidence estimation here)."""

    system: str
    metric: str
    score: float
    p_value: float | None
    mean: float | None
    ci: float | None


@dataclass(frozen=True)
class PairedComparison:
    test: str
    samples: int
    signatures: dict[str, str]
    scores: tuple[SystemScore, ...]


def compare_systems(
    systems: Sequence[tuple[str, Sequence[str]]],
    references: Sequence[str],
    metrics: Sequence[str] = METRICS,
    tests: Sequence[str] = TESTS,
    samples: int = 0,
) -> tuple[PairedComparison, ...]:
    """Run each paired test over ``systems`` (name, hypotheses); the first is the baseline.
    ``samples`` 0 means sacrebleu's defaults (1000 resamples for ``bs``, 10000 trials for ``ar``)."""
    if len(systems) < 2:
        raise ValueError("a paired test needs at least two systems")
    for name, hypotheses in systems:
        if len(hypotheses) != len(references):
            raise ValueError(f"{name}: {len(hypotheses)} hypotheses but {len(references)} references")
    comparisons = []
    for test in tests:
        metric_objects = {name: make_metric(name) for name in metrics}
        paired = PairedTest(
            [(name, list(hypotheses)) for name, hypotheses in systems],
            metric_objects,
            [list(references)],
            test_type=test,
            n_samples=samples,
        )
        signatures, table = paired()
        # sacrebleu keys its results by the score's display name (BLEU, chrF2, chrF2++, TER).
        display_to_metric = dict(zip(list(table)[1:], metrics))
        scores = []
        for display, results in list(table.items())[1:]:
            metric = display_to_metric[display]
            for system, result in zip(table["System"], results):
                scores.append(
                    SystemScore(
                        system=str(system),
                        metric=metric,
                        score=float(result.score),
                        p_value=None if result.p_value is None else float(result.p_value),
                        mean=None if result.mean is None else float(result.mean),
                        ci=None if result.ci is None else float(result.ci),
                    )
                )
        comparisons.append(
            PairedComparison(
                test=test,
                samples=paired.n_samples,
                signatures={JSON_KEYS[display_to_metric[display]]: signature.format() for display, signature in signatures.items()},
                scores=tuple(scores),
            )
        )
    return tuple(comparisons)
