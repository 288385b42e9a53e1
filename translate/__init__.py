"""translate — an offline Arabic→English translation workbench for news.

Pipeline stages, one module (or package) each: ``document`` (reading) → ``segment`` → ``glossary`` →
``engines`` (MarianMT) → ``enforce`` → ``quality`` / ``align`` → ``export`` → ``evaluate``.
Importing this package does no work: no model loading, no folder creation, no logging setup.
"""

from __future__ import annotations

__version__ = "0.1.0"

from translate.document import Block, BlockKind, Document, parse_document, read_document
from translate.errors import (
    EncodingError,
    GlossaryError,
    InputError,
    ModelError,
    ModelNotAvailable,
    OutputError,
    RecordError,
    TranslateError,
)
from translate.records import Manifest, Pair, QualityScore, Run, TermReport, read_run
from translate.segment import Segment, segment_document, split_sentences

__all__ = [
    "Block",
    "BlockKind",
    "Document",
    "EncodingError",
    "GlossaryError",
    "InputError",
    "Manifest",
    "ModelError",
    "ModelNotAvailable",
    "OutputError",
    "Pair",
    "QualityScore",
    "RecordError",
    "Run",
    "Segment",
    "TermReport",
    "TranslateError",
    "__version__",
    "parse_document",
    "read_document",
    "read_run",
    "segment_document",
    "split_sentences",
]
