"""The resume rule: an article whose outputs exist and whose run file's manifest matches this run is
not translated again, and none of its files is rewritten.

The manifest matches when the input's sha256, the model id and revision, the engine, the decoding
settings and the glossary digest are all the same; a format asked for now but missing is rendered from
the existing run file (no model needed) and nothing else is touched. ``--force`` translates anyway.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.engines.base import Engine

__all__ = ["Fingerprint", "ResumeDecision", "decide"]


@dataclass(frozen=True)
class Fingerprint:
    """What a finished article's manifest must say for it to count as done."""

    model_id: str | None
    model_revision: str | None
    engine: str | None
    decoding: dict[str, Any]
    glossary_digest: str | None

    @classmethod
    def of(cls, engine: Engine, glossary_digest: str | None) -> Fingerprint:
        return cls(engine.info.model_id, engine.info.revision, engine.info.engine, engine.settings.as_manifest(), glossary_digest)


@dataclass(frozen=True)
class ResumeDecision:
    """``done``: skip the translation; ``missing`` formats to render from ``run_file``; ``reason`` why
    an existing run file does not count (for the log)."""

    done: bool
    missing: tuple[str, ...] = ()
    reason: str = ""
    #: The run file is not one of ours (no manifest line): never replaced without ``--force``.
    foreign: bool = False


def _manifest(run_file: Path) -> dict[str, Any] | None:
    try:
        with run_file.open(encoding="utf-8") as handle:
            first = handle.readline()
        record = json.loads(first)
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("type") == "manifest" else None


def decide(run_file: Path, outputs: dict[str, Path], input_sha256: str, input_encoding: str, fingerprint: Fingerprint) -> ResumeDecision:
    """Is the article whose run file is ``run_file`` done? ``outputs`` maps each asked format to its
    path; one that is missing or older than the run file (left by an earlier run of another input
    version) is to be rendered again."""
    if not run_file.is_file():
        return ResumeDecision(False)
    manifest = _manifest(run_file)
    if manifest is None:
        return ResumeDecision(False, reason=f"{run_file} has no manifest line", foreign=True)
    glossary = manifest.get("glossary") or {}
    found = Fingerprint(manifest.get("model_id"), manifest.get("model_revision"), manifest.get("engine"), manifest.get("decoding") or {}, glossary.get("digest"))
    if manifest.get("input_sha256") != input_sha256:
        return ResumeDecision(False, reason="the input changed since it was translated")
    if manifest.get("input_encoding") != input_encoding:
        return ResumeDecision(False, reason=f"it was read as {manifest.get('input_encoding')}, now as {input_encoding}")
    if found != fingerprint:
        changed = [name for name in ("model_id", "model_revision", "engine", "decoding", "glossary_digest") if getattr(found, name) != getattr(fingerprint, name)]
        return ResumeDecision(False, reason=f"translated with another {', '.join(changed)}")
    made = run_file.stat().st_mtime_ns
    missing = tuple(fmt for fmt, path in outputs.items() if not path.is_file() or path.stat().st_mtime_ns < made)
    return ResumeDecision(True, missing)
