"""Quality estimation: a 0–100 score and named flags for every pair, so an editor reviews the risky
sentences first.

Everything is deterministic and computed from the pair itself, the document's other pairs (the
length distribution) and, when the model is available, its token log-probabilities of the final
English (scored after any glossary repair). The raw features are kept in
:attr:`QualityScore.features` so the weights below can be refit against post-edit effort later.

Score: ``100 − Σ penalties``, clipped to [0, 100]::

    confidence    30 · clip((−0.5 − logprob_mean) / 2.5, 0, 1)      (no penalty without a model)
    numbers       15 per number/month missing or extra, at most 30
    glossary      15 per required term missing, at most 30
    possible       5 when a glossary match is only possible (the editor checks the name)
    repetition    25
    untranslated  70
    arabic-left   5 + 1 per Arabic letter left, at most 25
    length        10 · clip(|z| − 2, 0, 2)                           (z: robust, against the document)
    quotes         5

Flags: ``number-mismatch``, ``glossary-missing``, ``glossary-possible`` (an ambiguous glossary spelling
without its context: not enforced, the house form is a suggestion for the editor),
``repetition``, ``untranslated``, ``arabic-left``, ``length-outlier`` (|z| > 3), ``low-confidence``
(mean log-prob < −1.5), ``unbalanced-quotes``.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from translate.align.anchors import month_numbers, numbers_in
from translate.align.units import content_length
from translate.engines.base import Hypothesis
from translate.enforce import locate_forms
from translate.records import Pair, QualityScore, TermReport
from translate.script import arabic_letter_count

__all__ = [
    "FLAGS",
    "PENALTIES",
    "LengthDistribution",
    "length_distribution",
    "pair_features",
    "score_features",
    "score_pair",
    "score_pairs",
]

#: Every flag this module can raise, in the order they are reported.
FLAGS = (
    "untranslated",
    "arabic-left",
    "number-mismatch",
    "glossary-missing",
    "glossary-possible",
    "repetition",
    "length-outlier",
    "low-confidence",
    "unbalanced-quotes",
)
#: Points taken from 100; see the module docstring. Kept in one table so they can be refit.
PENALTIES = {
    "confidence": 30.0,
    "number": 15.0,
    "number_cap": 30.0,
    "glossary": 15.0,
    "glossary_cap": 30.0,
    "glossary_possible": 5.0,
    "repetition": 25.0,
    "untranslated": 70.0,
    "arabic_left_base": 5.0,
    "arabic_left_per_letter": 1.0,
    "arabic_left_cap": 25.0,
    "length_per_z": 10.0,
    "quotes": 5.0,
}
#: Mean token log-probability at or above which confidence costs nothing, and at or below which it
#: costs the full penalty. Not calibrated on opus-mt-ar-en (not available offline); refit with the
#: features once post-edit data exists.
LOGPROB_GOOD = -0.5
LOGPROB_BAD = -3.0
LOW_CONFIDENCE_MEAN = -1.5
#: |z| of the log length ratio above which a pair is a length outlier, and from which it costs.
LENGTH_OUTLIER_Z = 3.0
LENGTH_PENALTY_FROM_Z = 2.0
#: Share of letters in the English that are Arabic above which the pair counts as untranslated.
UNTRANSLATED_ARABIC_SHARE = 0.5
#: With fewer pairs than this, the document's own length distribution is not trusted and the prior
#: below is used: median and spread of log(English/Arabic content characters) measured on
#: tests/data/alignment (313 pairs: median 0.24, 1.4826·MAD 0.17).
MIN_PAIRS_FOR_DOCUMENT_LENGTHS = 8
PRIOR_LOG_RATIO = 0.24
PRIOR_LOG_RATIO_SPREAD = 0.17
#: Ratios of short segments spread more: the spread is scaled by √(1 + this / source characters).
SHORT_SEGMENT_CHARS = 30
#: The spread is never taken below this: a document of near-identical ratios would make any pair an
#: outlier.
MIN_LOG_RATIO_SPREAD = 0.1

_WORD = re.compile(r"\w+")
_BRACKETS = (("(", ")"), ("[", "]"), ("«", "»"), ("“", "”"))


@dataclass(frozen=True)
class LengthDistribution:
    """Centre and robust spread (1.4826·MAD) of ``log(len(target) / len(source))`` over a document."""

    center: float = PRIOR_LOG_RATIO
    spread: float = PRIOR_LOG_RATIO_SPREAD


def _log_ratio(source: str, target: str) -> float | None:
    source_length, target_length = content_length(source), content_length(target)
    if not source_length or not target_length:
        return None
    return math.log(target_length / source_length)


def length_distribution(pairs: Sequence[tuple[str, str]]) -> LengthDistribution:
    """The document's own distribution when it has enough pairs, else the prior."""
    ratios = [r for r in (_log_ratio(s, t) for s, t in pairs) if r is not None]
    if len(ratios) < MIN_PAIRS_FOR_DOCUMENT_LENGTHS:
        return LengthDistribution()
    center = statistics.median(ratios)
    spread = 1.4826 * statistics.median(abs(r - center) for r in ratios)
    return LengthDistribution(center, max(MIN_LOG_RATIO_SPREAD, spread))


