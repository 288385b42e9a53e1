"""``translate align``: pair an Arabic article with a user's own English version, bead by bead."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from translate.cli.app import app
from translate.cli.options import (
    DEFAULT_ENGINE_NAME,
    Device,
    DeviceOption,
    EncodingOption,
    EngineOption,
    GlossaryOption,
)


class AlignFormat(str, Enum):
    JSONL = "jsonl"
    TSV = "tsv"
    HTML = "html"


@app.command("align")
def align_command(
    arabic: Annotated[Path, typer.Argument(metavar="AR", help="The Arabic text.", exists=True, dir_okay=False)],
    english: Annotated[Path, typer.Argument(metavar="EN", help="Its English version (a published translation, a post-edit, …).", exists=True, dir_okay=False)],
    presegmented: Annotated[bool, typer.Option("--presegmented", help="One sentence per non-empty line (blank lines separate paragraphs); no segmentation.")] = False,
    output_format: Annotated[AlignFormat, typer.Option("--format", help="jsonl: one bead per line; tsv: a header and one bead per row; html: the side-by-side page, as `translate run` writes.")] = AlignFormat.JSONL,
    model: Annotated[Optional[str], typer.Option("--model", "-m", help="Translate the Arabic with this model and use chrF to the English as extra evidence (slower, better on loose translations).")] = None,
    device: DeviceOption = Device.AUTO,
    engine_name: EngineOption = DEFAULT_ENGINE_NAME,
    glossary: GlossaryOption = None,
    encoding: EncodingOption = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here instead of stdout.", dir_okay=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line on stderr.")] = False,
) -> None:
    """Align AR and EN sentence by sentence: every sentence of both sides appears in exactly one bead
    (1-1, 1-2, 2-1, or alone), with 0-based indices, an alignment score and a quality score.

    Without --model the alignment uses lengths and anchors (numbers, names, Latin tokens, glossary
    terms). The encoding option applies to both files; each is otherwise detected on its own.

    Examples: translate align article.ar.txt article.en.txt --format tsv --out beads.tsv;
    translate align article.ar.txt article.en.txt --format html --out review.html"""
    from translate.align.documents import (
        align_documents,
        alignment_jsonl,
        alignment_summary,
        alignment_tsv,
        read_side,
    )

    source = read_side(arabic, presegmented=presegmented, encoding=encoding)
    target = read_side(english, presegmented=presegmented, encoding=encoding)
    terms: list[tuple[str, str]] = []
    if glossary:
        from translate.glossary import load_glossary

        for entry in load_glossary(glossary).entries:
            for form in entry.ar:
                terms.extend((form, english_form) for english_form in {entry.en, entry.en_short} if english_form)
    engine = None
    if model is not None:
        from translate.engines import DecodingSettings, load_engine

        engine = load_engine(model, engine=engine_name.value, settings=DecodingSettings(device=device.value))
    alignment = align_documents(source, target, engine=engine, terms=terms)
    if output_format is AlignFormat.HTML:
        from translate.export.alignment_html import render_alignment

        text = render_alignment(alignment)
    else:
        text = alignment_jsonl(alignment) if output_format is AlignFormat.JSONL else alignment_tsv(alignment)
    if out is None:
        typer.echo(text, nl=False)
    else:
        from translate.atomic import write_atomic

        write_atomic(out, text)
    if not quiet:
        typer.echo(alignment_summary(alignment) + (f" → {out}" if out is not None else ""), err=True)
