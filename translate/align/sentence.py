"""Sentence alignment: which Arabic sentences and which English sentences say the same thing.

A banded dynamic-programming search over beads (1-1, 1-2, 2-1, 2-2, 1-0, 0-1) whose cost adds up:

- **length** — Gale & Church (1993): ``δ = (l_en − c·l_ar) / √(s²·l)``, cost ``−log 2(1 − Φ(|δ|))``,
  with ``c`` (English characters per Arabic character) and ``s²`` estimated from the input itself:
  a first pass with ``c`` from the totals, a second with ``c`` and ``s²`` refit on that pass's 1-1
  beads. Arabic→English is not 1:1 (Arabic drops short vowels and writes و ب ل as prefixes);
- **anchors** — numbers in either digit system, Latin-script tokens inside the Arabic, glossary names,
  months, quotation and question marks (:mod:`translate.align.anchors`): every anchor left without a
  partner in its bead costs ``ANCHOR_COST``;
- **similarity** — optional, ``similarity(i, j)`` in [0, 1], e.g. chrF between the machine translation
  of Arabic sentence ``i`` and English sentence ``j`` (Sennrich & Volk 2010, Bleualign);
- **bead prior** — ``−log P(bead type)`` from Gale & Church's Table 5.

Paragraphs: when both sides have the same number of paragraphs they are paired 1-1 and a bead never
crosses a paragraph break; otherwise the paragraphs are first aligned with the same search, and their
groups are hard boundaries for the sentences.

Banding: the search only visits cells within ``band`` of the diagonal; when the best path comes near
the band's edge the band is doubled and the search repeated (the idea of Moore 2002 and Vecalign),
so a 10,000-sentence document aligns in seconds while a local drift still finds its path.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from translate.align.anchors import latin_tokens, month_numbers, numbers_in
from translate.arabic import normalize
from translate.script import is_arabic_letter

__all__ = ["Bead", "LengthModel", "align_sentences", "estimate_length_model"]

Similarity = Callable[[int, int], float]

#: −log P(bead type); Gale & Church 1993, Table 5 (1-1 .89, 1-0/0-1 .0099, 2-1/1-2 .089, 2-2 .011),
#: each two-sided mass split evenly between its two directions.
BEAD_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): -math.log(0.89),
    (1, 0): -math.log(0.0099 / 2),
    (0, 1): -math.log(0.0099 / 2),
    (2, 1): -math.log(0.089 / 2),
    (1, 2): -math.log(0.089 / 2),
    (2, 2): -math.log(0.011),
}
#: Cost of one strong anchor (a number, Latin token, glossary name, month) left without a partner.
ANCHOR_COST = 2.0
#: Cost of one weak anchor (a question or quotation on one side only).
WEAK_ANCHOR_COST = 0.75
#: Weight of ``1 − similarity`` per sentence in a bead, when a similarity is given.
SIMILARITY_WEIGHT = 8.0
#: Gale & Church's variance per character, used until the input's own can be measured.
DEFAULT_VARIANCE = 6.8
#: 1-1 beads of the first pass needed before the length model is refit on them.
MIN_BEADS_TO_REFIT = 20
#: Half-width of the first band (in sentences) around the diagonal.
INITIAL_BAND = 24
#: A path this close to the band's edge means the band may have cut it off: widen and redo.
BAND_MARGIN = 3

_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640\\s]")
_QUESTION = re.compile("[?؟]")
_QUOTE = re.compile("[\"«»“”]")


@dataclass(frozen=True)
class Bead:
    """Source sentences ``src`` (0-based, consecutive) aligned with target sentences ``tgt``;
    either may be empty (a sentence with no counterpart). ``score`` in [0, 1]: how well lengths and
    anchors fit (times the similarity when one is given); 0 for a sentence without counterpart."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float


@dataclass(frozen=True)
class LengthModel:
    """``ratio``: target characters per source character; ``variance``: Gale & Church's s²."""

    ratio: float
    variance: float = DEFAULT_VARIANCE


@dataclass(frozen=True)
class _Unit:
    length: int
    strong: frozenset[str]
    reachable: frozenset[str]
    weak: frozenset[str]


def _length(text: str) -> int:
    """Characters that carry content: no whitespace, no Arabic diacritics or tatweel."""
    return len(_DIACRITICS.sub("", text))


