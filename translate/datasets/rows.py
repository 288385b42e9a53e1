"""Reading a dataset's rows, one at a time: JSONL (``.jsonl``, ``.jsonl.gz``), CSV/TSV and Parquet, a
file or a folder of parts, from any :class:`~translate.datasets.location.Location`.

Rows are streamed: JSONL and CSV are read in 64 KB chunks, Parquet in record batches of
:data:`BATCH_ROWS` — memory holds one batch, whatever the dataset's size. A row that cannot be read
(a malformed JSON line, a line that is not an object, a row over :data:`MAX_ROW_BYTES`) is a
:class:`SourceRow` with an error, and the rows after it are read; a file that breaks off (a truncated
``.gz``) raises :class:`~translate.errors.InputError` after the rows before the break.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from translate.datasets.location import Location
from translate.errors import InputError

__all__ = ["BATCH_ROWS", "DATASET_SUFFIXES", "MAX_ROW_BYTES", "DatasetFormat", "SourceRow", "dataset_format", "parts_of", "read_columns", "read_rows"]

#: Parquet rows per record batch read.
BATCH_ROWS = 256
#: The largest row read (an article of news is well under 1 MB; a 50 MB row is a mistake).
MAX_ROW_BYTES = 16 * 2**20
_CHUNK = 2**16


@dataclass(frozen=True)
class DatasetFormat:
    name: str  # jsonl, csv, tsv, parquet
    suffix: str  # what its parts are called: .jsonl, .jsonl.gz, .csv, .tsv, .parquet
    compression: str | None = None


DATASET_SUFFIXES: dict[str, DatasetFormat] = {
    ".jsonl.gz": DatasetFormat("jsonl", ".jsonl.gz", "gzip"),
    ".ndjson.gz": DatasetFormat("jsonl", ".jsonl.gz", "gzip"),
    ".jsonl": DatasetFormat("jsonl", ".jsonl"),
    ".ndjson": DatasetFormat("jsonl", ".jsonl"),
    ".parquet": DatasetFormat("parquet", ".parquet"),
    ".csv": DatasetFormat("csv", ".csv"),
    ".tsv": DatasetFormat("tsv", ".tsv"),
}


def dataset_format(name: str) -> DatasetFormat | None:
    """The format a file name says (``data.jsonl.gz`` → JSONL, gzip), or None."""
    lower = name.lower()
    for suffix, found in DATASET_SUFFIXES.items():
        if lower.endswith(suffix):
            return found
    return None


@dataclass(frozen=True)
class SourceRow:
    """One row: its number in the dataset (from 1, across parts), where it is (``data.jsonl: line 7``),
    its values, or why it could not be read."""

    number: int
    where: str
    values: dict[str, Any] | None
    error: str | None = None


def _lines(location: Location, compression: str | None) -> Iterator[bytes]:
    stream = location._call(lambda: location.filesystem.open_input_stream(location.path, compression=compression))

    def read() -> bytes:
        try:
            return stream.read(_CHUNK)
        except (OSError, EOFError) as error:
            raise InputError(location.display, f"breaks off ({str(error).splitlines()[0][:200]})", "the rows read are translated; fix or re-download the file and run again") from None

    with stream:
        rest = b""
        while chunk := read():
            rest += chunk
            *lines, rest = rest.split(b"\n")
            yield from lines
            if len(rest) > MAX_ROW_BYTES:
                # An endless line: said too long, then skipped to its end without holding it; the
                # lines after it in the same chunk are lines again.
                yield rest[: MAX_ROW_BYTES + 1]
                rest = b""
                while chunk := read():
                    if b"\n" in chunk:
                        *lines, rest = chunk.split(b"\n", 1)[1].split(b"\n")
                        yield from lines
                        break
        if rest:
            yield rest


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _without_lone_surrogates(value: Any) -> Any:
    """JSON may escape half a UTF-16 pair (``"\\ud800"``): such a character cannot be written as
    UTF-8, so it becomes U+FFFD (a whole pair was joined by the JSON decoder already)."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_lone_surrogates(key): _without_lone_surrogates(item) for key, item in value.items()}
    return value


