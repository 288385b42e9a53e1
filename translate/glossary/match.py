"""Finding glossary terms in Arabic text.

Matching runs on the text normalised by :func:`translate.arabic.normalize_for_matching` (diacritics,
tatweel, alef/hamza forms, ة/ه, ى/ي, presentation forms) and maps every hit back to a span of the
original, which is never altered. The rules:

- **Whole words.** Text and terms are cut into tokens — runs of letters/digits, or one punctuation
  mark — and a term matches a run of whole tokens, so ``حلب`` does not match ``حلبة`` and ``دمشق``
  does not match ``دمشقي``. Whitespace between tokens is ignored, so a multiword term matches across
  any run of spaces, tabs or line breaks, but not across punctuation.
- **Clitics and the article.** The first word of a term may carry, in the text, a conjunction
  (``و`` ``ف``), then a preposition (``ب`` ``ل`` ``ك``), then the article ``ال`` — including ``لل``
  where ``ل`` meets ``ال`` and the alef drops (``للأمم المتحدة``, ``بالقاهرة``, ``وللبنتاغون``). A
  term's own leading article is optional in the text: terms and text meet on the article-less *core*
  of the first word. At least two letters must remain after stripping, so a short word is never
  eaten whole by its "clitics".
- **Longest match wins**, scanning left to right (leftmost-longest): ``مجلس الأمن الدولي`` over
  ``مجلس الأمن``. **Ties are deterministic**: among hits with the same extent the one that strips the
  fewest clitic letters wins, then the entry loaded first.

The index is a trie keyed by normalised words, so matching costs, per token, a handful of clitic
readings times the longest term's length in words — linear in the text, independent of how many
entries the glossary holds (a 100,000-entry glossary matches as fast as a 10-entry one).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from translate.arabic import normalize, normalize_for_matching
from translate.glossary.entries import Glossary, GlossaryEntry

__all__ = ["TermHit", "TermMatcher", "term_key", "tokenize"]

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")
_ARTICLE = "ال"
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")
#: A stripped reading must keep at least this many letters (``بل`` is not ``ب`` + ``ل``).
MIN_CORE_LETTERS = 2
_TATWEEL = "\u0640"
#: Trie key of the entry that ends at a node. Not a string: any string, NUL included, can be a token
#: (a lone punctuation or control character is one), and a word must never reach the entry index.
_END = None


def tokenize(normalized: str) -> list[tuple[int, int]]:
    """Token spans of normalised text: letter/digit runs and single punctuation marks."""
    return [match.span() for match in _TOKEN.finditer(normalized)]


def _strip_article(word: str) -> str:
    if word.startswith(_ARTICLE) and len(word) - len(_ARTICLE) >= MIN_CORE_LETTERS:
        return word[len(_ARTICLE) :]
    return word


def term_key(term: str) -> tuple[str, ...]:
    """The normalised word sequence a term is indexed under (its first word without the article).
    Two spellings with the same key match exactly the same text."""
    normalized = normalize(term)
    words = [normalized[start:end] for start, end in tokenize(normalized)]
    if words:
        words[0] = _strip_article(words[0])
    return tuple(words)


def _readings(word: str) -> list[tuple[int, int, str]]:
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
            if rest.startswith(_ARTICLE):
                cores.append((len(prefix) + len(_ARTICLE), len(prefix), rest[len(_ARTICLE) :]))
            if preposition == "ل" and rest.startswith("ل"):
                # لل = ل + ال with the alef elided: للأمم → ل + (ا)ل + أمم; the fused article is
                # left out of the span (the surface is أمم المتحدة).
                cores.append((len(prefix) + 1, len(prefix) + 1, rest[1:]))
            for stripped, clitics, core in cores:
                if len(core) >= MIN_CORE_LETTERS and core not in readings:
                    readings[core] = (stripped, clitics)
    return sorted(((stripped, clitics, core) for core, (stripped, clitics) in readings.items()), key=lambda item: item[0])


@dataclass(frozen=True)
class TermHit:
    """A term found in a text: ``start``/``end`` index the original text (clitics excluded, a
    separate article included: ``بالقاهرة`` → ``القاهرة``), ``surface`` is that slice, ``entry_index`` the entry's load position."""

    start: int
    end: int
    surface: str
    entry: GlossaryEntry
    entry_index: int


class TermMatcher:
    """A trie over the glossary's normalised terms; build once, match many texts."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._root: dict = {}
        self.longest_term = 0
        for index, entry in enumerate(glossary.entries):
            for variant in entry.ar:
                key = term_key(variant)
                if not key:
                    continue
                node = self._root
                for word in key:
                    node = node.setdefault(word, {})
                # The first entry to claim a key keeps it (load order breaks ties).
                node.setdefault(_END, index)
                self.longest_term = max(self.longest_term, len(key))

    def find(self, text: str) -> list[TermHit]:
        """Every term in ``text``, leftmost-longest, non-overlapping, in text order."""
        normalized = normalize_for_matching(text)
        spans = tokenize(normalized.text)
        words = [normalized.text[start:end] for start, end in spans]
        hits: list[TermHit] = []
        position = 0
        while position < len(words):
            best = self._longest_at(words, position)
            if best is None:
                position += 1
                continue
            end_token, clitics, entry_index = best
            norm_start = spans[position][0] + clitics
            norm_end = spans[end_token - 1][1]
            start, end = normalized.span_in_original(norm_start, norm_end)
            # Marks after the last letter belong to the word (القاهرةُ), though matching ignored them.
            while end < len(text) and (unicodedata.category(text[end]) == "Mn" or text[end] == _TATWEEL):
                end += 1
            hits.append(TermHit(start, end, text[start:end], self.glossary.entries[entry_index], entry_index))
            position = end_token
        return hits

    def _longest_at(self, words: list[str], position: int) -> tuple[int, int, int] | None:
        """``(end token, clitic letters, entry index)`` of the best hit starting here."""
        best: tuple[int, int, int, int] | None = None
        for stripped, clitics, core in _readings(words[position]):
            node = self._root.get(core)
            cursor = position + 1
            while node is not None:
                if _END in node:
                    # Longer first; then fewer stripped letters; then the earlier entry.
                    candidate = (-cursor, stripped, node[_END], clitics)
                    if best is None or candidate < best:
                        best = candidate
                if cursor >= len(words):
                    break
                node = node.get(words[cursor])
                cursor += 1
        if best is None:
            return None
        return -best[0], best[3], best[2]
