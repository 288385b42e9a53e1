"""Finding models: local directories, the Hugging Face cache layout, offline mode, broken dirs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from translate.engines.resolve import hf_cache_dir, resolve_model
from translate.errors import ModelError, ModelNotAvailable

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def _fake_hub_cache(hf_home: Path, model_dir: Path, repo: str) -> Path:
    """Lay a model out exactly as huggingface_hub caches it: blobs, a snapshot, refs/main."""
    repo_dir = hf_home / "hub" / ("models--" + repo.replace("/", "--"))
    snapshot = repo_dir / "snapshots" / COMMIT
    snapshot.mkdir(parents=True)
    (repo_dir / "refs").mkdir()
    (repo_dir / "refs" / "main").write_text(COMMIT)
    for file in model_dir.iterdir():
        shutil.copy(file, snapshot / file.name)
    return snapshot


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"HF_HUB_CACHE": "/a/cache"}, Path("/a/cache")),
        ({"HF_HOME": "/b/home"}, Path("/b/home/hub")),
        ({"XDG_CACHE_HOME": "/c/xdg"}, Path("/c/xdg/huggingface/hub")),
    ],
)
def test_cache_dir_follows_hf_conventions(monkeypatch, env, expected) -> None:
    for name in ("HF_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert hf_cache_dir() == expected


def test_hub_id_resolves_from_cache_offline(monkeypatch, tmp_path, tiny_model_dir) -> None:
    snapshot = _fake_hub_cache(tmp_path / "hf", tiny_model_dir, "Helsinki-NLP/opus-mt-ar-en")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    resolved = resolve_model("Helsinki-NLP/opus-mt-ar-en")
    assert resolved.path == snapshot
    assert resolved.revision == COMMIT
    assert resolved.source == "cache"


def test_missing_model_offline_names_what_was_tried(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotAvailable) as caught:
        resolve_model("Helsinki-NLP/opus-mt-tc-big-ar-en")
    message = str(caught.value)
    assert "HF_HUB_OFFLINE" in message and str(tmp_path / "hf" / "hub") in message
    assert "translate model fetch Helsinki-NLP/opus-mt-tc-big-ar-en" in message


@pytest.mark.parametrize("missing", ["config.json", "source.spm", "target.spm", "vocab.json", "model.safetensors"])
def test_incomplete_directory_names_the_missing_file(tmp_path, tiny_model_dir, missing) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model_dir, broken)
    (broken / missing).unlink()
    with pytest.raises(ModelError, match=missing.replace(".", r"\.") if missing != "model.safetensors" else "weights"):
        resolve_model(str(broken))


def test_local_directory_revision_is_a_content_digest(tmp_path, tiny_model_dir) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(tiny_model_dir, copy)
    assert resolve_model(str(copy)).revision == resolve_model(str(tiny_model_dir)).revision
    (copy / "config.json").write_text((copy / "config.json").read_text().replace("512", "511"))
    assert resolve_model(str(copy)).revision != resolve_model(str(tiny_model_dir)).revision


def test_corrupt_weights_name_the_file(tmp_path, tiny_model_dir) -> None:
    from translate.engines import load_engine

    broken = tmp_path / "corrupt"
    shutil.copytree(tiny_model_dir, broken)
    (broken / "model.safetensors").write_bytes(b"not really safetensors")
    with pytest.raises(ModelError, match="model.safetensors"):
        load_engine(str(broken))


def test_mismatched_tokenizer_is_named(tmp_path, tiny_model_dir) -> None:
    import json

    from translate.engines import load_engine

    broken = tmp_path / "mismatch"
    shutil.copytree(tiny_model_dir, broken)
    vocab = json.loads((broken / "vocab.json").read_text())
    vocab.update({f"extra{i}": len(vocab) + i for i in range(50)})
    (broken / "vocab.json").write_text(json.dumps(vocab))
    with pytest.raises(ModelError, match="vocab.json"):
        load_engine(str(broken))


def test_model_fetch_that_cannot_download_says_where_to_run_it_not_to_run_it_again(monkeypatch, tmp_path) -> None:
    from typer.testing import CliRunner

    from translate.cli import app

    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = CliRunner().invoke(app, ["model", "fetch", "Helsinki-NLP/opus-mt-ar-en"])
    assert result.exit_code == 1
    message = result.output.strip()
    assert "\n" not in message and "run this same command on a machine with internet access" in message
    assert "run `translate model fetch" not in message


def test_a_failed_download_is_described_in_words_not_by_its_exception_class() -> None:
    from translate.engines.resolve import _download_failure

    class LocalEntryNotFoundError(Exception):
        pass

    class RepositoryNotFoundError(Exception):
        pass

    assert _download_failure(LocalEntryNotFoundError("x")) == "the Hugging Face Hub could not be reached from this machine"
    assert _download_failure(RepositoryNotFoundError("x")) == "the Hub has no such model (check the name)"
    assert "Error" not in _download_failure(ValueError("bad thing happened"))
