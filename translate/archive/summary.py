"""What happened to each article of an archive run, and ``run-summary.tsv``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from translate.errors import TranslateError
from translate.records import Run

__all__ = ["STATUSES", "SUMMARY_COLUMNS", "SUMMARY_NAME", "ArticleOutcome", "summary_tsv"]

#: ``translated``; ``skipped`` (done by an earlier run, nothing rewritten); ``exported`` (done earlier,
#: missing formats rendered from its run file); ``failed`` (the error says why).
STATUSES = ("translated", "skipped", "exported", "failed")
SUMMARY_NAME = "run-summary.tsv"
SUMMARY_COLUMNS = ("path", "output", "status", "segments", "flagged", "terms_repaired", "seconds", "error")


@dataclass(frozen=True)
class ArticleOutcome:
    """One input's outcome. ``run`` is the translation (or the earlier one, when skipped), ``written``
    the files this run wrote, ``seconds`` the article's share of decoding time."""

    path: Path
    status: str
    name: Path | None = None
    run: Run | None = None
    written: tuple[Path, ...] = ()
    seconds: float = 0.0
    error: TranslateError | None = None

    @property
    def segments(self) -> int:
        return len(self.run.pairs) if self.run else 0

    @property
    def flagged(self) -> int:
        return sum(1 for pair in self.run.pairs if pair.quality is not None and pair.quality.flags) if self.run else 0

    @property
    def terms_repaired(self) -> int:
        return sum(1 for pair in self.run.pairs for term in pair.terms if term.status in ("repaired", "forced")) if self.run else 0


def _cell(value: object) -> str:
    return re.sub(r"[\t\r\n]+", " ", str(value))


def summary_tsv(outcomes: Iterable[ArticleOutcome]) -> str:
    """A header, then one row per article."""
    rows = ["\t".join(SUMMARY_COLUMNS)]
    for outcome in outcomes:
        rows.append(
            "\t".join(
                _cell(value)
                for value in (
                    outcome.path,
                    outcome.name if outcome.name is not None else "",
                    outcome.status,
                    outcome.segments,
                    outcome.flagged,
                    outcome.terms_repaired,
                    f"{outcome.seconds:.2f}",
                    str(outcome.error) if outcome.error is not None else "",
                )
            )
        )
    return "\n".join(rows) + "\n"
