"""Reading the two sides of an evaluation: hypothesis (our MT) and reference (a post-edit, a published
translation, another system).

Formats, chosen by suffix (or ``fmt``):

- ``text`` (any other suffix): one segment a line. Lines are split on ``\\n`` only and right-stripped,
  exactly as the ``sacrebleu`` command line reads its files (``open(newline="\\n")`` then
  ``line.rstrip()``), so our scores equal its scores on the same files. CRLF files lose the ``\\r`` to
  that same strip. A leading BOM is dropped (sacrebleu would keep it inside the first word).
- ``jsonl``: our run file (:func:`translate.records.read_run`); one segment per pair, the English target.
- ``tsv``: our TSV export (header ``id kind ar en score flags``, text columns named by locale) or any
  TSV whose header names an ``en``/``en-US``/``target`` column; without a recognised header the last column is the target and the one before it the source.
- ``tmx``: one segment per ``<tu>``; the target is the variant whose ``xml:lang`` is not the header's
  ``srclang`` (English when several).
- ``xliff`` (1.2 and 2.x): one segment per ``trans-unit``/``segment``. As a *reference* the
  ``<target>`` (the post-edit) is read. As a *hypothesis* the original MT is read from the
  ``<note from="translate:mt">`` (2.x: ``category="translate:mt"``) that our exporter writes; a file
  from another tool without those notes is scored on its targets as they are, and the returned
  :class:`Side` says so in ``remarks``.

XML is parsed without resolving entities, loading DTDs or touching the network.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from translate.errors import EncodingError, InputError, RecordError
from translate.evaluate.side import HYP, MT_NOTE, REF, TERM_NOTES, Side, parse_score

__all__ = [
    "FORMATS",
    "HYP",
    "MT_NOTE",
    "REF",
    "Side",
    "TERM_NOTES",
    "decode_text",
    "detect_format",
    "parse_score",
    "read_post_edit_sides",
    "read_side",
    "split_lines",
]

FORMATS = ("text", "jsonl", "tsv", "tmx", "xliff")
_SUFFIXES = {
    ".jsonl": "jsonl",
    ".tsv": "tsv",
    ".tmx": "tmx",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".sdlxliff": "xliff",
    ".mqxliff": "xliff",
}
_TARGET_COLUMNS = ("en", "target", "tgt", "translation", "post-edit", "postedit", "mt", "hyp", "ref")
_SOURCE_COLUMNS = ("ar", "source", "src")


def detect_format(path: Path) -> str:
    """The format named by the file's suffix; ``text`` for anything unrecognised."""
    return _SUFFIXES.get(Path(path).suffix.lower(), "text")


def decode_text(data: bytes, path: Path | str | None = None, encoding: str | None = None) -> str:
    """Decode a text file: a BOM (UTF-8, UTF-16, UTF-32) wins, then BOM-less UTF-16 is recognised by
    its NUL bytes, then strict UTF-8. Undecodable bytes are an :class:`EncodingError` naming the line."""
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise InputError(path, f"unknown encoding '{encoding}'", "pass a Python codec name such as utf-8, utf-16 or cp1252") from None
        return _decode(data, codec, path).lstrip("\ufeff")
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decode(data, codec, path).lstrip("\ufeff")
    if b"\x00" in data:
        codec = _guess_bomless_utf16(data)
        if codec is None:
            raise InputError(path, "looks like binary data (it contains NUL bytes), not text", "pass a UTF-8 text file, one segment a line")
        return _decode(data, codec, path)
    return _decode(data, "utf-8", path)


def _guess_bomless_utf16(data: bytes) -> str | None:
    # UTF-16 text has NULs as the high byte of ASCII (spaces, digits, Latin letters) and never as the
    # low byte of a character; binary data has NULs at both parities. The side with NULs is the order.
    if len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    if odd_nuls and not even_nuls:
        return "utf-16-le"
    if even_nuls and not odd_nuls:
        return "utf-16-be"
    return None


def _decode(data: bytes, codec: str, path: Path | str | None) -> str:
    try:
        return data.decode(codec)
    except LookupError:  # a codec that is not a text encoding (rot13, base64…)
        raise InputError(path, f"'{codec}' is not a text encoding", "pass a text codec such as utf-8, utf-16 or cp1252 with --encoding") from None
    except UnicodeDecodeError as error:
        line = _line_of_offset(data, error.start, codec)
        raise EncodingError(
            path,
            f"line {line}: is not valid {codec} (byte offset {error.start})",
            "convert the file to UTF-8 or pass its encoding with --encoding",
        ) from None


def _line_of_offset(data: bytes, offset: int, codec: str) -> int:
    newline = "\n".encode(codec.replace("-sig", "")) if codec.startswith("utf") else b"\n"
    newline = newline.removeprefix(codecs.BOM_UTF16_LE).removeprefix(codecs.BOM_UTF16_BE)
    newline = newline.removeprefix(codecs.BOM_UTF32_LE).removeprefix(codecs.BOM_UTF32_BE)
    return data[:offset].count(newline) + 1


def split_lines(text: str) -> list[str]:
    """Segments of a one-segment-a-line text, read the way the sacrebleu command line reads them
    (CR-only files excepted: their CRs are taken as line ends)."""
    if not text:
        return []
    if "\n" not in text and "\r" in text:
        # Classic Mac line ends (CR only): sacrebleu would see one line; one segment a line is meant.
        text = text.replace("\r", "\n")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.rstrip() for line in lines]


