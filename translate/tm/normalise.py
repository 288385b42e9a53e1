"""The memory's view of a sentence: normalised tokens and the key they join into.

The normalisation is the glossary's (:func:`translate.arabic.normalize`: NFKC, diacritics and tatweel
dropped, alef/hamza/ya/ta-marbuta forms folded, Arabic-Indic digits to ASCII, Latin case folded), so
a sentence that differs from a memory entry only in spelling variation is an exact match. Tokens are
the glossary's too (:func:`translate.glossary.words.tokenize`): runs of letters and digits, and every
punctuation mark on its own. Numbers and punctuation stay tokens, as in OmegaT's tokenizer, so a
changed figure or a dropped question mark lowers the score. Joining the tokens with one space makes
the key blind to whitespace and to punctuation spacing (``الجزيرة+وكالات`` = ``الجزيرة + وكالات``).
"""

from __future__ import annotations

from translate.arabic import normalize
from translate.glossary.words import tokenize

__all__ = ["tm_key", "tm_tokens"]


def tm_tokens(text: str) -> tuple[str, ...]:
    """The normalised tokens of ``text``, in order."""
    normalized = normalize(text)
    return tuple(normalized[start:end] for start, end in tokenize(normalized))


def tm_key(text: str) -> str:
    """The exact-match key: the normalised tokens joined by one space ('' for text with no token).
    No token holds a space, so ``tm_key(text).split(" ") == list(tm_tokens(text))`` (the index is
    rebuilt from stored keys this way)."""
    return " ".join(tm_tokens(text))
