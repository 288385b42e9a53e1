"""MarianMT through transformers and torch.

Decoding: sentences sorted by token length and cut into batches under a token budget (padding waste
stays small), ``torch.inference_mode``, beam search without sampling (deterministic), and an output cap
that grows with the source length. Scores and cross-attention come from one teacher-forced pass over
the final text, so they describe exactly what the user gets — also after a glossary repair.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from translate.engines.base import SCORING_BATCH_TOKENS, DecodingSettings, Hypothesis, ModelInfo, decoding_limit
from translate.engines.resolve import ResolvedModel, check_model_dir, check_vocabulary_fits
from translate.errors import ModelError

__all__ = ["ALIGNMENT_LAYER", "TransformersEngine", "batches_by_length"]

logger = logging.getLogger(__name__)

#: Cross-attention of the penultimate decoder layer, averaged over heads, aligns best in Transformer
#: NMT (Garg et al. 2019, "Jointly Learning to Align and Translate with Transformer Models").
ALIGNMENT_LAYER = -2


def batches_by_length(lengths: Sequence[int], batch_tokens: int, max_sentences: int) -> Iterator[list[int]]:
    """Indices grouped into batches of similar length: sorted longest first, each batch's padded size
    (``len(batch) * longest``) kept under ``batch_tokens``. Deterministic (ties by index)."""
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batch: list[int] = []
    longest = 0
    for index in order:
        candidate_longest = max(longest, lengths[index])
        if batch and (len(batch) + 1 > max_sentences or (len(batch) + 1) * candidate_longest > batch_tokens):
            yield batch
            batch, candidate_longest = [], lengths[index]
        batch.append(index)
        longest = candidate_longest
    if batch:
        yield batch


def _length_cap_processor(caps: list[int], num_beams: int, eos_id: int, prompt_length: int):
    """A logits processor that forces EOS once row ``i`` has produced ``caps[i]`` tokens, so each
    sentence's cap depends on its own length only — not on the longest sentence of its batch."""
    import torch
    from transformers import LogitsProcessor

    class PerSentenceLengthCap(LogitsProcessor):
        def __init__(self) -> None:
            self.caps = torch.tensor(caps).repeat_interleave(num_beams)

        def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
            produced = input_ids.shape[1] - prompt_length
            done = (self.caps.to(scores.device) <= produced).unsqueeze(1)
            forced = torch.full_like(scores, float("-inf"))
            forced[:, eos_id] = 0.0
            return torch.where(done, forced, scores)

    return PerSentenceLengthCap()


TORCH_QUANTIZATIONS = ("float32", "int8", "float16", "bfloat16")


def _apply_quantization(model: object, quantization: str | None, device: str) -> str:
    """``int8``: dynamic int8 quantisation of every Linear layer (CPU; the vocabulary projection
    dominates decoding cost, and int8 GEMMs roughly halve it). ``float16``/``bfloat16``: half precision
    on GPU. ``None``/``float32``: the weights as trained."""
    import torch

    quantization = quantization or "float32"
    if quantization not in TORCH_QUANTIZATIONS:
        raise ValueError(f"unknown quantization {quantization!r} for the torch engine; choose from {', '.join(TORCH_QUANTIZATIONS)}")
    if quantization == "int8":
        if device != "cpu":
            raise ModelError(Path(device), "int8 quantisation of the torch engine runs on the CPU only", "use --quantization float16 on GPU, or --engine ct2")
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch.ao's deprecation notice points at torchao; the API works
            torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
    elif quantization in ("float16", "bfloat16"):
        model.to(getattr(torch, quantization))
    return quantization


