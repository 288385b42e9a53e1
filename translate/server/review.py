"""The post-editing review server: one page and the JSON API it uses.

Routes (every request needs ``Authorization: Bearer TOKEN``; the page itself is fetched once with
``?token=TOKEN``, and its script sends the token in that header)::

    GET  /                                   the page (self-contained; CSP pins its inline script)
    GET  /api/runs                           [{"run", "name", "segments", "confirmed", "words", "confirmed_words", "hter"…}]
    GET  /api/archive                        {"runs": [as above], "total": corpus HTER over every run}
    GET  /api/runs/{run}                     {"manifest", "pairs": [pair + post_edit, version, words, …], "article", "changes"}
    GET  /api/runs/{run}/events?after=N      server-sent events: every save after the first N records
    PUT  /api/runs/{run}/segments/{id}       {"target", "base", "confirmed"?, "seconds"?, "keystrokes"?}
                                             → 200 {"version"} | 409 {"error", "current"} | 409 {"error", "run_changed"}
    POST /api/runs/{run}/segments/{id}/check {"target", "drafts"?} → HTER, dropped glossary forms, changed
                                             numbers, the checks before confirm; the article's HTER with the drafts
    POST /api/runs/{run}/hter                {"drafts"?} → the article's HTER, saved post-edits with the drafts over them
    POST /api/runs/{run}/search              {"pattern", "mode", "side", "case"?, "replacement"?, "drafts"?} → {"matches"}
    POST /api/runs/{run}/concordance         {"text", "drafts"?} → {"run", "memory", "glossary"}

Errors are one-line JSON ``{"error": "..."}``: 400 bad JSON or fields (a search that cannot run), 403
token or Host, 404 unknown run/segment/route, 405, 408 a body slower than 15 s, 409 conflict or a run
file changed on disk, 413 body over :data:`MAX_BODY` or a target over :data:`MAX_TARGET`, 507 the disk
is full (the page keeps the text in its box and says the save failed).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from translate.errors import OutputError
from translate.export.layout import score_band, term_spans
from translate.records import Pair
from translate.server.review_page import content_security_policy, page
from translate.server.review_search import SearchError, concordance, search
from translate.server.review_store import Conflict, ReviewStore, RunChanged, UnknownSegment, check_draft
from translate.server.serving import READ_TIMEOUT_S, BodyGuard, HostCheck

__all__ = ["MAX_BODY", "MAX_TARGET", "ReviewSettings", "create_review_app"]

log = logging.getLogger(__name__)

#: Largest request body accepted (a segment's English is a few hundred bytes).
MAX_BODY = 1 << 20
#: Longest post-edit accepted, in characters.
MAX_TARGET = 20_000
#: How often the event stream looks for new saves, and sends a comment to keep proxies from closing it.
EVENTS_POLL_S = 0.25
EVENTS_HEARTBEAT_S = 15.0


@dataclass(frozen=True)
class ReviewSettings:
    token: str
    #: ``Host`` values accepted (:func:`translate.server.serving.hosts_for`); None or empty: no check.
    hosts: frozenset[str] | None = None
    #: The translation memory confirmed segments go to (``--tm``): the concordance reads it.
    memory: Path | None = None


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


def _drafts(body: dict[str, Any]) -> dict[int, str]:
    """The page's unsaved texts, ``{"id": text}``: they count as the English where the editor sees them."""
    raw = body.get("drafts") or {}
    if not isinstance(raw, dict) or len(raw) > 100_000:
        raise HTTPException(400, "'drafts' must be an object of segment id to text")
    drafts = {}
    for key, value in raw.items():
        if not (isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= 9) or not isinstance(value, str) or len(value) > MAX_TARGET:
            raise HTTPException(400, "'drafts' must map segment ids (digits) to texts of at most 20000 characters")
        drafts[int(key)] = value
    return drafts


