"""The raw features of one Arabic→English pair, kept in ``quality.features`` of every pair.

Groups (each documented in ``docs/quality.md``):

- length — ``length_z_chars``/``length_z_words`` against the fitted length model
  (:mod:`translate.quality.lengths`), ``length_z`` against the document's own spread, ``length_ratio``;
- anchors — ``numbers_*`` (digits of either system, number words, ordinals, decades, scale words),
  ``latin_missing`` (Latin-script words of the Arabic the English lacks), glossary ``terms_*``;
- structure — ``joints_source``/``joints_target`` (clause joints), ``ends_open``, ``ends_dangling``,
  quotation marks and brackets on each side, ``unbalanced_*``;
- lexicon — ``lex_source_*``/``lex_target_*`` coverage (:mod:`translate.quality.lexicon`);
- script and loops — ``arabic_letters``, ``arabic_share``, ``untranslated``, ``repeat_*``;
- model, when one scored the pair — ``logprob_mean``/``logprob_min`` (forced decoding of the final
  English) and ``attention_unattended`` (share of source tokens the decoder never attended to).
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from translate.align.anchors import latin_tokens, month_numbers, numbers_in
from translate.align.units import content_length
from translate.enforce import locate_forms
from translate.quality.lengths import HEADLINE_KINDS, LengthShift
from translate.quality.lexicon import Lexicon, coverage
from translate.quality.model import QualityModel
from translate.quality.structure import structure
from translate.quality.words import words
from translate.records import TermReport
from translate.script import arabic_letter_count

__all__ = ["LengthDistribution", "ModelEvidence", "length_distribution", "pair_features", "unbalanced_marks"]

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


@dataclass(frozen=True)
class ModelEvidence:
    """What a model said about the pair (all optional): the forced-decoding log-probabilities of the
    final English and the share of source tokens it never attended to."""

    logprob_mean: float | None = None
    logprob_min: float | None = None
    attention_unattended: float | None = None


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


def unbalanced_marks(text: str) -> int:
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
    words_ = [word.casefold() for word in _WORD.findall(text)]
    loop = 0
    for n in range(1, 5):
        for start in range(len(words_) - 2 * n + 1):
            gram = words_[start : start + n]
            copies = 1
            while words_[start + copies * n : start + (copies + 1) * n] == gram:
                copies += 1
            if copies >= 3 or (copies >= 2 and n >= 2):
                loop = max(loop, copies * n)
    trigrams = Counter(tuple(words_[i : i + 3]) for i in range(len(words_) - 2))
    return loop, max(trigrams.values(), default=0)


def _add_length(features: dict[str, float], source: str, target: str, kind: str, lengths: LengthDistribution, shift: LengthShift, model: QualityModel) -> None:
    source_length, target_length = content_length(source), content_length(target)
    features["length_ratio"] = round(target_length / source_length, 4) if source_length else 0.0
    log_ratio = _log_ratio(source, target)
    if log_ratio is not None:
        # A headline of 15 characters varies more in ratio than a 150-character sentence.
        spread = lengths.spread * math.sqrt(1 + SHORT_SEGMENT_CHARS / source_length)
        features["length_z"] = round((log_ratio - lengths.center) / spread, 3)
    else:
        features["length_z"] = 0.0
    z = model.lengths.z_scores(source, target, kind, shift)
    features["length_z_chars"], features["length_z_words"] = (round(z[0], 3), round(z[1], 3)) if z else (0.0, 0.0)
    features["source_words"] = float(len(words(source)))


def _add_anchors(features: dict[str, float], source: str, target: str, terms: Sequence[TermReport]) -> None:
    source_numbers, target_numbers = numbers_in(source), numbers_in(target)
    source_months, target_months = month_numbers(source), month_numbers(target)
    features["numbers_source"] = float(len(source_numbers.written) + len(source_months))
    features["numbers_missing"] = float(len(source_numbers.unmatched_against(target_numbers)) + len(source_months - target_months))
    features["numbers_extra"] = float(len(target_numbers.unmatched_against(source_numbers)) + len(target_months - source_months))
    target_latin = latin_tokens(target)
    features["latin_missing"] = float(sum(1 for token in latin_tokens(source) if token not in target_latin))
    relevant = [term for term in terms if term.status != "passthrough" and term.enforce]
    features["terms_possible"] = float(sum(1 for term in terms if not term.enforce))
    features["terms_total"] = float(len(relevant))
    # The same test the glossary guarantee uses: a distinct whole-word occurrence per mention.
    features["terms_missing"] = float(sum(1 for span in locate_forms(target, [term.required for term in relevant]) if span is None))
    features["terms_repaired"] = float(sum(1 for term in relevant if term.status in ("repaired", "forced")))


def _add_structure(features: dict[str, float], source: str, target: str, kind: str) -> None:
    shape = structure(source, target, headline=kind in HEADLINE_KINDS)
    features["joints_source"] = float(shape.source_joints)
    features["joints_target"] = float(shape.target_joints)
    features["ends_open"] = float(shape.ends_open)
    features["ends_dangling"] = float(shape.ends_dangling)
    features["quotes_source"] = float(shape.source_quotes)
    features["quotes_target"] = float(shape.target_quotes)
    features["brackets_source"] = float(shape.source_brackets)
    features["brackets_target"] = float(shape.target_brackets)
    features["unbalanced_source"] = float(unbalanced_marks(source))
    features["unbalanced_target"] = float(unbalanced_marks(target))


def _add_lexicon(features: dict[str, float], source: str, target: str, lexicon: Lexicon) -> None:
    found = coverage(lexicon, source, target)
    features["lex_source_known"] = float(found.source_known)
    features["lex_target_known"] = float(found.target_known)
    for name, value in (
        ("lex_source_share", found.source_share),
        ("lex_source_clause", found.source_clause),
        ("lex_target_clause", found.target_clause),
        ("lex_source_last", found.source_last),
        ("lex_source_gap", found.source_gap),
        ("lex_target_share", found.target_share),
        ("lex_target_last", found.target_last),
        ("lex_target_gap", found.target_gap),
        ("lex_source_reach", found.source_reach),
        ("lex_source_hole", found.source_hole),
        ("lex_target_reach", found.target_reach),
        ("lex_target_hole", found.target_hole),
    ):
        if value is not None:
            features[name] = round(value, 4)


def pair_features(
    source: str,
    target: str,
    *,
    kind: str = "sentence",
    evidence: ModelEvidence = ModelEvidence(),
    terms: Sequence[TermReport] = (),
    lengths: LengthDistribution = LengthDistribution(),
    shift: LengthShift = LengthShift(),
    model: QualityModel,
) -> dict[str, float]:
    """The raw features of one pair; model evidence only where given. ``kind`` is the segment kind
    (``headline`` and the like use the headline length fit), ``lengths`` the document's length
    distribution, ``shift`` its shift of the fitted length model."""
    features: dict[str, float] = {}
    for name in ("logprob_mean", "logprob_min", "attention_unattended"):
        value = getattr(evidence, name)
        if value is not None:
            features[name] = round(float(value), 4)
    _add_length(features, source, target, kind, lengths, shift, model)
    arabic = arabic_letter_count(target)
    letters = sum(1 for ch in target if ch.isalpha())
    features["arabic_letters"] = float(arabic)
    features["arabic_share"] = round(arabic / letters, 4) if letters else 0.0
    _add_anchors(features, source, target, terms)
    loop, trigram = _repetition(target)
    features["repeat_loop_words"] = float(loop)
    features["repeat_trigram_max"] = float(trigram)
    _add_structure(features, source, target, kind)
    _add_lexicon(features, source, target, model.lexicon)
    untranslated = not target.strip() or target.strip() == source.strip() or features["arabic_share"] >= UNTRANSLATED_ARABIC_SHARE
    # Punctuation or digits alone are the same in both languages: nothing was left untranslated.
    features["untranslated"] = 1.0 if untranslated and any(ch.isalpha() for ch in source) else 0.0
    return features
