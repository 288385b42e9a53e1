"""Fuzz targets shared by the property tests (tests/test_robustness_fuzz.py, a few dozen examples each)
and the long campaign (scripts/fuzz_campaign.py, thousands). A target is a hypothesis strategy and a
check: the check may only raise the documented error for bad input (an :class:`InputError`, a
:class:`GlossaryError`), and asserts the target's invariants on everything it accepts."""

from __future__ import annotations

import codecs
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from export_samples import BlockSpec, Sentence, build_run
from translate.document import BlockKind, decode_bytes, parse_document
from translate.errors import GlossaryError, InputError
from translate.export.clean import clean_text
from translate.glossary import Glossary, GlossaryEntry, TermMatcher, load_glossary
from translate.records import QualityScore, Run, read_run, run_to_jsonl
from translate.segment import segment_document

__all__ = ["TARGETS", "Target"]


@dataclass(frozen=True)
class Target:
    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]


ARABIC = "قال وزير الخارجية الروسي سيرغي لافروف إن واشنطن رفضت التنسيق مع موسكو في الأمم المتحدة."
#: Characters that break naive code: separators str.splitlines() honours, bidi and zero-width controls,
#: presentation forms, combining marks, NUL and other C0 controls, a BOM, emoji with modifiers.
TRICKY = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\r", "\r\n", "\u200f", "\u202e", "\u200b", "\ufeff", "ﻻ", "ﷲ", "\u064b", "\x00", "\x07", "😀🏽", "\t", " ", ".", "؟", "«", "»"]
TEXT = st.text(max_size=60) | st.lists(st.sampled_from(TRICKY) | st.sampled_from(ARABIC.split()) | st.text(max_size=4), max_size=25).map("".join)


# --- segmentation -----------------------------------------------------------------------------------


def check_segmentation(text: str) -> None:
    document = parse_document(text)
    previous_end = 0
    for block in document.blocks:
        assert text[block.start : block.end] == block.text and block.text.strip()
    for segment in segment_document(document):
        assert previous_end <= segment.start < segment.end <= len(text)
        assert text[segment.start : segment.end] == segment.text == segment.text.strip()
        block = document.blocks[segment.block]
        assert block.start <= segment.start and segment.end <= block.end
        previous_end = segment.end


# --- decoding articles ------------------------------------------------------------------------------

_ENCODED = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1256", "iso8859_6"]).map(lambda codec: ARABIC.encode(codec, errors="replace"))


@st.composite
def _damaged(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(_ENCODED))
    for _ in range(draw(st.integers(0, 3))):
        position = draw(st.integers(0, len(data)))
        data[position:position] = draw(st.binary(max_size=4))
    return bytes(data)


def check_decoding(data: bytes) -> None:
    try:
        decoded = decode_bytes(data, "fuzz.txt")
    except InputError as error:
        assert "\n" not in str(error) and str(error).startswith("fuzz.txt: ")
        return
    assert not any("\ud800" <= char <= "\udfff" for char in decoded.text)
    decoded.text.encode("utf-8")  # a lone surrogate would raise here
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" not in data:
        return
    raise AssertionError("NUL bytes outside UTF-16 must be refused")


# --- glossary matching ------------------------------------------------------------------------------

ENTRIES = (
    GlossaryEntry(("لافروف",), "Lavrov"),
    GlossaryEntry(("سيرغي لافروف", "سيرجي لافروف"), "Sergei Lavrov", "Lavrov", "person"),
    GlossaryEntry(("الأمم المتحدة",), "United Nations", "UN", "org"),
    GlossaryEntry(("واشنطن",), "Washington", "", "place"),
    GlossaryEntry(("موسكو",), "Moscow", "", "place"),
)
MATCHER = TermMatcher(Glossary(ENTRIES, (), "sha256:fuzz"))
_CLITICS = st.sampled_from(["", "و", "ب", "ل", "وب", "ك", "ف"])
_TERMS = st.sampled_from([variant for entry in ENTRIES for variant in entry.ar])


def check_matching(text: str) -> None:
    previous_end = 0
    for hit in MATCHER.find(text):
        assert previous_end <= hit.start < hit.end <= len(text)
        assert text[hit.start : hit.end] == hit.surface
        previous_end = hit.end


_MATCH_TEXT = st.lists(TEXT | st.tuples(_CLITICS, _TERMS).map("".join), max_size=8).map(" ".join)


# --- glossary loading -------------------------------------------------------------------------------

_GLOSSARY_FILE = st.tuples(
    st.sampled_from([".tsv", ".csv", ".tbx"]),
    st.binary(max_size=200)
    | st.lists(st.lists(TEXT, min_size=1, max_size=4).map("\t".join), max_size=5).map(lambda rows: ("ar\ten\n" + "\n".join(rows)).encode("utf-8", "surrogatepass"))
    | st.lists(TEXT, max_size=4).map(lambda cells: f'<martif><text><body><termEntry><langSet xml:lang="ar"><tig><term>{cells}</term></tig></langSet></termEntry></body></text></martif>'.encode("utf-8", "surrogatepass")),
)


def check_glossary_loading(item: tuple[str, bytes]) -> None:
    suffix, data = item
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"glossary{suffix}"
        path.write_bytes(data)
        try:
            glossary = load_glossary(path)
        except GlossaryError as error:
            assert "\n" not in str(error) and str(path) in str(error)
            return
    assert glossary.entries and all(entry.ar and entry.en for entry in glossary.entries)
    TermMatcher(glossary).find(ARABIC)


# --- exporters --------------------------------------------------------------------------------------