def _prefix_processor(prefixes: list[list[int]], num_beams: int):
    """A logits processor that forces row ``i`` to emit ``prefixes[i][t]`` at step ``t`` (every beam of
    the sentence), so sentences with prefixes of different lengths — or none — decode together."""
    import torch
    from transformers import LogitsProcessor

    longest = max(len(prefix) for prefix in prefixes)
    table = torch.full((len(prefixes) * num_beams, longest), -1, dtype=torch.long)
    for row, prefix in enumerate(prefix for prefix in prefixes for _ in range(num_beams)):
        if prefix:
            table[row, : len(prefix)] = torch.tensor(prefix)

    class ForcedPrefix(LogitsProcessor):
        def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
            step = input_ids.shape[1] - 1  # the decoder start token is not a step
            if step >= longest:
                return scores
            forced = table[:, step].to(scores.device)
            rows = forced >= 0
            if not bool(rows.any()):
                return scores
            only_forced = torch.full_like(scores, float("-inf"))
            only_forced[rows, forced[rows]] = 0.0
            return torch.where(rows.unsqueeze(1), only_forced, scores)

    return ForcedPrefix()


def _pick_device(requested: str) -> str:
    import torch

    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise ModelError(Path("cuda"), "--device cuda was asked for but torch sees no CUDA device", "use --device cpu or auto")
    return requested


