"""The resume rule: an article whose outputs exist and whose run file's manifest matches this run is
not translated again, and none of its files is rewritten.

The manifest matches when the input's sha256 and encoding, the model id and revision, the engine, the
decoding settings, the glossary digest and the translation memory (its file and minimum fuzzy score;
entries added to it later do not count — ``--force`` applies a grown memory) are all the same; a format asked for now but missing (or
older than the run file) is rendered from the existing run file (no model needed) and nothing else is
touched. ``--force`` translates anyway.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.engines.base import Engine
from translate.records import Manifest

__all__ = ["Fingerprint", "ResumeDecision", "decide"]


@dataclass(frozen=True)
class Fingerprint:
    """What a finished article's manifest must say for it to count as done."""

    model_id: str | None
    model_revision: str | None
    engine: str | None
    decoding: dict[str, Any]
    glossary_digest: str | None
    #: The memory consulted: (absolute path, minimum fuzzy score), or None.
    memory: tuple[str, int] | None = None

    @classmethod
    def of(cls, engine: Engine, glossary_digest: str | None, memory: tuple[Path, int] | None = None) -> Fingerprint:
        used = (os.path.abspath(memory[0]), int(memory[1])) if memory is not None else None
        return cls(engine.info.model_id, engine.info.revision, engine.info.engine, engine.settings.as_manifest(), glossary_digest, used)

    @classmethod
    def of_manifest(cls, manifest: Manifest) -> Fingerprint:
        digest = (manifest.glossary or {}).get("digest")
        tm = manifest.tm
        used = (os.path.abspath(str(tm.get("path"))), int(tm.get("min", 0))) if tm else None
        return cls(manifest.model_id, manifest.model_revision, manifest.engine, manifest.decoding, digest, used)


@dataclass(frozen=True)
class ResumeDecision:
    """``done``: skip the translation; ``missing`` formats to render from the run file; ``reason`` why
    an existing run file does not count (for the log)."""

    done: bool
    missing: tuple[str, ...] = ()
    reason: str = ""


def decide(manifest: Manifest, run_file: Path, outputs: dict[str, Path], input_sha256: str, input_encoding: str, fingerprint: Fingerprint) -> ResumeDecision:
    """Is the article whose earlier run file ``run_file`` holds ``manifest`` done? ``outputs`` maps each
    asked format to its path; one that is missing or older than the run file (left by an earlier run of
    another input version) is to be rendered again."""
    if manifest.input_sha256 != input_sha256:
        return ResumeDecision(False, reason="the input changed since it was translated")
    if manifest.input_encoding != input_encoding:
        return ResumeDecision(False, reason=f"it was read as {manifest.input_encoding}, now as {input_encoding}")
    found = Fingerprint.of_manifest(manifest)
    if found != fingerprint:
        changed = [name for name in ("model_id", "model_revision", "engine", "decoding", "glossary_digest", "memory") if getattr(found, name) != getattr(fingerprint, name)]
        return ResumeDecision(False, reason=f"translated with another {', '.join(changed)}")
    made = run_file.stat().st_mtime_ns
    missing = tuple(fmt for fmt, path in outputs.items() if not path.is_file() or path.stat().st_mtime_ns < made)
    return ResumeDecision(True, missing)
