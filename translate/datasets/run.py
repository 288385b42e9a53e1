"""``translate run DATASET``: a dataset's rows through the one sentence stream, written back as rows.

Each row's text is one article, read exactly as a ``.txt`` file of that text is (so its English is
the ``.txt`` path's ``NAME.en.txt``); a ``--title-field`` is translated as an article of one line.
Rows are read one at a time, decoded in windows of :data:`~translate.pipeline.WINDOW_SENTENCES`
sentences and written as their window finishes into the current part; a part holds about
``part_rows`` rows and is committed (file, then commit record) before the next begins. Memory holds
one window and the ids seen (to refuse a duplicate), whatever the dataset's size.

Output, under ``OUT/NAME/`` (``NAME`` the input's name without its suffix): ``part-NNNNN.<suffix>``
in the input's format — every input column, then :data:`~translate.datasets.parts.ADDED_COLUMNS`;
``_manifest.json``; ``_commits/``; ``_summary.tsv`` (one line per input row: its number, id, status,
segments, flagged, terms repaired, error). With ``pairs``, ``OUT/NAME.pairs/`` holds one row per
sentence pair, in parts numbered as the rows' parts.

A rerun with the same input, fields, model and settings finishes the rows not yet committed — none
lost, none twice; with other settings it stops with an error unless ``force`` is set, which replaces
the earlier parts.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol

from translate.archive.run import RunSettings, build_engine, build_matcher, build_memory
from translate.datasets.location import Location, locate
from translate.datasets.parts import ADDED_COLUMNS, COMMITS, PAIR_COLUMNS, Commit, PartWriter, output_schema, pairs_schema, part_name, read_commits, write_commit
from translate.datasets.rows import DatasetFormat, SourceRow, parts_of, read_columns, read_rows
from translate.document import Document, decode_bytes, parse_document
from translate.engines.base import Engine
from translate.errors import InputError, OutputError
from translate.records import Run
from translate.segment import Segment

logger = logging.getLogger(__name__)

__all__ = ["PART_ROWS", "DatasetOutcome", "DatasetProgress", "DatasetRequest", "LocalWindows", "RowResult", "RowTranslator", "Window", "Windows", "run_dataset"]

#: Rows per output part (a rerun redoes at most one part's rows; the cache covers their sentences).
PART_ROWS = 1000
#: Rows decoded together at most, whatever their sentences (bounds a window of one-line rows).
WINDOW_ROWS = 512
SUMMARY_COLUMNS = ("row", "id", "status", "segments", "flagged", "terms_repaired", "error", "where")


@dataclass(frozen=True)
class DatasetRequest:
    """What to translate: a dataset file, a folder of parts or a URI, and which fields hold what."""

    source: str
    out: str
    text_field: str = "text"
    id_field: str | None = None
    title_field: str | None = None
    pairs: bool = False
    part_rows: int = PART_ROWS


@dataclass
class DatasetOutcome:
    """What a dataset run did: rows translated now, done by an earlier run, failed (with the first
    errors), and where the output is."""

    source: str
    output: str
    translated: int = 0
    earlier: int = 0
    failed: int = 0
    sentences: int = 0
    flagged: int = 0
    terms_repaired: int = 0
    seconds: float = 0.0
    errors: list[InputError] = field(default_factory=list)
    #: A read error that ended the input early (a truncated file): the rows before it are written.
    stopped: InputError | None = None


class DatasetProgress:
    """Progress callbacks (the CLI prints them); the default says nothing."""

    def rows(self, done: int, total: int | None, sentences: int) -> None:
        pass


def _stem(location: Location, format_: DatasetFormat, is_folder: bool) -> str:
    name = location.name
    if not is_folder:
        lower = name.lower()
        for suffix in (format_.suffix, ".ndjson.gz", ".ndjson", ".jsonl", ".gz"):
            if lower.endswith(suffix):
                return name[: -len(suffix)]
    return name


def _text_type_problem(schema: Any, name: str) -> str | None:
    """Why a Parquet column cannot hold an article's text (a nested column), or None."""
    import pyarrow as pa

    kind = schema.field(name).type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_binary(kind) or pa.types.is_large_binary(kind) or pa.types.is_null(kind):
        return None
    if pa.types.is_dictionary(kind) and pa.types.is_string(kind.value_type):
        return None
    return f"is a column of {kind}, not text"


