"""Fuzzy-match scores as CAT tools compute them, and the bands they report them in.

OmegaT's similarity (``FuzzyMatcher.calcSimilarity``) is word-level: the Levenshtein distance between
the two token sequences, as a share of the longer one, ``100 × (1 − distance / max(len))``, rounded
down in integer arithmetic — so only identical token sequences score 100, and a 99.6 shows as 99.
Tokens here are the normalised ones of :mod:`translate.tm.normalise`. 101 is the "context match" of
CAT tools: the sentence and the one before it both match the entry's.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["BANDS", "CONTEXT_SCORE", "EXACT_SCORE", "band", "max_distance", "score_from_distance", "similarity"]

EXACT_SCORE = 100
CONTEXT_SCORE = 101
#: The bands CAT tools report match statistics in (Trados, memoQ, OmegaT's project statistics),
#: highest first, as (label, lowest score, highest score).
BANDS = (("101", 101, 101), ("100", 100, 100), ("95–99", 95, 99), ("85–94", 85, 94), ("75–84", 75, 84), ("no match", 0, 74))


def score_from_distance(distance: int, longer: int) -> int:
    """OmegaT's integer similarity for a token distance and the longer sequence's length."""
    if longer == 0:
        return EXACT_SCORE
    return EXACT_SCORE * (longer - distance) // longer


def max_distance(longer: int, minimum: int) -> int:
    """The largest distance that still scores ``minimum`` or more against a ``longer``-token sequence:
    ``100·(m−d)//m ≥ c`` ⇔ ``d ≤ m·(100−c)/100`` (``c`` is an integer)."""
    return longer * (EXACT_SCORE - minimum) // EXACT_SCORE


def similarity(first: Sequence[str], second: Sequence[str]) -> int:
    """The score of two token sequences (0–100)."""
    from rapidfuzz.distance import Levenshtein

    return score_from_distance(Levenshtein.distance(first, second), max(len(first), len(second)))


def band(score: int) -> str:
    """The band label of a score (``"95–99"``), ``"no match"`` below 75."""
    return next(label for label, low, high in BANDS if low <= score <= high)
