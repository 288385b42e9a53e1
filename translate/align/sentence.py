"""Sentence alignment: which Arabic sentences and which English sentences say the same thing.

A banded dynamic-programming search (:mod:`translate.align.search`) over beads — 1-1, 1-2, 2-1, 1-0,
0-1 by default (:data:`DEFAULT_MOVES`; 2-2 on request) — whose cost adds up:

- **length** — Gale & Church (1993): ``δ = (l_en − c·l_ar) / √(s²·l)``, cost ``−log 2(1 − Φ(|δ|))``,
  with ``c`` (English characters per Arabic character) and ``s²`` estimated from the input itself:
  a first pass with ``c`` from the totals, a second with ``c`` and ``s²`` refit on that pass's 1-1
  beads. Arabic→English is not 1:1 (Arabic drops short vowels and writes و ب ل as prefixes): the prior
  ``c`` = 1.19, ``s²`` = 2.3 was measured on UD Arabic-PUD's gold pairs;
- **anchors** — numbers in either digit system, months, Latin-script tokens inside the Arabic, place
  and organisation names, glossary terms, question and quotation marks (:mod:`translate.align.units`):
  every anchor left without a partner in its bead costs ``ANCHOR_COST``;
- **similarity** — optional, ``similarity(i, j)`` in [0, 1], e.g. chrF between the machine translation
  of Arabic sentence ``i`` and English sentence ``j`` (Sennrich & Volk 2010, Bleualign);
- **bead prior** — ``−log P(bead type)``.

Paragraphs: when both sides have the same number of paragraphs they are paired 1-1 and no bead crosses
a paragraph break; otherwise the paragraphs are first aligned with the same search, and their groups
are hard boundaries for the sentences.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from translate.align.anchors import has_arabic
from translate.align.search import DEFAULT_VARIANCE, LengthModel, Problem, Weights, best_path
from translate.align.units import Unit, merge_units, sentence_units, term_groups

__all__ = ["BEAD_PRIORS", "DEFAULT_MOVES", "Bead", "LengthModel", "align_sentences", "estimate_length_model"]

Similarity = Callable[[int, int], float]

#: −log P(bead type); Gale & Church 1993, Table 5 (1-1 .89, 1-0/0-1 .0099, 2-1/1-2 .089), each
#: two-sided mass split evenly between its two directions. 2-2 is set to .001, not .011: measured on
#: tests/data/alignment, .011 let two 1-1 beads with loose lengths merge into a 2-2 (F1 −0.02).
BEAD_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): -math.log(0.89),
    (1, 0): -math.log(0.0099 / 2),
    (0, 1): -math.log(0.0099 / 2),
    (2, 1): -math.log(0.089 / 2),
    (1, 2): -math.log(0.089 / 2),
    (2, 2): -math.log(0.001),
}
#: The bead types searched by default: every type but 2-2. On NTREX dev articles with perturbed beads
#: (scripts/eval_alignment.py), the search chose a 2-2 73 times where the gold had two 1-1 beads and
#: never found a true one; without it bead F1 rose .955 → .966 there and .988 → .989 on our own set.
#: Pass ``moves=tuple(BEAD_PRIORS)`` to allow 2-2.
DEFAULT_MOVES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))
#: Cost of one strong anchor (a number, Latin token, name, month, glossary term) left without a
#: partner in its bead. Tuned on seeds 0–3 of scripts/eval_alignment.py (2.0: F1 .973, 3.0: .980).
ANCHOR_COST = 3.0
#: Cost of one weak anchor (a question or quotation on one side only).
WEAK_ANCHOR_COST = 0.75
#: Share of its anchors' cost that a sentence without counterpart pays: a pair whose anchors disagree
#: is evidence against the pairing, a dropped sentence merely has no partner.
LONELY_SENTENCE_ANCHOR_SHARE = 0.5
#: Weight of ``1 − similarity`` per sentence in a bead, when a similarity is given.
SIMILARITY_WEIGHT = 8.0
#: 1-1 beads of the first pass needed before the length model is refit on them.
MIN_BEADS_TO_REFIT = 20
#: English characters per Arabic character (no spaces, no diacritics), measured with
#: :func:`estimate_length_model` on the 1,000 gold pairs of UD Arabic-PUD (Arabic ``# text`` against
#: ``# text_en``: independent professional translations); the prior for an Arabic source and a
#: non-Arabic target (else 1.0). Our own tests/data/alignment gives 1.28, NTREX dev 1.07.
ARABIC_ENGLISH_RATIO = 1.19
#: s² measured there the same way (median-based): 2.33 (NTREX dev 2.67). Our own test set, written
#: for the project, gives 1.49 — too tight for real translations (on NTREX dev perturbed beads, F1
#: .947 with 1.5, .955 with 2.3). Gale & Church's 6.8 (German/French/English) lets an extra English
#: sentence join its neighbour cheaply.
ARABIC_ENGLISH_VARIANCE = 2.3
#: Weight of the prior ratio, in characters, against the input's own totals.
PRIOR_CHARACTERS = 500
#: Inputs of this many source sentences or more skip the second pass unless the refit model differs
#: from the first by more than the relative changes below (it then rarely changes a bead, and halves
#: the time of a 10,000-sentence alignment).
LARGE_INPUT = 2000
REFIT_RATIO_CHANGE = 0.03
REFIT_VARIANCE_CHANGE = 0.25
#: Median of the χ² distribution with one degree of freedom.
CHI2_1_MEDIAN = 0.4549


@dataclass(frozen=True)
class Bead:
    """Source sentences ``src`` (0-based, consecutive) aligned with target sentences ``tgt``;
    either may be empty (a sentence with no counterpart). ``score`` in [0, 1]: ``exp(−cost)`` of how
    well lengths and anchors fit (times the similarity when one is given); 0 for a sentence without
    counterpart."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float


