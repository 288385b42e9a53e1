"""The records a run produces, and the canonical JSONL that carries them.

A run file is JSON Lines: the first record is the manifest (``"type": "manifest"``), then one record
per segment (``"type": "pair"``) in document order. Every other export is rendered from these records,
so ``translate export`` never needs the model.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from translate.document import Block, BlockKind
from translate.errors import InputError, RecordError

__all__ = [
    "JSONL_SCHEMA_VERSION",
    "Manifest",
    "Pair",
    "QualityScore",
    "Run",
    "TermReport",
    "TmMatch",
    "TmProvenance",
    "english_document",
    "read_run",
    "run_to_jsonl",
]

JSONL_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class TermReport:
    """How one glossary match was honoured in the English.

    ``status``: ``model`` (the model produced the required form), ``repaired`` (re-decoded with a
    forced prefix), ``forced`` (inserted/replaced in the text), ``passthrough`` (segment not translated),
    ``possible`` (an ambiguous spelling without its context: not enforced; ``enforce`` is false and
    ``required`` is the house form suggested to the editor).
    ``target_start``/``target_end`` locate the required form in the final English.
    """

    source_start: int
    source_end: int
    surface: str
    entry_en: str
    required: str
    mention: str  # "first" | "later" | "headline" (headlines take the later-mention form)
    status: str
    target_start: int | None = None
    target_end: int | None = None
    enforce: bool = True


@dataclass(frozen=True)
class QualityScore:
    """0–100 (higher is better), named flags, and the raw features the score was computed from."""

    score: float
    flags: tuple[str, ...] = ()
    features: dict[str, float] = field(default_factory=dict)


#: Where a pair's English came from: the machine, the translation memory, or the article itself.
ORIGINS = ("mt", "tm", "passthrough")


@dataclass(frozen=True)
class TmProvenance:
    """Where a memory entry came from: the file it was imported from (or the run it was confirmed
    in), its editor, when it was created and last changed (ISO 8601), and how often a run reused it."""

    origin: str = ""
    editor: str | None = None
    created: str | None = None
    changed: str | None = None
    usage: int = 0


@dataclass(frozen=True)
class TmMatch:
    """A translation-memory entry matched to a pair's source. ``score`` is OmegaT's word-level
    similarity (0–100; 101 when the previous sentence matches the entry's too); ``source`` and
    ``target`` are the entry's own text."""

    score: int
    source: str
    target: str
    provenance: TmProvenance = field(default_factory=TmProvenance)

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> TmMatch:
        score = record["score"]
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 101:
            raise TypeError(f"field 'tm.score' must be an integer 0–101, not {score!r}")
        provenance = _object(record.get("provenance") or {}, "tm.provenance")
        known = {item.name for item in fields(TmProvenance)}
        return cls(score, _string(record, "source"), _string(record, "target"), TmProvenance(**{name: provenance[name] for name in known if name in provenance}))


def _scores(record: dict[str, Any]) -> str | None:
    value = record.get("scores")
    if value is None:
        return None
    if value not in ("token", "sequence"):
        raise ValueError(f"'scores' must be token, sequence or null, not {value!r}")
    return value


@dataclass(frozen=True)
class Pair:
    """One segment and its English. ``origin`` says where the English came from (:data:`ORIGINS`);
    ``tm`` is the memory entry reused verbatim when ``origin`` is ``tm``; ``tm_suggestions`` are
    fuzzy memory matches (best first) offered to the editor, never used as the target."""

    id: int
    block: int
    kind: BlockKind
    source: str
    target: str
    start: int
    end: int
    language: str
    passthrough: bool
    logprob_mean: float | None = None
    logprob_min: float | None = None
    terms: tuple[TermReport, ...] = ()
    quality: QualityScore | None = None
    origin: str = "mt"
    tm: TmMatch | None = None
    tm_suggestions: tuple[TmMatch, ...] = ()
    #: Which model scores ``logprob_*`` come from: ``"token"`` (a teacher-forced pass over every
    #: token: mean and minimum), ``"sequence"`` (the decoder's mean only; ``logprob_min`` is None), or
    #: None (no model scored it: passthrough, memory, older run files).
    scores: str | None = None

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {"type": "pair"}
        record.update(asdict(self))
        record["kind"] = self.kind.value
        return record

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Pair:
        quality = record.get("quality")
        return cls(
            id=_integer(record, "id"),
            block=_integer(record, "block"),
            kind=BlockKind(record["kind"]),
            source=_string(record, "source"),
            target=_string(record, "target"),
            start=_integer(record, "start"),
            end=_integer(record, "end"),
            language=_string(record, "language"),
            passthrough=bool(record["passthrough"]),
            logprob_mean=_number(record, "logprob_mean"),
            logprob_min=_number(record, "logprob_min"),
            terms=tuple(TermReport(**_object(term, "terms[]")) for term in record.get("terms") or ()),
            quality=_quality(_object(quality, "quality")) if quality else None,
            # Run files written before the memory existed have none of these: machine or passthrough.
            origin=_origin(record),
            tm=TmMatch.from_json(_object(record["tm"], "tm")) if record.get("tm") else None,
            tm_suggestions=tuple(TmMatch.from_json(_object(item, "tm_suggestions[]")) for item in _list(record, "tm_suggestions")),
            scores=_scores(record),
        )


@dataclass(frozen=True)
class Manifest:
    """Provenance of a run: enough to reproduce it and to know what produced every number."""

    tool_version: str
    created: str
    input_path: str
    input_sha256: str
    input_encoding: str
    model_id: str | None
    model_revision: str | None
    engine: str | None
    device: str | None
    decoding: dict[str, Any]
    blocks: tuple[Block, ...]
    glossary: dict[str, Any] | None = None
    schema: int = JSONL_SCHEMA_VERSION
    #: The translation memory consulted (path, entries, minimum fuzzy score), or None.
    tm: dict[str, Any] | None = None
    #: For a formatted document (``.docx``, ``.odt``, ``.html``): ``format``, ``extract`` (``page`` or
    #: ``article``), ``paragraphs`` and ``notes`` — with ``input_sha256``, what rebuilding the English
    #: document from this run needs (the original file itself is not copied). None for ``.txt``.
    document: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {"type": "manifest", "tool": "translate"}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "blocks":
                value = [
                    {"index": b.index, "kind": b.kind.value, "start": b.start, "end": b.end, "newlines_before": b.newlines_before, "text": b.text}
                    for b in value
                ]
            record[item.name] = value
        return record

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Manifest:
        if not isinstance(record["blocks"], list):
            raise TypeError("field 'blocks' must be a list")
        blocks = tuple(
            Block(_integer(b, "index"), BlockKind(b["kind"]), str(b.get("text", "")), _integer(b, "start"), _integer(b, "end"), _integer(b, "newlines_before"))
            for b in map(lambda block: _object(block, "blocks[]"), record["blocks"])
        )
        _object(record["decoding"], "decoding")
        for name in ("glossary", "tm", "document"):
            if record.get(name) is not None:
                _object(record[name], name)
        if record.get("document") is not None:
            # The translated document is rebuilt by the format the record names, read the way it says.
            _string(record["document"], "format")
            if "extract" in record["document"]:
                _string(record["document"], "extract")
        for name in ("tool_version", "created", "input_path", "input_sha256", "input_encoding"):
            _string(record, name)
        for name in ("model_id", "model_revision", "engine", "device"):
            if record.get(name) is not None:
                _string(record, name)
        names = {item.name for item in fields(cls)} - {"blocks"}
        return cls(blocks=blocks, **{name: record[name] for name in names if name in record})


def _object(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"field '{name}' must be a JSON object")
    return value


def _list(record: dict[str, Any], name: str) -> list[Any]:
    value = record.get(name) or []
    if not isinstance(value, list):
        raise TypeError(f"field '{name}' must be a list")
    return value


def _origin(record: dict[str, Any]) -> str:
    value = record.get("origin")
    if value is None:
        return "passthrough" if record.get("passthrough") else "mt"
    if value not in ORIGINS:
        raise TypeError(f"field 'origin' must be one of {', '.join(ORIGINS)}, not {value!r}")
    return value


def _string(record: dict[str, Any], name: str) -> str:
    value = record[name]
    if not isinstance(value, str):
        raise TypeError(f"field '{name}' must be a string, not {type(value).__name__}")
    return value


def _integer(record: dict[str, Any], name: str) -> int:
    value = record[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (float("inf"), float("-inf")) or value != int(value):
        raise TypeError(f"field '{name}' must be an integer, not {value!r}")
    return int(value)


def _number(record: dict[str, Any], name: str) -> float | None:
    value = record.get(name)
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise TypeError(f"field '{name}' must be a number or null, not {value!r}")
    return value


def _quality(record: dict[str, Any]) -> QualityScore:
    score = record.get("score")
    if isinstance(score, bool) or not isinstance(score, (int, float)):
        raise TypeError(f"field 'quality.score' must be a number, not {score!r}")
    flags = record.get("flags", [])
    features = _object(record.get("features", {}), "quality.features")
    if not isinstance(flags, list) or not all(isinstance(flag, str) for flag in flags):
        raise TypeError("field 'quality.flags' must be a list of strings")
    if not all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in features.values()):
        raise TypeError("field 'quality.features' must map names to numbers")
    return QualityScore(score, tuple(flags), dict(features))


def _surrogate(value: Any) -> str | None:
    """The first unpaired surrogate in a parsed JSON value (``json`` accepts ``"\\ud800"``; no
    UTF-8 file, and so no export, can hold one)."""
    if isinstance(value, str):
        return next((char for char in value if "\ud800" <= char <= "\udfff"), None)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return next((found for item in value if (found := _surrogate(item)) is not None), None)
    return None


@dataclass(frozen=True)
class Run:
    manifest: Manifest
    pairs: tuple[Pair, ...]


def run_to_jsonl(run: Run) -> str:
    lines = [json.dumps(run.manifest.to_json(), ensure_ascii=False)]
    lines.extend(json.dumps(pair.to_json(), ensure_ascii=False) for pair in run.pairs)
    return "\n".join(lines) + "\n"


def read_run(path: Path) -> Run:
    """Parse a run file; a broken record is a :class:`RecordError` naming its line."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such run file", "pass the NAME.jsonl written by `translate run`")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RecordError(path, line, f"is not UTF-8 (byte offset {error.start})", "pass the NAME.jsonl written by `translate run`") from None
    manifest: Manifest | None = None
    pairs: list[Pair] = []
    pair_lines: list[int] = []
    # JSON Lines are separated by "\n" alone: str.splitlines() would also cut at U+2028, U+0085 and
    # other separators that json.dumps(ensure_ascii=False) leaves raw inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
            surrogate = _surrogate(record)
            if surrogate is not None:
                raise ValueError(f"holds an unpaired surrogate {surrogate.encode('unicode_escape').decode()}, which is not a character")
            kind = record.get("type")
            if kind == "manifest":
                manifest = Manifest.from_json(record)
            elif kind == "pair":
                pairs.append(Pair.from_json(record))
                pair_lines.append(number)
            else:
                raise ValueError(f"unknown record type {kind!r}")
        except (ValueError, KeyError, TypeError, OverflowError) as error:
            problem = f"missing field {error}" if isinstance(error, KeyError) else str(error)
            raise RecordError(path, number, f"not a valid run record ({problem})", "regenerate the file with `translate run`") from None
        except RecursionError:
            raise RecordError(path, number, "not a valid run record (nested too deeply)", "regenerate the file with `translate run`") from None
    if manifest is None:
        raise RecordError(path, None, "has no manifest record", "regenerate the file with `translate run`")
    blocks = {block.index for block in manifest.blocks}
    for number, pair in zip(pair_lines, pairs):
        if pair.block not in blocks:
            # Its translation would silently vanish from the article-shaped exports (.en.txt, .docx).
            raise RecordError(path, number, f"pair {pair.id} belongs to block {pair.block}, which the manifest does not list", "regenerate the file with `translate run`")
    return Run(manifest, tuple(pairs))


def english_document(run: Run) -> str:
    """The English article with the original block structure: one line per block, the original's
    blank lines between blocks, a block's sentences joined by a space."""
    by_block: dict[int, list[str]] = {}
    for pair in run.pairs:
        by_block.setdefault(pair.block, []).append(pair.target)
    parts: list[str] = []
    for block in run.manifest.blocks:
        if parts:
            parts.append("\n" * max(1, block.newlines_before))
        parts.append(" ".join(text.strip() for text in by_block.get(block.index, [])))
    return "".join(parts) + "\n"
