"""Progress on stderr (stdout carries data only): one bar over an archive run."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from translate.archive.summary import ArticleOutcome

__all__ = ["ArchiveBar", "PROGRESS_LINES_EVERY_S", "archive_bar"]

#: Seconds between plain progress lines when stderr is not a terminal.
PROGRESS_LINES_EVERY_S = 5.0


class ArchiveBar:
    """Articles done of the total, sentences decoded, their rate and the time left; ``log`` prints a
    line above the bar (or plainly, when there is no bar)."""

    def __init__(self, progress: Any | None, task: Any | None, console: Any | None, *, quiet: bool = False, total: int = 0, lines_every: float | None = None) -> None:
        self._progress, self._task, self._console = progress, task, console
        self._quiet = quiet
        self._sentences = 0
        self._articles = 0
        self._total = total
        self._started = self._last_line = time.perf_counter()
        #: Without a bar (stderr is not a terminal), a plain progress line this often (None: never).
        self._lines_every = lines_every

    def sentences(self, count: int) -> None:
        self._sentences += count
        if self._progress is not None:
            rate = self._sentences / max(1e-9, time.perf_counter() - self._started)
            self._progress.update(self._task, sentences=self._sentences, rate=rate)
        self._line()

    def article(self, outcome: ArticleOutcome) -> None:
        self._articles += 1
        if self._progress is not None:
            self._progress.advance(self._task, 1)
        self._line()

    def _line(self) -> None:
        now = time.perf_counter()
        if self._lines_every is None or now - self._last_line < self._lines_every:
            return
        self._last_line = now
        rate = self._sentences / max(1e-9, now - self._started)
        print(f"translating: {self._articles:,} of {self._total:,} articles done, {self._sentences:,} sentences, {rate:.1f} sentences/s", file=sys.stderr, flush=True)

    def log(self, line: str) -> None:
        if self._quiet:
            return
        if self._console is not None:
            self._console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=sys.stderr)


@contextmanager
def archive_bar(total_articles: int, *, show: bool | None, quiet: bool) -> Iterator[ArchiveBar]:
    """``show``: True always, False never, None when stderr is a terminal. ``quiet`` also drops the
    per-article lines (``log`` then prints nothing)."""
    visible = (sys.stderr.isatty() if show is None else show) and not quiet
    if not visible:
        # A log or a pipe still hears how far a long run is: a line every few seconds, unless asked not.
        yield ArchiveBar(None, None, None, quiet=quiet, total=total_articles, lines_every=PROGRESS_LINES_EVERY_S if show is None and not quiet else None)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    console = Console(stderr=True)
    columns = (
        TextColumn("translating"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("articles · {task.fields[sentences]} sentences · {task.fields[rate]:.1f}/s"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("archive", total=total_articles, sentences=0, rate=0.0)
        yield ArchiveBar(progress, task, console)
