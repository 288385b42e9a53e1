"""Sentence segmentation of an article's blocks.

Contract: :func:`split_sentences` returns spans that cover every non-space character of the text exactly
once and in order; the text between consecutive spans is whitespace only. So the segments, with the
whitespace between them, rebuild the input exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from translate.document import Block, BlockKind, Document
from translate.script import Language, language_of

__all__ = ["Segment", "segment_document", "split_sentences"]

# A first rule set: end after . ! ? ؟ … (plus any closing quotes/brackets) when whitespace follows.
# Never on the Arabic comma ، or semicolon ؛.
_BOUNDARY = re.compile(r"[.!?؟…]+[\"'»”’)\]]*(?=\s)")


@dataclass(frozen=True)
class Segment:
    """A sentence: ``start``/``end`` index the document text; ``id`` is 1-based, document-wide."""

    id: int
    block: int
    kind: BlockKind
    text: str
    start: int
    end: int
    language: Language

    @property
    def passthrough(self) -> bool:
        """Segments that are not Arabic are carried into the English unchanged."""
        return self.language != "ar"


def split_sentences(text: str, language: Language = "ar") -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (relative to it), leading/trailing whitespace excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for span_start, span_end in spans:
        piece = text[span_start:span_end]
        if not piece.strip():
            continue
        left = len(piece) - len(piece.lstrip())
        right = len(piece) - len(piece.rstrip())
        trimmed.append((span_start + left, span_end - right))
    return trimmed


def _block_segments(block: Block) -> Iterator[tuple[int, int, Language]]:
    block_language = language_of(block.text)
    # Headlines, sub-headings and source lines are one segment each: they carry no sentence breaks.
    if block.kind in (BlockKind.HEADLINE, BlockKind.SUBHEADING, BlockKind.SOURCE):
        yield block.start, block.end, block_language
        return
    for start, end in split_sentences(block.text, block_language):
        yield block.start + start, block.start + end, block_language


def segment_document(document: Document) -> list[Segment]:
    """Every block's sentences, numbered from 1 across the document."""
    segments: list[Segment] = []
    for block in document.blocks:
        for start, end, block_language in _block_segments(block):
            text = document.text[start:end]
            language = language_of(text) if block_language == "ar" else block_language
            segments.append(Segment(len(segments) + 1, block.index, block.kind, text, start, end, language))
    return segments
