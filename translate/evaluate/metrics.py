"""Corpus and segment scores through sacrebleu's Python API, with its signatures.

Corpus scores use sacrebleu's defaults — the same objects its command line builds — so
``translate eval HYP REF`` and ``sacrebleu REF -i HYP -m bleu chrf ter`` print the same numbers
(tests/test_eval_sacrebleu.py checks it). Bootstrap intervals come from ``corpus_score(n_bootstrap=)``:
sacrebleu seeds its own RNG (``SACREBLEU_SEED``, default 12345), so they are reproducible and equal to
``sacrebleu --confidence``. Segment BLEU uses ``effective_order=True``, as sacrebleu does for
sentence-level BLEU (Chen & Cherry 2014: plain BLEU is 0 for most single sentences).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric, Score

__all__ = [
    "DEFAULT_BOOTSTRAP",
    "JSON_KEYS",
    "METRICS",
    "CorpusScore",
    "ScoreSet",
    "TerStatistics",
    "corpus_scores",
    "make_metric",
    "parse_metrics",
    "score_all",
    "segment_scores",
    "ter_statistics",
]

#: Metric names on the command line, in report order.
METRICS = ("bleu", "chrf", "chrf++", "ter")
#: Their keys in the JSON output (``chrf++`` is not a friendly key).
JSON_KEYS = {"bleu": "bleu", "chrf": "chrf", "chrf++": "chrfpp", "ter": "ter"}
#: sacrebleu's own default for ``--confidence``.
DEFAULT_BOOTSTRAP = 1000


@dataclass(frozen=True)
class CorpusScore:
    """One corpus-level score. ``mean``/``ci`` are the bootstrap mean and the half-width of its 95 %
    interval (sacrebleu's ``μ ± ci``), ``None`` without bootstrap; ``line`` is sacrebleu's own text
    rendering at ``width`` decimals, signature included."""

    metric: str
    name: str
    score: float
    signature: str
    verbose: str
    mean: float | None
    ci: float | None
    line: str


@dataclass(frozen=True)
class TerStatistics:
    """TER's sufficient statistics: ``(edits, reference words)`` per segment, and the signature."""

    rows: tuple[tuple[float, float], ...]
    signature: str


@dataclass(frozen=True)
class ScoreSet:
    """Everything one pass over the statistics gives: corpus scores, per-segment scores (keyed by
    metric name), the segment scorers' signatures (JSON keys), and TER's statistics when TER was
    among the metrics (HTER reuses them)."""

    corpus: tuple[CorpusScore, ...]
    segments: tuple[dict[str, float], ...]
    segment_signatures: dict[str, str]
    ter: TerStatistics | None


def parse_metrics(value: str) -> tuple[str, ...]:
    """``"bleu,chrf++"`` → ``("bleu", "chrf++")`` in report order; ``ValueError`` names unknown ones."""
    names = {part.strip().lower().replace("chrfpp", "chrf++") for part in value.split(",") if part.strip()}
    unknown = sorted(names - set(METRICS))
    if unknown or not names:
        raise ValueError(f"unknown metric(s) {', '.join(unknown) or '(none given)'}; choose from {', '.join(METRICS)}")
    return tuple(name for name in METRICS if name in names)


def make_metric(name: str, sentence_level: bool = False) -> Metric:
    """A fresh sacrebleu metric with the command line's defaults (``chrf++`` = ``--chrf-word-order 2``)."""
    if name == "bleu":
        return BLEU(effective_order=sentence_level)
    if name == "chrf":
        return CHRF()
    if name == "chrf++":
        return CHRF(word_order=2)
    if name == "ter":
        return TER()
    raise ValueError(f"unknown metric {name!r}; choose from {', '.join(METRICS)}")


def score_all(
    hypotheses: Sequence[str],
    references: Sequence[str],
    metrics: Sequence[str] = METRICS,
    n_bootstrap: int = DEFAULT_BOOTSTRAP,
    width: int = 1,
) -> ScoreSet:
    """Corpus and segment scores for equal-length ``hypotheses`` and ``references`` (one reference each).

    Each metric's per-segment statistics are extracted once (the expensive part: TER's shift search,
    chrF's n-grams) and reused three ways: summed for the corpus score (``corpus_score`` does exactly
    this), resampled for the bootstrap, and row by row for the segment scores (``sentence_score`` is
    the same computation on one row; segment BLEU with ``effective_order``). Tests check all three
    against sacrebleu's public calls.
    """
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} references")
    hypotheses, references = list(hypotheses), list(references)
    corpus: list[CorpusScore] = []
    per_metric: dict[str, list[float]] = {}
    signatures: dict[str, str] = {}
    ter: TerStatistics | None = None
    for name in metrics:
        metric = make_metric(name)
        metric._check_corpus_score_args(hypotheses, [references])
        stats = metric._extract_corpus_statistics(hypotheses, [references])
        score = metric._aggregate_and_compute(stats)
        bootstrapped = n_bootstrap > 1 and bool(stats)
        if bootstrapped:
            _bootstrap(metric, score, stats, n_bootstrap)
        signature = metric.get_signature().format()
        corpus.append(
            CorpusScore(
                metric=name,
                name=score.name,
                score=float(score.score),
                signature=signature,
                verbose=score._verbose,
                mean=float(score._mean) if bootstrapped else None,
                ci=float(score._ci) if bootstrapped else None,
                line=score.format(width=width, signature=signature),
            )
        )
        segment_metric = make_metric(name, sentence_level=True) if name == "bleu" else make_metric(name)
        per_metric[name] = [float(segment_metric._compute_score_from_stats(row).score) for row in stats]
        if stats:
            # A scorer is signed once it has seen references; the segment BLEU scorer only differs in eff:yes.
            segment_metric.num_refs = metric.num_refs
            signatures[JSON_KEYS[name]] = segment_metric.get_signature().format()
        if name == "ter":
            ter = TerStatistics(tuple((float(row[0]), float(row[1])) for row in stats), signature)
    segments = tuple({name: per_metric[name][index] for name in metrics} for index in range(len(hypotheses)))
    return ScoreSet(tuple(corpus), segments, signatures, ter)


