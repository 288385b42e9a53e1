"""Issue 32: a long unpunctuated line with glossary names never crashes a run, on either engine, with
models of 512 and of 64 positions — the source is cut into pieces the model reads whole, every
output (glossary repair's forced prefix included) stays within the target positions, and every name
still appears in its required form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT, tiny_corpus
from translate.cli import app
from translate.engines import DecodingSettings, load_engine
from translate.engines.base import decoding_limit, input_budget
from translate.records import read_run

GLOSSARY = ROOT / "glossary"
NAMES = ("سيرغي لافروف", "فلاديمير بوتين")
#: Words of the seed article, no sentence punctuation anywhere.
FILLER = "قال الوزير إن المحادثات مع الجانب الأمريكي كانت مفيدة وإن الطرفين اتفقا على مواصلة العمل "


def long_line(chars: int = 3000) -> str:
    words: list[str] = []
    while len(" ".join(words)) < chars:
        words.extend(FILLER.split())
        words.extend(NAMES[len(words) % 2].split())
    return " ".join(words)[:chars].rsplit(" ", 1)[0]


@pytest.fixture(scope="module", params=[512, 64], ids=["512-positions", "64-positions"])
def model_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from translate.testing.tiny_marian import TinyMarianSpec, build_tiny_marian

    source, target = tiny_corpus()
    spec = TinyMarianSpec(max_position_embeddings=request.param)
    return build_tiny_marian(tmp_path_factory.mktemp(f"tiny-{request.param}"), source, target, spec=spec)


def test_the_line_is_what_the_issue_describes() -> None:
    line = long_line()
    assert 2900 <= len(line) <= 3000
    assert not any(mark in line for mark in ".!?؟؛،\n")
    assert all(line.count(name) >= 5 for name in NAMES)


@pytest.mark.parametrize("engine", ["ct2", "torch"])
def test_a_long_line_with_names_translates_with_every_name(engine: str, model_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "page.txt"
    source.write_text(long_line() + "\n", encoding="utf-8")
    good = tmp_path / "short.txt"
    good.write_text("قال سيرغي لافروف إن المحادثات مفيدة.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["run", str(source), str(good), "--model", str(model_dir), "--engine", engine, "--glossary", str(GLOSSARY), "--out", str(out), "--beam", "1", "--quiet", "--format", "jsonl"],
    )
    assert result.exit_code == 0, result.output
    run = read_run(out / "page.jsonl")
    assert run.pairs, "the long line produced no pairs"
    # Every name the glossary matched is in the English, in its required form, where the report says.
    terms = [(pair, term) for pair in run.pairs for term in pair.terms if term.enforce]
    assert len(terms) >= 10
    assert {term.entry_en for _, term in terms} == {"Sergei Lavrov", "Vladimir Putin"}
    for pair, term in terms:
        assert term.status in {"model", "repaired", "forced"}
        assert pair.target[term.target_start : term.target_end] == term.required, (term, pair.target)
    assert sum(len(pair.source) for pair in run.pairs) >= 2900
    assert read_run(out / "short.jsonl").pairs[0].target


def test_no_decoding_cap_passes_the_positions() -> None:
    settings = DecodingSettings()
    for positions in (64, 512, 1024):
        for source_tokens in (1, 30, 200, 512):
            for prefix in (0, 10, 300, 2000):
                limit = decoding_limit(source_tokens, prefix, settings, positions)
                assert limit <= positions - 1
                assert limit >= min(prefix, positions - 1)


def test_a_source_takes_at_most_half_the_positions() -> None:
    settings = DecodingSettings()
    assert input_budget(settings, None) == settings.max_input_tokens
    assert input_budget(settings, 512) == min(settings.max_input_tokens, 256)
    assert input_budget(settings, 64) == 32


@pytest.mark.parametrize("engine", ["ct2", "torch"])
def test_an_over_long_prefix_is_cut_to_the_positions(engine: str, model_dir: Path) -> None:
    """No caller can push the decoder past its positions, even with a prefix longer than them."""
    loaded = load_engine(str(model_dir), engine=engine, settings=DecodingSettings(beam_size=1, device="cpu"))
    positions = loaded.max_positions
    prefix = " ".join(["Sergei Lavrov"] * positions)
    assert loaded.count_target_tokens([prefix])[0] > positions
    [hypothesis] = loaded.translate(["قال لافروف"], [prefix])
    assert hypothesis.text.startswith("Sergei Lavrov")
    assert len(hypothesis.tokens) <= positions
    [scored] = loaded.score(["قال لافروف"], [prefix])
    assert len(scored.token_logprobs) <= positions


def test_the_summary_json_names_each_file(model_dir: Path, tmp_path: Path) -> None:
    """Ten inputs, one a 3,000-character line: all ten are written."""
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(10):
        text = long_line() if number == 4 else f"قال فلاديمير بوتين رقم {number} إن المحادثات مفيدة."
        (folder / f"story{number}.txt").write_text(text + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["run", str(folder), "--model", str(model_dir), "--glossary", str(GLOSSARY), "--out", str(out), "--beam", "1", "--quiet", "--format", "jsonl"],
    )
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in out.glob("*.jsonl"))
    assert written == sorted(f"story{n}.jsonl" for n in range(10))
    for path in out.glob("*.jsonl"):
        first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
        assert first
