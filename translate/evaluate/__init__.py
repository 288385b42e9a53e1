"""Evaluation against references and post-edits: sacrebleu's BLEU, chrF, chrF++ and TER with their
signatures and bootstrap intervals, HTER and an edit summary, paired significance tests, and an HTML
report with a word-level diff.

Modules: ``side`` (one side of an evaluation), ``inputs`` (reading text, run JSONL, TSV, TMX, XLIFF), ``metrics`` (sacrebleu), ``hter``
(edit summary), ``qe`` (our quality score against HTER), ``evaluation`` (pairing/aligning and scoring), ``significance`` (paired tests),
``report`` (HTML).
"""

from __future__ import annotations

from translate.evaluate.evaluation import Evaluation, SegmentResult, Settings, evaluate, evaluation_to_json, pair_segments
from translate.evaluate.hter import EditSummary, EditedSegment, TermChange, summarise_edits
from translate.evaluate.inputs import FORMATS, HYP, MT_NOTE, REF, Side, decode_text, detect_format, read_post_edit_sides, read_side, split_lines
from translate.evaluate.metrics import (
    DEFAULT_BOOTSTRAP,
    JSON_KEYS,
    METRICS,
    CorpusScore,
    ScoreSet,
    TerStatistics,
    corpus_scores,
    parse_metrics,
    score_all,
    segment_scores,
)
from translate.evaluate.qe import QualityCorrelation, correlate_quality, estimate_quality, model_scores
from translate.evaluate.report import DiffOp, render_html, word_diff
from translate.evaluate.significance import TESTS, PairedComparison, SystemScore, compare_systems

__all__ = [
    "CorpusScore",
    "DEFAULT_BOOTSTRAP",
    "DiffOp",
    "EditSummary",
    "EditedSegment",
    "Evaluation",
    "FORMATS",
    "HYP",
    "JSON_KEYS",
    "METRICS",
    "MT_NOTE",
    "PairedComparison",
    "QualityCorrelation",
    "REF",
    "ScoreSet",
    "SegmentResult",
    "Settings",
    "Side",
    "SystemScore",
    "TESTS",
    "TerStatistics",
    "TermChange",
    "compare_systems",
    "corpus_scores",
    "correlate_quality",
    "decode_text",
    "detect_format",
    "estimate_quality",
    "evaluate",
    "evaluation_to_json",
    "model_scores",
    "pair_segments",
    "parse_metrics",
    "read_post_edit_sides",
    "read_side",
    "render_html",
    "score_all",
    "segment_scores",
    "split_lines",
    "summarise_edits",
    "word_diff",
]
