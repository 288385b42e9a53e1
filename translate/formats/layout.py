"""A document's paragraphs as the article the segmenter sees, and back.

The article text is the translatable paragraphs' text joined by blank lines — exactly what a ``.txt``
holding those paragraphs, one a line with a blank line between them, gives to
:func:`translate.document.parse_document` — so a document's Arabic sentences are the ``.txt`` path's,
in the same order, however runs, spans and tags split them. Body paragraphs come first, in reading
order (tables, text boxes and captions where they sit), then the parts a reader sees beside the body:
headers and footers, notes, comments, alt text and metadata — so the first body paragraph is the
article's headline, as in a ``.txt``.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field

from translate.formats.base import SourceDocument, SourceParagraph

__all__ = ["BODY_ROLES", "Layout", "PARAGRAPH_SEPARATOR", "layout_of"]

PARAGRAPH_SEPARATOR = "\n\n"
#: Roles that make up the article itself; the others follow it in the article text.
BODY_ROLES = frozenset({"body", "table", "textbox", "caption"})


@dataclass(frozen=True)
class Layout:
    """Where each paragraph of a document sits in its article text: ``starts[i]`` is paragraph
    ``i``'s offset, or None for a paragraph that is not in the article (empty, only spaces, or
    marked untranslatable — kept as it is). A paragraph without Arabic is in it, as a ``.txt``
    line would be: its segments pass through unchanged."""

    source: SourceDocument
    text: str
    starts: tuple[int | None, ...]
    #: The original file's bytes: the writer rebuilds the English document from them.
    data: bytes = field(default=b"", repr=False)
    #: How the paragraphs were read: ``page`` (the whole file) or ``article`` (extracted).
    extract: str = "page"

    @property
    def paragraphs(self) -> tuple[SourceParagraph, ...]:
        return self.source.paragraphs

    def paragraph_at(self, offset: int) -> int | None:
        """The index of the paragraph holding article offset ``offset``."""
        placed = self._placed
        position = bisect.bisect_right(placed, (offset, len(self.starts))) - 1
        if position < 0:
            return None
        start, index = placed[position]
        return index if offset <= start + len(self.paragraphs[index].text) else None

    @functools.cached_property
    def _placed(self) -> list[tuple[int, int]]:
        return sorted((start, index) for index, start in enumerate(self.starts) if start is not None)


def _translatable(paragraph: SourceParagraph) -> bool:
    return paragraph.translate and bool(paragraph.text.strip())


def layout_of(source: SourceDocument, data: bytes = b"", extract: str = "page") -> Layout:
    """The article text of ``source`` (read from ``data``) and each paragraph's place in it."""
    order = [i for i, p in enumerate(source.paragraphs) if p.role in BODY_ROLES] + [i for i, p in enumerate(source.paragraphs) if p.role not in BODY_ROLES]
    starts: list[int | None] = [None] * len(source.paragraphs)
    parts: list[str] = []
    length = 0
    for index in order:
        paragraph = source.paragraphs[index]
        if not _translatable(paragraph):
            continue
        if parts:
            parts.append(PARAGRAPH_SEPARATOR)
            length += len(PARAGRAPH_SEPARATOR)
        starts[index] = length
        parts.append(paragraph.text)
        length += len(paragraph.text)
    return Layout(source, "".join(parts), tuple(starts), data, extract)
