"""Post-edits: what editors made of a run's English, as data beside the run.

``NAME.post-edit.jsonl`` sits beside ``NAME.jsonl``. Its first record is a header naming the run by its
SHA-256 (a post-edit file belongs to exactly one version of one run), then one record per save::

    {"type": "post-edit-header", "run": "NAME.jsonl", "run_sha256": "…", "editor": "…", "created": "…", "tool_version": "…"}
    {"type": "post-edit", "id": 3, "mt": "…", "post_edit": "…", "editor": "…", "saved_at": "…",
     "seconds": 12.5, "keystrokes": 40, "version": 1, "confirmed": true}

Records are only ever appended, one ``write`` of one whole line followed by ``fsync``, so a crash loses at
most the save in flight; the latest version of each segment wins when the file is read. The run's own
JSONL is never changed. A last line cut short (the crash case) is set aside, reported and repaired on the
next open for writing: its bytes are kept in ``NAME.post-edit.jsonl.damaged``, never thrown away.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from translate import __version__
from translate.errors import InputError, OutputError, RecordError
from translate.records import Run

__all__ = [
    "HEADER_TYPE",
    "RECORD_TYPE",
    "PostEdit",
    "PostEditHeader",
    "PostEditLog",
    "PostEdits",
    "VersionConflict",
    "apply_post_edits",
    "is_post_edit_file",
    "post_edit_path",
    "read_post_edits",
    "run_digest",
]

HEADER_TYPE = "post-edit-header"
RECORD_TYPE = "post-edit"
SUFFIX = ".post-edit.jsonl"


def post_edit_path(run_path: Path) -> Path:
    """``NAME.post-edit.jsonl`` beside ``NAME.jsonl``."""
    run_path = Path(run_path)
    return run_path.with_name(run_path.name.removesuffix(".jsonl") + SUFFIX)


def is_post_edit_file(path: Path) -> bool:
    """True for a file named ``*.post-edit.jsonl`` or whose first record is a post-edit header."""
    path = Path(path)
    if path.name.endswith(SUFFIX):
        return True
    try:
        with path.open("rb") as stream:
            first = stream.readline(1 << 16)
        return json.loads(first).get("type") == HEADER_TYPE
    except (OSError, ValueError, AttributeError):
        return False


def run_digest(run_path: Path) -> str:
    """SHA-256 of the run file's bytes: the identity a post-edit file is bound to."""
    digest = hashlib.sha256()
    with Path(run_path).open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class PostEditHeader:
    run: str
    run_sha256: str
    editor: str | None
    created: str
    tool_version: str = __version__

    def to_json(self) -> dict[str, Any]:
        return {"type": HEADER_TYPE, **asdict(self)}


@dataclass(frozen=True)
class PostEdit:
    """One save of one segment. ``seconds`` is active editing time (typing, not idling) and
    ``keystrokes`` the keys pressed in the box since the previous save; ``version`` counts saves of this
    segment from 1; ``confirmed`` is the editor's "done" (Ctrl+Enter), not just a save."""

    id: int
    mt: str
    post_edit: str
    editor: str | None
    saved_at: str
    seconds: float
    keystrokes: int
    version: int
    confirmed: bool

    def to_json(self) -> dict[str, Any]:
        return {"type": RECORD_TYPE, **asdict(self)}

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> PostEdit:
        def typed(name: str, kinds: tuple[type, ...], nullable: bool = False) -> Any:
            value = record.get(name)
            if value is None and nullable:
                return None
            if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
                raise ValueError(f"field '{name}' must be {' or '.join(kind.__name__ for kind in kinds)}, not {value!r}")
            return value

        return cls(
            id=typed("id", (int,)),
            mt=typed("mt", (str,)),
            post_edit=typed("post_edit", (str,)),
            editor=typed("editor", (str,), nullable=True),
            saved_at=typed("saved_at", (str,)),
            seconds=float(typed("seconds", (int, float))),
            keystrokes=typed("keystrokes", (int,)),
            version=typed("version", (int,)),
            confirmed=typed("confirmed", (bool,)),
        )


@dataclass(frozen=True)
class PostEdits:
    """A post-edit file read back. ``latest`` holds the newest version of each edited segment;
    ``records`` every save in file order; ``damaged_tail`` the bytes of a last line cut short (not
    read), ``remarks`` sentences for the user about how the file was read."""

    path: Path
    header: PostEditHeader
    records: tuple[PostEdit, ...]
    damaged_tail: bytes = b""
    remarks: tuple[str, ...] = ()

    @property
    def latest(self) -> dict[int, PostEdit]:
        newest: dict[int, PostEdit] = {}
        for record in self.records:
            if record.id not in newest or record.version >= newest[record.id].version:
                newest[record.id] = record
        return newest


