"""``translate run``: articles in, aligned English pairs and exports out."""

from __future__ import annotations

import logging
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from translate.cli.app import EXIT_ERROR, EXIT_USAGE, app, report_error
from translate.cli.options import (
    BeamOption,
    DEFAULT_ENGINE_NAME,
    Device,
    DeviceOption,
    EncodingOption,
    EngineName,
    EngineOption,
    GlossaryOption,
    ModelOption,
    QuantizationOption,
    QuietOption,
    RevisionOption,
)
from translate.archive.walk import DEFAULT_GLOB
from translate.cli.progress import MODES as PROGRESS_MODES
from translate.engines.base import DEFAULT_BEAM_SIZE, DecodingSettings
from translate.records import Run


class ExtractMode(str, Enum):
    PAGE = "page"
    ARTICLE = "article"

logger = logging.getLogger(__name__)


class Backend(str, Enum):
    LOCAL = "local"
    RAY = "ray"


#: ``--progress``'s choices, as translate.cli.progress takes them.
ProgressMode = Enum("ProgressMode", [(mode.upper(), mode) for mode in PROGRESS_MODES], type=str)



class TokenScores(str, Enum):
    NEEDED = "needed"
    ALL = "all"
    NONE = "none"


@app.command("run")
def run_command(
    ctx: typer.Context,
    inputs: Annotated[list[str] | None, typer.Argument(help="Arabic articles: files and folders (walked recursively for --glob), one article per file; or datasets (.jsonl, .jsonl.gz, .parquet, .csv, .tsv, a folder of parts with --text-field, s3:// gs:// az:// URIs), one article per row.")] = None,
    out: Annotated[str, typer.Option("--out", "-o", help="Folder for the outputs (created if missing); they mirror the inputs' folders. A dataset's may be an s3:// gs:// az:// URI.")] = "out",
    glob: Annotated[str, typer.Option("--glob", help="Which files of an input folder are articles: shell patterns on the file name, comma-separated (default: .txt and the documents translate reads).")] = DEFAULT_GLOB,
    files_from: Annotated[typer.FileText | None, typer.Option("--files-from", help="A file listing input paths, one a line ('-': standard input).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Translate articles again even where a matching earlier run's outputs exist.")] = False,
    model: ModelOption = None,
    revision: RevisionOption = None,
    engine_name: EngineOption = DEFAULT_ENGINE_NAME,
    quantization: QuantizationOption = None,
    beam: BeamOption = DEFAULT_BEAM_SIZE,
    device: DeviceOption = Device.AUTO,
    formats: Annotated[str, typer.Option("--format", "-f", help="Comma-separated outputs: jsonl, txt, tsv, html, tmx, xliff, docx, md, and doc — the translated document itself for .docx/.odt/.html inputs (NAME.en.docx…); jsonl is always written.")] = "jsonl,txt,tsv,doc",
    extract: Annotated[ExtractMode, typer.Option("--extract", help="Web pages: translate the whole page, structure kept (page), or pull the article out first — headline, byline, date, body (article).", case_sensitive=False)] = ExtractMode.PAGE,
    encoding: EncodingOption = None,
    glossary_paths: GlossaryOption = None,
    token_scores: Annotated[TokenScores, typer.Option("--token-scores", help="ct2: which sentences get every token scored, on top of the decoder's mean log-probability: needed (those near the low-confidence threshold, and glossary repairs), all, or none.", case_sensitive=False)] = TokenScores.NEEDED,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the translation cache (TRANSLATE_CACHE).")] = False,
    progress_mode: Annotated[ProgressMode, typer.Option("--progress", help="auto (a bar on a terminal, else a line every 5 s), bar, lines, json (one JSON object a line, for tools) or none.", case_sensitive=False)] = ProgressMode.AUTO,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="No progress (as --progress none).")] = False,
    backend: Annotated[Backend, typer.Option("--backend", help="local: this process; ray: a Ray cluster (pip install -e '.\\[ray]').")] = Backend.LOCAL,
    ray_address: Annotated[str | None, typer.Option("--ray-address", help="Join this Ray cluster (auto, or host:port; default $RAY_ADDRESS, else a local Ray for the run).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Ray actors (default: one per CPU of the cluster).")] = None,
    tm: Annotated[Path | None, typer.Option("--tm", help="Reuse this translation memory's exact matches and attach its fuzzy ones (see `translate tm`).", dir_okay=False)] = None,
    use_tm: Annotated[bool, typer.Option("--use-tm", help="Use the default translation memory ($TRANSLATE_TM, else memory.sqlite3 beside the translation cache).")] = False,
    tm_min: Annotated[int, typer.Option("--tm-min", min=1, max=99, help="Lowest fuzzy score attached as a suggestion.")] = 75,
    text_field: Annotated[str | None, typer.Option("--text-field", help="Datasets: the field holding each row's article (default: text).")] = None,
    id_field: Annotated[str | None, typer.Option("--id-field", help="Datasets: the field holding each row's id (unique; default: the row number).")] = None,
    title_field: Annotated[str | None, typer.Option("--title-field", help="Datasets: a field holding a title, translated into title_en.")] = None,
    pairs: Annotated[bool, typer.Option("--pairs", help="Datasets: also write OUT/NAME.pairs/, one row per sentence pair.")] = False,
    part_rows: Annotated[int, typer.Option("--part-rows", min=1, help="Datasets: rows per output part (a rerun after a crash redoes at most one part).")] = 1000,
    quiet: QuietOption = False,
) -> None:
    """Translate Arabic articles — one file, a day's wire or a whole archive — as one sentence stream.

    Per article: NAME.jsonl (canonical pairs + manifest), NAME.en.txt, NAME.tsv and any other --format,
    in --out under the article's path relative to the inputs' common folder; then OUT/run-summary.tsv,
    one row per article. A rerun skips articles already done with the same input, model, engine,
    decoding and glossary (nothing is rewritten). A bad input is a row with its error; the others are
    still translated, and the exit code is 1.

    A dataset (JSONL, Parquet, CSV; local or s3://…) gives OUT/NAME/part-*.<its format>: every input
    column, then text_en, quality_mean, flagged, terms_repaired, error; a rerun finishes the rows not
    yet done.

    Examples: translate run article.txt --glossary glossary/ ·
    translate run archive/ --out out/ · find wire -name '*.txt' | translate run --files-from - ·
    translate run scrape.jsonl.gz --text-field body --id-field url --out s3://bucket/en/"""
    from translate.archive import SUMMARY_NAME, RunSettings, run_archive, walk_inputs
    from translate.archive.summary import write_summary
    from translate.cli.options import resolve_model_option
    from translate.cli.progress import archive_bar
    from translate.errors import InputError
    from translate.export import parse_formats

    try:
        format_names = parse_formats(formats)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--format") from None
    if token_scores is TokenScores.NONE and engine_name is not EngineName.CT2:
        raise typer.BadParameter("only the ct2 engine can take scores from decoding alone (torch scores every token as it decodes); drop it or use --engine ct2", param_hint="--token-scores")
    if not inputs and files_from is None:
        raise typer.BadParameter("give articles (files or folders) or --files-from LIST", param_hint="INPUTS")
    from translate.datasets import is_dataset, is_uri

    # --text-field says every input is a dataset (a folder of parts, or a path that is not there:
    # the dataset reader then says so).
    datasets = [item for item in inputs or [] if is_dataset(item) or text_field is not None]
    if datasets and (len(datasets) != len(inputs or []) or files_from is not None):
        raise typer.BadParameter("translate datasets and article files in separate runs", param_hint="INPUTS")
    if not datasets and (is_uri(out) or any(v is not None for v in (text_field, id_field, title_field)) or pairs):
        raise typer.BadParameter("--text-field, --id-field, --title-field, --pairs and an --out URI are for datasets (.jsonl, .parquet, .csv, .tsv)", param_hint="INPUTS")
    settings = RunSettings(
        model=resolve_model_option(model),
        out_dir=Path(out) if not is_uri(out) else Path("."),
        formats=format_names,
        engine=engine_name.value,
        revision=revision,
        quantization=quantization,
        decoding=DecodingSettings(beam_size=beam, device=device.value, token_scores=token_scores.value),
        encoding=encoding,
        glossary_paths=tuple(glossary_paths or ()),
        use_cache=not no_cache,
        force=force,
        tm_path=tm if tm is not None else (_default_tm() if use_tm else None),
        tm_min=tm_min,
        extract=extract.value,
    )
    debug = bool(ctx.meta.get("translate.debug"))
    if inputs == ["-"]:
        # By name: Typer may bring its own copy of click's ParameterSource.
        to_folder = getattr(ctx.get_parameter_source("out"), "name", "DEFAULT") != "DEFAULT"
        return _run_stdin(settings, Path(out) if to_folder else None, quiet=quiet)
    if "-" in (inputs or []):
        raise typer.BadParameter("'-' (standard input) is the only input when given", param_hint="INPUTS")
    if datasets:
        from translate.cli.dataset_run import run_datasets

        return run_datasets(
            datasets, out, settings, text_field=text_field or "text", id_field=id_field, title_field=title_field, pairs=pairs, part_rows=part_rows, quiet=quiet, debug=debug,
            ray=(ray_address, workers) if backend is Backend.RAY else None,
        )  # fmt: skip
    out_dir = Path(out)
    items = walk_inputs([Path(item) for item in inputs or []], out_dir, files_from=files_from.read().splitlines() if files_from is not None else (), glob=glob)
    total = len(items)  # one walk to count (paths only); the run walks again, lazily
    if not total:
        raise InputError(", ".join(map(str, inputs or [])) or "--files-from", f"holds no file matching {glob!r}", "check the paths, or pass --glob for other file names")
    outcomes = []
    if backend is Backend.RAY:
        from translate.distributed.ray_backend import RayUnavailable, run_archive_ray

        def stream(bar):
            try:
                yield from run_archive_ray(items, settings, address=ray_address, workers=workers)
            except RayUnavailable as error:
                report_error(error, debug)
                raise typer.Exit(EXIT_USAGE) from None
    else:

        def stream(bar):
            return run_archive(items, settings, progress=bar)

    try:
        with archive_bar(total, quiet=quiet, mode="none" if no_progress else progress_mode.value) as bar:
            for outcome in stream(bar):
                outcomes.append(outcome.without_run())  # the summary keeps counts, not every run
                bar.article(outcome)
                if outcome.error is not None:
                    report_error(outcome.error, debug)
                elif outcome.run is not None:
                    bar.log(_summary(outcome.path, outcome.status, outcome.run, outcome.written))
    finally:
        if outcomes:
            order = {str(item.path): index for index, item in enumerate(items)}
            outcomes.sort(key=lambda o: order.get(str(o.path), len(order)))
            write_summary(out_dir, outcomes)  # merged with the rows of other runs into the same --out
    failures = sum(1 for outcome in outcomes if outcome.status == "failed")
    if not quiet and len(outcomes) > 1:
        counts = {status: sum(1 for o in outcomes if o.status == status) for status in ("translated", "skipped", "exported", "failed")}
        typer.echo(f"{len(outcomes)} articles: " + ", ".join(f"{n} {status}" for status, n in counts.items()) + f" → {out_dir / SUMMARY_NAME}", err=True)
    if failures:
        # A bug in one article (ArticleFailed, 70) outranks a bad input (1): both are in the summary.
        raise typer.Exit(max((outcome.error.exit_code for outcome in outcomes if outcome.error is not None), default=EXIT_ERROR))


