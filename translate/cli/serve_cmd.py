"""``translate serve``: the LibreTranslate-compatible HTTP API over the pipeline, one engine loaded once."""

from __future__ import annotations

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
from translate.server.limits import DEFAULT_BATCH_LIMIT, DEFAULT_CHAR_LIMIT, DEFAULT_MAX_PENDING, DEFAULT_WINDOW_MS, NO_LIMIT

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
    api_keys: Annotated[Path | None, typer.Option("--api-keys", help="File of API keys: one a line, optionally followed by that key's requests per minute.", exists=True, dir_okay=False)] = None,
    require_api_key: Annotated[bool, typer.Option("--require-api-key", help="Refuse requests without a valid key (needs --api-keys).")] = False,
    char_limit: Annotated[int, typer.Option("--char-limit", min=-1, help="Characters per text (-1: no limit).")] = DEFAULT_CHAR_LIMIT,
    batch_limit: Annotated[int, typer.Option("--batch-limit", min=-1, help="Texts per q list (-1: no limit).")] = DEFAULT_BATCH_LIMIT,
    req_limit: Annotated[int, typer.Option("--req-limit", min=-1, help="Requests per minute per client address, or per key without a limit of its own (-1: no limit).")] = NO_LIMIT,
    batch_window_ms: Annotated[float, typer.Option("--batch-window-ms", min=0.0, max=1000.0, help="How long an idle server waits to gather concurrent requests into one engine batch.")] = DEFAULT_WINDOW_MS,
    no_batching: Annotated[bool, typer.Option("--no-batching", help="Decode every request alone (for comparison).")] = False,
    max_queue: Annotated[int, typer.Option("--max-queue", min=1, help="Requests waiting before new ones get 429.")] = DEFAULT_MAX_PENDING,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not use the sentence cache that `translate run` shares.")] = False,
) -> None:
    """Serve the LibreTranslate API (POST /translate, /detect, /translate_file; GET /languages, /health) over the pipeline.

    Clients written for LibreTranslate work by changing the URL; requests arriving together share
    engine batches. Extensions: a `glossary` name per request (the first --glossary applies by
    default) and `details: true` for per-sentence quality, terms and origin (docs/api.md).

    Example: translate serve --glossary glossary/ --port 5000   (then: curl -d q=مرحبا -d source=ar -d target=en localhost:5000/translate)"""
    import logging

    from translate.cli.options import resolve_model_option
    from translate.engines import load_engine
    from translate.engines.base import DecodingSettings
    from translate.server.batching import BatchSettings
    from translate.server.libretranslate import ApiSettings, create_api_app
    from translate.server.limits import Limits, load_api_keys
    from translate.server.serving import address, hosts_for, is_loopback, listen, serve

    if require_api_key and api_keys is None:
        raise typer.BadParameter("give the keys with --api-keys FILE", param_hint="--require-api-key")
    names = glossary_names(list(glossary_paths or ()))
    keys = load_api_keys(api_keys) if api_keys is not None else None
    glossaries = {}
    if names:
        from translate.glossary import TermMatcher, load_glossary

        glossaries = {name: TermMatcher(load_glossary([path])) for name, path in names.items()}
    settings = ApiSettings(
        limits=Limits(char_limit=char_limit, batch_limit=batch_limit, req_limit=req_limit, require_api_key=require_api_key),
        batching=BatchSettings(window_ms=batch_window_ms, max_pending=max_queue, merge=not no_batching),
        default_glossary=next(iter(names), None),
    )
    sock = listen(host, port)
    # The model is loaded after the port is taken: a busy port fails at once, not after the load.
    engine = load_engine(resolve_model_option(model), engine=engine_name.value, revision=revision, settings=DecodingSettings(beam_size=beam, device=device.value), quantization=quantization)
    if not no_cache:
        from translate.engines.cached import CachedEngine, TranslationCache, default_cache_path

        # News repeats itself: a sentence any run or request translated before is answered at once.
        engine = CachedEngine(engine, TranslationCache(default_cache_path()))
    bound_port = sock.getsockname()[1]
    hosts = hosts_for(host, bound_port)  # the Host check holds on loopback (DNS rebinding)
    open_memory = None
    if tm is not None:
        from translate.tm import MemoryLookup, TranslationMemory

        def open_memory() -> MemoryLookup:
            return MemoryLookup.load(TranslationMemory(tm, create=False))

    api = create_api_app(settings, engine, glossaries=glossaries, api_keys=keys, hosts=hosts, open_memory=open_memory)
    if not is_loopback(host):
        typer.echo(f"warning: listening on {host}: anyone who can reach this machine can use the API" + ("" if keys else " (no --api-keys)"), err=True)
    logging.getLogger(__name__).info("model %s on %s", engine.info.model_id, engine.info.device)
    typer.echo(f"LibreTranslate API at {address(host, bound_port)} ({engine.info.model_id}, {engine.info.engine}; glossaries: {', '.join(names) or 'none'})", err=True)
    serve(api, sock, limit_concurrency=MAX_CONNECTIONS)