def read_post_edits(path: Path, run_path: Path | None = None) -> PostEdits:
    """Read a post-edit file; with ``run_path``, check that it was made for that run (else
    :class:`InputError`). A cut-short last line is reported in ``remarks``, not an error."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such post-edit file", "pass the NAME.post-edit.jsonl that `translate review` wrote beside NAME.jsonl") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror})", "check the path and its permissions") from None
    body, tail = _split_tail(data)
    remarks: list[str] = []
    if tail:
        remarks.append(f"{path}: the last line was cut short ({len(tail)} bytes, a save interrupted by a crash); it was not read")
    header: PostEditHeader | None = None
    records: list[PostEdit] = []
    for number, raw in enumerate(body.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw.decode("utf-8"))
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
            kind = record.get("type")
            if kind == HEADER_TYPE:
                if header is not None:
                    raise ValueError("a second header")
                header = PostEditHeader(
                    run=str(record["run"]), run_sha256=str(record["run_sha256"]), editor=record.get("editor"), created=str(record["created"]), tool_version=str(record.get("tool_version", ""))
                )
            elif kind == RECORD_TYPE:
                if header is None:
                    raise ValueError("a post-edit before the header")
                records.append(PostEdit.from_json(record))
            else:
                raise ValueError(f"unknown record type {kind!r}")
        except (ValueError, KeyError, UnicodeDecodeError) as error:
            problem = f"missing field {error}" if isinstance(error, KeyError) else str(error)
            raise RecordError(path, number, f"not a valid post-edit record ({problem})", "restore the file from a backup, or move it away to start the review afresh") from None
    if header is None:
        raise RecordError(path, None, "has no post-edit header", "pass a NAME.post-edit.jsonl written by `translate review`")
    if run_path is not None:
        digest = run_digest(run_path)
        if digest != header.run_sha256:
            raise InputError(
                path,
                f"was made for another version of the run (its header names {header.run} with digest {header.run_sha256[:12]}…, {Path(run_path).name} has {digest[:12]}…)",
                "pass the run it was made for, or move the post-edit file away to review this run afresh",
            )
    return PostEdits(path, header, tuple(records), tail, tuple(remarks))


def apply_post_edits(run: Run, edits: Mapping[int, PostEdit]) -> Run:
    """The run with each post-edited pair's target replaced by the editor's text (the edited article)."""
    return Run(run.manifest, tuple(replace(pair, target=edits[pair.id].post_edit) if pair.id in edits else pair for pair in run.pairs))


def _split_tail(data: bytes) -> tuple[bytes, bytes]:
    """Complete lines, and an unterminated last line if it does not parse (a save cut short)."""
    if not data or data.endswith(b"\n"):
        return data, b""
    cut = data.rfind(b"\n") + 1
    tail = data[cut:]
    try:
        json.loads(tail.decode("utf-8"))
    except ValueError:
        return data[:cut], tail
    return data + b"\n", b""  # a whole record without its newline: keep it


class VersionConflict(Exception):
    """A save whose ``base`` is not the segment's current version; ``current`` is that version."""

    def __init__(self, current: PostEdit | None) -> None:
        super().__init__(current)
        self.current = current


@contextlib.contextmanager
def _locked(path: Path, exclusive: bool) -> Iterator[None]:
    """An advisory lock on the post-edit file (POSIX ``flock``): saves from two servers, or two runs
    of one review, are serialised, and each sees the other's records before it checks a version."""
    try:
        import fcntl
    except ImportError:  # no flock here: one process per file is then the user's to ensure
        yield
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


