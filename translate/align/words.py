"""Word alignment inside one translated pair, from the model's cross-attention.

:class:`~translate.engines.base.Hypothesis` carries ``attention[t][s]``: how much target piece ``t``
attends to source piece ``s`` (sentencepiece pieces, ``</s>`` included), averaged over the heads of
one decoder layer (``ALIGNMENT_LAYER`` in :mod:`translate.engines.marian_torch`: the penultimate,
after Garg et al. 2019, "Jointly Learning to Align and Translate with Transformer Models", where it
gave the lowest alignment error rate). Pieces are located in the texts (character spans), grouped into
words (a piece starting with ``▁`` starts a word), the attention summed per word pair with the
``</s>`` column left out (Marian parks attention there), and each target word linked to the source
word it attends to most.

Choosing the layer (and heads) is a measurement: :func:`alignment_error_rate` against a small
hand-aligned gold set (Och & Ney 2003), for each layer, picking the lowest. That needs the real
opus-mt-ar-en weights, which this offline project cannot load in tests; on the tiny random model the
number would mean nothing, so none is claimed here.

Used to highlight where a glossary term landed (:func:`target_span`) and where a repair belongs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from translate.engines.base import Hypothesis

__all__ = ["WordLink", "alignment_error_rate", "piece_spans", "target_span", "word_alignment", "words_of"]

#: Marian/sentencepiece marks for a word start, and the special pieces that have no text.
WORD_START = "▁"
SPECIAL_PIECES = frozenset({"</s>", "<unk>", "<pad>", "<s>"})
#: How far ahead (characters) a piece may be found when the text was normalised by the tokenizer.
LOOKAHEAD = 8


@dataclass(frozen=True)
class WordLink:
    """Source word ``[source_start, source_end)`` ↔ target word ``[target_start, target_end)``
    (character offsets into the two texts); ``weight`` in [0, 1]: the target word's share of
    attention on that source word."""

    source_start: int
    source_end: int
    target_start: int
    target_end: int
    weight: float


def piece_spans(text: str, pieces: Sequence[str]) -> list[tuple[int, int] | None]:
    """The character span of each piece in ``text``, in order; ``None`` for special pieces and for a
    piece that cannot be found (the tokenizer normalised it beyond recognition)."""
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for piece in pieces:
        body = piece.replace(WORD_START, "")
        if piece in SPECIAL_PIECES or not body:
            spans.append(None)
            continue
        while cursor < len(text) and text[cursor].isspace():
            cursor += 1
        found = _find(text, body, cursor)
        if found is None:
            spans.append(None)
            continue
        spans.append(found)
        cursor = found[1]
    return spans


def _find(text: str, body: str, cursor: int) -> tuple[int, int] | None:
    window_end = min(len(text), cursor + LOOKAHEAD + len(body))
    position = text.find(body, cursor, window_end)
    if position >= 0:
        return position, position + len(body)
    # sentencepiece applies NFKC: compare the normalised forms character by character.
    normal = unicodedata.normalize("NFKC", body)
    for start in range(cursor, min(len(text), cursor + LOOKAHEAD)):
        end = start
        built = ""
        while end < len(text) and len(built) < len(normal):
            built += unicodedata.normalize("NFKC", text[end])
            end += 1
        if built == normal:
            return start, end
    return None


def words_of(text: str, pieces: Sequence[str]) -> list[tuple[int, int, list[int]]]:
    """Words as (start, end, piece indices): a piece that begins with ``▁`` (or follows a special
    or unlocated piece) starts a new word."""
    words: list[tuple[int, int, list[int]]] = []
    starts_word = True
    for index, (piece, span) in enumerate(zip(pieces, piece_spans(text, pieces))):
        if span is None:
            starts_word = True
            continue
        if piece.startswith(WORD_START) or starts_word or not words:
            words.append((span[0], span[1], [index]))
        else:
            start, _, members = words[-1]
            words[-1] = (start, span[1], members + [index])
        starts_word = False
    return words


def word_alignment(source_text: str, hypothesis: Hypothesis) -> list[WordLink]:
    """One link per target word to the source word it attends to most; [] without attention."""
    if not hypothesis.attention or not hypothesis.source_tokens:
        return []
    source_words = words_of(source_text, hypothesis.source_tokens)
    target_words = words_of(hypothesis.text, hypothesis.tokens)
    if not source_words or not target_words:
        return []
    links = []
    for target_start, target_end, target_pieces in target_words:
        mass = []
        for _, _, source_pieces in source_words:
            mass.append(sum(hypothesis.attention[t][s] for t in target_pieces if t < len(hypothesis.attention) for s in source_pieces if s < len(hypothesis.attention[t])))
        total = sum(mass)
        if total <= 0:
            continue
        best = max(range(len(mass)), key=lambda k: (mass[k], -k))
        source_start, source_end, _ = source_words[best]
        links.append(WordLink(source_start, source_end, target_start, target_end, round(mass[best] / total, 4)))
    return links


def target_span(links: Sequence[WordLink], source_start: int, source_end: int) -> tuple[int, int] | None:
    """The smallest target span covering every target word linked to a source word that overlaps
    ``[source_start, source_end)`` — where a glossary term's translation sits; None if none is."""
    hits = [link for link in links if link.source_start < source_end and source_start < link.source_end]
    if not hits:
        return None
    return min(link.target_start for link in hits), max(link.target_end for link in hits)


def alignment_error_rate(predicted: Collection[tuple[int, int]], sure: Collection[tuple[int, int]], possible: Collection[tuple[int, int]] = ()) -> float:
    """Och & Ney's AER over (source word, target word) index pairs: ``1 − (|A∩S| + |A∩P|) / (|A| + |S|)``,
    with the sure links counted as possible too. 0 is perfect."""
    predicted, sure = set(predicted), set(sure)
    possible = set(possible) | sure
    if not predicted and not sure:
        return 0.0
    return 1.0 - (len(predicted & sure) + len(predicted & possible)) / (len(predicted) + len(sure))
