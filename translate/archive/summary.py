"""What happened to each article of an archive run, and ``run-summary.tsv``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from translate.errors import TranslateError
from translate.records import Run

__all__ = ["STATUSES", "SUMMARY_COLUMNS", "SUMMARY_NAME", "ArticleOutcome", "merge_summary", "summary_tsv", "write_summary"]

#: ``translated``; ``skipped`` (done by an earlier run, nothing rewritten); ``exported`` (done earlier,
#: missing formats rendered from its run file); ``failed`` (the error says why).
STATUSES = ("translated", "skipped", "exported", "failed")
SUMMARY_NAME = "run-summary.tsv"
#: ``tm_reused`` (segments whose English came from the translation memory) was added last, after
#: ``error``, so scripts that read the earlier columns by position keep working.
#: ``notes`` (what reading a document changed: ``macros dropped``, ``tracked changes accepted``) after it.
SUMMARY_COLUMNS = ("path", "output", "status", "segments", "flagged", "terms_repaired", "seconds", "error", "tm_reused", "notes")


@dataclass(frozen=True)
class ArticleOutcome:
    """One input's outcome. ``run`` is the translation (or the earlier one, when skipped), ``written``
    the files this run wrote, ``seconds`` the article's share of decoding time; the counts are taken
    from the run when the outcome is made, so :meth:`without_run` keeps a summary row small."""

    path: Path
    status: str
    name: Path | None = None
    run: Run | None = None
    written: tuple[Path, ...] = ()
    seconds: float = 0.0
    error: TranslateError | None = None
    segments: int = 0
    flagged: int = 0
    terms_repaired: int = 0
    #: Segments whose English was reused from the translation memory.
    tm_reused: int = 0
    #: What reading the document changed (``macros dropped; tracked changes accepted``).
    notes: str = ""

    @classmethod
    def of(cls, path: Path, status: str, name: Path | None, run: Run, written: tuple[Path, ...] = (), seconds: float = 0.0) -> ArticleOutcome:
        return cls(
            path,
            status,
            name,
            run,
            written,
            seconds,
            None,
            len(run.pairs),
            sum(1 for pair in run.pairs if pair.quality is not None and pair.quality.flags),
            sum(1 for pair in run.pairs for term in pair.terms if term.status in ("repaired", "forced")),
            sum(1 for pair in run.pairs if pair.origin == "tm"),
            "; ".join(run.manifest.document.get("notes", ())) if run.manifest.document else "",
        )

    def without_run(self) -> ArticleOutcome:
        """The same outcome without its run: what a summary of 100,000 articles keeps in memory."""
        return replace(self, run=None)


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
                    outcome.tm_reused,
                    outcome.notes,
                )
            )
        )
    return "\n".join(rows) + "\n"


def merge_summary(existing: str, new: str) -> str:
    """``existing``'s rows with ``new``'s over them (a row per input path; an article run again gets its
    new row in its old place, other articles are kept, new ones come last). A summary with other
    columns (another version's) is replaced."""
    old_lines, new_lines = existing.splitlines(), new.splitlines()
    header = new_lines[0]
    if not old_lines or old_lines[0] != header:
        return new
    fresh = {line.split("\t", 1)[0]: line for line in new_lines[1:]}
    rows = []
    for line in old_lines[1:]:
        path = line.split("\t", 1)[0]
        rows.append(fresh.pop(path, line))
    rows.extend(fresh.values())
    return "\n".join([header, *rows]) + "\n"


def write_summary(out_dir: Path, outcomes: Iterable[ArticleOutcome]) -> Path:
    """Write ``out_dir/run-summary.tsv`` atomically, merged with the rows already there under a lock on
    the folder, so two runs into one ``--out`` at once both keep their rows."""
    import contextlib
    import os

    from translate.atomic import write_atomic

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / SUMMARY_NAME
    new = summary_tsv(outcomes)
    with contextlib.ExitStack() as stack:
        try:
            import fcntl

            descriptor = os.open(out_dir, os.O_RDONLY)
            stack.callback(os.close, descriptor)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            stack.callback(fcntl.flock, descriptor, fcntl.LOCK_UN)
        except (ImportError, OSError):
            pass  # no folder locks here (Windows): the last run's merge wins over a concurrent one
        try:
            existing = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            existing = ""
        write_atomic(path, merge_summary(existing, new))
    return path