def _units(texts: Sequence[str], latin_vocabulary: frozenset[str] | None, terms: Sequence[str], arabic_side: bool) -> list[_Unit]:
    units = []
    folded_terms = [normalize(term) for term in terms if term.strip()]
    for text in texts:
        numbers = numbers_in(text)
        strong = {"n:" + value for value in numbers.written}
        reachable = {"n:" + value for value in numbers.reachable}
        months = {f"m:{month}" for month in month_numbers(text)}
        strong |= months
        reachable |= months
        has_arabic = any(is_arabic_letter(ch) for ch in text)
        tokens = latin_tokens(text)
        if latin_vocabulary is None:
            # Source side: Latin tokens count only inside Arabic text (an English-English alignment
            # would otherwise make every word an anchor).
            words = {"w:" + token for token in tokens} if has_arabic else set()
        else:
            words = {"w:" + token for token in tokens if token in latin_vocabulary}
        strong |= words
        reachable |= words
        if folded_terms:
            folded = normalize(text) if arabic_side else text.casefold()
            for index, term in enumerate(folded_terms):
                if term in folded:
                    strong.add(f"g:{index}")
                    reachable.add(f"g:{index}")
        weak = set()
        if _QUESTION.search(text):
            weak.add("?")
        if _QUOTE.search(text):
            weak.add('"')
        units.append(_Unit(_length(text), frozenset(strong), frozenset(reachable), frozenset(weak)))
    return units


def _merge(units: Sequence[_Unit]) -> _Unit:
    if len(units) == 1:
        return units[0]
    return _Unit(
        sum(unit.length for unit in units),
        frozenset().union(*(unit.strong for unit in units)),
        frozenset().union(*(unit.reachable for unit in units)),
        frozenset().union(*(unit.weak for unit in units)),
    )


def _length_cost(source_length: int, target_length: int, model: LengthModel) -> float:
    mean = max((source_length + target_length / model.ratio) / 2, 1.0)
    delta = (target_length - model.ratio * source_length) / math.sqrt(model.variance * mean)
    # −log(2(1 − Φ(|δ|))) = −log erfc(|δ|/√2); erfc underflows far out, where the cost is ~δ²/2.
    tail = math.erfc(abs(delta) / math.sqrt(2))
    return -math.log(tail) if tail > 1e-300 else delta * delta / 2 + math.log(abs(delta) * math.sqrt(math.pi / 2))


def _anchor_cost(source: _Unit, target: _Unit) -> float:
    if not (source.strong or target.strong or source.weak or target.weak):
        return 0.0
    lonely = sum(1 for anchor in source.strong if anchor not in target.reachable)
    lonely += sum(1 for anchor in target.strong if anchor not in source.reachable)
    return ANCHOR_COST * lonely + WEAK_ANCHOR_COST * len(source.weak ^ target.weak)


def _bead_similarity(similarity: Similarity, src: range, tgt: range) -> float:
    """Each sentence's best partner inside the bead, averaged over the sentences of both sides."""
    values = [max(similarity(i, j) for j in tgt) for i in src] + [max(similarity(i, j) for i in src) for j in tgt]
    return min(1.0, max(0.0, sum(values) / len(values)))


@dataclass(frozen=True)
class _Search:
    source: Sequence[_Unit]
    target: Sequence[_Unit]
    model: LengthModel
    moves: tuple[tuple[int, int], ...]
    similarity: Similarity | None
    source_offset: int = 0
    target_offset: int = 0

    def cost(self, i: int, j: int, di: int, dj: int) -> tuple[float, float]:
        """(cost for the search, content score in [0, 1]) of the bead ending at (i, j)."""
        if di == 0 or dj == 0:
            unit = self.source[i - 1] if di else self.target[j - 1]
            lonely = len(unit.strong) * ANCHOR_COST + len(unit.weak) * WEAK_ANCHOR_COST
            cost = BEAD_PRIORS[(di, dj)] + lonely
            if self.similarity is not None:
                cost += SIMILARITY_WEIGHT / 2
            return cost, 0.0
        source = _merge(self.source[i - di : i]) if di > 1 else self.source[i - 1]
        target = _merge(self.target[j - dj : j]) if dj > 1 else self.target[j - 1]
        content = _length_cost(source.length, target.length, self.model) + _anchor_cost(source, target)
        cost = BEAD_PRIORS[(di, dj)] + content
        score = math.exp(-content)
        if self.similarity is not None:
            bead_similarity = _bead_similarity(
                self.similarity,
                range(self.source_offset + i - di, self.source_offset + i),
                range(self.target_offset + j - dj, self.target_offset + j),
            )
            cost += SIMILARITY_WEIGHT * (1 - bead_similarity) * (di + dj) / 2
            score *= bead_similarity
        return cost, score