def _jsonl_rows(location: Location, compression: str | None, first: int) -> Iterator[SourceRow]:
    number = first
    for line_number, line in enumerate(_lines(location, compression), 1):
        if not line.strip():
            continue
        where = f"{location.display}: line {line_number}"
        if len(line) > MAX_ROW_BYTES:
            yield SourceRow(number, where, None, f"is over {MAX_ROW_BYTES // 2**20} MB, the limit for one row")
        else:
            try:
                values = json.loads(line.decode("utf-8-sig" if line_number == 1 else "utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                yield SourceRow(number, where, None, f"is not valid JSON ({str(error)[:120]})")
            else:
                if _SURROGATE_ESCAPE.search(line):
                    values = _without_lone_surrogates(values)
                yield SourceRow(number, where, values, None) if isinstance(values, dict) else SourceRow(number, where, None, f"is a JSON {type(values).__name__}, not an object")
        number += 1


def _csv_rows(location: Location, delimiter: str, compression: str | None, first: int) -> Iterator[SourceRow]:
    stream = location._call(lambda: location.filesystem.open_input_stream(location.path, compression=compression))
    with stream:
        # A byte that is not UTF-8 fails its row, not the file: decoded as an escape, found per row.
        text = io.TextIOWrapper(_Readable(stream, location), encoding="utf-8-sig", errors="surrogateescape", newline="")
        old_limit = csv.field_size_limit()
        csv.field_size_limit(sys.maxsize)
        try:
            reader = csv.reader(text, delimiter=delimiter)
            try:
                header = next(reader)
            except StopIteration:
                return
            if any(_NOT_UTF8.search(cell) for cell in header):
                raise InputError(location.display, "has a header that is not UTF-8 text", "save it as UTF-8 CSV")
            number = first
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    yield SourceRow(number, f"{location.display}: line {reader.line_num}", None, f"is not valid CSV ({error})")
                    number += 1
                    continue
                where = f"{location.display}: line {reader.line_num}"
                if not any(cell.strip() for cell in cells):
                    continue
                if sum(len(cell) for cell in cells) > MAX_ROW_BYTES:
                    yield SourceRow(number, where, None, f"is over {MAX_ROW_BYTES // 2**20} MB, the limit for one row")
                elif any(_NOT_UTF8.search(cell) for cell in cells):
                    yield SourceRow(number, where, None, "is not UTF-8 text (a byte that does not decode)")
                elif len(cells) != len(header):
                    yield SourceRow(number, where, None, f"has {len(cells)} fields where the header has {len(header)}")
                else:
                    yield SourceRow(number, where, dict(zip(header, cells)))
                number += 1
        finally:
            csv.field_size_limit(old_limit)


#: A byte that did not decode as UTF-8 (``surrogateescape``).
_NOT_UTF8 = re.compile("[\udc80-\udcff]")


class _Readable(io.RawIOBase):
    """A pyarrow input stream as a Python raw stream (for :class:`io.TextIOWrapper`)."""

    def __init__(self, stream: Any, location: Location) -> None:
        self.stream = stream
        self.location = location

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self.stream.read(len(buffer))
        except (OSError, EOFError) as error:
            raise InputError(self.location.display, f"breaks off ({str(error).splitlines()[0][:200]})", "the rows read are translated; fix or re-download the file and run again") from None
        buffer[: len(data)] = data
        return len(data)


def _parquet_rows(location: Location, first: int) -> Iterator[SourceRow]:
    import pyarrow.parquet as pq

    with location.open_input() as handle:
        try:
            parquet = pq.ParquetFile(handle)
        except Exception as error:  # pyarrow raises ArrowInvalid (a ValueError) or OSError
            raise InputError(location.display, f"is not a Parquet file that can be read ({str(error).splitlines()[0][:200]})", "check the file, or pass the folder of its parts") from None
        number = first
        try:
            for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
                for values in batch.to_pylist():
                    yield SourceRow(number, f"{location.display}: row {number - first + 1}", values)
                    number += 1
        except (OSError, ValueError) as error:
            raise InputError(location.display, f"breaks off after row {number - first} ({str(error).splitlines()[0][:200]})", "the rows read are translated; fix the file and run again") from None


def parts_of(location: Location) -> tuple[DatasetFormat, list[Location]]:
    """A dataset's format and its files: the file itself, or a folder's parts (all of one format)."""
    if not location.exists():
        raise InputError(location.display, "no such file or folder", "check the path or URI")
    if location.is_dir():
        parts = [part for part in location.files() if dataset_format(part.name) is not None]
        if not parts:
            raise InputError(location.display, "is a folder with no .jsonl, .jsonl.gz, .parquet, .csv or .tsv parts", "pass the dataset's file, or the folder of its parts")
        formats = {dataset_format(part.name) for part in parts}
        if len(formats) > 1:
            raise InputError(location.display, "holds parts of several formats (" + ", ".join(sorted(f.suffix for f in formats if f)) + ")", "keep one format per folder")
        (found,) = formats
        return found, parts  # type: ignore[return-value]  # every part has a format: filtered above
    found = dataset_format(location.name)
    if found is None:
        raise InputError(location.display, "is not a dataset (.jsonl, .jsonl.gz, .parquet, .csv, .tsv)", "pass a dataset file or a folder of Parquet parts")
    return found, [location]


def _compression(part: Location) -> str | None:
    """How a part is compressed, by its own name (``.jsonl.gz``: gzip)."""
    found = dataset_format(part.name)
    return found.compression if found is not None else None


def read_rows(format_: DatasetFormat, parts: list[Location]) -> Iterator[SourceRow]:
    """Every row of the parts, in order, numbered from 1 across them."""
    number = 1
    for part in parts:
        compression = _compression(part)
        if format_.name == "jsonl":
            rows = _jsonl_rows(part, compression, number)
        elif format_.name == "parquet":
            rows = _parquet_rows(part, number)
        else:
            rows = _csv_rows(part, "\t" if format_.name == "tsv" else ",", compression, number)
        for row in rows:
            number = row.number + 1
            yield row


def read_columns(format_: DatasetFormat, parts: list[Location]) -> tuple[list[str] | None, Any]:
    """The dataset's column names where its format declares them (a Parquet schema, a CSV header) and
    its Arrow schema (Parquet only); ``(None, None)`` for JSONL, whose rows declare their own."""
    first = parts[0]
    if format_.name == "parquet":
        import pyarrow.parquet as pq

        schema = None
        for part in parts:  # every part's footer: parts of another schema would not fit one output
            with part.open_input() as handle:
                try:
                    found = pq.ParquetFile(handle).schema_arrow
                except Exception as error:
                    raise InputError(part.display, f"is not a Parquet file that can be read ({str(error).splitlines()[0][:200]})", "check the file, or pass the folder of its parts") from None
            if schema is None:
                schema = found
            elif not found.remove_metadata().equals(schema.remove_metadata()):
                raise InputError(part.display, f"has other columns or types than {first.display} ({', '.join(f'{f.name}: {f.type}' for f in found)})", "give every part one schema, or translate the parts apart")
        return list(schema.names) if schema is not None else [], schema
    if format_.name in ("csv", "tsv"):
        header: list[str] | None = None
        for part in parts:
            found_header = next(iter(_csv_header(part, "\t" if format_.name == "tsv" else ",")), [])
            if header is None:
                header = found_header
            elif found_header != header:
                raise InputError(part.display, f"has another header than {first.display} ({', '.join(found_header)})", "give every part one header, or translate the parts apart")
        return header or [], None
    return None, None


def _csv_header(location: Location, delimiter: str) -> Iterator[list[str]]:
    stream = location._call(lambda: location.filesystem.open_input_stream(location.path, compression=_compression(location)))
    with stream:
        text = io.TextIOWrapper(_Readable(stream, location), encoding="utf-8-sig", errors="surrogateescape", newline="")
        try:
            header = next(csv.reader(text, delimiter=delimiter))
        except StopIteration:
            return
        except csv.Error:
            raise InputError(location.display, "does not start with a CSV header that can be read", "save it as UTF-8 CSV with a header row") from None
        if any(_NOT_UTF8.search(cell) for cell in header):
            raise InputError(location.display, "has a header that is not UTF-8 text", "save it as UTF-8 CSV")
        yield header
