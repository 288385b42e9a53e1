"""The LibreTranslate HTTP API over our pipeline: clients written for LibreTranslate switch by
changing a URL.

Routes, as LibreTranslate's ``app.py`` declares them (its texts, its status codes)::

    POST /translate         q (string, or a list in JSON), source (ar | en | auto), target (en | ar),
                            format (text | html), alternatives, api_key; JSON, urlencoded or multipart
    POST /detect            q → [{"confidence": 0–100, "language": "ar"}, …]
    GET  /languages         (a GET with a form body, as libretranslatepy sends it, is fine; POST is 405)
    GET  /frontend/settings
    POST /translate_file    multipart: file (.txt .docx .odt .html), source, target → {"translatedFileUrl": …}
    GET  /download_file/NAME
    POST /suggest           403: suggestions are disabled, as /frontend/settings says
    GET  /health            {"status": "ok"}, exactly as LibreTranslate
    GET  /spec, /docs       the OpenAPI document of these routes, and it as a page (:mod:`translate.server.api_spec`)
    GET  /metrics           Prometheus text format, with ``metrics=True`` (:mod:`translate.server.metrics`)
    GET  /                  the web page (:mod:`translate.server.api_page`), unless ``web_ui=False``

Language codes are case-insensitive (``AR`` is ``ar``), as LibreTranslate takes them. Other methods on
these routes answer 405, as LibreTranslate's do.

The pairs are argostranslate's for an ar→en package: ar→en, and every language to itself (its
``IdentityTranslation``: the text comes back as sent), so ``en``→``en`` and ``ar``→``ar`` answer
200 and ``/languages`` lists them, English first, as LibreTranslate does.

Errors are ``{"error": "..."}`` with 400 (bad or missing parameters, limits), 403 (bad API key),
429 (``Slowdown: ...``), 500; every answer is UTF-8 JSON without ``\\u`` escapes and carries
LibreTranslate's CORS headers.

Our extensions are extra request fields, so plain clients never see them: ``glossary`` (the name of
a glossary loaded at start; the first one applies when none is named, ``"none"`` for none) and
``details: true`` (``segments``: per sentence its source, target, quality score and flags, how each
glossary name was satisfied and its origin — ``mt``, ``tm`` (reused verbatim from the translation
memory given with ``--tm``) or ``passthrough`` (not Arabic: left as it is); and ``manifest``: model,
engine, decoding, glossary).

Every ``q`` is read as an article (:func:`translate.document.parse_document`: lines → blocks →
sentences) and translated by the pipeline (:mod:`translate.server.batching`), so the API's English
is ``translate run``'s, line structure included.
"""

from __future__ import annotations

from functools import partial

import contextlib
import json
import re
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from translate import __version__
from translate.document import decode_bytes
from translate.engines.base import Engine
from translate.errors import InputError, TranslateError
from translate.formats import DOCUMENT_SUFFIXES, is_document
from translate.records import english_document
from translate.server.api_requests import ApiError, error_response, Params, flag, missing, read_params, string_field
from translate.server.api_views import FileStore, alternatives_of, detect_languages, english_of, safe_name, segment_view, segmented
from translate.server.batching import Batcher, BatchSettings, QueueFull
from translate.formats.html_fragment import read_fragment, write_fragment
from translate.server.limits import NO_LIMIT, ApiKeys, Limits, RateLimiter
from translate.server.serving import READ_TIMEOUT_S, BodyGuard, HostCheck

if TYPE_CHECKING:
    from translate.glossary import TermMatcher
    from translate.records import Run
    from translate.tm import MemoryLookup

__all__ = ["CORS_HEADERS", "LANGUAGES", "ApiSettings", "create_api_app", "detect_languages"]

logger = logging.getLogger(__name__)

