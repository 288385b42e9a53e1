"""HTER and the edit summary, the word diff, the HTML report, and the paired significance tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.evaluate import (
    REF,
    Settings,
    compare_systems,
    corpus_scores,
    evaluate,
    read_side,
    render_html,
    summarise_edits,
    word_diff,
)

DATA = Path(__file__).resolve().parent / "data" / "eval"

# (MT, post-edit, HTER, edits): TER's edits over the post-edit's words; a block shift is one edit.
HTER_CASES = [
    ("Lavrov said no.", "Lavrov said no.", 0.0, 0),
    ("Lavrov said", "Lavrov said today", 100 / 3, 1),
    ("", "Moscow", 100.0, 1),
    ("in Damascus on Monday talks", "talks in Damascus on Monday", 20.0, 1),
    ("THE KREMLIN SAID", "the Kremlin said", 0.0, 0),  # TER is case-insensitive by default
    ("Putin met Sisi", "Vladimir Putin met Abdel Fattah al-Sisi", 400 / 6, 4),  # al-Sisi is one word
]


@pytest.mark.parametrize(("mt", "post_edit", "hter", "edits"), HTER_CASES, ids=["untouched", "insertion", "empty-mt", "shift", "case-only", "names-expanded"])
def test_segment_hter(mt: str, post_edit: str, hter: float, edits: int) -> None:
    summary = summarise_edits([mt], [post_edit])
    assert summary.segments[0].hter == pytest.approx(hter)
    assert summary.segments[0].edits == edits
    assert summary.corpus_hter == pytest.approx(hter)


def test_corpus_hter_is_corpus_ter_and_summary_counts() -> None:
    mts = [case[0] for case in HTER_CASES]
    post_edits = [case[1] for case in HTER_CASES]
    summary = summarise_edits(mts, post_edits, most_changed=3)
    (ter,) = corpus_scores(mts, post_edits, ["ter"], n_bootstrap=0)
    assert summary.corpus_hter == ter.score
    assert summary.untouched == 1 and summary.total == 6
    assert summary.untouched_share == pytest.approx(1 / 6)
    # Most changed first; equal HTER broken by more edits, then document order.
    assert [segment.index for segment in summary.most_changed] == [2, 5, 1]
    assert "tok:tercom" in summary.signature


@pytest.mark.parametrize(
    ("mt", "post_edit", "changed"),
    [
        ("Sergei Lavrov met Putin.", "Sergey Lavrov met Putin.", True),
        ("Sergei Lavrov met Putin.", "Putin met Sergei Lavrov.", False),
        ("Sergei Lavrov met Putin.", "Sergei Lavrova met Putin.", True),
        ("Sergei Lavrov met Putin.", "sergei lavrov met Putin.", True),
        ("Lavrov met Putin.", "Sergey Lavrov met Putin.", None),  # the MT lacked the form: not checked
    ],
    ids=["respelt", "moved-not-changed", "longer-word", "case-changed", "absent-in-mt"],
)
def test_glossary_terms_editors_changed(mt: str, post_edit: str, changed: bool | None) -> None:
    summary = summarise_edits([mt], [post_edit], terms=[("Sergei Lavrov",)])
    assert summary.terms_checked == (0 if changed is None else 1)
    assert [change.required for change in summary.term_changes] == (["Sergei Lavrov"] if changed else [])


def test_word_diff_marks_deletions_and_insertions() -> None:
    ops = word_diff("Lavrof said that Washington refused", "Lavrov said Washington had refused")
    assert [(op.kind, op.text) for op in ops] == [
        ("delete", "Lavrof"),
        ("insert", "Lavrov"),
        ("equal", "said"),
        ("delete", "that"),
        ("equal", "Washington"),
        ("insert", "had"),
        ("equal", "refused"),
    ]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_word_diff_reconstructs_both_sides(hypothesis: str, reference: str) -> None:
    ops = word_diff(hypothesis, reference)
    assert " ".join(op.text for op in ops if op.kind != "insert").split() == hypothesis.split()
    assert " ".join(op.text for op in ops if op.kind != "delete").split() == reference.split()


@pytest.fixture()
def hostile(tmp_path: Path) -> tuple[Path, Path, Path]:
    hyp, ref, src = tmp_path / "hyp.txt", tmp_path / "ref.txt", tmp_path / "src.txt"
    hyp.write_text('Lavrof said <script>alert("x")</script> & left\nSame line\n', encoding="utf-8")
    ref.write_text("Lavrov said <b>bold</b> & left\nSame line\n", encoding="utf-8")
    src.write_text("قال لافروف <script>\nالسطر نفسه\n", encoding="utf-8")
    return hyp, ref, src


def test_html_report_escapes_and_marks_the_diff(hostile) -> None:
    hyp, ref, src = hostile
    sources = read_side(src, REF, fmt="text").segments
    page = render_html(evaluate(read_side(hyp), read_side(ref, REF), Settings(n_bootstrap=0), sources=sources))
    assert "<script" not in page.lower() and "<b>bold" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<del>Lavrof</del>" in page and "<ins>Lavrov</ins>" in page
    assert '<td class=ar dir=rtl lang=ar>قال لافروف &lt;script&gt;</td>' in page
    assert "1 of 2 segments untouched" in page
    # Self-contained: nothing fetched from anywhere.
    assert not re.search(r"src\s*=|href\s*=\s*['\"](?!#)", page) and "@import" not in page and "url(" not in page
    assert "<a href='#segment-1'>segment 1</a>" in page and "<tr id=segment-1>" in page
    assert "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'\">" in page


def test_significance_finds_the_better_system_and_not_a_one_line_change() -> None:
    ref = read_side(DATA / "ref.en.txt", REF).segments
    a = read_side(DATA / "hyp_a.en.txt").segments
    b = read_side(DATA / "hyp_b.en.txt").segments
    nearly_a = (b[0],) + a[1:]
    (bootstrap,) = compare_systems([("A", a), ("B", b), ("A'", nearly_a)], ref, ["bleu", "chrf"], tests=["bs"], samples=200)
    p = {(score.system, score.metric): score.p_value for score in bootstrap.scores}
    assert p["A", "bleu"] is None
    assert p["B", "bleu"] < 0.05 and p["B", "chrf"] < 0.05
    assert p["A'", "bleu"] > 0.05 and p["A'", "chrf"] > 0.05
    assert bootstrap.signatures["bleu"].startswith("nrefs:1|bs:200|seed:12345|")


@pytest.mark.parametrize(
    ("systems", "message"),
    [([("A", ["x"])], "at least two"), ([("A", ["x"]), ("B", ["x", "y"])], "2 hypotheses but 1 references")],
    ids=["one-system", "length-mismatch"],
)
def test_compare_systems_rejects_bad_calls(systems, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compare_systems(systems, ["x"])
