"""The translation memory on disk: one SQLite file of Arabic→English entries with their provenance.

Each entry keeps its Arabic and English as given, the normalised key (:func:`~translate.tm.normalise.tm_key`)
exact matches are found by, the previous sentence's key (for 101% context matches), and provenance:
the file or run it came from, the editor, when it was created and last changed, and how often a run
reused it. The file is in WAL mode with a busy timeout, as the translation cache is
(:mod:`translate.engines.cached`), so a run can read it while an import writes. An import is one
transaction: a file is added whole or not at all.

Default location: ``$TRANSLATE_TM``, else ``memory.sqlite3`` beside the translation cache
(:func:`translate.engines.resolve.translate_cache_dir`).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from translate.errors import InputError, OutputError
from translate.records import TmProvenance

__all__ = ["DEFAULT_TM_FILE", "TM_ENV", "ImportCount", "TmEntry", "TmStats", "TranslationMemory", "default_tm_path"]

logger = logging.getLogger(__name__)

TM_ENV = "TRANSLATE_TM"
DEFAULT_TM_FILE = "memory.sqlite3"
SCHEMA_VERSION = 1
#: Seconds a writer waits for another process's transaction before the file counts as locked.
BUSY_TIMEOUT = 30.0
_OPEN_ATTEMPTS = 20
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS entries ("
    " id INTEGER PRIMARY KEY, key TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, previous_key TEXT,"
    " origin TEXT NOT NULL, editor TEXT, created TEXT, changed TEXT, usage INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS entries_key ON entries (key)",
)
_COLUMNS = "id, key, source, target, previous_key, origin, editor, created, changed, usage"


def default_tm_path() -> Path:
    """``$TRANSLATE_TM``, else ``memory.sqlite3`` in the translation cache's folder (read at call time)."""
    from translate.engines.resolve import translate_cache_dir

    if os.environ.get(TM_ENV):
        return Path(os.environ[TM_ENV]).expanduser()
    return translate_cache_dir() / DEFAULT_TM_FILE


@dataclass(frozen=True)
class TmEntry:
    """One memory entry; ``id`` is 0 until it is stored."""

    source: str
    target: str
    key: str
    previous_key: str | None = None
    provenance: TmProvenance = field(default_factory=TmProvenance)
    id: int = 0


@dataclass(frozen=True)
class ImportCount:
    """What one import did: entries added, older ones they replaced, and incoming ones skipped
    because the memory already held a newer translation of the same source."""

    added: int = 0
    replaced: int = 0
    kept_newer: int = 0


@dataclass(frozen=True)
class TmStats:
    path: Path
    entries: int
    distinct_sources: int
    origins: tuple[tuple[str, int], ...]
    reused: int


def _entry(row: tuple) -> TmEntry:
    entry_id, key, source, target, previous_key, origin, editor, created, changed, usage = row
    return TmEntry(source, target, key, previous_key, TmProvenance(origin, editor, created, changed, usage), entry_id)


