"""Splitting a sentence that is over the model's input budget, for translation only."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.segment import split_for_model


def count_words(texts: list[str]) -> list[int]:
    """A stand-in tokenizer: one token per word plus the end-of-sentence token."""
    return [len(text.split()) + 1 for text in texts]


def pieces(text: str, budget: int) -> list[str]:
    return [text[start:end] for start, end in split_for_model(text, budget, count_words)]


@pytest.mark.parametrize(
    ("text", "budget", "expected"),
    [
        ("قال الوزير إن الاتفاق قريب.", 10, ["قال الوزير إن الاتفاق قريب."]),
        # ؛ first, even when a comma sits nearer the middle.
        (
            "قال الوزير إن الاتفاق قريب؛ وأضاف، مبتسما، أن التوقيع سيتم غدا في القاهرة.",
            10,
            ["قال الوزير إن الاتفاق قريب؛ ", "وأضاف، مبتسما، أن التوقيع سيتم غدا في القاهرة."],
        ),
        # A clause-joining "، و" before a plain comma.
        (
            "أعلنت الحكومة، في بيان مطول، خطة جديدة للإصلاح، وقالت إنها ستطبق العام المقبل.",
            10,
            ["أعلنت الحكومة، في بيان مطول، خطة جديدة للإصلاح، ", "وقالت إنها ستطبق العام المقبل."],
        ),
        # Then the plain comma.
        (
            "أعلنت الحكومة في بيان مطول اليوم، خطة جديدة للإصلاح الاقتصادي الشامل.",
            8,
            ["أعلنت الحكومة في بيان مطول اليوم، ", "خطة جديدة للإصلاح الاقتصادي الشامل."],
        ),
        # Then whitespace.
        ("واحد اثنان ثلاثة أربعة خمسة ستة", 4, ["واحد اثنان ثلاثة ", "أربعة خمسة ستة"]),
        # A single word over the budget stays whole.
        ("كلمة", 1, ["كلمة"]),
        ("", 5, []),
    ],
    ids=["fits", "semicolon", "comma-wa", "comma", "whitespace", "one-word", "empty"],
)
def test_split_points(text: str, budget: int, expected: list[str]) -> None:
    assert pieces(text, budget) == expected


def test_pieces_fit_the_budget_when_they_can() -> None:
    text = "، ".join(f"وقال المسؤول رقم {n} إن الوضع مستقر" for n in range(30))
    spans = split_for_model(text, 20, count_words)
    assert len(spans) > 1
    assert all(count <= 20 for count in count_words([text[start:end] for start, end in spans]))


def test_counter_sees_whole_pieces() -> None:
    seen: list[list[str]] = []

    def counting(texts: list[str]) -> list[int]:
        seen.append(list(texts))
        return count_words(texts)

    split_for_model("أ ب ج؛ د ه و", 3, counting)
    assert seen[0] == ["أ ب ج؛ د ه و", ""]
    assert seen[1] == ["أ ب ج؛ ", "د ه و"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["قال", "الوزير", "،", "، و", "؛", " ", "  ", "\n", "وأضاف", "x", "."]), max_size=60).map("".join),
    st.integers(min_value=1, max_value=12),
)
def test_spans_are_contiguous_and_cover_the_text(text: str, budget: int) -> None:
    spans = split_for_model(text, budget, count_words)
    if not text:
        assert spans == []
        return
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(start < end for start, end in spans)
    assert all(previous[1] == following[0] for previous, following in zip(spans, spans[1:]))
    assert "".join(text[start:end] for start, end in spans) == text


def test_pieces_are_rechecked_when_the_estimate_is_wrong() -> None:
    # A tokenizer whose count of a joined text exceeds the sum of its parts (merges across a cut).
    def greedy(texts: list[str]) -> list[int]:
        return [len(text.split()) * 2 if "؛" in text and len(text.split()) > 3 else len(text.split()) for text in texts]

    text = "أ ب؛ ج د؛ ه و"
    spans = split_for_model(text, 4, greedy)
    assert all(count <= 4 for count in greedy([text[start:end] for start, end in spans]))
    assert "".join(text[start:end] for start, end in spans) == text
