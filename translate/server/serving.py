"""Running an ASGI app under uvicorn: a socket bound before the address is announced, what every app
shares in front of its routes (the Host check; the body guard: a size cap and a read deadline; a
deadline for headers), and a thread runner for tests and benchmarks.

``--port 0`` binds a free port first and then announces the real one, so the printed URL is always the
one that answers. The Host check refuses requests whose ``Host`` header is not the bound address: a page
on another site that rebinds its own DNS name to 127.0.0.1 (DNS rebinding) cannot reach the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["BodyGuard", "HostCheck", "LOOPBACK", "ServerThread", "address", "bind", "hosts_for", "is_loopback", "listen", "make_server", "refuse", "serve"]

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


def listen(host: str, port: int) -> socket.socket:
    """:func:`bind`, with a taken port or a bad address as the one-line error the CLI shows."""
    from translate.errors import InputError

    try:
        return bind(host, port)
    except OSError as error:
        raise InputError(None, f"cannot listen on {host}:{port} ({error.strerror})", "choose another --port (0 picks a free one) or --host") from None


def is_loopback(host: str) -> bool:
    return host in (LOOPBACK, "::1", "localhost")


def address(host: str, port: int, scheme: str = "http") -> str:
    """``SCHEME://HOST:PORT`` as a browser or client takes it (an IPv6 host in brackets)."""
    return f"{scheme}://[{host}]:{port}" if ":" in host else f"{scheme}://{host}:{port}"


def route_template(path: str) -> str:
    """A Starlette route path as OpenAPI and metric labels write it: ``/download_file/{filename:str}``
    is ``/download_file/{filename}``."""
    return re.sub(r"\{(\w+):\w+\}", r"{\1}", path)


def hosts_for(host: str, port: int) -> frozenset[str]:
    """The ``Host`` values a server bound to ``host:port`` answers to; empty (no check) when it is
    bound beyond loopback, where it cannot know every name it is reached by (DNS rebinding, which the
    check is for, aims at loopback servers)."""
    return allowed_hosts(host, port) if is_loopback(host) else frozenset()


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    names = {host}
    if host in (LOOPBACK, "::1"):
        names |= {"localhost", LOOPBACK, "[::1]"}
    return frozenset(names | {f"{name}:{port}" for name in names})


class HostCheck:
    """ASGI middleware: 403 for any request whose ``Host`` is not one of ``hosts`` (exact ``name`` or
    ``name:port``) nor one of ``names`` (a name at any port: what ``--allowed-host`` adds, since a
    reverse proxy or a published container port puts its own port in the Host). With neither the check
    is off: a server bound to every interface cannot know its public names."""

    def __init__(self, app: Any, hosts: frozenset[str] | None, names: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.hosts = hosts
        self.names = frozenset(name.lower() for name in names)

    def _allowed(self, host: str) -> bool:
        if host in (self.hosts or ()):
            return True
        name = host.split("]", 1)[0] + "]" if host.startswith("[") else host.split(":", 1)[0]
        return name in self.names

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and (self.hosts or self.names):
            host = dict(scope.get("headers") or ()).get(b"host", b"").decode("latin-1").lower()
            if not self._allowed(host):
                await refuse(send, 403, "this server answers only to its own address and the names given with --allowed-host (Host header refused)")
                return
        await self.app(scope, receive, send)


async def refuse(send: Any, status: int, message: str) -> None:
    """Answer ``{"error": message}`` with ``status`` and close the connection (from middleware)."""
    body = json.dumps({"error": message}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyGuard:
    """ASGI middleware: reads each request body whole before the app sees it, at most
    ``max_bytes`` (413 past it, or at once when ``Content-Length`` says so) and within
    ``timeout_s`` in all (408 after it: uvicorn's keep-alive timeout does not cover a body that
    trickles in a byte at a time, so a slowloris client would hold a connection for ever). Both
    answers close the connection. A client that disconnects mid-body is dropped without an answer."""

    def __init__(self, app: Any, max_bytes: int, timeout_s: float = READ_TIMEOUT_S, prefix: str = "") -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s
        #: Put before every message (the LibreTranslate API says "Invalid request: ").
        self.prefix = prefix

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers") or ():
            if name == b"content-length":
                if not value.isdigit():
                    await refuse(send, 400, self.prefix + "the Content-Length header is not a number")
                    return
                if int(value) > self.max_bytes:
                    await refuse(send, 413, self.prefix + f"the request body ({int(value)} bytes) is over the limit ({self.max_bytes} bytes)")
                    return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_s
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                await refuse(send, 408, self.prefix + f"the request body did not arrive within {self.timeout_s:g} s")
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await refuse(send, 413, self.prefix + f"the request body exceeds the limit ({self.max_bytes} bytes)")
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        del chunks
        delivered = False

        async def replay():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: the disconnect, when it comes

        await self.app(scope, replay, send)


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
        # X-Forwarded-For/Proto are honoured only from the proxies named (forwarded_allow_ips): any
        # client can write those headers, so by default none is believed (uvicorn's own default
        # believes 127.0.0.1, which every local client is).
        "proxy_headers": "forwarded_allow_ips" in config,
        "http": _header_deadline_protocol(),
    }
    settings.update(config)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, **settings))
    state = getattr(app, "state", None)
    if state is not None:
        # Long-lived responses (the review page's event stream) end when they see the server stopping,
        # so a shutdown does not wait out the graceful timeout on them.
        state.server = server
    return server


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
