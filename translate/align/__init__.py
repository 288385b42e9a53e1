"""Alignment: Arabic sentences with English sentences (beads), and words within a pair (attention).

``align_sentences`` pairs two sentence lists — a user's own English with the Arabic, or a hypothesis
with a reference; ``word_alignment`` links words of one translated pair through the model's
cross-attention.
"""

from __future__ import annotations

from translate.align.sentence import Bead, LengthModel, align_sentences, estimate_length_model
from translate.align.words import WordLink, alignment_error_rate, target_span, word_alignment

__all__ = ["Bead", "LengthModel", "WordLink", "align_sentences", "alignment_error_rate", "estimate_length_model", "target_span", "word_alignment"]
