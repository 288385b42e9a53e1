"""Alignment on NTREX-128 dev articles (``data/``, vendored with SOURCES.md; professional translations by others):
perturbed beads and whole articles, each beside the baseline a user could write. Skipped where absent."""

from __future__ import annotations

import random

import pytest

from tests.conftest import load_script



@pytest.fixture(scope="module")
def evaluation():
    return load_script("eval_alignment")


@pytest.fixture(scope="module")
def articles(evaluation):
    found = evaluation.read_ntrex_articles(evaluation.DEFAULT_SHARED_DATA)
    if not found:
        pytest.fail(f"ntrex-dev not found under {evaluation.DEFAULT_SHARED_DATA}: it is vendored in data/ (data/SOURCES.md)")
    return found


def test_whole_articles_beat_regex_and_galechurch(evaluation, articles) -> None:
    counts = evaluation.whole_articles(articles)
    ours, regex, ceiling = (count.row()[2] for count in counts.values())
    assert ours >= 0.88
    assert ours > regex
    assert ceiling >= ours


def test_perturbed_beads_beat_galechurch(evaluation, articles) -> None:
    ours, theirs = evaluation.Counts(), evaluation.Counts()
    for seed in range(100, 103):
        for name, paragraphs in evaluation.ntrex_documents(articles).items():
            test = evaluation.perturb(paragraphs, random.Random(f"{name}/{seed}"))
            ours.add(evaluation.ours(test, True), test.gold)
            theirs.add(evaluation.theirs(test, True), test.gold)
    assert ours.row()[2] >= 0.95
    assert ours.row()[2] > theirs.row()[2] + 0.03
