"""Finding a Marian model on disk: a local directory, or a hub id in the Hugging Face cache.

The cache location follows the Hugging Face conventions (``HF_HUB_CACHE``, else ``HF_HOME/hub``, else
``$XDG_CACHE_HOME/huggingface/hub`` or ``~/.cache/huggingface/hub``) and ``HF_HUB_OFFLINE`` /
``TRANSFORMERS_OFFLINE`` switch the network off. Environment variables are read at call time, not at
import, so a settings change takes effect without restarting the process.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from translate.errors import ModelError, ModelNotAvailable

__all__ = [
    "DEFAULT_MODEL",
    "MODEL_FILE_PATTERNS",
    "ResolvedModel",
    "fetch_model",
    "hf_cache_dir",
    "check_model_dir",
    "check_vocabulary_fits",
    "hf_offline",
    "read_json",
    "resolve_model",
    "translate_cache_dir",
]

logger = logging.getLogger(__name__)

#: Transformer-big: 42.6 BLEU / 0.670 chrF on FLORES-101 devtest against opus-mt-ar-en's 33.9 / 0.610
#: (OPUS-MT leaderboard; not measurable offline here), for 1.6x the decoding time of opus-mt-ar-en's
#: shape (measured, random weights). `--model Helsinki-NLP/opus-mt-ar-en` is the smaller option.
DEFAULT_MODEL = "Helsinki-NLP/opus-mt-tc-big-ar-en"
#: What a Marian repository needs on disk; README/model cards and other frameworks' weights are skipped.
MODEL_FILE_PATTERNS = [
    "config.json",
    "generation_config.json",
    "*.spm",
    "vocab.json",
    "target_vocab.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "model.safetensors",
    "pytorch_model.bin",
]
REQUIRED_FILES = ("config.json", "source.spm", "target.spm", "vocab.json")
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
_TRUE = {"1", "on", "yes", "true"}


@dataclass(frozen=True)
class ResolvedModel:
    model_id: str
    path: Path
    revision: str | None
    source: str  # "directory" | "cache" | "download"

    @property
    def weights_file(self) -> Path:
        for name in WEIGHT_FILES:
            if (self.path / name).exists():
                return self.path / name
        raise ModelError(self.path, "has no weights file (model.safetensors or pytorch_model.bin)", "copy the model's weights into it")


def hf_offline() -> bool:
    return any(os.environ.get(name, "").strip().lower() in _TRUE for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def hf_cache_dir() -> Path:
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "huggingface" / "hub"


def translate_cache_dir() -> Path:
    """Our own cache (converted models, translations): ``TRANSLATE_CACHE``, else
    ``$XDG_CACHE_HOME/translate``, else ``~/.cache/translate``."""
    if os.environ.get("TRANSLATE_CACHE"):
        return Path(os.environ["TRANSLATE_CACHE"]).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "translate"


def check_model_dir(path: Path) -> None:
    """Raise :class:`ModelError` naming the first file a Marian directory lacks."""
    for name in REQUIRED_FILES:
        if not (path / name).is_file():
            raise ModelError(path, f"is missing {name}, which every Marian model needs", "copy the complete model directory (config.json, weights, source.spm, target.spm, vocab.json)")
    if not any((path / name).is_file() for name in WEIGHT_FILES):
        raise ModelError(path, "has no weights file (model.safetensors or pytorch_model.bin)", "copy the model's weights into it")
    for name in ("config.json", "vocab.json"):
        read_json(path / name)


def read_json(file: Path) -> dict:
    """A model's JSON file as an object; a damaged config.json or vocab.json is named here, not
    blamed on the weights by the loader."""
    import json

    try:
        value = json.loads(file.read_bytes())
    except json.JSONDecodeError as error:
        raise ModelError(file, f"is not valid JSON (line {error.lineno}: {error.msg})", f"re-copy {file.name} from the model's repository") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ModelError(file, f"cannot be read ({error})", f"re-copy {file.name} from the model's repository") from None
    if not isinstance(value, dict) or not value:
        raise ModelError(file, "does not hold a JSON object", f"re-copy {file.name} from the model's repository")
    return value


def check_vocabulary_fits(path: Path, vocabulary_entries: int) -> None:
    """A vocab.json with more entries than the model has embeddings came from another model."""
    embeddings = read_json(path / "config.json").get("vocab_size")
    if isinstance(embeddings, int) and embeddings < vocabulary_entries:
        raise ModelError(path / "vocab.json", f"has {vocabulary_entries} entries but the model has {embeddings} embeddings", "the tokenizer does not belong to this model; copy the model's own vocab.json")


def directory_digest(path: Path) -> str:
    """A cheap content identity for a local model directory: the small files whole, and each weights
    file's size plus its first and last MiB (hashing gigabytes on every run would cost seconds)."""
    digest = hashlib.sha256()
    for name in ("config.json", "vocab.json", "source.spm", "target.spm"):
        file = path / name
        if file.is_file():
            digest.update(name.encode() + b"\0" + file.read_bytes())
    for name in WEIGHT_FILES:
        file = path / name
        if file.is_file():
            size = file.stat().st_size
            digest.update(f"{name}:{size}".encode())
            with file.open("rb") as handle:
                digest.update(handle.read(1 << 20))
                if size > 2 << 20:
                    handle.seek(-(1 << 20), os.SEEK_END)
                    digest.update(handle.read(1 << 20))
    return "sha256:" + digest.hexdigest()[:16]


