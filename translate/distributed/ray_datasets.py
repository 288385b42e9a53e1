"""Datasets on Ray, with no filesystem shared by the workers: the driver reads the rows (a local path
or a URI) and writes the parts and their commit records; a pool of actors — each loading the engine,
the glossary and the memory once — translates the windows of rows it is handed, and the results come
back in input order.

Why not Ray Data's readers and writers: Ray Data does not keep row order, and resuming a dataset
needs to know which input rows a committed part holds; ``write_parquet`` appends under random names
(writing twice doubles the rows). With the driver doing the I/O through the same
:mod:`translate.datasets` machinery as a local run, a Ray run's parts, commit records and resume
are the local run's, and workers need neither the input nor ``--out`` — only the model.

A killed worker (its process gone) is restarted by Ray and its window retried
(``max_restarts``/``max_task_retries``); the driver writes each window once, when it comes back, so
no row is lost or written twice. Windows in flight are bounded (:data:`IN_FLIGHT_PER_WORKER` per
actor): memory stays flat on the driver too.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from translate.archive.run import RunSettings, build_engine, build_matcher, build_memory
from translate.datasets.run import RowResult, RowTranslator, Window
from translate.distributed.ray_backend import RayUnavailable, connect
from translate.errors import TranslateError

__all__ = ["DatasetWorker", "RayWindows"]

#: Windows handed to each actor ahead of the one it is translating.
IN_FLIGHT_PER_WORKER = 2
#: How often Ray restarts a dead actor and retries its window.
RESTARTS = 3


@dataclass(frozen=True)
class EngineDescription:
    """The model and decoding an actor translates with, for the manifest: the driver never loads
    the model itself."""

    info: Any
    settings: Any


class DatasetWorker:
    """A Ray actor: the engine, glossary and memory are built once; each call translates a window."""

    def __init__(self, settings: RunSettings, title: bool, pairs: bool) -> None:
        self.rows = RowTranslator(build_engine(settings), build_matcher(settings), build_memory(settings), settings.tm_min, title, pairs)

    def translate(self, rows: list[Any]) -> list[RowResult]:
        return self.rows(rows)

    def describe(self) -> EngineDescription:
        return EngineDescription(self.rows.engine.info, self.rows.engine.settings)

    def pid(self) -> int:
        return os.getpid()


class RayWindows:
    """:class:`translate.datasets.run.Windows` on a pool of Ray actors (a context manager: a Ray
    started here is stopped at its end)."""

    def __init__(self, settings: RunSettings, *, title: bool, pairs: bool, address: str | None = None, workers: int | None = None, cpus_per_worker: int = 1) -> None:
        try:
            import ray
            from ray.util import ActorPool
        except ImportError:
            raise RayUnavailable(None, "--backend ray needs Ray, which is not installed", "pip install -e '.[ray]' (or pip install 'ray[data]')") from None
        self._ray = ray
        self.started_here = connect(address)
        available = int(ray.cluster_resources().get("CPU", 1))
        size = workers or max(1, available // cpus_per_worker)
        actor = ray.remote(num_cpus=cpus_per_worker, max_restarts=RESTARTS, max_task_retries=RESTARTS)(DatasetWorker)
        worker_settings = replace(settings, threads=cpus_per_worker)
        self.actors = [actor.remote(worker_settings, title, pairs) for _ in range(size)]
        self.pool = ActorPool(self.actors)
        self._engine: EngineDescription | None = None
        self.limit = size * (IN_FLIGHT_PER_WORKER + 1)
        self.waiting: deque[Window] = deque()

    @property
    def engine(self) -> EngineDescription:
        if self._engine is None:
            self._engine = self._unwrapped(lambda: self._ray.get(self.actors[0].describe.remote()))
        return self._engine

    def _unwrapped(self, call: Any) -> Any:
        """An actor's own error (a model that is not there: ModelNotAvailable) as itself."""
        try:
            return call()
        except self._ray.exceptions.RayTaskError as error:
            cause = getattr(error, "cause", None)
            if isinstance(cause, TranslateError):
                raise cause from None
            raise

    def __enter__(self) -> RayWindows:
        return self

    def __exit__(self, *_: object) -> None:
        for actor in self.actors:
            self._ray.kill(actor)
        if self.started_here:
            self._ray.shutdown()

    def submit(self, window: Window) -> Iterator[tuple[Window, list[RowResult]]]:
        self.pool.submit(lambda actor, rows: actor.translate.remote(rows), window.rows)
        self.waiting.append(Window(window.first, window.last, window.ends_part, []))
        while len(self.waiting) >= self.limit:
            yield self._next()

    def drain(self) -> Iterator[tuple[Window, list[RowResult]]]:
        while self.waiting:
            yield self._next()

    def cancel(self) -> None:
        # A fresh pool over the same actors: the windows in flight finish on their actors and are
        # never collected, so a next run on this pool gets only its own windows back.
        from ray.util import ActorPool

        self.pool = ActorPool(self.actors)
        self.waiting.clear()

    def _next(self) -> tuple[Window, list[RowResult]]:
        results = self._unwrapped(self.pool.get_next)
        return self.waiting.popleft(), results
