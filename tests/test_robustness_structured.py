"""Robustness matrix, structured inputs: run JSONL for `export`, TMX/XLIFF/TSV/text for `eval`, and
glossaries (TSV/CSV/TBX) for `glossary check` and `run --glossary`. Each malformed file is one row:
exit code 1, one error line naming the file, the line when there is one, and the fix; no traceback,
no output file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from export_samples import sample_run
from translate.cli import app
from translate.records import run_to_jsonl

RUN_LINES = run_to_jsonl(sample_run()).splitlines()
MANIFEST = json.loads(RUN_LINES[0])
PAIR = json.loads(RUN_LINES[1])


def _with(record: dict, **changes: object) -> str:
    return json.dumps({**record, **changes}, ensure_ascii=False)


def _invoke(args: list[str]) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.output.strip().splitlines()


def _assert_one_error_line(code: int, lines: list[str], name: str, expected: str) -> None:
    assert code == 1, lines
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ") and name in lines[0] and expected in lines[0] and " — " in lines[0]


# --- run JSONL read by `translate export` -----------------------------------------------------------

JSONL_CASES = [
    ("truncated", [RUN_LINES[0], RUN_LINES[1][:60]], "line 2: not a valid run record (Unterminated string"),
    ("not-json", [RUN_LINES[0], "hello"], "line 2: not a valid run record (Expecting value"),
    ("json-array", [RUN_LINES[0], "[1, 2]"], "line 2: not a valid run record (not a JSON object)"),
    ("unknown-type", [RUN_LINES[0], _with(PAIR, type="banana")], "line 2: not a valid run record (unknown record type 'banana')"),
    ("no-manifest", RUN_LINES[1:], "has no manifest record"),
    ("missing-field", [RUN_LINES[0], json.dumps({k: v for k, v in PAIR.items() if k != "target"})], "line 2: not a valid run record (missing field 'target')"),
    ("null-target", [RUN_LINES[0], _with(PAIR, target=None)], "line 2: not a valid run record (field 'target' must be a string"),
    ("bad-kind", [RUN_LINES[0], _with(PAIR, kind="banner")], "line 2: not a valid run record ('banner' is not a valid BlockKind)"),
    ("string-score", [RUN_LINES[0], _with(PAIR, quality={"score": "high"})], "line 2: not a valid run record (field 'quality.score' must be a number"),
    ("infinite-id", [RUN_LINES[0], _with(PAIR).replace(f'"id": {PAIR["id"]}', '"id": Infinity')], "line 2: not a valid run record (field 'id' must be an integer"),
    ("bad-term", [RUN_LINES[0], _with(PAIR, terms=[{"surface": "x"}])], "line 2: not a valid run record"),
    ("bad-decoding", [_with(MANIFEST, decoding="beam=4"), RUN_LINES[1]], "line 1: not a valid run record (field 'decoding' must be a JSON object)"),
    ("bad-blocks", [_with(MANIFEST, blocks="none"), RUN_LINES[1]], "line 1: not a valid run record (field 'blocks' must be a list)"),
    ("lone-surrogate", [RUN_LINES[0], json.dumps({**PAIR, "target": "x\ud800y"})], "line 2: not a valid run record (holds an unpaired surrogate \\ud800"),
    ("deep-nesting", [RUN_LINES[0], "[" * 100_000 + "]" * 100_000], "line 2: not a valid run record (nested too deeply)"),
    ("unknown-block", [RUN_LINES[0], _with(PAIR, block=99)], f"line 2: pair {PAIR['id']} belongs to block 99, which the manifest does not list"),
]


@pytest.mark.parametrize(("name", "lines", "expected"), JSONL_CASES, ids=[case[0] for case in JSONL_CASES])
def test_export_names_the_bad_jsonl_line(tmp_path: Path, name: str, lines: list[str], expected: str) -> None:
    path = tmp_path / f"{name}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    code, output = _invoke(["export", str(path), "--out", str(tmp_path / "out"), "--format", "html,tmx,xliff"])
    _assert_one_error_line(code, output, path.name, expected)
    assert not (tmp_path / "out").exists()


def test_export_names_the_line_of_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(RUN_LINES[0].encode() + b"\n" + RUN_LINES[1].encode().replace(b"\xd9", b"\xff", 1) + b"\n")
    code, output = _invoke(["export", str(path), "--out", str(tmp_path / "out")])
    _assert_one_error_line(code, output, path.name, "line 2: is not UTF-8")


# --- hypothesis / reference files read by `translate eval` ------------------------------------------

XLIFF = (
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="ar" target-language="en" datatype="plaintext" original="a">'
    "<body><trans-unit id=\"1\"><source>س</source><target>{}</target></trans-unit></body></file></xliff>"
)
TMX = (
    '<tmx version="1.4"><header srclang="ar" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>'
    '<body><tu><tuv xml:lang="ar"><seg>س</seg></tuv><tuv xml:lang="en"><seg>{}</seg></tuv></tu></body></tmx>'
)

EVAL_CASES = [
    ("truncated.xlf", XLIFF.format("Hello")[:150].encode(), "line 1: is not well-formed XLIFF"),
    ("two-lines-cut.tmx", TMX.format("Hello").replace("<body>", "\n<body>\n")[:-30].encode(), "line 3: is not well-formed TMX"),
    ("wrong-root.xlf", b"<html><body>Hello</body></html>", "has root element <html>, not <xliff>"),
    ("no-target.tmx", TMX.replace('<tuv xml:lang="en"><seg>{}</seg></tuv>', "").encode(), "line 1: has a <tu> with no target-language <tuv>"),
    ("surrogate-ref.xlf", XLIFF.format("x&#xD800;y").encode(), "holds a character XML 1.0 forbids"),
    ("control-ref.tmx", TMX.format("x&#x1;y").encode(), "holds a character XML 1.0 forbids"),
    ("empty.xlf", b"  \n", "is an empty XLIFF file"),
    ("short-row.tsv", "id\tkind\tar\ten\tscore\tflags\n1\tparagraph\tس\tHello\t\t\n2\tparagraph\n".encode(), "line 3: has 2 column(s)"),
    ("no-english-column.tsv", "id\tar\n1\tس\n".encode(), "line 1: has a header but no English column"),
    ("latin1.tsv", "ar\ten\nس\tcaf\xe9\n".encode("utf-8").replace(b"\xc3\xa9", b"\xe9"), "line 2: is not valid utf-8"),
    ("surrogate.txt", b"Hello\n\xed\xa0\x80 world\n", "line 2: is not valid utf-8"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "binary data"),
]


@pytest.mark.parametrize(("name", "data", "expected"), EVAL_CASES, ids=[case[0] for case in EVAL_CASES])
def test_eval_names_the_bad_file_and_line(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    hypothesis = tmp_path / name
    hypothesis.write_bytes(data)
    reference = tmp_path / "ref.en.txt"
    reference.write_text("Hello\nworld\n", encoding="utf-8")
    code, output = _invoke(["eval", str(hypothesis), str(reference)])
    _assert_one_error_line(code, output, name, expected)


# --- glossaries: `glossary check`, and `run --glossary` before any model is loaded ------------------

ARTICLE = "قال لافروف إن واشنطن رفضت التنسيق.\n"

GLOSSARY_CASES = [
    ("missing-column.tsv", "ar\ten\nلافروف\tLavrov\nموسكو\n", "missing-column.tsv:3: expected 2 tab-separated fields"),
    ("bad-header.tsv", "arabic\tenglish\nلافروف\tLavrov\n", "bad-header.tsv:1: the header row must name the columns ar, en"),
    ("empty.tsv", "", "empty.tsv: is empty"),
    ("windows-1256.tsv", "ar\ten\nلافروف\tLavrov\n".encode("cp1256"), "windows-1256.tsv:2: is not UTF-8"),
    ("surrogate.tsv", "ar\ten\nلافروف\tLav".encode() + b"\xed\xa0\x80" + b"rov\n", "surrogate.tsv:2: is not UTF-8"),
    ("nul.tsv", "ar\ten\nلافروف\tLav\x00rov\n", "nul.tsv:2: column en holds the invisible control character U+0000"),
    ("escape.csv", "ar,en\nلافروف,Lav\x1brov\n", "escape.csv:2: column en holds the invisible control character U+001B"),
    ("bad-quote.csv", 'ar,en\n"لافروف,Lavrov\n', "bad-quote.csv:2: is not valid CSV"),
    ("two-english-forms.tsv", "ar\ten\nلافروف\tLavrov\nلافروف\tLavroff\n", "two-english-forms.tsv:3: the Arabic term 'لافروف' is also defined at"),
    ("unknown-type.tsv", "ar\ten\ttype\nلافروف\tLavrov\tplanet\n", "unknown-type.tsv:2: unknown type 'planet'"),
    ("no-letters.tsv", "ar\ten\nـــ\ttatweel\n", "no-letters.tsv:2: the Arabic term 'ـــ' has no letters to match"),
    ("truncated.tbx", '<martif type="TBX-Basic"><text><body><termEntry>\n<langSet xml:lang="ar">', "truncated.tbx:2: is not well-formed XML"),
    ("not-tbx.tbx", "<html><body/></html>", "not-tbx.tbx:1: is XML but not TBX"),
]


@pytest.mark.parametrize(("name", "content", "expected"), GLOSSARY_CASES, ids=[case[0] for case in GLOSSARY_CASES])
def test_glossary_check_names_file_and_line(tmp_path: Path, name: str, content: str | bytes, expected: str) -> None:
    glossary = tmp_path / name
    glossary.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, output = _invoke(["glossary", "check", str(article), "--glossary", str(glossary)])
    _assert_one_error_line(code, output, name, expected)


def test_run_refuses_a_bad_glossary_before_loading_any_model(tmp_path: Path) -> None:
    glossary = tmp_path / "bad.tsv"
    glossary.write_text("ar\ten\nلافروف\n", encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    # The model does not exist: reaching it would be a different error.
    code, output = _invoke(["run", str(article), "--glossary", str(glossary), "--model", str(tmp_path / "no-model"), "--out", str(tmp_path / "out"), "--no-cache"])
    _assert_one_error_line(code, output, "bad.tsv:2", "expected 2 tab-separated fields")
    assert not (tmp_path / "out").exists()


def test_glossary_check_on_a_utf16_article_holding_nul_characters(tmp_path: Path) -> None:
    # UTF-16 decodes U+0000 as a character; a lone NUL token used to reach the trie's end marker.
    glossary = tmp_path / "names.tsv"
    glossary.write_text("ar\ten\nلافروف\tLavrov\n", encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_bytes("\ufeffقال لافروف \x00 ذلك.\n".encode("utf-16"))
    code, output = _invoke(["glossary", "check", str(article), "--glossary", str(glossary)])
    assert code == 0, output
    assert [line.split("\t")[1:3] for line in output] == [["لافروف", "Lavrov"]]
