"""``/spec`` and ``/docs`` of the LibreTranslate-compatible API: an OpenAPI 3.0 document built from the
app's own routes (each route's method looked up in :data:`OPERATIONS`; a route without one is a bug a
test catches), and a self-contained HTML page rendering it (no external assets, as the web page).

Our extensions are documented where LibreTranslate's spec has none: the ``glossary`` and ``details``
request fields and the ``segments``/``manifest`` answer fields.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from translate import __version__
from translate.server.serving import route_template

__all__ = ["OPERATIONS", "openapi", "render_docs"]

_ERROR = {"type": "object", "properties": {"error": {"type": "string", "description": "what went wrong, in one line"}}}


def _form(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required}
    return {"required": True, "content": {kind: {"schema": schema} for kind in ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")}}


def _answer(description: str, schema: dict[str, Any] | None = None, media: str = "application/json") -> dict[str, Any]:
    body: dict[str, Any] = {"description": description}
    if schema is not None:
        body["content"] = {media: {"schema": schema}}
    return body


def _errors(*codes: int) -> dict[str, Any]:
    texts = {400: "invalid request (missing or bad parameter, limit exceeded, language not supported)", 403: "invalid API key, or Host refused", 404: "not found", 429: "Slowdown: over the request limit, or the queue is full", 500: "translation failed"}
    return {str(code): _answer(texts[code], _ERROR) for code in codes}


_TEXTS = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
_SEGMENT = {
    "type": "object",
    "description": "ours (details: true): one per sentence",
    "properties": {
        "source": {"type": "string"}, "target": {"type": "string"}, "kind": {"type": "string"},
        "quality": {"type": "object", "properties": {"score": {"type": "number"}, "flags": {"type": "array", "items": {"type": "string"}}}},
        "terms": {"type": "array", "items": {"type": "object"}}, "origin": {"type": "string", "enum": ["mt", "tm", "passthrough"]},
    },
}

#: (path, method) → the OpenAPI operation.
OPERATIONS: dict[tuple[str, str], dict[str, Any]] = {
    ("/translate", "post"): {
        "summary": "Translate text",
        "requestBody": _form(
            {
                "q": {**_TEXTS, "description": "text(s) to translate; each is read as an article (lines, paragraphs)"},
                "source": {"type": "string", "description": "ar, en or auto (case-insensitive)"},
                "target": {"type": "string", "description": "en (or the source itself)"},
                "format": {"type": "string", "enum": ["text", "html"], "default": "text"},
                "alternatives": {"type": "integer", "default": 0},
                "api_key": {"type": "string"},
                "glossary": {"type": "string", "description": "ours: the name of a glossary loaded at start; 'none' for none"},
                "details": {"type": "boolean", "description": "ours: add segments (per sentence) and manifest"},
            },
            ["q", "source", "target"],
        ),
        "responses": {
            "200": _answer("translation", {"type": "object", "properties": {"translatedText": _TEXTS, "detectedLanguage": {"type": "object"}, "alternatives": {"type": "array"}, "segments": {"type": "array", "items": _SEGMENT}, "manifest": {"type": "object"}}}),
            **_errors(400, 403, 429, 500),
        },
    },
    ("/detect", "post"): {
        "summary": "Detect the language of text",
        "requestBody": _form({"q": _TEXTS, "api_key": {"type": "string"}}, ["q"]),
        "responses": {"200": _answer("languages, most likely first", {"type": "array", "items": {"type": "object", "properties": {"confidence": {"type": "number"}, "language": {"type": "string"}}}}), **_errors(400, 403, 429)},
    },
    ("/languages", "get"): {
        "summary": "Supported languages and their targets",
        "responses": {"200": _answer("languages", {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "targets": {"type": "array", "items": {"type": "string"}}}}})},
    },
    ("/frontend/settings", "get"): {"summary": "Settings for a front end", "responses": {"200": _answer("settings", {"type": "object"})}},
    ("/health", "get"): {"summary": "Health check", "responses": {"200": _answer("the server answers", {"type": "object", "properties": {"status": {"type": "string", "enum": ["ok"]}}})}},
    ("/translate_file", "post"): {
        "summary": "Translate a file (.txt, .docx, .odt, .html)",
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}, "source": {"type": "string"}, "target": {"type": "string"}, "api_key": {"type": "string"}, "glossary": {"type": "string"}}, "required": ["file", "source", "target"]}}}},
        "responses": {"200": _answer("where to download it (NAME_en.EXT)", {"type": "object", "properties": {"translatedFileUrl": {"type": "string"}}}), **_errors(400, 403, 429, 500)},
    },
    ("/download_file/{filename}", "get"): {
        "summary": "Download a translated file",
        "parameters": [{"name": "filename", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": _answer("the file", {"type": "string", "format": "binary"}, "application/octet-stream"), **_errors(404, 429)},
    },
    ("/suggest", "post"): {"summary": "Submit a suggestion (disabled on this server)", "responses": _errors(403, 429)},
    ("/spec", "get"): {"summary": "This OpenAPI document", "responses": {"200": _answer("OpenAPI 3.0", {"type": "object"})}},
    ("/docs", "get"): {"summary": "This document as a page", "responses": {"200": _answer("HTML", None, "text/html")}},
    ("/metrics", "get"): {"summary": "Prometheus metrics (with --metrics)", "responses": {"200": _answer("text format 0.0.4", {"type": "string"}, "text/plain")}},
    ("/", "get"): {"summary": "The web page (off with --disable-web-ui)", "responses": {"200": _answer("HTML", None, "text/html")}},
}


def openapi(routes: Iterable[tuple[str, Iterable[str]]], server_url: str = "") -> dict[str, Any]:
    """The OpenAPI document of ``routes`` (path, methods); KeyError for a route :data:`OPERATIONS` lacks."""
    paths: dict[str, dict[str, Any]] = {}
    for route_path, methods in routes:
        path = route_template(route_path)
        for method in sorted(m.lower() for m in methods if m.upper() not in ("HEAD", "OPTIONS")):
            paths.setdefault(path, {})[method] = OPERATIONS[(path, method)]
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "translate: LibreTranslate-compatible API (Arabic → English)", "version": __version__},
        "paths": paths,
    }
    if server_url:
        document["servers"] = [{"url": server_url}]
    return document


def render_docs(document: dict[str, Any]) -> str:
    """The OpenAPI document as one HTML page: each path, method, summary, fields and answers."""
    escape = html.escape
    sections = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            fields = []
            body = operation.get("requestBody", {}).get("content", {})
            schema = next(iter(body.values()), {}).get("schema", {}) if body else {}
            required = set(schema.get("required", []))
            for name, spec in schema.get("properties", {}).items():
                kind = spec.get("type") or "string | array"
                fields.append(f"<li><code>{escape(name)}</code> <i>{escape(kind)}</i>{' (required)' if name in required else ''} {escape(spec.get('description', ''))}</li>")
            answers = "".join(f"<li><code>{escape(code)}</code> {escape(answer.get('description', ''))}</li>" for code, answer in operation.get("responses", {}).items())
            sections.append(
                f"<section><h2><span class=method>{escape(method.upper())}</span> <code>{escape(path)}</code></h2><p>{escape(operation.get('summary', ''))}</p>"
                + (f"<h3>Fields</h3><ul>{''.join(fields)}</ul>" if fields else "")
                + f"<h3>Answers</h3><ul>{answers}</ul></section>"
            )
    title = escape(document["info"]["title"])
    style = "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}section{border-top:1px solid #d0d7de;padding:.4rem 0}.method{background:#0969da;color:#fff;border-radius:4px;padding:0 .4em;font-size:.8em}"
    return f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title><style>{style}</style></head><body><h1>{title}</h1><p>Version {escape(document['info']['version'])}. Machine-readable: <a href=spec>/spec</a>.</p>{''.join(sections)}</body></html>"
