"""The shared uvicorn runner: a connection that never finishes its headers is closed (slowloris on
the headers would otherwise fill every connection slot), normal and keep-alive requests are not."""

from __future__ import annotations

import socket
import time

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from translate.server import serving


def _app() -> Starlette:
    async def ok(request):
        return JSONResponse({"ok": True})

    return Starlette(routes=[Route("/ok", ok)])


@pytest.mark.parametrize("sent", [b"", b"POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n"])
def test_a_connection_that_never_finishes_its_headers_is_closed(monkeypatch: pytest.MonkeyPatch, sent: bytes) -> None:
    monkeypatch.setattr(serving, "READ_TIMEOUT_S", 0.5)
    with serving.ServerThread.start(_app()) as server:
        host, port = server.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as idle:
            if sent:
                idle.sendall(sent)
            started = time.monotonic()
            assert idle.recv(1024) == b""  # closed by the server
            assert time.monotonic() - started < 5
        assert httpx.get(server.url + "/ok").json() == {"ok": True}


def test_keep_alive_requests_within_the_deadline_are_served(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serving, "READ_TIMEOUT_S", 0.5)
    with serving.ServerThread.start(_app()) as server, httpx.Client() as client:
        for _ in range(3):
            assert client.get(server.url + "/ok").json() == {"ok": True}
            time.sleep(0.2)
