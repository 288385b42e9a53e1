"""Sentence boundaries on gold sets made by other people (``data/``, vendored with SOURCES.md): NTREX-128 dev articles in
both languages and UD Arabic-PUD. Skipped, with the reason, where the data is absent."""

from __future__ import annotations


import pytest

from tests.conftest import load_script



@pytest.fixture(scope="module")
def evaluation():
    return load_script("eval_segmentation")


@pytest.fixture(scope="module")
def sets(evaluation):
    return evaluation.gold_sets()


@pytest.mark.parametrize(("name", "bar"), [("ntrex-dev ar", 0.95), ("ntrex-dev en", 0.96), ("ud-arabic-pud", 0.95)])
def test_boundary_f1_meets_the_bar_and_beats_the_plain_regex(evaluation, sets, name: str, bar: float) -> None:
    if name not in sets:
        pytest.fail(f"{name} not found under {evaluation.DEFAULT_SHARED_DATA}: it is vendored in data/ (data/SOURCES.md)")
    _, gold = sets[name]
    ours, _ = evaluation.score(gold, evaluation.ours)
    regex, _ = evaluation.score(gold, evaluation.plain_regex)
    assert ours.f1 >= bar
    assert ours.f1 >= regex.f1


def test_ntrex_articles_are_read_as_headline_and_body_paragraph(evaluation, sets) -> None:
    if "ntrex-dev ar" not in sets:
        pytest.fail(f"ntrex-dev not found under {evaluation.DEFAULT_SHARED_DATA}: it is vendored in data/ (data/SOURCES.md)")
    _, gold = sets["ntrex-dev ar"]
    assert len(gold) == 41
    assert sum(article.sentences for article in gold) == 659
    first = gold[0]
    headline, body = first.text.rstrip("\n").split("\n\n")
    assert "\n" not in body
    assert min(first.boundaries) > len(headline) + 2


def test_pud_documents_group_their_sentences(evaluation, sets) -> None:
    if "ud-arabic-pud" not in sets:
        pytest.fail(f"ud-arabic-pud not found under {evaluation.DEFAULT_SHARED_DATA}: it is vendored in data/ (data/SOURCES.md)")
    _, gold = sets["ud-arabic-pud"]
    assert len(gold) == 397
    assert sum(article.sentences for article in gold) == 1000
