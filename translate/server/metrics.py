"""What the API tells operators: ``/metrics`` in Prometheus text format (0.0.4) and one access-log
record per request (plain or JSON lines).

Metrics (all ``translate_``-prefixed): ``requests_total{route,method,status}``,
``request_duration_seconds{route}`` (a histogram), ``queue_depth`` (requests waiting for the engine),
``sentences_total`` and ``sentences_per_second`` (translated since start, and over the last minute),
``model_load_seconds``, ``uptime_seconds``. Routes are the templates (``/download_file/{filename}``), so
a file name never becomes a label.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter, deque
from collections.abc import Callable
from typing import Any

from translate.server.serving import route_template

__all__ = ["BUCKETS", "Metrics", "RequestObserver", "access_logger"]

#: Latency histogram bounds in seconds (a sentence decodes in ~0.1–1 s on CPUs).
BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
RATE_WINDOW_S = 60.0

access_logger = logging.getLogger("translate.access")


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Metrics:
    """Counters kept in memory by the event loop (no lock: one thread writes)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.started = clock()
        self.requests: Counter[tuple[str, str, int]] = Counter()
        self.buckets: dict[str, list[int]] = {}
        self.sums: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()
        self.sentences = 0
        self.recent: deque[tuple[float, int]] = deque()
        self.model_load_s: float | None = None

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests[(route, method, status)] += 1
        counts = self.buckets.setdefault(route, [0] * len(BUCKETS))
        for index, bound in enumerate(BUCKETS):
            if seconds <= bound:
                counts[index] += 1
        self.sums[route] += seconds
        self.counts[route] += 1

    def translated(self, sentences: int) -> None:
        now = self.clock()
        self.sentences += sentences
        self.recent.append((now, sentences))
        self._trim(now)

    def _trim(self, now: float) -> None:
        while self.recent and self.recent[0][0] < now - RATE_WINDOW_S:
            self.recent.popleft()

    def render(self, queue_depth: int) -> str:
        now = self.clock()
        self._trim(now)
        window = min(RATE_WINDOW_S, max(now - self.started, 1e-9))
        lines = [
            "# HELP translate_requests_total Requests answered, by route template, method and status.",
            "# TYPE translate_requests_total counter",
        ]
        for (route, method, status), count in sorted(self.requests.items()):
            lines.append(f'translate_requests_total{{route="{_label(route)}",method="{method}",status="{status}"}} {count}')
        lines += ["# HELP translate_request_duration_seconds Time to answer, by route template.", "# TYPE translate_request_duration_seconds histogram"]
        for route in sorted(self.buckets):
            for bound, count in zip(BUCKETS, self.buckets[route]):
                lines.append(f'translate_request_duration_seconds_bucket{{route="{_label(route)}",le="{bound}"}} {count}')
            lines.append(f'translate_request_duration_seconds_bucket{{route="{_label(route)}",le="+Inf"}} {self.counts[route]}')
            lines.append(f'translate_request_duration_seconds_sum{{route="{_label(route)}"}} {self.sums[route]:.6f}')
            lines.append(f'translate_request_duration_seconds_count{{route="{_label(route)}"}} {self.counts[route]}')
        lines += [
            "# HELP translate_queue_depth Requests waiting for the engine.", "# TYPE translate_queue_depth gauge", f"translate_queue_depth {queue_depth}",
            "# HELP translate_sentences_total Sentences translated since start.", "# TYPE translate_sentences_total counter", f"translate_sentences_total {self.sentences}",
            "# HELP translate_sentences_per_second Sentences translated per second over the last minute.", "# TYPE translate_sentences_per_second gauge",
            f"translate_sentences_per_second {sum(count for _, count in self.recent) / window:.4f}",
            "# HELP translate_uptime_seconds Seconds since the server started.", "# TYPE translate_uptime_seconds gauge", f"translate_uptime_seconds {now - self.started:.3f}",
        ]
        if self.model_load_s is not None:
            lines += ["# HELP translate_model_load_seconds Seconds the model took to load.", "# TYPE translate_model_load_seconds gauge", f"translate_model_load_seconds {self.model_load_s:.3f}"]
        return "\n".join(lines) + "\n"


class RequestObserver:
    """ASGI middleware: times every request, counts it in ``metrics`` (when given) and writes one
    access-log record (``log_format`` ``"json"``: a JSON object a line; ``"text"``: a plain line;
    ``None``: none)."""

    def __init__(self, app: Any, metrics: Metrics | None = None, log_format: str | None = None) -> None:
        self.app = app
        self.metrics = metrics
        self.log_format = log_format

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or (self.metrics is None and self.log_format is None):
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        status = [500]
        sent = [0]

        async def observed(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            elif message["type"] == "http.response.body":
                sent[0] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, observed)
        finally:
            seconds = time.monotonic() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            if self.metrics is not None:
                self.metrics.observe(route_template(route), scope["method"], status[0], seconds)
            if self.log_format is not None:
                client = scope.get("client") or ("-", 0)
                record = {"client": client[0], "method": scope["method"], "path": scope.get("path", ""), "route": route, "status": status[0], "bytes": sent[0], "ms": round(seconds * 1000, 1)}
                if self.log_format == "json":
                    access_logger.info(json.dumps(record, ensure_ascii=False))
                else:
                    access_logger.info('%s "%s %s" %s %s %.1fms', record["client"], record["method"], record["path"], record["status"], record["bytes"], record["ms"])