def _check_fields(request: DatasetRequest, source: Location, columns: list[str] | None, schema: Any) -> None:
    if columns is None:
        return
    for option, name in (("--text-field", request.text_field), ("--id-field", request.id_field), ("--title-field", request.title_field)):
        if name is not None and name not in columns:
            raise InputError(source.display, f"has no field {name!r} (its fields: {', '.join(columns) or 'none'})", f"pass {option} with one of them")
    if schema is not None:
        for option, name in (("--text-field", request.text_field), ("--title-field", request.title_field)):
            problem = _text_type_problem(schema, name) if name is not None else None
            if problem:
                raise InputError(source.display, f"field {name!r} {problem}", f"pass {option} with a column of text")


def _text(values: dict[str, Any], name: str, what: str) -> str:
    """The text of a field, or an :class:`InputError`-worthy reason as :class:`ValueError`."""
    if name not in values:
        raise ValueError(f"has no field {name!r} (its fields: {', '.join(map(str, values)) or 'none'})")
    value = values[name]
    if isinstance(value, (bytes, bytearray)):
        try:
            value = bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"field {name!r} is bytes that are not UTF-8") from None
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"has an empty {what} (field {name!r})")
    if not isinstance(value, str):
        raise ValueError(f"field {name!r} is a {type(value).__name__}, not text")
    return value


def _document(text: str, where: str) -> Document:
    """The article a ``.txt`` file holding ``text`` gives (decoded the same way: BOM, line ends)."""
    import hashlib

    data = text.encode("utf-8")
    decoded = decode_bytes(data, where, "utf-8")
    return parse_document(decoded.text, path=where, encoding="utf-8", sha256=hashlib.sha256(data).hexdigest())


@dataclass
class _Pending:
    row: SourceRow
    id: Any
    #: The article (and its title, with ``--title-field``), each with its segments.
    segmented: list[tuple[Document, list[Segment]]]
    error: str | None = None
    runs: list[Run] = field(default_factory=list)


def _manifest(request: DatasetRequest, source: Location, parts: list[Location], format_: DatasetFormat, engine: Engine, glossary_digest: str | None, settings: RunSettings) -> dict[str, Any]:
    from translate import __version__
    from translate.archive.resume import Fingerprint

    inputs = []
    for part in parts:
        info = part.info()
        inputs.append({"path": part.display, "size": info.size, "mtime_ns": info.mtime_ns})
    fingerprint = Fingerprint.of(engine, glossary_digest, (settings.tm_path, settings.tm_min) if settings.tm_path is not None else None)
    return {
        "tool": "translate",
        "tool_version": __version__,
        "input": source.display,
        "format": format_.name,
        "parts": inputs,
        "fields": {"text": request.text_field, "id": request.id_field, "title": request.title_field},
        "pairs": request.pairs,
        "part_rows": request.part_rows,
        "translation": asdict(fingerprint),
    }


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    # Through JSON both, so tuples and lists (a manifest read back) compare equal.
    return json.loads(json.dumps({**a, "created": None})) == json.loads(json.dumps({**b, "created": None}))


def _clear(folder: Location, pairs: Location) -> None:
    """``force``: the earlier run's files go — ours only (parts, commits, manifest, summary)."""
    for place in (folder, pairs):
        if not place.is_dir():
            continue
        for file in place.files():
            if file.name.startswith("part-"):
                file.delete()
        commits = place.child(COMMITS)
        if commits.is_dir():
            for file in commits.files():
                file.delete()
        for name in ("_manifest.json", "_summary.tsv"):
            place.child(name).delete()


