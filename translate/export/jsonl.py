"""The canonical run file: a manifest record, then one record per pair."""

from __future__ import annotations

from translate.records import Run, run_to_jsonl

__all__ = ["render"]


def render(run: Run) -> str:
    return run_to_jsonl(run)
