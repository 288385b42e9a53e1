"""``translate model fetch|info``: getting a model onto a machine and seeing where it is."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from translate.cli.app import app
from translate.cli.options import RevisionOption

model_app = typer.Typer(no_args_is_help=True, help="Download models and inspect where they are.")
app.add_typer(model_app, name="model")


@model_app.command("fetch")
def fetch_command(
    name: Annotated[str, typer.Argument(help="Hub id, e.g. Helsinki-NLP/opus-mt-ar-en.")],
    revision: RevisionOption = None,
) -> None:
    """Download NAME into the Hugging Face cache (needs internet; honours HF_HOME).

    Example: translate model fetch Helsinki-NLP/opus-mt-ar-en"""
    from translate.engines.resolve import fetch_model

    resolved = fetch_model(name, revision, fetching=True)
    typer.echo(f"{resolved.model_id} revision {resolved.revision} → {resolved.path}")


@model_app.command("info")
def info_command(
    name: Annotated[str, typer.Argument(help="Hub id or local model directory.")],
    revision: RevisionOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Say where NAME is on disk, which revision, and its shape — without downloading anything.

    Example: translate model info Helsinki-NLP/opus-mt-ar-en --json"""
    from translate.engines.resolve import model_description, resolve_model

    resolved = resolve_model(name, revision, allow_download=False)
    description = model_description(resolved)
    if as_json:
        typer.echo(json.dumps(description, ensure_ascii=False, indent=2))
        return
    for key, value in description.items():
        typer.echo(f"{key:>12}: {value}")