def run_dataset(
    request: DatasetRequest,
    settings: RunSettings,
    *,
    engine: Engine | None = None,
    progress: DatasetProgress | None = None,
    on_error: Callable[[InputError], None] | None = None,
    windows: Windows | None = None,
) -> DatasetOutcome:
    """Translate a dataset's rows (see the module docstring); a bad row is a summary line with its
    error, not a stop. Raises :class:`InputError` for a dataset that cannot be read at all (no such
    file, a field that is not there) and :class:`OutputError` for an output that is not ours.

    ``windows`` translates the windows of rows (default: here, one after the other; the Ray backend
    hands them to a pool of actors and gives them back in order)."""
    from translate.engines.lazy import LazyEngine
    from translate.pipeline import WINDOW_SENTENCES

    progress = progress or DatasetProgress()
    source = locate(request.source)
    format_, parts = parts_of(source)
    is_folder = len(parts) > 1 or parts[0].path != source.path
    columns, schema = read_columns(format_, parts)
    _check_fields(request, source, columns, schema)
    out_root = locate(request.out)
    stem = _stem(source, format_, is_folder)
    folder, pairs_folder = out_root.child(stem), out_root.child(f"{stem}.pairs")
    if type(folder.filesystem) is type(source.filesystem) and (folder.path + "/").startswith(source.path.rstrip("/") + "/"):
        raise InputError(source.display, f"holds the output folder {folder.display}", "choose an --out outside the input")

    total = _total_rows(format_, parts)  # also reads every Parquet part's footer: a broken part fails here
    matcher = build_matcher(settings)  # its digest goes into the manifest
    if windows is None:  # translated here: the model, glossary and memory are this process's
        lazy = engine if engine is not None else LazyEngine(lambda: build_engine(settings))
        windows = LocalWindows(RowTranslator(lazy, matcher, build_memory(settings), settings.tm_min, request.title_field is not None, request.pairs))
    manifest = _manifest(request, source, parts, format_, windows.engine, matcher.glossary.digest if matcher else None, settings)
    manifest_file = folder.child("_manifest.json")
    commits: list[Commit] = []
    if manifest_file.exists():
        try:
            earlier = json.loads(manifest_file.read_bytes())
        except ValueError:
            raise OutputError(manifest_file.display, "exists and is not a manifest of translate", "choose another --out") from None
        if settings.force:
            _clear(folder, pairs_folder)
        elif not _same(earlier, manifest):
            raise OutputError(folder.display, "holds a translation of another input, fields or settings (its _manifest.json differs)", "pass --force to translate again, or choose another --out")
        else:
            commits = [Commit(c.part, c.first, c.rows, c.sentences, ()) for c in read_commits(folder)]
    elif folder.is_dir() and any(file.name.startswith("part-") for file in folder.files()):
        raise OutputError(folder.display, "holds parts that translate did not write (no _manifest.json)", "choose another --out")
    manifest_file.write_bytes(json.dumps({**manifest, "created": datetime.now(timezone.utc).isoformat(timespec="seconds")}, ensure_ascii=False, indent=1).encode("utf-8"))

    outcome = DatasetOutcome(source.display, folder.display)
    resume_from = commits[-1].first + commits[-1].rows if commits else 1
    outcome.earlier = sum(commit.rows for commit in commits)
    added = [c for c in ADDED_COLUMNS if c != "title_en" or request.title_field is not None]
    row_schema = output_schema(schema, added, manifest) if format_.name == "parquet" else None
    out_columns = [*(c for c in columns if c not in added), *added] if columns is not None else None
    seen: dict[str, int] = {}
    state = _PartState(folder, pairs_folder, format_, out_columns, row_schema, pairs_schema(manifest) if format_.name == "parquet" else None, request.pairs, len(commits))
    window: list[_Pending] = []
    window_sentences = 0
    in_part = 0  # rows handed out for the part being filled (windows may still be in flight)
    limit = settings.window_sentences or WINDOW_SENTENCES
    started = time.perf_counter()
    last_row = resume_from - 1

    def finish(done: Iterator[tuple[Window, list[RowResult]]]) -> None:
        for finished, results in done:
            rows, pair_rows, summary = [], [], []
            for line, row, pairs in results:
                summary.append(line)
                if row is not None:
                    rows.append(row)
                pair_rows.extend(pairs)
                if line[2] == "failed":
                    outcome.failed += 1
                    error = InputError(line[7], line[6], "fix the row; the others are translated")
                    if len(outcome.errors) < 20:
                        outcome.errors.append(error)
                    if on_error is not None:
                        on_error(error)
                else:
                    outcome.translated += 1
                    outcome.sentences += line[3]
                    outcome.flagged += line[4]
                    outcome.terms_repaired += line[5]
            state.add(rows, pair_rows, summary, finished.first, finished.last)
            if finished.ends_part:
                state.commit()
            progress.rows(outcome.earlier + outcome.translated + outcome.failed, total, outcome.sentences)

    def flush() -> None:
        nonlocal window_sentences, in_part
        in_part += len(window)
        ends_part = in_part >= request.part_rows
        in_part = 0 if ends_part else in_part
        finish(windows.submit(Window(window[0].row.number, window[-1].row.number, ends_part, list(window))))
        window.clear()
        window_sentences = 0

    try:
        rows = read_rows(format_, parts)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                break
            except InputError as error:  # reading broke off (a truncated file): what was read is written
                if last_row < resume_from:  # nothing of this run's rows was read: the input is unreadable
                    raise
                outcome.stopped = error
                break
            last_row = row.number
            if row.number < resume_from:
                _remember(row, request, seen)
                continue
            pending = _pending(row, request, seen)
            window.append(pending)
            window_sentences += sum(len(segments) for _, segments in pending.segmented)
            # A window ends at the part's end too, so that parts (and resume) keep their size.
            if window_sentences >= limit or len(window) >= min(WINDOW_ROWS, request.part_rows - in_part):
                flush()
        if window:
            flush()
        finish(windows.drain())
        state.commit(final=True)
    except BaseException:
        state.abort()
        windows.cancel()
        raise
    _write_summary(folder)
    outcome.seconds = time.perf_counter() - started
    return outcome