def _weights() -> Weights:
    return Weights(BEAD_PRIORS, ANCHOR_COST, WEAK_ANCHOR_COST, LONELY_SENTENCE_ANCHOR_SHARE, SIMILARITY_WEIGHT)


def estimate_length_model(
    source_lengths: Sequence[int],
    target_lengths: Sequence[int],
    beads: Sequence[Bead] | None = None,
    prior_ratio: float = 1.0,
    prior_variance: float = DEFAULT_VARIANCE,
) -> LengthModel:
    """Without ``beads``: ``c`` from the totals, shrunk towards ``prior_ratio`` by
    ``PRIOR_CHARACTERS`` (a two-sentence input says little), or the prior itself when the totals
    differ from it more than twofold (one side then holds text the other lacks, and its total says
    nothing about sentence ratios). With ``beads``: ``c`` and ``s²`` from their 1-1 beads."""
    total_source, total_target = sum(source_lengths), sum(target_lengths)
    pairs = [(source_lengths[b.src[0]], target_lengths[b.tgt[0]]) for b in beads or () if len(b.src) == 1 and len(b.tgt) == 1]
    pairs = [(s, t) for s, t in pairs if s and t]
    if len(pairs) < MIN_BEADS_TO_REFIT:
        if not total_source or not total_target or not prior_ratio / 2 <= total_target / total_source <= prior_ratio * 2:
            return LengthModel(prior_ratio, prior_variance)
        return LengthModel((total_target + prior_ratio * PRIOR_CHARACTERS) / (total_source + PRIOR_CHARACTERS), prior_variance)
    ratio = sum(t for _, t in pairs) / sum(s for s, _ in pairs)
    residuals = sorted(((t - ratio * s) ** 2 / ((s + t / ratio) / 2) for s, t in pairs))
    # Robust: the median of a χ²(1) variable is 0.455·σ², so a few misaligned beads of the first
    # pass (or loose translations) neither inflate the variance nor, as trimming would, shrink it.
    variance = max(1.0, residuals[len(residuals) // 2] / CHI2_1_MEDIAN)
    return LengthModel(ratio, variance)


def _groups(paragraphs: Sequence[int] | None, count: int, side: str) -> list[range]:
    """Consecutive runs of equal paragraph ids, as ranges of sentence indices."""
    if paragraphs is None:
        return [range(0, count)] if count else []
    if len(paragraphs) != count:
        raise ValueError(f"{side}_paragraphs has {len(paragraphs)} entries for {count} sentences; give one paragraph id per sentence")
    groups: list[range] = []
    start = 0
    for index in range(1, count + 1):
        if index == count or paragraphs[index] != paragraphs[index - 1]:
            groups.append(range(start, index))
            start = index
    return groups


def _paragraph_pairs(source_groups: list[range], target_groups: list[range], source: list[Unit], target: list[Unit], model: LengthModel) -> list[tuple[range, range]]:
    """Pairs of (source sentences, target sentences) that the sentence search may not cross."""
    if len(source_groups) == len(target_groups):
        return list(zip(source_groups, target_groups))
    source_paragraphs = [merge_units([source[i] for i in group]) for group in source_groups]
    target_paragraphs = [merge_units([target[j] for j in group]) for group in target_groups]
    moves = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))
    pairs = []
    for src, tgt, _ in best_path(Problem(source_paragraphs, target_paragraphs, model, _weights(), moves)):
        source_range = range(source_groups[src[0]].start, source_groups[src[-1]].stop) if len(src) else range(0)
        target_range = range(target_groups[tgt[0]].start, target_groups[tgt[-1]].stop) if len(tgt) else range(0)
        pairs.append((source_range, target_range))
    return pairs


