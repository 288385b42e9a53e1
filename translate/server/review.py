"""The post-editing review server: one page and the JSON API it uses.

Routes (every request needs ``Authorization: Bearer TOKEN``; the page itself is fetched once with
``?token=TOKEN``, and its script sends the token in that header)::

    GET  /                                   the page (self-contained; CSP pins its inline script)
    GET  /api/runs                           [{"run", "segments", "confirmed"}]
    GET  /api/runs/{run}                     {"manifest", "pairs": [pair + post_edit, version, …], "article"}
    PUT  /api/runs/{run}/segments/{id}       {"target", "base", "confirmed"?, "seconds"?, "keystrokes"?}
                                             → 200 {"version"} | 409 {"error", "current"}
    POST /api/runs/{run}/segments/{id}/check {"target"} → HTER, dropped glossary forms, changed numbers

Errors are one-line JSON ``{"error": "..."}``: 400 bad JSON or fields, 403 token or Host, 404 unknown
run/segment/route, 405, 408 a body slower than 15 s, 409 conflict, 413 body over :data:`MAX_BODY`, 507 the disk is full (the page keeps
the text in its box and says the save failed).
"""

from __future__ import annotations

import hmac
import json
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from translate.errors import OutputError
from translate.export.layout import score_band, term_spans
from translate.records import Pair
from translate.server.review_page import content_security_policy, page
from translate.server.review_store import Conflict, ReviewStore, UnknownSegment, check_draft
from translate.server.serving import READ_TIMEOUT_S, BodyGuard, HostCheck

__all__ = ["MAX_BODY", "MAX_TARGET", "ReviewSettings", "create_review_app"]

log = logging.getLogger(__name__)

#: Largest request body accepted (a segment's English is a few hundred bytes).
MAX_BODY = 1 << 20
#: Longest post-edit accepted, in characters.
MAX_TARGET = 20_000


@dataclass(frozen=True)
class ReviewSettings:
    token: str
    #: ``Host`` values accepted (:func:`translate.server.serving.hosts_for`); None or empty: no check.
    hosts: frozenset[str] | None = None


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