def _unbalanced(text: str) -> int:
    """Quotation marks and brackets without a partner (straight double quotes by parity)."""
    count = text.count('"') % 2
    for opening, closing in _BRACKETS:
        depth = unmatched = 0
        for ch in text:
            if ch == opening:
                depth += 1
            elif ch == closing:
                if depth:
                    depth -= 1
                else:
                    unmatched += 1
        count += depth + unmatched
    return count


def _repetition(text: str) -> tuple[int, int]:
    """(words covered by the longest back-to-back repeat of an n-gram, n ≤ 4, that looks like a
    decoder loop — a word three times, or a longer n-gram twice — else 0; the highest count of any
    word trigram)."""
    words = [word.casefold() for word in _WORD.findall(text)]
    loop = 0
    for n in range(1, 5):
        for start in range(len(words) - 2 * n + 1):
            gram = words[start : start + n]
            copies = 1
            while words[start + copies * n : start + (copies + 1) * n] == gram:
                copies += 1
            if copies >= 3 or (copies >= 2 and n >= 2):
                loop = max(loop, copies * n)
    trigrams = Counter(tuple(words[i : i + 3]) for i in range(len(words) - 2))
    return loop, max(trigrams.values(), default=0)


def pair_features(
    source: str,
    target: str,
    *,
    logprob_mean: float | None = None,
    logprob_min: float | None = None,
    terms: Sequence[TermReport] = (),
    lengths: LengthDistribution = LengthDistribution(),
) -> dict[str, float]:
    """The raw features of one Arabic→English pair (log-probabilities only when given)."""
    features: dict[str, float] = {}
    if logprob_mean is not None:
        features["logprob_mean"] = round(float(logprob_mean), 4)
    if logprob_min is not None:
        features["logprob_min"] = round(float(logprob_min), 4)
    source_length, target_length = content_length(source), content_length(target)
    features["length_ratio"] = round(target_length / source_length, 4) if source_length else 0.0
    log_ratio = _log_ratio(source, target)
    if log_ratio is not None:
        # A headline of 15 characters varies more in ratio than a 150-character sentence.
        spread = lengths.spread * math.sqrt(1 + SHORT_SEGMENT_CHARS / source_length)
        features["length_z"] = round((log_ratio - lengths.center) / spread, 3)
    else:
        features["length_z"] = 0.0
    arabic = arabic_letter_count(target)
    letters = sum(1 for ch in target if ch.isalpha())
    features["arabic_letters"] = float(arabic)
    features["arabic_share"] = round(arabic / letters, 4) if letters else 0.0
    source_numbers, target_numbers = numbers_in(source), numbers_in(target)
    source_months, target_months = month_numbers(source), month_numbers(target)
    features["numbers_source"] = float(len(source_numbers.written) + len(source_months))
    features["numbers_missing"] = float(len(source_numbers.unmatched_against(target_numbers)) + len(source_months - target_months))
    features["numbers_extra"] = float(len(target_numbers.unmatched_against(source_numbers)) + len(target_months - source_months))
    relevant = [term for term in terms if term.status != "passthrough" and term.enforce]
    features["terms_possible"] = float(sum(1 for term in terms if not term.enforce))
    features["terms_total"] = float(len(relevant))
    # The same test the glossary guarantee uses: a distinct whole-word occurrence per mention.
    features["terms_missing"] = float(sum(1 for span in locate_forms(target, [term.required for term in relevant]) if span is None))
    features["terms_repaired"] = float(sum(1 for term in relevant if term.status in ("repaired", "forced")))
    loop, trigram = _repetition(target)
    features["repeat_loop_words"] = float(loop)
    features["repeat_trigram_max"] = float(trigram)
    features["unbalanced_source"] = float(_unbalanced(source))
    features["unbalanced_target"] = float(_unbalanced(target))
    untranslated = not target.strip() or target.strip() == source.strip() or features["arabic_share"] >= UNTRANSLATED_ARABIC_SHARE
    features["untranslated"] = 1.0 if untranslated and source.strip() else 0.0
    return features


