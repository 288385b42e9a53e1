"""Reading a LibreTranslate request: JSON, urlencoded or multipart bodies into one set of
parameters, and the errors LibreTranslate answers with (``{"error": ...}``, its own texts).

As in LibreTranslate's ``app.py``: a JSON body (``request.is_json``) is the only source of a JSON
request's parameters (the query string is ignored); any other request reads Flask's
``request.values``, the query string first and then the form, the first of repeated fields winning.
Only ``application/x-www-form-urlencoded`` and ``multipart/form-data`` bodies are forms: Flask
leaves ``request.form`` empty for any other content type (``text/plain``, none at all).

Bodies over :data:`THREADED_PARSE_BYTES` are parsed in a worker thread, so a 10 MB JSON never stalls
the event loop; a form holds at most :data:`MAX_FORM_FIELDS` fields.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse

__all__ = ["ApiError", "error_response", "MAX_FORM_FIELDS", "Params", "THREADED_PARSE_BYTES", "flag", "missing", "read_params", "string_field"]

#: Form fields read from one urlencoded body (parse_qsl refuses more).
MAX_FORM_FIELDS = 100
#: Bodies above this are parsed in a worker thread, so a 10 MB JSON never stalls the event loop.
THREADED_PARSE_BYTES = 256 * 1024


class ApiError(Exception):
    """An answer other than 200: ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(message)


def missing(name: str) -> ApiError:
    return ApiError(400, f"Invalid request: missing {name} parameter")


def error_response(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _decode_json(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        # ValueError covers malformed JSON and integers past Python's digit limit.
        raise ApiError(400, "Invalid JSON format") from None
    if not isinstance(value, dict):
        raise ApiError(400, "Invalid JSON format")
    if b"\\u" in body and _surrogate(value):
        # json accepts "\ud800"; no answer (and no pipeline stage) can hold it as text.
        raise ApiError(400, "Invalid request: a string holds an unpaired surrogate (\\ud800–\\udfff), which is not a character")
    return value


def _surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if any("\ud800" <= char <= "\udfff" for char in item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _decode_form(body: bytes) -> dict[str, Any]:
    try:
        text = body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ApiError(400, "Invalid request: the form body is not valid UTF-8") from None
    except ValueError:
        raise ApiError(400, f"Invalid request: more than {MAX_FORM_FIELDS} form fields") from None
    values: dict[str, Any] = {}
    for name, value in pairs:
        values.setdefault(name, value)  # the first of repeated fields, as Flask's request.values
    return values


@dataclass(frozen=True)
class Params:
    """``values``: what LibreTranslate reads with ``json.get`` or ``request.values.get``;
    ``form``: the body's form fields alone (``request.form``, which ``/translate_file`` reads)."""

    values: dict[str, Any]
    is_json: bool
    files: Mapping[str, tuple[str, bytes]] = field(default_factory=dict)
    form: Mapping[str, str] = field(default_factory=dict)


async def read_params(request: Request) -> Params:
    from starlette.concurrency import run_in_threadpool

    values: dict[str, Any] = {}
    for name, value in request.query_params.multi_items():
        values.setdefault(name, value)
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media.startswith("multipart/"):
        from starlette.formparsers import MultiPartException

        try:
            form = await request.form(max_files=1, max_fields=MAX_FORM_FIELDS)
        except (MultiPartException, UnicodeDecodeError, ValueError) as error:
            raise ApiError(400, f"Invalid request: the multipart body cannot be read ({error})") from None
        files: dict[str, tuple[str, bytes]] = {}
        fields: dict[str, str] = {}
        try:
            for name, value in form.multi_items():
                if isinstance(value, str):
                    fields.setdefault(name, value)
                else:  # read now (BodyGuard capped the body) and close the spooled file at once
                    files.setdefault(name, (value.filename or "", await value.read()))
        finally:
            await form.close()
        for name, value in fields.items():
            values.setdefault(name, value)
        return Params(values, False, files, fields)
    body = await request.body()
    is_json = media == "application/json" or (media.startswith("application/") and media.endswith("+json"))
    if is_json:
        parsed = await run_in_threadpool(_decode_json, body) if len(body) > THREADED_PARSE_BYTES else _decode_json(body)
        return Params(parsed, True)
    fields = {}
    if body and media == "application/x-www-form-urlencoded":
        fields = await run_in_threadpool(_decode_form, body) if len(body) > THREADED_PARSE_BYTES else _decode_form(body)
    for name, value in fields.items():
        values.setdefault(name, value)  # request.values: the query string's field wins
    return Params(values, False, form=fields)


def string_field(params: Params, name: str) -> str | None:
    value = params.values.get(name)
    if value is None or isinstance(value, str):
        return value
    raise ApiError(400, f"Invalid request: {name} parameter must be a string")


def flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return value is True or (isinstance(value, int) and value == 1)
