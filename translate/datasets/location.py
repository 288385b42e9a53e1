"""Where a dataset lives: a local path or an object-storage URI (``s3://``, ``gs://``, ``az://``),
through pyarrow's filesystems.

Credentials and endpoints come from the standard places only — ``AWS_ENDPOINT_URL``,
``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, ``AWS_PROFILE`` and the profile files for S3, the
Google and Azure defaults for the others — as pyarrow's ``FileSystem.from_uri`` reads them (a bare
``S3FileSystem()`` ignores ``AWS_ENDPOINT_URL``: apache/arrow#49643). No flag of ours carries a
secret, and a URI's user information (``s3://KEY:SECRET@bucket``) is never shown or recorded:
:attr:`Location.display` drops it.

Writes are atomic: on a local disk a part is written under a temporary name and renamed; an object
store shows an object only once its upload completes, so a part is written under its own key.
"""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass
from typing import Any

from translate.errors import InputError, OutputError

__all__ = ["Location", "display_of", "is_uri", "locate"]

_SCHEME = re.compile(r"^(s3|gs|gcs|az|abfs|abfss|hdfs|file)://", re.IGNORECASE)
#: ``KEY:SECRET@`` after the scheme (an AWS secret may hold a ``/``; a path's own ``@`` has no ``:`` before it).
_USERINFO = re.compile(r"^([a-z0-9]+://)[^@/]*:[^@]*@", re.IGNORECASE)


def is_uri(text: str) -> bool:
    return bool(_SCHEME.match(text))


def display_of(text: str) -> str:
    """A path or URI as messages may say it: a URI's ``KEY:SECRET@`` dropped."""
    return _USERINFO.sub(r"\1", text)


@dataclass(frozen=True)
class Location:
    """A path on one filesystem. ``display`` is what messages and manifests say (no secrets)."""

    filesystem: Any
    path: str
    display: str

    @property
    def local(self) -> bool:
        from pyarrow import fs

        return isinstance(self.filesystem, fs.LocalFileSystem)

    @property
    def name(self) -> str:
        return self.path.rstrip("/").rsplit("/", 1)[-1]

    def child(self, name: str) -> Location:
        return Location(self.filesystem, f"{self.path.rstrip('/')}/{name}", f"{self.display.rstrip('/')}/{name}")

    def info(self) -> Any:
        return self._call(lambda: self.filesystem.get_file_info(self.path))

    def exists(self) -> bool:
        from pyarrow import fs

        return self.info().type != fs.FileType.NotFound

    def is_dir(self) -> bool:
        from pyarrow import fs

        return self.info().type == fs.FileType.Directory

    def files(self) -> list[Location]:
        """The files directly inside this folder, by name (hidden and ``_`` names left out, as
        Parquet readers leave them out)."""
        from pyarrow import fs

        infos = self._call(lambda: self.filesystem.get_file_info(fs.FileSelector(self.path, allow_not_found=True)))
        names = sorted(info.base_name for info in infos if info.type == fs.FileType.File and not info.base_name.startswith((".", "_")))
        return [self.child(name) for name in names]

    def open_input(self) -> Any:
        return self._call(lambda: self.filesystem.open_input_file(self.path))

    def read_bytes(self) -> bytes:
        with self._call(lambda: self.filesystem.open_input_stream(self.path, compression=None)) as stream:
            return stream.read()

    def delete(self) -> None:
        from pyarrow import fs

        info = self.info()
        if info.type == fs.FileType.File:
            self._call(lambda: self.filesystem.delete_file(self.path), output=True)

    def write_bytes(self, data: bytes) -> None:
        with self.open_output() as stream:
            stream.write(data)

    def open_output(self, compression: str | None = None) -> _AtomicOutput:
        return _AtomicOutput(self, compression)

    def _call(self, action: Any, *, output: bool = False) -> Any:
        """Run one filesystem call; its failure is one line naming the location."""
        try:
            return action()
        except FileNotFoundError:
            raise InputError(self.display, "no such file or folder", "check the path or URI") from None
        except PermissionError as error:
            raise (OutputError if output else InputError)(self.display, f"access denied ({_first_line(error)})", "check the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the profile) and the bucket's policy") from None
        except OSError as error:
            message = _first_line(error)
            kind = OutputError if output else InputError
            if re.search(r"ACCESS_DENIED|AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch|Forbidden|403", message):
                raise kind(self.display, f"access denied ({message})", "check the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the profile)") from None
            if self.local:
                raise kind(self.display, f"cannot be used ({message})", "check the path and the disk") from None
            raise kind(self.display, f"cannot be reached ({message})", "check the endpoint (AWS_ENDPOINT_URL), the network and the credentials") from None


class _AtomicOutput:
    """A binary output stream whose file appears, whole, only when it is closed without an error."""

    def __init__(self, location: Location, compression: str | None = None) -> None:
        self.location = location
        parent = location.path.rstrip("/").rsplit("/", 1)[0]
        location._call(lambda: location.filesystem.create_dir(parent, recursive=True), output=True)
        self.target = location.path
        self.path = f"{parent}/.{location.name}.tmp-{uuid.uuid4().hex[:8]}" if location.local else location.path
        self.stream = location._call(lambda: location.filesystem.open_output_stream(self.path, compression=compression), output=True)

    def write(self, data: bytes) -> int:
        return self.stream.write(data)

    def __enter__(self) -> _AtomicOutput:
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        if error is not None:
            try:
                # An object store shows the object only once the upload completes; closing after an
                # error still completes it, so on object storage a broken part is deleted again.
                self.stream.close()
                if not self.location.local:
                    self.location.filesystem.delete_file(self.path)
            except Exception:  # the original error is the one to report
                pass
            if self.location.local and os.path.exists(self.path):
                os.unlink(self.path)
            return
        self.location._call(self.stream.close, output=True)
        if self.location.local:
            os.replace(self.path, self.target)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:300]


def locate(text: str) -> Location:
    """The location a command-line path or URI names (a local path is made absolute)."""
    display = display_of(text)
    if not is_uri(text) or text.lower().startswith("file://"):
        from pyarrow import fs

        path = os.path.abspath(text[7:] if text.lower().startswith("file://") else text)
        return Location(fs.LocalFileSystem(), path, display if is_uri(text) else text)
    from pyarrow import fs

    uri = text
    try:
        filesystem, path = fs.FileSystem.from_uri(uri)
    except (OSError, ValueError):
        # pyarrow's message repeats the URI, secret and all: not shown.
        raise InputError(display, "is not a URI that can be opened (a bad character or an unknown scheme?)", "use a local path or an s3://, gs:// or az:// URI; escape special characters in a key or secret") from None
    return Location(filesystem, path.rstrip("/"), display.rstrip("/"))
