"""A fake engine for pipeline tests that need to see exactly what was asked of the model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from translate.engines.base import DecodingSettings, Hypothesis, ModelInfo


@dataclass
class RecordingEngine:
    """Translates ``text`` to ``EN<len>:text`` (deterministic, cheap) and records every call.
    ``interrupt_after`` raises KeyboardInterrupt on that call number (1-based), like Ctrl-C."""

    info: ModelInfo = field(default_factory=lambda: ModelInfo("fake/model", "rev1", "/nowhere", "fake"))
    settings: DecodingSettings = field(default_factory=DecodingSettings)
    calls: list[list[str]] = field(default_factory=list)
    interrupt_after: int | None = None

    def _hypothesis(self, source: str, prefix: str | None = None) -> Hypothesis:
        text = (prefix + " " if prefix else "") + f"EN{len(source)}"
        tokens = tuple(text.split()) + ("</s>",)
        return Hypothesis(text, tokens, tuple(-0.25 for _ in tokens), tuple(source.split()) + ("</s>",), ())

    def translate(self, sources: Sequence[str], prefixes: Sequence[str | None] | None = None) -> list[Hypothesis]:
        self.calls.append(list(sources))
        if self.interrupt_after is not None and len(self.calls) >= self.interrupt_after:
            raise KeyboardInterrupt
        prefixes = list(prefixes) if prefixes is not None else [None] * len(sources)
        return [self._hypothesis(source, prefix) for source, prefix in zip(sources, prefixes)]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Hypothesis]:
        return [Hypothesis(t, tuple(t.split()) + ("</s>",), tuple(-0.25 for _ in range(len(t.split()) + 1))) for t in targets]

    def count_tokens(self, sources: Sequence[str]) -> list[int]:
        return [len(source.split()) + 1 for source in sources]
