"""`translate run` end to end on the tiny real model, and its error edge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.document import read_document
from translate.records import read_run


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_run_on_seed_writes_three_files(runner, seed_path, tiny_model_dir, tmp_path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(seed_path), "--model", str(tiny_model_dir), "--out", str(out), "--beam", "2", "--quiet"])
    assert result.exit_code == 0, result.output
    stem = seed_path.stem
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{stem}.jsonl", f"{stem}.en.txt", f"{stem}.tsv", "run-summary.tsv"])

    run = read_run(out / f"{stem}.jsonl")
    document = read_document(seed_path)
    assert run.manifest.model_id == str(tiny_model_dir)
    assert run.manifest.engine == "ct2"  # the default engine
    assert run.manifest.model_revision.endswith("+ct2-int8")
    assert run.manifest.decoding["beam_size"] == 2
    assert len(run.manifest.input_sha256) == 64
    # one pair per segment, spans pointing into the original
    assert [pair.id for pair in run.pairs] == list(range(1, len(run.pairs) + 1))
    for pair in run.pairs:
        assert document.text[pair.start : pair.end] == pair.source
    caption = [pair for pair in run.pairs if pair.passthrough]
    assert len(caption) == 1 and caption[0].target == caption[0].source
    assert caption[0].source.startswith("Russian Foreign Minister Sergei Lavrov")
    translated = [pair for pair in run.pairs if not pair.passthrough]
    assert all(pair.logprob_mean is not None and pair.logprob_mean < 0 for pair in translated)

    english = (out / f"{stem}.en.txt").read_text(encoding="utf-8")
    english_blocks = [line for line in english.split("\n") if line.strip()]
    assert len(english_blocks) == len(document.blocks)
    assert caption[0].source in english_blocks

    tsv_lines = (out / f"{stem}.tsv").read_text(encoding="utf-8").splitlines()
    header = tsv_lines[0].split("\t")
    assert header[0] == "id" and header.index("ar") < header.index("en")
    assert len(tsv_lines) == len(run.pairs) + 1


def test_bin_weights_load_like_helsinki_main_branch(runner, seed_path, tiny_model_bin_dir, tmp_path) -> None:
    assert (tiny_model_bin_dir / "pytorch_model.bin").exists()
    result = runner.invoke(app, ["run", str(seed_path), "--model", str(tiny_model_bin_dir), "--out", str(tmp_path), "--beam", "1", "--quiet", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert read_run(tmp_path / f"{seed_path.stem}.jsonl").pairs


def test_bad_inputs_are_reported_and_good_ones_still_translated(runner, seed_path, tiny_model_dir, tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(empty), str(seed_path), str(binary), str(tmp_path / "missing.txt"), "--model", str(tiny_model_dir), "--out", str(out), "--quiet", "--beam", "1"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any("empty.txt" in line and "empty" in line for line in errors)
    assert any("photo.txt" in line and "binary" in line for line in errors)
    assert any("missing.txt" in line and "no such file" in line for line in errors)
    # The inputs' common folder is far up (tmp and the repository): outputs mirror the path below it.
    assert len(list(out.rglob(f"{seed_path.stem}.jsonl"))) == 1
    assert not list(out.rglob("empty*")) and not list(out.rglob(".*tmp"))
    rows = [line.split("\t") for line in (out / "run-summary.tsv").read_text(encoding="utf-8").splitlines()]
    assert [row[2] for row in rows[1:]] == ["failed", "translated", "failed", "failed"]


def test_model_not_available_offline_is_one_paragraph(runner, seed_path, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    result = runner.invoke(app, ["run", str(seed_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    message = result.output.strip()
    assert "\n" not in message and "Traceback" not in message
    assert "translate model fetch Helsinki-NLP/opus-mt-tc-big-ar-en" in message and "--model" in message
    assert str(tmp_path / "hf" / "hub") in message
    assert not (tmp_path / "out").exists()


def test_unknown_format_is_a_usage_error(runner, seed_path, tiny_model_dir, tmp_path) -> None:
    result = runner.invoke(app, ["run", str(seed_path), "--model", str(tiny_model_dir), "--format", "pdf", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "pdf" in result.output


def test_segment_jsonl_spans(runner, seed_path) -> None:
    result = runner.invoke(app, ["segment", str(seed_path), "--format", "jsonl"])
    assert result.exit_code == 0
    text = read_document(seed_path).text
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records and all(text[r["start"] : r["end"]] == r["text"] for r in records)
    assert {r["kind"] for r in records} >= {"headline", "caption", "paragraph", "subheading", "source"}


def test_python_dash_m_entry_point(seed_path) -> None:
    import subprocess
    import sys

    completed = subprocess.run([sys.executable, "-m", "translate", "--version"], capture_output=True, text=True, check=True)
    assert completed.stdout.startswith("translate ")


def test_closed_pipe_stops_quietly(seed_path, tmp_path) -> None:
    """`translate segment BIG | head -1`: the reader leaves early; no 'internal error', exit 141."""
    import subprocess
    import sys

    big = tmp_path / "big.txt"
    big.write_text(seed_path.read_text(encoding="utf-8") * 200, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "translate", "segment", str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()
    process.stdout.close()
    with process.stderr:
        stderr = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 141
    assert first.decode("utf-8").strip() == "لافروف: واشنطن رفضت التنسيق بشأن سوريا"
    assert "internal error" not in stderr and "Traceback" not in stderr


def test_no_token_scores_with_the_torch_engine_is_a_usage_error(seed_path, tmp_path) -> None:
    result = CliRunner().invoke(app, ["run", str(seed_path), "--engine", "torch", "--token-scores", "none", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "--token-scores" in result.output
    assert not list(tmp_path.iterdir())


def test_an_article_on_standard_input_comes_out_in_english_on_standard_output(tiny_model_dir, tmp_path) -> None:
    import os
    import subprocess
    import sys

    article = "قال الرئيس إن الاجتماع كان مثمرا.\n\nReuters"
    env = {**os.environ, "TRANSLATE_CACHE": str(tmp_path / "cache"), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-m", "translate", "run", "-", "--model", str(tiny_model_dir), "--quiet"], input=article.encode("utf-8"), capture_output=True, env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    english = done.stdout.decode("utf-8")
    assert english.rstrip("\n").endswith("\n\nReuters") and len(english.split("\n\n")[0]) > 0
    assert not (tmp_path / "out").exists()  # nothing written without --out
    into = subprocess.run([sys.executable, "-m", "translate", "run", "-", "--model", str(tiny_model_dir), "--out", str(tmp_path / "o"), "--quiet"], input=article.encode("utf-8"), capture_output=True, env=env, timeout=300)
    assert into.returncode == 0, into.stderr.decode()
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["stdin.en.txt", "stdin.jsonl", "stdin.tsv"]
    assert (tmp_path / "o" / "stdin.en.txt").read_text(encoding="utf-8") == english  # the same English either way
    utf16 = subprocess.run([sys.executable, "-m", "translate", "run", "-", "--model", str(tiny_model_dir)], input=article.encode("utf-16-le"), capture_output=True, env=env, timeout=300)
    assert utf16.returncode == 1 and "--encoding utf-16-le" in utf16.stderr.decode() and len(utf16.stderr.decode().strip().splitlines()) == 1


def test_two_runs_into_one_out_at_once_keep_both_runs_rows(tiny_model_dir, tmp_path) -> None:
    import os
    import subprocess
    import sys

    from translate.archive.summary import merge_summary

    for name in ("alpha", "beta"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.txt").write_text("قال الرئيس إن الاجتماع كان مثمرا.\n", encoding="utf-8")
    env = {**os.environ, "TRANSLATE_CACHE": str(tmp_path / "cache"), "HF_HUB_OFFLINE": "1"}
    runs = [
        subprocess.Popen([sys.executable, "-m", "translate", "run", str(tmp_path / name), "--model", str(tiny_model_dir), "--out", str(tmp_path / "out"), "--quiet"], env=env, stderr=subprocess.PIPE)
        for name in ("alpha", "beta")
    ]
    for process in runs:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr.decode()
    rows = (tmp_path / "out" / "run-summary.tsv").read_text(encoding="utf-8").splitlines()
    assert sorted(Path(row.split("\t")[0]).name for row in rows[1:]) == ["alpha.txt", "beta.txt"]
    # A run again replaces its own row in place and keeps the other's.
    merged = merge_summary("path\tstatus\na\tfailed\nb\ttranslated\n", "path\tstatus\na\ttranslated\nc\tskipped\n")
    assert merged == "path\tstatus\na\ttranslated\nb\ttranslated\nc\tskipped\n"
