"""Finding fuzzy matches fast: an inverted token index picks candidates, exact scoring ranks them.

For a query of ``n`` tokens and a minimum score ``c``, an entry of ``m`` tokens can only reach ``c``
if the two share at least ``⌈c·max(n, m)/100⌉`` tokens (the Levenshtein distance is at least the
longer length minus the tokens in common). So

- **length filter**: ``m`` lies in ``[n·c/100, n·100/c]``;
- **prefix filter**: with the query's tokens ordered rarest first, a candidate must hold one of the
  first ``n − ⌈c·n/100⌉ + 1`` of them (else it shares at most ``⌈c·n/100⌉ − 1``); only those tokens'
  posting lists are read, and those are the short ones — the frequent tokens (``في``, ``.``) never are.

Neither filter loses a match (both are implied by the score). The survivors are scored exactly with
rapidfuzz's Levenshtein on token sequences, which are encoded as strings — one code point per
distinct token — because rapidfuzz is fastest on strings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from translate.tm.scoring import (
    CONTEXT_SCORE,
    EXACT_SCORE,
    max_distance,
    score_from_distance,
)

__all__ = ["FuzzyIndex", "IndexHit"]

#: Code points available to stand for distinct tokens (every one Python can hold in a str).
_CODE_POINTS = 0x110000


@dataclass(frozen=True)
class IndexHit:
    """An entry (by its memory id) and its score against the query."""

    entry_id: int
    score: int


class FuzzyIndex:
    """An in-memory index over memory entries' normalised tokens; add entries, then search."""

    def __init__(self) -> None:
        self._vocabulary: dict[str, int] = {}
        self._postings: list[list[int]] = []  # token number → entry slots holding it (once each)
        self._encoded: list[str] = []  # entry slot → its tokens as one code point each
        self._ids: list[int] = []  # entry slot → memory id
        self._previous: list[str | None] = []  # entry slot → previous sentence's key
        self._exact: dict[str, list[int]] = {}  # encoded tokens → entry slots

    def __len__(self) -> int:
        return len(self._ids)

    def _intern(self, tokens: Iterable[str]) -> str:
        vocabulary = self._vocabulary
        codes = []
        for token in tokens:
            number = vocabulary.get(token)
            if number is None:
                number = len(vocabulary)
                if number >= _CODE_POINTS - 1:  # the last one stands for tokens no entry has
                    raise OverflowError("more distinct tokens than a translation memory index can hold")
                vocabulary[token] = number
                self._postings.append([])
            codes.append(chr(number))
        return "".join(codes)

    def _known(self, tokens: Iterable[str]) -> str:
        """A query's encoding: a token the index has never seen maps to a code point no entry holds."""
        unknown = chr(_CODE_POINTS - 1)
        return "".join(chr(self._vocabulary[token]) if token in self._vocabulary else unknown for token in tokens)

    def add(self, entry_id: int, tokens: tuple[str, ...], previous_key: str | None = None) -> None:
        encoded = self._intern(tokens)
        slot = len(self._ids)
        self._ids.append(entry_id)
        self._encoded.append(encoded)
        self._previous.append(previous_key)
        self._exact.setdefault(encoded, []).append(slot)
        for code in set(encoded):
            self._postings[ord(code)].append(slot)

    def search(self, tokens: tuple[str, ...], minimum: int, *, previous_key: str | None = None, limit: int | None = None) -> list[IndexHit]:
        """Entries scoring ``minimum`` or more against ``tokens``, best first (ties: the entry added
        last first, so the newest translation leads). An exact match whose previous sentence's key is
        ``previous_key`` scores 101."""
        from rapidfuzz.distance import Levenshtein

        query = self._known(tokens)
        length = len(query)
        if not length:
            return []
        minimum = max(1, minimum)
        scored: dict[int, int] = {}
        for slot in self._exact.get(query, ()):
            context = previous_key is not None and self._previous[slot] == previous_key
            scored[slot] = CONTEXT_SCORE if context else EXACT_SCORE
        if minimum < EXACT_SCORE:
            needed = -(-minimum * length // EXACT_SCORE)  # ⌈c·n/100⌉ tokens in common, at least
            postings = self._postings
            limit_code = len(postings)
            rare_first = sorted((ord(code) for code in set(query) if ord(code) < limit_code), key=lambda number: len(postings[number]))
            # Distinct tokens stand for all their occurrences: the prefix is counted in occurrences.
            counts = {code: query.count(code) for code in set(query)}
            # Tokens no entry holds are the rarest of all: they fill the prefix without a posting list.
            prefix, covered = [], query.count(chr(_CODE_POINTS - 1))
            for number in rare_first:
                if covered >= length - needed + 1:
                    break
                prefix.append(number)
                covered += counts[chr(number)]
            candidates: set[int] = set()
            for number in prefix:
                candidates.update(postings[number])
            shortest = -(-minimum * length // EXACT_SCORE)
            longest = length * EXACT_SCORE // minimum
            encoded = self._encoded
            distance = Levenshtein.distance
            for slot in candidates:
                if slot in scored:
                    continue
                entry = encoded[slot]
                size = len(entry)
                if size < shortest or size > longest:
                    continue
                longer = size if size > length else length
                cutoff = max_distance(longer, minimum)
                found = distance(query, entry, score_cutoff=cutoff)
                if found <= cutoff:
                    scored[slot] = score_from_distance(found, longer)
        ranked = sorted(scored.items(), key=lambda item: (-item[1], -item[0]))
        if limit is not None:
            ranked = ranked[:limit]
        return [IndexHit(self._ids[slot], score) for slot, score in ranked]
