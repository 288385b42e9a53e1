"""Robustness matrix, models: a broken model directory is one error line naming the file to fix,
exit code 1, and no output written — through `translate run`."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app


def _delete(name: str) -> Callable[[Path], None]:
    return lambda model: (model / name).unlink()


def _write(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda model: (model / name).write_bytes(data)


def _truncate(name: str) -> Callable[[Path], None]:
    def mutate(model: Path) -> None:
        data = (model / name).read_bytes()
        (model / name).write_bytes(data[: len(data) // 2])

    return mutate


def _foreign_vocabulary(model: Path) -> None:
    # The tokenizer of another (bigger-vocabulary) model copied over this one's.
    vocab = json.loads((model / "vocab.json").read_text(encoding="utf-8"))
    vocab.update({f"▁foreign{i}": len(vocab) + i for i in range(50)})
    (model / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")


CASES = [
    # (case id, how the copy of the tiny model is broken, file named in the message, words in it)
    ("missing-config", _delete("config.json"), "", "is missing config.json"),
    ("missing-source-spm", _delete("source.spm"), "", "is missing source.spm"),
    ("missing-vocab", _delete("vocab.json"), "", "is missing vocab.json"),
    ("missing-weights", _delete("model.safetensors"), "", "has no weights file"),
    ("config-not-json", _write("config.json", b'{"model_type": "marian",'), "config.json", "is not valid JSON (line 1"),
    ("vocab-not-json", _write("vocab.json", b'{"<pad>": '), "vocab.json", "is not valid JSON"),
    ("corrupt-weights", _write("model.safetensors", b"this is not a safetensors file"), "model.safetensors", "the weights cannot be loaded"),
    ("truncated-weights", _truncate("model.safetensors"), "model.safetensors", "the weights cannot be loaded"),
    ("empty-weights", _write("model.safetensors", b""), "model.safetensors", "the weights cannot be loaded"),
    ("corrupt-source-spm", _write("source.spm", b"garbage"), "", "its tokenizer files cannot be loaded"),
    ("mismatched-tokenizer", _foreign_vocabulary, "vocab.json", "the tokenizer does not belong to this model"),
]


@pytest.mark.parametrize(("case", "mutate", "file", "expected"), CASES, ids=[case[0] for case in CASES])
def test_broken_model_is_one_line_naming_the_file(tmp_path: Path, tiny_model_dir: Path, case: str, mutate, file: str, expected: str) -> None:
    model = tmp_path / case
    shutil.copytree(tiny_model_dir, model)
    mutate(model)
    article = tmp_path / "article.txt"
    article.write_text("قال الوزير ذلك.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(article), "--model", str(model), "--out", str(tmp_path / "out"), "--no-cache", "--quiet"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"error: {model / file}".rstrip("/")) and expected in lines[0] and " — " in lines[0]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("name", "expected"), [("a-file", "is a file, not a model directory"), ("no-such-dir/", "is not available")])
def test_model_path_that_is_not_a_directory(tmp_path: Path, name: str, expected: str) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text("قال الوزير ذلك.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(article), "--model", str(tmp_path / name), "--out", str(tmp_path / "out"), "--no-cache"])
    assert result.exit_code == 1 and expected in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
