"""Reading our TSV, TMX and XLIFF back into pairs — for round-trip tests, and for ``evaluate``, which
reads a post-edited XLIFF: the editor's text is ``target``, the machine's is ``mt``.

Files from elsewhere (a CAT tool that saved our XLIFF) are parsed without entity expansion or DTD
loading; a unit we cannot read is a :class:`~translate.errors.RecordError` naming the file and line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from translate.errors import InputError, RecordError
from translate.export.xliff import MT_NOTE, NAMESPACE, QUALITY_NOTE
from translate.export.xmlutil import XML_LANG, safe_parser
from translate.xmlsafe import describe_xml_error

__all__ = ["ExportedPair", "read_export", "read_tmx", "read_tsv", "read_xliff"]

_QUALITY = re.compile(r"score=(?P<score>\S*); flags=(?P<flags>.*)", re.DOTALL)


@dataclass(frozen=True)
class ExportedPair:
    """A pair as an export carries it. ``passthrough`` is ``None`` where the format does not record it
    (TSV), ``mt`` except in XLIFF; ``kind`` is the block kind's value (``headline``, ``paragraph``…)."""

    id: int
    source: str
    target: str
    kind: str | None = None
    score: float | None = None
    flags: tuple[str, ...] = ()
    passthrough: bool | None = None
    mt: str | None = None


def _flags(text: str) -> tuple[str, ...]:
    return tuple(flag for flag in text.split(",") if flag)


def _score(text: str | None) -> float | None:
    return float(text) if text not in (None, "", "none") else None


def read_tsv(text: str, path: Path | str | None = None) -> tuple[ExportedPair, ...]:
    """Rows of a TSV written by :mod:`translate.export.tsv` (header skipped)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True)
    pairs = []
    try:
        rows = list(reader)
    except csv.Error as error:
        raise RecordError(path, reader.line_num, f"is not valid TSV ({error})", "re-export it with `translate export`") from None
    for number, row in enumerate(rows[1:], start=2):
        # Files written before the memory existed have no origin column.
        if len(row) not in (6, 7):
            raise RecordError(path, number, f"has {len(row)} columns, expected 7 (id, kind, source, target, score, flags, origin)", "re-export it with `translate export`")
        try:
            pairs.append(ExportedPair(int(row[0]), row[2], row[3], row[1] or None, _score(row[4]), _flags(row[5])))
        except ValueError as error:
            raise RecordError(path, number, f"has a bad id or score ({error})", "re-export it with `translate export`") from None
    return tuple(pairs)


def _parse(data: bytes, path: Path | str | None, what: str) -> etree._Element:
    try:
        return etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as error:
        explained = describe_xml_error(error, data, what)
        raise RecordError(path, explained.line, explained.problem, explained.fix or f"pass a {what} file written by `translate export`") from None


def _text(element: etree._Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


def read_tmx(data: bytes, path: Path | str | None = None) -> tuple[ExportedPair, ...]:
    """The units of a TMX written by :mod:`translate.export.tmx`."""
    root = _parse(data, path, "TMX")
    header = root.find("header")
    srclang = (header.get("srclang", "") if header is not None else "").lower()
    pairs = []
    for unit in root.iter("tu"):
        props = {prop.get("type"): prop.text or "" for prop in unit.findall("prop")}
        variants = unit.findall("tuv")
        source = next((v for v in variants if v.get(XML_LANG, "").lower() == srclang), variants[0] if variants else None)
        target = next((v for v in variants if v is not source), None)
        try:
            pairs.append(
                ExportedPair(
                    id=int(props.get("x-id") or unit.get("tuid", "")),
                    source=_text(source.find("seg") if source is not None else None),
                    target=_text(target.find("seg") if target is not None else None),
                    kind=props.get("x-kind") or None,
                    score=_score(props.get("x-score")),
                    flags=_flags(props.get("x-flags", "")),
                    passthrough=props.get("x-passthrough") == "yes",
                )
            )
        except ValueError as error:
            raise RecordError(path, unit.sourceline, f"has a unit with a bad id or score ({error})", "re-export it with `translate export`") from None
    return tuple(pairs)


def read_xliff(data: bytes, path: Path | str | None = None) -> tuple[ExportedPair, ...]:
    """The trans-units of an XLIFF 1.2 written by :mod:`translate.export.xliff`, possibly post-edited."""
    root = _parse(data, path, "XLIFF")
    ns = {"x": NAMESPACE}
    pairs = []
    for unit in root.iterfind(".//x:trans-unit", ns):
        notes = {}
        for note in unit.iterfind("x:note", ns):
            notes.setdefault(note.get("from"), _text(note))
        quality = _QUALITY.fullmatch(notes.get(QUALITY_NOTE, "")) if QUALITY_NOTE in notes else None
        parent = unit.getparent()
        restype = parent.get("restype", "") if parent is not None and parent.tag == f"{{{NAMESPACE}}}group" else ""
        try:
            pairs.append(
                ExportedPair(
                    id=int(unit.get("id", "")),
                    source=_text(unit.find("x:source", ns)),
                    target=_text(unit.find("x:target", ns)),
                    kind=restype[2:] if restype.startswith("x-") else None,
                    score=_score(quality.group("score")) if quality else None,
                    flags=_flags(quality.group("flags")) if quality else (),
                    passthrough=unit.get("translate", "yes") == "no",
                    mt=notes.get(MT_NOTE),
                )
            )
        except ValueError as error:
            raise RecordError(path, unit.sourceline, f"has a trans-unit with a bad id or score ({error})", "keep the ids `translate export` wrote") from None
    return tuple(pairs)


_READERS = {".tsv": "tsv", ".tmx": "tmx", ".xlf": "xliff", ".xliff": "xliff"}


def read_export(path: Path) -> tuple[ExportedPair, ...]:
    """Read a ``.tsv``, ``.tmx`` or ``.xlf``/``.xliff`` file by its suffix."""
    path = Path(path)
    kind = _READERS.get(path.suffix.lower())
    if kind is None:
        raise InputError(path, f"has an unknown suffix '{path.suffix}'", "pass a .tsv, .tmx, .xlf or .xliff file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror})", "check the path and its permissions") from None
    if kind == "tsv":
        try:
            return read_tsv(data.decode("utf-8"), path)
        except UnicodeDecodeError:
            raise InputError(path, "is not UTF-8", "re-export it with `translate export`") from None
    return read_tmx(data, path) if kind == "tmx" else read_xliff(data, path)
