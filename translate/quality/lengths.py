"""How long the English of an Arabic segment should be, and how unlikely a pair's length is.

For each measure (content characters; words) the log ratio ``r = log(len_en / len_ar)`` is modelled
as normal with a mean that moves with the source length and a variance that shrinks with it:
``r ~ N(a + b·log len_ar, c + d / len_ar)`` — short segments vary more (a headline of 15 characters
more than a 150-character sentence). The parameters are fitted by ``scripts/fit_quality.py`` on
independent professional news pairs (``translate/data/quality/model.json``), per segment kind where
the data has enough of that kind (headlines: a shift of the sentence mean and a wider spread).

A document adapts the mean: machine translation or a house style can run longer or shorter than the
fitted translators. The median residual of a document's pairs within :data:`SHIFT_TRIM_Z` spreads,
shrunk towards 0 by :data:`DOCUMENT_PRIOR_PAIRS`, shifts every pair's expectation; neither the
trimmed pairs nor the median let the pairs with errors move it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from translate.align.units import content_length
from translate.quality.words import words

__all__ = ["DOCUMENT_PRIOR_PAIRS", "LengthFit", "LengthModel", "LengthShift", "document_shift", "measures"]

#: Pairs' worth of weight the fitted mean keeps against a document's own median.
DOCUMENT_PRIOR_PAIRS = 10
#: Pairs further than this many spreads from the fitted mean don't move the document's shift: a
#: document where a third of the sentences lost half their words must not teach the model that
#: short is normal.
SHIFT_TRIM_Z = 2.0
#: Segment kinds that are read as headlines (short, telegraphic: no articles, no verbs).
HEADLINE_KINDS = frozenset({"headline", "subheading", "heading", "title"})


@dataclass(frozen=True)
class LengthFit:
    """``r ~ N(a + b·log n, c + d / n)`` for source length ``n`` (``shift`` and ``scale`` adjust it
    for one segment kind)."""

    a: float
    b: float
    c: float
    d: float

    def z(self, source_length: int, target_length: int, shift: float = 0.0) -> float:
        expected = self.a + self.b * math.log(source_length) + shift
        spread = math.sqrt(max(1e-4, self.c + self.d / source_length))
        return (math.log(target_length / source_length) - expected) / spread

    def residual(self, source_length: int, target_length: int) -> float:
        return math.log(target_length / source_length) - self.a - self.b * math.log(source_length)


def measures(source: str, target: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """((content characters of each side), (words of each side))."""
    return (content_length(source), content_length(target)), (len(words(source)), len(words(target)))


@dataclass(frozen=True)
class LengthShift:
    """A document's shift of the expected log ratio, per measure."""

    characters: float = 0.0
    words: float = 0.0


@dataclass(frozen=True)
class LengthModel:
    """Fits per kind (``"sentence"`` always; others optional) for characters and for words."""

    characters: Mapping[str, LengthFit]
    words: Mapping[str, LengthFit]

    def fits(self, kind: str) -> tuple[LengthFit, LengthFit]:
        key = "headline" if kind in HEADLINE_KINDS and "headline" in self.characters else "sentence"
        return self.characters[key], self.words[key]

    def z_scores(self, source: str, target: str, kind: str = "sentence", shift: LengthShift = LengthShift()) -> tuple[float, float] | None:
        """(z of characters, z of words), or None when a side is empty."""
        (source_chars, target_chars), (source_words, target_words) = measures(source, target)
        if not source_chars or not target_chars or not source_words or not target_words:
            return None
        characters, word_fit = self.fits(kind)
        return characters.z(source_chars, target_chars, shift.characters), word_fit.z(source_words, target_words, shift.words)

    @classmethod
    def from_dict(cls, data: Mapping[str, Mapping[str, Mapping[str, float]]]) -> LengthModel:
        return cls(
            {kind: LengthFit(**values) for kind, values in data["characters"].items()},
            {kind: LengthFit(**values) for kind, values in data["words"].items()},
        )

    def to_dict(self) -> dict[str, dict[str, dict[str, float]]]:
        return {
            "characters": {kind: vars(fit) for kind, fit in self.characters.items()},
            "words": {kind: vars(fit) for kind, fit in self.words.items()},
        }


def document_shift(model: LengthModel, pairs: Sequence[tuple[str, str, str]]) -> LengthShift:
    """The shift for a document of ``(source, target, kind)`` pairs (none below two pairs)."""
    character_residuals, word_residuals = [], []
    for source, target, kind in pairs:
        (source_chars, target_chars), (source_words, target_words) = measures(source, target)
        if source_chars and target_chars and source_words and target_words:
            characters, word_fit = model.fits(kind)
            if abs(characters.z(source_chars, target_chars)) > SHIFT_TRIM_Z or abs(word_fit.z(source_words, target_words)) > SHIFT_TRIM_Z:
                continue
            character_residuals.append(characters.residual(source_chars, target_chars))
            word_residuals.append(word_fit.residual(source_words, target_words))
    if len(character_residuals) < 2:
        return LengthShift()
    weight = len(character_residuals) / (len(character_residuals) + DOCUMENT_PRIOR_PAIRS)
    return LengthShift(weight * statistics.median(character_residuals), weight * statistics.median(word_residuals))
