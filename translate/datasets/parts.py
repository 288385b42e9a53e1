"""Writing a translated dataset in parts, in the input's format, each part committed atomically.

A part file (``part-00000.parquet``) is written as its rows finish and appears only when it is
closed (:mod:`translate.datasets.location`); then its commit record (``_commits/part-00000.json``:
the input rows it holds, their summary lines) is written. A part without its commit record was cut
off by a crash: a rerun writes it again. Names starting with ``_`` are skipped by Parquet, Arrow and
Ray Data readers, so ``_manifest.json``, ``_commits/`` and ``_summary.tsv`` never read as data.

Parquet parts carry their own schema — the input's columns, then :data:`ADDED_COLUMNS` — and the
run's manifest in the key-value metadata (``translate.manifest``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from translate.datasets.location import Location
from translate.datasets.rows import DatasetFormat
from translate.errors import InputError

__all__ = ["ADDED_COLUMNS", "PAIR_COLUMNS", "Commit", "PartWriter", "read_commits", "write_commit"]

#: The columns a translated row gains, after the input's (``title_en`` only with ``--title-field``).
ADDED_COLUMNS = ("text_en", "title_en", "quality_mean", "flagged", "terms_repaired", "error")
#: One row per sentence pair (``--pairs``).
PAIR_COLUMNS = ("id", "index", "kind", "ar", "en", "score", "flags", "origin")
COMMITS = "_commits"


def _arrow_type(column: str) -> Any:
    import pyarrow as pa

    return {"quality_mean": pa.float64(), "flagged": pa.int64(), "terms_repaired": pa.int64(), "index": pa.int64(), "score": pa.float64()}.get(column, pa.string())


def output_schema(input_schema: Any, added: Sequence[str], manifest: dict[str, Any]) -> Any:
    """The Parquet schema of the translated rows: the input's fields (a column the run adds replaces
    an input column of that name), then the added ones."""
    import pyarrow as pa

    kept = [field for field in input_schema if field.name not in added] if input_schema is not None else []
    fields = [*kept, *(pa.field(name, _arrow_type(name)) for name in added)]
    return pa.schema(fields, metadata={b"translate.manifest": json.dumps(manifest, ensure_ascii=False).encode("utf-8")})


def pairs_schema(manifest: dict[str, Any]) -> Any:
    import pyarrow as pa

    return pa.schema([pa.field(name, _arrow_type(name)) for name in PAIR_COLUMNS], metadata={b"translate.manifest": json.dumps(manifest, ensure_ascii=False).encode("utf-8")})


class PartWriter:
    """One part being written: rows go in as they finish; :meth:`close` makes the file appear."""

    def __init__(self, location: Location, format_: DatasetFormat, columns: Sequence[str] | None, schema: Any = None) -> None:
        self.location = location
        self.format = format_
        self.columns = list(columns) if columns is not None else None
        self.schema = schema
        self.rows = 0
        self._output = location.open_output(compression=format_.compression)
        self._parquet: Any = None
        if format_.name == "parquet":
            import pyarrow.parquet as pq

            self._parquet = pq.ParquetWriter(self._output.stream, schema, compression="zstd")
        elif format_.name in ("csv", "tsv") and self.columns is not None:
            self._write_csv([self.columns])

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        if self._parquet is not None:
            import pyarrow as pa

            try:
                table = pa.Table.from_pylist(list(rows), schema=self.schema)
            except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
                raise InputError(self.location.display, f"a row does not fit the input's schema ({str(error).splitlines()[0][:200]})", "report it with the row") from None
            self._parquet.write_table(table)
        elif self.format.name == "jsonl":
            # backslashreplace: a character UTF-8 cannot hold (half a surrogate pair) stays a JSON escape.
            self._output.write("".join(json.dumps(row, ensure_ascii=False, default=_jsonable) + "\n" for row in rows).encode("utf-8", "backslashreplace"))
        else:
            self._write_csv([["" if row.get(column) is None else _cell(row.get(column)) for column in self.columns or ()] for row in rows])
        self.rows += len(rows)

    def _write_csv(self, rows: list[list[str]]) -> None:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter="\t" if self.format.name == "tsv" else ",", lineterminator="\n").writerows(rows)
        self._output.write(buffer.getvalue().encode("utf-8", "backslashreplace"))

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        self._output.__exit__(None, None, None)

    def abort(self) -> None:
        if self._parquet is not None:
            try:
                self._parquet.close()  # its own stream only; the part is discarded below
            except Exception:  # the error that aborted the part is the one to report
                pass
            self._parquet = None
        self._output.__exit__(RuntimeError, RuntimeError("aborted"), None)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


@dataclass(frozen=True)
class Commit:
    """A part that is done: its number, the input rows it holds (``first`` to ``first + rows - 1``,
    numbered from 1), its summary lines and totals."""

    part: int
    first: int
    rows: int
    sentences: int
    summary: tuple[tuple[Any, ...], ...]

    def to_json(self) -> dict[str, Any]:
        return {"part": self.part, "first": self.first, "rows": self.rows, "sentences": self.sentences, "summary": [list(line) for line in self.summary]}


def part_name(number: int, format_: DatasetFormat) -> str:
    return f"part-{number:05d}{format_.suffix}"


def write_commit(folder: Location, commit: Commit) -> None:
    folder.child(COMMITS).child(f"part-{commit.part:05d}.json").write_bytes(json.dumps(commit.to_json(), ensure_ascii=False).encode("utf-8"))


def read_commits(folder: Location) -> list[Commit]:
    """The parts committed, in order, stopping at the first gap (a later part without its
    predecessor is not trusted: the rerun rewrites from the gap)."""
    commits: list[Commit] = []
    records = folder.child(COMMITS)
    if not records.is_dir():
        return commits
    for location in records.files():
        if not location.name.endswith(".json"):
            continue
        try:
            record = json.loads(location.read_bytes())
            commit = Commit(int(record["part"]), int(record["first"]), int(record["rows"]), int(record["sentences"]), tuple(tuple(line) for line in record["summary"]))
        except (ValueError, KeyError, TypeError):
            raise InputError(location.display, "is not a commit record of translate that can be read", "remove the output folder or pass --force") from None
        if commit.part != len(commits):
            break
        commits.append(commit)
    return commits
