"""The error edge: every failure is one line on stderr with a documented exit code (0 success,
1 input or environment, 2 usage, 70 internal error, 130 interrupted); ``--debug`` adds the traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from export_samples import sample_run
from translate.cli import app
from translate.errors import EncodingError, GlossaryError, InputError, ModelError, ModelNotAvailable, OutputError, RecordError
from translate.records import run_to_jsonl


@pytest.fixture()
def run_file(tmp_path: Path) -> Path:
    path = tmp_path / "article.jsonl"
    path.write_text(run_to_jsonl(sample_run()), encoding="utf-8")
    return path


def _raise(error: BaseException):
    def fail(*args, **kwargs):
        raise error

    return fail


@pytest.mark.parametrize(
    ("error", "code", "first_words"),
    [
        (ZeroDivisionError("division by zero"), 70, "error: internal error (ZeroDivisionError: division by zero) — this is a bug in translate"),
        (MemoryError(), 70, "error: internal error (MemoryError: ) — this is a bug"),
        (KeyboardInterrupt(), 130, "interrupted: finished output files are kept"),
    ],
    ids=["bug", "out-of-memory", "ctrl-c"],
)
def test_unexpected_failures_are_one_line_with_their_exit_code(run_file: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, code: int, first_words: str) -> None:
    monkeypatch.setattr("translate.export.export_run", _raise(error))
    result = CliRunner().invoke(app, ["export", str(run_file), "--out", str(run_file.parent / "out")])
    assert result.exit_code == code
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(first_words)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["export", "{run}", "--format", "pdf"], 2),
        (["export", "{missing}"], 2),
        (["run"], 2),
        (["eval", "{run}", "{run}", "--metrics", "meteor"], 2),
        (["export", "{broken}"], 1),
        (["export", "{run}", "--out", "{run}"], 2),
    ],
    ids=["unknown-format", "missing-run-file", "no-inputs", "unknown-metric", "broken-run-file", "out-is-a-file"],
)
def test_documented_exit_codes(run_file: Path, args: list[str], code: int) -> None:
    broken = run_file.parent / "broken.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    values = {"run": str(run_file), "missing": str(run_file.parent / "missing.jsonl"), "broken": str(broken)}
    result = CliRunner().invoke(app, [arg.format(**values) for arg in args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("error", [None, ZeroDivisionError("division by zero")], ids=["input-error", "internal-error"])
def test_debug_prints_the_traceback(run_file: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException | None) -> None:
    target = run_file
    if error is None:
        target = run_file.parent / "broken.jsonl"
        target.write_text("{not json\n", encoding="utf-8")
    else:
        monkeypatch.setattr("translate.export.export_run", _raise(error))
    quiet = CliRunner().invoke(app, ["export", str(target), "--out", str(run_file.parent / "out")])
    loud = CliRunner().invoke(app, ["--debug", "export", str(target), "--out", str(run_file.parent / "out")])
    assert quiet.exit_code == loud.exit_code != 0
    assert "Traceback (most recent call last)" not in quiet.output
    assert "Traceback (most recent call last)" in loud.output
    assert loud.output.strip().splitlines()[-1] == quiet.output.strip()  # the same one line, last


@pytest.mark.parametrize(
    "error",
    [
        InputError("a.txt", "is empty", "fill it"),
        RecordError("a.jsonl", 3, "bad", "fix"),
        EncodingError(None, "not UTF-8"),
        GlossaryError("g.tsv", 2, "bad row", "fix"),
        ModelNotAvailable("org/model", ["the cache"], "offline"),
        ModelError("model/config.json", "is not valid JSON"),
        OutputError("out/a.tmx", "the disk is full", "free space"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_errors_survive_pickling_across_processes(error: Exception) -> None:
    import pickle

    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and str(again) == str(error) and again.__dict__ == error.__dict__


@pytest.mark.parametrize(
    ("encoding", "message"),
    [("rot13", "'rot13' is not a text encoding"), ("base64", "'base64' is not a text encoding"), ("hex", "is not a text encoding"), ("klingon", "unknown encoding 'klingon'")],
)
def test_an_encoding_that_is_not_a_text_codec_is_one_line(tmp_path: Path, encoding: str, message: str) -> None:
    article = tmp_path / "article.txt"
    article.write_text("قال الوزير ذلك.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["segment", str(article), "--encoding", encoding])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [line for line in result.output.strip().splitlines() if line.startswith("error: ")]
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_run_out_naming_a_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fakes import RecordingEngine

    monkeypatch.setattr("translate.engines.load_engine", lambda *args, **kwargs: RecordingEngine())
    article = tmp_path / "article.txt"
    article.write_text("قال الوزير ذلك.\n", encoding="utf-8")
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(article), "--out", str(tmp_path / "taken"), "--no-cache", "--quiet"])
    assert result.exit_code == 1
    assert result.output.strip() == f"error: {tmp_path / 'taken'}: is a file, not a folder — choose another output folder, or move the file away"
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "a file"
