"""MarianMT through CTranslate2 (int8 by default): the fast engine on CPUs.

The Hugging Face model is converted once with ``ctranslate2.converters.TransformersConverter`` and the
result cached under ``<cache>/ct2/<key>``, where the key covers the model id, revision, quantization and
CTranslate2 version — a new revision or a CTranslate2 upgrade converts again, nothing else does.
Conversion writes into a temporary folder that is renamed into place, so an interrupted conversion never
leaves a half-written model behind.

Tokenisation uses the model's own SentencePiece files directly (what ``MarianTokenizer`` does, without
importing transformers or torch on the hot path): source pieces, unknown pieces → ``<unk>``, then
``</s>``. Output tokens are detokenised with the target SentencePiece model.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from translate.engines.base import SCORING_BATCH_TOKENS, DecodingSettings, Hypothesis, ModelInfo, decoding_limit
from translate.engines.marian_torch import batches_by_length
from translate.engines.resolve import ResolvedModel, check_model_dir, check_vocabulary_fits, read_json, translate_cache_dir
from translate.errors import ModelError

__all__ = ["CTranslate2Engine", "QUANTIZATIONS", "converted_model_dir"]

logger = logging.getLogger(__name__)

QUANTIZATIONS = ("int8", "int8_float32", "int16", "float32", "float16", "int8_float16", "bfloat16")
DEFAULT_QUANTIZATION = "int8"
#: ``intra_threads=0`` lets CTranslate2 use every core for one batch; on small machines one translator
#: replica with all cores beats several replicas (measured in scripts/bench_speed.py).
DEFAULT_INTER_THREADS = 1
SPECIALS = ("</s>", "<unk>", "<pad>")


def converted_model_dir(resolved: ResolvedModel, quantization: str) -> Path:
    """Convert (once) and return the CTranslate2 model directory for ``resolved``."""
    import ctranslate2

    key_material = json.dumps([resolved.model_id, resolved.revision, str(resolved.path), quantization, ctranslate2.__version__])
    key = hashlib.sha256(key_material.encode()).hexdigest()[:20]
    target = translate_cache_dir() / "ct2" / f"{Path(resolved.model_id).name}-{quantization}-{key}"
    if (target / "model.bin").is_file():
        return target
    from ctranslate2.converters import TransformersConverter
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        logger.info("converting %s to CTranslate2 (%s) in %s", resolved.model_id, quantization, target)
        TransformersConverter(str(resolved.path)).convert(str(scratch / "model"), quantization=quantization, force=True)
        try:
            os.replace(scratch / "model", target)
        except OSError:
            if not (target / "model.bin").is_file():  # another process did not win the race either
                raise
    except Exception as error:  # the converter raises assorted types for models it cannot read
        # The tokenizer and config were checked before; what is left to fail is reading the weights.
        raise ModelError(resolved.weights_file, f"the weights cannot be loaded to convert the model to CTranslate2 ({type(error).__name__}: {str(error)[:200]})", "re-download or re-copy the weights file, or use --engine torch") from error
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def _attention_rows(rows: list[list[float]], token_count: int) -> tuple[tuple[float, ...], ...]:
    """One row per output token, ``</s>`` included: CTranslate2 returns no row for ``</s>``, so the
    last token's row stands in for it."""
    if not rows:
        return ()
    rounded = [tuple(round(v, 5) for v in row) for row in rows]
    return tuple(rounded[: token_count - 1] + [rounded[-1]])