class TranslationMemory:
    """An open memory file. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: Path, *, create: bool = True, timeout: float = BUSY_TIMEOUT) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise InputError(self.path, "no such translation memory", "import one first with `translate tm import FILE`, or pass --tm PATH")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self._open()
        except sqlite3.DatabaseError as error:
            raise self._database_error(error, "opened") from None
        except OSError as error:
            raise OutputError(self.path, f"the translation memory cannot be created ({error.strerror})", f"set {TM_ENV} or pass --tm with a writable path") from None

    def _database_error(self, error: sqlite3.Error, doing: str) -> InputError | OutputError:
        message = str(error)
        if "locked" in message or "busy" in message:
            return OutputError(self.path, f"the translation memory is locked by another process and could not be {doing} ({message})", "wait for the other import or run to finish and try again")
        return InputError(self.path, f"is not a usable translation memory ({message})", "move the file away and import your TMX files again, or pass another --tm PATH")

    def _open(self) -> None:
        # As in the translation cache: switching a new file to WAL takes a lock the busy timeout does
        # not cover, so two processes creating the memory at once retry briefly.
        for attempt in range(_OPEN_ATTEMPTS):
            try:
                self._connection.execute("PRAGMA journal_mode=WAL")
                for statement in _SCHEMA:
                    self._connection.execute(statement)
                found = self._connection.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
                if found is None:
                    self._connection.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                elif found[0] != str(SCHEMA_VERSION):
                    raise InputError(self.path, f"is a translation memory of schema {found[0]}, this version reads {SCHEMA_VERSION}", "export it with the translate version that wrote it and import the TMX here")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == _OPEN_ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._connection.close()

    def add(self, entries: Iterable[TmEntry], *, keep_all: bool = False) -> ImportCount:
        """Store ``entries`` in one transaction. A source already in the memory (same key) keeps only
        the newest translation (by ``changed``, a tie going to the
        incoming entry) unless ``keep_all``."""
        added = replaced = kept = 0
        connection = self._connection
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                for entry in entries:
                    if not keep_all:
                        rows = connection.execute("SELECT id, changed FROM entries WHERE key = ?", (entry.key,)).fetchall()
                        if any((changed or "") > (entry.provenance.changed or "") for _, changed in rows):
                            kept += 1
                            continue
                        if rows:
                            connection.executemany("DELETE FROM entries WHERE id = ?", [(row[0],) for row in rows])
                            replaced += len(rows)
                    p = entry.provenance
                    connection.execute(
                        "INSERT INTO entries (key, source, target, previous_key, origin, editor, created, changed, usage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (entry.key, entry.source, entry.target, entry.previous_key, p.origin, p.editor, p.created, p.changed, p.usage),
                    )
                    added += 1
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise self._database_error(error, "written") from None
        return ImportCount(added, replaced, kept)

    def entries(self) -> Iterator[TmEntry]:
        """Every entry, oldest stored first."""
        try:
            for row in self._connection.execute(f"SELECT {_COLUMNS} FROM entries ORDER BY id"):
                yield _entry(row)
        except sqlite3.DatabaseError as error:
            raise self._database_error(error, "read") from None

    def get(self, ids: Sequence[int]) -> dict[int, TmEntry]:
        found: dict[int, TmEntry] = {}
        unique = list(dict.fromkeys(ids))
        try:
            for start in range(0, len(unique), 500):  # SQLite's bound-parameter limit
                chunk = unique[start : start + 500]
                rows = self._connection.execute(f"SELECT {_COLUMNS} FROM entries WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
                found.update((row[0], _entry(row)) for row in rows)
        except sqlite3.DatabaseError as error:
            raise self._database_error(error, "read") from None
        return found

    def record_use(self, ids: Iterable[int]) -> None:
        """Count one reuse of each entry. Best effort: a memory another process holds locked only
        loses the count, never the run."""
        counted = [(entry_id,) for entry_id in ids]
        if not counted:
            return
        try:
            with self._connection:
                self._connection.executemany("UPDATE entries SET usage = usage + 1 WHERE id = ?", counted)
        except sqlite3.OperationalError as error:
            logger.warning("translation memory %s: usage counts not updated: %s", self.path, error)

    def __len__(self) -> int:
        return int(self._connection.execute("SELECT COUNT(*) FROM entries").fetchone()[0])

    def stats(self) -> TmStats:
        try:
            entries, distinct, reused = self._connection.execute("SELECT COUNT(*), COUNT(DISTINCT key), COALESCE(SUM(usage), 0) FROM entries").fetchone()
            origins = self._connection.execute("SELECT origin, COUNT(*) FROM entries GROUP BY origin ORDER BY COUNT(*) DESC, origin").fetchall()
        except sqlite3.DatabaseError as error:
            raise self._database_error(error, "read") from None
        return TmStats(self.path, int(entries), int(distinct), tuple((str(o), int(n)) for o, n in origins), int(reused))
