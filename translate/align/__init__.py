"""Alignment: Arabic sentences with English sentences (beads), and words within a pair (attention).

``align_sentences`` pairs two sentence lists — a user's own English with the Arabic, or a hypothesis
with a reference; ``word_alignment`` links words of one translated pair through the model's
cross-attention.
"""

from __future__ import annotations

from translate.align.sentence import Bead, LengthModel, align_sentences, estimate_length_model

__all__ = ["Bead", "LengthModel", "align_sentences", "estimate_length_model"]
