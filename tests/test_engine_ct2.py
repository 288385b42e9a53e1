"""The CTranslate2 engine on the tiny real Marian model: conversion cache, tokens, scores, prefixes."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from translate.engines import DecodingSettings, load_engine
from translate.engines.base import max_new_tokens_for

SOURCES = [
    "قال وزير الخارجية الروسي إن واشنطن رفضت إرسال وفد عسكري لروسيا.",
    "لافروف",
    "وأعلنت وزارة الدفاع الروسية اليوم أن الطيران الروسي قصف أربعين هدفا.",
]


@pytest.fixture(scope="module")
def ct2_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("translate-cache")


@pytest.fixture(scope="module")
def ct2_engine(tiny_model_dir, ct2_cache):
    mp = pytest.MonkeyPatch()
    mp.setenv("TRANSLATE_CACHE", str(ct2_cache))
    engine = load_engine(str(tiny_model_dir), engine="ct2", settings=DecodingSettings(beam_size=2, device="cpu", token_scores="all"), quantization="float32")
    yield engine
    mp.undo()


def test_conversion_is_cached_and_reused(ct2_engine, tiny_model_dir, ct2_cache, monkeypatch) -> None:
    converted = list((ct2_cache / "ct2").iterdir())
    assert len(converted) == 1 and (converted[0] / "model.bin").is_file()
    stamp = (converted[0] / "model.bin").stat().st_mtime_ns
    monkeypatch.setenv("TRANSLATE_CACHE", str(ct2_cache))
    load_engine(str(tiny_model_dir), engine="ct2", settings=DecodingSettings(device="cpu"), quantization="float32")
    assert list((ct2_cache / "ct2").iterdir()) == converted
    assert (converted[0] / "model.bin").stat().st_mtime_ns == stamp
    assert not [p for p in (ct2_cache / "ct2").iterdir() if p.name.startswith(".")]


def test_tokenization_matches_marian_tokenizer(ct2_engine, tiny_engine) -> None:
    for source in SOURCES:
        expected = tiny_engine.tokenizer.convert_ids_to_tokens(tiny_engine.tokenizer([source])["input_ids"][0])
        assert ct2_engine._source_tokens(source) == expected


def test_scores_agree_with_torch(ct2_engine, tiny_engine) -> None:
    targets = ["Lavrov said Washington refused.", "Lavrov", "The Russian Ministry of Defence said."]
    ct2_scores = ct2_engine.score(SOURCES, targets)
    torch_scores = tiny_engine.score(SOURCES, targets)
    for a, b in zip(ct2_scores, torch_scores):
        assert a.tokens == b.tokens
        assert max(abs(x - y) for x, y in zip(a.token_logprobs, b.token_logprobs)) < 0.01


def test_translations_are_capped_prefixed_and_aligned(ct2_engine) -> None:
    hypotheses = ct2_engine.translate(SOURCES, prefixes=[None, "Sergei Lavrov", None])
    assert hypotheses[1].text.startswith("Sergei Lavrov")
    for source_tokens, hypothesis in zip(ct2_engine.count_tokens(SOURCES), hypotheses):
        assert len(hypothesis.tokens) <= max_new_tokens_for(source_tokens, ct2_engine.settings) + 1 + 4
        assert hypothesis.tokens[-1] == "</s>"
        assert len(hypothesis.attention) == len(hypothesis.tokens)
        assert all(len(row) == len(hypothesis.source_tokens) for row in hypothesis.attention)
        assert all(value <= 0 for value in hypothesis.token_logprobs)


def test_deterministic_whatever_the_batch(ct2_engine) -> None:
    together = [h.text for h in ct2_engine.translate(SOURCES)]
    alone = [ct2_engine.translate([source])[0].text for source in SOURCES]
    assert together == alone


def test_run_with_ct2_engine(seed_path, tiny_model_dir, tmp_path, ct2_cache, monkeypatch) -> None:
    from translate.cli import app
    from translate.records import read_run

    monkeypatch.setenv("TRANSLATE_CACHE", str(ct2_cache))
    result = CliRunner().invoke(app, ["run", str(seed_path), "--model", str(tiny_model_dir), "--engine", "ct2", "--out", str(tmp_path), "--quiet", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    run = read_run(tmp_path / f"{seed_path.stem}.jsonl")
    assert run.manifest.engine == "ct2"
    assert run.manifest.model_revision.endswith("+ct2-int8")
    assert all(pair.logprob_mean is not None for pair in run.pairs if not pair.passthrough)


def test_sequence_scores_skip_the_scoring_pass(tiny_model_dir, ct2_cache, monkeypatch, ct2_engine) -> None:
    monkeypatch.setenv("TRANSLATE_CACHE", str(ct2_cache))
    fast = load_engine(str(tiny_model_dir), engine="ct2", settings=DecodingSettings(beam_size=2, device="cpu", token_scores=False), quantization="float32")
    class NoScoring:  # the real translator, minus the scoring pass: any call to it would fail
        def __init__(self, translator):
            self.translate_batch = translator.translate_batch

    fast.translator = NoScoring(fast.translator)
    quick = fast.translate(SOURCES)
    full = ct2_engine.translate(SOURCES)
    for a, b in zip(quick, full):
        assert a.text == b.text and a.token_logprobs == ()
        assert len(a.attention) == len(a.tokens)
        # the decoder's mean over the generated tokens equals the scoring pass's mean without </s>
        assert a.logprob_mean == pytest.approx(sum(b.token_logprobs[:-1]) / (len(b.token_logprobs) - 1), abs=0.02)


def test_scoring_a_side_longer_than_the_model_positions_cuts_it(tiny_model_dir) -> None:
    from translate.engines import load_engine
    from translate.engines.base import DecodingSettings

    engine = load_engine(str(tiny_model_dir), engine="ct2", settings=DecodingSettings(beam_size=1, device="cpu"))
    long_english = " ".join(["the minister said"] * 400)  # far over 512 target pieces
    (scored,) = engine.score(["قال الوزير " * 400], [long_english])
    assert len(scored.tokens) == engine.max_positions and all(value <= 0 for value in scored.token_logprobs)


@pytest.mark.parametrize("engine_name", ["ct2", "torch"])
def test_one_unbroken_word_longer_than_the_model_is_translated_not_an_error(tiny_model_dir, engine_name: str) -> None:
    # A URL or a base64 blob: the segmenter cannot cut inside it, the model has 512 positions.
    from translate.engines import load_engine
    from translate.engines.base import DecodingSettings

    engine = load_engine(str(tiny_model_dir), engine=engine_name, settings=DecodingSettings(beam_size=1, length_ratio=0.0, length_extra=4, device="cpu"))
    blob = "م" * 3000
    (hypothesis,) = engine.translate([blob])
    assert hypothesis.text and len(hypothesis.source_tokens) <= 512
    assert engine.count_tokens([blob])[0] > 512  # the pipeline still sees its real length


def test_needed_scores_decode_once_and_rescore_only_the_doubtful(tiny_model_dir, ct2_cache, monkeypatch, ct2_engine) -> None:
    from translate import pipeline
    from translate.document import parse_document

    monkeypatch.setenv("TRANSLATE_CACHE", str(ct2_cache))
    lazy = load_engine(str(tiny_model_dir), engine="ct2", settings=DecodingSettings(beam_size=2, device="cpu"), quantization="float32")
    assert lazy.settings.token_scores == "needed"
    decoded = lazy.translate(SOURCES)
    assert all(h.token_logprobs == () and h.sequence_logprob is not None and h.scores == "sequence" for h in decoded)
    rescored = lazy.rescore(decoded)
    full = ct2_engine.translate(SOURCES)  # token_scores="all": the same pass, at decoding
    for a, b in zip(rescored, full):
        assert (a.text, a.tokens, a.attention) == (b.text, b.tokens, b.attention) and a.scores == "token"
        assert a.token_logprobs == pytest.approx(b.token_logprobs, abs=1e-4)
    # The pipeline scores tokens of the sentences in the doubtful band only.
    document = parse_document("\n\n".join(SOURCES) + "\n", path="a.txt")
    scores = sorted(h.sequence_logprob for h in decoded)
    middle = scores[len(scores) // 2]
    monkeypatch.setattr(pipeline, "DOUBTFUL_LOGPROB_BAND", (middle - 1e-6, 0.0))
    calls = []
    real = lazy.rescore
    monkeypatch.setattr(lazy, "rescore", lambda hypotheses: calls.append(len(hypotheses)) or real(hypotheses))
    run = pipeline.translate_document(document, lazy)
    translated = [pair for pair in run.pairs if not pair.passthrough]
    doubtful = [pair for pair in translated if pair.logprob_mean is not None and pair.logprob_mean >= middle - 1e-3]
    assert calls == [sum(1 for s in scores if s >= middle - 1e-6)]
    assert {pair.scores for pair in translated} == {"token", "sequence"}
    assert all(pair.logprob_min is not None for pair in translated if pair.scores == "token")
    assert all(pair.logprob_min is None for pair in translated if pair.scores == "sequence")
    assert len([pair for pair in translated if pair.scores == "token"]) == calls[0] and doubtful


def test_the_scores_a_pair_has_survive_the_run_file(tmp_path) -> None:
    import dataclasses

    from translate.records import read_run, run_to_jsonl

    from export_samples import sample_run

    run = sample_run()
    pairs = [dataclasses.replace(pair, scores=("token", "sequence", None)[index % 3]) for index, pair in enumerate(run.pairs)]
    path = tmp_path / "a.jsonl"
    path.write_text(run_to_jsonl(type(run)(run.manifest, tuple(pairs))), encoding="utf-8")
    assert [pair.scores for pair in read_run(path).pairs] == [pair.scores for pair in pairs]
