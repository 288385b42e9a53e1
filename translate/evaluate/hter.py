"""HTER and the edit summary: what post-editors did to our MT.

HTER (Snover et al. 2006) is TER with the post-edit of the MT output as the reference: the share of the
post-edit's words that had to be inserted, deleted, substituted or shifted. We use sacrebleu's TER with
its defaults (case-insensitive, tercom tokenisation), so corpus HTER equals the ``ter`` score of
``translate eval MT POSTEDIT`` and the command line's ``sacrebleu POSTEDIT -i MT -m ter``.

The numbers hide what editors did; the summary shows it: the segments changed most, the glossary terms
our output contained that editors removed or replaced, and the share of segments left untouched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sacrebleu.metrics import TER

from translate.evaluate.metrics import TerStatistics, ter_statistics

__all__ = ["DEFAULT_MOST_CHANGED", "EditSummary", "EditedSegment", "TermChange", "summarise_edits"]

#: How many of the most-changed segments the summary lists.
DEFAULT_MOST_CHANGED = 10


@dataclass(frozen=True)
class EditedSegment:
    """One MT segment against its post-edit: ``hter`` 0–100+ (TER can exceed 100), ``edits`` the
    number of word edits (shifts included), ``ref_words`` the post-edit's length in TER's words."""

    index: int
    hypothesis: str
    reference: str
    hter: float
    edits: int
    ref_words: float


@dataclass(frozen=True)
class TermChange:
    """A glossary form our MT contained in segment ``index`` that the post-edit no longer has."""

    index: int
    required: str
    hypothesis: str
    reference: str


@dataclass(frozen=True)
class EditSummary:
    corpus_hter: float
    signature: str
    total: int
    untouched: int
    segments: tuple[EditedSegment, ...]
    most_changed: tuple[EditedSegment, ...]
    term_changes: tuple[TermChange, ...]
    terms_checked: int

    @property
    def untouched_share(self) -> float:
        """Share (0–1) of segments whose post-edit equals the MT exactly."""
        return self.untouched / self.total if self.total else 0.0


def _contains(text: str, form: str) -> bool:
    # Whole-word, case-sensitive: "Lavrov" is not satisfied by "Lavrova", and editors changing the
    # case of a name ("al-Assad" → "Al-Assad") did change the term.
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) is not None


def summarise_edits(
    hypotheses: Sequence[str],
    references: Sequence[str],
    terms: Sequence[Sequence[str]] | None = None,
    most_changed: int = DEFAULT_MOST_CHANGED,
    ter: TerStatistics | None = None,
) -> EditSummary:
    """HTER per segment and corpus, and what editors changed. ``terms`` holds, per segment, the
    glossary's required English forms (from a run file or our XLIFF); ``None`` skips the term check.
    ``ter`` passes TER statistics already extracted for these pairs (:func:`metrics.score_all`)."""
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} references")
    if ter is None:
        ter = ter_statistics(hypotheses, references)
    scorer = TER()
    corpus = scorer._aggregate_and_compute([list(row) for row in ter.rows]) if ter.rows else None
    edited: list[EditedSegment] = []
    for index, (hypothesis, reference) in enumerate(zip(hypotheses, references)):
        score = scorer._compute_score_from_stats(ter.rows[index])
        edited.append(EditedSegment(index, hypothesis, reference, float(score.score), int(score.num_edits), float(score.ref_length)))
    untouched = sum(1 for hypothesis, reference in zip(hypotheses, references) if hypothesis == reference)
    # Most changed first; ties broken by absolute edits, then by document order (stable).
    ranked = sorted((segment for segment in edited if segment.edits > 0), key=lambda s: (-s.hter, -s.edits, s.index))
    changes: list[TermChange] = []
    checked = 0
    if terms is not None:
        for index, forms in enumerate(terms[: len(hypotheses)]):
            for form in dict.fromkeys(forms):
                if not form or not _contains(hypotheses[index], form):
                    continue
                checked += 1
                if not _contains(references[index], form):
                    changes.append(TermChange(index, form, hypotheses[index], references[index]))
    return EditSummary(
        corpus_hter=float(corpus.score) if corpus is not None else 0.0,
        signature=ter.signature,
        total=len(hypotheses),
        untouched=untouched,
        segments=tuple(edited),
        most_changed=tuple(ranked[:most_changed]),
        term_changes=tuple(changes),
        terms_checked=checked,
    )