#: A row's summary line, its output row (None for a line that was not a row) and its pair rows.
RowResult = tuple[tuple[Any, ...], "dict[str, Any] | None", "list[dict[str, Any]]"]


@dataclass
class Window:
    """Rows ``first`` to ``last`` (input row numbers), decoded together; ``ends_part``: the part
    being filled is committed once this window is written."""

    first: int
    last: int
    ends_part: bool
    rows: list[_Pending]


class RowTranslator:
    """Translates a window of rows into :data:`RowResult`\\ s: what a process (or a Ray actor) holds
    once — the engine, the glossary matcher, the memory."""

    def __init__(self, engine: Engine, matcher: Any, memory: Any, tm_min: int, title: bool, pairs: bool) -> None:
        self.engine, self.matcher, self.memory, self.tm_min = engine, matcher, memory, tm_min
        self.title, self.pairs = title, pairs

    def __call__(self, rows: list[_Pending]) -> list[RowResult]:
        from translate.export.text import render as english_text
        from translate.pipeline import translate_window

        segmented = [item for pending in rows if pending.error is None for item in pending.segmented]
        runs = iter([run for run, _ in translate_window(segmented, self.engine, glossary=self.matcher, memory=self.memory, tm_min=self.tm_min)] if segmented else [])
        results = []
        for pending in rows:
            if pending.error is None:
                pending.runs = [next(runs) for _ in pending.segmented]
            results.append(_output(pending, self.title, self.pairs, english_text))
            pending.runs, pending.segmented = [], []
        return results


