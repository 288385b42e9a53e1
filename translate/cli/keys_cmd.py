"""``translate keys``: the API keys database `translate serve --api-keys` checks — LibreTranslate's own
format, managed as its ``ltmanage keys`` does."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from translate.cli.app import app
from translate.server.limits import DEFAULT_KEYS_DB

keys_app = typer.Typer(no_args_is_help=True, help="API keys for `translate serve --api-keys`: add, remove, list (LibreTranslate's keys database).")
app.add_typer(keys_app, name="keys")

DbOption = Annotated[Path, typer.Option("--api-keys-db-path", help="The keys database (created when missing).", dir_okay=False)]


@keys_app.command("add")
def add_command(
    req_limit: Annotated[int, typer.Argument(min=1, help="Requests per minute (per route) this key may make.")],
    char_limit: Annotated[Optional[int], typer.Option("--char-limit", min=1, help="Characters per text for this key (default: the server's).")] = None,
    key: Annotated[Optional[str], typer.Option("--key", help="Use this key instead of a random one.")] = None,
    db: DbOption = DEFAULT_KEYS_DB,
) -> None:
    """Add a key; prints it.

    Example: translate keys add 120 --char-limit 5000"""
    import sqlite3

    from translate.server.limits import ApiKeysDatabase

    try:
        typer.echo(ApiKeysDatabase(db).add(req_limit, char_limit, key))
    except sqlite3.IntegrityError:
        raise typer.BadParameter("that key is already in the database", param_hint="--key") from None


@keys_app.command("remove")
def remove_command(key: Annotated[str, typer.Argument(help="The key to remove.")], db: DbOption = DEFAULT_KEYS_DB) -> None:
    """Remove a key (exit 1 when it is not there).

    Example: translate keys remove 0b6d…"""
    from translate.server.limits import ApiKeysDatabase

    if not ApiKeysDatabase(db).remove(key):
        typer.echo(f"error: {db}: no such key", err=True)
        raise typer.Exit(1)


@keys_app.command("list")
def list_command(db: DbOption = DEFAULT_KEYS_DB) -> None:
    """List keys: key, requests per minute, characters per text (- for the server's).

    Example: translate keys list --api-keys-db-path db/api_keys.db"""
    from translate.server.limits import ApiKeysDatabase

    for key, req_limit, char_limit in ApiKeysDatabase(db).all():
        typer.echo(f"{key}\t{req_limit}\t{char_limit if char_limit is not None else '-'}")
