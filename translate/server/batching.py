"""Request batching: requests that arrive together share engine batches.

A CPU decodes 32 sentences in one batch in far less than 32 times one sentence's time, but HTTP
clients send one text at a time. :class:`Batcher` holds a bounded queue of requests; its loop takes
the first waiting request, keeps collecting for a short window (:data:`DEFAULT_WINDOW_MS`, or until
:data:`DEFAULT_MAX_SENTENCES` sentences), and hands them all to the pipeline as one window
(:func:`translate.pipeline.translate_window`, the very code ``translate run`` uses), in a worker
thread, so the event loop keeps reading and answering other clients while the engine works. While a
batch decodes, new requests queue up and form the next one: under load the batches fill by
themselves and the window costs nothing.

The queue is bounded (:data:`DEFAULT_MAX_PENDING` requests): a full queue is :class:`QueueFull`
(the API answers 429) instead of a backlog that grows without end. One engine thread decodes; the
engine is never called from two threads at once. If a merged batch fails, each of its requests is
decoded again alone, so a request that breaks the engine fails by itself and not its neighbours.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from translate.document import Document
from translate.engines.base import Engine
from translate.records import Run
from translate.segment import Segment
# The queue's tunables live in limits.py, which the command line reads without importing asyncio.
from translate.server.limits import DEFAULT_MAX_PENDING, DEFAULT_MAX_SENTENCES, DEFAULT_WINDOW_MS

if TYPE_CHECKING:
    from translate.glossary import TermMatcher
    from translate.tm import MemoryLookup

__all__ = ["BatchSettings", "Batcher", "QueueFull", "Translation"]

logger = logging.getLogger(__name__)

class QueueFull(Exception):
    """The request queue holds :attr:`BatchSettings.max_pending` requests already."""

    def __init__(self, pending: int) -> None:
        self.pending = pending
        super().__init__(f"the translation queue is full ({pending} requests waiting); retry in a moment")


@dataclass(frozen=True)
class BatchSettings:
    window_ms: float = DEFAULT_WINDOW_MS
    max_sentences: int = DEFAULT_MAX_SENTENCES
    max_pending: int = DEFAULT_MAX_PENDING
    #: False: every request is decoded alone (the benchmark's "without batching").
    merge: bool = True


@dataclass(frozen=True)
class Translation:
    """One text's run, and for each sentence id the engine's n-best alternatives (best first) when
    they were asked for."""

    run: Run
    alternatives: dict[int, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class _Job:
    segmented: list[tuple[Document, list[Segment]]]
    glossary: TermMatcher | None
    alternatives: int
    future: asyncio.Future[list[Translation]]

    @property
    def sentences(self) -> int:
        return sum(1 for _, segments in self.segmented for segment in segments if not segment.passthrough)


def _nbest(engine: Engine, sources: list[str], count: int) -> list[tuple[str, ...]]:
    method = getattr(engine, "alternatives", None)
    if method is None or not sources:
        return [() for _ in sources]
    return [tuple(texts) for texts in method(sources, count)]


@dataclass(frozen=True)
class _Memory:
    """The translation memory the pipeline consults (opened in the engine thread: SQLite
    connections belong to the thread that opened them)."""

    lookup: MemoryLookup
    tm_min: int


def _decode_group(engine: Engine, jobs: Sequence[_Job], memory: _Memory | None = None) -> list[list[Translation]]:
    """One pipeline window for jobs that share a glossary; runs come back in input order."""
    from translate.pipeline import translate_window

    segmented = [pair for job in jobs for pair in job.segmented]
    with_memory: dict[str, Any] = {"memory": memory.lookup, "tm_min": memory.tm_min} if memory is not None else {}
    runs = iter([run for run, _ in translate_window(segmented, engine, glossary=jobs[0].glossary, **with_memory)])
    per_job = [[next(runs) for _ in job.segmented] for job in jobs]
    wanted = [(job, runs_of_job) for job, runs_of_job in zip(jobs, per_job) if job.alternatives > 0]
    translations = [[Translation(run) for run in runs_of_job] for runs_of_job in per_job]
    if wanted:
        # One n-best call for every sentence that asked, at the largest count asked for; sentences the
        # pipeline cut into pieces (over the model's input budget) keep their single translation.
        count = max(job.alternatives for job, _ in wanted)
        budget = engine.settings.max_input_tokens
        asked = [(j, r, pair) for j, (job, runs_of_job) in enumerate(wanted) for r, run in enumerate(runs_of_job) for pair in run.pairs if not pair.passthrough]
        lengths = engine.count_tokens([pair.source for _, _, pair in asked]) if asked else []
        fitting = [item for item, length in zip(asked, lengths) if length <= budget]
        nbest = _nbest(engine, [pair.source for _, _, pair in fitting], count)
        index_of = {id(job): jobs.index(job) for job, _ in wanted}
        found: dict[tuple[int, int], dict[int, tuple[str, ...]]] = {}
        for (j, r, pair), texts in zip(fitting, nbest):
            found.setdefault((j, r), {})[pair.id] = texts
        for j, (job, runs_of_job) in enumerate(wanted):
            position = index_of[id(job)]
            translations[position] = [Translation(run, found.get((j, r), {})) for r, run in enumerate(runs_of_job)]
    return translations


def _decode(engine: Engine, jobs: Sequence[_Job], memory: _Memory | None = None) -> list[list[Translation] | BaseException]:
    """Decode ``jobs`` (in the engine thread): one window per glossary; a failing merged window is
    decoded again job by job, so only the job that fails gets the error."""
    results: list[list[Translation] | BaseException | None] = [None] * len(jobs)
    groups: dict[int, list[int]] = {}
    for index, job in enumerate(jobs):
        groups.setdefault(id(job.glossary), []).append(index)
    for indices in groups.values():
        try:
            for index, translations in zip(indices, _decode_group(engine, [jobs[i] for i in indices], memory)):
                results[index] = translations
        except Exception as error:  # noqa: BLE001  (any failure goes to its request, never kills the loop)
            if len(indices) == 1:
                results[indices[0]] = error
                continue
            logger.warning("a merged batch of %d requests failed (%s); decoding them one by one", len(indices), error)
            for index in indices:
                try:
                    results[index] = _decode_group(engine, [jobs[index]], memory)[0]
                except Exception as alone:  # noqa: BLE001  (this request alone failed)
                    results[index] = alone
    return [result if result is not None else RuntimeError("not decoded") for result in results]


class _EngineThread:
    """The one thread that touches the engine (and the memory's SQLite connection). A daemon thread,
    not a ``ThreadPoolExecutor``: the interpreter joins pool threads at exit, so a shutdown would wait
    for the decode in progress however long it runs; uvicorn's graceful period is the bound instead."""

    def __init__(self) -> None:
        self._work: queue.SimpleQueue[tuple[concurrent.futures.Future[Any], Callable[..., Any], tuple[Any, ...]] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name="translate-engine", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while (item := self._work.get()) is not None:
            future, function, arguments = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(function(*arguments))
            except BaseException as error:  # noqa: BLE001  (handed to the awaiting request)
                future.set_exception(error)

    def run(self, function: Callable[..., Any], *arguments: Any) -> asyncio.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._work.put((future, function, arguments))
        return asyncio.wrap_future(future)

    def stop(self) -> None:
        """Take no more work; the decode in progress (if any) is abandoned with the process."""
        self._work.put(None)


class Batcher:
    """The queue and its loop. ``start()`` and ``stop()`` run in the server's lifespan; ``submit``
    is awaited by request handlers."""

    def __init__(self, engine: Engine, settings: BatchSettings = BatchSettings(), *, open_memory: Callable[[], MemoryLookup] | None = None, tm_min: int = 75) -> None:
        """``open_memory``: opens the translation memory whose exact matches are reused (called
        once, in the engine thread, at start); ``tm_min``: the lowest fuzzy score attached."""
        self.engine = engine
        self.settings = settings
        self._open_memory = open_memory
        self._tm_min = tm_min
        self._memory: _Memory | None = None
        self._pending: deque[_Job] = deque()
        self._wakeup: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._executor: _EngineThread | None = None
        #: Engine calls made and requests they served (the benchmark and tests read these).
        self.batches = 0
        self.requests = 0

    @property
    def pending(self) -> int:
        return len(self._pending)

    async def start(self) -> None:
        self._wakeup = asyncio.Event()
        self._executor = _EngineThread()
        if self._open_memory is not None:
            lookup = await self._executor.run(self._open_memory)
            self._memory = _Memory(lookup, self._tm_min)
        self._task = asyncio.create_task(self._loop(), name="translate-batcher")

    async def stop(self) -> None:
        """Stop after the batch in progress; requests still waiting get an error (uvicorn lets
        in-flight requests finish before the lifespan ends, so normally none are left)."""
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
        while self._pending:
            job = self._pending.popleft()
            if not job.future.done():
                job.future.set_exception(RuntimeError("the server is shutting down"))
        if self._executor is not None:
            self._executor.stop()  # never waits: a long decode must not hold the shutdown
            self._executor = None

    async def submit(self, segmented: list[tuple[Document, list[Segment]]], glossary: TermMatcher | None = None, alternatives: int = 0) -> list[Translation]:
        """Translate the segmented texts of one request; raises :class:`QueueFull` at once when
        the queue is full, or the error the pipeline raised for this request."""
        if self._wakeup is None or self._task is None:
            raise RuntimeError("the batcher is not running (start it in the app's lifespan)")
        if not segmented:
            return []  # nothing to translate (an HTML page without Arabic text)
        if len(self._pending) >= self.settings.max_pending:
            raise QueueFull(len(self._pending))
        job = _Job(segmented, glossary, alternatives, asyncio.get_running_loop().create_future())
        self._pending.append(job)
        self._wakeup.set()
        return await job.future

    async def _next_batch(self) -> list[_Job]:
        wakeup = self._wakeup
        if wakeup is None:
            raise RuntimeError("the batcher is not running")
        while not self._pending:
            wakeup.clear()
            await wakeup.wait()
        first = self._pending.popleft()
        jobs, sentences = [first], first.sentences
        if not self.settings.merge:
            return jobs
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.window_ms / 1000
        while sentences < self.settings.max_sentences:
            if self._pending:
                if sentences + self._pending[0].sentences > self.settings.max_sentences:
                    break  # it starts the next batch
                job = self._pending.popleft()
                jobs.append(job)
                sentences += job.sentences
                continue
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            wakeup.clear()
            try:
                await asyncio.wait_for(wakeup.wait(), remaining)
            except TimeoutError:
                break
            except asyncio.CancelledError:
                # Stopped while collecting: the jobs go back to the queue, which stop() answers.
                self._pending.extendleft(reversed(jobs))
                raise
        return jobs

    async def _loop(self) -> None:
        while True:
            jobs = [job for job in await self._next_batch() if not job.future.done()]
            if not jobs:
                continue
            try:
                if self._executor is None:
                    raise RuntimeError("the batcher is not running")
                results: list[Any] = await self._executor.run(_decode, self.engine, jobs, self._memory)
            except BaseException as error:  # cancelled during shutdown: the jobs must not hang
                for job in jobs:
                    if not job.future.done():
                        job.future.set_exception(RuntimeError("the server is shutting down") if isinstance(error, asyncio.CancelledError) else error)
                raise
            self.batches += 1
            self.requests += len(jobs)
            for job, result in zip(jobs, results):
                if job.future.done():
                    continue
                if isinstance(result, BaseException):
                    job.future.set_exception(result)
                else:
                    job.future.set_result(result)
