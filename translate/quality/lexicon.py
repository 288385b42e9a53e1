"""A small Arabic–English lexicon: which English stems translate an Arabic stem, and how much of each
side of a pair the other side covers.

Learned with IBM Model 1 (Brown et al. 1993; EM over t(english | arabic) with a NULL word) from
independent professional parallel news by ``scripts/fit_quality.py`` and shipped as
``translate/data/quality/lexicon.tsv`` (its sources in ``translate/data/quality/SOURCES.md``). Only
content stems (:mod:`translate.quality.words`) take part, so the table holds what an omission loses.

Coverage is positional: the Arabic content words known to the lexicon are cut into thirds, so a
sentence cut in half shows as an uncovered last third, a missing middle as a long uncovered run —
Arabic and English news word order is close enough to monotone at that grain.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from translate.align.anchors import fold, has_arabic
from translate.quality.transliteration import arabic_skeleton, english_skeleton, skeletons_match
from translate.quality.words import ENGLISH_FUNCTION_WORDS, arabic_stem, english_stem, words

__all__ = ["Coverage", "LexicalSimilarity", "Lexicon", "coverage", "default_lexicon", "lexicon_rows", "train_ibm1"]

#: t(e|a) below this is not a translation worth keeping.
MIN_PROBABILITY = 0.08
#: At most this many English stems per Arabic stem.
MAX_TRANSLATIONS = 6
#: Arabic stems seen fewer times than this in the training data are left out.
MIN_COUNT = 2
NULL = "<null>"


@dataclass(frozen=True)
class Lexicon:
    """``translations[arabic_stem]`` = the English stems that translate it."""

    translations: Mapping[str, frozenset[str]]

    def __post_init__(self) -> None:
        reverse: dict[str, set[str]] = defaultdict(set)
        for arabic, english in self.translations.items():
            for stem in english:
                reverse[stem].add(arabic)
        object.__setattr__(self, "_reverse", {stem: frozenset(values) for stem, values in reverse.items()})

    def __len__(self) -> int:
        return len(self.translations)

    def lookup(self, arabic_stem: str) -> frozenset[str] | None:
        """The English stems of an Arabic stem (a single clitic letter ب ل ك و ف tried off when the
        whole stem is unknown), or None when the lexicon does not know it."""
        found = self.translations.get(arabic_stem)
        if found is None and len(arabic_stem) >= 4 and arabic_stem[0] in "وفبلك":
            found = self.translations.get(arabic_stem[1:])
        return found

    def knows_english(self, english_stem: str) -> bool:
        return english_stem in self._reverse  # type: ignore[attr-defined]

    @classmethod
    def from_tsv(cls, text: str) -> Lexicon:
        """Rows ``arabic<TAB>english<TAB>probability``; ``#`` lines are comments."""
        table: dict[str, set[str]] = defaultdict(set)
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            arabic, english, _ = line.split("\t")
            table[arabic].add(english)
        return cls({arabic: frozenset(english) for arabic, english in table.items()})


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon (read once: it is package data and never changes)."""
    text = resources.files("translate").joinpath("data", "quality", "lexicon.tsv").read_text(encoding="utf-8")
    return Lexicon.from_tsv(text)


@dataclass(frozen=True)
class Coverage:
    """How much of each side the other covers. ``*_known``: content words the lexicon knows (numbers
    and Latin words always count: they match themselves; names count when their spelling matches a
    name on the other side, :mod:`translate.quality.transliteration`); ``*_covered``: of those, the
    ones with a counterpart on the other side. ``source_last``: coverage of the last third of the
    known Arabic words; ``source_gap``: the longest run of consecutive uncovered known Arabic words,
    as a share of them. ``source_clause``: the lowest coverage of an Arabic clause with two known
    words or more (None with fewer than two such clauses). ``source_reach``: where in the Arabic (0–1, over all its content words) the
    last covered word stands, ``source_hole``: the widest stretch (0–1) without a covered word. The
    ``target_*`` fields are the same for the English against the Arabic. Shares are None when fewer
    than :data:`MIN_KNOWN` words are known."""

    source_known: int
    source_covered: int
    source_clause: float | None
    source_last: float | None
    source_gap: float | None
    source_reach: float | None
    source_hole: float | None
    target_known: int
    target_covered: int
    target_clause: float | None
    target_last: float | None
    target_gap: float | None
    target_reach: float | None
    target_hole: float | None

    @property
    def source_share(self) -> float | None:
        return self.source_covered / self.source_known if self.source_known >= MIN_KNOWN else None

    @property
    def target_share(self) -> float | None:
        return self.target_covered / self.target_known if self.target_known >= MIN_KNOWN else None


MIN_KNOWN = 3
MAX_FUZZY_NAMES = 40


def _positional(covered: Sequence[bool]) -> tuple[float | None, float | None]:
    if len(covered) < MIN_KNOWN:
        return None, None
    tail = covered[len(covered) - max(1, len(covered) // 3) :]
    run = longest = 0
    for hit in covered:
        run = 0 if hit else run + 1
        longest = max(longest, run)
    return sum(tail) / len(tail), longest / len(covered)


def _span(positions: Sequence[int], total: int) -> tuple[float | None, float | None]:
    """(reach, hole) of covered word positions among ``total`` content words."""
    if total < MIN_KNOWN:
        return None, None
    if not positions:
        return 0.0, 1.0
    edges = [-1, *positions, total]
    hole = max(b - a - 1 for a, b in zip(edges, edges[1:])) / total
    return (positions[-1] + 1) / total, hole


def _literal(stem: str) -> bool:
    return stem.isascii()


@dataclass(frozen=True)
class _Word:
    stem: str
    skeleton: str
    name: bool
    #: Which clause of its sentence the word is in (:data:`_ARABIC_CLAUSE`, :data:`_ENGLISH_CLAUSE`).
    clause: int = 0


#: Where a clause starts: after a comma, semicolon, colon or dash, or at a joining word.
_ARABIC_CLAUSE = re.compile(r"\s*[،؛,;:–—-]\s+|\s+(?=(?:ثم|لكن|ولكن|بينما|وبينما|حيث|وحيث|الذي|التي|الذين|لأن|عندما|وعندما)\s)")
_ENGLISH_CLAUSE = re.compile(r"\s*[,;:–—]\s+|\s+-\s+|\s+(?=(?:and|but|while|which|who|where|because|although|when|after|before|since)\s)")


def _clauses(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [piece for piece in pattern.split(text) if piece and piece.strip()]


def _arabic_words(text: str) -> list[_Word]:
    found = []
    for clause, piece in enumerate(_clauses(text, _ARABIC_CLAUSE)):
        for word in words(piece):
            if has_arabic(word):
                stem = arabic_stem(word)
                if len(stem) >= 2:
                    found.append(_Word(stem, arabic_skeleton(stem), True, clause))
            elif word.casefold() not in ENGLISH_FUNCTION_WORDS:
                found.append(_Word(word.casefold(), "", False, clause))
    return found


def _english_words(text: str) -> list[_Word]:
    found = []
    index = 0
    for clause, piece in enumerate(_clauses(text, _ENGLISH_CLAUSE)):
        for word in words(piece):
            stem = english_stem(word) if not has_arabic(word) else fold(word)
            if len(stem) >= 2 or stem.isdigit():
                # A capitalised word inside the sentence is a name (the first word is capitalised anyway).
                name = word[:1].isupper() and index > 0
                found.append(_Word(stem, english_skeleton(word) if name else "", name, clause))
            index += 1
    return found


def _worst_clause(words_: Sequence[_Word], hits: Sequence[tuple[int, bool]]) -> float | None:
    """The lowest coverage of a clause with at least two known words, when the sentence has two
    such clauses (a dropped clause leaves one of them bare)."""
    tally: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for position, hit in hits:
        counts = tally[words_[position].clause]
        counts[0] += 1
        counts[1] += hit
    shares = [covered / known for known, covered in tally.values() if known >= 2]
    return min(shares) if len(shares) >= 2 else None


def coverage(lexicon: Lexicon, source: str, target: str) -> Coverage:
    """Coverage of an Arabic text by an English one, and the reverse."""
    arabic, english = _arabic_words(source), _english_words(target)
    english_stems_ = {word.stem for word in english}
    english_names = [word.skeleton for word in english if word.name]
    english_name_set = set(english_names)
    # Fuzzy spelling matches cost a comparison per (word, name): past this many names (a pasted
    # article as one "sentence"), exact skeletons only, so the time stays linear.
    fuzzy = len(english_names) <= MAX_FUZZY_NAMES
    arabic_names: list[str] = []
    reachable: set[str] = set()
    source_hits: list[bool] = []
    source_marks: list[tuple[int, bool]] = []
    source_positions: list[int] = []
    for position, word in enumerate(arabic):
        if _literal(word.stem):  # a number or a Latin word: it is its own translation
            translations: frozenset[str] | None = frozenset((word.stem, word.stem.rstrip("s")))
        else:
            translations = lexicon.lookup(word.stem)
        hit = translations is not None and not translations.isdisjoint(english_stems_)
        if not hit and word.skeleton and (word.skeleton in english_name_set or (fuzzy and any(skeletons_match(word.skeleton, name) for name in english_names))):
            hit = True
            arabic_names.append(word.skeleton)
        if translations is not None:
            reachable.update(translations)
        if translations is None and not hit:
            continue
        source_hits.append(hit)
        source_marks.append((position, hit))
        if hit:
            source_positions.append(position)
    target_hits: list[bool] = []
    target_marks: list[tuple[int, bool]] = []
    target_positions: list[int] = []
    arabic_skeletons = [word.skeleton for word in arabic if word.skeleton]
    arabic_skeleton_set = set(arabic_skeletons)
    for position, word in enumerate(english):
        hit = word.stem in reachable
        if not hit and word.name:
            hit = word.skeleton in arabic_names or word.skeleton in arabic_skeleton_set or (fuzzy and any(skeletons_match(skeleton, word.skeleton) for skeleton in arabic_skeletons))
        if not (hit or word.stem.isdigit() or word.name or lexicon.knows_english(word.stem)):
            continue
        target_hits.append(hit)
        target_marks.append((position, hit))
        if hit:
            target_positions.append(position)
    source_last, source_gap = _positional(source_hits)
    target_last, target_gap = _positional(target_hits)
    source_reach, source_hole = _span(source_positions, len(arabic))
    target_reach, target_hole = _span(target_positions, len(english))
    return Coverage(
        len(source_hits), sum(source_hits), _worst_clause(arabic, source_marks), source_last, source_gap, source_reach, source_hole,
        len(target_hits), sum(target_hits), _worst_clause(english, target_marks), target_last, target_gap, target_reach, target_hole,
    )


def train_ibm1(pairs: Iterable[tuple[Sequence[str], Sequence[str]]], iterations: int = 10) -> dict[str, dict[str, float]]:
    """t(english | arabic) by EM (IBM Model 1 with a NULL Arabic word), from stem sequences."""
    corpus = [([NULL, *arabic], list(english)) for arabic, english in pairs if english]
    english_vocabulary = {stem for _, english in corpus for stem in english}
    uniform = 1.0 / max(1, len(english_vocabulary))
    table: dict[str, dict[str, float]] = defaultdict(dict)
    for arabic, english in corpus:
        for a in arabic:
            row = table[a]
            for e in english:
                row[e] = uniform
    for _ in range(iterations):
        counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for arabic, english in corpus:
            for e in english:
                total = sum(table[a][e] for a in arabic)
                for a in arabic:
                    counts[a][e] += table[a][e] / total
        table = defaultdict(dict)
        for a, row in counts.items():
            norm = sum(row.values())
            table[a] = {e: value / norm for e, value in row.items()}
    return table


def lexicon_rows(table: Mapping[str, Mapping[str, float]], counts: Mapping[str, int], *, skip_latin: bool = True) -> list[tuple[str, str, float]]:
    """The rows worth shipping: Arabic stems seen :data:`MIN_COUNT` times, their most probable
    English stems above :data:`MIN_PROBABILITY` (``skip_latin=False`` for a table keyed by English:
    Latin-script keys are otherwise left out, as they translate themselves)."""
    rows = []
    for arabic in sorted(table):
        if arabic == NULL or counts.get(arabic, 0) < MIN_COUNT or (skip_latin and _literal(arabic)):
            continue
        best = sorted(table[arabic].items(), key=lambda item: (-item[1], item[0]))[:MAX_TRANSLATIONS]
        rows.extend((arabic, english, round(p, 3)) for english, p in best if p >= MIN_PROBABILITY)
    return rows


class LexicalSimilarity:
    """``similarity(i, j)`` in [0, 1] for the aligner: how well Arabic sentence ``i`` and English
    sentence ``j`` cover each other through the lexicon (the geometric mean of the two coverages;
    names count when their consonant skeletons are equal). 0.5 when neither side has a word the
    lexicon knows — no evidence either way."""

    def __init__(self, lexicon: Lexicon, arabic: Sequence[str], english: Sequence[str]) -> None:
        self._arabic: list[tuple[list[frozenset[str]], frozenset[str], frozenset[str]]] = []
        for text in arabic:
            translations, skeletons = [], set()
            for word in _arabic_words(text):
                found = frozenset((word.stem,)) if _literal(word.stem) else lexicon.lookup(word.stem)
                if found is not None:
                    translations.append(found)
                if word.skeleton and len(word.skeleton) >= MIN_SKELETON_FOR_SIMILARITY:
                    skeletons.add(word.skeleton)
            reachable = frozenset().union(*translations) if translations else frozenset()
            self._arabic.append((translations, reachable, frozenset(skeletons)))
        self._english: list[tuple[frozenset[str], frozenset[str], int]] = []
        for text in english:
            found_words = _english_words(text)
            stems = frozenset(word.stem for word in found_words)
            names = frozenset(word.skeleton for word in found_words if word.name and len(word.skeleton) >= MIN_SKELETON_FOR_SIMILARITY)
            known = sum(1 for word in found_words if word.stem.isdigit() or word.name or lexicon.knows_english(word.stem))
            self._english.append((stems, names, known))
        self._cache: dict[tuple[int, int], float] = {}

    def __call__(self, i: int, j: int) -> float:
        key = (i, j)
        value = self._cache.get(key)
        if value is None:
            value = self._cache[key] = self._compute(i, j)
        return value

    def _compute(self, i: int, j: int) -> float:
        translations, reachable, skeletons = self._arabic[i]
        stems, names, known = self._english[j]
        shared_names = len(skeletons & names)
        source_known = len(translations) + shared_names
        if not source_known and not known:
            return 0.5
        if not source_known or not known:
            return 0.0
        source_covered = sum(1 for found in translations if not found.isdisjoint(stems)) + shared_names
        target_covered = min(known, len(stems & reachable) + shared_names)
        return math.sqrt((source_covered / source_known) * (target_covered / known))


MIN_SKELETON_FOR_SIMILARITY = 4