class CTranslate2Engine:
    """:class:`~translate.engines.base.Engine` over ``ctranslate2.Translator``."""

    name = "ct2"

    def __init__(
        self,
        resolved: ResolvedModel,
        settings: DecodingSettings = DecodingSettings(),
        *,
        quantization: str = DEFAULT_QUANTIZATION,
        inter_threads: int = DEFAULT_INTER_THREADS,
        intra_threads: int = 0,
    ) -> None:
        import ctranslate2
        import sentencepiece

        check_model_dir(resolved.path)
        if quantization not in QUANTIZATIONS:
            raise ValueError(f"unknown quantization {quantization!r}; choose from {', '.join(QUANTIZATIONS)}")
        device = settings.device
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        if device == "cpu" and quantization in ("float16", "int8_float16", "bfloat16"):
            quantization = "int8"  # half precision has no CPU kernels; int8 is the CPU equivalent
        self.settings = settings
        self.quantization = quantization
        # The tokenizer first, as the torch engine does: a broken or foreign tokenizer is named as such
        # before any conversion work.
        try:
            self.source_spm = sentencepiece.SentencePieceProcessor(model_file=str(resolved.path / "source.spm"))
            self.target_spm = sentencepiece.SentencePieceProcessor(model_file=str(resolved.path / "target.spm"))
        except (OSError, RuntimeError) as error:
            raise ModelError(resolved.path, f"its tokenizer files cannot be loaded ({error})", "re-copy source.spm, target.spm and vocab.json") from error
        self.vocabulary = set(read_json(resolved.path / "vocab.json"))
        #: Positions the model has on each side: sources are cut to them, outputs (forced prefixes
        #: included) capped below them and scored targets cut to them — CTranslate2 refuses longer ones.
        self.max_positions = int(read_json(resolved.path / "config.json").get("max_position_embeddings", 512))
        check_vocabulary_fits(resolved.path, len(self.vocabulary))
        model_dir = converted_model_dir(resolved, quantization)
        try:
            self.translator = ctranslate2.Translator(str(model_dir), device=device, compute_type=quantization, inter_threads=inter_threads, intra_threads=intra_threads)
        except (RuntimeError, ValueError) as error:
            raise ModelError(model_dir, f"CTranslate2 cannot load the converted model ({error})", "delete that folder to convert again") from error
        revision = f"{resolved.revision}+ct2-{quantization}" if resolved.revision else f"ct2-{quantization}"
        self.info = ModelInfo(resolved.model_id, revision, str(resolved.path), self.name, device)

    # -- tokens --------------------------------------------------------------------------------
    def _source_tokens(self, text: str) -> list[str]:
        """The source's pieces and ``</s>``, cut to the model's positions: the segmenter splits long
        sentences, but one unbroken "word" (a URL, a base64 blob) can still be longer, and the model
        has no position past ``max_positions`` — its first ones are translated instead of an error."""
        pieces = self.source_spm.encode(text, out_type=str)[: self.max_positions - 1]
        return [piece if piece in self.vocabulary else "<unk>" for piece in pieces] + ["</s>"]

    def _target_tokens(self, text: str) -> list[str]:
        pieces = self.target_spm.encode(text, out_type=str)
        return [piece if piece in self.vocabulary else "<unk>" for piece in pieces]

    def _prefix_tokens(self, prefix: str | None) -> list[str] | None:
        """A forced prefix's pieces, cut to the target positions less one (the output is then the cut
        prefix alone): glossary repair does not ask for longer ones, but no caller can make the decoder
        run past its positions."""
        pieces = self._target_tokens(prefix)[: self.max_positions - 1] if prefix else []
        return pieces or None

    def count_target_tokens(self, texts: Sequence[str]) -> list[int]:
        """Target pieces of each text, ``</s>`` not counted (what a forced prefix of it costs)."""
        return [len(self.target_spm.encode(text, out_type=str)) for text in texts]

    def _detokenize(self, tokens: Sequence[str]) -> str:
        return self.target_spm.decode_pieces([t for t in tokens if t not in SPECIALS]).strip()

    def count_tokens(self, sources: Sequence[str]) -> list[int]:
        # Uncut: the pipeline compares this with its input budget to decide where to split a sentence.
        return [len(self.source_spm.encode(text, out_type=str)) + 1 for text in sources]

    # -- decoding ------------------------------------------------------------------------------
    def translate(self, sources: Sequence[str], prefixes: Sequence[str | None] | None = None) -> list[Hypothesis]:
        if not sources:
            return []
        source_tokens = [self._source_tokens(text) for text in sources]
        prefix_tokens = [self._prefix_tokens(prefix) for prefix in (prefixes or [None] * len(sources))]
        outputs: list[list[str]] = [[] for _ in sources]
        attention: list[list[list[float]]] = [[] for _ in sources]
        sequence_scores: list[float | None] = [None] * len(sources)
        # CTranslate2's length cap is per call and counts the prefix. One call decodes everything (a
        # call per cap would multiply CTranslate2's per-step overhead on short documents); each output
        # is then cut to its own cap, so a looping sentence stops where it would have alone. No cap
        # passes the target positions, so every output can also be scored (issue 32).
        limits = [decoding_limit(len(tokens), len(prefix or ()), self.settings, self.max_positions) for tokens, prefix in zip(source_tokens, prefix_tokens)]
        results = self.translator.translate_batch(
            source_tokens,
            target_prefix=prefix_tokens if any(prefix_tokens) else None,
            beam_size=self.settings.beam_size,
            max_batch_size=self.settings.max_batch_sentences,
            max_decoding_length=max(limits),
            return_scores=True,
            return_attention=True,
        )
        for index, result in enumerate(results):
            outputs[index] = list(result.hypotheses[0])[: limits[index]]
            attention[index] = result.attention[0][: limits[index]]
            if result.scores:
                sequence_scores[index] = result.scores[0]  # with length_penalty 1: mean log-prob per token
        texts = [self._detokenize(tokens) for tokens in outputs]
        decoded = [
            Hypothesis(text, tuple(tokens) + ("</s>",), (), tuple(source), _attention_rows(rows, len(tokens) + 1), score)
            for text, tokens, source, rows, score in zip(texts, outputs, source_tokens, attention, sequence_scores)
        ]
        # "all": every sentence's tokens scored now; "needed": the pipeline asks for the few (rescore).
        return self.rescore(decoded) if self.settings.token_scores == "all" else decoded

    def rescore(self, hypotheses: Sequence[Hypothesis]) -> list[Hypothesis]:
        """The decoded tokens themselves scored by a teacher-forced pass (not a re-tokenisation of the
        text), so tokens, their log-probabilities and the decoding attention describe one sequence."""
        if not hypotheses:
            return []
        targets = [[token for token in hypothesis.tokens if token != "</s>"] for hypothesis in hypotheses]
        scored = self._score_tokens([list(h.source_tokens) for h in hypotheses], targets, [h.text for h in hypotheses])
        return [
            Hypothesis(h.text, new.tokens, new.token_logprobs, h.source_tokens, h.attention, h.sequence_logprob)
            for h, new in zip(hypotheses, scored)
        ]

    def alternatives(self, sources: Sequence[str], count: int) -> list[list[str]]:
        """The ``count`` best translations of each source, best first, from one beam of at least
        ``count`` (texts only: no scores, no glossary repair). Each is cut to the sentence's own cap."""
        if not sources:
            return []
        source_tokens = [self._source_tokens(text) for text in sources]
        caps = [decoding_limit(len(tokens), 0, self.settings, self.max_positions) for tokens in source_tokens]
        results = self.translator.translate_batch(
            source_tokens,
            beam_size=max(self.settings.beam_size, count),
            num_hypotheses=count,
            max_batch_size=self.settings.max_batch_sentences,
            max_decoding_length=max(caps),
        )
        return [[self._detokenize(list(tokens)[:cap]) for tokens in result.hypotheses] for result, cap in zip(results, caps)]

    # -- scoring -------------------------------------------------------------------------------
    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Hypothesis]:
        """Per-token log-probabilities of ``targets`` (``score_batch``, batched by length). A side
        longer than the model's positions (a user's 600-token English in ``align --model``, a long
        sentence with glossary terms written in) is scored on its first ``max_positions`` tokens,
        ``</s>`` included."""
        limit = self.max_positions
        source_tokens = [self._source_tokens(text) for text in sources]  # already cut to the positions
        return self._score_tokens(source_tokens, [self._target_tokens(text)[: limit - 1] for text in targets], list(targets))

    def _score_tokens(self, source_tokens: list[list[str]], target_tokens: list[list[str]], texts: list[str]) -> list[Hypothesis]:
        results: list[Hypothesis | None] = [None] * len(source_tokens)
        lengths = [len(tokens) + 1 for tokens in target_tokens]
        for batch in batches_by_length(lengths, SCORING_BATCH_TOKENS, self.settings.max_batch_sentences):
            scored = self.translator.score_batch([source_tokens[i] for i in batch], [target_tokens[i] for i in batch])
            for index, result in zip(batch, scored):
                results[index] = Hypothesis(
                    text=texts[index],
                    tokens=tuple(result.tokens),
                    token_logprobs=tuple(float(v) for v in result.log_probs),
                    source_tokens=tuple(source_tokens[index]),
                )
        return [result for result in results if result is not None]
