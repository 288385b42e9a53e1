"""Quality estimation: each flag fires on a crafted pair and stays quiet on a clean one; scores stay in
range and are deterministic; the features survive the JSONL round trip."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.document import BlockKind
from translate.engines.base import Hypothesis
from translate.quality import FLAGS, LengthDistribution, length_distribution, pair_features, score_features, score_pair, score_pairs
from translate.records import Pair, TermReport

SHOUJ = TermReport(source_start=0, source_end=8, surface="زاور شوج", entry_en="Zaur Shouj", required="Zaur Shouj", mention="first", status="model")
# An ambiguous spelling without its context: not enforced, so it never counts as missing.
LION = TermReport(source_start=20, source_end=25, surface="الأسد", entry_en="Bashar al-Assad", required="Bashar al-Assad", mention="first", status="possible", enforce=False)

# flag, Arabic source, English that must raise the flag, English that must not, extra arguments
CASES = [
    ("number-mismatch", "قتل 24 شخصا في الهجوم.", "25 people were killed in the attack.", "24 people were killed in the attack.", {}),
    ("number-mismatch", "بلغ عدد اللاجئين ١٬٥٠٠ شخص.", "The number of refugees reached 150.", "The number of refugees reached 1,500.", {}),
    ("number-mismatch", "قصف الطيران أربعين هدفا في 30 سبتمبر/أيلول.", "The aircraft struck forty targets on 30 October.", "The aircraft struck forty targets on 30 September.", {}),
    ("number-mismatch", "تستضيف الأردن 650 ألف لاجئ.", "Jordan hosts 65,000 refugees.", "Jordan hosts 650,000 refugees.", {}),
    ("number-mismatch", "ارتفع المؤشر بنسبة ٠٫٨٪.", "The index rose by 8%.", "The index rose by 0.8%.", {}),
    ("glossary-missing", "وقال زاور شوج إن روسيا تدرك ذلك.", "Zaur Shoj said Russia realised this.", "Zaur Shouj said Russia realised this.", {"terms": (SHOUJ,)}),
    ("glossary-missing", "وقال زاور شوج إن روسيا تدرك ذلك.", "Zaur Shoujaa said Russia realised this.", "Zaur Shouj said Russia realised this.", {"terms": (SHOUJ,)}),
    ("glossary-missing", "قال زاور شوج إن زاور شوج يعرف.", "Zaur Shouj said he knew.", "Zaur Shouj said Zaur Shouj knew.", {"terms": (SHOUJ, SHOUJ)}),
    ("glossary-possible", "زئير النمر ليس كزئير الأسد.", "A tiger's roar is not like a lion's.", "A tiger's roar is not like a lion's.", {"bad_terms": (LION,)}),
    ("repetition", "وقال الوزير إن المحادثات كانت مفيدة.", "The minister said the the the talks were useful.", "The minister said the talks were useful.", {}),
    ("repetition", "وقال الوزير إن المحادثات كانت مفيدة في سوريا.", "The minister said the talks in Syria in Syria were useful.", "The minister said the talks in Syria were useful.", {}),
    ("untranslated", "وقال الوزير إن المحادثات كانت مفيدة.", "وقال الوزير إن المحادثات كانت مفيدة.", "The minister said the talks were useful.", {}),
    ("untranslated", "وقال الوزير إن المحادثات كانت مفيدة.", "", "The minister said the talks were useful.", {}),
    ("arabic-left", "التقى الوزير بالوفد الروسي.", "The minister met the روسي delegation.", "The minister met the Russian delegation.", {}),
    ("length-outlier", "وأكد سيرغي لافروف في كلمة له أمام مجلس الدوما الروسي أن بلاده لم تتلق طلبات دعم عسكري مباشر إلا من سوريا.", "Lavrov spoke.", "In a speech to the Russian Duma, Sergei Lavrov stressed that his country had received requests for direct military support only from Syria.", {}),
    ("low-confidence", "وقال الوزير إن المحادثات كانت مفيدة.", "The minister said the talks were useful.", "The minister said the talks were useful.", {"bad_logprob": -2.5, "good_logprob": -0.3}),
    ("unbalanced-quotes", 'وقال: "سننتصر".', 'He said: "We will win.', 'He said: "We will win."', {}),
    ("unbalanced-quotes", "وقال (في بيان) إنه سيعود.", "He said (in a statement that he would return.", "He said (in a statement) that he would return.", {}),
]


def _score(source: str, target: str, extra: dict, logprob_key: str):
    terms = extra.get(logprob_key.replace("logprob", "terms"), extra.get("terms", ()))
    return score_pair(source, target, logprob_mean=extra.get(logprob_key), terms=terms)


@pytest.mark.parametrize(("flag", "source", "bad", "clean", "extra"), CASES, ids=[f"{case[0]}-{n}" for n, case in enumerate(CASES)])
def test_flag_fires_on_the_crafted_pair(flag: str, source: str, bad: str, clean: str, extra: dict) -> None:
    result = _score(source, bad, extra, "bad_logprob")
    assert flag in result.flags
    assert result.score < 100


@pytest.mark.parametrize(("flag", "source", "bad", "clean", "extra"), CASES, ids=[f"{case[0]}-{n}" for n, case in enumerate(CASES)])
def test_flag_stays_quiet_on_the_clean_pair(flag: str, source: str, bad: str, clean: str, extra: dict) -> None:
    result = _score(source, clean, extra, "good_logprob")
    assert result.flags == ()
    assert result.score == 100.0


def test_every_flag_has_a_case() -> None:
    assert {case[0] for case in CASES} == set(FLAGS)


@pytest.mark.parametrize(
    ("features", "expected"),
    [
        ({}, 100.0),
        ({"logprob_mean": -0.5}, 100.0),
        ({"logprob_mean": -1.75}, 85.0),  # half-way between −0.5 and −3.0: 15 of 30 points
        ({"logprob_mean": -5.0}, 70.0),
        ({"numbers_missing": 1.0}, 85.0),
        ({"numbers_missing": 2.0, "numbers_extra": 1.0}, 70.0),  # capped at 30
        ({"terms_missing": 1.0}, 85.0),
        ({"repeat_loop_words": 4.0}, 75.0),
        ({"untranslated": 1.0, "arabic_letters": 40.0, "numbers_missing": 1.0}, 30.0),
        ({"arabic_letters": 4.0}, 91.0),
        ({"length_z": 3.0}, 90.0),
        ({"length_z": -7.0}, 80.0),
        ({"unbalanced_target": 1.0, "unbalanced_source": 0.0}, 95.0),
    ],
)
def test_score_formula(features: dict, expected: float) -> None:
    assert score_features(features).score == expected


def test_features_are_kept_and_serialisable() -> None:
    result = score_pair("قتل 24 شخصا.", "25 people were killed.", logprob_mean=-0.8, logprob_min=-3.2)
    assert result.features["numbers_missing"] == 1.0 and result.features["numbers_extra"] == 1.0
    assert result.features["logprob_min"] == -3.2
    assert json.loads(json.dumps(result.features)) == result.features


def _pair(pair_id: int, source: str, target: str, passthrough: bool = False, logprob: float | None = None) -> Pair:
    return Pair(pair_id, 0, BlockKind.PARAGRAPH, source, target, 0, len(source), "en" if passthrough else "ar", passthrough, logprob, logprob)


def test_score_pairs_uses_the_hypotheses_and_passes_captions_through() -> None:
    pairs = [
        _pair(1, "وقال الوزير إن المحادثات كانت مفيدة.", "The minister said the talks were useful.", logprob=-0.3),
        _pair(2, "Russian Foreign Minister Sergei Lavrov (EPA)", "Russian Foreign Minister Sergei Lavrov (EPA)", passthrough=True),
    ]
    hypotheses = {1: Hypothesis("The minister said the talks were useful.", token_logprobs=(-3.0, -3.0))}
    plain, caption = score_pairs(pairs)
    assert plain.score == 100.0 and caption.score == 100.0 and caption.flags == ()
    with_model = score_pairs(pairs, hypotheses)[0]
    assert with_model.features["logprob_mean"] == -3.0 and "low-confidence" in with_model.flags


def test_quality_survives_the_run_record_round_trip() -> None:
    quality = score_pair("قتل 24 شخصا.", "25 people were killed.")
    pair = Pair(1, 0, BlockKind.PARAGRAPH, "قتل 24 شخصا.", "25 people were killed.", 0, 12, "ar", False, quality=quality)
    assert Pair.from_json(json.loads(json.dumps(pair.to_json()))).quality == quality


def test_document_length_distribution_makes_outliers_relative() -> None:
    # A document translated tersely throughout: terse is normal there, not an outlier.
    source = "وأكد سيرغي لافروف في كلمة له أمام مجلس الدوما الروسي أن بلاده لم تتلق طلبات دعم عسكري مباشر إلا من سوريا."
    terse = "Lavrov: only Syria asked Russia for military support."
    assert "length-outlier" in score_pair(source, terse).flags
    lengths = length_distribution([(source, terse)] * 10)
    assert "length-outlier" not in score_pair(source, terse, lengths=lengths).flags


def test_few_pairs_use_the_prior() -> None:
    assert length_distribution([("أ", "a")] * 3) == LengthDistribution()


_text = st.text(alphabet="ابتثجحخدسشعلمنهوي abcdefghij ABC 0123456789٠١٢٣٫٬.,?؟\"«»()[]", max_size=120)


@settings(max_examples=150, deadline=None)
@given(source=_text, target=_text, logprob=st.one_of(st.none(), st.floats(min_value=-50, max_value=0)))
def test_scores_stay_in_range_and_are_deterministic(source: str, target: str, logprob: float | None) -> None:
    first = score_pair(source, target, logprob_mean=logprob, logprob_min=logprob)
    second = score_pair(source, target, logprob_mean=logprob, logprob_min=logprob)
    assert first == second
    assert 0.0 <= first.score <= 100.0
    assert set(first.flags) <= set(FLAGS)
    assert list(first.flags) == [flag for flag in FLAGS if flag in first.flags]
    assert all(isinstance(value, float) for value in pair_features(source, target, logprob_mean=logprob).values())
