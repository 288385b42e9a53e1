"""Flags that need no fitting: each is a fact about the pair an editor can check at a glance.

``untranslated`` (the English is empty, the Arabic itself, or at least half Arabic letters),
``arabic-left``, ``number-mismatch`` (a number or month on one side in no form on the other),
``glossary-missing`` (a required house spelling absent), ``glossary-possible`` (an ambiguous spelling
without its context: a suggestion for the editor), ``repetition`` (a decoder loop),
and ``low-confidence`` (the model's mean token log-probability of the final English below −1.5).

There is no quotation-mark flag any more: on professional news pairs an unbalanced mark in the English
was the most frequent false alarm (a quotation of several sentences is split at their ends, and the
two languages split it differently). Quotation marks and brackets on each side are features of the
calibrated model instead (``quotes_*``, ``brackets_*``, ``unbalanced_*``).

The penalties below come off the calibrated score for what the calibration cannot see (glossary
terms, the model's confidence): the errors it was fitted on (numbers, loops, untranslated text) are
already in its probability.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["PENALTIES", "rule_flags", "rule_penalty"]

#: Points taken from the score; see the module docstring.
PENALTIES = {
    "confidence": 30.0,
    "glossary": 15.0,
    "glossary_cap": 30.0,
    "glossary_possible": 5.0,
}
#: Mean token log-probability at or above which confidence costs nothing, and at or below which it
#: costs the full penalty. Not calibrated on opus-mt-ar-en (not available offline); refit with the
#: features once post-edit data exists.
LOGPROB_GOOD = -0.5
LOGPROB_BAD = -3.0
LOW_CONFIDENCE_MEAN = -1.5


def _clip(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def rule_flags(features: Mapping[str, float]) -> list[str]:
    """The rule flags a feature dictionary raises (unordered)."""
    get = features.get
    flags: list[str] = []
    untranslated = get("untranslated", 0.0) > 0
    if untranslated:
        flags.append("untranslated")
    elif get("arabic_letters", 0.0) > 0:
        flags.append("arabic-left")
    if get("numbers_missing", 0.0) + get("numbers_extra", 0.0) and not untranslated:
        flags.append("number-mismatch")
    if get("terms_missing", 0.0) > 0:
        flags.append("glossary-missing")
    if get("terms_possible", 0.0) > 0:
        flags.append("glossary-possible")
    if get("repeat_loop_words", 0.0) >= 3 or get("repeat_trigram_max", 0.0) >= 3:
        flags.append("repetition")
    mean = get("logprob_mean")
    if mean is not None and mean < LOW_CONFIDENCE_MEAN:
        flags.append("low-confidence")
    return flags


def rule_penalty(features: Mapping[str, float]) -> float:
    """Points off the score for glossary terms and model confidence."""
    get = features.get
    penalty = min(PENALTIES["glossary_cap"], PENALTIES["glossary"] * get("terms_missing", 0.0))
    if get("terms_possible", 0.0) > 0:
        penalty += PENALTIES["glossary_possible"]
    mean = get("logprob_mean")
    if mean is not None:
        penalty += PENALTIES["confidence"] * _clip((LOGPROB_GOOD - mean) / (LOGPROB_GOOD - LOGPROB_BAD), 0.0, 1.0)
    return penalty
