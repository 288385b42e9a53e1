"""The one record every document format reads into and writes back from: a paragraph of runs.

A document format (``docx``, ``odt``, ``html``) knows how to read its file into
:class:`SourceParagraph` s and how to rebuild the same file from :class:`TargetParagraph` s — nothing
about translation. Between the two, :mod:`translate.formats.layout` joins the paragraphs' plain text
into the article the segmenter sees (exactly what a ``.txt`` holding the paragraphs would give), and
:mod:`translate.formats.transfer` carries each run's formatting onto the English.

A paragraph's ``text`` is what a reader sees, in order: runs split it into stretches of one look
(``key``), and ``objects`` are the non-text things that sit between its characters (an inline image, a
footnote reference, a tab). Keys are the format's own: an index into whatever the format keeps to
rebuild a run (its ``w:rPr`` and the hyperlink around it, an ODT ``text:span`` style, an HTML element
path). Two runs with the same key look the same; the transfer never invents a key.

The reader and the writer walk the file in the same order, so the writer finds each paragraph again
by its position: ``paragraphs[i]`` of :meth:`DocumentFormat.write` replaces the ``i``-th paragraph the
reader returned (the writer re-parses the original bytes; no parser objects cross the boundary).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

__all__ = [
    "DocumentFormat",
    "InlineObject",
    "ROLES",
    "RunSpan",
    "SourceDocument",
    "SourceParagraph",
    "TargetParagraph",
]

#: Where a paragraph sits; ``meta`` is document metadata (title, subject, ``<title>``, meta
#: description), ``alt`` image alt text and titles, ``attribute`` other reader-visible attributes.
ROLES = ("body", "table", "header", "footer", "footnote", "endnote", "textbox", "comment", "caption", "alt", "meta", "attribute")


@dataclass(frozen=True)
class RunSpan:
    """Characters ``[start, end)`` of a paragraph's text, in the look ``key``."""

    start: int
    end: int
    key: int


@dataclass(frozen=True)
class InlineObject:
    """A non-text inline thing at ``offset`` (it sits before ``text[offset]``); ``key`` is the
    format's own handle to rebuild it."""

    offset: int
    key: int


@dataclass(frozen=True)
class SourceParagraph:
    """One paragraph as the reader sees it.

    ``runs`` cover ``text`` from 0 to ``len(text)`` in order, without gaps or overlaps (an empty
    paragraph has none). ``heading`` is the outline level the document gives it (1 for a title or
    ``Heading 1``/``<h1>``, 0 for none): a hint for the block kind, never a reason to segment
    differently. ``translate`` is false for text that must be kept as it is (code, a formula)."""

    text: str
    runs: tuple[RunSpan, ...]
    role: str = "body"
    objects: tuple[InlineObject, ...] = ()
    heading: int = 0
    translate: bool = True


@dataclass(frozen=True)
class TargetParagraph:
    """The English of one paragraph: the same contract as :class:`SourceParagraph` (runs cover the
    text), with keys taken from the source paragraph's runs and objects."""

    text: str
    runs: tuple[RunSpan, ...]
    objects: tuple[InlineObject, ...] = ()


@dataclass(frozen=True)
class SourceDocument:
    """What a reader returns: the paragraphs in reading order and the notes a run summary shows
    (``macros dropped``)."""

    format: str
    paragraphs: tuple[SourceParagraph, ...]
    notes: tuple[str, ...] = field(default=())


class DocumentFormat(Protocol):
    """One document format: read its bytes into paragraphs, write the English back into a copy."""

    #: The format's name (``docx``), as in the manifest.
    name: str
    #: The file suffixes it reads (``.docx``, ``.docm``).
    suffixes: tuple[str, ...]

    def read(self, data: bytes, path: str) -> SourceDocument:
        """The paragraphs of ``data``; a file that cannot be read is an
        :class:`~translate.errors.InputError` naming ``path`` and the fix."""
        ...

    def write(self, data: bytes, paragraphs: list[TargetParagraph | None], path: str) -> bytes:
        """``data`` (the original file) with paragraph ``i`` replaced by ``paragraphs[i]`` (None: kept
        as it is), turned into a left-to-right English document: direction, alignment that only came
        from right-to-left, languages and complex-script settings become their English equivalents."""
        ...
