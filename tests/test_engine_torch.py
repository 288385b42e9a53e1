"""The transformers engine on the tiny real Marian model: batching, determinism, caps, prefixes."""

from __future__ import annotations

import pytest

from translate.engines.base import DecodingSettings, LENGTH_CEILING, max_new_tokens_for
from translate.engines.marian_torch import batches_by_length

SOURCES = [
    "قال وزير الخارجية الروسي إن واشنطن رفضت إرسال وفد عسكري لروسيا.",
    "لافروف",
    "وأعلنت وزارة الدفاع الروسية اليوم أن الطيران الروسي قصف أربعين هدفا.",
    "اتفاق",
]


@pytest.mark.parametrize(
    ("lengths", "budget", "max_sentences", "expected"),
    [
        ([5, 50, 10, 45], 100, 32, [[1, 3], [2, 0]]),
        ([5, 5, 5, 5], 1000, 2, [[0, 1], [2, 3]]),
        ([300], 100, 32, [[0]]),  # one over-long sentence still gets its own batch
        ([], 100, 32, []),
    ],
)
def test_batches_sorted_by_length_under_budget(lengths, budget, max_sentences, expected) -> None:
    assert list(batches_by_length(lengths, budget, max_sentences)) == expected


@pytest.mark.parametrize(("source_tokens", "cap"), [(1, 18), (4, 18), (5, 26), (20, 50), (400, LENGTH_CEILING)])
def test_output_cap_grows_with_source(source_tokens: int, cap: int) -> None:
    assert max_new_tokens_for(source_tokens, DecodingSettings()) == cap


def test_translation_is_deterministic_and_order_preserving(tiny_engine) -> None:
    first = tiny_engine.translate(SOURCES)
    second = tiny_engine.translate(list(reversed(SOURCES)))
    assert [h.text for h in first] == [h.text for h in reversed(second)]
    singles = [tiny_engine.translate([source])[0].text for source in SOURCES]
    assert [h.text for h in first] == singles


def test_output_length_is_capped_by_source_length(tiny_engine) -> None:
    # A random model never emits EOS on purpose: the cap is what stops it.
    counts = tiny_engine.count_tokens(SOURCES)
    generated = tiny_engine.generate_ids(SOURCES, [None] * len(SOURCES))
    # cap tokens, then the forced EOS
    assert [len(ids) for ids in generated] == [max_new_tokens_for(n, tiny_engine.settings) + 1 for n in counts]
    assert all(ids[-1] == tiny_engine.model.config.eos_token_id for ids in generated)


def test_scores_and_attention_shapes(tiny_engine) -> None:
    hypothesis = tiny_engine.translate(SOURCES[:1])[0]
    assert len(hypothesis.tokens) == len(hypothesis.token_logprobs) == len(hypothesis.attention)
    assert hypothesis.tokens[-1] == "</s>"
    assert all(len(row) == len(hypothesis.source_tokens) for row in hypothesis.attention)
    assert all(abs(sum(row) - 1.0) < 1e-3 for row in hypothesis.attention)
    assert all(value <= 0.0 for value in hypothesis.token_logprobs)
    assert hypothesis.logprob_min <= hypothesis.logprob_mean <= 0.0


def test_forced_prefix_starts_the_output(tiny_engine) -> None:
    hypotheses = tiny_engine.translate(SOURCES, prefixes=[None, "Sergei Lavrov", "The Russian Ministry", None])
    assert hypotheses[1].text.startswith("Sergei Lavrov")
    assert hypotheses[2].text.startswith("The Russian Ministry")


def test_score_matches_given_targets(tiny_engine) -> None:
    scored = tiny_engine.score(SOURCES[:2], ["Lavrov said.", "Lavrov"])
    assert [h.text for h in scored] == ["Lavrov said.", "Lavrov"]
    assert scored[0].logprob_mean != scored[1].logprob_mean


def test_int8_quantization_translates_and_is_recorded(tiny_model_dir) -> None:
    from translate.engines import load_engine

    engine = load_engine(str(tiny_model_dir), engine="torch", quantization="int8", settings=DecodingSettings(beam_size=1, device="cpu"))
    hypothesis = engine.translate(SOURCES[:1])[0]
    assert engine.info.revision.endswith("+torch-int8")
    assert len(hypothesis.tokens) == len(hypothesis.attention) > 1
    with pytest.raises(ValueError, match="int4"):
        load_engine(str(tiny_model_dir), engine="torch", quantization="int4")


def test_float16_checkpoint_loads_as_float32_on_cpu_in_both_engines(tmp_path) -> None:
    # opus-mt-tc-big-ar-en's main branch ships half-precision pytorch_model.bin weights.
    from pathlib import Path

    from translate.engines import load_engine
    from translate.engines.base import DecodingSettings
    from translate.testing.tiny_marian import build_tiny_marian

    root = Path(__file__).resolve().parent.parent
    source = (root / "seeds" / "000_9881ad367b76134a.txt").read_text(encoding="utf-8").splitlines()
    target = (root / "tests" / "data" / "tiny_corpus.en.txt").read_text(encoding="utf-8").splitlines()
    model_dir = build_tiny_marian(tmp_path / "fp16", source, target, weights="bin", dtype="float16")
    settings = DecodingSettings(beam_size=2, length_ratio=0.0, length_extra=5, device="cpu")
    torch_engine = load_engine(str(model_dir), engine="torch", settings=settings)
    assert {parameter.dtype for parameter in torch_engine.model.parameters()} == {__import__("torch").float32}
    ct2_engine = load_engine(str(model_dir), engine="ct2", settings=settings, quantization="float32")
    sentence = ["قال الوزير إن الوضع خطير."]
    assert torch_engine.translate(sentence)[0].text == ct2_engine.translate(sentence)[0].text
