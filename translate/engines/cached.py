"""A persistent translation cache in front of any engine: re-running resumes, nothing is translated twice.

Each decoded sentence is stored in SQLite under a key made of everything that determines the output:
the model id and revision, the engine, the decoding settings, the source text and the forced prefix
(glossary repairs are cached too). A run interrupted by Ctrl-C keeps every chunk it finished; the next
run translates only the rest. SQLite in WAL mode lets two runs share the cache safely.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
import zlib
from collections.abc import Sequence
from pathlib import Path

from translate.engines.base import DecodingSettings, Engine, Hypothesis, ModelInfo, RescoringEngine, positions_of
from translate.engines.resolve import translate_cache_dir
from translate.errors import OutputError

__all__ = ["CachedEngine", "TranslationCache", "default_cache_path"]

logger = logging.getLogger(__name__)

CACHE_FILE = "translations.sqlite3"
OPEN_ATTEMPTS = 20
SCHEMA = "CREATE TABLE IF NOT EXISTS hypotheses (key TEXT PRIMARY KEY, value BLOB NOT NULL)"


def default_cache_path() -> Path:
    return translate_cache_dir() / CACHE_FILE


def _encode(hypothesis: Hypothesis) -> bytes:
    record = [hypothesis.text, hypothesis.tokens, hypothesis.token_logprobs, hypothesis.source_tokens, hypothesis.attention, hypothesis.sequence_logprob]
    return zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"))


def _decode(blob: bytes) -> Hypothesis:
    text, tokens, logprobs, source_tokens, attention, sequence_logprob = json.loads(zlib.decompress(blob))
    return Hypothesis(text, tuple(tokens), tuple(logprobs), tuple(source_tokens), tuple(tuple(row) for row in attention), sequence_logprob)


class TranslationCache:
    """A key → :class:`Hypothesis` store in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # check_same_thread=False: `translate serve` opens the cache at start and decodes in its one
            # engine thread; a cache is only ever used by one thread at a time.
            self._connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self._open()
        except sqlite3.DatabaseError as error:
            raise OutputError(self.path, f"the translation cache cannot be opened ({error})", "delete the file, or run with --no-cache") from None
        except OSError as error:
            raise OutputError(self.path, f"the translation cache cannot be created ({error.strerror})", "set TRANSLATE_CACHE to a writable folder, or run with --no-cache") from None

    def _open(self) -> None:
        # Switching a brand-new database to WAL takes a lock that the busy timeout does not cover, so
        # two runs creating the cache at the same moment can see "database is locked": retry briefly.
        for attempt in range(OPEN_ATTEMPTS):
            try:
                self._connection.execute("PRAGMA journal_mode=WAL")
                self._connection.execute(SCHEMA)
                return
            except sqlite3.OperationalError:
                if attempt == OPEN_ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))

    def get_many(self, keys: Sequence[str]) -> dict[str, Hypothesis]:
        found: dict[str, Hypothesis] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):  # SQLite's bound-parameter limit
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._connection.execute(f"SELECT key, value FROM hypotheses WHERE key IN ({marks})", chunk).fetchall()
            except sqlite3.OperationalError as error:
                # A cache that cannot be read only costs time: translate instead.
                logger.warning("translation cache %s not read: %s", self.path, error)
                return found
            for key, value in rows:
                found[key] = _decode(value)
        return found

    def put_many(self, items: dict[str, Hypothesis]) -> None:
        try:
            with self._connection:
                self._connection.executemany("INSERT OR REPLACE INTO hypotheses VALUES (?, ?)", [(key, _encode(h)) for key, h in items.items()])
        except sqlite3.OperationalError as error:
            # A full disk or a locked file must not lose the translations already made: log and go on.
            logger.warning("translation cache %s not updated: %s", self.path, error)

    def __len__(self) -> int:
        return int(self._connection.execute("SELECT COUNT(*) FROM hypotheses").fetchone()[0])

    def close(self) -> None:
        self._connection.close()


class CachedEngine:
    """An :class:`~translate.engines.base.Engine` that answers from the cache and asks ``inner`` only
    for what is missing. ``hits``/``misses`` count sentences, for the run summary."""

    def __init__(self, inner: Engine, cache: TranslationCache) -> None:
        self.inner = inner
        self.cache = cache
        self.hits = 0
        self.misses = 0

    @property
    def info(self) -> ModelInfo:
        return self.inner.info

    @property
    def settings(self) -> DecodingSettings:
        return self.inner.settings

    def _key(self, source: str, prefix: str | None) -> str:
        info = self.inner.info
        material = json.dumps([info.model_id, info.revision, info.engine, self.inner.settings.as_manifest(), source, prefix], ensure_ascii=False)
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def translate(self, sources: Sequence[str], prefixes: Sequence[str | None] | None = None) -> list[Hypothesis]:
        prefixes = list(prefixes) if prefixes is not None else [None] * len(sources)
        keys = [self._key(source, prefix) for source, prefix in zip(sources, prefixes)]
        found = self.cache.get_many(keys)
        missing = [i for i, key in enumerate(keys) if key not in found]
        self.hits += len(sources) - len(missing)
        self.misses += len(missing)
        if missing:
            fresh = self.inner.translate([sources[i] for i in missing], [prefixes[i] for i in missing])
            new = {keys[i]: hypothesis for i, hypothesis in zip(missing, fresh)}
            self.cache.put_many(new)
            found.update(new)
        return [found[key] for key in keys]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Hypothesis]:
        return self.inner.score(sources, targets)

    def rescore(self, hypotheses: Sequence[Hypothesis]) -> list[Hypothesis]:
        inner = self.inner
        return inner.rescore(hypotheses) if isinstance(inner, RescoringEngine) else list(hypotheses)

    def count_tokens(self, sources: Sequence[str]) -> list[int]:
        return self.inner.count_tokens(sources)

    @property
    def max_positions(self) -> int | None:
        """The inner engine's positions (None when it does not say): glossary repair and chunking keep
        within them (issue 32)."""
        return positions_of(self.inner)

    def count_target_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.inner.count_target_tokens(texts)  # type: ignore[attr-defined]

    def alternatives(self, sources: Sequence[str], count: int) -> list[list[str]]:
        """The inner engine's n-best lists (not cached: asked for rarely, and per request)."""
        method = getattr(self.inner, "alternatives", None)
        return method(sources, count) if method is not None else [[] for _ in sources]
