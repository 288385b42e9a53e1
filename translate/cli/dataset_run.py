"""``translate run DATASET``: the dataset branch of the run command (options parsed by ``run_cmd``)."""

from __future__ import annotations

import time
from typing import Any

import typer

from translate.archive.run import RunSettings
from translate.cli import progress as progress_module
from translate.cli.app import EXIT_ERROR, report_error
from translate.datasets import DatasetOutcome, DatasetProgress, DatasetRequest, run_dataset
from translate.datasets.location import display_of

__all__ = ["run_datasets"]



class ProgressLines(DatasetProgress):
    """A line every few seconds: rows done (of the total where the format knows it), sentences, rate,
    time left."""

    def __init__(self, name: str, quiet: bool) -> None:
        self.name, self.quiet = name, quiet
        self.started = self.last = time.perf_counter()
        self.first_done: int | None = None

    def rows(self, done: int, total: int | None, sentences: int) -> None:
        now = time.perf_counter()
        if self.first_done is None:
            self.first_done = 0
        if self.quiet or now - self.last < progress_module.PROGRESS_LINES_EVERY_S:  # whether or not stderr is a terminal
            return
        self.last = now
        elapsed = now - self.started
        rate = sentences / elapsed if elapsed else 0.0
        line = f"{self.name}: {done:,} rows" + (f" of {total:,}" if total else "") + f", {sentences:,} sentences, {rate:.1f} sentences/s"
        if total and done:
            left = elapsed / max(done, 1) * max(total - done, 0)
            line += f", about {left / 60:.0f} min left" if left >= 90 else f", about {left:.0f} s left"
        typer.echo(line, err=True)


def run_datasets(
    sources: list[str], out: str, settings: RunSettings, *, text_field: str, id_field: str | None, title_field: str | None, pairs: bool, part_rows: int, quiet: bool, debug: bool,
    ray: tuple[str | None, int | None] | None = None,
) -> None:  # fmt: skip
    """Translate each dataset in turn (``ray``: on a pool of Ray actors, ``(address, workers)``);
    exit 1 when a row or a dataset failed (each said on stderr)."""
    from contextlib import nullcontext

    from translate.cli.app import EXIT_USAGE

    windows: Any = nullcontext()
    if ray is not None:
        from translate.distributed.ray_backend import RayUnavailable
        from translate.distributed.ray_datasets import RayWindows

        try:
            windows = RayWindows(settings, title=title_field is not None, pairs=pairs, address=ray[0], workers=ray[1])
        except RayUnavailable as error:
            report_error(error, debug)
            raise typer.Exit(EXIT_USAGE) from None
    with windows as pool:
        _run_each(sources, out, settings, pool, text_field=text_field, id_field=id_field, title_field=title_field, pairs=pairs, part_rows=part_rows, quiet=quiet, debug=debug)


def _run_each(sources: list[str], out: str, settings: RunSettings, windows: Any, *, text_field: str, id_field: str | None, title_field: str | None, pairs: bool, part_rows: int, quiet: bool, debug: bool) -> None:
    from translate.errors import TranslateError

    failed = False
    for source in sources:
        request = DatasetRequest(source, out, text_field=text_field, id_field=id_field, title_field=title_field, pairs=pairs, part_rows=part_rows)
        shown = [0]

        def on_error(error: TranslateError) -> None:
            shown[0] += 1
            if shown[0] <= 20:
                report_error(error, debug)
            elif shown[0] == 21:
                typer.echo("error: more rows failed: see the summary", err=True)

        try:
            outcome = run_dataset(request, settings, progress=ProgressLines(display_of(source), quiet), on_error=on_error, windows=windows)
        except TranslateError as error:
            if len(sources) == 1:
                raise
            report_error(error, debug)
            failed = True
            continue
        if outcome.stopped is not None:
            report_error(outcome.stopped, debug)
        failed = failed or bool(outcome.failed) or outcome.stopped is not None
        if not quiet:
            typer.echo(_said(outcome), err=True)
    if failed:
        raise typer.Exit(EXIT_ERROR)


def _said(outcome: DatasetOutcome) -> str:
    earlier = f", {outcome.earlier:,} done by an earlier run" if outcome.earlier else ""
    return (
        f"{outcome.source}: {outcome.translated:,} rows translated ({outcome.sentences:,} sentences, {outcome.flagged:,} flagged, "
        f"{outcome.terms_repaired:,} names repaired), {outcome.failed:,} failed{earlier} in {outcome.seconds:.1f} s → {outcome.output}/ (summary: {outcome.output}/_summary.tsv)"
    )