def _band_limits(n: int, m: int, band: int) -> list[tuple[int, int]]:
    limits = []
    for i in range(n + 1):
        center = i * m / n if n else 0
        limits.append((max(0, int(center) - band), min(m, int(math.ceil(center)) + band)))
    return limits


def _search(search: _Search, band: int) -> tuple[list[tuple[int, int, int, int, float]], bool]:
    """Best path as (i, j, di, dj, score) beads, and whether it came near the band's edge."""
    n, m = len(search.source), len(search.target)
    limits = _band_limits(n, m, band) if n else [(0, m)]
    infinity = math.inf
    costs: list[list[float]] = []
    back: list[list[tuple[int, int, float] | None]] = []
    for i in range(n + 1):
        low, high = limits[i]
        row_cost = [infinity] * (high - low + 1)
        row_back: list[tuple[int, int, float] | None] = [None] * (high - low + 1)
        for j in range(low, high + 1):
            if i == 0 and j == 0:
                row_cost[0] = 0.0
                continue
            best = infinity
            best_back = None
            for di, dj in search.moves:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                if di == 0:
                    if pj < low:
                        continue
                    previous = row_cost[pj - low]
                else:
                    p_low, p_high = limits[pi]
                    if pj < p_low or pj > p_high:
                        continue
                    previous = costs[pi][pj - p_low]
                if previous == infinity:
                    continue
                step, score = search.cost(i, j, di, dj)
                total = previous + step
                if total < best:
                    best = total
                    best_back = (di, dj, score)
            row_cost[j - low] = best
            row_back[j - low] = best_back
        costs.append(row_cost)
        back.append(row_back)
    path = []
    i, j = n, m
    near_edge = False
    while i > 0 or j > 0:
        low, high = limits[i]
        if (low > 0 and j - low < BAND_MARGIN) or (high < m and high - j < BAND_MARGIN):
            near_edge = True
        entry = back[i][j - low]
        if entry is None:  # unreachable inside the band: only possible when it is too narrow
            return [], True
        di, dj, score = entry
        path.append((i, j, di, dj, score))
        i, j = i - di, j - dj
    path.reverse()
    return path, near_edge


def _align_units(search: _Search) -> list[Bead]:
    n, m = len(search.source), len(search.target)
    band = INITIAL_BAND
    while True:
        full = band >= max(n, m)
        path, near_edge = _search(search, max(band, abs(n - m) + BAND_MARGIN + 1) if not full else max(n, m) + 1)
        if path and (not near_edge or full):
            break
        band *= 2
    return [
        Bead(
            tuple(range(search.source_offset + i - di, search.source_offset + i)),
            tuple(range(search.target_offset + j - dj, search.target_offset + j)),
            round(score, 4),
        )
        for i, j, di, dj, score in path
    ]


def estimate_length_model(source_lengths: Sequence[int], target_lengths: Sequence[int], beads: Sequence[Bead] | None = None) -> LengthModel:
    """``c`` from the totals; with ``beads``, ``c`` and ``s²`` from their 1-1 beads, ignoring the
    worst tenth of residuals (so the occasional mistranslation does not inflate the variance)."""
    total_source, total_target = sum(source_lengths), sum(target_lengths)
    if not beads:
        ratio = total_target / total_source if total_source and total_target else 1.0
        return LengthModel(ratio, DEFAULT_VARIANCE)
    pairs = [(source_lengths[b.src[0]], target_lengths[b.tgt[0]]) for b in beads if len(b.src) == 1 and len(b.tgt) == 1]
    pairs = [(s, t) for s, t in pairs if s and t]
    if len(pairs) < MIN_BEADS_TO_REFIT:
        return estimate_length_model(source_lengths, target_lengths)
    ratio = sum(t for _, t in pairs) / sum(s for s, _ in pairs)
    residuals = sorted(((t - ratio * s) ** 2 / ((s + t / ratio) / 2) for s, t in pairs))
    kept = residuals[: max(1, int(len(residuals) * 0.9))]
    variance = max(1.0, sum(kept) / len(kept))
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


