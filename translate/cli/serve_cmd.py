"""``translate serve``: the LibreTranslate-compatible HTTP API over the pipeline, one engine loaded once."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from translate.cli.app import app
from translate.cli.options import (
    DEFAULT_HOST,
    HostOption,
    PortOption,
    BeamOption,
    DEFAULT_ENGINE_NAME,
    Device,
    DeviceOption,
    EngineOption,
    GlossaryOption,
    ModelOption,
    QuantizationOption,
    RevisionOption,
)
from translate.engines.base import DEFAULT_BEAM_SIZE
from translate.server.limits import DEFAULT_BATCH_LIMIT, DEFAULT_CHAR_LIMIT, DEFAULT_KEYS_DB, DEFAULT_MAX_PENDING, DEFAULT_WINDOW_MS, NO_LIMIT

DEFAULT_PORT = 5000
#: Open connections before uvicorn answers 503: a flood of idle sockets cannot exhaust the process.
MAX_CONNECTIONS = 1000


def glossary_names(paths: list[Path]) -> dict[str, Path]:
    """Each ``--glossary`` path by the name requests use: its file name without suffix (a folder:
    its name). Two paths with one name are a usage error."""
    names: dict[str, Path] = {}
    for path in paths:
        name = path.stem if path.is_file() else path.name
        if name in names or name == "none":
            raise typer.BadParameter(f"two glossaries are named {name!r} ({names.get(name)} and {path}); rename one" if name != "none" else "'none' means no glossary; rename the file", param_hint="--glossary")
        names[name] = path
    return names


class LogFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("serve")
def serve_command(
    host: HostOption = DEFAULT_HOST,
    port: PortOption = DEFAULT_PORT,
    model: ModelOption = None,
    revision: RevisionOption = None,
    engine_name: EngineOption = DEFAULT_ENGINE_NAME,
    quantization: QuantizationOption = None,
    beam: BeamOption = DEFAULT_BEAM_SIZE,
    device: DeviceOption = Device.AUTO,
    glossary_paths: GlossaryOption = None,
    tm: Annotated[Path | None, typer.Option("--tm", help="Translation memory: its exact matches are reused instead of decoded (origin tm).", exists=True, dir_okay=False)] = None,
    api_keys: Annotated[bool, typer.Option("--api-keys", help="Check API keys against LibreTranslate's keys database (--api-keys-db-path; manage it with `translate keys`).")] = False,
    api_keys_db_path: Annotated[Path, typer.Option("--api-keys-db-path", help="The keys database (LibreTranslate's format; created when missing).", dir_okay=False)] = DEFAULT_KEYS_DB,
    api_keys_file: Annotated[Path | None, typer.Option("--api-keys-file", help="API keys from a text file instead: one a line, optionally followed by its requests per minute.", exists=True, dir_okay=False)] = None,
    require_api_key: Annotated[bool, typer.Option("--require-api-key", help="Refuse requests without a valid key (needs keys).")] = False,
    require_api_key_origin: Annotated[str | None, typer.Option("--require-api-key-origin", help="Refuse requests without a key unless their Origin matches this regular expression (LibreTranslate's flag; needs keys).")] = None,
    char_limit: Annotated[int, typer.Option("--char-limit", min=-1, help="Characters per text (-1: no limit).")] = DEFAULT_CHAR_LIMIT,
    batch_limit: Annotated[int, typer.Option("--batch-limit", min=-1, help="Texts per q list (-1: no limit).")] = DEFAULT_BATCH_LIMIT,
    req_limit: Annotated[int, typer.Option("--req-limit", min=-1, help="Requests per minute per client address and route, or per key and route (-1: no limit).")] = NO_LIMIT,
    allowed_hosts: Annotated[list[str] | None, typer.Option("--allowed-host", help="Also answer requests whose Host is this name (any port): the name a reverse proxy, port forward or container is reached by. Repeatable; '*' turns the check off.")] = None,
    forwarded_allow_ips: Annotated[str | None, typer.Option("--forwarded-allow-ips", help="Believe X-Forwarded-For/-Proto only from these proxy addresses (comma-separated; uvicorn's setting). Default: from none.")] = None,
    root_path: Annotated[str, typer.Option("--root-path", "--url-prefix", help="The sub-path a reverse proxy serves the API under (e.g. /mt), for the URLs it hands out.")] = "",
    ssl_certfile: Annotated[Path | None, typer.Option("--ssl-certfile", help="Serve HTTPS with this certificate (PEM).", exists=True, dir_okay=False)] = None,
    ssl_keyfile: Annotated[Path | None, typer.Option("--ssl-keyfile", help="The certificate's private key (PEM).", exists=True, dir_okay=False)] = None,
    disable_web_ui: Annotated[bool, typer.Option("--disable-web-ui", help="No web page at / (LibreTranslate's flag).")] = False,
    metrics: Annotated[bool, typer.Option("--metrics", help="Serve /metrics in Prometheus text format (LibreTranslate's flag).")] = False,
    log_format: Annotated[LogFormat | None, typer.Option("--log-format", help="One access-log line per request on stderr: text or json.")] = None,
    batch_window_ms: Annotated[float, typer.Option("--batch-window-ms", min=0.0, max=1000.0, help="How long an idle server waits to gather concurrent requests into one engine batch.")] = DEFAULT_WINDOW_MS,
    no_batching: Annotated[bool, typer.Option("--no-batching", help="Decode every request alone (for comparison).")] = False,
    max_queue: Annotated[int, typer.Option("--max-queue", min=1, help="Requests waiting before new ones get 429.")] = DEFAULT_MAX_PENDING,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not use the sentence cache that `translate run` shares.")] = False,
) -> None:
    """Serve the LibreTranslate API (POST /translate, /detect, /translate_file; GET /languages, /health, /spec) and a web page over the pipeline.

    Clients written for LibreTranslate work by changing the URL; requests arriving together share
    engine batches. Extensions: a `glossary` name per request (the first --glossary applies by
    default) and `details: true` for per-sentence quality, terms and origin (docs/api.md).

    Examples: translate serve --glossary glossary/ --port 5000   (then: curl -d q=مرحبا -d source=ar -d target=en localhost:5000/translate);
    behind nginx at https://news.example/mt/: translate serve --allowed-host news.example --forwarded-allow-ips 127.0.0.1 --root-path /mt"""
    import logging
    import time

    from translate.cli.options import resolve_model_option
    from translate.engines import load_engine
    from translate.engines.base import DecodingSettings
    from translate.server.batching import BatchSettings
    from translate.server.libretranslate import ApiSettings, create_api_app
    from translate.server.limits import ApiKeysDatabase, Limits, load_api_keys
    from translate.server.serving import address, hosts_for, is_loopback, listen, serve

    if (require_api_key or require_api_key_origin) and not (api_keys or api_keys_file):
        raise typer.BadParameter("give keys with --api-keys (LibreTranslate's keys database) or --api-keys-file FILE", param_hint="--require-api-key")
    if api_keys and api_keys_file:
        raise typer.BadParameter("use one: the keys database (--api-keys) or a keys file (--api-keys-file)", param_hint="--api-keys-file")
    if (ssl_certfile is None) != (ssl_keyfile is None):
        raise typer.BadParameter("HTTPS needs both --ssl-certfile and --ssl-keyfile", param_hint="--ssl-keyfile")
    if root_path and (not root_path.startswith("/") or root_path.endswith("/")):
        raise typer.BadParameter(f"{root_path!r}: write the sub-path as /mt (a leading slash, none at the end)", param_hint="--root-path")
    if require_api_key_origin is not None:
        import re

        try:
            re.compile(require_api_key_origin)
        except re.error as error:
            raise typer.BadParameter(f"{require_api_key_origin!r} is not a regular expression ({error})", param_hint="--require-api-key-origin") from None
    names = glossary_names(list(glossary_paths or ()))
    keys = load_api_keys(api_keys_file) if api_keys_file is not None else ApiKeysDatabase(api_keys_db_path) if api_keys else None
    glossaries = {}
    if names:
        from translate.glossary import TermMatcher, load_glossary

        glossaries = {name: TermMatcher(load_glossary([path])) for name, path in names.items()}
    settings = ApiSettings(
        limits=Limits(char_limit=char_limit, batch_limit=batch_limit, req_limit=req_limit, require_api_key=require_api_key, require_api_key_origin=require_api_key_origin),
        batching=BatchSettings(window_ms=batch_window_ms, max_pending=max_queue, merge=not no_batching),
        default_glossary=next(iter(names), None),
        web_ui=not disable_web_ui,
        metrics=metrics,
        log_format=log_format.value if log_format is not None else None,
    )
    if log_format is not None:
        # Access records on stderr as they are (a JSON object a line stays one), apart from the log.
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        access = logging.getLogger("translate.access")
        access.handlers[:] = [handler]
        access.setLevel(logging.INFO)
        access.propagate = False
    sock = listen(host, port)
    # The model is loaded after the port is taken: a busy port fails at once, not after the load.
    started = time.monotonic()
    engine = load_engine(resolve_model_option(model), engine=engine_name.value, revision=revision, settings=DecodingSettings(beam_size=beam, device=device.value), quantization=quantization)
    load_seconds = time.monotonic() - started
    if not no_cache:
        from translate.engines.cached import CachedEngine, TranslationCache, default_cache_path

        # News repeats itself: a sentence any run or request translated before is answered at once.
        engine = CachedEngine(engine, TranslationCache(default_cache_path()))
    bound_port = sock.getsockname()[1]
    allowed = set(allowed_hosts or ())
    hosts = hosts_for(host, bound_port)  # the Host check holds on loopback (DNS rebinding)
    if "*" in allowed:
        typer.echo("warning: --allowed-host '*': any Host is answered, so a web page elsewhere can reach this server through DNS rebinding; name the hosts instead", err=True)
        hosts, allowed = frozenset(), set()
    open_memory = None
    if tm is not None:
        from translate.tm import MemoryLookup, TranslationMemory

        def open_memory() -> MemoryLookup:
            return MemoryLookup.load(TranslationMemory(tm, create=False))

    api = create_api_app(settings, engine, glossaries=glossaries, api_keys=keys, hosts=hosts, allowed_names=frozenset(allowed), open_memory=open_memory)
    api.state.api.metrics.model_load_s = load_seconds
    if not is_loopback(host):
        typer.echo(f"warning: listening on {host}: anyone who can reach this machine can use the API" + ("" if keys else " (no --api-keys)"), err=True)
    logging.getLogger(__name__).info("model %s on %s", engine.info.model_id, engine.info.device)
    typer.echo(f"LibreTranslate API at {address(host, bound_port, 'https' if ssl_certfile else 'http')}{root_path} ({engine.info.model_id}, {engine.info.engine}; glossaries: {', '.join(names) or 'none'})", err=True)
    config: dict = {"limit_concurrency": MAX_CONNECTIONS, "root_path": root_path}
    if forwarded_allow_ips is not None:
        config["forwarded_allow_ips"] = forwarded_allow_ips
    if ssl_certfile is not None:
        config.update(ssl_certfile=str(ssl_certfile), ssl_keyfile=str(ssl_keyfile))
    serve(api, sock, **config)
