"""Translation engines behind one Protocol. ``load_engine`` is the only place that picks one; the
heavy libraries are imported inside the engine modules, when an engine is built."""

from __future__ import annotations

from translate.engines.base import DecodingSettings, Engine, Hypothesis, ModelInfo
from translate.engines.resolve import DEFAULT_MODEL, ResolvedModel, resolve_model

__all__ = [
    "DEFAULT_ENGINE",
    "DEFAULT_MODEL",
    "ENGINES",
    "DecodingSettings",
    "Engine",
    "Hypothesis",
    "ModelInfo",
    "ResolvedModel",
    "load_engine",
    "resolve_model",
]

ENGINES = ("torch", "ct2")
#: CTranslate2 int8 is the default: 4–5× the throughput of transformers fp32 on CPUs at a fraction of
#: the memory, with the same glossary guarantee, scores and attention (README, "Translation engines").
DEFAULT_ENGINE = "ct2"


def load_engine(
    model: str,
    *,
    engine: str = DEFAULT_ENGINE,
    revision: str | None = None,
    settings: DecodingSettings = DecodingSettings(),
    quantization: str | None = None,
    threads: int = 0,
) -> Engine:
    """Resolve ``model`` (directory or hub id) and build the named engine over it. ``threads``: CPU
    threads for one batch (0: every core; a Ray actor passes the CPUs it was given)."""
    resolved = resolve_model(model, revision)
    if engine == "torch":
        from translate.engines.marian_torch import TransformersEngine

        if threads:
            import torch

            torch.set_num_threads(threads)
        return TransformersEngine(resolved, settings, quantization=quantization)
    if engine == "ct2":
        from translate.engines.ct2 import DEFAULT_QUANTIZATION, CTranslate2Engine

        return CTranslate2Engine(resolved, settings, quantization=quantization or DEFAULT_QUANTIZATION, intra_threads=threads)
    raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
