"""Progress on stderr (stdout carries data only): one bar over an archive run on a terminal; plain
lines (or JSON lines, for tools) every few seconds elsewhere — a cron job, CI, ``nohup`` — from a
heartbeat, so a model load or a long window is never silence."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from translate.archive.summary import ArticleOutcome

__all__ = ["MODES", "ArchiveBar", "PROGRESS_LINES_EVERY_S", "archive_bar"]

#: ``--progress``: auto (a bar on a terminal, else lines), bar, lines, json, none.
MODES = ("auto", "bar", "lines", "json", "none")

#: Seconds between plain progress lines when stderr is not a terminal.
PROGRESS_LINES_EVERY_S = 5.0


class ArchiveBar:
    """Articles done of the total, sentences decoded, their rate and the time left; ``log`` prints a
    line above the bar (or plainly, when there is no bar)."""

    def __init__(self, progress: Any | None, task: Any | None, console: Any | None, *, quiet: bool = False, total: int = 0, lines_every: float | None = None, as_json: bool = False) -> None:
        self._progress, self._task, self._console = progress, task, console
        self._quiet = quiet
        self._sentences = 0
        self._articles = 0
        self._total = total
        self._started = self._last_line = time.perf_counter()
        #: Without a bar (stderr is not a terminal), a progress line this often (None: never).
        self._lines_every = lines_every
        self._json = as_json
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._heart: threading.Thread | None = None
        if lines_every is not None:
            # A heartbeat: a line even while nothing finishes (a model converting, a long window).
            self._heart = threading.Thread(target=self._beat, name="progress", daemon=True)
            self._heart.start()

    def _beat(self) -> None:
        assert self._lines_every is not None
        while not self._stop.wait(max(0.05, self._lines_every)):
            self._line(force=True)

    def close(self) -> None:
        self._stop.set()
        if self._heart is not None:
            self._heart.join(timeout=5)
        # The last word, when there was a run to speak of (an error before the first article is its
        # own one line) — and always for tools, which wait for "done".
        if self._lines_every is not None and (self._articles or self._json):
            self._line(force=True, final=True)

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

    def _line(self, force: bool = False, final: bool = False) -> None:
        with self._lock:
            now = time.perf_counter()
            if self._lines_every is None or (not force and now - self._last_line < self._lines_every):
                return
            self._last_line = now
            elapsed = max(1e-9, now - self._started)
            rate = self._sentences / elapsed
            left = None
            if self._articles and self._total > self._articles:
                left = (self._total - self._articles) * elapsed / self._articles
            if self._json:
                record = {"articles": self._articles, "total": self._total, "sentences": self._sentences, "rate": round(rate, 2), "elapsed_s": round(elapsed, 1), "eta_s": round(left, 1) if left is not None else None, "done": final}
                print(json.dumps(record), file=sys.stderr, flush=True)
                return
            eta = f", about {_duration(left)} left" if left is not None else ""
            print(f"translating: {self._articles:,} of {self._total:,} articles done, {self._sentences:,} sentences, {rate:.1f} sentences/s, {_duration(elapsed)} elapsed{eta}", file=sys.stderr, flush=True)

    def log(self, line: str) -> None:
        if self._quiet:
            return
        if self._console is not None:
            self._console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=sys.stderr)


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s"


@contextmanager
def archive_bar(total_articles: int, *, quiet: bool = False, mode: str = "auto") -> Iterator[ArchiveBar]:
    """``mode`` (:data:`MODES`): ``auto`` a bar when stderr is a terminal, else a plain line every
    :data:`PROGRESS_LINES_EVERY_S`; ``bar``, ``lines``, ``json`` (one JSON object a line), ``none``.
    ``quiet`` drops the per-article lines and, in ``auto``, the progress lines too."""
    if mode == "auto":
        mode = "bar" if sys.stderr.isatty() else "lines"
        if quiet:
            mode = "none"
    if mode != "bar":
        bar = ArchiveBar(None, None, None, quiet=quiet, total=total_articles, lines_every=PROGRESS_LINES_EVERY_S if mode in ("lines", "json") else None, as_json=mode == "json")
        try:
            yield bar
        finally:
            bar.close()
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
