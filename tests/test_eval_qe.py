"""Our quality score against HTER: correlations, and reading the scores from runs, XLIFF and TSV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from translate.cli import app
from translate.document import Block, BlockKind
from translate.evaluate import HYP, correlate_quality, read_side
from translate.evaluate.qe import pearson, spearman
from translate.records import Manifest, Pair, QualityScore, Run, run_to_jsonl


@pytest.mark.parametrize(
    ("xs", "ys", "r", "rho"),
    [
        ([90, 70, 50, 30], [0, 20, 40, 60], -1.0, -1.0),
        ([90, 70, 50, 30], [0, 10, 15, 100], -0.8513, -1.0),  # monotone but not linear: ρ sees the order
        ([1, 2, 3, 4, 5], [2, 1, 4, 3, 5], 0.8, 0.8),
        ([1, 2, 2, 3], [1, 2, 3, 4], 0.9487, 0.9487),  # tied ranks share the mean rank: 3/√10 both
        ([50, 50, 50], [0, 10, 20], None, None),  # a constant score correlates with nothing
        ([80], [10], None, None),
    ],
    ids=["perfect-negative", "monotone", "textbook", "ties", "constant", "single"],
)
def test_pearson_and_spearman(xs, ys, r, rho) -> None:
    for value, expected in ((pearson(xs, ys), r), (spearman(xs, ys), rho)):
        assert (value is None) if expected is None else value == pytest.approx(expected, abs=1e-4)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 300)), min_size=0, max_size=12))
def test_correlations_stay_in_range(pairs) -> None:
    result = correlate_quality([q for q, _ in pairs], [h for _, h in pairs])
    for value in (result.pearson, result.spearman):
        assert value is None or -1.0 - 1e-9 <= value <= 1.0 + 1e-9
    assert result.scored == len(pairs)


def test_unscored_segments_are_skipped() -> None:
    result = correlate_quality([90.0, None, 40.0, 20.0], [0.0, 100.0, 30.0, 80.0])
    assert result.scored == 3 and result.total == 4
    assert result.mean_quality == pytest.approx(50.0)
    assert result.spearman == pytest.approx(-1.0)
    nothing = correlate_quality([None], [1.0])
    assert nothing.scored == 0 and nothing.mean_quality is None and nothing.pearson is None


def _run(pairs: list[tuple[str, float | None]]) -> Run:
    blocks = (Block(0, BlockKind.PARAGRAPH, "", 0, 10, 0),)
    manifest = Manifest("0.1.0", "2026-01-01T00:00:00Z", "a.txt", "0" * 64, "utf-8", "tiny", None, "torch", "cpu", {}, blocks)
    return Run(
        manifest,
        tuple(
            Pair(i, 0, BlockKind.PARAGRAPH, f"جملة {i}", target, 0, 5, "ar", False, quality=None if score is None else QualityScore(score, ("low-confidence",) if score < 50 else ()))
            for i, (target, score) in enumerate(pairs)
        ),
    )


MT = [
    ("Sergei Lavrov said Washington refused coordination.", 92.0),
    ("The Russian foreign minister gave speech at Duma.", 61.0),
    ("Moscow moscow moscow moscow moscow.", 12.0),
    ("Source: Al Jazeera and agencies", None),
]
POST_EDIT = [
    "Sergei Lavrov said Washington refused coordination.",
    "The Russian foreign minister gave a speech at the Duma.",
    "Moscow said it had struck forty targets.",
    "Source: Al Jazeera and agencies",
]


@pytest.mark.parametrize("module", ["xliff", "tsv"])
def test_quality_read_from_our_exports(tmp_path: Path, module: str) -> None:
    exporter = pytest.importorskip(f"translate.export.{module}", reason="the exporters (issue 6) are not in this build")
    path = tmp_path / f"run.{'xlf' if module == 'xliff' else 'tsv'}"
    rendered = exporter.render(_run(MT))
    path.write_bytes(rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))
    assert read_side(path, HYP).quality == (92.0, 61.0, 12.0, None)


def test_eval_reports_quality_against_hter(tmp_path: Path) -> None:
    run_path, ref_path = tmp_path / "run.jsonl", tmp_path / "post-edit.txt"
    run_path.write_text(run_to_jsonl(_run(MT)), encoding="utf-8")
    ref_path.write_text("\n".join(POST_EDIT) + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["eval", str(run_path), str(ref_path), "--format", "json", "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    quality = document["quality"]
    assert quality["scored"] == 3 and quality["segments"] == 4
    assert quality["mean"] == pytest.approx((92 + 61 + 12) / 3)
    assert quality["spearman_vs_hter"] == pytest.approx(-1.0)  # the lower the score, the more was edited
    assert quality["pearson_vs_hter"] < -0.9
    assert [segment["quality"] for segment in document["segments"]] == [92.0, 61.0, 12.0, None]
    text = runner.invoke(app, ["eval", str(run_path), str(ref_path), "--bootstrap", "0"]).stdout
    assert "quality score (from HYP): mean 55.0 over 3 of 4 segments; against HTER: Pearson -0.9" in text and "Spearman -1.000" in text


def test_plain_text_hypothesis_has_no_quality(tmp_path: Path) -> None:
    hyp = tmp_path / "h.txt"
    hyp.write_text("a b c\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(hyp), str(hyp), "--format", "json", "--bootstrap", "0"])
    assert json.loads(result.stdout)["quality"] is None


@pytest.mark.parametrize(
    ("source", "hypothesis", "expected"),
    [
        ("قتل 40 شخصا في حلب", "40 people were killed in Aleppo.", "clean"),
        ("قتل 40 شخصا في حلب", "4 people were killed in Aleppo.", "number-mismatch"),
        ("قتل 40 شخصا في حلب", "قتل 40 شخصا في حلب", "untranslated"),
        ("قتل 40 شخصا في حلب", "killed killed killed killed killed killed 40", "repetition"),
        ("", "Anything at all.", "unscored"),
    ],
    ids=["clean", "number-mismatch", "untranslated", "repetition", "empty-source"],
)
def test_estimated_quality_from_the_source(source: str, hypothesis: str, expected: str) -> None:
    from translate.evaluate import estimate_quality

    clean, candidate = estimate_quality(["قتل 40 شخصا في حلب", source], ["40 people were killed in Aleppo.", hypothesis])
    if expected == "unscored":
        assert candidate is None
    elif expected == "clean":
        assert candidate == clean and clean >= 90.0  # a calibrated probability, never quite certain
    else:
        assert candidate is not None and candidate < clean


def test_eval_estimates_quality_when_given_the_source(tmp_path: Path) -> None:
    data = Path(__file__).resolve().parent / "data" / "eval"
    result = CliRunner().invoke(
        app, ["eval", str(data / "hyp_a.en.txt"), str(data / "ref.en.txt"), "--src", str(data / "src.ar.txt"), "--format", "json", "--bootstrap", "0"]
    )
    assert result.exit_code == 0, result.output
    quality = json.loads(result.stdout)["quality"]
    assert quality["origin"] == "estimated"
    assert quality["scored"] == 295  # the five empty source lines have nothing to estimate
    assert quality["pearson_vs_hter"] < 0 and quality["spearman_vs_hter"] < 0


def test_model_needs_the_source(tmp_path: Path) -> None:
    hyp = tmp_path / "h.txt"
    hyp.write_text("Lavrov said.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(hyp), str(hyp), "--model", "some/model", "--bootstrap", "0"])
    assert result.exit_code == 1 and "--model needs the Arabic source" in result.stderr


def test_model_log_probabilities_join_the_estimate(tmp_path: Path, tiny_model_dir: Path) -> None:
    src, hyp, ref = tmp_path / "src.txt", tmp_path / "hyp.txt", tmp_path / "ref.txt"
    src.write_text("قال لافروف إن واشنطن رفضت التنسيق.\n\nقتل 40 شخصا في حلب.\n", encoding="utf-8")
    hyp.write_text("Lavrov said Washington refused coordination.\n\n40 people were killed in Aleppo.\n", encoding="utf-8")
    ref.write_text("Lavrov said that Washington had refused to coordinate.\n\nForty people were killed in Aleppo.\n", encoding="utf-8")
    args = ["eval", str(hyp), str(ref), "--src", str(src), "--format", "json", "--bootstrap", "0"]
    runner = CliRunner()
    without = json.loads(runner.invoke(app, args).stdout)
    result = runner.invoke(app, [*args, "--model", str(tiny_model_dir), "--device", "cpu"])
    assert result.exit_code == 0, result.output
    with_model = json.loads(result.stdout)
    assert with_model["quality"]["origin"] == "given" and without["quality"]["origin"] == "estimated"
    scores = [segment["quality"] for segment in with_model["segments"]]
    assert scores[1] is None and all(0.0 <= score <= 100.0 for score in (scores[0], scores[2]))
    # The tiny model has random weights: its log-probabilities are poor, so the confidence penalty bites.
    assert scores[0] < without["segments"][0]["quality"]
