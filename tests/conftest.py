"""Shared fixtures: the tiny real Marian model (built once per session, offline) and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_script(name: str):
    """A measurement script of ``scripts/`` imported as a module (once), so tests run the very code
    that prints the documented figures."""
    import importlib.util
    import sys

    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
SEED = ROOT / "seeds" / "000_9881ad367b76134a.txt"
DATA = Path(__file__).resolve().parent / "data"


def tiny_corpus() -> tuple[list[str], list[str]]:
    source = SEED.read_text(encoding="utf-8").splitlines()
    target = (DATA / "tiny_corpus.en.txt").read_text(encoding="utf-8").splitlines()
    return source, target


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random-weight Marian model with Helsinki's file layout (safetensors weights)."""
    from translate.testing.tiny_marian import build_tiny_marian

    source, target = tiny_corpus()
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"), source, target)


@pytest.fixture(scope="session")
def tiny_model_bin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same model saved as ``pytorch_model.bin``, as opus-mt-ar-en's main branch ships it."""
    from translate.testing.tiny_marian import build_tiny_marian

    source, target = tiny_corpus()
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian-bin"), source, target, weights="bin")


@pytest.fixture(scope="session")
def tiny_engine(tiny_model_dir: Path):
    """A torch engine over the tiny model, shared by tests that only translate."""
    from translate.engines import DecodingSettings, load_engine

    return load_engine(str(tiny_model_dir), engine="torch", settings=DecodingSettings(beam_size=2, device="cpu"))


@pytest.fixture(scope="session", autouse=True)
def _private_translate_cache(tmp_path_factory: pytest.TempPathFactory):
    """Tests never read or write the user's cache (converted models, translations)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("TRANSLATE_CACHE", str(tmp_path_factory.mktemp("translate-cache")))
    yield
    patch.undo()


@pytest.fixture()
def full_disk(monkeypatch: pytest.MonkeyPatch):
    """Make every write of a post-edit record fail with ENOSPC (the disk is full) until the returned
    ``restore()`` is called; other writes go through."""
    import errno
    import os

    real_write = os.write

    def write(descriptor: int, data: bytes) -> int:
        if b'"post-edit"' in data:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "write", write)
    return lambda: monkeypatch.setattr(os, "write", real_write)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module (tests/browser_support.py)."""
    from browser_support import chromium

    with chromium() as launched:
        yield launched
