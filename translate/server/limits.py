"""What the API lets one client do: API keys (a file, one key a line, optional per-key request
limit), requests per minute per key or per IP, and the size of a request (characters per text,
texts per request, body bytes), and the bounds of the request queue in front of the engine.

Keys come from a file (``--api-keys-file``) or, as LibreTranslate keeps them, from its SQLite keys
database (``--api-keys`` with ``--api-keys-db-path``, default ``db/api_keys.db``; table ``api_keys``
with ``api_key``, ``req_limit``, ``char_limit``), which ``translate keys add/remove/list`` manage as
LibreTranslate's ``ltmanage keys`` does and which a LibreTranslate server's database can be used as.

The keys file::

    # comments and blank lines are ignored
    3f0c…e1            # a key with the server's default request limit (--req-limit)
    newsroom-cms 600   # a key allowed 600 requests a minute

Rate limits are a sliding window of one minute, counted in memory, keyed by the API key when the
request carries a valid one and by the client's address otherwise (``X-Forwarded-For`` is not
trusted: any client can write it). LibreTranslate counts per address only; keying by the key is
what lets a newsroom's CMS behind one NAT address have its own budget.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from translate.errors import InputError

__all__ = [
    "DEFAULT_BATCH_LIMIT",
    "DEFAULT_BODY_BYTES",
    "DEFAULT_MAX_PENDING",
    "DEFAULT_MAX_SENTENCES",
    "DEFAULT_WINDOW_MS",
    "DEFAULT_CHAR_LIMIT",
    "DEFAULT_FILE_CHAR_LIMIT",
    "NO_LIMIT",
    "ApiKeys",
    "ApiKeysDatabase",
    "DEFAULT_KEYS_DB",
    "Limits",
    "RateLimiter",
    "load_api_keys",
]

#: LibreTranslate's spelling of "no limit" on the command line.
NO_LIMIT = -1
#: Characters per text (each item of a ``q`` list): about eight news articles. LibreTranslate's
#: default is no limit; a server that decodes on CPUs needs one, or one request holds the engine
#: for minutes.
DEFAULT_CHAR_LIMIT = 20_000
#: Texts per ``q`` list (LibreTranslate's default is no limit; a CMS sends a page's paragraphs).
DEFAULT_BATCH_LIMIT = 128
#: Bytes per request body, read with a cap (the body is never held past it): 10 MB.
DEFAULT_BODY_BYTES = 10 * 1024 * 1024
#: Characters of one ``/translate_file`` upload (about 200 articles).
DEFAULT_FILE_CHAR_LIMIT = 500_000
#: Seconds of the sliding window a request limit counts (LibreTranslate's limits are per minute).
WINDOW_S = 60.0
#: Identities tracked before idle ones are dropped, so a flood of addresses cannot grow memory.
MAX_TRACKED = 100_000


@dataclass(frozen=True)
class Limits:
    """Request-size and request-rate limits (:data:`NO_LIMIT` turns one off)."""

    char_limit: int = DEFAULT_CHAR_LIMIT
    batch_limit: int = DEFAULT_BATCH_LIMIT
    #: Requests per minute per client without a key of its own (NO_LIMIT: none).
    req_limit: int = NO_LIMIT
    body_bytes: int = DEFAULT_BODY_BYTES
    file_char_limit: int = DEFAULT_FILE_CHAR_LIMIT
    #: Refuse requests without a valid API key (needs keys).
    require_api_key: bool = False
    #: LibreTranslate's ``--require-api-key-origin``: a request without a key is refused unless its
    #: ``Origin`` header matches this regular expression (the site's own page may go without one).
    require_api_key_origin: str | None = None


@dataclass(frozen=True)
class ApiKeys:
    """Valid keys and each one's request limit per minute (None: the server's default)."""

    limits: dict[str, int | None]
    path: str = ""

    def __contains__(self, key: object) -> bool:
        return key in self.limits

    def __len__(self) -> int:
        return len(self.limits)

    def limit_of(self, key: str) -> int | None:
        return self.limits.get(key)

    def char_limit_of(self, key: str) -> int | None:
        return None


#: LibreTranslate's default keys database path (``--api-keys-db-path``).
DEFAULT_KEYS_DB = Path("db") / "api_keys.db"
#: Seconds a key's lookup is remembered (LibreTranslate: 30), so keys added while serving take effect.
KEYS_CACHE_S = 30.0


class ApiKeysDatabase:
    """LibreTranslate's keys database: created when missing (as LibreTranslate does), read with a short
    cache so ``translate keys add`` takes effect on a running server within :data:`KEYS_CACHE_S`."""

    SCHEMA = 'CREATE TABLE IF NOT EXISTS api_keys ("api_key" TEXT NOT NULL, "req_limit" INTEGER NOT NULL, "char_limit" INTEGER DEFAULT NULL, PRIMARY KEY("api_key"))'

    def __init__(self, path: Path, clock: Callable[[], float] = time.monotonic) -> None:
        import sqlite3
        import threading

        self.path = Path(path)
        self._clock = clock
        self._cache: dict[str, tuple[float, tuple[int, int | None] | None]] = {}
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
            self._db.execute(self.SCHEMA)
        except (OSError, sqlite3.Error) as error:
            raise InputError(self.path, f"cannot be opened as an API keys database ({error})", "check the path (--api-keys-db-path) and its permissions") from None

    def _row(self, key: object) -> tuple[int, int | None] | None:
        if not isinstance(key, str):
            return None
        now = self._clock()
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and now - cached[0] < KEYS_CACHE_S:
                return cached[1]
            row = self._db.execute("SELECT req_limit, char_limit FROM api_keys WHERE api_key = ?", (key,)).fetchone()
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[key] = (now, tuple(row) if row else None)  # type: ignore[assignment]
            return self._cache[key][1]

    def __contains__(self, key: object) -> bool:
        return self._row(key) is not None

    def limit_of(self, key: str) -> int | None:
        row = self._row(key)
        return row[0] if row else None

    def char_limit_of(self, key: str) -> int | None:
        row = self._row(key)
        return row[1] if row else None

    def add(self, req_limit: int, char_limit: int | None = None, key: str | None = None) -> str:
        import uuid

        key = key or str(uuid.uuid4())
        with self._lock:
            self._db.execute("INSERT INTO api_keys (api_key, req_limit, char_limit) VALUES (?, ?, ?)", (key, req_limit, char_limit))
            self._cache.pop(key, None)
        return key

    def remove(self, key: str) -> bool:
        with self._lock:
            removed = self._db.execute("DELETE FROM api_keys WHERE api_key = ?", (key,)).rowcount
            self._cache.pop(key, None)
        return bool(removed)

    def all(self) -> list[tuple[str, int, int | None]]:
        with self._lock:
            return [tuple(row) for row in self._db.execute("SELECT api_key, req_limit, char_limit FROM api_keys ORDER BY api_key")]  # type: ignore[misc]


def load_api_keys(path: Path) -> ApiKeys:
    """Parse a keys file; a bad line is an :class:`InputError` naming the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "no such API keys file", "pass a file with one key a line") from None
    except UnicodeDecodeError as error:
        raise InputError(path, f"is not UTF-8 (byte {error.start})", "save the keys file as UTF-8") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror})", "check its permissions") from None
    limits: dict[str, int | None] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split()
        if len(fields) > 2:
            raise InputError(path, f"line {number}: expected a key and at most a request limit, found {len(fields)} fields", "write KEY or KEY REQUESTS_PER_MINUTE")
        key = fields[0]
        limit: int | None = None
        if len(fields) == 2:
            if not fields[1].isdigit() or int(fields[1]) < 1:
                raise InputError(path, f"line {number}: the request limit {fields[1]!r} is not a positive whole number", "write KEY or KEY REQUESTS_PER_MINUTE")
            limit = int(fields[1])
        if key in limits:
            raise InputError(path, f"line {number}: the key on this line is listed twice", "keep one line per key")
        limits[key] = limit
    if not limits:
        raise InputError(path, "holds no API key", "write one key a line, or leave --api-keys out")
    return ApiKeys(limits, str(path))