def corpus_scores(
    hypotheses: Sequence[str],
    references: Sequence[str],
    metrics: Sequence[str] = METRICS,
    n_bootstrap: int = DEFAULT_BOOTSTRAP,
    width: int = 1,
) -> tuple[CorpusScore, ...]:
    """Corpus scores only (see :func:`score_all`)."""
    return score_all(hypotheses, references, metrics, n_bootstrap, width).corpus


def segment_scores(
    hypotheses: Sequence[str], references: Sequence[str], metrics: Sequence[str] = METRICS
) -> tuple[tuple[dict[str, float], ...], dict[str, str]]:
    """Per-segment scores — one ``{metric: score}`` per pair, equal to sacrebleu's ``sentence_score`` —
    and the signatures of the segment scorers, keyed like the JSON (segment BLEU's differs from the
    corpus one: ``eff:yes``). No pairs, no signatures: sacrebleu only signs a metric that has seen
    references."""
    scores = score_all(hypotheses, references, metrics, n_bootstrap=0)
    return scores.segments, scores.segment_signatures


def ter_statistics(hypotheses: Sequence[str], references: Sequence[str]) -> TerStatistics:
    """TER's per-segment ``(edits, reference words)`` with sacrebleu's defaults."""
    metric = TER()
    stats = metric._extract_corpus_statistics(list(hypotheses), [list(references)])
    return TerStatistics(tuple((float(row[0]), float(row[1])) for row in stats), metric.get_signature().format())


def _bootstrap(metric: Metric, score: Score, stats: list, n_bootstrap: int) -> None:
    """What ``corpus_score(n_bootstrap=)`` does, minus a sacrebleu 2.6 crash.

    sacrebleu resamples float32 statistics; a resample whose chrF/TER denominators are zero scores a
    Python ``0.0`` while the others are ``numpy.float32``, and ``statistics.mean`` then raises
    ``TypeError: don't know how to coerce float and float32`` (the ``sacrebleu --confidence`` command
    line crashes the same way on short or sparse files). We run sacrebleu's own resampling and its own
    interval arithmetic (``Score.estimate_ci``), falling back to averaging the scores as Python floats
    only when that error occurs, so the numbers equal sacrebleu's wherever sacrebleu works.
    """
    from sacrebleu.significance import _bootstrap_resample

    metric.n_bootstrap = n_bootstrap
    metric.seed, resampled = _bootstrap_resample(stats, metric, n_bootstrap)
    try:
        score.estimate_ci(resampled)
    except TypeError:
        raw = sorted(float(sample.score) for sample in resampled)
        lower = raw[len(raw) // 40]
        upper = raw[len(raw) - len(raw) // 40 - 1]
        score._ci = 0.5 * (upper - lower)
        score._mean = statistics.mean(raw)
