"""``translate run``: articles in, aligned English pairs and exports out."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from translate.cli.app import EXIT_ERROR, app, report_error
from translate.cli.options import (
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
from translate.errors import InputError, TranslateError

logger = logging.getLogger(__name__)


@app.command("run")
def run_command(
    ctx: typer.Context,
    inputs: Annotated[list[Path], typer.Argument(help="Arabic article(s), UTF-8 text, one article per file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the outputs (created if missing).")] = Path("out"),
    model: ModelOption = None,
    revision: RevisionOption = None,
    engine_name: EngineOption = EngineName.TORCH,
    quantization: QuantizationOption = None,
    beam: Annotated[int, typer.Option("--beam", min=1, max=32, help="Beam size (1 = greedy).")] = DEFAULT_BEAM_SIZE,
    device: DeviceOption = Device.AUTO,
    formats: Annotated[str, typer.Option("--format", "-f", help="Comma-separated outputs: jsonl, txt, tsv, html, tmx, xliff, docx, md.")] = "jsonl,txt,tsv",
    encoding: EncodingOption = None,
    glossary_paths: GlossaryOption = None,
    quiet: QuietOption = False,
) -> None:
    """Translate Arabic articles: NAME.jsonl (canonical pairs + manifest), NAME.en.txt, NAME.tsv."""
    from translate.cli.options import resolve_model_option
    from translate.document import read_document
    from translate.engines import load_engine
    from translate.export import EXPORTERS, parse_formats
    from translate.atomic import write_atomic
    from translate.cli.progress import progress_bar
    from translate.pipeline import translate_document

    try:
        format_names = parse_formats(formats)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--format") from None
    settings = DecodingSettings(beam_size=beam, device=device.value)
    matcher = None
    if glossary_paths:
        # Before the model: a bad glossary is reported without loading the model for nothing.
        from translate.glossary import TermMatcher, load_glossary

        matcher = TermMatcher(load_glossary(glossary_paths))
    # Read every input first: a bad file is reported without loading the model for nothing.
    documents = []
    failures = 0
    for path in inputs:
        try:
            documents.append(read_document(path, encoding))
        except InputError as error:
            report_error(error, bool(ctx.meta.get("translate.debug")))
            failures += 1
    if documents:
        engine = load_engine(resolve_model_option(model), engine=engine_name.value, revision=revision, settings=settings, quantization=quantization)
        for document in documents:
            name = Path(document.path or "article").stem
            try:
                with progress_bar(f"translating {name}", quiet=quiet) as advance:
                    run = translate_document(document, engine, glossary=matcher, progress=advance)
                written = [write_atomic(out / f"{name}{EXPORTERS[f].suffix}", EXPORTERS[f].render(run)) for f in format_names]
            except TranslateError as error:
                if isinstance(error, InputError):
                    report_error(error, bool(ctx.meta.get("translate.debug")))
                    failures += 1
                    continue
                raise
            translated = sum(1 for pair in run.pairs if not pair.passthrough)
            if not quiet:
                typer.echo(
                    f"{document.path}: {len(run.pairs)} segments ({translated} translated, {len(run.pairs) - translated} passed through) → "
                    + ", ".join(str(path) for path in written),
                    err=True,
                )
                if matcher is not None:
                    from translate.enforce import summarize_terms

                    statuses = [term.status for pair in run.pairs for term in pair.terms]
                    typer.echo(f"{document.path}: {summarize_terms(statuses)}", err=True)
    if failures:
        raise typer.Exit(EXIT_ERROR)