def _sub(units: Sequence[_Unit], indices: range) -> list[_Unit]:
    return [units[i] for i in indices]


def _paragraph_pairs(source_groups: list[range], target_groups: list[range], source: list[_Unit], target: list[_Unit], model: LengthModel) -> list[tuple[range, range]]:
    """Pairs of (source sentences, target sentences) that the sentence search may not cross."""
    if len(source_groups) == len(target_groups):
        return list(zip(source_groups, target_groups))
    source_paragraphs = [_merge(_sub(source, group)) for group in source_groups]
    target_paragraphs = [_merge(_sub(target, group)) for group in target_groups]
    moves = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))
    beads = _align_units(_Search(source_paragraphs, target_paragraphs, model, moves, None))
    pairs = []
    for bead in beads:
        src = range(source_groups[bead.src[0]].start, source_groups[bead.src[-1]].stop) if bead.src else range(0)
        tgt = range(target_groups[bead.tgt[0]].start, target_groups[bead.tgt[-1]].stop) if bead.tgt else range(0)
        pairs.append((src, tgt))
    return pairs


def _align_with(source: list[_Unit], target: list[_Unit], pairs: list[tuple[range, range]], model: LengthModel, moves: tuple[tuple[int, int], ...], similarity: Similarity | None) -> list[Bead]:
    beads: list[Bead] = []
    for src, tgt in pairs:
        if not len(src) or not len(tgt):
            beads.extend(Bead((i,), (), 0.0) for i in src)
            beads.extend(Bead((), (j,), 0.0) for j in tgt)
            continue
        search = _Search(_sub(source, src), _sub(target, tgt), model, moves, similarity, src.start, tgt.start)
        beads.extend(_align_units(search))
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
    moves: Sequence[tuple[int, int]] = tuple(BEAD_PRIORS),
) -> list[Bead]:
    """Align two sentence lists; the beads cover every index of both sides exactly once, in order.

    ``similarity(i, j)`` in [0, 1] is optional extra evidence that ``source[i]`` and ``target[j]``
    match. ``source_paragraphs[i]``/``target_paragraphs[j]`` (any ids, equal within a paragraph) make
    paragraph breaks hard boundaries. ``terms`` are glossary (source form, target form) pairs used as
    anchors. ``length_model`` fixes ``c`` and ``s²`` instead of estimating them from the input.
    Raises :class:`ValueError` for a paragraph list of the wrong length.
    """
    moves = tuple(moves)
    unknown = [move for move in moves if move not in BEAD_PRIORS]
    if unknown or (1, 1) not in moves or (1, 0) not in moves or (0, 1) not in moves:
        raise ValueError(f"moves must include (1, 1), (1, 0) and (0, 1) and come from {sorted(BEAD_PRIORS)}")
    source_groups = _groups(source_paragraphs, len(source), "source")
    target_groups = _groups(target_paragraphs, len(target), "target")
    source_units = _units(source, None, [term for term, _ in terms], arabic_side=True)
    vocabulary = frozenset(anchor[2:] for unit in source_units for anchor in unit.strong if anchor.startswith("w:"))
    target_units = _units(target, vocabulary, [form for _, form in terms], arabic_side=False)
    if not source_units or not target_units:
        return [Bead((i,), (), 0.0) for i in range(len(source))] + [Bead((), (j,), 0.0) for j in range(len(target))]
    source_lengths = [unit.length for unit in source_units]
    target_lengths = [unit.length for unit in target_units]
    model = length_model or estimate_length_model(source_lengths, target_lengths)
    pairs = _paragraph_pairs(source_groups, target_groups, source_units, target_units, model)
    beads = _align_with(source_units, target_units, pairs, model, moves, similarity)
    if length_model is None:
        refit = estimate_length_model(source_lengths, target_lengths, beads)
        if refit != model:
            pairs = _paragraph_pairs(source_groups, target_groups, source_units, target_units, refit)
            beads = _align_with(source_units, target_units, pairs, refit, moves, similarity)
    return beads
