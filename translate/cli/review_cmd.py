"""``translate review``: a local post-editing page over run files; edits go to NAME.post-edit.jsonl."""

from __future__ import annotations

import getpass
import re
import secrets
from pathlib import Path
from typing import Annotated, Optional

import typer

from translate.cli.app import app
from translate.cli.options import DEFAULT_HOST, HostOption, PortOption

#: Characters a token may hold: those a URL carries unchanged (RFC 3986 unreserved).
TOKEN_CHARACTERS = re.compile(r"[A-Za-z0-9._~-]+")


def _default_editor() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a container without /etc/passwd entry
        return None


@app.command("review")
def review_command(
    runs: Annotated[list[Path], typer.Argument(help="Run file(s) NAME.jsonl written by `translate run`, or a folder (an archive's --out): every run under it.", exists=True, show_default=False)],
    host: HostOption = DEFAULT_HOST,
    port: PortOption = 0,
    token: Annotated[Optional[str], typer.Option("--token", help="Access token (default: a random one, printed in the address).")] = None,
    editor: Annotated[Optional[str], typer.Option("--editor", help="Your name in the post-edit records (default: your login).")] = None,
    tm: Annotated[Optional[Path], typer.Option("--tm", help="Write every confirmed segment into this translation memory.", dir_okay=False)] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Print the address only; do not open a browser.")] = False,
) -> None:
    """Post-edit runs in the browser; every save is appended to NAME.post-edit.jsonl beside NAME.jsonl.

    Examples: translate review out/article.jsonl --editor "R. Haddad"   (then: translate eval out/article.jsonl out/article.post-edit.jsonl);
    translate review out/   (every run of an archive, with its progress)"""
    import webbrowser

    from translate.server.review import ReviewSettings, create_review_app
    from translate.server.review_store import ReviewStore
    from translate.server.serving import address, hosts_for, is_loopback, listen, serve

    if token is not None and (len(token) < 8 or not TOKEN_CHARACTERS.fullmatch(token)):
        # Anything else would be re-read differently from the address (+, &, #, %) or not fit an HTTP header.
        raise typer.BadParameter("use at least 8 characters from A-Z a-z 0-9 . _ ~ -", param_hint="--token")
    token = token or secrets.token_urlsafe(18)
    on_confirm = None
    if tm is not None:
        from translate.server.review_memory import memory_writer

        on_confirm = memory_writer(tm, editor or _default_editor())
    store = ReviewStore(runs, editor or _default_editor(), on_confirm=on_confirm)
    for remark in store.remarks:
        typer.echo(f"note: {remark}", err=True)
    sock = listen(host, port)
    bound_port = sock.getsockname()[1]
    page = f"{address(host, bound_port)}/?token={token}"
    if not is_loopback(host):
        typer.echo(f"warning: listening on {host}: anyone who can reach this machine and has the token can edit", err=True)
    typer.echo(f"Review at {page}", err=True)
    if not no_browser:
        webbrowser.open(page)
    app_ = create_review_app(store, ReviewSettings(token=token, hosts=hosts_for(host, bound_port), memory=tm))
    serve(app_, sock)
    confirmed = sum(row["confirmed"] for row in store.listing())
    typer.echo(f"stopped; {confirmed} confirmed segment(s) on disk in " + ", ".join(str(saved.log.path) for saved in store.runs.values()), err=True)
