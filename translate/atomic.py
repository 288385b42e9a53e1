"""Atomic file output: readers see the old file or the complete new one, never half of one.

Data goes to a uniquely named temporary file in the destination folder, is flushed and fsynced, then
``os.replace``d over the target (atomic on POSIX and Windows within one file system). On any failure,
Ctrl-C included, the temporary file is removed. Unique temporary names mean two runs writing into the
same folder never write into each other's half-finished files.

A process killed outright (SIGKILL, the OOM killer, a Ray worker lost mid-batch) cannot remove its
temporary file, so each name carries its owner — ``.NAME.HOST-PID.RANDOM.tmp`` — and
:func:`sweep_leftovers` removes those whose owner is a process of this host that no longer exists
(never a live writer's, never another host's).
"""

from __future__ import annotations

import errno
import os
import socket
import tempfile
from collections.abc import Iterable
from pathlib import Path

from translate.errors import OutputError

__all__ = ["sweep_leftovers", "write_atomic"]


def _owner() -> str:
    return f"{socket.gethostname().replace('/', '_')}-{os.getpid()}"


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Write ``data`` (text is written as UTF-8) to ``path`` atomically; raise :class:`OutputError`."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.parent.exists() and not path.parent.is_dir():
        raise OutputError(path.parent, "is a file, not a folder", "choose another output folder, or move the file away")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.{_owner()}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(path, f"cannot create the output folder or file ({error.strerror})", "check the --out folder's permissions and free space") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        if isinstance(error, OSError):
            if error.errno == errno.ENOSPC:
                raise OutputError(path, "the disk is full; nothing was written", "free some space and run again (finished segments are cached)") from None
            raise OutputError(path, f"cannot be written ({error.strerror})", "check the folder's permissions and free space") from None
        raise
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def sweep_leftovers(folders: Iterable[Path]) -> list[Path]:
    """Remove the temporary files that writers of this host left when they were killed outright; the
    paths removed. A file whose owner is alive, on another host or unknown is left alone."""
    marker = f".{socket.gethostname().replace('/', '_')}-"
    removed = []
    for folder in folders:
        for candidate in Path(folder).rglob(".*.tmp"):
            head = candidate.name[: -len(".tmp")].rpartition(".")[0]  # drop the random part
            at = head.rfind(marker)
            pid = head[at + len(marker) :] if at > 0 else ""
            if not pid.isdigit() or _alive(int(pid)):
                continue
            try:
                candidate.unlink()
                removed.append(candidate)
            except FileNotFoundError:
                pass
    return removed