_QUALITY = st.none() | st.builds(QualityScore, st.floats(0, 100, allow_nan=False), st.lists(st.sampled_from(["length", "untranslated", "<b>x</b>"]), max_size=2).map(tuple))
_SENTENCE = st.builds(Sentence, TEXT, TEXT, quality=_QUALITY, passthrough=st.booleans())
_RUN = st.lists(
    st.tuples(st.sampled_from(list(BlockKind)), st.lists(_SENTENCE, min_size=1, max_size=3)), min_size=1, max_size=3
).map(lambda blocks: build_run([BlockSpec(kind, tuple(sentences)) for kind, sentences in blocks]))


def check_exporters(run: Run) -> None:
    from lxml import etree, html

    from translate.export import EXPORTERS
    from translate.export.readers import read_tmx, read_tsv, read_xliff

    rendered = {name: exporter.render(run) for name, exporter in EXPORTERS.items()}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run.jsonl"
        path.write_text(rendered["jsonl"], encoding="utf-8")
        again = read_run(path)
    assert again.pairs == run.pairs and again.manifest.blocks == run.manifest.blocks
    cleaned = [(clean_text(pair.source), clean_text(pair.target)) for pair in run.pairs]
    for name, reader in (("tmx", read_tmx), ("xliff", read_xliff)):
        assert [(pair.source, pair.target) for pair in reader(rendered[name])] == cleaned, name
    assert [(pair.source, pair.target) for pair in read_tsv(rendered["tsv"])] == cleaned
    page = html.fromstring(rendered["html"])
    assert len(page.findall(".//script")) == 1
    assert not [name for element in page.iter() if isinstance(element.tag, str) for name in element.attrib if name.startswith("on")]
    for name in ("txt", "md"):
        assert isinstance(rendered[name], str) and not any(char in rendered[name] for char in "\x00\x07")
    assert isinstance(rendered["docx"], bytes) and rendered["docx"][:2] == b"PK"
    etree.fromstring(rendered["tmx"].encode("utf-8") if isinstance(rendered["tmx"], str) else rendered["tmx"])


# --- run JSONL from elsewhere -----------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
    max_leaves=8,
)
_BASE_RUN = build_run([BlockSpec(BlockKind.HEADLINE, (Sentence("لافروف يزور القاهرة", "Lavrov visits Cairo"),)), BlockSpec(BlockKind.PARAGRAPH, (Sentence(ARABIC, "Lavrov said so.", quality=QualityScore(80.0, ("length",), {"ratio": 1.0})),))])
_BASE_RECORDS = [json.loads(line) for line in run_to_jsonl(_BASE_RUN).splitlines()]


@st.composite
def _damaged_run(draw: st.DrawFn) -> bytes:
    records = json.loads(json.dumps(_BASE_RECORDS))
    for _ in range(draw(st.integers(1, 3))):
        record = records[draw(st.integers(0, len(records) - 1))]
        record[draw(st.sampled_from(sorted(record)))] = draw(_JSON)
    text = "\n".join(json.dumps(record, ensure_ascii=draw(st.booleans())) for record in records) + "\n"
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=6)) + data[cut:]
    return data


def check_run_reading(data: bytes) -> None:
    from translate.export import EXPORTERS

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run.jsonl"
        path.write_bytes(data)
        try:
            run = read_run(path)
        except InputError as error:
            assert "\n" not in str(error) and str(path) in str(error)
            return
    for name, exporter in EXPORTERS.items():  # whatever read_run accepts, every exporter renders
        if name == "doc":
            # The translated document is rebuilt from the original the manifest names: a damaged
            # manifest (or a missing original) is a one-line error, never a crash.
            try:
                exporter.render(run)
            except InputError as error:
                assert "\n" not in str(error)
            continue
        exporter.render(run)


# --- evaluation -------------------------------------------------------------------------------------

_EVAL = st.tuples(st.sampled_from(["text", "tsv", "tmx", "xliff", "jsonl"]), st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=5), st.lists(TEXT, min_size=0, max_size=5))


def check_evaluation(item: tuple[str, list[tuple[str, str]], list[str]]) -> None:
    from translate.evaluate import REF, Settings, evaluate, read_side
    from translate.export import EXPORTERS

    fmt, pairs, references = item
    run = build_run([BlockSpec(BlockKind.PARAGRAPH, tuple(Sentence(source, target) for source, target in pairs))])
    with tempfile.TemporaryDirectory() as folder:
        if fmt == "text":
            hypothesis = Path(folder) / "hyp.txt"
            hypothesis.write_text("\n".join(target for _, target in pairs), encoding="utf-8", errors="surrogatepass")
        else:
            exporter = EXPORTERS[fmt]
            hypothesis = Path(folder) / f"hyp{exporter.suffix}"
            data = exporter.render(run)
            hypothesis.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        reference = Path(folder) / "ref.txt"
        reference.write_text("\n".join(references), encoding="utf-8")
        try:
            hyp = read_side(hypothesis)
            ref = read_side(reference, REF)
            result = evaluate(hyp, ref, Settings(n_bootstrap=0, align=len(hyp.segments) != len(ref.segments)))
        except InputError as error:
            assert "\n" not in str(error)
            return
    assert all(0.0 <= score.score <= 100.0 + 1e-9 for score in result.corpus if score.metric != "ter")
    assert len(result.segments) >= 1


TARGETS = (
    Target("segmentation", TEXT, check_segmentation),
    Target("decoding", st.binary(max_size=120) | _damaged(), check_decoding),
    Target("glossary-matching", _MATCH_TEXT, check_matching),
    Target("glossary-loading", _GLOSSARY_FILE, check_glossary_loading),
    Target("exporters", _RUN, check_exporters),
    Target("run-jsonl-reading", _damaged_run(), check_run_reading),
    Target("evaluation", _EVAL, check_evaluation),
)
