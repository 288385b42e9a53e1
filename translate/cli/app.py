"""The Typer application and its error edge.

Every :class:`~translate.errors.TranslateError` raised below a command is caught here, once, and shown
as one message on stderr with the error's exit code (``--debug`` adds the traceback). Exit codes:
0 success, 1 an error in the input or environment, 2 a usage error, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import logging
import sys
import traceback
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from translate import __version__
from translate.errors import TranslateError

__all__ = ["EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "app", "main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def report_error(error: TranslateError, debug: bool) -> None:
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    message = str(error)
    prefix = "" if "\n" in message else "error: "
    typer.echo(f"{prefix}{message}", err=True)


class _ErrorEdgeGroup(TyperGroup):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TranslateError as error:
            report_error(error, bool(ctx.meta.get("translate.debug")))
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted: finished output files are kept; no partial file was written", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None


app = typer.Typer(
    cls=_ErrorEdgeGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Offline Arabic→English translation workbench for news.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"translate {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logging.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")] = False,
) -> None:
    ctx.meta["translate.debug"] = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main() -> None:
    app()
