"""The bar: ``translate eval`` prints exactly what the ``sacrebleu`` command line prints on the same files.

Both programs run as subprocesses on the 300-line corpus in tests/data/eval (empty lines,
punctuation-only lines, Unicode quotes included) and on a CRLF variant with trailing blanks; the
scores must agree to the printed precision (``--width``), and the text lines — signature, score,
bootstrap ``μ ± ci``, BLEU's verbose part — must be identical.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data" / "eval"
SACREBLEU = Path(sys.executable).with_name("sacrebleu")
TRANSLATE = Path(sys.executable).with_name("translate")

# (metric on our side, sacrebleu command-line arguments selecting it)
KEYS = ["bleu", "chrf", "chrfpp", "ter"]
WIDTHS = [1, 4]


def _run(*args: object) -> str:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, encoding="utf-8", check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _sacrebleu_scores(ref: Path, hyp: Path, width: int) -> dict[str, dict]:
    """sacrebleu's JSON results keyed like ours: two calls (chrF++ needs its own --chrf-word-order)."""
    plain = json.loads(_run(SACREBLEU, ref, "-i", hyp, "-m", "bleu", "chrf", "ter", "-w", width, "-f", "json"))
    plus = json.loads(_run(SACREBLEU, ref, "-i", hyp, "-m", "chrf", "--chrf-word-order", "2", "-w", width, "-f", "json"))
    return {"bleu": plain[0], "chrf": plain[1], "ter": plain[2], "chrfpp": plus}


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """HYP/REF pairs: the corpus as committed, with CRLF line ends, and with trailing blanks."""
    folder = tmp_path_factory.mktemp("eval-variants")
    hyp = (DATA / "hyp_a.en.txt").read_bytes()
    ref = (DATA / "ref.en.txt").read_bytes()
    # CRLF on both sides, and blanks before the line end of the hypothesis (both stripped by sacrebleu).
    (folder / "hyp.crlf.txt").write_bytes(hyp.replace(b".\n", b". \t\n").replace(b"\n", b"\r\n"))
    (folder / "ref.crlf.txt").write_bytes(ref.replace(b"\n", b"\r\n"))
    return {
        "corpus": (DATA / "hyp_a.en.txt", DATA / "ref.en.txt"),
        "system-b": (DATA / "hyp_b.en.txt", DATA / "ref.en.txt"),
        "crlf-and-trailing-blanks": (folder / "hyp.crlf.txt", folder / "ref.crlf.txt"),
    }


@pytest.fixture(scope="module")
def ours(variants: dict[str, tuple[Path, Path]]) -> dict[str, dict]:
    return {name: json.loads(_run(TRANSLATE, "eval", hyp, ref, "--format", "json", "--bootstrap", "0")) for name, (hyp, ref) in variants.items()}


def test_corpus_has_the_hard_cases() -> None:
    ref = (DATA / "ref.en.txt").read_text(encoding="utf-8").split("\n")[:-1]
    assert len(ref) >= 300
    assert "" in ref
    assert any(line and not any(ch.isalnum() for ch in line) for line in ref)
    assert any("“" in line for line in ref) and any("‘" in line for line in ref)


@pytest.fixture(scope="module")
def theirs(variants: dict[str, tuple[Path, Path]]) -> dict[tuple[str, int], dict]:
    return {(name, width): _sacrebleu_scores(ref, hyp, width) for name, (hyp, ref) in variants.items() for width in WIDTHS}


@pytest.mark.parametrize("variant", ["corpus", "system-b", "crlf-and-trailing-blanks"])
@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("width", WIDTHS)
def test_scores_equal_sacrebleu_command_line(ours, theirs, variant: str, key: str, width: int) -> None:
    expected = theirs[variant, width][key]
    assert float(f"{ours[variant][key]:.{width}f}") == expected["score"]
    assert ours[variant]["signatures"][key] == expected["signature"]


def test_text_lines_equal_sacrebleu_with_confidence() -> None:
    hyp, ref = DATA / "hyp_a.en.txt", DATA / "ref.en.txt"
    theirs = [line.strip() for line in _run(SACREBLEU, ref, "-i", hyp, "-m", "bleu", "chrf", "ter", "--confidence", "-f", "text").splitlines()]
    theirs += [_run(SACREBLEU, ref, "-i", hyp, "-m", "chrf", "--chrf-word-order", "2", "--confidence", "-f", "text").strip()]
    mine = _run(TRANSLATE, "eval", hyp, ref).splitlines()
    assert mine[:4] == [theirs[0], theirs[1], theirs[3], theirs[2]]  # ours: BLEU, chrF, chrF++, TER


