"""Scores as OmegaT computes them, the bands, normalised keys, and the index finding what brute force finds."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.tm import FuzzyIndex, band, similarity, tm_key, tm_tokens
from translate.tm.scoring import score_from_distance

SENTENCE = "ووصف لافروف رد واشنطن على اقتراحات بلاده في مجال مكافحة الإرهاب بأنه غير بنّاء."


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("المصدر : الجزيرة + وكالات", "المصدر: الجزيرة+وكالات"),  # punctuation spacing
        ("قَالَ وزير الخارجية", "قال وزير الخارجيه"),  # diacritics, ta marbuta
        ("أعلنت روسيا", "اعلنت  روسيا"),  # hamza form, double space
        ("في الساعات ٢٤ الماضية", "في الساعات 24 الماضية"),  # Arabic-Indic digits
        ("غير بنّاء", "غيـــر بناء"),  # shadda, tatweel
    ],
)
def test_spelling_variants_share_a_key(first: str, second: str) -> None:
    assert tm_key(first) == tm_key(second)


@pytest.mark.parametrize(
    ("first", "second", "score"),
    [
        (SENTENCE, SENTENCE, 100),
        # 15 tokens (14 words and the full stop): one word substituted → 100·14//15 = 93
        (SENTENCE, SENTENCE.replace("واشنطن", "موسكو"), 93),
        # the full stop is a token: dropping it costs one of 15
        (SENTENCE, SENTENCE.rstrip("."), 93),
        # a changed figure is a changed token: 4 tokens, one differs → 75
        ("قصف 40 هدفا .", "قصف 41 هدفا .", 75),
        ("قصف 40 هدفا", "قصف هدفا", 66),
        ("روسيا", "سوريا", 0),
    ],
)
def test_similarity_is_omegats_word_level_formula(first: str, second: str, score: int) -> None:
    assert similarity(tm_tokens(first), tm_tokens(second)) == score


@pytest.mark.parametrize(("distance", "longer", "score"), [(0, 10, 100), (1, 200, 99), (1, 3, 66), (3, 3, 0), (0, 0, 100)])
def test_scores_round_down_so_only_identical_is_100(distance: int, longer: int, score: int) -> None:
    assert score_from_distance(distance, longer) == score


@pytest.mark.parametrize(("score", "label"), [(101, "101"), (100, "100"), (99, "95–99"), (95, "95–99"), (94, "85–94"), (85, "85–94"), (84, "75–84"), (75, "75–84"), (74, "no match")])
def test_bands(score: int, label: str) -> None:
    assert band(score) == label


def test_context_match_scores_101() -> None:
    index = FuzzyIndex()
    index.add(1, tm_tokens("اتفاق"), previous_key=tm_key("قال شيئا ."))
    assert [hit.score for hit in index.search(tm_tokens("اتفاق"), 75, previous_key=tm_key("قال شيئا."))] == [101]
    assert [hit.score for hit in index.search(tm_tokens("اتفاق"), 75, previous_key=tm_key("شيء آخر"))] == [100]


WORDS = ["قال", "وزير", "الخارجية", "روسيا", "في", "سوريا", ".", "،", "24", "واشنطن", "الدفاع", "اليوم"]


@settings(max_examples=60, deadline=None)
@given(
    entries=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), min_size=1, max_size=40),
    query=st.lists(st.sampled_from(WORDS), min_size=1, max_size=12),
    minimum=st.integers(min_value=1, max_value=100),
)
def test_index_finds_exactly_what_brute_force_finds(entries: list[list[str]], query: list[str], minimum: int) -> None:
    index = FuzzyIndex()
    for number, tokens in enumerate(entries, start=1):
        index.add(number, tuple(tokens))
    expected = {number: similarity(tokens, query) for number, tokens in enumerate(entries, start=1)}
    expected = {number: score for number, score in expected.items() if score >= minimum}
    assert {hit.entry_id: hit.score for hit in index.search(tuple(query), minimum)} == expected


def test_ranking_is_best_first_then_newest() -> None:
    index = FuzzyIndex()
    base = tm_tokens(SENTENCE)
    index.add(10, base[:-1] + ("!",))
    index.add(11, base)
    index.add(12, base[:-1] + ("؟",))
    assert [(hit.entry_id, hit.score) for hit in index.search(base, 75)] == [(11, 100), (12, 93), (10, 93)]


def test_unknown_tokens_never_match_each_other() -> None:
    rng = random.Random(7)
    index = FuzzyIndex()
    index.add(1, ("a", "b", "c", "d"))
    query = tuple(f"x{rng.random()}" for _ in range(4))
    assert index.search(query, 1) == []


@given(st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z", "Mn", "Cf")), max_size=60))
def test_the_key_splits_back_into_the_tokens(text: str) -> None:
    # The index is rebuilt from stored keys: splitting a key must give exactly the tokens.
    tokens = tm_tokens(text)
    assert (tuple(tm_key(text).split(" ")) if tokens else ()) == tokens