class Windows(Protocol):
    """Where windows are translated: ``submit`` hands one over and yields the windows finished by
    then, in input order; ``drain`` yields the rest. ``engine`` says which model and decoding
    translate them (its ``info`` and ``settings``: what the manifest records)."""

    @property
    def engine(self) -> Any: ...

    def submit(self, window: Window) -> Iterator[tuple[Window, list[RowResult]]]: ...

    def drain(self) -> Iterator[tuple[Window, list[RowResult]]]: ...

    def cancel(self) -> None:
        """Forget the windows in flight (the run stopped; their rows are redone by the next)."""


class LocalWindows:
    """Windows translated here, one after the other."""

    def __init__(self, translate: RowTranslator) -> None:
        self.translate = translate

    @property
    def engine(self) -> Engine:
        return self.translate.engine

    def submit(self, window: Window) -> Iterator[tuple[Window, list[RowResult]]]:
        yield window, self.translate(window.rows)

    def drain(self) -> Iterator[tuple[Window, list[RowResult]]]:
        return iter(())

    def cancel(self) -> None:
        pass


def _total_rows(format_: DatasetFormat, parts: list[Location]) -> int | None:
    if format_.name != "parquet":
        return None
    import pyarrow.parquet as pq

    total = 0
    for part in parts:
        with part.open_input() as handle:
            try:
                total += pq.ParquetFile(handle).metadata.num_rows
            except Exception as error:  # pyarrow raises ArrowInvalid (a ValueError) or OSError
                raise InputError(part.display, f"is not a Parquet file that can be read ({str(error).splitlines()[0][:200]})", "remove or replace the part") from None
    return total


def _remember(row: SourceRow, request: DatasetRequest, seen: dict[str, int]) -> None:
    """A row done by an earlier run: only its id is needed (a later duplicate of it is refused)."""
    if request.id_field is not None and row.values is not None and row.values.get(request.id_field) not in (None, ""):
        seen.setdefault(json.dumps(row.values[request.id_field], default=str), row.number)


def _pending(row: SourceRow, request: DatasetRequest, seen: dict[str, int]) -> _Pending:
    """A row read: its id and documents, or its error. Ids are remembered from the first row on
    (rows done by an earlier run too), so a duplicate is one whatever run reads it."""
    if row.values is None:
        return _Pending(row, None, [], row.error)
    values = row.values
    if request.id_field is not None:
        if values.get(request.id_field) in (None, ""):
            return _Pending(row, None, [], f"has no {request.id_field!r} (the id field)")
        identifier = values[request.id_field]
        key = json.dumps(identifier, default=str)
        if key in seen:
            return _Pending(row, identifier, [], f"repeats the id {identifier!r} of row {seen[key]}")
        seen[key] = row.number
    else:
        identifier = row.number
    from translate.segment import segment_document

    try:
        documents = [_document(_text(values, request.text_field, "text"), row.where)]
        if request.title_field is not None:
            documents.append(_document(" ".join(_text(values, request.title_field, "title").split()), row.where))
    except ValueError as error:
        return _Pending(row, identifier, [], str(error))
    return _Pending(row, identifier, [(document, segment_document(document)) for document in documents])


