"""Atomic file output: readers see the old file or the complete new one, never half of one.

Data goes to a uniquely named temporary file in the destination folder, is flushed and fsynced, then
``os.replace``d over the target (atomic on POSIX and Windows within one file system). On any failure,
Ctrl-C included, the temporary file is removed. Unique temporary names mean two runs writing into the
same folder never write into each other's half-finished files.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from translate.errors import OutputError

__all__ = ["write_atomic"]


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Write ``data`` (text is written as UTF-8) to ``path`` atomically; raise :class:`OutputError`."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.parent.exists() and not path.parent.is_dir():
        raise OutputError(path.parent, "is a file, not a folder", "choose another output folder, or move the file away")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
