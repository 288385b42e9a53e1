"""Word alignment from cross-attention: pieces located in the texts, words linked by attention."""

from __future__ import annotations

import pytest

from translate.align.words import WordLink, alignment_error_rate, piece_spans, target_span, word_alignment, words_of
from translate.engines.base import Hypothesis

SOURCE = "قال لافروف إن واشنطن رفضت"
SOURCE_PIECES = ("▁قال", "▁لاف", "روف", "▁إن", "▁واشنطن", "▁رفض", "ت", "</s>")
TARGET = "Lavrov said Washington refused"
TARGET_PIECES = ("▁Lav", "rov", "▁said", "▁Washington", "▁refused", "</s>")


def attention_for(pairs: dict[int, int], rows: int = len(TARGET_PIECES), columns: int = len(SOURCE_PIECES)) -> tuple[tuple[float, ...], ...]:
    """Each target piece puts .7 on its source piece, .3 on </s> (the last column)."""
    matrix = []
    for t in range(rows):
        row = [0.0] * columns
        row[-1] = 0.3
        row[pairs.get(t, columns - 1)] += 0.7
        matrix.append(tuple(row))
    return tuple(matrix)


@pytest.mark.parametrize(
    ("text", "pieces", "expected"),
    [
        (SOURCE, SOURCE_PIECES, ["قال", "لاف", "روف", "إن", "واشنطن", "رفض", "ت", None]),
        (TARGET, TARGET_PIECES, ["Lav", "rov", "said", "Washington", "refused", None]),
        ("Oil  rose 3%", ("▁Oil", "▁rose", "▁3", "%", "</s>"), ["Oil", "rose", "3", "%", None]),
        ("ﻻ شيء", ("▁لا", "▁شيء"), ["ﻻ", "شيء"]),  # the tokenizer's NFKC turned the ligature into two letters
        ("abc", ("▁xyz",), [None]),
    ],
)
def test_piece_spans_point_into_the_text(text: str, pieces: tuple[str, ...], expected: list[str | None]) -> None:
    spans = piece_spans(text, pieces)
    assert [text[span[0] : span[1]] if span else None for span in spans] == expected


def test_words_group_pieces() -> None:
    assert [SOURCE[s:e] for s, e, _ in words_of(SOURCE, SOURCE_PIECES)] == ["قال", "لافروف", "إن", "واشنطن", "رفضت"]


def test_each_target_word_links_to_the_source_word_it_attends_to() -> None:
    # Lav→لاف, rov→روف, said→قال, Washington→واشنطن, refused→رفض
    hypothesis = Hypothesis(TARGET, TARGET_PIECES, (), SOURCE_PIECES, attention_for({0: 1, 1: 2, 2: 0, 3: 4, 4: 5}))
    links = word_alignment(SOURCE, hypothesis)
    assert [(SOURCE[l.source_start : l.source_end], TARGET[l.target_start : l.target_end]) for l in links] == [
        ("لافروف", "Lavrov"),
        ("قال", "said"),
        ("واشنطن", "Washington"),
        ("رفضت", "refused"),
    ]
    assert all(link.weight == 1.0 for link in links)  # </s> is left out of the shares


def test_target_span_of_a_source_term() -> None:
    hypothesis = Hypothesis(TARGET, TARGET_PIECES, (), SOURCE_PIECES, attention_for({0: 1, 1: 2, 2: 0, 3: 4, 4: 5}))
    links = word_alignment(SOURCE, hypothesis)
    start = SOURCE.index("واشنطن")
    span = target_span(links, start, start + len("واشنطن"))
    assert span is not None and TARGET[span[0] : span[1]] == "Washington"
    assert target_span(links, SOURCE.index("إن"), SOURCE.index("إن") + 2) is None


def test_no_attention_no_links() -> None:
    assert word_alignment(SOURCE, Hypothesis(TARGET)) == []


@pytest.mark.parametrize(
    ("predicted", "sure", "possible", "expected"),
    [
        ({(0, 0), (1, 1)}, {(0, 0), (1, 1)}, set(), 0.0),
        ({(0, 1), (1, 0)}, {(0, 0), (1, 1)}, set(), 1.0),
        ({(0, 0), (1, 2)}, {(0, 0)}, {(1, 2)}, 0.0),
        ({(0, 0), (1, 0)}, {(0, 0), (1, 1)}, set(), 0.5),
    ],
)
def test_alignment_error_rate(predicted, sure, possible, expected) -> None:
    assert alignment_error_rate(predicted, sure, possible) == pytest.approx(expected)


def test_links_from_the_tiny_model_point_at_words(tiny_engine) -> None:
    source = "قال وزير الخارجية الروسي إن واشنطن رفضت إرسال وفد عسكري."
    hypothesis = tiny_engine.score([source], ["The Russian foreign minister said Washington refused."])[0]
    links = word_alignment(source, hypothesis)
    assert len(links) == 7  # one per English word
    for link in links:
        assert isinstance(link, WordLink) and 0.0 <= link.weight <= 1.0
        source_word = source[link.source_start : link.source_end]
        target_word = hypothesis.text[link.target_start : link.target_end]
        assert source_word and not any(ch.isspace() for ch in source_word)
        assert target_word in hypothesis.text.split()


def test_word_gold_links_point_at_words() -> None:
    from pathlib import Path

    gold = Path(__file__).resolve().parent / "data" / "alignment" / "words_gold.txt"
    rows = [line.split("\t") for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 8
    for arabic, english, sure, possible in rows:
        links = [tuple(map(int, item.split("-"))) for item in (sure + " " + possible).split()]
        assert all(0 <= a < len(arabic.split()) and 0 <= b < len(english.split()) for a, b in links)
        assert not set(sure.split()) & set(possible.split())