def _edit_json(position: int, edit: Any) -> dict[str, Any]:
    return {"seq": position, "id": edit.id, "version": edit.version, "post_edit": edit.post_edit, "confirmed": edit.confirmed, "editor": edit.editor, "saved_at": edit.saved_at}


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
        return JSONResponse(await run_in_threadpool(store.listing))

    async def archive(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(store.archive))

    async def article(request: Request) -> Response:
        name = request.path_params["run"]
        try:
            data = await run_in_threadpool(store.article, name)
        except UnknownSegment as error:
            return _error(404, str(error))
        except RunChanged as error:
            return _error(409, str(error), run_changed=True)
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
        except RunChanged as error:
            return _error(409, str(error), run_changed=True)
        except Conflict as conflict:
            current = conflict.current
            return _error(
                409,
                f"segment {pair_id} was saved elsewhere (version {current.version if current else 'none'}) since this edit began",
                current={"post_edit": current.post_edit, "version": current.version, "editor": current.editor, "saved_at": current.saved_at, "confirmed": current.confirmed} if current else None,
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
        drafts = {**_drafts(body), pair_id: target}
        result = await run_in_threadpool(check_draft, pair, target)
        article = await run_in_threadpool(store.article_hter, name, drafts)
        return JSONResponse({**result.to_json(), "article": article})

    async def hter(request: Request) -> Response:
        name = request.path_params["run"]
        body = await _json_body(request)
        try:
            store.saved(name)
        except UnknownSegment as error:
            return _error(404, str(error))
        return JSONResponse(await run_in_threadpool(store.article_hter, name, _drafts(body)))

    async def find(request: Request) -> Response:
        name = request.path_params["run"]
        body = await _json_body(request)
        pattern, mode, side = body.get("pattern"), body.get("mode", "plain"), body.get("side", "target")
        replacement, case = body.get("replacement"), body.get("case", False)
        if not isinstance(pattern, str) or not isinstance(mode, str) or not isinstance(side, str) or not isinstance(case, bool):
            raise HTTPException(400, "'pattern', 'mode' and 'side' must be strings and 'case' true or false")
        if replacement is not None and (not isinstance(replacement, str) or len(replacement) > MAX_TARGET):
            raise HTTPException(400, "'replacement' must be a string")
        try:
            saved, texts = store.saved(name), store.texts(name, _drafts(body))
            matches = await run_in_threadpool(lambda: search(saved.run.pairs, texts, pattern, mode=mode, side=side, case=case, replacement=replacement))
        except UnknownSegment as error:
            return _error(404, str(error))
        except SearchError as error:
            return _error(400, str(error))
        return JSONResponse({"matches": [match.to_json() for match in matches], "segments": len(matches), "hits": sum(len(match.spans) for match in matches)})

    async def concord(request: Request) -> Response:
        name = request.path_params["run"]
        body = await _json_body(request)
        text = body.get("text")
        if not isinstance(text, str) or len(text) > 1000:
            raise HTTPException(400, "'text' must be the selected words (at most 1000 characters)")
        try:
            saved, texts = store.saved(name), store.texts(name, _drafts(body))
            found = await run_in_threadpool(concordance, saved.run.pairs, texts, text, settings.memory)
        except UnknownSegment as error:
            return _error(404, str(error))
        except SearchError as error:
            return _error(400, str(error))
        return JSONResponse(found)

    async def events(request: Request) -> Response:
        """Every save into the run, as it lands (another tab, editor or server included), from record
        ``after`` on: what keeps open pages current and shows a conflict before the next save."""
        name = request.path_params["run"]
        raw = request.query_params.get("after", "0")
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
            raise HTTPException(400, "'after' must be a count of records")
        try:
            store.saved(name)
        except UnknownSegment as error:
            return _error(404, str(error))
        after = int(raw)
        server = getattr(request.app.state, "server", None)

        async def stream() -> Any:
            position = after
            yield "retry: 2000\n: connected\n\n"
            beat = time.monotonic()
            while not (server is not None and server.should_exit):
                count, new = await run_in_threadpool(store.changes, name, position)
                if count < position:  # the file is shorter than the page thinks: another file now
                    yield "event: reset\ndata: {}\n\n"
                    return
                for edit in new:
                    position += 1
                    yield f"id: {position}\ndata: {json.dumps(_edit_json(position, edit), ensure_ascii=False)}\n\n"
                if time.monotonic() - beat > EVENTS_HEARTBEAT_S:
                    beat = time.monotonic()
                    yield ": ping\n\n"
                if await request.is_disconnected():
                    return
                await asyncio.sleep(EVENTS_POLL_S)

        return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

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
        Route("/api/archive", archive, methods=["GET"]),
        Route("/api/runs/{run}", article, methods=["GET"]),
        Route("/api/runs/{run}/events", events, methods=["GET"]),
        Route("/api/runs/{run}/hter", hter, methods=["POST"]),
        Route("/api/runs/{run}/search", find, methods=["POST"]),
        Route("/api/runs/{run}/concordance", concord, methods=["POST"]),
        Route("/api/runs/{run}/segments/{id}", save, methods=["PUT"]),
        Route("/api/runs/{run}/segments/{id}/check", check, methods=["POST"]),
    ]
    middleware = [
        Middleware(HostCheck, hosts=settings.hosts),
        Middleware(_TokenCheck, token=settings.token),
        Middleware(BodyGuard, max_bytes=MAX_BODY, timeout_s=READ_TIMEOUT_S),
    ]
    return Starlette(routes=routes, middleware=middleware, exception_handlers={HTTPException: http_error, Exception: server_error})
