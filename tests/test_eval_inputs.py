"""Reading HYP and REF: text as sacrebleu reads it, our run JSONL, TSV, TMX, XLIFF from CAT tools, and
every kind of bad input answered with a clear error or a sensible reading — never a crash."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.document import Block, BlockKind
from translate.errors import EncodingError, InputError, RecordError
from translate.evaluate import HYP, REF, Settings, decode_text, detect_format, evaluate, read_side, split_lines
from translate.records import Manifest, Pair, Run, TermReport, run_to_jsonl

ARABIC_AND_QUOTES = "«قال» لافروف: “hello” ‘world’\n...\n\nSergei Lavrov\n"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a\nb\n", ["a", "b"]),
        ("a\nb", ["a", "b"]),
        ("a\r\nb\r\n", ["a", "b"]),
        ("a\rb\r", ["a", "b"]),
        ("a\n\nb\n", ["a", "", "b"]),
        ("trailing blanks \t\nx\n", ["trailing blanks", "x"]),
        ("  leading kept\n", ["  leading kept"]),
        ("line\u2028separator and \x0cform feed stay inside\n", ["line\u2028separator and \x0cform feed stay inside"]),
        ("\n", [""]),
        ("", []),
        ("قال لافروف\n“اقتباس”\n", ["قال لافروف", "“اقتباس”"]),
    ],
    ids=["lf", "no-final-newline", "crlf", "cr-only", "empty-line", "trailing-blanks", "leading-blanks", "only-newline-splits", "one-empty", "empty", "arabic"],
)
def test_split_lines_reads_like_sacrebleu(text: str, lines: list[str]) -> None:
    assert split_lines(text) == lines


@pytest.mark.parametrize(
    "data",
    [
        ARABIC_AND_QUOTES.encode("utf-8"),
        codecs.BOM_UTF8 + ARABIC_AND_QUOTES.encode("utf-8"),
        ARABIC_AND_QUOTES.encode("utf-16"),
        codecs.BOM_UTF16_BE + ARABIC_AND_QUOTES.encode("utf-16-be"),
        "Sergei Lavrov said “no”\nMoscow\n".encode("utf-16-le"),
        ARABIC_AND_QUOTES.encode("utf-16-le"),
        ARABIC_AND_QUOTES.encode("utf-16-be"),
        ARABIC_AND_QUOTES.encode("utf-32"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-be-bom", "utf-16-le-no-bom", "arabic-utf-16-le-no-bom", "arabic-utf-16-be-no-bom", "utf-32"],
)
def test_decode_text_recognises_encodings(data: bytes) -> None:
    text = decode_text(data, "x.txt")
    assert not text.startswith("\ufeff")
    assert text in (ARABIC_AND_QUOTES, "Sergei Lavrov said “no”\nMoscow\n")


def test_invalid_utf8_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "hyp.txt"
    path.write_bytes(b"fine\nalso fine\nbad \xff byte\n")
    with pytest.raises(EncodingError) as caught:
        read_side(path)
    assert str(path) in str(caught.value) and "line 3" in str(caught.value) and "--encoding" in str(caught.value)


@pytest.mark.parametrize(
    ("data", "encoding", "message"),
    [
        (codecs.BOM_UTF16_LE + "ok\n".encode("utf-16-le") + b"\x00", None, "is not valid utf-16"),
        (codecs.BOM_UTF16_LE + "a\nb\n".encode("utf-16-le") + b"\x00\xd8\n\x00", None, "line 3: is not valid utf-16"),
        (b"hello\n", "rot13", "not a text encoding"),
        (b"hello\n", "no-such-codec", "unknown encoding"),
        ("\u0645\n".encode("utf-8"), "ascii", "line 1: is not valid ascii"),
    ],
    ids=["utf-16-odd-length", "utf-16-lone-surrogate", "not-a-text-codec", "unknown-codec", "wrong-explicit-codec"],
)
def test_undecodable_text_is_an_input_error(tmp_path: Path, data: bytes, encoding: str | None, message: str) -> None:
    path = tmp_path / "hyp.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_side(path, encoding=encoding)


def test_explicit_encoding_reads_legacy_file(tmp_path: Path) -> None:
    path = tmp_path / "hyp.txt"
    path.write_bytes("café “x”\n".encode("cp1252"))
    assert read_side(path, encoding="cp1252").segments == ("café “x”",)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "hyp.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")
    with pytest.raises(InputError, match="binary"):
        read_side(path)


@pytest.mark.parametrize("content", [b"", codecs.BOM_UTF8, "".encode("utf-16")], ids=["empty", "bom-only", "utf-16-bom-only"])
def test_empty_file_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "ref.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="has no segments"):
        read_side(path, REF)


@pytest.mark.parametrize(
    ("hyp_encoding", "ref_encoding"),
    [("utf-8", "utf-8-sig"), ("utf-8", "utf-16"), ("utf-16", "utf-8"), ("utf-8-sig", "utf-32")],
)
def test_mixed_encodings_and_line_ends_score_like_plain_utf8(tmp_path: Path, hyp_encoding: str, ref_encoding: str) -> None:
    hyp_lines = ["Lavrov said Washington refused.", "“We will act,” he said.", "", "..."]
    ref_lines = ["Lavrov said that Washington refused.", "“We will act”, he said.", "", "—"]
    plain_hyp, plain_ref = tmp_path / "h.txt", tmp_path / "r.txt"
    plain_hyp.write_text("\n".join(hyp_lines) + "\n", encoding="utf-8")
    plain_ref.write_text("\n".join(ref_lines) + "\n", encoding="utf-8")
    odd_hyp, odd_ref = tmp_path / "h2.txt", tmp_path / "r2.txt"
    odd_hyp.write_bytes(("\r\n".join(hyp_lines) + "\r\n").encode(hyp_encoding))
    odd_ref.write_bytes(("\n".join(ref_lines)).encode(ref_encoding))
    settings = Settings(n_bootstrap=0)
    expected = evaluate(read_side(plain_hyp), read_side(plain_ref, REF), settings)
    actual = evaluate(read_side(odd_hyp), read_side(odd_ref, REF), settings)
    assert [s.score for s in actual.corpus] == [s.score for s in expected.corpus]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.txt", "text"), ("a.en", "text"), ("run.jsonl", "jsonl"), ("a.tsv", "tsv"), ("a.TMX", "tmx"), ("a.xlf", "xliff"), ("a.xliff", "xliff"), ("a.sdlxliff", "xliff")],
)
def test_detect_format_by_suffix(name: str, fmt: str) -> None:
    assert detect_format(Path(name)) == fmt


# --- TSV --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "segments", "sources"),
    [
        ("id\tar\ten\n0\tقال لافروف\tLavrov said\n1\tمرحبا\tHello \n", ("Lavrov said", "Hello"), ("قال لافروف", "مرحبا")),
        ("id\tkind\tar-SA\ten-US\tscore\tflags\n1\theadline\tسوريا\tSyria\t87.5\ta,b\n", ("Syria",), ("سوريا",)),
        ("id\tkind\tar\tfr\tscore\tflags\n1\theadline\tسوريا\tSyrie\t\t\n", ("Syrie",), ("سوريا",)),
        ('id\tar\ten\n0\t"نص\tبعلامة"\t"He said ""no""\tthen left"\n', ('He said "no"\tthen left',), ("نص\tبعلامة",)),
        ("ar\ten\nسوريا\t\n", ("",), ("سوريا",)),
        ("قال لافروف\tLavrov said\nمرحبا\tHello\n", ("Lavrov said", "Hello"), ("قال لافروف", "مرحبا")),
        ("Lavrov said\nHello\n", ("Lavrov said", "Hello"), None),
        ("id\tar\ten\n0\tسوريا\tSyria\n\n2\tروسيا\tRussia\n", ("Syria", "", "Russia"), ("سوريا", "", "روسيا")),
    ],
    ids=["simple-header", "our-export-locales", "our-export-other-target", "quoted-tab-and-quote", "empty-target", "headerless-two-columns", "one-column", "blank-row"],
)
def test_tsv_targets_and_sources(tmp_path: Path, text: str, segments: tuple, sources: tuple | None) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(text, encoding="utf-8")
    side = read_side(path)
    assert side.segments == segments
    assert side.sources == sources


@pytest.mark.parametrize(
    ("text", "line"),
    [("id\tar\n0\tسوريا\n", 1), ("id\tar\ten\n0\tسوريا\tSyria\n1\tروسيا\n", 3)],
    ids=["no-english-column", "short-row"],
)
def test_tsv_errors_name_the_line(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        read_side(path)
    assert caught.value.line == line and str(path) in str(caught.value)


# --- run JSONL --------------------------------------------------------------------------------------


def _run(targets: list[str]) -> Run:
    blocks = (Block(0, BlockKind.PARAGRAPH, "", 0, 10, 0),)
    manifest = Manifest("0.1.0", "2026-01-01T00:00:00Z", "a.txt", "0" * 64, "utf-8", "tiny", None, "torch", "cpu", {"beam_size": 2}, blocks)
    lavrov = TermReport(0, 6, "لافروف", "Lavrov", "Sergei Lavrov", "first", "model")
    pairs = tuple(
        Pair(i, 0, BlockKind.PARAGRAPH, f"جملة {i}", target, 0, 5, "ar", False, terms=(lavrov,) if i == 0 else ())
        for i, target in enumerate(targets)
    )
    return Run(manifest, pairs)


def test_run_jsonl_gives_targets_sources_and_terms(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    path.write_text(run_to_jsonl(_run(["Sergei Lavrov said no. ", "Moscow agreed."])), encoding="utf-8")
    side = read_side(path)
    assert side.segments == ("Sergei Lavrov said no.", "Moscow agreed.")
    assert side.sources == ("جملة 0", "جملة 1")
    assert side.terms == (("Sergei Lavrov",), ())


def test_broken_run_jsonl_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    path.write_text(run_to_jsonl(_run(["a"])) + '{"type": "pair", "id": \n', encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        read_side(path)
    assert caught.value.line == 3


# --- TMX --------------------------------------------------------------------------------------------

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="ar" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="ar"><seg>قال لافروف</seg></tuv><tuv xml:lang="en-US"><seg>Lavrov <ph>&lt;b/&gt;</ph>said “no”</seg></tuv></tu>
<tu><tuv xml:lang="ar"><seg>سوريا</seg></tuv><tuv xml:lang="en-US"><seg>Syria <hi>today</hi></seg></tuv></tu>
</body></tmx>
"""