def _run_stdin(settings: RunSettings, out_dir: Path | None, *, quiet: bool) -> None:
    """``translate run -``: one article from standard input; its English on standard output (the
    article's blocks kept), or, with ``--out``, the outputs of ``stdin.*`` there."""
    import sys

    from translate.archive.run import build_engine, build_matcher, build_memory
    from translate.document import document_from_bytes
    from translate.pipeline import translate_document
    from translate.records import english_document

    document = document_from_bytes(sys.stdin.buffer.read(), "<stdin>", settings.encoding)
    run = translate_document(document, build_engine(settings), glossary=build_matcher(settings), memory=build_memory(settings), tm_min=settings.tm_min)
    if out_dir is None:
        sys.stdout.write(english_document(run))
        sys.stdout.flush()
        return
    from translate.export import export_run

    written = export_run(run, out_dir, "stdin", settings.formats)
    if not quiet:
        typer.echo(_summary(Path("<stdin>"), "translated", run, tuple(written)), err=True)


def _default_tm() -> Path:
    from translate.tm import default_tm_path

    return default_tm_path()


def _summary(path: Path, status: str, run: Run, written: tuple[Path, ...]) -> str:
    if status == "skipped":
        return f"{path}: done earlier with the same input, model and settings; nothing rewritten"
    if status == "exported":
        return f"{path}: done earlier; missing formats rendered from its run file → " + ", ".join(str(item) for item in written)
    translated = sum(1 for pair in run.pairs if not pair.passthrough and pair.origin != "tm")
    reused = sum(1 for pair in run.pairs if pair.origin == "tm")
    flagged = sum(1 for pair in run.pairs if pair.quality is not None and pair.quality.flags)
    lines = [
        f"{path}: {len(run.pairs)} segments ({translated} translated, " + (f"{reused} reused from the memory, " if run.manifest.tm is not None else "") + f"{len(run.pairs) - translated - reused} passed through, "
        f"{flagged} flagged for review) → " + ", ".join(str(item) for item in written)
    ]
    if run.manifest.glossary is not None:
        from translate.enforce import summarize_terms

        # Terms of memory translations are checked, not enforced: summarize_terms counts the enforced.
        lines.append(f"{path}: " + summarize_terms([term.status for pair in run.pairs for term in pair.terms if term.status != "tm"]))
    return "\n".join(lines)