def read_side(path: Path, role: str = HYP, fmt: str | None = None, encoding: str | None = None) -> Side:
    """Read one side of an evaluation. ``role`` is :data:`HYP` or :data:`REF`; ``fmt`` one of
    :data:`FORMATS` (default: by suffix). An empty file is an :class:`InputError`."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise InputError(path, f"unknown input format '{fmt}'", f"choose one of {', '.join(FORMATS)}")
    if not path.is_file():
        raise InputError(path, "no such file", "check the path")
    if fmt == "jsonl":
        side = _read_run(path)
    else:
        data = path.read_bytes()
        if fmt == "text":
            side = Side(path, "text", tuple(split_lines(decode_text(data, path, encoding))))
        elif fmt == "tsv":
            side = _read_tsv(path, decode_text(data, path, encoding))
        else:
            from translate.evaluate import _xml

            side = _xml.read_tmx(path, data) if fmt == "tmx" else _xml.read_xliff(path, data, role)
    if not side.segments:
        raise InputError(path, f"has no segments ({fmt})", "pass a file with one segment a line (or a run, TSV, TMX or XLIFF with pairs)")
    return side


def _read_run(path: Path) -> Side:
    from translate.records import read_run

    run = read_run(path)
    return Side(
        path,
        "jsonl",
        tuple(pair.target.rstrip() for pair in run.pairs),
        sources=tuple(pair.source for pair in run.pairs),
        terms=tuple(tuple(term.required for term in pair.terms if term.enforce) for pair in run.pairs),
        quality=tuple(pair.quality.score if pair.quality is not None else None for pair in run.pairs),
    )


def read_post_edit_sides(run_path: Path, post_edit_path: Path) -> tuple[Side, Side]:
    """The machine's text (hypothesis) and the editors' (reference) for the segments of a run that have
    a post-edit in ``NAME.post-edit.jsonl`` (latest version of each), in the run's order. A post-edit
    file made for another version of the run is an :class:`InputError`."""
    from translate.postedit import read_post_edits
    from translate.records import read_run

    run = read_run(run_path)
    edits = read_post_edits(post_edit_path, run_path)
    latest = edits.latest
    pairs = [pair for pair in run.pairs if pair.id in latest]
    if not pairs:
        raise InputError(post_edit_path, "has no saved segments yet", "post-edit some segments with `translate review` first")
    confirmed = sum(1 for pair in pairs if latest[pair.id].confirmed)
    remarks = (*edits.remarks, f"{len(pairs)} of {len(run.pairs)} segments have a post-edit ({confirmed} confirmed); only those are scored")
    sources = tuple(pair.source for pair in pairs)
    hyp = Side(
        run_path,
        "jsonl",
        tuple(pair.target.rstrip() for pair in pairs),
        sources=sources,
        terms=tuple(tuple(term.required for term in pair.terms if term.enforce) for pair in pairs),
        quality=tuple(pair.quality.score if pair.quality is not None else None for pair in pairs),
        remarks=remarks,
        ids=tuple(pair.id for pair in pairs),
    )
    ref = Side(post_edit_path, "post-edit", tuple(latest[pair.id].post_edit.rstrip() for pair in pairs), sources=sources)
    return hyp, ref


def _column(header: list[str], names: tuple[str, ...], language: str) -> int | None:
    """The first column named one of ``names`` or by a locale of ``language`` (``en-US``, ``en_GB``)."""
    for name in names:
        if name in header:
            return header.index(name)
    return next((index for index, cell in enumerate(header) if cell.startswith((f"{language}-", f"{language}_"))), None)


def _read_tsv(path: Path, text: str) -> Side:
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t"))
    except csv.Error as error:
        raise RecordError(path, None, f"is not valid TSV ({error})", "quote fields holding tabs or newlines in double quotes") from None
    if not rows:
        return Side(path, "tsv", ())
    header = [cell.strip().lower() for cell in rows[0]]
    target_column = _column(header, _TARGET_COLUMNS, "en")
    source_column = _column(header, _SOURCE_COLUMNS, "ar")
    score_column = header.index("score") if "score" in header else None
    if target_column is None and header[:2] == ["id", "kind"] and len(header) >= 4:
        # Our export with other locales: id, kind, SOURCE-LOCALE, TARGET-LOCALE, score, flags.
        source_column, target_column = 2, 3
    if target_column is None:
        if source_column is not None or "id" in header:
            raise RecordError(path, 1, "has a header but no English column", f"name the target column one of: {', '.join(_TARGET_COLUMNS)}")
        body, first_line = rows, 1
        width = len(rows[0])
        target_column = width - 1
        source_column = width - 2 if width >= 2 else None
    else:
        body, first_line = rows[1:], 2
    segments: list[str] = []
    sources: list[str] = []
    quality: list[float | None] = []
    for number, row in enumerate(body, start=first_line):
        quality.append(parse_score(row[score_column]) if score_column is not None and score_column < len(row) else None)
        if not row:  # a blank line is an empty segment, as in text files
            segments.append("")
            sources.append("")
            continue
        if target_column >= len(row):
            raise RecordError(path, number, f"has {len(row)} column(s), the target is column {target_column + 1}", "give every row the same columns")
        segments.append(row[target_column].rstrip())
        sources.append(row[source_column] if source_column is not None and source_column < len(row) else "")
    return Side(
        path,
        "tsv",
        tuple(segments),
        sources=tuple(sources) if source_column is not None else None,
        quality=tuple(quality) if any(score is not None for score in quality) else None,
    )
