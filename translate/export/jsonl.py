"""The canonical run file: a manifest record, then one record per pair."""

from __future__ import annotations

from translate.export.options import ExportOptions
from translate.records import Run, run_to_jsonl

__all__ = ["render"]


def render(run: Run, options: ExportOptions = ExportOptions()) -> str:
    # Locales do not apply: the canonical file records the run as it is.
    return run_to_jsonl(run)