def _output(pending: _Pending, title: bool, with_pairs: bool, english_text: Callable[[Run], str]) -> RowResult:
    """A row's summary line, its output row (None for a row that could not be read) and pair rows."""
    where = pending.row.where
    if pending.error is not None:
        line = (pending.row.number, pending.id, "failed", 0, 0, 0, pending.error, where)
        if pending.row.values is None:
            return line, None, []
        row = dict(pending.row.values)
        row.update({"text_en": None, "quality_mean": None, "flagged": None, "terms_repaired": None, "error": pending.error})
        if title:
            row["title_en"] = None
        return line, row, []
    run = pending.runs[0]
    scores = [pair.quality.score for pair in run.pairs if pair.quality is not None and not pair.passthrough]
    flagged = sum(1 for pair in run.pairs if pair.quality is not None and pair.quality.flags)
    repaired = sum(1 for pair in run.pairs for term in pair.terms if term.status in ("repaired", "forced"))
    row = dict(pending.row.values or {})
    row.update({"text_en": english_text(run).rstrip("\n"), "quality_mean": round(sum(scores) / len(scores), 2) if scores else None, "flagged": flagged, "terms_repaired": repaired, "error": None})
    if title:
        row["title_en"] = english_text(pending.runs[1]).strip()
    pairs = []
    if with_pairs:
        identifier = str(pending.id)
        for pair in run.pairs:
            pairs.append({"id": identifier, "index": pair.id, "kind": pair.kind.value, "ar": pair.source, "en": pair.target, "score": pair.quality.score if pair.quality else None, "flags": ",".join(pair.quality.flags) if pair.quality else "", "origin": pair.origin})
    return (pending.row.number, pending.id, "translated", len(run.pairs), flagged, repaired, "", where), row, pairs


class _PartState:
    """The part being written (rows and pairs) and the commits made."""

    def __init__(self, folder: Location, pairs_folder: Location, format_: DatasetFormat, columns: list[str] | None, schema: Any, pairs_schema: Any, pairs: bool, next_part: int) -> None:
        self.folder, self.pairs_folder, self.format = folder, pairs_folder, format_
        self.columns, self.schema, self.pairs_schema, self.pairs = columns, schema, pairs_schema, pairs
        self.part = next_part
        self.rows = 0
        self.first: int | None = None
        self.last = 0
        self.summary: list[tuple[Any, ...]] = []
        self.writer: PartWriter | None = None
        self.pair_writer: PartWriter | None = None

    def add(self, rows: list[dict[str, Any]], pairs: list[dict[str, Any]], summary: list[tuple[Any, ...]], first: int, last: int) -> None:
        if self.writer is None:
            columns = self.columns if self.columns is not None else None
            self.writer = PartWriter(self.folder.child(part_name(self.part, self.format)), self.format, columns, self.schema)
            if self.pairs:
                self.pair_writer = PartWriter(self.pairs_folder.child(part_name(self.part, self.format)), self.format, list(PAIR_COLUMNS), self.pairs_schema)
        self.writer.write(rows)
        if self.pair_writer is not None:
            self.pair_writer.write(pairs)
        # Counted once written: a window whose write failed is not in the commit record.
        self.first = first if self.first is None else self.first
        self.last = last
        self.rows += last - first + 1
        self.summary.extend(summary)

    def commit(self, final: bool = False) -> None:
        if self.writer is None:
            return
        self.writer.close()
        if self.pair_writer is not None:
            self.pair_writer.close()
        sentences = sum(int(line[3]) for line in self.summary)
        write_commit(self.folder, Commit(self.part, self.first or 1, self.last - (self.first or 1) + 1, sentences, tuple(self.summary)))
        self.part += 1
        self.rows, self.first, self.summary = 0, None, []
        self.writer = self.pair_writer = None

    def abort(self) -> None:
        for writer in (self.writer, self.pair_writer):
            if writer is not None:
                writer.abort()
        self.writer = self.pair_writer = None


def _write_summary(folder: Location) -> None:
    """``_summary.tsv``: every committed part's lines, in row order, streamed."""
    with folder.child("_summary.tsv").open_output() as output:
        output.write(("\t".join(SUMMARY_COLUMNS) + "\n").encode("utf-8"))
        records = folder.child(COMMITS)
        for location in records.files() if records.is_dir() else []:
            record = json.loads(location.read_bytes())
            output.write("".join("\t".join("" if cell is None else " ".join(str(cell).split()) for cell in line) + "\n" for line in record["summary"]).encode("utf-8"))
