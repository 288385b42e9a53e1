"""Looking sentences up in a memory: exact matches to reuse, fuzzy ones to suggest.

:class:`MemoryLookup` loads a memory's keys into a :class:`~translate.tm.index.FuzzyIndex` once (a
run, a search) and answers with :class:`~translate.records.TmMatch` records carrying the entries'
text and provenance. The memory holds people's translations; the translation cache holds the
machine's. The two never mix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from translate.records import TmMatch
from translate.tm.index import FuzzyIndex
from translate.tm.normalise import tm_key, tm_tokens
from translate.tm.scoring import EXACT_SCORE
from translate.tm.store import TmEntry, TranslationMemory

__all__ = ["DEFAULT_MIN_SCORE", "DEFAULT_SUGGESTIONS", "MemoryLookup", "SegmentMatch"]

#: The lowest fuzzy score offered (the bottom of the CAT tools' lowest band, 75–84).
DEFAULT_MIN_SCORE = 75
#: Fuzzy suggestions attached to a pair: as many as the review page inserts with Ctrl+1/2/3.
DEFAULT_SUGGESTIONS = 3


@dataclass(frozen=True)
class SegmentMatch:
    """A sentence's memory matches: ``exact`` (100 or 101) to reuse, with its entry id for the usage
    count, and fuzzy ``suggestions`` below 100, best first."""

    exact: TmMatch | None = None
    exact_id: int | None = None
    suggestions: tuple[TmMatch, ...] = ()


def _match(entry: TmEntry, score: int) -> TmMatch:
    return TmMatch(score, entry.source, entry.target, entry.provenance)


class MemoryLookup:
    """A memory with its index in memory; build with :meth:`load`."""

    def __init__(self, memory: TranslationMemory, index: FuzzyIndex) -> None:
        self.memory = memory
        self.index = index

    @classmethod
    def load(cls, memory: TranslationMemory) -> MemoryLookup:
        index = FuzzyIndex()
        for entry in memory.entries():
            # The stored key is the source's tokens joined by single spaces (tokens hold no space), so
            # the tokens come back by splitting it — no second normalisation of 100k sentences.
            index.add(entry.id, tuple(entry.key.split(" ")) if entry.key else (), entry.previous_key)
        return cls(memory, index)

    def search(self, text: str, *, minimum: int = DEFAULT_MIN_SCORE, limit: int | None = 5, previous: str | None = None) -> list[tuple[TmMatch, TmEntry]]:
        """Entries scoring ``minimum`` or more against ``text``, best first, with the entries themselves."""
        hits = self.index.search(tm_tokens(text), minimum, previous_key=tm_key(previous) if previous is not None else None, limit=limit)
        entries = self.memory.get([hit.entry_id for hit in hits])
        return [(_match(entries[hit.entry_id], hit.score), entries[hit.entry_id]) for hit in hits if hit.entry_id in entries]

    def match(self, text: str, previous: str | None = None, *, minimum: int = DEFAULT_MIN_SCORE, suggestions: int = DEFAULT_SUGGESTIONS) -> SegmentMatch:
        """What the memory offers for one sentence, ``previous`` being the sentence before it."""
        found = self.search(text, minimum=minimum, limit=None, previous=previous)
        exact = next(((match, entry) for match, entry in found if match.score >= EXACT_SCORE), None)
        fuzzy = tuple(match for match, _ in found if match.score < EXACT_SCORE)[:suggestions]
        if exact is not None:
            return SegmentMatch(exact[0], exact[1].id, ())
        return SegmentMatch(None, None, fuzzy)

    def match_many(self, texts: Sequence[str], previous: Sequence[str | None], *, minimum: int = DEFAULT_MIN_SCORE) -> list[SegmentMatch]:
        return [self.match(text, before, minimum=minimum) for text, before in zip(texts, previous)]