class PostEditLog:
    """The append-only post-edit file of one run, open for saving.

    Opening creates the file with its header when it does not exist (or holds no complete line, as a
    crash right after creating it leaves it), checks the digest when it does, and repairs what a crash
    leaves: a cut-short last line goes to ``*.damaged``, a last record without its newline gets one.
    :meth:`commit` checks the version and appends one record under a file lock, after reading what any
    other process appended meanwhile, then ``fsync``s before returning: a save the server confirms is
    on disk, and two servers on one run get a conflict instead of overwriting each other.
    """

    def __init__(self, run_path: Path, editor: str | None, path: Path | None = None) -> None:
        self.run_path = Path(run_path)
        self.path = Path(path) if path is not None else post_edit_path(self.run_path)
        self.editor = editor
        self.remarks: tuple[str, ...] = ()
        if self.path.exists() and b"\n" not in self.path.read_bytes():
            # No complete line, so no header and no edit: only a crash during creation leaves this.
            self._set_aside(self.path.read_bytes(), whole=True)
        if self.path.exists():
            existing = read_post_edits(self.path, self.run_path)
            self.header = existing.header
            self.records = list(existing.records)
            self.remarks = self.remarks + existing.remarks
            if existing.damaged_tail:
                self._set_aside(existing.damaged_tail)
            elif not self.path.read_bytes().endswith(b"\n"):
                self._write("\n")  # a whole last record without its newline: the next save goes on a line of its own
        else:
            self.header = PostEditHeader(run=self.run_path.name, run_sha256=run_digest(self.run_path), editor=editor, created=now())
            self.records = []
            self._write(json.dumps(self.header.to_json(), ensure_ascii=False) + "\n", create=True)
        self._size = self.path.stat().st_size
        # The file lock orders processes; this orders the threads of one server, which share
        # ``records`` and ``_size`` (two requests refreshing at once would read the same records twice).
        self._threads = threading.Lock()

    @property
    def latest(self) -> dict[int, PostEdit]:
        with self._threads, _locked(self.path, exclusive=False):
            self._refresh()
            return PostEdits(self.path, self.header, tuple(self.records)).latest

    def snapshot(self) -> tuple[PostEdit, ...]:
        """Every record so far, in file order, other processes' included."""
        with self._threads, _locked(self.path, exclusive=False):
            self._refresh()
            return tuple(self.records)

    def _refresh(self) -> None:
        """Read the records other processes appended since we last looked (call under the lock)."""
        size = self.path.stat().st_size
        if size <= self._size:
            return
        with self.path.open("rb") as stream:
            stream.seek(self._size)
            added = stream.read(size - self._size)
        complete = added[: added.rfind(b"\n") + 1]
        for raw in complete.split(b"\n"):
            if raw.strip():
                try:
                    self.records.append(PostEdit.from_json(json.loads(raw.decode("utf-8"))))
                except (ValueError, KeyError, UnicodeDecodeError):
                    continue  # not ours to judge here; reading the file reports it
        self._size += len(complete)

    def commit(self, pair_id: int, base: int | None, build: Callable[[int], PostEdit]) -> PostEdit:
        """Append the next version of segment ``pair_id``, built by ``build(version)``, if ``base`` is
        its current version; else :class:`VersionConflict`."""
        with self._threads, _locked(self.path, exclusive=True):
            self._refresh()
            current = PostEdits(self.path, self.header, tuple(self.records)).latest.get(pair_id)
            if (current.version if current else None) != base:
                raise VersionConflict(current)
            edit = build((current.version if current else 0) + 1)
            self.append(edit)
        return edit

    def append(self, edit: PostEdit) -> None:
        line = json.dumps(edit.to_json(), ensure_ascii=False) + "\n"
        self._write(line)
        self.records.append(edit)
        self._size += len(line.encode("utf-8"))

    def _set_aside(self, tail: bytes, whole: bool = False) -> None:
        damaged = self.path.with_name(self.path.name + ".damaged")
        with damaged.open("ab") as stream:
            stream.write(tail + b"\n")
        if whole:
            self.path.unlink()
            self.remarks = (f"{self.path}: held no complete record (a crash while it was created); its {len(tail)} bytes were moved to {damaged.name} and it was started afresh",)
            return
        size = self.path.stat().st_size
        with self.path.open("r+b") as stream:
            stream.truncate(size - len(tail))
        self.remarks = (f"{self.path}: the last line was cut short; its {len(tail)} bytes were moved to {damaged.name}",)

    def _write(self, line: str, create: bool = False) -> None:
        flags = os.O_WRONLY | os.O_APPEND | (os.O_CREAT | os.O_EXCL if create else 0)
        payload = line.encode("utf-8")
        try:
            descriptor = os.open(self.path, flags, 0o644)
            try:
                # One write of one line: O_APPEND puts it whole at the end, never inside another.
                written = os.write(descriptor, payload)
                if written != len(payload):
                    os.ftruncate(descriptor, os.fstat(descriptor).st_size - written)
                    raise OSError(errno.ENOSPC, "short write")
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        except OSError as error:
            if error.errno == errno.ENOSPC:
                raise OutputError(self.path, "the disk is full; the edit was not saved", "free some space and save again (the text is still in the box)") from None
            raise OutputError(self.path, f"the edit cannot be saved ({error.strerror})", "check the folder's permissions and free space") from None
