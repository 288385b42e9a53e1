"""Robustness matrix, article inputs: every kind of text a desk receives, through `translate run`.

All cases go into ONE `translate run` invocation (a bad file must not stop the good ones), run twice:
with a recording fake engine (cheap: the 1 MB line and the 10,000 lines) and with the tiny real Marian
model (its real tokenizer and every exporter must survive markup, control characters, bidi controls,
presentation forms and emoji). Each row of the README's robustness section is one parametrized case here.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from fakes import RecordingEngine
from translate.cli import app
from translate.engines.base import DecodingSettings
from translate.export.clean import forbidden_characters
from translate.records import Run, read_run

ARABIC = "قال وزير الخارجية الروسي إن واشنطن رفضت التنسيق."
ONE_MB_LINE = ("كلمة " * 100_000).strip()  # 999,999 bytes of UTF-8, no punctuation, one line
TEN_THOUSAND_LINES = "\n".join(["كلمة"] * 10_000) + "\n"
ALL_FORMATS = "jsonl,txt,tsv,html,tmx,xliff,docx,md"


@dataclass(frozen=True)
class Refused:
    """An input `run` must refuse with one error line holding ``message`` (and write nothing for)."""

    name: str
    data: bytes
    message: str


@dataclass(frozen=True)
class Accepted:
    """An input `run` must translate; ``check`` asserts on the run read back from NAME.jsonl."""

    name: str
    data: bytes
    check: Callable[[Run], None]


def _sources(run: Run) -> list[str]:
    return [pair.source for pair in run.pairs]


def _encoding_is(encoding: str) -> Callable[[Run], None]:
    def check(run: Run) -> None:
        assert run.manifest.input_encoding == encoding
        assert _sources(run) == [ARABIC]
        assert not run.pairs[0].passthrough

    return check


def _one_pair_holding(text: str, translated: bool = True) -> Callable[[Run], None]:
    def check(run: Run) -> None:
        assert text in "\n".join(_sources(run))
        assert any(not pair.passthrough for pair in run.pairs) == translated

    return check


def _check_long_line(run: Run) -> None:
    assert _sources(run) == [ONE_MB_LINE]  # the pair keeps the whole sentence…
    assert run.pairs[0].target  # …translated in pieces (pieces checked against the engine below)


def _check_many_lines(run: Run) -> None:
    assert len(run.pairs) == 10_000
    assert [pair.id for pair in run.pairs] == list(range(1, 10_001))
    assert {pair.source for pair in run.pairs} == {"كلمة"}


def _check_markup(run: Run) -> None:
    text = "\n".join(_sources(run))
    assert "<script>alert(1)</script>" in text and "<h1>" in text  # markup is text, kept as is
    assert any(ARABIC[:20] in pair.source and not pair.passthrough for pair in run.pairs)


def _check_presentation_forms(run: Run) -> None:
    assert _sources(run) == ["ﻗﺎﻝ ﺍﻟﻮﺯﻳﺮ ﺫﻟﻚ.", "ﻭﻏﺎﺩﺭ."]
    assert all(pair.language == "ar" and not pair.passthrough for pair in run.pairs)


REFUSED = [
    Refused("empty.txt", b"", "is empty"),
    Refused("whitespace.txt", " \t\r\n\u3000\u00a0\n".encode(), "is empty"),
    Refused("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data"),
    Refused("nul-bytes.txt", ARABIC.encode() + b"\x00\x00" + ARABIC.encode(), "NUL bytes"),
    Refused("lone-surrogate.txt", ARABIC.encode() + b"\n\xed\xa0\x80" + ARABIC.encode(), "line 2: is UTF-8 with an invalid byte sequence"),
    Refused("greek.txt", "Ελληνικά κείμενα".encode("iso8859_7"), "--encoding"),
]

ACCEPTED = [
    Accepted("utf16-bom.txt", codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), _encoding_is("utf-16")),
    Accepted("utf16-be-bom.txt", codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), _encoding_is("utf-16")),
    Accepted("windows-1256.txt", ARABIC.encode("cp1256"), _encoding_is("cp1256")),
    Accepted("iso-8859-6.txt", ARABIC.encode("iso8859_6"), _encoding_is("iso8859_6")),
    Accepted("one-mb-line.txt", ONE_MB_LINE.encode(), _check_long_line),
    Accepted("ten-thousand-lines.txt", TEN_THOUSAND_LINES.encode(), _check_many_lines),
    Accepted("html.txt", f"<html><body><h1>عنوان</h1><p>{ARABIC}</p>\n<script>alert(1)</script></body></html>".encode(), _check_markup),
    Accepted("markdown.txt", f"# عنوان الخبر\n\n**{ARABIC}** [رابط](http://example.com)\n\n- بند أول\n".encode(), _one_pair_holding("**" + ARABIC + "**")),
    Accepted("control-chars.txt", "قال\x07 الوزير\x1b ذلك\x0c.\x7f وغادر\x01.\n".encode(), _one_pair_holding("قال\x07 الوزير\x1b")),
    Accepted("bidi-controls.txt", f"\u202e{ARABIC}\u200f وغادر.\n".encode(), _one_pair_holding("\u202e" + ARABIC)),
    Accepted("presentation-forms.txt", "ﻗﺎﻝ ﺍﻟﻮﺯﻳﺮ ﺫﻟﻚ. ﻭﻏﺎﺩﺭ.\n".encode(), _check_presentation_forms),
    Accepted("emoji.txt", "قال الوزير 😀🇸🇦 ذلك. 👍🏽\n".encode(), _one_pair_holding("😀🇸🇦")),
]

#: Cases whose characters the real tokenizer, model and exporters must survive (decoding is the same
#: for any engine, so the encodings and the big inputs run on the fake engine only: each file costs
#: the tiny model about a second).
SMALL = [case for case in ACCEPTED if case.name in ("html.txt", "control-chars.txt", "bidi-controls.txt", "presentation-forms.txt", "emoji.txt")]


def _write_inputs(folder: Path, cases: list) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in cases:
        path = folder / case.name
        path.write_bytes(case.data)
        paths.append(path)
    return paths


@dataclass(frozen=True)
class Invocation:
    exit_code: int
    output: str
    out: Path
    engine: RecordingEngine | None


@pytest.fixture(scope="module")
def fake_run(tmp_path_factory: pytest.TempPathFactory) -> Invocation:
    """Every case in one `translate run`, on a fake engine (load_engine patched)."""
    folder = tmp_path_factory.mktemp("robustness-fake")
    paths = _write_inputs(folder / "in", REFUSED + ACCEPTED)
    engine = RecordingEngine(settings=DecodingSettings(beam_size=1, device="cpu"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("translate.engines.load_engine", lambda *args, **kwargs: engine)
        result = CliRunner().invoke(app, ["run", *map(str, paths), "--out", str(folder / "out"), "--no-cache", "--quiet", "--format", "jsonl,html,xliff"])
    return Invocation(result.exit_code, result.output, folder / "out", engine)


@pytest.fixture(scope="module")
def model_run(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> Invocation:
    """The small accepted cases in one `translate run` on the tiny real model, every format."""
    folder = tmp_path_factory.mktemp("robustness-model")
    paths = _write_inputs(folder / "in", SMALL)
    args = ["run", *map(str, paths), "--model", str(tiny_model_dir), "--out", str(folder / "out"), "--no-cache", "--quiet", "--beam", "1", "--format", ALL_FORMATS]
    result = CliRunner().invoke(app, args)
    return Invocation(result.exit_code, result.output, folder / "out", None)


def test_a_refused_input_fails_the_run_but_not_the_others(fake_run: Invocation) -> None:
    assert fake_run.exit_code == 1
    assert "Traceback" not in fake_run.output
    errors = [line for line in fake_run.output.splitlines() if line.startswith("error:")]
    assert len(errors) == len(REFUSED)


@pytest.mark.parametrize("case", REFUSED, ids=[case.name for case in REFUSED])
def test_refused_input_is_one_error_line_naming_the_file(fake_run: Invocation, case: Refused) -> None:
    lines = [line for line in fake_run.output.splitlines() if case.name in line]
    assert len(lines) == 1
    assert lines[0].startswith("error: ") and case.message in lines[0] and " — " in lines[0]
    assert not list(fake_run.out.glob(Path(case.name).stem + ".*"))


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.name for case in ACCEPTED])
def test_accepted_input_is_translated(fake_run: Invocation, case: Accepted) -> None:
    stem = Path(case.name).stem
    run = read_run(fake_run.out / f"{stem}.jsonl")
    case.check(run)
    assert (fake_run.out / f"{stem}.html").stat().st_size > 0
    etree.fromstring((fake_run.out / f"{stem}.xlf").read_bytes())


def test_the_one_mb_line_reaches_the_engine_in_pieces_under_its_budget(fake_run: Invocation) -> None:
    engine = fake_run.engine
    assert engine is not None
    budget = engine.settings.max_input_tokens
    sent = [text for call in engine.calls for text in call]
    long_pieces = [text for text in sent if text.startswith("كلمة كلمة")]
    assert len(long_pieces) >= len(ONE_MB_LINE.split()) // budget
    assert max(engine.count_tokens(sent)) <= budget
    assert " ".join(long_pieces).split() == ONE_MB_LINE.split()  # every word translated, once


def test_tiny_model_translates_every_small_case_in_every_format(model_run: Invocation) -> None:
    assert model_run.exit_code == 0, model_run.output
    assert "Traceback" not in model_run.output


@pytest.mark.parametrize("case", SMALL, ids=[case.name for case in SMALL])
def test_tiny_model_exports_are_valid(model_run: Invocation, case: Accepted) -> None:
    stem = Path(case.name).stem
    run = read_run(model_run.out / f"{stem}.jsonl")
    case.check(run)
    for suffix in (".tmx", ".xlf"):
        etree.fromstring((model_run.out / f"{stem}{suffix}").read_bytes())  # well-formed XML 1.0
    for suffix in (".en.txt", ".tsv", ".md"):
        assert not forbidden_characters((model_run.out / f"{stem}{suffix}").read_text(encoding="utf-8"))
    from docx import Document as DocxDocument

    table = DocxDocument(str(model_run.out / f"{stem}.docx")).tables[0]
    assert len(table.rows) == len(run.pairs) + 1
    lines = (model_run.out / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["type"] for line in lines] == ["manifest"] + ["pair"] * len(run.pairs)


def test_counting_a_line_over_the_model_length_prints_no_warning(tiny_model_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    from transformers.utils import logging as hf_logging

    from translate.engines import load_engine

    engine = load_engine(str(tiny_model_dir), settings=DecodingSettings(beam_size=1, device="cpu"))  # fresh: transformers warns once per tokenizer
    hf_logging.enable_propagation()  # transformers' logger writes to its own stderr handler only
    try:
        with caplog.at_level("WARNING"):
            (count,) = engine.count_tokens([("كلمة " * 2_000).strip()])
    finally:
        hf_logging.disable_propagation()
    assert count > 512  # longer than the model's positions: the pipeline cuts it, nothing to warn about
    assert not [record for record in caplog.records if "sequence length" in record.getMessage()]
