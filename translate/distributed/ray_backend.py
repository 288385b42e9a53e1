"""The archive on Ray: a dataset of articles, ``map_batches`` over a pool of actors that each load the
engine once and run :func:`translate.archive.run_archive` on their batch.

Ray Data does not keep row order, so one row is one whole article (never split across actors) and the
outcomes come back as summary rows, sorted by the caller. Workers write outputs themselves, atomically,
to ``--out`` — a folder every node must see (shared storage on a real cluster). The resume rule holds
per article, so a rerun, or an actor Ray Data restarts after a crash (its actor pools retry failed
tasks), skips what is done; an article written twice is written atomically with the same pairs.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from translate.archive.run import RunSettings, build_engine, run_archive
from translate.archive.summary import ArticleOutcome
from translate.archive.walk import ArchiveInput
from translate.atomic import sweep_leftovers
from translate.errors import InputError, ReportedError, TranslateError

__all__ = ["ArchiveWorker", "RayUnavailable", "check_address", "connect", "run_archive_ray"]

#: Articles handed to an actor at a time: enough to fill its decoding windows.
BATCH_ARTICLES = 16
#: Seconds to wait for a TCP answer from ``--ray-address`` before saying it is not there.
CONNECT_TIMEOUT = 3.0


class RayUnavailable(TranslateError):
    """Ray is not installed; the CLI turns this into a usage error (exit 2)."""

    exit_code = 2


def _error_text(error: TranslateError | None) -> str:
    return str(error) if error is not None else ""


class ArchiveWorker:
    """A Ray Data callable class: the engine is built once per actor, then every batch of articles
    goes through the local archive run (the same pipeline, resume rule and atomic writes)."""

    def __init__(self, settings: RunSettings) -> None:
        self.settings = settings
        self.engine = build_engine(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        items = [ArchiveInput(Path(str(path)), Path(str(name))) for path, name in zip(batch["path"], batch["name"])]
        rows: dict[str, list[Any]] = {key: [] for key in ("path", "name", "status", "segments", "flagged", "terms_repaired", "seconds", "error", "exit_code")}
        for outcome in run_archive(items, self.settings, engine=self.engine):
            rows["path"].append(str(outcome.path))
            rows["name"].append(str(outcome.name) if outcome.name is not None else "")
            rows["status"].append(outcome.status)
            rows["segments"].append(outcome.segments)
            rows["flagged"].append(outcome.flagged)
            rows["terms_repaired"].append(outcome.terms_repaired)
            rows["seconds"].append(outcome.seconds)
            rows["error"].append(_error_text(outcome.error))
            rows["exit_code"].append(outcome.error.exit_code if outcome.error is not None else 0)
        return rows


def check_address(address: str) -> None:
    """``host:port`` must answer within :data:`CONNECT_TIMEOUT` seconds (``auto`` and ``ray://`` are
    left to Ray): a cluster that is not there is one line, not a hang."""
    if address == "auto" or "://" in address or ":" not in address:
        return
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT):
            pass
    except (OSError, ValueError) as error:
        raise InputError(None, f"--ray-address {address}: no Ray head answers there ({error})", "start one with `ray start --head`, or check the address (RAY_ADDRESS)") from None


def connect(address: str | None) -> bool:
    """Join the cluster at ``address`` (else ``$RAY_ADDRESS``), or start a local Ray when there is
    none; True when this call started it (the caller then shuts it down). Ray's own chatter
    (execution plans, progress bars) stays off our stderr."""
    import logging

    import ray

    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
    if ray.is_initialized():
        return False
    address = address or os.environ.get("RAY_ADDRESS") or None
    if address:
        check_address(address)
        ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
        return False
    ray.init(include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    return True


def run_archive_ray(
    inputs: Iterable[ArchiveInput],
    settings: RunSettings,
    *,
    address: str | None = None,
    workers: int | None = None,
    cpus_per_worker: int = 1,
) -> Iterator[ArticleOutcome]:
    """Run the archive on Ray: locally started (and stopped after) without ``address``, joined with it
    (``auto`` or ``host:port``). Inputs that already carry an error are reported without Ray."""
    try:
        import ray
        from ray.data import ActorPoolStrategy
    except ImportError:
        raise RayUnavailable(None, "--backend ray needs Ray, which is not installed", "pip install -e '.[ray]' (or pip install 'ray[data]')") from None

    good = []
    for item in inputs:
        if item.error is not None or item.name is None:
            yield ArticleOutcome(item.path, "failed", item.name, error=item.error or InputError(item.path, "has no output name"))
        else:
            good.append(item)
    if not good:
        return
    started_here = connect(address)
    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        available = int(ray.cluster_resources().get("CPU", 1))
        size = workers or max(1, available // cpus_per_worker)
        worker_settings = replace(settings, threads=cpus_per_worker, out_dir=Path(os.path.abspath(settings.out_dir)))
        rows = [{"path": os.path.abspath(item.path), "name": str(item.name)} for item in good]
        dataset = ray.data.from_items(rows).map_batches(
            ArchiveWorker,
            fn_constructor_kwargs={"settings": worker_settings},
            batch_size=BATCH_ARTICLES,
            compute=ActorPoolStrategy(size=size),
            num_cpus=cpus_per_worker,
        )
        by_path = {os.path.abspath(item.path): item for item in good}
        try:
            for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
                for index in range(len(batch["path"])):
                    path = str(batch["path"][index])
                    item = by_path.get(path)
                    error_text = str(batch["error"][index])
                    yield ArticleOutcome(
                        item.path if item else Path(path),
                        str(batch["status"][index]),
                        item.name if item else None,
                        seconds=float(batch["seconds"][index]),
                        error=ReportedError(error_text, int(batch["exit_code"][index])) if error_text else None,
                        segments=int(batch["segments"][index]),
                        flagged=int(batch["flagged"][index]),
                        terms_repaired=int(batch["terms_repaired"][index]),
                    )
        except ray.exceptions.RayTaskError as error:
            cause = getattr(error, "cause", None)
            if isinstance(cause, TranslateError):
                raise cause from None
            raise
        # A worker killed mid-write (its batch was retried elsewhere) leaves its temporary file behind.
        sweep_leftovers([settings.out_dir])
    finally:
        if started_here:
            ray.shutdown()
