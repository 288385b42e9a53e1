"""A progress bar on stderr (stdout carries data only)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(description: str, *, quiet: bool) -> Iterator[Callable[[int], None]]:
    """Yield ``advance(n)``. The total is unknown up front (segmentation happens inside the run), so
    the bar counts sentences translated."""
    if quiet:
        yield lambda _n: None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} sentences"), TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task(description, total=None)
        yield lambda n: progress.advance(task, n)
