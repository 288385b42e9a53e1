"""`translate eval` end to end: JSON shape, errors at the edge, XLIFF post-edits, --align, the HTML
report, comparing systems, and a property: arbitrary Unicode lines never crash it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import translate.evaluate
from translate.cli import app

DATA = Path(__file__).resolve().parent / "data" / "eval"
HYP_A, HYP_B, REF, SRC = DATA / "hyp_a.en.txt", DATA / "hyp_b.en.txt", DATA / "ref.en.txt", DATA / "src.ar.txt"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def _eval(runner: CliRunner, *args: object):
    return runner.invoke(app, ["eval", *[str(a) for a in args]])


def test_json_has_the_promised_keys(runner) -> None:
    result = _eval(runner, HYP_A, REF, "--src", SRC, "--format", "json", "--bootstrap", "100")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {"bleu", "chrf", "chrfpp", "ter", "signatures", "segments"} <= set(document)
    assert set(document["signatures"]) == {"bleu", "chrf", "chrfpp", "ter"}
    assert 0 < document["bleu"] < document["chrf"] < 100 and 0 < document["ter"] < 100
    assert len(document["segments"]) == 300
    first = document["segments"][0]
    assert first["source"] == SRC.read_text(encoding="utf-8").split("\n")[0]
    assert {"bleu", "chrf", "chrfpp", "ter", "hter"} <= set(first)
    low, high = document["confidence"]["bleu"]["low"], document["confidence"]["bleu"]["high"]
    assert low < document["bleu"] < high
    assert document["edits"]["hter"] == document["ter"]
    assert document["segment_signatures"]["bleu"].split("|")[2] == "eff:yes"


@pytest.mark.parametrize(
    ("metrics", "keys"),
    [("bleu", {"bleu"}), ("ter,chrf++", {"chrfpp", "ter"}), ("CHRF, chrfpp", {"chrf", "chrfpp"})],
)
def test_metrics_option_selects(runner, metrics: str, keys: set[str]) -> None:
    result = _eval(runner, HYP_B, REF, "--metrics", metrics, "--format", "json", "--bootstrap", "0")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {key for key in ("bleu", "chrf", "chrfpp", "ter") if key in document} == keys
    assert set(document["signatures"]) == keys


def test_text_output_segments_table(runner) -> None:
    result = _eval(runner, HYP_B, REF, "--bootstrap", "0", "--segments", "--metrics", "bleu,ter")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:") and " = 80.0 " in lines[0]
    assert lines[1].startswith("TER|") and lines[1].endswith("= 10.3")
    header = lines.index("segment\tbleu\tter\thter")
    assert len(lines) - header - 1 == 300


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["{HYP_A}", "{SHORT}"], 1, "has 300 segments but"),
        (["{HYP_A}", "{EMPTY}"], 1, "has no segments"),
        (["{HYP_A}", "{REF}", "--metrics", "bleu,meteor"], 2, "unknown metric(s) meteor"),
        (["{HYP_A}", "{REF}", "{REF}"], 2, "expected HYP REF"),
        (["{REF}"], 1, "is the only file given"),
        (["--hyp", "{HYP_A}", "{REF}"], 2, "at least two systems"),
        (["--hyp", "{HYP_A}", "--hyp", "{HYP_B}", "{HYP_A}", "{REF}"], 2, "only the reference"),
        (["--hyp", "{HYP_A}", "--hyp", "{SHORT}", "{REF}"], 1, "paired tests need"),
        (["{HYP_A}", "{MISSING}"], 1, "no such file"),
    ],
    ids=["count-mismatch", "empty-ref", "unknown-metric", "three-files", "lone-text", "one-hyp", "hyp-and-two-files", "short-system", "missing"],
)
def test_errors_are_one_clear_line(runner, tmp_path: Path, args: list[str], code: int, message: str) -> None:
    short, empty = tmp_path / "short.txt", tmp_path / "empty.txt"
    short.write_text("one line\ntwo lines\n", encoding="utf-8")
    empty.write_bytes(b"")
    names = {"HYP_A": HYP_A, "HYP_B": HYP_B, "REF": REF, "SHORT": short, "EMPTY": empty, "MISSING": tmp_path / "nope.txt"}
    result = _eval(runner, *[arg.format(**names) for arg in args])
    assert result.exit_code == code
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_count_mismatch_names_both_counts_and_align(runner, tmp_path: Path) -> None:
    result = _eval(runner, DATA / "hyp_a.merged.en.txt", REF)
    assert result.exit_code == 1
    assert "has 283 segments but" in result.stderr and "has 300" in result.stderr and "--align" in result.stderr


def test_align_scores_a_resegmented_hypothesis(runner) -> None:
    pytest.importorskip("translate.align", reason="the sentence aligner (issue 5) is not in this build")
    aligned = _eval(runner, DATA / "hyp_a.merged.en.txt", REF, "--align", "--format", "json", "--bootstrap", "0")
    assert aligned.exit_code == 0, aligned.output
    plain = json.loads(_eval(runner, HYP_A, REF, "--format", "json", "--bootstrap", "0").stdout)
    document = json.loads(aligned.stdout)
    beads = document["segments"]
    # Every segment of both sides is scored exactly once, in order.
    assert [i for bead in beads for i in bead["hyp_lines"]] == list(range(283))
    assert [j for bead in beads for j in bead["ref_lines"]] == list(range(300))
    # A merged line is scored against the two reference lines it holds.
    assert any(len(bead["ref_lines"]) == 2 and len(bead["hyp_lines"]) == 1 for bead in beads)
    # Re-segmenting changes the words' grouping, not the words: scores stay close to line-by-line ones.
    assert abs(document["bleu"] - plain["bleu"]) < 2.0 and abs(document["chrf"] - plain["chrf"]) < 1.0


def _xliff(units: list[tuple[str, str, str | None]]) -> str:
    body = "".join(
        f'<trans-unit id="{i}"><source>{s}</source><target>{t}</target>'
        + (f'<note from="translate:mt">{m}</note>' if m is not None else "")
        + "</trans-unit>"
        for i, (s, t, m) in enumerate(units)
    )
    return (
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="ar" '
        f'target-language="en" datatype="plaintext"><body>{body}</body></file></xliff>'
    )


def test_one_edited_xliff_gives_hter(runner, tmp_path: Path) -> None:
    path = tmp_path / "edited.xlf"
    path.write_text(
        _xliff([("قال لافروف", "Lavrov said on Monday", "Lavrov said"), ("رفضت واشنطن", "Washington refused.", "Washington refused."), ("سوريا", "Syria", "Syrian")]),
        encoding="utf-8",
    )
    result = _eval(runner, path, "--format", "json", "--bootstrap", "0", "--metrics", "ter")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["ter"] == pytest.approx(100 * 3 / 7)  # 2 insertions + 1 substitution over 7 post-edit words
    assert document["edits"]["untouched"] == 1
    assert [s["hter"] for s in document["segments"]] == pytest.approx([50.0, 0.0, 100.0])
    assert document["remarks"] == []


def test_xliff_without_notes_is_scored_as_is_and_says_so(runner, tmp_path: Path) -> None:
    path = tmp_path / "other-tool.xlf"
    path.write_text(_xliff([("قال لافروف", "Lavrov said on Monday evening", None)]), encoding="utf-8")
    result = _eval(runner, path, "--bootstrap", "0")
    assert result.exit_code == 0, result.output
    assert "scored as they are" in result.stderr
    assert "= 100.0" in result.stdout.splitlines()[0]


def test_html_report_written(runner, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    result = _eval(runner, HYP_A, REF, "--src", SRC, "--html", report, "--bootstrap", "0")
    assert result.exit_code == 0, result.output
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<tr") == 4 + 1 + 300 + 1
    assert "<del>" in page and "<ins>" in page and "dir=rtl" in page


def test_compare_two_systems_json(runner) -> None:
    result = _eval(runner, "--hyp", HYP_A, "--hyp", HYP_B, REF, "--metrics", "bleu", "--samples", "100", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["baseline"] == str(HYP_A)
    for test in ("bs", "ar"):
        systems = document["tests"][test]["systems"]
        assert systems[str(HYP_A)]["bleu"]["p_value"] is None
        assert systems[str(HYP_B)]["bleu"]["p_value"] < 0.05
        assert systems[str(HYP_B)]["bleu"]["score"] > systems[str(HYP_A)]["bleu"]["score"]


LINE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hyp_lines=st.lists(LINE, min_size=0, max_size=6), ref_lines=st.lists(LINE, min_size=0, max_size=6), crlf=st.booleans())
def test_eval_never_crashes_on_arbitrary_unicode(runner, tmp_path: Path, hyp_lines: list[str], ref_lines: list[str], crlf: bool) -> None:
    newline = "\r\n" if crlf else "\n"
    hyp, ref = tmp_path / "h.txt", tmp_path / "r.txt"
    hyp.write_bytes(newline.join(hyp_lines).encode("utf-8"))
    ref.write_bytes(newline.join(ref_lines).encode("utf-8"))
    result = _eval(runner, hyp, ref, "--format", "json", "--bootstrap", "20")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1)
    if result.exit_code == 0:
        document = json.loads(result.stdout)
        assert all(0.0 <= document[key] <= 100.0 + 1e-9 for key in ("bleu", "chrf", "chrfpp"))  # BLEU can be 100.00000000000004
        assert document["ter"] >= 0.0
    else:
        assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1


def test_eval_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from translate.cli import app\n"
        f"try:\n    app(['eval', {str(HYP_B)!r}, {str(REF)!r}, '--src', {str(SRC)!r}, '--bootstrap', '0'])\nexcept SystemExit:\n    pass\n"
        "print('HEAVY:' + ','.join(m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip().splitlines()[-1] == "HEAVY:"


def test_package_all_is_honest() -> None:
    assert translate.evaluate.__all__ == sorted(translate.evaluate.__all__)
    assert [name for name in translate.evaluate.__all__ if not hasattr(translate.evaluate, name)] == []


def test_run_jsonl_hypothesis_reports_glossary_terms_editors_changed(runner, tmp_path: Path) -> None:
    from translate.document import Block, BlockKind
    from translate.records import Manifest, Pair, Run, TermReport, run_to_jsonl

    blocks = (Block(0, BlockKind.PARAGRAPH, "", 0, 10, 0),)
    manifest = Manifest("0.1.0", "2026-01-01T00:00:00Z", "a.txt", "0" * 64, "utf-8", "tiny", None, "torch", "cpu", {}, blocks)
    lavrov = TermReport(0, 6, "لافروف", "Lavrov", "Sergei Lavrov", "first", "model")
    isis = TermReport(0, 12, "تنظيم الدولة", "Islamic State", "the Islamic State group", "first", "forced")
    pairs = (
        Pair(0, 0, BlockKind.PARAGRAPH, "قال سيرغي لافروف", "Sergei Lavrov said so.", 0, 5, "ar", False, terms=(lavrov,)),
        Pair(1, 0, BlockKind.PARAGRAPH, "تنظيم الدولة", "They fought the Islamic State group.", 6, 9, "ar", False, terms=(isis,)),
    )
    run_path, ref_path = tmp_path / "run.jsonl", tmp_path / "post-edit.txt"
    run_path.write_text(run_to_jsonl(Run(manifest, pairs)), encoding="utf-8")
    ref_path.write_text("Sergey Lavrov said so.\nThey fought the Islamic State group.\n", encoding="utf-8")
    result = _eval(runner, run_path, ref_path, "--format", "json", "--bootstrap", "0")
    assert result.exit_code == 0, result.output
    edits = json.loads(result.stdout)["edits"]
    assert edits["terms_checked"] == 2
    assert [(c["index"], c["required"], c["reference"]) for c in edits["term_changes"]] == [(0, "Sergei Lavrov", "Sergey Lavrov said so.")]
    text = _eval(runner, run_path, ref_path, "--bootstrap", "0").stdout
    assert "glossary terms editors changed: 1 of 2: #1 'Sergei Lavrov'" in text


def test_source_with_wrong_count_is_an_error(runner, tmp_path: Path) -> None:
    src = tmp_path / "src.txt"
    src.write_text("سطر واحد\n", encoding="utf-8")
    result = _eval(runner, HYP_B, REF, "--src", src, "--bootstrap", "0")
    assert result.exit_code == 1 and "the source has 1 segments but" in result.stderr


@settings(max_examples=30, deadline=None)
@given(hyp_lines=st.lists(LINE.map(lambda s: s.split("\n")[0].rstrip()), min_size=1, max_size=6), ref_lines=st.lists(LINE.map(lambda s: s.split("\n")[0].rstrip()), min_size=1, max_size=6))
def test_aligned_beads_cover_both_sides_on_arbitrary_unicode(hyp_lines: list[str], ref_lines: list[str]) -> None:
    pytest.importorskip("translate.align", reason="the sentence aligner (issue 5) is not in this build")
    from translate.evaluate import Settings, Side, evaluate

    hyp, ref = Side(Path("h.txt"), "text", tuple(hyp_lines)), Side(Path("r.txt"), "text", tuple(ref_lines))
    result = evaluate(hyp, ref, Settings(align=True, n_bootstrap=5))
    assert [i for segment in result.segments for i in segment.hyp_lines] == list(range(len(hyp_lines)))
    assert [j for segment in result.segments for j in segment.ref_lines] == list(range(len(ref_lines)))


def test_compare_two_systems_text(runner) -> None:
    result = _eval(runner, "--hyp", HYP_A, "--hyp", HYP_B, REF, "--metrics", "chrf", "--samples", "50")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"paired bootstrap resampling (50 resamples); baseline: {HYP_A}"
    assert lines[1].startswith("  chrf: nrefs:1|bs:50|seed:12345|case:mixed|eff:yes|nc:6|nw:0|")
    assert lines[2].startswith(f"  {HYP_A}\tchrf\t73.6 (μ = ") and lines[2].endswith("\tbaseline")
    assert lines[3].startswith(f"  {HYP_B}\tchrf\t89.4 (μ = ") and lines[3].endswith("p = 0.0196")
    assert lines[4] == f"approximate randomisation (50 trials); baseline: {HYP_A}"
    assert lines[7] == f"  {HYP_B}\tchrf\t89.4\tp = 0.0196"