class _TokenCheck:
    """ASGI middleware: 403 unless the request carries the token (header, or ``?token=`` on the page)."""

    def __init__(self, app: Any, token: str) -> None:
        self.app = app
        self.token = token.encode("utf-8")

    def _allowed(self, scope: dict[str, Any]) -> bool:
        headers = dict(scope.get("headers") or ())
        scheme, _, credential = headers.get(b"authorization", b"").partition(b" ")
        if scheme.lower() == b"bearer" and hmac.compare_digest(credential.strip(), self.token):
            return True
        if scope.get("path") == "/" and scope.get("method") == "GET":
            given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
            return hmac.compare_digest(given.encode("utf-8"), self.token)
        return False

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and not self._allowed(scope):
            await _error(403, "a valid token is needed: open the address `translate review` printed, or send Authorization: Bearer TOKEN")(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _json_body(request: Request) -> dict[str, Any]:
    # BodyGuard (in front of every route) has already capped the body and its read time.
    try:
        body = json.loads((await request.body()).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise HTTPException(400, "the body is not valid UTF-8 JSON") from None
    if not isinstance(body, dict):
        raise HTTPException(400, "the body must be a JSON object")
    return body


def _target(body: dict[str, Any]) -> str:
    target = body.get("target")
    if not isinstance(target, str):
        raise HTTPException(400, f"'target' must be a string, not {type(target).__name__}")
    if len(target) > MAX_TARGET:
        raise HTTPException(413, f"'target' is over {MAX_TARGET} characters")
    if any("\ud800" <= char <= "\udfff" for char in target):
        raise HTTPException(400, "'target' holds an unpaired surrogate, which is not a character")
    return target


def _pair_json(record: dict[str, Any], pair: Pair) -> dict[str, Any]:
    """A pair for the page: its record plus where each term sits on each side and its score band."""
    record["band"] = score_band(pair.quality)
    record["marks"] = [
        {"term": span.number, "source": list(span.source) if span.source else None, "target": list(span.target) if span.target else None} for span in term_spans(pair)
    ]
    return record


def create_review_app(store: ReviewStore, settings: ReviewSettings) -> Starlette:
    """The review server's ASGI app over ``store``."""

    async def index(request: Request) -> Response:
        return HTMLResponse(
            page(),
            headers={"Content-Security-Policy": content_security_policy(), "Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
        )

    async def runs(request: Request) -> Response:
        return JSONResponse(store.listing())

    async def article(request: Request) -> Response:
        name = request.path_params["run"]
        try:
            data = await run_in_threadpool(store.article, name)
        except UnknownSegment as error:
            return _error(404, str(error))
        saved = store.saved(name)
        data["pairs"] = [_pair_json(record, saved.pairs[record["id"]]) for record in data["pairs"]]
        return JSONResponse(data)

    def _segment(request: Request) -> tuple[str, int]:
        name = request.path_params["run"]
        raw = request.path_params["id"]
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:  # "²" and "١" are digits to str.isdigit
            raise HTTPException(404, f"run {name!r} has no segment {raw!r}")
        return name, int(raw)

    async def save(request: Request) -> Response:
        name, pair_id = _segment(request)
        body = await _json_body(request)
        target = _target(body)
        base = body.get("base")
        if base is not None and (isinstance(base, bool) or not isinstance(base, int)):
            raise HTTPException(400, "'base' must be the version the edit started from (an integer) or null")
        confirmed = body.get("confirmed", True)
        seconds = body.get("seconds", 0)
        keystrokes = body.get("keystrokes", 0)
        if not isinstance(confirmed, bool):
            raise HTTPException(400, "'confirmed' must be true or false")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 <= seconds < 86_400 * 7:
            raise HTTPException(400, "'seconds' must be a number of seconds")
        if isinstance(keystrokes, bool) or not isinstance(keystrokes, int) or not 0 <= keystrokes < 10**9:
            raise HTTPException(400, "'keystrokes' must be a count")
        try:
            edit, memory_error = await run_in_threadpool(store.save, name, pair_id, target, base, confirmed=confirmed, seconds=float(seconds), keystrokes=keystrokes)
        except UnknownSegment as error:
            return _error(404, str(error))
        except Conflict as conflict:
            current = conflict.current
            return _error(
                409,
                f"segment {pair_id} was saved elsewhere (version {current.version if current else 'none'}) since this edit began",
                current={"post_edit": current.post_edit, "version": current.version, "editor": current.editor, "saved_at": current.saved_at} if current else None,
            )
        except OutputError as error:
            log.error("%s", error)
            return _error(507 if "disk is full" in str(error) else 500, str(error))
        saved, pair = store.pair(name, pair_id)
        checked = await run_in_threadpool(check_draft, pair, edit.post_edit)
        article = await run_in_threadpool(store.article_hter, name)
        answer = {"version": edit.version, "confirmed": edit.confirmed, "saved_at": edit.saved_at, "check": checked.to_json(), "article": article}
        if memory_error is not None:
            answer["memory_error"] = memory_error
        return JSONResponse(answer)

    async def check(request: Request) -> Response:
        name, pair_id = _segment(request)
        body = await _json_body(request)
        target = _target(body)
        try:
            saved, pair = store.pair(name, pair_id)
        except UnknownSegment as error:
            return _error(404, str(error))
        result = await run_in_threadpool(check_draft, pair, target)
        article = await run_in_threadpool(store.article_hter, name, {pair_id: target})
        return JSONResponse({**result.to_json(), "article": article})

    async def http_error(request: Request, error: Exception) -> Response:
        status = getattr(error, "status_code", 400)
        detail = getattr(error, "detail", None)
        return _error(status, detail if isinstance(detail, str) and detail else "request refused")

    async def server_error(request: Request, error: Exception) -> Response:
        log.exception("review server error")
        return _error(500, f"internal error ({type(error).__name__}); the server is still running")

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/api/runs", runs, methods=["GET"]),
        Route("/api/runs/{run}", article, methods=["GET"]),
        Route("/api/runs/{run}/segments/{id}", save, methods=["PUT"]),
        Route("/api/runs/{run}/segments/{id}/check", check, methods=["POST"]),
    ]
    middleware = [
        Middleware(HostCheck, hosts=settings.hosts),
        Middleware(_TokenCheck, token=settings.token),
        Middleware(BodyGuard, max_bytes=MAX_BODY, timeout_s=READ_TIMEOUT_S),
    ]
    return Starlette(routes=routes, middleware=middleware, exception_handlers={HTTPException: http_error, Exception: server_error})
