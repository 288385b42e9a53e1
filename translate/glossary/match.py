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

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from translate.arabic import normalize, normalize_for_matching
from translate.glossary.entries import Glossary, GlossaryEntry
from translate.glossary.words import ARTICLE, MIN_CORE_LETTERS, clitic_readings, term_key, tokenize

__all__ = ["Judge", "TermHit", "TermMatcher", "clitic_readings", "term_key", "tokenize"]

_TATWEEL = "\u0640"
#: Trie key of the entry that ends at a node. Not a string: any string, NUL included, can be a token
#: (a lone punctuation or control character is one), and a word must never reach the entry index.
_END = None


@dataclass(frozen=True)
class TermHit:
    """A term found in a text: ``start``/``end`` index the original text (clitics excluded, a
    separate article included: ``بالقاهرة`` → ``القاهرة``), ``surface`` is that slice, ``entry_index`` the
    entry's load position. ``form_key`` is the matched spelling's :func:`term_key`; ``form_has_article``
    and ``text_has_article`` say whether that spelling and the text carry the article ``ال``;
    ``outcome`` is ``enforced`` or ``possible`` (see :mod:`translate.glossary.context`)."""

    start: int
    end: int
    surface: str
    entry: GlossaryEntry
    entry_index: int
    form_key: tuple[str, ...] = ()
    form_has_article: bool = False
    text_has_article: bool = False
    outcome: str = "enforced"


#: Decides a candidate hit's outcome: ``enforced``, ``possible`` or ``ruled-out``.
Judge = Callable[[TermHit], str]


@dataclass(frozen=True)
class _Candidate:
    end_token: int
    stripped: int
    clitics: int
    entry_index: int
    form_key: tuple[str, ...]
    text_has_article: bool


class TermMatcher:
    """A trie over the glossary's normalised terms; build once, match many texts."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._root: dict = {}
        self.longest_term = 0
        #: Term keys of spellings whose first word carries the article ``ال``.
        self._article_forms: set[tuple[int, tuple[str, ...]]] = set()
        for index, entry in enumerate(glossary.entries):
            for variant in entry.ar:
                key = term_key(variant)
                if not key:
                    continue
                if _has_article(normalize(variant).split(" ")[0] if variant.strip() else ""):
                    self._article_forms.add((index, key))
                node = self._root
                for word in key:
                    node = node.setdefault(word, {})
                # The first entry to claim a key keeps it (load order breaks ties).
                node.setdefault(_END, index)
                self.longest_term = max(self.longest_term, len(key))

    def find(self, text: str, judge: Judge | None = None, chosen: Callable[[TermHit], None] | None = None) -> list[TermHit]:
        """Every term in ``text``, leftmost-longest, non-overlapping, in text order.

        With ``judge``, each position's candidates are tried longest first: the first ``enforced``
        one wins, else the first ``possible`` one; ``ruled-out`` candidates are skipped (so a shorter
        term can match where a longer reading is ruled out: ``روسيا`` in ``وأعلنت روسيا اليوم``).
        ``chosen(hit)`` is called for each hit as soon as it is chosen, before the next position is
        judged (so a rule can see what the same sentence matched earlier)."""
        normalized = normalize_for_matching(text)
        spans = tokenize(normalized.text)
        words = [normalized.text[start:end] for start, end in spans]
        hits: list[TermHit] = []
        position = 0
        while position < len(words):
            best: TermHit | None = None
            chosen_end = 0
            for candidate in self._candidates_at(words, position):
                hit = self._hit(text, normalized, spans, position, candidate)
                outcome = judge(hit) if judge is not None else "enforced"
                if outcome == "enforced":
                    best, chosen_end = hit, candidate.end_token
                    break
                if outcome == "possible" and best is None:
                    best, chosen_end = _with_outcome(hit, "possible"), candidate.end_token
            if best is None:
                position += 1
                continue
            hits.append(best)
            if chosen is not None:
                chosen(best)
            position = chosen_end
        return hits

    def _hit(self, text: str, normalized, spans: list[tuple[int, int]], position: int, candidate: _Candidate) -> TermHit:
        norm_start = spans[position][0] + candidate.clitics
        norm_end = spans[candidate.end_token - 1][1]
        start, end = normalized.span_in_original(norm_start, norm_end)
        # Marks after the last letter belong to the word (القاهرةُ), though matching ignored them.
        while end < len(text) and (unicodedata.category(text[end]) == "Mn" or text[end] == _TATWEEL):
            end += 1
        entry_index = candidate.entry_index
        return TermHit(
            start,
            end,
            text[start:end],
            self.glossary.entries[entry_index],
            entry_index,
            candidate.form_key,
            (entry_index, candidate.form_key) in self._article_forms,
            candidate.text_has_article,
        )

    def _candidates_at(self, words: list[str], position: int) -> list[_Candidate]:
        """Every hit starting here, best first: longer, then fewer stripped letters, then the earlier entry."""
        found: dict[tuple[int, int], tuple[int, int, int, _Candidate]] = {}
        for stripped, clitics, core in clitic_readings(words[position]):
            node = self._root.get(core)
            cursor = position + 1
            key: list[str] = [core]
            # The text has the article when the reading stripped it (more than the clitics), or
            # fused with ل (للجزيرة: the reading ends its clitics in لل).
            text_has_article = stripped > clitics or (clitics >= 2 and words[position][:clitics].endswith("لل"))
            while node is not None:
                if _END in node:
                    entry_index = node[_END]
                    rank = (-cursor, stripped, entry_index)
                    slot = (cursor, entry_index)
                    if slot not in found or rank < found[slot][:3]:
                        found[slot] = (*rank, _Candidate(cursor, stripped, clitics, entry_index, tuple(key), text_has_article))
                if cursor >= len(words):
                    break
                node = node.get(words[cursor])
                if node is not None:
                    key.append(words[cursor])
                cursor += 1
        return [item[3] for item in sorted(found.values(), key=lambda item: item[:3])]


def _has_article(word: str) -> bool:
    return word.startswith(ARTICLE) and len(word) - len(ARTICLE) >= MIN_CORE_LETTERS


def _with_outcome(hit: TermHit, outcome: str) -> TermHit:
    from dataclasses import replace

    return replace(hit, outcome=outcome)
