"""Tab-separated pairs: ``id``, ``ar``, ``en`` with a header row.

Fields are quoted the way spreadsheet programs and Python's ``csv`` read them back: a field holding a
tab, a newline or a double quote is wrapped in double quotes with inner quotes doubled.
"""

from __future__ import annotations

import csv
import io

from translate.records import Run

__all__ = ["HEADER", "read_pairs", "render"]

HEADER = ("id", "ar", "en")


def render(run: Run) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(HEADER)
    for pair in run.pairs:
        writer.writerow((pair.id, pair.source, pair.target))
    return buffer.getvalue()


def read_pairs(text: str) -> list[tuple[str, str, str]]:
    """Rows of a TSV written by :func:`render` (header skipped)."""
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    return [tuple(row) for row in rows[1:]]  # type: ignore[misc]