def test_tmx_targets_drop_native_codes_and_keep_highlighted_text(tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(TMX, encoding="utf-8")
    side = read_side(path)
    assert side.segments == ("Lavrov said “no”", "Syria today")
    assert side.sources == ("قال لافروف", "سوريا")


def test_tmx_unit_without_target_is_a_record_error(tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(TMX.replace('<tuv xml:lang="en-US"><seg>Syria <hi>today</hi></seg></tuv>', ""), encoding="utf-8")
    with pytest.raises(RecordError, match="no target-language"):
        read_side(path)


# --- XLIFF ------------------------------------------------------------------------------------------


def xliff(units: list[tuple[str, str, str | None, list[str]]], version: str = "1.2") -> str:
    """An XLIFF shaped like our exporter's: (source, post-edited target, MT note or None, glossary notes)."""
    body = []
    for number, (source, target, mt, terms) in enumerate(units):
        notes = "" if mt is None else f'<note from="translate:mt" annotates="target">{mt}</note>'
        notes += '<note from="translate:quality">score=80.0; flags=</note>'
        notes += "".join(f'<note from="translate:glossary">{term}</note>' for term in terms)
        body.append(
            f'<trans-unit id="{number}" xml:space="preserve"><source xml:lang="ar">{source}</source>'
            f'<target xml:lang="en" state="translated">{target}</target>{notes}</trans-unit>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file original="a.txt" source-language="ar" target-language="en" datatype="plaintext"><body>\n'
        + "\n".join(body)
        + "\n</body></file></xliff>\n"
    )


EDITED = [
    ("قال سيرغي لافروف", "Sergei Lavrov said on Monday", "Sergey Lavrov said", ["لافروف → Sergei Lavrov (repaired, first mention)"]),
    ("رفضت واشنطن", "Washington refused.", "Washington refused.", []),
    ("<b>نص</b>", "A <g id='1'>bold</g> claim<x id='2'/>", "A bold claim", []),
]


def test_xliff_as_hypothesis_reads_our_mt_notes(tmp_path: Path) -> None:
    path = tmp_path / "edited.xlf"
    path.write_text(xliff([(s.replace("<", "&lt;"), t, m, g) for s, t, m, g in EDITED]), encoding="utf-8")
    hyp = read_side(path, HYP)
    ref = read_side(path, REF)
    assert hyp.segments == ("Sergey Lavrov said", "Washington refused.", "A bold claim")
    assert ref.segments == ("Sergei Lavrov said on Monday", "Washington refused.", "A bold claim")
    assert hyp.sources == ("قال سيرغي لافروف", "رفضت واشنطن", "<b>نص</b>")
    assert hyp.terms == (("Sergei Lavrov",), (), ())
    assert hyp.remarks == ()


def test_xliff_from_another_tool_scores_targets_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "other.xlf"
    path.write_text(xliff([(s, t, None, []) for s, t, _, _ in EDITED[:2]]), encoding="utf-8")
    hyp = read_side(path, HYP)
    assert hyp.segments == ("Sergei Lavrov said on Monday", "Washington refused.")
    assert len(hyp.remarks) == 1 and "scored as they are" in hyp.remarks[0] and str(path) in hyp.remarks[0]


def test_xliff_with_some_notes_missing_counts_them(tmp_path: Path) -> None:
    path = tmp_path / "mixed.xlf"
    path.write_text(xliff([EDITED[1][:2] + ("Washington refused it.", []), EDITED[1][:2] + (None, [])]), encoding="utf-8")
    hyp = read_side(path, HYP)
    assert hyp.segments == ("Washington refused it.", "Washington refused.")
    assert "1 of 2 units" in hyp.remarks[0]


def test_xliff_2_notes_by_category(tmp_path: Path) -> None:
    path = tmp_path / "edited.xlf"
    path.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ar" trgLang="en"><file id="f">'
        '<unit id="u1"><notes><note category="translate:mt">Lavrov says</note></notes>'
        "<segment><source>قال لافروف</source><target>Lavrov said</target></segment></unit></file></xliff>",
        encoding="utf-8",
    )
    assert read_side(path, HYP).segments == ("Lavrov says",)
    assert read_side(path, REF).segments == ("Lavrov said",)


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_truncated_xliff_is_a_record_error_with_line(tmp_path: Path, cut: float) -> None:
    text = xliff([(s.replace("<", "&lt;"), t, m, g) for s, t, m, g in EDITED])
    path = tmp_path / "cut.xlf"
    path.write_text(text[: int(len(text) * cut)], encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        read_side(path, HYP)
    assert caught.value.line is not None and "truncated" in str(caught.value)


def test_xliff_entities_are_never_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    path = tmp_path / "evil.xlf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY leak SYSTEM "file://{secret}"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="ar" target-language="en" datatype="plaintext"><body>'
        '<trans-unit id="1"><source>س</source><target>x &leak; &b; y</target></trans-unit></body></file></xliff>',
        encoding="utf-8",
    )
    side = read_side(path, REF)
    assert "SECRET" not in side.segments[0] and "aaaa" not in side.segments[0]
    assert side.segments[0].startswith("x") and side.segments[0].endswith("y")


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "empty XLIFF"), ("<html><body/></html>", "not <xliff>"), ("not xml at all", "not well-formed")],
    ids=["empty", "wrong-root", "not-xml"],
)
def test_bad_xliff_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.xlf"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RecordError, match=message):
        read_side(path, HYP)


