"""Running an ASGI app under uvicorn: a socket bound before the address is announced, the Host check
every app shares, and a thread runner for tests and benchmarks.

``--port 0`` binds a free port first and then announces the real one, so the printed URL is always the
one that answers. The Host check refuses requests whose ``Host`` header is not the bound address: a page
on another site that rebinds its own DNS name to 127.0.0.1 (DNS rebinding) cannot reach the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["HostCheck", "LOOPBACK", "ServerThread", "bind", "make_server", "serve"]

LOOPBACK = "127.0.0.1"
#: Seconds an idle connection is kept (uvicorn's keep-alive), and the most a request body may take to
#: arrive in each server's body reader (slow bodies, slowloris).
READ_TIMEOUT_S = 15
#: Seconds in-flight requests get to finish on shutdown (Ctrl-C, SIGTERM).
GRACEFUL_SHUTDOWN_S = 10


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (``port`` 0: a free one); ``OSError`` when taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    names = {host}
    if host in (LOOPBACK, "::1"):
        names |= {"localhost", LOOPBACK, "[::1]"}
    return frozenset(names | {f"{name}:{port}" for name in names})


class HostCheck:
    """ASGI middleware: 403 for any request whose ``Host`` is not one of ``hosts`` (when ``hosts`` is
    empty the check is off: a server bound to every interface cannot know its public names)."""

    def __init__(self, app: Any, hosts: frozenset[str] | None) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and self.hosts:
            host = dict(scope.get("headers") or ()).get(b"host", b"").decode("latin-1").lower()
            if host not in self.hosts:
                body = b'{"error":"this server answers only to its own address (Host header refused)"}'
                await send({"type": "http.response.start", "status": 403, "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def _header_deadline_protocol() -> type:
    """uvicorn's h11 protocol with a deadline for each request's headers.

    uvicorn times out idle keep-alive connections, and our body readers time out slow bodies, but
    nothing times out a connection that opens and sends its headers slowly or never: a thousand of
    those fill ``limit_concurrency`` and every other client gets 503 (slowloris on the headers). Here a
    connection must start each request within :data:`READ_TIMEOUT_S` of opening or of its previous
    answer, or it is closed.
    """
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderDeadline(H11Protocol):  # type: ignore[misc]
        _deadline: asyncio.TimerHandle | None = None

        def _arm(self) -> None:
            self._disarm()
            self._started = self.cycle
            self._deadline = self.loop.call_later(READ_TIMEOUT_S, self._expire)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _expire(self) -> None:
            self._deadline = None
            if self.cycle is self._started and not self.transport.is_closing():
                self.transport.close()  # no request began in time

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def handle_events(self) -> None:
            before = self.cycle
            super().handle_events()
            if self.cycle is not before:
                self._disarm()  # the headers are in; the body has its own limit

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()  # the next request's headers must come in time too

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return HeaderDeadline


def make_server(app: Any, sock: socket.socket, **config: Any) -> Any:
    import uvicorn

    host, port = sock.getsockname()[:2]
    settings = {
        "log_level": "warning",
        "access_log": False,
        "timeout_keep_alive": READ_TIMEOUT_S,
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_S,
        "lifespan": "on",
        "server_header": False,
        "http": _header_deadline_protocol(),
    }
    settings.update(config)
    return uvicorn.Server(uvicorn.Config(app, host=host, port=port, **settings))


class _Stopped(Exception):
    """SIGTERM, re-raised by uvicorn after its graceful shutdown (see :func:`serve`)."""


def _stopped(signum: int, frame: object) -> None:
    raise _Stopped


def serve(app: Any, sock: socket.socket, **config: Any) -> None:
    """Serve until Ctrl-C/SIGTERM; in-flight requests get :data:`GRACEFUL_SHUTDOWN_S` to finish.
    Stopping is the normal end of a server, so it returns: uvicorn re-raises the signal after its
    graceful shutdown, and that second SIGINT (KeyboardInterrupt) or SIGTERM (which would otherwise
    kill the process with the signal's status, and a service manager would call it a failure) is
    absorbed here."""
    import signal

    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stopped) if in_main else None
    try:
        make_server(app, sock, **config).run(sockets=[sock])
    except (KeyboardInterrupt, _Stopped):
        pass
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)


@dataclass
class ServerThread:
    """A real uvicorn on 127.0.0.1 in a background thread (tests, benchmarks)::

        with ServerThread.start(app) as server:
            httpx.get(server.url + "/health")
    """

    url: str
    server: Any
    thread: threading.Thread

    @classmethod
    @contextlib.contextmanager
    def start(cls, app: Any, host: str = LOOPBACK, **config: Any) -> Iterator[ServerThread]:
        sock = bind(host, 0)
        port = sock.getsockname()[1]
        server = make_server(app, sock, **config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        try:
            yield cls(f"http://{host}:{port}", server, thread)
        finally:
            server.should_exit = True
            thread.join(timeout=30)
            sock.close()
