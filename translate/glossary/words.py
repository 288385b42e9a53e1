"""How glossary terms and text are cut into words and keys: tokens of normalised text, a term's key
(its words, the first without the article ``ال``), and the clitic readings of an Arabic word (و/ف + ب/ل/ك
+ ال + core). The matcher, the context rules, the loader, the TBX reader and the translation memory all
stand on this module; it stands on :mod:`translate.arabic` alone.
"""

from __future__ import annotations

import re

from translate.arabic import normalize

__all__ = ["ARTICLE", "MIN_CORE_LETTERS", "clitic_readings", "term_key", "tokenize"]

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")
ARTICLE = "ال"
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")
#: A stripped reading must keep at least this many letters (``بل`` is not ``ب`` + ``ل``).
MIN_CORE_LETTERS = 2


def tokenize(normalized: str) -> list[tuple[int, int]]:
    """Token spans of normalised text: letter/digit runs and single punctuation marks."""
    return [match.span() for match in _TOKEN.finditer(normalized)]


def _strip_article(word: str) -> str:
    if word.startswith(ARTICLE) and len(word) - len(ARTICLE) >= MIN_CORE_LETTERS:
        return word[len(ARTICLE) :]
    return word


def term_key(term: str) -> tuple[str, ...]:
    """The normalised word sequence a term is indexed under (its first word without the article).
    Two spellings with the same key match exactly the same text."""
    normalized = normalize(term)
    words = [normalized[start:end] for start, end in tokenize(normalized)]
    if words:
        words[0] = _strip_article(words[0])
    return tuple(words)


def clitic_readings(word: str) -> list[tuple[int, int, str]]:
    """Every way to read ``word`` as clitics + core: ``(letters stripped, clitic letters, core)``,
    fewest stripped first. ``clitic letters`` excludes the article, which stays in the match's span.
    The core is looked up among term keys, which have their article stripped too."""
    readings: dict[str, tuple[int, int]] = {word: (0, 0)}
    for conjunction in _CONJUNCTIONS:
        for preposition in _PREPOSITIONS:
            prefix = conjunction + preposition
            if not word.startswith(prefix):
                continue
            rest = word[len(prefix) :]
            cores = [(len(prefix), len(prefix), rest)]
            if rest.startswith(ARTICLE):
                cores.append((len(prefix) + len(ARTICLE), len(prefix), rest[len(ARTICLE) :]))
            if preposition == "ل" and rest.startswith("ل"):
                # لل = ل + ال with the alef elided: للأمم → ل + (ا)ل + أمم; the fused article is
                # left out of the span (the surface is أمم المتحدة).
                cores.append((len(prefix) + 1, len(prefix) + 1, rest[1:]))
            for stripped, clitics, core in cores:
                if len(core) >= MIN_CORE_LETTERS and core not in readings:
                    readings[core] = (stripped, clitics)
    return sorted(((stripped, clitics, core) for core, (stripped, clitics) in readings.items()), key=lambda item: item[0])
