"""Carrying a paragraph's formatting onto its English.

Each sentence is translated whole (:mod:`translate.formats.layout`); this module puts the English
back into the paragraph's runs. The rules, in the order they apply:

1. The paragraph's English is its sentences' English in order, with the text between sentences (spaces,
   a tab, a line break) kept as it was.
2. Every character starts in the paragraph's **base** look — the key holding most of its source
   characters — so formatting that covers the whole paragraph covers all of its English.
3. Each run is then carried to its counterpart, longest runs first, so a short run (a bold name in an
   italic sentence) lands on top of the long one around it:
   - a run covering a whole sentence covers that sentence's English;
   - a run made of **anchors** lands exactly on their English: a glossary name on its required form
     (the term's target span), a number on the same number (Eastern Arabic digits read as Western),
     a Latin-script word on the same word;
   - any other run lands on the words its words map to, by a monotone piecewise-linear map through
     the sentence's anchors (sentence start and end included), rounded outwards to whole words and
     never empty — never dropped, never duplicated.
4. Inline objects (an image, a note reference) keep their place: between sentences as they were,
   inside one at the mapped word boundary.

Attention is not kept in a run file, so spans without anchors are placed by position: exact for names,
numbers and Latin words, approximate (nearest whole word) for the rest, as the issue allows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from translate.formats.base import InlineObject, RunSpan, SourceParagraph, TargetParagraph
from translate.formats.layout import Layout
from translate.records import Pair
from translate.script import arabic_letter_count

__all__ = ["english_paragraphs", "transfer_paragraph"]

_WORD = re.compile(r"\S+")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
#: An anchor token: a number (any digits, with its separators) or a Latin-script word.
_ANCHOR = re.compile(r"[0-9٠-٩۰-۹]+(?:[.,][0-9٠-٩۰-۹]+)*|[A-Za-z](?:[A-Za-z'’-]*[A-Za-z])?")


@dataclass(frozen=True)
class _Piece:
    """A stretch of the source paragraph and its English: a sentence (``pair`` set) or the text
    between sentences (copied as it is)."""

    start: int
    end: int
    target_start: int
    target_end: int
    pair: Pair | None = None


def _anchor_key(token: str) -> str:
    """What an anchor token must equal on the other side: its digits (Western), or the Latin word
    case-folded without a possessive ``'s``."""
    if token[0].isdigit():
        return "#" + re.sub(r"\D", "", token.translate(_DIGITS))
    return "@" + re.sub(r"['’]s$", "", token.casefold())