def _p_values(text: str) -> list[float]:
    return [float(value) for value in re.findall(r"p = ([0-9.]+)", text)]


@pytest.mark.parametrize("test", ["bs", "ar"])
def test_paired_p_values_equal_sacrebleu(tmp_path: Path, test: str) -> None:
    # Two close systems (B's lines in the first 60 segments only), so p-values are not all at the floor.
    a = (DATA / "hyp_a.en.txt").read_text(encoding="utf-8").split("\n")
    b = (DATA / "hyp_b.en.txt").read_text(encoding="utf-8").split("\n")
    mixed = tmp_path / "mixed.txt"
    mixed.write_text("\n".join(b[:60] + a[60:]), encoding="utf-8")
    ref = DATA / "ref.en.txt"
    samples = "300"
    theirs = _run(SACREBLEU, ref, "-i", DATA / "hyp_a.en.txt", mixed, f"--paired-{test}", "-m", "bleu", "chrf", "ter", "-f", "text",
                  "--paired-bs-n" if test == "bs" else "--paired-ar-n", samples)
    mine = json.loads(_run(TRANSLATE, "eval", "--hyp", DATA / "hyp_a.en.txt", "--hyp", mixed, ref, "--metrics", "bleu,chrf,ter", "--samples", samples, "--format", "json"))
    row = mine["tests"][test]["systems"][str(mixed)]
    expected = _p_values(theirs)
    assert len(expected) == 3
    assert [round(row[key]["p_value"], 4) for key in ("bleu", "chrf", "ter")] == expected
    assert 0.0 < min(expected) and max(expected) < 1.0


@pytest.mark.parametrize("metric", ["chrf", "ter"])
def test_confidence_on_sparse_files_where_sacrebleu_26_crashes(tmp_path: Path, metric: str) -> None:
    # sacrebleu 2.6's --confidence mixes float and numpy.float32 bootstrap scores here and raises
    # "TypeError: don't know how to coerce float and float32"; we must give the interval anyway, and
    # the same one whenever sacrebleu manages.
    hyp, ref = tmp_path / "h.txt", tmp_path / "r.txt"
    hyp.write_text("the cat sat\n“hello” world\n\n...\n", encoding="utf-8")
    ref.write_text('the cat sat on\n"hello" world\n\n!!\n', encoding="utf-8")
    mine = json.loads(_run(TRANSLATE, "eval", hyp, ref, "--metrics", metric, "--format", "json"))
    interval = mine["confidence"][metric]
    assert interval["low"] <= interval["mean"] <= interval["high"] and interval["ci95"] > 0
    theirs = subprocess.run([str(SACREBLEU), str(ref), "-i", str(hyp), "-m", metric, "--confidence", "-f", "text"], capture_output=True, text=True, check=False)
    if theirs.returncode == 0:  # a sacrebleu without the bug: the intervals must agree
        assert f"μ = {interval['mean']:.1f} ± {interval['ci95']:.1f}" in theirs.stdout
    else:
        assert "coerce float and float32" in theirs.stderr


@pytest.mark.parametrize("metric", ["bleu", "chrf", "chrf++", "ter"])
def test_one_statistics_pass_equals_sacrebleus_public_calls(metric: str) -> None:
    # score_all extracts statistics once and derives corpus, bootstrap and segment scores from them;
    # each must equal what sacrebleu's public corpus_score / sentence_score compute separately.
    from translate.evaluate import read_side, score_all
    from translate.evaluate.metrics import make_metric

    hyps = list(read_side(DATA / "hyp_a.en.txt").segments)
    refs = list(read_side(DATA / "ref.en.txt", "ref").segments)
    scores = score_all(hyps, refs, [metric], n_bootstrap=200)
    (corpus,) = scores.corpus
    expected = make_metric(metric).corpus_score(hyps, [refs], n_bootstrap=200)
    assert (corpus.score, corpus.mean, corpus.ci) == (expected.score, expected._mean, expected._ci)
    sentence = make_metric(metric, sentence_level=True)
    assert [segment[metric] for segment in scores.segments] == [sentence.sentence_score(h, [r]).score for h, r in zip(hyps, refs)]
    key = {"chrf++": "chrfpp"}.get(metric, metric)
    assert scores.segment_signatures[key] == sentence.get_signature().format()
