"""``translate run``: articles in, aligned English pairs and exports out."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from translate.cli.app import EXIT_ERROR, app, report_error
from translate.cli.options import (
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
from translate.engines.base import DEFAULT_BEAM_SIZE, DecodingSettings
from translate.records import Run

logger = logging.getLogger(__name__)


@app.command("run")
def run_command(
    ctx: typer.Context,
    inputs: Annotated[list[Path], typer.Argument(help="Arabic article(s), UTF-8 text, one article per file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the outputs (created if missing).")] = Path("out"),
    model: ModelOption = None,
    revision: RevisionOption = None,
    engine_name: EngineOption = DEFAULT_ENGINE_NAME,
    quantization: QuantizationOption = None,
    beam: Annotated[int, typer.Option("--beam", min=1, max=32, help="Beam size (1 = greedy).")] = DEFAULT_BEAM_SIZE,
    device: DeviceOption = Device.AUTO,
    formats: Annotated[str, typer.Option("--format", "-f", help="Comma-separated outputs: jsonl, txt, tsv, html, tmx, xliff, docx, md.")] = "jsonl,txt,tsv",
    encoding: EncodingOption = None,
    glossary_paths: GlossaryOption = None,
    sequence_scores: Annotated[bool, typer.Option("--sequence-scores", help="ct2: take the decoder's mean log-probability instead of scoring every token (about 15% faster; no minimum token log-probability for quality scores).")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the translation cache (TRANSLATE_CACHE).")] = False,
    quiet: QuietOption = False,
) -> None:
    """Translate Arabic articles: NAME.jsonl (canonical pairs + manifest), NAME.en.txt, NAME.tsv, and
    any other --format; a bad input is reported and the others are still translated."""
    from translate.cli.options import resolve_model_option
    from translate.cli.progress import progress_bar
    from translate.export import parse_formats
    from translate.runner import RunSettings, run_files

    try:
        format_names = parse_formats(formats)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--format") from None
    if sequence_scores and engine_name is not EngineName.CT2:
        raise typer.BadParameter("only the ct2 engine can take scores from decoding; drop it or use --engine ct2", param_hint="--sequence-scores")
    settings = RunSettings(
        model=resolve_model_option(model),
        out_dir=out,
        formats=format_names,
        engine=engine_name.value,
        revision=revision,
        quantization=quantization,
        decoding=DecodingSettings(beam_size=beam, device=device.value, token_scores=not sequence_scores),
        encoding=encoding,
        glossary_paths=tuple(glossary_paths or ()),
        use_cache=not no_cache,
    )
    failures = 0
    for outcome in run_files(inputs, settings, progress=lambda description: progress_bar(description, quiet=quiet)):
        if outcome.error is not None:
            report_error(outcome.error, bool(ctx.meta.get("translate.debug")))
            failures += 1
        elif not quiet and outcome.run is not None:
            typer.echo(_summary(outcome.path, outcome.run, outcome.written), err=True)
    if failures:
        raise typer.Exit(EXIT_ERROR)


def _summary(path: Path, run: Run, written: tuple[Path, ...]) -> str:
    translated = sum(1 for pair in run.pairs if not pair.passthrough)
    flagged = sum(1 for pair in run.pairs if pair.quality is not None and pair.quality.flags)
    lines = [
        f"{path}: {len(run.pairs)} segments ({translated} translated, {len(run.pairs) - translated} passed through, "
        f"{flagged} flagged for review) → " + ", ".join(str(item) for item in written)
    ]
    if run.manifest.glossary is not None:
        from translate.enforce import summarize_terms

        lines.append(f"{path}: " + summarize_terms([term.status for pair in run.pairs for term in pair.terms]))
    return "\n".join(lines)