def _anchors(source: str, target: str, pair: Pair, offset: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(source span, target span) pairs within one sentence, spans relative to each side's text:
    glossary terms (``offset`` turns their article offsets into the sentence's), then numbers and
    Latin words matched left to right — each exactly (``2016`` of ``2016,``, ``13`` of
    ``13-year-old``), not the whole word around it."""
    found = []
    for term in pair.terms:
        if term.target_start is not None and term.target_end is not None:
            found.append(((term.source_start - offset, term.source_end - offset), (term.target_start, term.target_end)))
    targets: dict[str, list[tuple[int, int]]] = {}
    for match in _ANCHOR.finditer(target):
        targets.setdefault(_anchor_key(match.group(0)), []).append(match.span())
    for match in _ANCHOR.finditer(source):
        key = _anchor_key(match.group(0))
        if targets.get(key):
            found.append((match.span(), targets[key].pop(0)))
    return found


def _word_range(words: list[tuple[int, int]], span: tuple[int, int]) -> tuple[int, int]:
    """The indices ``[first, last + 1)`` of the words a character span touches (empty: (0, 0))."""
    touched = [i for i, (start, end) in enumerate(words) if start < span[1] and span[0] < end]
    return (touched[0], touched[-1] + 1) if touched else (0, 0)


def _interpolate(knots: list[tuple[float, float]], x: float) -> float:
    for (x0, y0), (x1, y1) in zip(knots, knots[1:]):
        if x0 <= x <= x1:
            return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return knots[-1][1]


def _within(piece: _Piece, source_text: str, target_text: str, start: int, end: int) -> tuple[int, int] | None:
    """The English (paragraph offsets) of source characters ``[start, end)`` of one sentence."""
    pair = piece.pair
    source = source_text[piece.start : piece.end]
    target = target_text[piece.target_start : piece.target_end]
    a, b = start - piece.start, end - piece.start
    if not source[a:b].strip():
        return None
    source_words = [m.span() for m in _WORD.finditer(source)]
    target_words = [m.span() for m in _WORD.finditer(target)]
    if not target_words:
        return None
    touched = [i for i, (ws, we) in enumerate(source_words) if ws < b and a < we]
    if not touched:
        return None
    if len(touched) == len(source_words):
        return piece.target_start + target_words[0][0], piece.target_start + target_words[-1][1]
    anchors = _anchors(source, target, pair, pair.start) if pair is not None else []
    # A run made of anchors lands exactly on their English.
    inside = [(s, t) for s, t in anchors if s[0] < b and a < s[1]]
    covered = all(any(s[0] < we and ws < s[1] for s, _ in inside) for ws, we in (source_words[i] for i in touched))
    if inside and covered:
        return piece.target_start + min(t[0] for _, t in inside), piece.target_start + max(t[1] for _, t in inside)
    # Elsewhere, by position through the anchors: a monotone map from source word boundaries to target ones.
    knots = [(0.0, 0.0)]
    for source_span, target_span in sorted(anchors):
        (i0, i1), (j0, j1) = _word_range(source_words, source_span), _word_range(target_words, target_span)
        if i1 > i0 and j1 > j0 and i0 >= knots[-1][0] and j0 >= knots[-1][1]:
            knots += [(float(i0), float(j0)), (float(i1), float(j1))]
    knots.append((float(len(source_words)), float(len(target_words))))
    first = int(_interpolate(knots, touched[0]) + 1e-9)
    last = int(-(-_interpolate(knots, touched[-1] + 1) // 1))
    first = min(max(first, 0), len(target_words) - 1)
    last = min(max(last, first + 1), len(target_words))
    # Words that are an anchor's English belong to that anchor: a span placed by position moves off them.
    taken = {k for _, t in anchors for k in range(*_word_range(target_words, t))}
    free = [k for k in range(first, last) if k not in taken]
    if not free:
        others = [k for k in range(len(target_words)) if k not in taken]
        free = [min(others, key=lambda k: (abs(k - first), k))] if others else [first]
    return piece.target_start + target_words[free[0]][0], piece.target_start + target_words[free[-1]][1]


def _pieces(paragraph: SourceParagraph, base: int, pairs: Sequence[Pair]) -> tuple[str, list[_Piece]]:
    """The paragraph's English and its pieces, source and target offsets relative to the paragraph."""
    text = paragraph.text
    parts: list[str] = []
    pieces: list[_Piece] = []
    cursor = length = 0

    def add(start: int, end: int, english: str, pair: Pair | None) -> None:
        nonlocal length
        parts.append(english)
        pieces.append(_Piece(start, end, length, length + len(english), pair))
        length += len(english)

    for pair in sorted(pairs, key=lambda p: p.start):
        start, end = max(pair.start - base, cursor), min(pair.end - base, len(text))
        if start > cursor:
            add(cursor, start, text[cursor:start], None)
        add(start, end, pair.target, pair)
        cursor = end
    if cursor < len(text):
        add(cursor, len(text), text[cursor:], None)
    return "".join(parts), pieces


def _map(pieces: list[_Piece], source: str, target: str, start: int, end: int) -> list[tuple[int, int]]:
    """The English of source characters ``[start, end)``: one span per piece it touches."""
    spans = []
    for piece in pieces:
        lo, hi = max(start, piece.start), min(end, piece.end)
        if lo >= hi:
            continue
        if piece.pair is None:
            spans.append((piece.target_start + lo - piece.start, piece.target_start + hi - piece.start))
        else:
            found = _within(piece, source, target, lo, hi)
            if found is not None:
                spans.append(found)
    return spans


def _object_offset(pieces: list[_Piece], source: str, target: str, offset: int) -> int:
    for piece in pieces:
        if piece.start <= offset <= piece.end:
            if piece.pair is None or offset == piece.start:
                return piece.target_start + min(offset - piece.start, piece.target_end - piece.target_start)
            if offset == piece.end:
                return piece.target_end
            found = _within(piece, source, target, piece.start, offset)
            return found[1] if found is not None else piece.target_start
    return len(target)


def transfer_paragraph(paragraph: SourceParagraph, base: int, pairs: Sequence[Pair]) -> TargetParagraph:
    """The English of ``paragraph`` (at article offset ``base``) from its sentences' ``pairs``, with
    every run's look carried to its counterpart (see the module's rules)."""
    target, pieces = _pieces(paragraph, base, pairs)
    if not paragraph.runs or not target:
        return TargetParagraph(target, (RunSpan(0, len(target), paragraph.runs[0].key),) if paragraph.runs and target else ())
    weight: Counter[int] = Counter()
    for run in paragraph.runs:
        weight[run.key] += len(paragraph.text[run.start : run.end].strip()) or 0
    base_key = max(weight, key=lambda key: (weight[key], -min(r.start for r in paragraph.runs if r.key == key)))
    keys = [base_key] * len(target)
    mapped: dict[int, list[tuple[int, int]]] = {}
    order = sorted(range(len(paragraph.runs)), key=lambda i: (-(paragraph.runs[i].end - paragraph.runs[i].start), i))
    for index in order:
        run = paragraph.runs[index]
        mapped[index] = _map(pieces, paragraph.text, target, run.start, run.end)
        for start, end in mapped[index]:
            keys[start:end] = [run.key] * (end - start)
    # Never dropped: a run whose every character a smaller one took back is put back on its own span.
    present = set(keys)
    for index in order[::-1]:
        run = paragraph.runs[index]
        if run.key not in present and mapped[index]:
            start, end = mapped[index][0]
            keys[start:end] = [run.key] * (end - start)
            present.add(run.key)
    runs: list[RunSpan] = []
    start = 0
    for position in range(1, len(keys) + 1):
        if position == len(keys) or keys[position] != keys[start]:
            runs.append(RunSpan(start, position, keys[start]))
            start = position
    objects = tuple(InlineObject(_object_offset(pieces, paragraph.text, target, item.offset), item.key) for item in paragraph.objects)
    return TargetParagraph(target, tuple(runs), tuple(sorted(objects, key=lambda item: item.offset)))


def english_paragraphs(layout: Layout, pairs: Sequence[Pair]) -> list[TargetParagraph | None]:
    """Every paragraph's English (None for those not in the article, and for those without Arabic
    letters whose English is their own text: both are kept exactly as they are in the file).
    A paragraph without runs (an attribute, a title) gets one run of key 0 if it had none."""
    by_paragraph: dict[int, list[Pair]] = {}
    for pair in pairs:
        index = layout.paragraph_at(pair.start)
        if index is not None:
            by_paragraph.setdefault(index, []).append(pair)
    result: list[TargetParagraph | None] = []
    for index, paragraph in enumerate(layout.paragraphs):
        start = layout.starts[index]
        mine = by_paragraph.get(index, ())
        unchanged = not arabic_letter_count(paragraph.text) and all(pair.target == pair.source for pair in mine)
        result.append(None if start is None or unchanged else transfer_paragraph(paragraph, start, mine))
    return result
