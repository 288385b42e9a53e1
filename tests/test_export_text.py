"""Text-level contracts shared by every export (NFC, XML-safe, nothing injected), TSV quoting and
round trip, Markdown escaping."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from export_samples import BlockSpec, Sentence, build_run, sample_run
from translate.document import BlockKind
from translate.errors import RecordError
from translate.export import EXPORTERS, tsv
from translate.export.clean import clean_text, forbidden_characters
from translate.export.markdown import escape_inline
from translate.export.readers import ExportedPair, read_tsv
from translate.records import QualityScore

BIDI_CONTROLS = set("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("قال لافروف", "قال لافروف"),
        ("وصل\x00 الوفد", "وصل الوفد"),  # NUL removed
        ("a\x01b\x1fc\x0bd\x0ce", "abcde"),  # C0 controls XML 1.0 forbids
        ("tab\tnewline\ncr\r", "tab\tnewline\ncr\r"),  # the three it allows stay
        ("e\u0301", "\u00e9"),  # NFC composes
        ("e\x00\u0301", "\u00e9"),  # removal first, then NFC
        ("\ud800x", "x"),  # lone surrogate
        ("\ufffe\uffffok", "ok"),
        ("كَتَبَ", "كَتَبَ"),  # Arabic diacritics are kept (NFC leaves them)
        ("\u200fمرحبا", "\u200fمرحبا"),  # a bidi mark already in the text is kept, not stripped
        ("\U0001F600", "\U0001F600"),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@given(st.text())
def test_clean_text_is_xml_safe_nfc_and_idempotent(text: str) -> None:
    cleaned = clean_text(text)
    assert forbidden_characters(cleaned) == []
    assert unicodedata.is_normalized("NFC", cleaned)
    assert clean_text(cleaned) == cleaned


@pytest.mark.parametrize("name", sorted(set(EXPORTERS) - {"docx"}))
def test_text_exports_inject_no_bidi_controls(name: str) -> None:
    rendered = EXPORTERS[name].render(sample_run())
    text = rendered.decode("utf-8") if isinstance(rendered, bytes) else rendered
    assert not BIDI_CONTROLS & set(text)


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ("plain", "plain"),
        ("with\ttab", '"with\ttab"'),
        ("line\nbreak", '"line\nbreak"'),
        ("carriage\rreturn", '"carriage\rreturn"'),
        ('say "hi"', '"say ""hi"""'),
        ("", ""),
        ("  spaces  ", "  spaces  "),
    ],
)
def test_tsv_quotes_fields(value: str, field: str) -> None:
    run = build_run([BlockSpec(BlockKind.PARAGRAPH, (Sentence("نص", value),))])
    line = tsv.render(run).split("\n", 1)[1]
    assert line == f"0\tparagraph\tنص\t{field}\t\t\tmt\n"


def test_tsv_header_names_locales() -> None:
    from translate.export.options import ExportOptions

    first = tsv.render(sample_run(), ExportOptions("ar-SA", "en-US")).split("\n", 1)[0]
    assert first == "id\tkind\tar-SA\ten-US\tscore\tflags\torigin"


def test_tsv_reads_back_the_sample() -> None:
    run = sample_run()
    pairs = read_tsv(tsv.render(run))
    assert [p.id for p in pairs] == [p.id for p in run.pairs]
    assert pairs[2] == ExportedPair(2, run.pairs[2].source, run.pairs[2].target, "paragraph", 38.5, ("low_logprob", "length_ratio"))
    assert pairs[1].score is None and pairs[1].flags == ()
    assert pairs[6].source == "وصل\tالوفد اليوم"  # control character removed, tab kept


flags_strategy = st.lists(st.from_regex(r"[a-z][a-z_]{0,15}", fullmatch=True), max_size=3).map(tuple)
quality_strategy = st.none() | st.builds(QualityScore, st.floats(0, 100, allow_nan=False), flags_strategy)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(), st.text(), quality_strategy), min_size=1, max_size=4))
def test_tsv_round_trips_arbitrary_text(rows: list) -> None:
    run = build_run([BlockSpec(BlockKind.PARAGRAPH, tuple(Sentence(s, t, quality=q) for s, t, q in rows))])
    back = read_tsv(tsv.render(run))
    assert back == tuple(
        ExportedPair(p.id, clean_text(p.source), clean_text(p.target), "paragraph", p.quality.score if p.quality else None, p.quality.flags if p.quality else ())
        for p in run.pairs
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('id\tkind\tar\ten\tscore\tflags\n1\tparagraph\t"unclosed\n', "not valid TSV"),
        ("id\tkind\tar\ten\tscore\tflags\n1\tparagraph\tنص\n", "has 3 columns"),
        ("id\tkind\tar\ten\tscore\tflags\nx\tparagraph\tنص\ttext\t\t\n", "bad id or score"),
        ("id\tkind\tar\ten\tscore\tflags\n1\tparagraph\tنص\ttext\thigh\t\n", "bad id or score"),
    ],
)
def test_tsv_reader_names_the_bad_line(text: str, problem: str) -> None:
    with pytest.raises(RecordError, match=problem) as caught:
        read_tsv(text, "run.tsv")
    assert "run.tsv" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال لافروف", "قال لافروف"),
        ("a | b", "a \\| b"),
        ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
        ("*bold* _it_ `code` [link]", "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\]"),
        ("# not a heading", "\\# not a heading"),
        ("- not a list", "\\- not a list"),
        ("1. not a list", "1\\. not a list"),
        ("> not a quote", "\\> not a quote"),
        ("AT&T", "AT\\&T"),
        ("one\ntwo\r\nthree", "one<br>two<br>three"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_markdown_escapes_inline(text: str, expected: str) -> None:
    assert escape_inline(text) == expected


def test_markdown_keeps_headings_and_scores() -> None:
    rendered = EXPORTERS["md"].render(sample_run())
    lines = rendered.splitlines()
    assert lines[0] == "# Lavrov: Washington refused coordination on Syria"
    assert "## Insufficient strikes" in lines
    assert "*pair 4: 64 ⚑ number\\_mismatch*" in lines
    assert "| 2 | قال وزير الخارجية الروسي إن واشنطن رفضت إرسال وفد عسكري. | The Russian foreign minister said Washington refused to send a military delegation. | 38 ⚑ low\\_logprob, length\\_ratio |" in lines
    assert "| 1 | *Russian Foreign Minister Sergei Lavrov delivers a speech.* | *Russian Foreign Minister Sergei Lavrov delivers a speech.* | no score |" in lines
    # Every table row has exactly the 4 cells (5 unescaped pipes).
    import re

    for line in lines:
        if line.startswith("| ") and not line.startswith("|--"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 5, line