def _align_within(source: list[Unit], target: list[Unit], pairs: list[tuple[range, range]], model: LengthModel, moves: tuple[tuple[int, int], ...], similarity: Similarity | None) -> list[Bead]:
    beads: list[Bead] = []
    for src, tgt in pairs:
        if not len(src) or not len(tgt):
            beads.extend(Bead((i,), (), 0.0) for i in src)
            beads.extend(Bead((), (j,), 0.0) for j in tgt)
            continue
        problem = Problem([source[i] for i in src], [target[j] for j in tgt], model, _weights(), moves, similarity, src.start, tgt.start)
        beads.extend(Bead(tuple(s), tuple(t), round(score, 4)) for s, t, score in best_path(problem))
    return beads


def align_sentences(
    source: Sequence[str],
    target: Sequence[str],
    *,
    similarity: Similarity | None = None,
    source_paragraphs: Sequence[int] | None = None,
    target_paragraphs: Sequence[int] | None = None,
    terms: Sequence[tuple[str, str]] = (),
    length_model: LengthModel | None = None,
    moves: Sequence[tuple[int, int]] = DEFAULT_MOVES,
) -> list[Bead]:
    """Align two sentence lists; the beads cover every index of both sides exactly once, in order.

    ``similarity(i, j)`` in [0, 1] is optional extra evidence that ``source[i]`` and ``target[j]``
    match. ``source_paragraphs[i]``/``target_paragraphs[j]`` (any ids, equal within a paragraph) make
    paragraph breaks hard boundaries. ``terms`` are glossary (source form, target form) pairs used as
    anchors. ``length_model`` fixes ``c`` and ``s²`` instead of estimating them from the input.
    ``moves`` limits the bead types (a subset of :data:`BEAD_PRIORS` containing 1-1, 1-0 and 0-1).
    Raises :class:`ValueError` for a paragraph list of the wrong length or unknown moves.
    """
    moves = tuple(moves)
    if any(move not in BEAD_PRIORS for move in moves) or not {(1, 1), (1, 0), (0, 1)} <= set(moves):
        raise ValueError(f"moves must include (1, 1), (1, 0) and (0, 1) and come from {sorted(BEAD_PRIORS)}")
    source_groups = _groups(source_paragraphs, len(source), "source")
    target_groups = _groups(target_paragraphs, len(target), "target")
    source_terms, target_terms = term_groups(terms)
    source_units = sentence_units(source, None, source_terms, arabic_side=True)
    vocabulary = frozenset(anchor[2:] for unit in source_units for anchor in unit.strong if anchor.startswith("w:"))
    target_units = sentence_units(target, vocabulary, target_terms, arabic_side=False)
    if not source_units or not target_units:
        return [Bead((i,), (), 0.0) for i in range(len(source))] + [Bead((), (j,), 0.0) for j in range(len(target))]
    source_lengths = [unit.length for unit in source_units]
    target_lengths = [unit.length for unit in target_units]
    arabic_source = sum(1 for text in source if has_arabic(text)) * 2 > len(source)
    arabic_target = sum(1 for text in target if has_arabic(text)) * 2 > len(target)
    arabic_english = arabic_source and not arabic_target
    prior = ARABIC_ENGLISH_RATIO if arabic_english else 1.0
    variance = ARABIC_ENGLISH_VARIANCE if arabic_english else DEFAULT_VARIANCE
    model = length_model or estimate_length_model(source_lengths, target_lengths, prior_ratio=prior, prior_variance=variance)
    pairs = _paragraph_pairs(source_groups, target_groups, source_units, target_units, model)
    beads = _align_within(source_units, target_units, pairs, model, moves, similarity)
    if length_model is None:
        refit = estimate_length_model(source_lengths, target_lengths, beads, prior_ratio=prior, prior_variance=variance)
        changed = abs(refit.ratio / model.ratio - 1) > REFIT_RATIO_CHANGE or abs(refit.variance / model.variance - 1) > REFIT_VARIANCE_CHANGE
        if refit != model and (changed or len(source) < LARGE_INPUT):
            pairs = _paragraph_pairs(source_groups, target_groups, source_units, target_units, refit)
            beads = _align_within(source_units, target_units, pairs, refit, moves, similarity)
    return beads
