"""``translate export``: re-render a run's canonical JSONL into other formats, with no model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from translate.cli.app import app
from translate.cli.options import QuietOption

#: Every format but the canonical one (which is the input).
DEFAULT_EXPORT_FORMATS = "txt,tsv,html,tmx,xliff,docx,md"
#: With --post-edits: the edited article for CAT tools, memories and the desk.
EDITED_EXPORT_FORMATS = "xliff,tmx,txt,docx"


def _locale(value: str) -> str:
    from translate.export.options import parse_locale

    try:
        return parse_locale(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


@app.command("export")
def export_command(
    runs: Annotated[list[Path], typer.Argument(help="Run file(s) NAME.jsonl written by `translate run`.", exists=True, dir_okay=False)],
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: jsonl, txt, tsv, html, tmx, xliff, docx, md.")
    ] = DEFAULT_EXPORT_FORMATS,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Folder for the outputs (default: beside each run file).", file_okay=False)] = None,
    source_lang: Annotated[str, typer.Option("--source-lang", callback=_locale, help="Source locale in TMX/XLIFF (ar, ar-SA…).")] = "ar",
    target_lang: Annotated[str, typer.Option("--target-lang", callback=_locale, help="Target locale in TMX/XLIFF (en, en-US…).")] = "en",
    post_edits: Annotated[
        Optional[Path],
        typer.Option("--post-edits", help="NAME.post-edit.jsonl from `translate review`: write the edited article as NAME.edited.* (default formats: xliff,tmx,txt,docx).", exists=True, dir_okay=False),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Render NAME.jsonl as NAME.html, NAME.tmx, NAME.xlf, NAME.docx, NAME.md… (no model needed).

    Example: translate export out/article.jsonl --format html,xliff --out review/"""
    from translate.export import ExportOptions, export_run, parse_formats
    from translate.postedit import apply_post_edits, read_post_edits
    from translate.records import read_run

    if post_edits is not None and len(runs) != 1:
        raise typer.BadParameter("--post-edits belongs to one run: give exactly one NAME.jsonl", param_hint="--post-edits")
    if post_edits is not None and formats == DEFAULT_EXPORT_FORMATS:
        formats = EDITED_EXPORT_FORMATS
    try:
        format_names = parse_formats(formats)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--format") from None
    options = ExportOptions(source_locale=source_lang, target_locale=target_lang)
    for path in runs:
        run = read_run(path)
        name = path.name[: -len(".jsonl")] if path.name.endswith(".jsonl") else path.stem
        if post_edits is not None:
            edits = read_post_edits(post_edits, path)
            for remark in edits.remarks:
                typer.echo(f"note: {remark}", err=True)
            latest = edits.latest
            # Its own names: the machine's exports beside it are never overwritten by the edited ones.
            run, name = apply_post_edits(run, latest), f"{name}.edited"
            options = ExportOptions(source_locale=source_lang, target_locale=target_lang, post_edits=latest)
        written = export_run(run, out if out is not None else path.parent, name, format_names, options)
        if not quiet:
            typer.echo(f"{path}: {len(run.pairs)} pairs → " + ", ".join(str(p) for p in written), err=True)