class RateLimiter:
    """Requests per :data:`WINDOW_S` per identity, in a sliding window. Used from the event loop
    only (no lock); ``clock`` is injectable for tests."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}

    def allow(self, identity: str, limit: int) -> bool:
        """Count one request of ``identity``; False (and not counted) when it would exceed ``limit``."""
        if limit == NO_LIMIT:
            return True
        now = self._clock()
        stamps = self._seen.get(identity)
        if stamps is None:
            if len(self._seen) >= MAX_TRACKED:
                self._forget_idle(now)
            stamps = self._seen[identity] = deque()
        while stamps and stamps[0] <= now - WINDOW_S:
            stamps.popleft()
        if len(stamps) >= limit:
            return False
        stamps.append(now)
        return True

    def _forget_idle(self, now: float) -> None:
        idle = [identity for identity, stamps in self._seen.items() if not stamps or stamps[-1] <= now - WINDOW_S]
        for identity in idle:
            del self._seen[identity]
        if len(self._seen) >= MAX_TRACKED:  # all active: forget the oldest half rather than grow
            for identity in sorted(self._seen, key=lambda name: self._seen[name][-1])[: MAX_TRACKED // 2]:
                del self._seen[identity]


# -- the request queue (translate.server.batching) ----------------------------------------------
#: How long the first request of a batch waits for others. When a batch's answers go out together,
#: its clients' next requests come back over some 10-20 ms; with 5 ms they split into alternating
#: partial batches (scripts/load_api.py, 32 clients on 2 shared cores: 2.9x one client's
#: throughput with 5 ms, 3.3x with 20 ms). 20 ms is 4 % of one sentence's decoding on CPUs.
DEFAULT_WINDOW_MS = 20.0
#: Sentences per engine window: the pipeline's own window (length-sorted into full engine batches).
DEFAULT_MAX_SENTENCES = 256
#: Requests waiting (not yet decoding) before new ones are refused with 429.
DEFAULT_MAX_PENDING = 256
