"""What every translation engine provides, and the records it returns.

Engines are created by the caller (the CLI) and passed down; nothing here holds a model globally.
Tests can implement :class:`Engine` with a fake, or use the tiny real Marian model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

__all__ = [
    "AlternativesEngine",
    "DecodingSettings",
    "Engine",
    "Hypothesis",
    "ModelInfo",
    "PositionedEngine",
    "decoding_limit",
    "input_budget",
    "max_new_tokens_for",
    "positions_of",
]

DEFAULT_BEAM_SIZE = 4
DEFAULT_BATCH_TOKENS = 2048
DEFAULT_MAX_BATCH_SENTENCES = 32
#: Scoring materialises a vocabulary-sized row of logits per target token (62,834 floats, 250 KB, for
#: opus-mt-ar-en), so its batches are bounded by target tokens: 256 tokens ≈ 64 MB at most.
SCORING_BATCH_TOKENS = 256
#: Output length cap: ``ratio * source_tokens + extra``, never more than ``ceiling`` tokens. A Marian
#: model that loops (or a random one) stops there instead of running to 512 tokens.
DEFAULT_LENGTH_RATIO = 2.0
DEFAULT_LENGTH_EXTRA = 10
LENGTH_CEILING = 512
#: Source lengths are rounded up to a multiple of this before the cap is computed, so sentences of
#: nearly equal length share a cap and can share a CTranslate2 batch (whose cap is per batch).
LENGTH_BUCKET = 4
#: Sentences longer than this many source tokens are translated in pieces (split at ؛ or "، و"):
#: Marian models are trained on sentences well under this, and quality falls apart beyond it.
DEFAULT_MAX_INPUT_TOKENS = 200
#: A unit's source takes at most ``1 / SOURCE_SHARE`` of the model's positions, so its English and a
#: glossary repair's forced prefix have room on the target side (Marian models have as many target
#: positions as source ones). 200 tokens stays the budget on 512 and 1,024 positions; a 64-position
#: model reads 32 (issue 32).
SOURCE_SHARE = 2


#: What ``DecodingSettings.token_scores`` may be.
TOKEN_SCORES = ("needed", "all", "none")


@dataclass(frozen=True)
class DecodingSettings:
    beam_size: int = DEFAULT_BEAM_SIZE
    length_ratio: float = DEFAULT_LENGTH_RATIO
    length_extra: int = DEFAULT_LENGTH_EXTRA
    batch_tokens: int = DEFAULT_BATCH_TOKENS
    max_batch_sentences: int = DEFAULT_MAX_BATCH_SENTENCES
    max_input_tokens: int = DEFAULT_MAX_INPUT_TOKENS
    #: Which sentences get a teacher-forced pass scoring every output token (on top of the beam's own
    #: mean log-probability, which every sentence has): ``"needed"`` — only those whose token scores
    #: can change an outcome (a glossary repair, a sequence score in the confidence penalty's band;
    #: :func:`translate.pipeline.needs_token_scores`); ``"all"``; ``"none"``. The pass costs about 15 %
    #: of decoding with a 62,834-word vocabulary. True and False mean "all" and "none".
    token_scores: str = "needed"
    device: str = "auto"

    def __post_init__(self) -> None:
        value = self.token_scores
        if isinstance(value, bool):
            object.__setattr__(self, "token_scores", "all" if value else "none")
        elif value not in TOKEN_SCORES:
            raise ValueError(f"token_scores must be one of {', '.join(TOKEN_SCORES)}, not {value!r}")

    def as_manifest(self) -> dict[str, object]:
        return {
            "beam_size": self.beam_size,
            "length_ratio": self.length_ratio,
            "length_extra": self.length_extra,
            "batch_tokens": self.batch_tokens,
            "max_batch_sentences": self.max_batch_sentences,
            "max_input_tokens": self.max_input_tokens,
            "token_scores": self.token_scores,
        }


def max_new_tokens_for(source_tokens: int, settings: DecodingSettings) -> int:
    """The most tokens a sentence of ``source_tokens`` may produce (a function of its own length only)."""
    bucketed = -(-source_tokens // LENGTH_BUCKET) * LENGTH_BUCKET
    return min(LENGTH_CEILING, int(settings.length_ratio * bucketed) + settings.length_extra)


def decoding_limit(source_tokens: int, prefix_tokens: int, settings: DecodingSettings, positions: int) -> int:
    """The most tokens output may hold, forced prefix included and ``</s>`` not: the sentence's own cap
    after its prefix, never past the model's target positions. The decoder's start token takes
    position 0 and the teacher-forced scoring pass appends ``</s>``, so ``positions - 1`` tokens is the
    most a model of ``positions`` can decode *and* score (issue 32: a prefix plus the cap ran past 512)."""
    return min(max_new_tokens_for(source_tokens, settings) + prefix_tokens, positions - 1)


def positions_of(engine: object) -> int | None:
    """The positions the engine's model has on each side (``max_position_embeddings``), or None for an
    engine that does not say (a fake): optional, apart from :class:`Engine`, so fakes need not have it."""
    positions = getattr(engine, "max_positions", None)
    return positions if isinstance(positions, int) and positions > 1 else None


def input_budget(settings: DecodingSettings, positions: int | None) -> int:
    """Source tokens (``</s>`` included) a unit may hold: ``settings.max_input_tokens``, and at most
    ``positions // SOURCE_SHARE`` where the model's positions are known."""
    if positions is None:
        return settings.max_input_tokens
    return max(1, min(settings.max_input_tokens, positions // SOURCE_SHARE))


@dataclass(frozen=True)
class ModelInfo:
    """Where a model came from: ``model_id`` as the user named it, ``revision`` a hub commit or a
    content digest for local directories, ``path`` the directory loaded."""

    model_id: str
    revision: str | None
    path: str
    engine: str
    device: str = "cpu"


@dataclass(frozen=True)
class Hypothesis:
    """One translation with its evidence.

    ``token_logprobs[i]`` is log p(tokens[i] | source, tokens[:i]) under teacher forcing of the final
    text (EOS included as the last entry). ``attention[i][j]`` is the cross-attention weight from
    target token ``i`` to source token ``j`` (EOS rows/columns included), averaged over the heads of the
    alignment layer; empty when the engine cannot provide it.
    """

    text: str
    tokens: tuple[str, ...] = ()
    token_logprobs: tuple[float, ...] = ()
    source_tokens: tuple[str, ...] = ()
    attention: tuple[tuple[float, ...], ...] = field(default=(), repr=False)
    #: Mean log-probability per token as the decoder (beam search) reported it; None when the engine
    #: does not report one.
    sequence_logprob: float | None = None

    @property
    def scores(self) -> str | None:
        """Which scores this hypothesis carries: ``"token"`` (a teacher-forced pass), ``"sequence"``
        (the decoder's mean only), or None."""
        return "token" if self.token_logprobs else "sequence" if self.sequence_logprob is not None else None

    @property
    def logprob_mean(self) -> float | None:
        if self.token_logprobs:
            return sum(self.token_logprobs) / len(self.token_logprobs)
        return self.sequence_logprob

    @property
    def logprob_min(self) -> float | None:
        return min(self.token_logprobs) if self.token_logprobs else None


@runtime_checkable
class Engine(Protocol):
    """A sentence translator. ``prefixes[i]``, when given, forces output ``i`` to start with that text
    (the model continues after it); ``score`` evaluates given targets without decoding."""

    info: ModelInfo
    settings: DecodingSettings

    def translate(self, sources: Sequence[str], prefixes: Sequence[str | None] | None = None) -> list[Hypothesis]: ...

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Hypothesis]: ...

    def count_tokens(self, sources: Sequence[str]) -> list[int]: ...


@runtime_checkable
class PositionedEngine(Protocol):
    """What the CTranslate2 and transformers engines (and the wrappers around them) add, optional
    apart from :class:`Engine`: the model's positions on each side, and the target pieces a text takes
    (``</s>`` not counted) — what glossary repair needs to keep a forced prefix within the positions."""

    max_positions: int

    def count_target_tokens(self, texts: Sequence[str]) -> list[int]: ...


@runtime_checkable
class RescoringEngine(Protocol):
    """An engine that can score the tokens it decoded afterwards, for the hypotheses that need it
    (``DecodingSettings.token_scores="needed"``): each hypothesis comes back with ``token_logprobs``,
    its text, tokens and attention unchanged. Optional apart from :class:`Engine`."""

    def rescore(self, hypotheses: Sequence[Hypothesis]) -> list[Hypothesis]: ...


@runtime_checkable
class AlternativesEngine(Protocol):
    """An engine that can also give n-best lists (the API's ``alternatives``): the ``count`` best
    translations of each source, best first. Optional, apart from :class:`Engine`, so fakes and
    wrappers need not implement it; the CTranslate2 and transformers engines do."""

    def alternatives(self, sources: Sequence[str], count: int) -> list[list[str]]: ...
