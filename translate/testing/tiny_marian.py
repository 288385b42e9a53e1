"""Build a tiny, random-weight MarianMT model with exactly the files of Helsinki-NLP's repositories.

Tests and offline demos need a *real* Marian model — real SentencePiece tokenisers, real
``MarianMTModel`` weights loaded through ``from_pretrained`` — without network access. Its output is
meaningless text; what it proves is that every stage of the pipeline works on the genuine file layout:

    config.json  generation_config.json  model.safetensors | pytorch_model.bin
    source.spm  target.spm  vocab.json  tokenizer_config.json  special_tokens_map.json

Helsinki's opus-mt-ar-en ships ``pytorch_model.bin``; ``weights="bin"`` reproduces that layout.
Random initialisation uses a forked torch RNG so the global RNG is untouched (the output is a pure
function of ``seed``).
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

DEFAULT_SEED = 20151014


@dataclass(frozen=True)
class TinyMarianSpec:
    """Shape of the tiny model: small enough to build in a second, big enough to be a real Marian."""

    d_model: int = 32
    layers: int = 2
    heads: int = 2
    ffn_dim: int = 64
    source_vocab_size: int = 400
    target_vocab_size: int = 400
    max_position_embeddings: int = 512
    #: Pad vocab.json with unused pieces up to this size (62,834 reproduces opus-mt-ar-en's shape).
    vocab_size: int | None = None


def _train_spm(corpus_lines: list[str], vocab_size: int, model_prefix: Path) -> None:
    import sentencepiece as spm

    # Marian's spm ids are remapped through vocab.json, exactly as in Helsinki's converted models.
    # No byte fallback: like the real models, a character the corpus never saw becomes <unk>, which
    # is what the glossary guarantee must survive.
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus_lines),
        model_prefix=str(model_prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        bos_id=-1,
        eos_id=1,
        unk_id=0,
        pad_id=-1,
        num_threads=1,
        minloglevel=2,
    )


def _pieces(spm_path: Path) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(spm_path))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def build_tiny_marian(
    out_dir: Path,
    source_lines: list[str],
    target_lines: list[str],
    *,
    seed: int = DEFAULT_SEED,
    spec: TinyMarianSpec = TinyMarianSpec(),
    weights: Literal["safetensors", "bin"] = "safetensors",
    dtype: Literal["float32", "float16"] = "float32",
) -> Path:
    """Write a tiny Marian model to ``out_dir`` and return it.

    ``source_lines`` / ``target_lines`` train the source and target SentencePiece models; the shared
    ``vocab.json`` is the union of both piece inventories, as in Helsinki's shared-vocabulary models.
    ``dtype="float16"`` stores half-precision weights, as opus-mt-tc-big-ar-en's main branch does.
    """
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        _train_spm([line for line in source_lines if line.strip()], spec.source_vocab_size, scratch_dir / "source")
        _train_spm([line for line in target_lines if line.strip()], spec.target_vocab_size, scratch_dir / "target")
        (out_dir / "source.spm").write_bytes((scratch_dir / "source.model").read_bytes())
        (out_dir / "target.spm").write_bytes((scratch_dir / "target.model").read_bytes())

    # Helsinki's order: </s> and <unk> first, the pieces, and <pad> last (CTranslate2's Marian
    # converter relies on <pad> being the final id: it drops that row from the embeddings).
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for piece in _pieces(out_dir / "source.spm") + _pieces(out_dir / "target.spm"):
        if piece not in vocab and piece not in ("<s>", "<pad>"):
            vocab[piece] = len(vocab)
    if spec.vocab_size is not None:
        for filler in range(spec.vocab_size - 1 - len(vocab)):
            vocab[f"▁unused{filler}"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")

    tokenizer_config = {
        "source_lang": "ar",
        "target_lang": "en",
        "unk_token": "<unk>",
        "eos_token": "</s>",
        "pad_token": "<pad>",
        "model_max_length": spec.max_position_embeddings,
        "separate_vocabs": False,
        "tokenizer_class": "MarianTokenizer",
    }
    (out_dir / "tokenizer_config.json").write_text(json.dumps(tokenizer_config, indent=1), encoding="utf-8")
    special_tokens = {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}
    (out_dir / "special_tokens_map.json").write_text(json.dumps(special_tokens, indent=1), encoding="utf-8")

    pad_id = vocab["<pad>"]
    eos_id = vocab["</s>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        d_model=spec.d_model,
        encoder_layers=spec.layers,
        decoder_layers=spec.layers,
        encoder_attention_heads=spec.heads,
        decoder_attention_heads=spec.heads,
        encoder_ffn_dim=spec.ffn_dim,
        decoder_ffn_dim=spec.ffn_dim,
        max_position_embeddings=spec.max_position_embeddings,
        pad_token_id=pad_id,
        eos_token_id=eos_id,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=eos_id,
        share_encoder_decoder_embeddings=True,
        scale_embedding=True,
        static_position_embeddings=True,
        activation_function="swish",
        architectures=["MarianMTModel"],
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = MarianMTModel(config)
    model.eval()
    model.generation_config = GenerationConfig(
        bos_token_id=0,
        decoder_start_token_id=pad_id,
        eos_token_id=eos_id,
        forced_eos_token_id=eos_id,
        pad_token_id=pad_id,
        max_length=spec.max_position_embeddings,
        num_beams=4,
        bad_words_ids=[[pad_id]],
    )
    if dtype == "float16":
        model = model.half()
    model.save_pretrained(out_dir)
    if weights == "bin":
        # transformers 5 always writes safetensors; Helsinki's main branches carry the legacy pickle.
        torch.save(model.state_dict(), out_dir / "pytorch_model.bin")
        (out_dir / "model.safetensors").unlink()
    # Round-trip through the tokenizer class once, so a broken layout fails here, not in a test.
    MarianTokenizer.from_pretrained(str(out_dir))
    return out_dir


#: Helsinki-NLP/opus-mt-ar-en's shape, for benchmarks that must cost what the real model costs.
OPUS_MT_AR_EN_SHAPE = TinyMarianSpec(d_model=512, layers=6, heads=8, ffn_dim=2048, vocab_size=62834)
#: Helsinki-NLP/opus-mt-tc-big-ar-en's shape (Transformer-big: d_model 1024, 16 heads, FFN 4096,
#: 6+6 layers, a shared vocabulary of 61,109).
OPUS_MT_TC_BIG_AR_EN_SHAPE = TinyMarianSpec(d_model=1024, layers=6, heads=16, ffn_dim=4096, vocab_size=61109)
