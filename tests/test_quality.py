"""Quality estimation: each flag fires on a crafted pair and stays quiet on a clean one; professional
pairs that used to raise false alarms (number words, decades, dotted thousands, a minister called May)
stay quiet; scores stay in range and are deterministic; the features survive the JSONL round trip;
bad input never crashes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.document import BlockKind
from translate.engines.base import Hypothesis
from translate.quality import FLAGS, LengthDistribution, QualityModel, attention_unattended, default_model, length_distribution, pair_features, score_features, score_pair, score_pairs
from translate.records import Pair, TermReport

SHOUJ = TermReport(source_start=0, source_end=8, surface="زاور شوج", entry_en="Zaur Shouj", required="Zaur Shouj", mention="first", status="model")
# An ambiguous spelling without its context: not enforced, so it never counts as missing.
LION = TermReport(source_start=20, source_end=25, surface="الأسد", entry_en="Bashar al-Assad", required="Bashar al-Assad", mention="first", status="possible", enforce=False)

LAVROV = "وأكد سيرغي لافروف في كلمة له أمام مجلس الدوما الروسي أن بلاده لم تتلق طلبات دعم عسكري مباشر إلا من سوريا، وأضاف أن موسكو مستعدة لمواصلة الحوار مع واشنطن."
LAVROV_EN = (
    "In a speech to the Russian Duma, Sergei Lavrov stressed that his country had received requests for direct military support only from Syria, "
    "and added that Moscow was ready to continue the dialogue with Washington."
)

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
    ("low-confidence", "وقال الوزير إن المحادثات كانت مفيدة.", "The minister said the talks were useful.", "The minister said the talks were useful.", {"bad_logprob": -2.5, "good_logprob": -0.3}),
    ("omission", LAVROV, "Lavrov spoke.", LAVROV_EN, {}),
    ("omission", LAVROV, "In a speech to the Russian Duma, Sergei Lavrov stressed that his country had received.", LAVROV_EN, {}),
    ("truncation", LAVROV, "In a speech to the Russian Duma, Sergei Lavrov stressed that his country had received", LAVROV_EN, {}),
    ("addition", LAVROV, LAVROV_EN[:-1] + ", while the company said it would appeal the ruling in the coming weeks and the shares fell sharply.", LAVROV_EN, {}),
]


def _score(source: str, target: str, extra: dict, logprob_key: str):
    terms = extra.get(logprob_key.replace("logprob", "terms"), extra.get("terms", ()))
    return score_pair(source, target, logprob_mean=extra.get(logprob_key), terms=terms)


@pytest.mark.parametrize(("flag", "source", "bad", "clean", "extra"), CASES, ids=[f"{case[0]}-{n}" for n, case in enumerate(CASES)])
def test_flag_fires_on_the_crafted_pair(flag: str, source: str, bad: str, clean: str, extra: dict) -> None:
    result = _score(source, bad, extra, "bad_logprob")
    assert flag in result.flags
    assert result.score < _score(source, clean, extra, "good_logprob").score


@pytest.mark.parametrize(("flag", "source", "bad", "clean", "extra"), CASES, ids=[f"{case[0]}-{n}" for n, case in enumerate(CASES)])
def test_flag_stays_quiet_on_the_clean_pair(flag: str, source: str, bad: str, clean: str, extra: dict) -> None:
    result = _score(source, clean, extra, "good_logprob")
    assert result.flags == ()
    assert result.score >= 70.0


def test_every_flag_has_a_case() -> None:
    assert {case[0] for case in CASES} == set(FLAGS)


# Professional pairs (NTREX-128 dev and the issue's own examples) that the rules used to flag.
QUIET = [
    ("كان ذلك في ثلاثينيات القرن العشرين.", "That was in the 1930s."),
    ("وصل ثلاثة أشخاص.", "Three people arrived."),
    ("كان في سن الثالثة عشر عندما مرض وتوفي في سن الثمانية عشر عامًا.", "He was 13 when he fell ill and died aged 18."),
    ("كان اجتماعها السادس والثلاثين مع الناخبين.", "It was her 36th meeting with voters."),
    ("أنتج المصنع ما يقرب من 150.000 سيارة العام الماضي.", "The plant produced nearly 150,000 cars last year."),
    ("الوقت المثالي هو 5:30 مساءً يوم السبت.", "The perfect time is 5.30pm on a Saturday."),
    ("استمرت الحرب الكورية من 1950 وحتى 1953.", "The 1950-53 Korean War."),
    ("اتهمت رئيسة الوزراء تيريزا ماي النقاد باللعب بالسياسة.", "Prime Minister Theresa May accused critics of playing politics."),
    ("سيظل المطار مغلقًا حتى شهر أكتوبر.", "The airport will remain closed until Oct."),
    ("يجب أن تكون نسبة المشاركة أكثر من النصف.", "Turnout needs to be more than 50 percent."),
    ("اتصل على الرقم 116123 مجانًا.", "Call free on 116 123."),
    ("قتل ٢٤ شخصا في الهجوم.", "24 people were killed in the attack."),
    ('وقال: "سننتصر".', 'He said: "We will win.'),
]


@pytest.mark.parametrize(("source", "target"), QUIET, ids=[target[:24] for _, target in QUIET])
def test_no_number_or_quote_flag_on_professional_pairs(source: str, target: str) -> None:
    flags = score_pair(source, target).flags
    assert "number-mismatch" not in flags and "unbalanced-quotes" not in flags


def _uncalibrated() -> QualityModel:
    model = default_model()
    return QualityModel(model.lengths, model.lexicon, flags={})


@pytest.mark.parametrize(
    ("features", "expected"),
    [
        ({}, 100.0),
        ({"logprob_mean": -0.5}, 100.0),
        ({"logprob_mean": -1.75}, 85.0),  # half-way between −0.5 and −3.0: 15 of 30 points
        ({"logprob_mean": -5.0}, 70.0),
        ({"terms_missing": 1.0}, 85.0),
        ({"terms_missing": 3.0}, 70.0),  # capped at 30
        ({"terms_possible": 1.0}, 95.0),
    ],
)
def test_rule_penalties_without_calibration(features: dict, expected: float) -> None:
    assert score_features(features, _uncalibrated()).score == expected


def test_the_calibrated_score_falls_with_the_evidence() -> None:
    clean = score_pair(LAVROV, LAVROV_EN)
    shorter = score_pair(LAVROV, "In a speech to the Russian Duma, Sergei Lavrov stressed that Moscow was ready to continue the dialogue with Washington.")
    truncated = score_pair(LAVROV, "In a speech to the Russian Duma, Sergei Lavrov")
    assert clean.score > shorter.score > truncated.score


def test_features_are_kept_and_serialisable() -> None:
    result = score_pair("قتل 24 شخصا.", "25 people were killed.", logprob_mean=-0.8, logprob_min=-3.2)
    assert result.features["numbers_missing"] == 1.0 and result.features["numbers_extra"] == 1.0
    assert result.features["logprob_min"] == -3.2
    assert {"length_z_chars", "length_z_words", "lex_source_known", "joints_source", "ends_open"} <= set(result.features)
    assert json.loads(json.dumps(result.features)) == result.features


def _pair(pair_id: int, source: str, target: str, passthrough: bool = False, logprob: float | None = None, kind: BlockKind = BlockKind.PARAGRAPH) -> Pair:
    return Pair(pair_id, 0, kind, source, target, 0, len(source), "en" if passthrough else "ar", passthrough, logprob, logprob)


def test_score_pairs_uses_the_hypotheses_and_passes_captions_through() -> None:
    pairs = [
        _pair(1, "وقال الوزير إن المحادثات كانت مفيدة.", "The minister said the talks were useful.", logprob=-0.3),
        _pair(2, "Russian Foreign Minister Sergei Lavrov (EPA)", "Russian Foreign Minister Sergei Lavrov (EPA)", passthrough=True),
    ]
    hypotheses = {1: Hypothesis("The minister said the talks were useful.", token_logprobs=(-3.0, -3.0))}
    plain, caption = score_pairs(pairs)
    assert plain.flags == () and plain.score >= 80.0 and caption.score == 100.0 and caption.flags == ()
    with_model = score_pairs(pairs, hypotheses)[0]
    assert with_model.features["logprob_mean"] == -3.0 and "low-confidence" in with_model.flags


def test_headlines_are_expected_telegraphic() -> None:
    source = "رئيس الوزراء البريطاني يتهم النقاد باللعب بالسياسة بشأن انسحاب المملكة المتحدة من الاتحاد الأوروبي"
    headline = "UK PM accuses critics of playing politics over Brexit"
    as_headline = score_pairs([_pair(1, source, headline, kind=BlockKind.HEADLINE)])[0]
    as_sentence = score_pairs([_pair(1, source, headline)])[0]
    assert as_headline.features["length_z_chars"] > as_sentence.features["length_z_chars"]
    assert as_headline.features["ends_open"] == 0.0


def test_attention_coverage_counts_source_words_never_attended() -> None:
    # Three source tokens and </s>; the decoder never looks at the second one.
    attention = ((0.9, 0.0, 0.05, 0.05), (0.1, 0.0, 0.85, 0.05), (0.05, 0.0, 0.05, 0.9))
    hypothesis = Hypothesis("a b", tokens=("▁a", "▁b", "</s>"), source_tokens=("▁x", "▁y", "▁z", "</s>"), attention=attention)
    assert attention_unattended(hypothesis) == pytest.approx(1 / 3)
    assert attention_unattended(Hypothesis("a")) is None
    pair = _pair(1, "وقال الوزير إن المحادثات كانت مفيدة.", "The minister said the talks were useful.")
    assert score_pairs([pair], {1: hypothesis})[0].features["attention_unattended"] == pytest.approx(0.3333)


def test_quality_survives_the_run_record_round_trip() -> None:
    quality = score_pair("قتل 24 شخصا.", "25 people were killed.")
    pair = Pair(1, 0, BlockKind.PARAGRAPH, "قتل 24 شخصا.", "25 people were killed.", 0, 12, "ar", False, quality=quality)
    assert Pair.from_json(json.loads(json.dumps(pair.to_json()))).quality == quality


def test_document_length_distribution_makes_length_relative() -> None:
    # A document translated tersely throughout: terse is normal there.
    terse = "Lavrov: only Syria asked Russia for military support; Moscow will keep talking to Washington."
    alone = score_pair(LAVROV, terse).features["length_z"]
    lengths = length_distribution([(LAVROV, terse)] * 10)
    assert abs(score_pair(LAVROV, terse, lengths=lengths).features["length_z"]) < abs(alone)


def test_few_pairs_use_the_prior() -> None:
    assert length_distribution([("أ", "a")] * 3) == LengthDistribution()


# The bad inputs: each a correct flag or none, never a crash, never a score outside 0–100.
BAD = [
    ("empty English", LAVROV, "", {"untranslated"}),
    ("empty Arabic", "", "Some English.", set()),
    ("English in Arabic script", LAVROV, "ذا منستر سيد ذا توكس ور يوسفل", {"untranslated"}),
    ("only punctuation", "...", "...", set()),
    ("mixed scripts", "قال CNN إن الوضع صعب.", "CNN said the situation was difficult.", set()),
    ("Eastern and Western digits", "قتل ٢٤ شخصا وأصيب ١٣٠ آخرون.", "24 people were killed and 130 others were injured.", set()),
    ("a 2,000-word sentence", " ".join([LAVROV] * 70), " ".join([LAVROV_EN] * 70), {"repetition"}),
]


@pytest.mark.parametrize(("name", "source", "target", "allowed"), BAD, ids=[case[0] for case in BAD])
def test_bad_input_gets_a_correct_flag_or_none(name: str, source: str, target: str, allowed: set[str]) -> None:
    result = score_pair(source, target)
    assert 0.0 <= result.score <= 100.0
    assert set(result.flags) <= allowed | {"omission", "addition"} if name == "a 2,000-word sentence" else set(result.flags) == allowed


_text = st.text(alphabet="ابتثجحخدسشعلمنهوي abcdefghij ABC 0123456789٠١٢٣٫٬.,?؟\"«»()[]،", max_size=120)


@settings(max_examples=150, deadline=None)
@given(source=_text, target=_text, logprob=st.one_of(st.none(), st.floats(min_value=-50, max_value=0)))
def test_scores_stay_in_range_and_are_deterministic(source: str, target: str, logprob: float | None) -> None:
    first = score_pair(source, target, logprob_mean=logprob, logprob_min=logprob)
    second = score_pair(source, target, logprob_mean=logprob, logprob_min=logprob)
    assert first == second
    assert 0.0 <= first.score <= 100.0
    assert set(first.flags) <= set(FLAGS)
    assert list(first.flags) == [flag for flag in FLAGS if flag in first.flags]
    assert all(isinstance(value, float) for value in pair_features(source, target, model=default_model()).values())