@pytest.mark.parametrize(("module", "suffix"), [("xliff", ".xlf"), ("tmx", ".tmx"), ("tsv", ".tsv")])
def test_files_from_our_exporters_read_back(tmp_path: Path, module: str, suffix: str) -> None:
    exporter = pytest.importorskip(f"translate.export.{module}", reason="the exporters (issue 6) are not in this build")
    run = _run(["Sergei Lavrov said “no”.", "Moscow agreed."])
    path = tmp_path / f"run{suffix}"
    rendered = exporter.render(run)
    path.write_bytes(rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))
    hyp = read_side(path, HYP)
    assert hyp.segments == ("Sergei Lavrov said “no”.", "Moscow agreed.") and hyp.remarks == ()
    assert hyp.sources == ("جملة 0", "جملة 1")
    if module == "xliff":
        assert hyp.terms == (("Sergei Lavrov",), ())


_SAMPLE_XLIFF = xliff([(s.replace("<", "&lt;"), t, m, g) for s, t, m, g in EDITED]).encode("utf-8")
_SAMPLE_TMX = TMX.encode("utf-8")


@settings(max_examples=80, deadline=None)
@given(kind=st.sampled_from(["xlf", "tmx"]), cut=st.floats(0, 1), noise=st.binary(max_size=8))
def test_xml_readers_never_crash_on_damaged_files(tmp_path_factory: pytest.TempPathFactory, kind: str, cut: float, noise: bytes) -> None:
    sample = _SAMPLE_XLIFF if kind == "xlf" else _SAMPLE_TMX
    position = int(len(sample) * cut)
    path = tmp_path_factory.mktemp("damaged") / f"damaged.{kind}"
    path.write_bytes(sample[:position] + noise + sample[position + len(noise):])
    try:
        side = read_side(path, HYP)
    except InputError as error:
        assert str(path) in str(error)
    else:
        assert all(isinstance(segment, str) for segment in side.segments)