def _clip(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def score_features(features: Mapping[str, float]) -> QualityScore:
    """The score and flags for a feature dictionary from :func:`pair_features` (see module doc)."""
    flags: list[str] = []
    penalty = 0.0
    untranslated = features.get("untranslated", 0.0) > 0
    if untranslated:
        flags.append("untranslated")
        penalty += PENALTIES["untranslated"]
    elif features.get("arabic_letters", 0.0) > 0:
        flags.append("arabic-left")
        penalty += min(PENALTIES["arabic_left_cap"], PENALTIES["arabic_left_base"] + PENALTIES["arabic_left_per_letter"] * features["arabic_letters"])
    mismatched = features.get("numbers_missing", 0.0) + features.get("numbers_extra", 0.0)
    if mismatched and not untranslated:
        flags.append("number-mismatch")
        penalty += min(PENALTIES["number_cap"], PENALTIES["number"] * mismatched)
    if features.get("terms_missing", 0.0) > 0:
        flags.append("glossary-missing")
        penalty += min(PENALTIES["glossary_cap"], PENALTIES["glossary"] * features["terms_missing"])
    if features.get("terms_possible", 0.0) > 0:
        flags.append("glossary-possible")
        penalty += PENALTIES["glossary_possible"]
    if features.get("repeat_loop_words", 0.0) >= 3 or features.get("repeat_trigram_max", 0.0) >= 3:
        flags.append("repetition")
        penalty += PENALTIES["repetition"]
    z = abs(features.get("length_z", 0.0))
    if z > LENGTH_OUTLIER_Z and not untranslated:
        flags.append("length-outlier")
    if not untranslated:
        penalty += PENALTIES["length_per_z"] * _clip(z - LENGTH_PENALTY_FROM_Z, 0.0, 2.0)
    mean = features.get("logprob_mean")
    if mean is not None:
        if mean < LOW_CONFIDENCE_MEAN:
            flags.append("low-confidence")
        penalty += PENALTIES["confidence"] * _clip((LOGPROB_GOOD - mean) / (LOGPROB_GOOD - LOGPROB_BAD), 0.0, 1.0)
    if features.get("unbalanced_target", 0.0) > features.get("unbalanced_source", 0.0):
        flags.append("unbalanced-quotes")
        penalty += PENALTIES["quotes"]
    score = round(_clip(100.0 - penalty, 0.0, 100.0), 1)
    ordered = tuple(flag for flag in FLAGS if flag in flags)
    return QualityScore(score=score, flags=ordered, features=dict(features))


def score_pair(
    source: str,
    target: str,
    *,
    logprob_mean: float | None = None,
    logprob_min: float | None = None,
    terms: Sequence[TermReport] = (),
    lengths: LengthDistribution = LengthDistribution(),
) -> QualityScore:
    """Score one Arabic→English pair. ``lengths`` is the document's distribution
    (:func:`length_distribution`); the default is the prior."""
    features = pair_features(source, target, logprob_mean=logprob_mean, logprob_min=logprob_min, terms=terms, lengths=lengths)
    return score_features(features)


def score_pairs(pairs: Sequence[Pair], hypotheses: Mapping[int, Hypothesis] | None = None) -> list[QualityScore]:
    """One :class:`QualityScore` per pair, in order. The length distribution is the document's own
    (over its translated pairs). Log-probabilities come from ``hypotheses[pair.id]`` when given (a
    :class:`~translate.engines.base.Hypothesis` of the final English), else from the pair. Pairs
    that passed through untranslated (English captions) score 100 with no flags."""
    translated = [(pair.source, pair.target) for pair in pairs if not pair.passthrough]
    lengths = length_distribution(translated)
    scores = []
    for pair in pairs:
        if pair.passthrough:
            scores.append(QualityScore(100.0, (), {"passthrough": 1.0}))
            continue
        mean, low = pair.logprob_mean, pair.logprob_min
        hypothesis = hypotheses.get(pair.id) if hypotheses is not None else None
        if hypothesis is not None and hypothesis.logprob_mean is not None:
            mean, low = hypothesis.logprob_mean, hypothesis.logprob_min
        scores.append(score_pair(pair.source, pair.target, logprob_mean=mean, logprob_min=low, terms=pair.terms, lengths=lengths))
    return scores
