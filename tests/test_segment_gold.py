"""The gold set: its format holds, and our boundary F1 stays at the bar and above both baselines."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import load_script

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "segmentation"


@pytest.fixture(scope="module")
def evaluation():
    return load_script("eval_segmentation")


def test_gold_set_is_large_and_contains_the_seed(evaluation) -> None:
    gold = evaluation.read_gold_set(GOLD)
    assert sum(article.sentences for article in gold) >= 400
    seed = (ROOT / "seeds" / "000_9881ad367b76134a.txt").read_text(encoding="utf-8")
    assert any(article.text == seed for article in gold)


def test_gold_markers_are_removed_exactly(tmp_path: Path, evaluation) -> None:
    path = tmp_path / "a.txt"
    path.write_text("عنوان\n\nجملة أولى. ‖ جملة ثانية.‖وثالثة.\n", encoding="utf-8")
    article = evaluation.read_gold(path)
    assert article.text == "عنوان\n\nجملة أولى. جملة ثانية.وثالثة.\n"
    assert sorted(article.boundaries) == [article.text.index("جملة ثانية"), article.text.index("وثالثة")]
    assert article.sentences == 4


def test_ours_meets_the_bar_and_beats_both_baselines(evaluation) -> None:
    gold = evaluation.read_gold_set(GOLD)
    ours, _ = evaluation.score(gold, evaluation.ours)
    regex, _ = evaluation.score(gold, evaluation.plain_regex)
    pysbd, _ = evaluation.score(gold, evaluation.pysbd_ar)
    assert ours.f1 >= 0.97
    assert ours.f1 > regex.f1
    assert ours.f1 > pysbd.f1
