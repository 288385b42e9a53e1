"""The Typer application and its error edge.

Every :class:`~translate.errors.TranslateError` raised below a command is caught here, once, and shown
as one message on stderr with the error's exit code (``--debug`` adds the traceback). Exit codes:
0 success, 1 an error in the input or environment, 2 a usage error, 70 an internal error (a bug: any
other exception, shown as one line — ``--debug`` for the traceback), 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from translate import __version__
from translate.errors import TranslateError

__all__ = ["EXIT_ERROR", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "app", "main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
#: stdout closed by its reader (a pipe into `head`): 128 + SIGPIPE, as shells report it.
EXIT_BROKEN_PIPE = 141
#: sysexits.h EX_SOFTWARE: distinct from 1, so scripts and tests can tell a bug from a bad input.
EXIT_INTERNAL = 70


def report_error(error: TranslateError, debug: bool) -> None:
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    message = str(error)
    prefix = "" if "\n" in message else "error: "
    typer.echo(f"{prefix}{message}", err=True)


#: Exceptions that carry Typer's (vendored click's) own control flow: usage errors, exits, aborts.
_FRAMEWORK_EXCEPTIONS = (typer.Exit, typer.Abort, TyperException, click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort)


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
        except _FRAMEWORK_EXCEPTIONS:
            raise
        except BrokenPipeError:
            # The reader went away (`translate segment FILE | head`): not an error of ours. Point stdout
            # at /dev/null so the interpreter's final flush does not complain again, and stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except Exception as error:  # a bug: still one line, never a bare traceback
            if ctx.meta.get("translate.debug"):
                traceback.print_exception(error, file=sys.stderr)
            detail = " ".join(str(error).split())[:300]
            typer.echo(f"error: internal error ({type(error).__name__}: {detail}) — this is a bug in translate; rerun with --debug for the traceback and report it", err=True)
            raise typer.Exit(EXIT_INTERNAL) from None


app = typer.Typer(
    cls=_ErrorEdgeGroup,
    no_args_is_help=True,
    add_completion=True,
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


def examples_last(typer_app: typer.Typer) -> None:
    """Every command's help: what it does, its options, then its examples (the docstring's part from
    "Example" on becomes the epilog, printed after the options)."""
    import inspect

    for info in typer_app.registered_commands:
        doc = info.help or inspect.getdoc(info.callback) or ""
        head, found, tail = doc.partition("Example")
        if found and info.epilog is None and head.strip():
            info.help = head.rstrip()
            info.epilog = "Example" + tail.rstrip()
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            examples_last(group.typer_instance)


def main() -> None:
    app()
