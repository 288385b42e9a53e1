"""The English article as plain text, with the Arabic original's block structure."""

from __future__ import annotations

from translate.export.clean import clean_text
from translate.export.options import ExportOptions
from translate.records import Run, english_document

__all__ = ["render"]


def render(run: Run, options: ExportOptions = ExportOptions()) -> str:
    # Cleaned like every other export, so all formats of one run carry the same text.
    return clean_text(english_document(run))