#: What the server translates, in argostranslate's order (English first, then by name), as
#: LibreTranslate's /languages lists them.
LANGUAGES = {"en": "English", "ar": "Arabic"}
#: Each language's targets, sorted as LibreTranslate sorts them; argostranslate gives every language
#: an IdentityTranslation to itself, so each one lists itself.
PAIRS = {"en": ("en",), "ar": ("ar", "en")}
#: n-best alternatives a request may ask for (each one widens the beam to at least that many).
DEFAULT_MAX_ALTERNATIVES = 8
#: What /translate_file takes: text, and the documents :mod:`translate.formats` reads and rebuilds.
FILE_SUFFIXES = (".txt", *DOCUMENT_SUFFIXES)
#: Download media types by suffix (anything else is text).
FILE_MEDIA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xhtml": "application/xhtml+xml",
}
#: LibreTranslate's after_request headers, verbatim.
CORS_HEADERS = (
    (b"access-control-allow-origin", b"*"),
    (b"access-control-allow-headers", b"Authorization, Content-Type"),
    (b"access-control-expose-headers", b"Authorization"),
    (b"access-control-allow-methods", b"GET, POST"),
    (b"access-control-allow-credentials", b"true"),
    (b"access-control-max-age", str(60 * 60 * 24 * 20).encode()),
)


@dataclass(frozen=True)
class ApiSettings:
    """Everything ``translate serve`` was asked for, built once by the CLI."""

    limits: Limits = field(default_factory=Limits)
    batching: BatchSettings = field(default_factory=BatchSettings)
    #: Seconds a client has to send its whole body (slow bodies included).
    body_timeout_s: float = READ_TIMEOUT_S
    max_alternatives: int = DEFAULT_MAX_ALTERNATIVES
    #: The glossary applied when a request names none (None: no glossary unless named).
    default_glossary: str | None = None
    frontend_timeout_ms: int = 500
    #: The lowest fuzzy translation-memory score attached to a segment (with a memory).
    tm_min: int = 75
    #: The web page at ``/`` (LibreTranslate's ``--disable-web-ui`` turns it off).
    web_ui: bool = True
    #: ``/metrics`` in Prometheus text format (LibreTranslate's ``--metrics``).
    metrics: bool = False
    #: One access-log record per request on the ``translate.access`` logger: "text", "json" or None.
    log_format: str | None = None


