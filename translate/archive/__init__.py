"""Translating an archive: many articles, one sentence stream, nothing overwritten.

- :mod:`translate.archive.walk` — which files are inputs, and the output tree that mirrors them;
- :mod:`translate.archive.resume` — when a finished article is skipped;
- :mod:`translate.archive.run` — the run itself, window by window through :func:`translate.pipeline.translate_window`;
- :mod:`translate.archive.summary` — one outcome per article and ``run-summary.tsv``.
"""

from __future__ import annotations

from translate.archive.run import ArchiveProgress, RunSettings, build_engine, run_archive
from translate.archive.summary import SUMMARY_NAME, ArticleOutcome, summary_tsv
from translate.archive.walk import DEFAULT_GLOB, ArchiveInput, ArchiveInputs, walk_inputs

__all__ = [
    "DEFAULT_GLOB",
    "SUMMARY_NAME",
    "ArchiveInput",
    "ArchiveInputs",
    "ArchiveProgress",
    "ArticleOutcome",
    "RunSettings",
    "build_engine",
    "run_archive",
    "summary_tsv",
    "walk_inputs",
]
