"""An engine loaded on first use: an archive run that finds every article already done never loads
the model for translation, and a bad input is reported before the model is loaded for nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from translate.engines.base import DecodingSettings, Engine, Hypothesis, ModelInfo, RescoringEngine, positions_of

__all__ = ["LazyEngine"]


class LazyEngine:
    """Implements :class:`~translate.engines.base.Engine` by calling ``load()`` once, on first use."""

    def __init__(self, load: Callable[[], Engine]) -> None:
        self._load = load
        self._engine: Engine | None = None

    @property
    def loaded(self) -> bool:
        return self._engine is not None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = self._load()
        return self._engine

    @property
    def info(self) -> ModelInfo:
        return self.engine.info

    @property
    def settings(self) -> DecodingSettings:
        return self.engine.settings

    def translate(self, sources: Sequence[str], prefixes: Sequence[str | None] | None = None) -> list[Hypothesis]:
        return self.engine.translate(sources, prefixes)

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Hypothesis]:
        return self.engine.score(sources, targets)

    def rescore(self, hypotheses: Sequence[Hypothesis]) -> list[Hypothesis]:
        inner = self.engine
        return inner.rescore(hypotheses) if isinstance(inner, RescoringEngine) else list(hypotheses)

    def count_tokens(self, sources: Sequence[str]) -> list[int]:
        return self.engine.count_tokens(sources)

    @property
    def max_positions(self) -> int | None:
        """The loaded engine's positions (None when it does not say); asking loads the model."""
        return positions_of(self.engine)

    def count_target_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.engine.count_target_tokens(texts)  # type: ignore[attr-defined]