class TransformersEngine:
    """:class:`~translate.engines.base.Engine` over ``MarianMTModel``."""

    name = "torch"

    def __init__(self, resolved: ResolvedModel, settings: DecodingSettings = DecodingSettings(), *, quantization: str | None = None) -> None:
        import torch
        from transformers import MarianMTModel, MarianTokenizer
        from transformers.utils import logging as hf_logging

        check_model_dir(resolved.path)
        hf_logging.disable_progress_bar()
        self.settings = settings
        device = _pick_device(settings.device)
        try:
            self.tokenizer = MarianTokenizer.from_pretrained(str(resolved.path))
        except Exception as error:  # sentencepiece/json raise assorted types for a broken tokenizer
            raise ModelError(resolved.path, f"its tokenizer files cannot be loaded ({type(error).__name__}: {error})", "re-copy source.spm, target.spm and vocab.json") from error
        try:
            # SDPA attention for decoding (fast); the scoring pass switches to eager attention, the only
            # implementation that returns cross-attention weights.
            # float32 weights whatever the checkpoint holds: opus-mt-tc-big-ar-en ships float16, which
            # transformers 5 would keep (slow on CPUs, where half precision has few kernels);
            # --quantization float16/bfloat16 casts afterwards on a GPU.
            import transformers

            dtype_option = "dtype" if int(transformers.__version__.split(".")[0]) >= 5 else "torch_dtype"
            self.model = MarianMTModel.from_pretrained(str(resolved.path), **{dtype_option: torch.float32})
        except Exception as error:  # torch/safetensors raise assorted types for corrupt weights
            raise ModelError(resolved.weights_file, f"the weights cannot be loaded ({type(error).__name__}: {str(error)[:200]})", "re-download or re-copy the weights file") from error
        check_vocabulary_fits(resolved.path, len(self.tokenizer.encoder))
        self.model.to(device).eval()
        self.quantization = _apply_quantization(self.model, quantization, device)
        self._torch = torch
        self.device = device
        #: Positions the model has on each side: sources are cut to them, outputs (forced prefixes
        #: included) capped below them and scored targets cut to them — past them the sinusoidal
        #: position table has no row (an IndexError inside the model, issue 32).
        self.max_positions = int(getattr(self.model.config, "max_position_embeddings", 512))
        revision = resolved.revision if self.quantization == "float32" else f"{resolved.revision}+torch-{self.quantization}"
        self.info = ModelInfo(resolved.model_id, revision, str(resolved.path), self.name, device)

    @contextmanager
    def _eager_attention(self) -> Iterator[None]:
        decoding_implementation = self.model.config._attn_implementation
        if decoding_implementation == "eager":
            yield
            return
        self.model.set_attn_implementation("eager")
        try:
            yield
        finally:
            self.model.set_attn_implementation(decoding_implementation)

    # -- tokens --------------------------------------------------------------------------------
    def count_tokens(self, sources: Sequence[str]) -> list[int]:
        # verbose=False: counting a sentence over the model's length is how the pipeline decides to cut
        # it; transformers would warn on stderr about "indexing errors" that never happen.
        return [len(ids) for ids in self.tokenizer(list(sources), verbose=False)["input_ids"]]

    def _target_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Target ids of each text, ``</s>`` last, cut to the model's positions (``</s>`` kept)."""
        limit = self.max_positions
        return [ids if len(ids) <= limit else ids[: limit - 1] + ids[-1:] for ids in self.tokenizer(text_target=list(texts))["input_ids"]]

    def count_target_tokens(self, texts: Sequence[str]) -> list[int]:
        """Target pieces of each text, ``</s>`` not counted (what a forced prefix of it costs)."""
        return [len(ids) - 1 for ids in self.tokenizer(text_target=list(texts))["input_ids"]]

    # -- decoding ------------------------------------------------------------------------------
    def translate(self, sources: Sequence[str], prefixes: Sequence[str | None] | None = None) -> list[Hypothesis]:
        if not sources:
            return []
        prefixes = list(prefixes) if prefixes is not None else [None] * len(sources)
        generated = self.generate_ids(list(sources), prefixes)
        texts = self.tokenizer.batch_decode(generated, skip_special_tokens=True)
        # Score the generated ids themselves, so tokens, log-probabilities and attention describe
        # exactly the decoded sequence (a re-tokenisation of the text can differ).
        eos_id = self.model.config.eos_token_id
        target_ids = [ids if ids and ids[-1] == eos_id else ids + [eos_id] for ids in generated]
        return self._score_ids(list(sources), target_ids, texts)

    def _encode(self, sources: list[str]) -> Any:
        """A padded batch of sources, each cut to the model's positions (one unbroken "word" longer
        than the model can read — a URL, a base64 blob — is translated on its first tokens)."""
        return self.tokenizer(sources, return_tensors="pt", padding=True, truncation=True, max_length=self.max_positions).to(self.device)

    def generate_ids(self, sources: list[str], prefixes: list[str | None]) -> list[list[int]]:
        """Decoded token ids per source (forced prefix included, decoder start token excluded)."""
        torch = self._torch
        # count_tokens is uncut; the cap follows what the model reads (the source cut to its positions).
        lengths = [min(length, self.max_positions) for length in self.count_tokens(sources)]
        # A prefix longer than the target positions is cut to them less one (the output is then the
        # cut prefix and </s>): glossary repair does not ask for one, but no caller can overrun them.
        prefix_ids: list[list[int]] = [
            self._target_ids([prefix])[0][:-1][: self.max_positions - 1] if prefix else [] for prefix in prefixes  # drop </s>
        ]
        outputs: list[list[int]] = [[] for _ in sources]
        eos_id = self.model.config.eos_token_id
        pad_id = self.tokenizer.pad_token_id
        # Forced prefixes of any length share a batch: a logits processor allows only the prefix's
        # token at each of its steps (one generate() call, however many repairs); caps count the prefix
        # and stay below the target positions, so the output and its </s> can be scored (issue 32).
        for batch in batches_by_length(lengths, self.settings.batch_tokens, self.settings.max_batch_sentences):
            encoded = self._encode([sources[i] for i in batch])
            caps = [decoding_limit(lengths[i], len(prefix_ids[i]), self.settings, self.max_positions) for i in batch]
            processors = [_length_cap_processor(caps, self.settings.beam_size, eos_id, 1)]
            if any(prefix_ids[i] for i in batch):
                processors.insert(0, _prefix_processor([prefix_ids[i] for i in batch], self.settings.beam_size))
            with torch.inference_mode():
                generated = self.model.generate(
                    **encoded,
                    num_beams=self.settings.beam_size,
                    do_sample=False,
                    max_new_tokens=max(caps) + 1,
                    max_length=None,
                    logits_processor=processors,
                )
            for index, row in zip(batch, generated.tolist()):
                outputs[index] = [token for token in row[1:] if token != pad_id]
        return outputs

    def alternatives(self, sources: Sequence[str], count: int) -> list[list[str]]:
        """The ``count`` best translations of each source, best first, from one beam of at least
        ``count`` (``num_return_sequences``; texts only), each sentence under its own length cap."""
        if not sources:
            return []
        torch = self._torch
        beams = max(self.settings.beam_size, count)
        lengths = [min(length, self.max_positions) for length in self.count_tokens(list(sources))]
        eos_id = self.model.config.eos_token_id
        outputs: list[list[str]] = [[] for _ in sources]
        for batch in batches_by_length(lengths, self.settings.batch_tokens, self.settings.max_batch_sentences):
            encoded = self._encode([sources[i] for i in batch])
            caps = [decoding_limit(lengths[i], 0, self.settings, self.max_positions) for i in batch]
            with torch.inference_mode():
                generated = self.model.generate(
                    **encoded,
                    num_beams=beams,
                    num_return_sequences=count,
                    do_sample=False,
                    max_new_tokens=max(caps) + 1,
                    max_length=None,
                    logits_processor=[_length_cap_processor(caps, beams, eos_id, 1)],
                )
            texts = self.tokenizer.batch_decode(generated, skip_special_tokens=True)
            for row, index in enumerate(batch):
                outputs[index] = [text.strip() for text in texts[row * count : (row + 1) * count]]
        return outputs

    # -- scoring -------------------------------------------------------------------------------
    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Hypothesis]:
        """Teacher-forced token log-probabilities and cross-attention of ``targets``; a target longer
        than the model's positions is scored on its first ``max_positions`` tokens, ``</s>`` included."""
        return self._score_ids(list(sources), self._target_ids(targets), list(targets))

    def _score_ids(self, sources: list[str], target_ids: list[list[int]], texts: list[str]) -> list[Hypothesis]:
        torch = self._torch
        pad_id = self.tokenizer.pad_token_id
        results: list[Hypothesis | None] = [None] * len(sources)
        lengths = [len(ids) for ids in target_ids]
        for batch in batches_by_length(lengths, SCORING_BATCH_TOKENS, self.settings.max_batch_sentences):
            encoded = self._encode([sources[i] for i in batch])
            longest = max(len(target_ids[i]) for i in batch)
            labels = torch.tensor([target_ids[i] + [pad_id] * (longest - len(target_ids[i])) for i in batch], device=self.device)
            # Teacher forcing: the decoder reads [start] + target[:-1]. No ``labels`` argument, so the
            # model computes no loss (a second vocabulary-sized tensor); log p = logit - logsumexp.
            start = torch.full((len(batch), 1), self.model.config.decoder_start_token_id, device=self.device)
            decoder_input_ids = torch.cat([start, labels[:, :-1]], dim=1)
            with torch.inference_mode(), self._eager_attention():
                output = self.model(**encoded, decoder_input_ids=decoder_input_ids, output_attentions=True)
                logits = output.logits
                token_logprobs = logits.gather(-1, labels.unsqueeze(-1)).squeeze(-1) - torch.logsumexp(logits, dim=-1)
                cross = output.cross_attentions[ALIGNMENT_LAYER].mean(dim=1) if output.cross_attentions else None
                del output, logits
            for row, index in enumerate(batch):
                target_length = len(target_ids[index])
                source_length = int(encoded["attention_mask"][row].sum())
                source_ids = encoded["input_ids"][row][:source_length].tolist()
                attention: tuple[tuple[float, ...], ...] = ()
                if cross is not None:
                    attention = tuple(
                        tuple(round(float(v), 5) for v in cross[row, t, :source_length]) for t in range(target_length)
                    )
                results[index] = Hypothesis(
                    text=texts[index],
                    tokens=tuple(self.tokenizer.convert_ids_to_tokens(target_ids[index])),
                    token_logprobs=tuple(float(v) for v in token_logprobs[row, :target_length]),
                    source_tokens=tuple(self.tokenizer.convert_ids_to_tokens(source_ids)),
                    attention=attention,
                )
        return [result for result in results if result is not None]
