"""``translate segment``: the segmenter on its own, as text or JSONL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from translate.cli.app import app
from translate.cli.options import EncodingOption, SegmentFormat


@app.command("segment")
def segment_command(
    file: Annotated[Path, typer.Argument(help="Arabic article (UTF-8 text).")],
    output_format: Annotated[SegmentFormat, typer.Option("--format", help="text: one sentence a line; jsonl: one record per segment.")] = SegmentFormat.TEXT,
    encoding: EncodingOption = None,
) -> None:
    """Split an article into sentences (blocks separated by a blank line).

    Example: translate segment article.txt --format jsonl"""
    from translate.document import read_document
    from translate.segment import segment_document

    document = read_document(file, encoding)
    segments = segment_document(document)
    if output_format is SegmentFormat.JSONL:
        for segment in segments:
            record = {
                "id": segment.id,
                "block": segment.block,
                "kind": segment.kind.value,
                "language": segment.language,
                "start": segment.start,
                "end": segment.end,
                "text": segment.text,
            }
            typer.echo(json.dumps(record, ensure_ascii=False))
        return
    previous_block = None
    for segment in segments:
        if previous_block is not None and segment.block != previous_block:
            typer.echo("")
        typer.echo(segment.text)
        previous_block = segment.block