def _revision_from_snapshot(path: Path) -> str | None:
    # Hub snapshots live at .../models--org--name/snapshots/<commit>/
    return path.name if path.parent.name == "snapshots" else None


def resolve_model(model: str, revision: str | None = None, *, allow_download: bool = True) -> ResolvedModel:
    """Turn ``--model`` into a directory: an existing directory is used as is; otherwise ``model`` is
    a hub id looked up in the cache, then (unless offline) downloaded. Raises :class:`ModelNotAvailable`
    with what was tried."""
    candidate = Path(model).expanduser()
    if candidate.is_dir():
        check_model_dir(candidate)
        return ResolvedModel(model, candidate.resolve(), directory_digest(candidate), "directory")
    if candidate.exists():
        raise ModelError(candidate, "is a file, not a model directory", "pass the directory that holds config.json and the weights")
    if model.startswith((".", "/", "~")) or model.count("/") > 1:
        raise ModelNotAvailable(model, [f"local directory {candidate} (does not exist)"])

    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HFValidationError

    cache = hf_cache_dir()
    tried = [f"the Hugging Face cache at {cache}"]
    try:
        path = Path(snapshot_download(model, revision=revision, cache_dir=cache, local_files_only=True, allow_patterns=MODEL_FILE_PATTERNS))
        check_model_dir(path)
        return ResolvedModel(model, path, _revision_from_snapshot(path), "cache")
    except HFValidationError:
        raise ModelNotAvailable(model, [f"local directory {candidate} (does not exist)"], "not a directory and not a valid hub id") from None
    except (OSError, ValueError, ModelError) as error:
        logger.debug("cache lookup for %s failed: %s", model, error)

    if hf_offline() or not allow_download:
        reason = "HF_HUB_OFFLINE is set" if hf_offline() else "downloads are disabled"
        tried.append(f"no download ({reason})")
        raise ModelNotAvailable(model, tried, "not in the cache")
    return fetch_model(model, revision, tried=tried)


def _download_failure(error: Exception) -> str:
    """What went wrong with a download, in words (not the exception's class name)."""
    name = type(error).__name__
    if name == "RepositoryNotFoundError":
        return "the Hub has no such model (check the name)"
    if name == "RevisionNotFoundError":
        return "the Hub has no such revision of it"
    if name in ("GatedRepoError",):
        return "the model needs an access token on the Hub"
    if name in ("LocalEntryNotFoundError", "ConnectionError", "ConnectTimeout", "ReadTimeout", "OfflineModeIsEnabled") or isinstance(error, OSError):
        return "the Hugging Face Hub could not be reached from this machine"
    return "the download failed: " + " ".join(str(error).split())[:160]


def fetch_model(model: str, revision: str | None = None, *, tried: list[str] | None = None, fetching: bool = False) -> ResolvedModel:
    """Download ``model`` into the Hugging Face cache (only the files a Marian model needs).
    ``fetching``: called by ``translate model fetch`` (whose advice is then not to run it again)."""
    from huggingface_hub import snapshot_download

    tried = list(tried or [])
    if hf_offline():
        raise ModelNotAvailable(model, tried + ["a download (HF_HUB_OFFLINE is set; unset it on a machine with internet)"], "offline mode", fetching=fetching)
    cache = hf_cache_dir()
    try:
        path = Path(snapshot_download(model, revision=revision, cache_dir=cache, allow_patterns=MODEL_FILE_PATTERNS))
    except Exception as error:  # network stacks raise many types; all mean "could not download"
        tried.append(f"a download from the Hugging Face Hub ({_download_failure(error)})")
        raise ModelNotAvailable(model, tried, "no cached copy and the download failed", fetching=fetching) from error
    check_model_dir(path)
    return ResolvedModel(model, path, _revision_from_snapshot(path), "download")


def model_description(resolved: ResolvedModel) -> dict[str, object]:
    """What ``translate model info`` shows: location, revision, files and the model's shape."""
    import json

    config = json.loads((resolved.path / "config.json").read_text(encoding="utf-8"))
    files = {item.name: item.stat().st_size for item in sorted(resolved.path.iterdir()) if item.is_file()}
    return {
        "model": resolved.model_id,
        "source": resolved.source,
        "path": str(resolved.path),
        "revision": resolved.revision,
        "files": ", ".join(f"{name} ({size:,} B)" for name, size in files.items()),
        "shape": f"d_model {config.get('d_model')}, {config.get('encoder_layers')}+{config.get('decoder_layers')} layers, "
        f"{config.get('encoder_attention_heads')} heads, vocab {config.get('vocab_size')}",
    }