# -- the API -----------------------------------------------------------------------------------------
def _endpoint(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    @wraps(handler)
    async def answer(request: Request) -> Response:
        try:
            return await handler(request)
        except ApiError as error:
            return error_response(error.status, error.message)
        except QueueFull as error:
            return error_response(429, f"Slowdown: {error}")
        except InputError as error:
            return error_response(400, f"Invalid request: {error}")
        except TranslateError as error:
            logger.error("translation failed: %s", error)
            return error_response(500, f"Cannot translate text: {error}")
        except Exception as error:  # a bug: the client gets a 500 and the server keeps serving
            logger.exception("unexpected error in %s", request.url.path)
            return error_response(500, f"Cannot translate text: {type(error).__name__}: {error}")

    return answer


class _Api:
    """The routes' shared state: settings, the batcher in front of the engine, glossaries, keys,
    the rate limiter and the translated files."""

    def __init__(
        self,
        settings: ApiSettings,
        engine: Engine,
        glossaries: Mapping[str, TermMatcher],
        api_keys: ApiKeys | None,
        clock: Callable[[], float],
        open_memory: Callable[[], MemoryLookup] | None = None,
    ) -> None:
        if settings.default_glossary is not None and settings.default_glossary not in glossaries:
            raise ValueError(f"default glossary {settings.default_glossary!r} is not among those loaded ({', '.join(glossaries) or 'none'})")
        if (settings.limits.require_api_key or settings.limits.require_api_key_origin) and api_keys is None:
            raise ValueError("require_api_key and require_api_key_origin need API keys")
        self.settings = settings
        self.engine = engine
        self.glossaries = dict(glossaries)
        self.api_keys = api_keys
        self.batcher = Batcher(engine, settings.batching, open_memory=open_memory, tm_min=settings.tm_min)
        self.limiter = RateLimiter(clock)
        self.files = FileStore()
        from translate.server.metrics import Metrics

        self.metrics = Metrics()

    # -- access --------------------------------------------------------------------------------
    def count_request(self, request: Request, key: Any) -> None:
        """The request limit (429), counted per valid key or else per address. LibreTranslate's
        limiter runs before its ``access_check``, so a client over its limit gets 429 even with a
        bad key."""
        limit = self.settings.limits.req_limit
        # One budget per route, as LibreTranslate's limiter keeps them: polling /languages never
        # starves /translate.
        route = request.scope.get("route")
        where = getattr(route, "path", request.url.path)
        identity = f"{where} ip:{request.client.host if request.client else 'unknown'}"
        if self.api_keys is not None and isinstance(key, str) and key in self.api_keys:
            identity = f"{where} key:{key}"
            own = self.api_keys.limit_of(key)
            limit = own if own is not None else limit
        if not self.limiter.allow(identity, limit):
            raise ApiError(429, f"Slowdown: {limit} per 1 minute")

    def check_access(self, request: Request, params: Params) -> None:
        """The request limit (429), then the API key (403 unknown, 400 missing when one is required)."""
        key = params.values.get("api_key")
        key = key if isinstance(key, str) and key else None
        self.count_request(request, key)
        if self.api_keys is not None:
            if key is not None and key not in self.api_keys:
                raise ApiError(403, "Invalid API key")
            origin_rule = self.settings.limits.require_api_key_origin
            needs_key = self.settings.limits.require_api_key or (origin_rule is not None and not re.match(origin_rule, request.headers.get("origin", "")))
            if key is None and needs_key:
                raise ApiError(400, "Please contact the server operator to get an API key")

    def char_limit(self, params: Params) -> int:
        """The characters a text may have: the key's own limit (a keys database's ``char_limit``) or the server's."""
        key = params.values.get("api_key")
        if self.api_keys is not None and isinstance(key, str) and key in self.api_keys:
            own = self.api_keys.char_limit_of(key)
            if own is not None:
                return own
        return self.settings.limits.char_limit

    def glossary_for(self, params: Params) -> TermMatcher | None:
        name = params.values.get("glossary")
        if name is None:
            return self.glossaries.get(self.settings.default_glossary) if self.settings.default_glossary else None
        if not isinstance(name, str):
            raise ApiError(400, "Invalid request: glossary parameter must be a string")
        if name in ("", "none"):
            return None
        if name not in self.glossaries:
            loaded = ", ".join(sorted(self.glossaries)) or "none"
            raise ApiError(400, f"Invalid request: glossary {name!r} is not loaded on this server (loaded: {loaded})")
        return self.glossaries[name]

    @staticmethod
    def check_supported(source: str, target: str) -> None:
        """LibreTranslate's first language checks: each code must be a loaded language (``auto``
        as a source is resolved later)."""
        if source != "auto" and source not in LANGUAGES:
            raise ApiError(400, f"{source} is not supported")
        if target not in LANGUAGES:
            raise ApiError(400, f"{target} is not supported")

    @staticmethod
    def check_available(source: str, target: str) -> None:
        """LibreTranslate's last check, made once the format is known good: the pair itself."""
        if target not in PAIRS[source]:
            raise ApiError(400, f"{LANGUAGES[target]} ({target}) is not available as a target language from {LANGUAGES[source]} ({source})")

    @staticmethod
    def uses_pipeline(source: str, target: str, detected: bool) -> bool:
        """Whether the texts go through the pipeline or come back as sent (an identity pair).

        ``auto`` into English always uses the pipeline, even when the texts were detected as
        English: LibreTranslate would return them unchanged (en→en), and so does the pipeline for
        English text, but it also translates the Arabic sentences a mostly English text holds."""
        return target == "en" and (source == "ar" or detected)

    # -- routes --------------------------------------------------------------------------------
    async def translate(self, request: Request) -> Response:
        params = await read_params(request)
        self.check_access(request, params)
        values = params.values
        q = values.get("q")
        source = _code(string_field(params, "source"))
        target = _code(string_field(params, "target"))
        text_format = string_field(params, "format")
        if not q:
            raise missing("q")
        if not source:
            raise missing("source")
        if not target:
            raise missing("target")
        batch = isinstance(q, list)
        texts = q if batch else [q]
        if not all(isinstance(text, str) for text in texts):
            raise ApiError(400, "Invalid request: q parameter must be a string or a list of strings")
        try:
            alternatives = max(0, int(values.get("alternatives", 0) or 0))
        except (TypeError, ValueError, OverflowError):
            raise ApiError(400, "Invalid request: alternatives parameter is not a number") from None
        if alternatives > self.settings.max_alternatives:
            raise ApiError(400, f"Invalid request: alternatives parameter must be <= {self.settings.max_alternatives}")
        if not params.is_json:
            # LibreTranslate normalises form line endings before counting characters.
            texts = ["\n".join(text.splitlines()) for text in texts]
        limits = self.settings.limits
        if batch and limits.batch_limit != NO_LIMIT and len(texts) > limits.batch_limit:
            raise ApiError(400, f"Invalid request: request ({len(texts)}) exceeds text limit ({limits.batch_limit})")
        char_limit = self.char_limit(params)
        if char_limit != NO_LIMIT:
            for text in texts:
                if len(text) > char_limit:
                    raise ApiError(400, f"Invalid request: request ({len(text)}) exceeds text limit ({char_limit})")
        detected = None
        if source == "auto":
            detected = detect_languages(texts)[0]
            source = detected["language"]
        self.check_supported(source, target)
        text_format = text_format or "text"
        if text_format not in ("text", "html"):
            raise ApiError(400, f"{text_format} format is not supported")
        self.check_available(source, target)
        glossary = self.glossary_for(params)
        details = flag(values.get("details"))

        outputs: list[str]
        runs_per_text: list[list[Run]]
        alternative_texts: list[list[str]]
        if not self.uses_pipeline(source, target, detected is not None):
            # argostranslate's IdentityTranslation: every hypothesis is the text itself, so
            # LibreTranslate's filter_unique leaves no alternatives.
            outputs = list(texts)
            runs_per_text = [[] for _ in texts]
            alternative_texts = [[] for _ in texts]
        elif text_format == "html":
            # Each fragment's text is translated as one article, sentences whole across its tags.
            fragments = [read_fragment(text) for text in texts]
            translations = await self.batcher.submit(segmented([fragment.layout.text for fragment in fragments]), glossary)
            outputs = [write_fragment(fragment, translation.run.pairs) for fragment, translation in zip(fragments, translations)]
            runs_per_text = [[translation.run] for translation in translations]
            alternative_texts = [[] for _ in texts]  # LibreTranslate: none for html
        else:
            translations = await self.batcher.submit(segmented(texts), glossary, alternatives + 1 if alternatives else 0)
            outputs = [english_of(translation.run) for translation in translations]
            runs_per_text = [[translation.run] for translation in translations]
            alternative_texts = [alternatives_of(translation, output, alternatives) for translation, output in zip(translations, outputs)]

        self.metrics.translated(sum(len(run.pairs) for runs in runs_per_text for run in runs))
        result: dict[str, Any] = {"translatedText": outputs if batch else outputs[0]}
        if detected is not None:
            result["detectedLanguage"] = [detected] * len(texts) if batch else detected
        if alternatives > 0:
            result["alternatives"] = alternative_texts if batch else alternative_texts[0]
        if details:
            views = [[segment_view(pair) for run in runs for pair in run.pairs] for runs in runs_per_text]
            result["segments"] = views if batch else views[0]
            result["manifest"] = self.manifest(glossary)
        return JSONResponse(result)

    async def detect(self, request: Request) -> Response:
        params = await read_params(request)
        self.check_access(request, params)
        q = params.values.get("q")
        if not q:
            raise missing("q")
        texts = q if isinstance(q, list) else [q]
        if not all(isinstance(text, str) for text in texts):
            raise ApiError(400, "Invalid request: q parameter must be a string or a list of strings")
        return JSONResponse(detect_languages(texts))

    async def suggest(self, request: Request) -> Response:
        # LibreTranslate's /suggest with --suggestions off (what /frontend/settings reports): counted
        # by its limiter, then refused.
        params = await read_params(request)
        self.count_request(request, params.values.get("api_key"))
        raise ApiError(403, "Suggestions are disabled on this server.")

    async def languages(self, request: Request) -> Response:
        # The body (libretranslatepy sends an empty form with its GET) is read by BodyGuard and ignored.
        return JSONResponse([{"code": code, "name": name, "targets": list(PAIRS[code])} for code, name in LANGUAGES.items()])

    async def frontend_settings(self, request: Request) -> Response:
        limits = self.settings.limits
        return JSONResponse(
            {
                "charLimit": limits.char_limit,
                "frontendTimeout": self.settings.frontend_timeout_ms,
                "apiKeys": self.api_keys is not None,
                "keyRequired": limits.require_api_key or bool(limits.require_api_key_origin),
                "suggestions": False,
                "filesTranslation": True,
                "supportedFilesFormat": list(FILE_SUFFIXES),
                "language": {"source": {"code": "auto", "name": "Auto Detect"}, "target": {"code": "en", "name": "English"}},
                # Ours (a LibreTranslate front end ignores it): the glossaries a request may name.
                "glossaries": sorted(self.glossaries),
            }
        )

    async def web_page(self, request: Request) -> Response:
        from translate.server.api_page import content_security_policy, page

        return Response(page(), media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": content_security_policy(), "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"})

    async def metrics_text(self, request: Request) -> Response:
        return Response(self.metrics.render(self.batcher.pending), media_type="text/plain; version=0.0.4; charset=utf-8")

    async def health(self, request: Request) -> Response:
        # Exactly LibreTranslate's answer; the queue's depth is in /metrics.
        return JSONResponse({"status": "ok"})

    async def spec(self, request: Request) -> Response:
        return JSONResponse(self.openapi(request))

    async def docs(self, request: Request) -> Response:
        from starlette.responses import HTMLResponse

        from translate.server.api_spec import render_docs

        return HTMLResponse(render_docs(self.openapi(request)), headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})

    def openapi(self, request: Request) -> dict[str, Any]:
        from translate.server.api_spec import openapi

        routes = [(route.path, route.methods or ()) for route in request.app.routes if isinstance(route, Route)]
        return openapi(routes, str(request.base_url).rstrip("/"))

    async def translate_file(self, request: Request) -> Response:
        params = await read_params(request)
        self.check_access(request, params)
        upload = params.files.get("file")
        # LibreTranslate reads request.form here, not request.values: the query string does not count.
        source = _code(params.form.get("source"))
        target = _code(params.form.get("target"))
        # A part without a file name is a false werkzeug FileStorage: "missing file", never "empty file".
        if upload is None or not upload[0]:
            raise missing("file")
        if not source:
            raise missing("source")
        if not target:
            raise missing("target")
        filename, data = upload
        if not filename.lower().endswith(FILE_SUFFIXES):
            raise ApiError(400, "Invalid request: file format not supported")
        self.check_supported(source, target)
        name = safe_name(filename)
        stem, suffix = (name.rsplit(".", 1)[0], "." + name.rsplit(".", 1)[1].lower()) if "." in name else (name, ".txt")
        document = None
        if is_document(name):
            from starlette.concurrency import run_in_threadpool

            from translate.formats import read_formatted

            document = await run_in_threadpool(read_formatted, name, data)
            text = document.text
        else:
            text = decode_bytes(data, name).text  # UTF-8, UTF-16 or legacy Arabic code pages
        limit = self.settings.limits.file_char_limit
        if limit != NO_LIMIT and len(text) > limit:
            raise ApiError(400, f"Invalid request: request ({len(text)}) exceeds text limit ({limit})")
        detected = source == "auto"
        if detected:
            source = detect_languages([text])[0]["language"]
        self.check_available(source, target)
        glossary = self.glossary_for(params)
        translated: bytes
        if not self.uses_pipeline(source, target, detected):
            translated = data if document is not None else text.encode("utf-8")  # an identity pair: the file comes back as sent
        elif document is not None:
            from starlette.concurrency import run_in_threadpool

            from translate.formats import render_english
            from translate.segment import segment_document

            (translation,) = await self.batcher.submit([(document, segment_document(document))], glossary)
            translated = await run_in_threadpool(partial(render_english, translation.run, data, layout=document.layout))
        else:
            (translation,) = await self.batcher.submit(segmented([text]), glossary)
            translated = english_document(translation.run).encode("utf-8")
        if self.uses_pipeline(source, target, detected):
            self.metrics.translated(len(translation.run.pairs))
        # LibreTranslate's (argos-translate-files') name for a translated file: NAME_en.docx.
        key = self.files.add(f"{stem}_{target}{suffix}", translated)
        return JSONResponse({"translatedFileUrl": str(request.url_for("download_file", filename=key))})

    async def download_file(self, request: Request) -> Response:
        # Not behind LibreTranslate's access_check (no key errors), but counted by its limiter.
        self.count_request(request, request.query_params.get("api_key"))
        key = request.path_params["filename"]
        data = self.files.get(key)
        if data is None:
            raise ApiError(404, "Invalid filename")
        name = key.split(".", 1)[1]
        disposition = f"attachment; filename={json.dumps(name.encode('ascii', 'replace').decode())}; filename*=UTF-8''{quote(name)}"
        media_type = FILE_MEDIA_TYPES.get("." + name.rsplit(".", 1)[-1].lower(), "text/plain; charset=utf-8")
        return Response(data, media_type=media_type, headers={"content-disposition": disposition})

    def manifest(self, glossary: TermMatcher | None) -> dict[str, Any]:
        info = self.engine.info
        return {
            "tool": "translate",
            "tool_version": __version__,
            "model_id": info.model_id,
            "model_revision": info.revision,
            "engine": info.engine,
            "device": info.device,
            "decoding": self.engine.settings.as_manifest(),
            "glossary": glossary.glossary.as_manifest() if glossary is not None else None,
        }


def _code(value: str | None) -> str | None:
    """A language code as LibreTranslate matches it: ``AR`` and `` ar `` are ``ar``."""
    return value.strip().lower() if isinstance(value, str) else value


class CorsHeaders:
    """ASGI middleware: LibreTranslate's CORS headers on every answer; a preflight ``OPTIONS`` is
    answered here (200, no body), as Flask does."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            headers = [*CORS_HEADERS, (b"allow", b"GET, POST, OPTIONS"), (b"content-length", b"0")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return

        async def with_cors(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = dict(message, headers=[*message.get("headers", ()), *CORS_HEADERS])
            await send(message)

        await self.app(scope, receive, with_cors)


async def _http_error(request: Request, error: Exception) -> Response:
    status = getattr(error, "status_code", 500)
    detail = getattr(error, "detail", "") or "error"
    return error_response(status, str(detail))


def create_api_app(
    settings: ApiSettings,
    engine: Engine,
    *,
    glossaries: Mapping[str, TermMatcher] | None = None,
    api_keys: ApiKeys | None = None,
    hosts: frozenset[str] | None = None,
    allowed_names: frozenset[str] = frozenset(),
    open_memory: Callable[[], MemoryLookup] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Starlette:
    """The LibreTranslate-compatible ASGI app over ``engine`` (loaded once by the caller).

    ``glossaries``: loaded glossaries by name; ``api_keys``: valid keys (None: keys are not
    checked); ``hosts``: the Host values to answer to and ``allowed_names`` the names to answer to at
    any port (:class:`~translate.server.serving.HostCheck`; neither: no check); ``open_memory``: opens the translation memory whose exact matches are reused
    (called once in the engine thread). The request batcher starts and stops with the app's lifespan; the app's
    ``state.api`` holds it (``state.api.batcher``) for tests and benchmarks."""
    api = _Api(settings, engine, glossaries or {}, api_keys, clock, open_memory)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await api.batcher.start()
        try:
            yield
        finally:
            await api.batcher.stop()

    routes = [
        Route("/translate", _endpoint(api.translate), methods=["POST"]),
        Route("/detect", _endpoint(api.detect), methods=["POST"]),
        Route("/languages", _endpoint(api.languages), methods=["GET"]),
        Route("/frontend/settings", _endpoint(api.frontend_settings), methods=["GET"]),
        Route("/health", _endpoint(api.health), methods=["GET"]),
        Route("/spec", _endpoint(api.spec), methods=["GET"]),
        Route("/docs", _endpoint(api.docs), methods=["GET"]),
        Route("/translate_file", _endpoint(api.translate_file), methods=["POST"]),
        Route("/suggest", _endpoint(api.suggest), methods=["POST"]),
        Route("/download_file/{filename:str}", _endpoint(api.download_file), methods=["GET"], name="download_file"),
    ]
    if settings.web_ui:
        routes.append(Route("/", _endpoint(api.web_page), methods=["GET"]))
    if settings.metrics:
        routes.append(Route("/metrics", _endpoint(api.metrics_text), methods=["GET"]))
    from translate.server.metrics import RequestObserver

    middleware = [
        Middleware(RequestObserver, metrics=api.metrics if settings.metrics else None, log_format=settings.log_format),
        Middleware(CorsHeaders),
        Middleware(HostCheck, hosts=hosts, names=allowed_names),
        Middleware(BodyGuard, max_bytes=settings.limits.body_bytes, timeout_s=settings.body_timeout_s, prefix="Invalid request: "),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers={HTTPException: _http_error})
    app.state.api = api
    return app
