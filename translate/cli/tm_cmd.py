"""``translate tm``: the translation memory — import people's translations, search, export, count."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from translate.cli.app import app

tm_app = typer.Typer(no_args_is_help=True, help="The translation memory: import TMX/XLIFF/TSV/post-edits, search it, export it, count it.")
app.add_typer(tm_app, name="tm")

TmPathOption = Annotated[Optional[Path], typer.Option("--tm", help="The memory file [default: $TRANSLATE_TM, else memory.sqlite3 beside the translation cache].", dir_okay=False)]


class ExportFormat(str, Enum):
    TMX = "tmx"
    TSV = "tsv"


class SearchFormat(str, Enum):
    TEXT = "text"
    JSONL = "jsonl"


def _path(tm: Path | None) -> Path:
    from translate.tm import default_tm_path

    return tm if tm is not None else default_tm_path()


@tm_app.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(help="TMX 1.4, XLIFF 1.2, TSV (ar/en columns) or NAME.post-edit.jsonl files.")],
    tm: TmPathOption = None,
    keep_all: Annotated[bool, typer.Option("--keep-all", help="Keep every translation of a source (default: the newest only).")] = False,
    unconfirmed: Annotated[bool, typer.Option("--unconfirmed", help="Post-edits: import every saved segment, not only confirmed ones.")] = False,
    include_mt: Annotated[bool, typer.Option("--include-mt", help="Also import units our exports mark as machine output (x-origin mt), e.g. to seed a memory from reviewed runs.")] = False,
) -> None:
    """Add Arabic→English pairs to the memory, one transaction per file (a bad file adds nothing).

    Example: translate tm import newsroom.tmx out/lavrov.post-edit.jsonl"""
    from translate.tm import TranslationMemory, import_file

    with TranslationMemory(_path(tm)) as memory:
        for file in files:
            result = import_file(memory, file, keep_all=keep_all, unconfirmed=unconfirmed, include_mt=include_mt)
            count, parsed = result.count, result.parsed
            line = f"{file}: {count.added} added ({count.replaced} older replaced, {count.kept_newer} kept the memory's newer translation)"
            if parsed.skipped:
                line += f"; {parsed.skipped} skipped: {parsed.skipped_why}"
            if parsed.machine:
                line += f"; {parsed.machine} machine translations left out (--include-mt imports them)"
            typer.echo(line, err=True)
        typer.echo(f"{memory.path}: {len(memory)} entries", err=True)


@tm_app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="An Arabic sentence.")],
    tm: TmPathOption = None,
    minimum: Annotated[int, typer.Option("--min", min=1, max=100, help="Lowest score shown.")] = 75,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most matches shown.")] = 5,
    output_format: Annotated[SearchFormat, typer.Option("--format", help="text: score, band, Arabic, English, provenance per line (tab-separated); jsonl: one record a match.")] = SearchFormat.TEXT,
) -> None:
    """The memory's best matches for TEXT, best first, scored as OmegaT scores (word-level).

    Example: translate tm search 'المصدر : الجزيرة + وكالات' --min 80"""
    from translate.tm import MemoryLookup, TranslationMemory, band

    with TranslationMemory(_path(tm), create=False) as memory:
        found = MemoryLookup.load(memory).search(text, minimum=minimum, limit=limit)
    for match, entry in found:
        p = match.provenance
        if output_format is SearchFormat.JSONL:
            record = {"score": match.score, "band": band(match.score), "source": match.source, "target": match.target, "id": entry.id, "provenance": {"origin": p.origin, "editor": p.editor, "created": p.created, "changed": p.changed, "usage": p.usage}}
            typer.echo(json.dumps(record, ensure_ascii=False))
        else:
            provenance = "; ".join(part for part in (p.origin, p.editor or "", p.changed or p.created or "", f"used {p.usage}×") if part)
            typer.echo("\t".join((str(match.score), band(match.score), " ".join(match.source.split()), " ".join(match.target.split()), provenance)))


@tm_app.command("export")
def export_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="The file to write.", dir_okay=False)],
    output_format: Annotated[ExportFormat, typer.Option("--format", help="tmx (TMX 1.4b, for CAT tools) or tsv.")] = ExportFormat.TMX,
    tm: TmPathOption = None,
) -> None:
    """Write the whole memory as TMX or TSV (both read back by `translate tm import`).

    Example: translate tm export --format tmx --out memory.tmx"""
    from translate.atomic import write_atomic
    from translate.tm import TranslationMemory, render_tmx, render_tsv

    with TranslationMemory(_path(tm), create=False) as memory:
        entries = list(memory.entries())
    payload = render_tmx(entries) if output_format is ExportFormat.TMX else render_tsv(entries)
    written = write_atomic(out, payload)
    typer.echo(f"{len(entries)} entries → {written}", err=True)


@tm_app.command("stats")
def stats_command(tm: TmPathOption = None) -> None:
    """How many entries the memory holds, where they came from, and how often runs reused them.

    Example: translate tm stats --tm newsroom.sqlite3"""
    from translate.tm import TranslationMemory

    with TranslationMemory(_path(tm), create=False) as memory:
        stats = memory.stats()
    typer.echo(f"memory\t{stats.path}")
    typer.echo(f"entries\t{stats.entries}")
    typer.echo(f"distinct sources\t{stats.distinct_sources}")
    typer.echo(f"reused\t{stats.reused}")
    for origin, count in stats.origins:
        typer.echo(f"from\t{origin}\t{count}")
