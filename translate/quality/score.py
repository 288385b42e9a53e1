"""The score and flags of each pair, from its features and the calibrated model.

Score: ``100 · (1 − p_error) − rule penalties``, clipped to [0, 100] and rounded to one decimal, where
``p_error`` is the calibrated probability that the pair has an error of the kinds it was fitted on
(:mod:`translate.quality.model`) and the penalties are for what it cannot see
(:mod:`translate.quality.rules`). Flags: the rule flags and the model's ``omission``,
``truncation`` and ``addition``, in :data:`FLAGS` order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from translate.engines.base import Hypothesis
from translate.quality.features import LengthDistribution, ModelEvidence, length_distribution, pair_features
from translate.quality.lengths import LengthShift, document_shift
from translate.quality.model import QualityModel, default_model, model_inputs
from translate.quality.rules import rule_flags, rule_penalty
from translate.records import Pair, QualityScore, TermReport

__all__ = ["FLAGS", "attention_unattended", "score_features", "score_pair", "score_pairs"]

#: Every flag, in the order they are reported.
FLAGS = (
    "untranslated",
    "arabic-left",
    "number-mismatch",
    "glossary-missing",
    "glossary-possible",
    "omission",
    "truncation",
    "addition",
    "repetition",
    "low-confidence",
)
#: A source token that received less than this share of the attention a uniform decoder would give
#: it counts as never attended.
UNATTENDED_SHARE = 0.1


def score_features(features: Mapping[str, float], model: QualityModel | None = None) -> QualityScore:
    """The score and flags of a feature dictionary (:func:`translate.quality.pair_features`)."""
    model = model or default_model()
    flags = set(rule_flags(features))
    base = 100.0
    if model.calibrated:
        standardized = model.standardize(model_inputs(features))
        base = 100.0 * (1.0 - model.error.probability(standardized))  # type: ignore[union-attr]
        if "untranslated" not in flags:
            fired = {name for name, logistic in model.flags.items() if logistic.requires is None and logistic.probability(standardized) >= logistic.threshold}
            fired.update(name for name, logistic in model.flags.items() if logistic.requires in fired and logistic.probability(standardized) >= logistic.threshold)
            flags.update(fired)
    score = round(min(100.0, max(0.0, base - rule_penalty(features))), 1)
    return QualityScore(score=score, flags=tuple(flag for flag in FLAGS if flag in flags), features=dict(features))


def score_pair(
    source: str,
    target: str,
    *,
    kind: str = "sentence",
    logprob_mean: float | None = None,
    logprob_min: float | None = None,
    evidence: ModelEvidence | None = None,
    terms: Sequence[TermReport] = (),
    lengths: LengthDistribution = LengthDistribution(),
    shift: LengthShift = LengthShift(),
    model: QualityModel | None = None,
) -> QualityScore:
    """Score one Arabic→English pair. ``lengths`` and ``shift`` describe its document
    (:func:`length_distribution`, :func:`~translate.quality.lengths.document_shift`); the defaults
    are the priors."""
    model = model or default_model()
    if evidence is None:
        evidence = ModelEvidence(logprob_mean, logprob_min)
    features = pair_features(source, target, kind=kind, evidence=evidence, terms=terms, lengths=lengths, shift=shift, model=model)
    return score_features(features, model)


def attention_unattended(hypothesis: Hypothesis) -> float | None:
    """Share of the source tokens (end of sentence left out) that received, summed over the target
    tokens, less than :data:`UNATTENDED_SHARE` of a uniform share of the attention; None without
    attention."""
    rows = [row for row in hypothesis.attention if row]
    if not rows:
        return None
    width = len(rows[0]) - 1 if len(rows[0]) > 1 else len(rows[0])
    if width <= 0:
        return None
    received = [sum(row[j] for row in rows if j < len(row)) for j in range(width)]
    uniform = sum(received) / width if width else 0.0
    if uniform <= 0 or math.isnan(uniform):
        return None
    return sum(1 for value in received if value < UNATTENDED_SHARE * uniform) / width


def score_pairs(pairs: Sequence[Pair], hypotheses: Mapping[int, Hypothesis] | None = None, model: QualityModel | None = None) -> list[QualityScore]:
    """One :class:`QualityScore` per pair, in order, each against its document (these pairs): the
    document's length distribution and its shift of the fitted length model. Log-probabilities and
    attention come from ``hypotheses[pair.id]`` when given (a
    :class:`~translate.engines.base.Hypothesis` of the final English), else from the pair. Pairs
    that passed through untranslated (English captions) score 100 with no flags."""
    model = model or default_model()
    translated = [pair for pair in pairs if not pair.passthrough]
    lengths = length_distribution([(pair.source, pair.target) for pair in translated])
    shift = document_shift(model.lengths, [(pair.source, pair.target, pair.kind.value) for pair in translated])
    scores = []
    for pair in pairs:
        if pair.passthrough:
            scores.append(QualityScore(100.0, (), {"passthrough": 1.0}))
            continue
        mean, low, unattended = pair.logprob_mean, pair.logprob_min, None
        hypothesis = hypotheses.get(pair.id) if hypotheses is not None else None
        if hypothesis is not None:
            if hypothesis.logprob_mean is not None:
                mean, low = hypothesis.logprob_mean, hypothesis.logprob_min
            unattended = attention_unattended(hypothesis)
        evidence = ModelEvidence(mean, low, unattended)
        scores.append(score_pair(pair.source, pair.target, kind=pair.kind.value, evidence=evidence, terms=pair.terms, lengths=lengths, shift=shift, model=model))
    return scores
