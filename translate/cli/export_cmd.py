"""``translate export``: re-render a run's canonical JSONL into other formats, with no model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from translate.cli.app import app
from translate.cli.options import QuietOption

#: Every format but the canonical one (which is the input).
DEFAULT_EXPORT_FORMATS = "txt,tsv,html,tmx,xliff,docx,md"
#: With --post-edits: the edited article for CAT tools, memories and the desk (and, for a document,
#: the document itself with the editors' English: NAME.edited.en.docx…).
EDITED_EXPORT_FORMATS = "xliff,tmx,txt,docx,doc"
POST_EDIT_SUFFIX = ".post-edit.jsonl"


def _locale(value: str) -> str:
    from translate.export.options import parse_locale

    try:
        return parse_locale(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


@app.command("export")
def export_command(
    runs: Annotated[list[Path], typer.Argument(help="Run file(s) NAME.jsonl written by `translate run` — or one NAME.post-edit.jsonl, for the edited article (its run beside it).", exists=True, dir_okay=False)],
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: jsonl, txt, tsv, html, tmx, xliff, docx, md, doc (the translated document: NAME.en.docx/.odt/.html).")
    ] = DEFAULT_EXPORT_FORMATS,
    original: Annotated[
        Optional[Path], typer.Option("--original", help="For doc: the original document, when it is no longer where the run read it (checked by its SHA-256).", exists=True, dir_okay=False)
    ] = None,
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

    if len(runs) == 1 and runs[0].name.endswith(POST_EDIT_SUFFIX) and post_edits is None:
        # `translate export NAME.post-edit.jsonl`: the edits, and the run they belong to beside them.
        post_edits = runs[0]
        runs = [runs[0].with_name(runs[0].name[: -len(POST_EDIT_SUFFIX)] + ".jsonl")]
        if not runs[0].is_file():
            from translate.errors import InputError

            raise InputError(post_edits, f"has no run file beside it ({runs[0].name})", "pass the run with --post-edits: translate export RUN.jsonl --post-edits EDITS")
    if post_edits is not None and len(runs) != 1:
        raise typer.BadParameter("--post-edits belongs to one run: give exactly one NAME.jsonl", param_hint="--post-edits")
    if post_edits is not None and formats == DEFAULT_EXPORT_FORMATS:
        formats = EDITED_EXPORT_FORMATS
    try:
        format_names = parse_formats(formats)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--format") from None
    data = original.read_bytes() if original is not None else None
    options = ExportOptions(source_locale=source_lang, target_locale=target_lang, original=data)
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
            options = ExportOptions(source_locale=source_lang, target_locale=target_lang, post_edits=latest, original=data)
        written = export_run(run, out if out is not None else path.parent, name, format_names, options)
        if not quiet:
            typer.echo(f"{path}: {len(run.pairs)} pairs → " + ", ".join(str(p) for p in written), err=True)
