"""Speed and memory of four ways to translate the same sentences, measured side by side in one run.

    python scripts/bench_speed.py [--sentences 500] [--beam 4] [--tokens 48] [--device cpu|cuda]

A random-weight Marian model with Helsinki-NLP/opus-mt-ar-en's exact shape (d_model 512, 6+6 layers,
8 heads, FFN 2048, shared vocabulary of 62,834) is built once. The input is the seed article's Arabic
sentences, repeated and shuffled (seeded) to ``--sentences``. Every system runs in its own subprocess,
so each peak RSS is its own:

  (a) baseline — what a user writes from the model card: ``MarianMTModel.generate`` in fp32 on padded
      batches of 32, in input order;
  (b) ``translate`` end to end with the torch engine (read, segment, translate, score, write exports),
      in fp32 and with ``--quantization int8`` (dynamic int8 Linear layers);
  (c) the same with the CTranslate2 engine (int8): the default (``--token-scores needed``: the
      decoder's mean for every sentence, a per-token pass for the doubtful ones), ``--token-scores
      all`` (every sentence's tokens scored) and ``--token-scores none``;
  (d) raw ``ctranslate2.Translator.translate_batch`` (int8) on the same sentences.

A random model never chooses to stop, so every system gets the same output length per sentence
(``--tokens``; the baseline via ``min_new_tokens = max_new_tokens``, ours via the length cap, raw
CTranslate2 via ``min/max_decoding_length``): the ratios compare like with like. Model loading and
conversion are excluded from the timings (done before the clock starts) and reported separately.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9881ad367b76134a.txt"
SYSTEMS = ("baseline", "ours-torch", "ours-torch-int8", "ours-ct2", "ours-ct2-all", "ours-ct2-seq", "raw-ct2")


def _sentences(count: int) -> list[str]:
    from translate.document import read_document
    from translate.segment import segment_document

    pool = [s.text for s in segment_document(read_document(SEED)) if not s.passthrough]
    rng = random.Random(20151014)  # a local RNG: the global one is untouched
    sentences = (pool * (count // len(pool) + 1))[:count]
    rng.shuffle(sentences)
    return sentences


def _peak_rss_mb() -> float:
    """This process's own peak RSS. VmHWM, not getrusage: ru_maxrss survives fork and exec, so a child
    would report its parent's peak (the parent builds the model) whenever that was higher."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _settings(args: argparse.Namespace):
    from translate.engines.base import DecodingSettings

    # length_ratio 0 and length_extra N: every sentence's cap is exactly N tokens.
    return DecodingSettings(beam_size=args.beam, length_ratio=0.0, length_extra=args.tokens, device=args.device)


def run_system(args: argparse.Namespace) -> dict[str, float]:
    sentences = _sentences(args.sentences)
    model_dir = Path(args.model_dir)
    started = time.perf_counter()
    if args.system == "baseline":
        import torch
        from transformers import MarianMTModel, MarianTokenizer

        tokenizer = MarianTokenizer.from_pretrained(str(model_dir))
        # float32, as on any CPU (tc-big's checkpoint is float16, which transformers 5 would keep).
        model = MarianMTModel.from_pretrained(str(model_dir), dtype=torch.float32).to(args.device).eval()
        load_seconds = time.perf_counter() - started
        clock = time.perf_counter()
        produced = 0
        for start in range(0, len(sentences), 32):
            batch = tokenizer(sentences[start : start + 32], return_tensors="pt", padding=True).to(args.device)
            with torch.inference_mode():
                output = model.generate(**batch, num_beams=args.beam, max_new_tokens=args.tokens, min_new_tokens=args.tokens, max_length=None)
            tokenizer.batch_decode(output, skip_special_tokens=True)
            produced += int((output[:, 1:] != tokenizer.pad_token_id).sum())
        seconds = time.perf_counter() - clock
    elif args.system in ("ours-torch", "ours-torch-int8", "ours-ct2", "ours-ct2-all", "ours-ct2-seq"):
        from translate.document import parse_document
        from translate.engines import load_engine
        from translate.export import EXPORTERS
        from translate.atomic import write_atomic
        from translate.pipeline import translate_document

        engine_name = "ct2" if args.system.startswith("ours-ct2") else "torch"
        quantization = "int8" if args.system != "ours-torch" else None
        settings = dataclasses.replace(_settings(args), token_scores="none" if args.system == "ours-ct2-seq" else "all" if args.system == "ours-ct2-all" else "needed")
        engine = load_engine(str(model_dir), engine=engine_name, settings=settings, quantization=quantization)
        load_seconds = time.perf_counter() - started
        text = "\n\n".join(sentences) + "\n"
        with tempfile.TemporaryDirectory() as out:
            clock = time.perf_counter()
            document = parse_document(text, path="bench.txt")
            run = translate_document(document, engine)
            for name in ("jsonl", "txt", "tsv"):
                write_atomic(Path(out) / f"bench{EXPORTERS[name].suffix}", EXPORTERS[name].render(run))
            seconds = time.perf_counter() - clock
        # Output length, measured after the clock stopped (re-tokenising the English, so approximate:
        # a random model's pieces can re-tokenise into many more, past the model's 512 positions, so
        # they are counted with the tokenizer, not scored).
        import sentencepiece

        target_spm = sentencepiece.SentencePieceProcessor(model_file=str(model_dir / "target.spm"))
        produced = sum(len(target_spm.encode(p.target)) for p in run.pairs if not p.passthrough)
    else:
        import ctranslate2
        import sentencepiece

        from translate.engines.ct2 import converted_model_dir
        from translate.engines.resolve import resolve_model

        resolved = resolve_model(str(model_dir))
        translator = ctranslate2.Translator(str(converted_model_dir(resolved, "int8")), device=args.device, compute_type="int8", inter_threads=1, intra_threads=0)
        spm = sentencepiece.SentencePieceProcessor(model_file=str(model_dir / "source.spm"))
        load_seconds = time.perf_counter() - started
        clock = time.perf_counter()
        tokens = [spm.encode(sentence, out_type=str) + ["</s>"] for sentence in sentences]
        results = translator.translate_batch(tokens, beam_size=args.beam, max_batch_size=32, max_decoding_length=args.tokens, min_decoding_length=args.tokens)
        produced = sum(len(result.hypotheses[0]) for result in results)
        seconds = time.perf_counter() - clock
    return {
        "sentences": len(sentences),
        "seconds": seconds,
        "sentences_per_second": len(sentences) / seconds,
        "output_tokens": produced,
        "load_seconds": load_seconds,
        "peak_rss_mb": _peak_rss_mb(),
    }


def build_model(directory: Path, shape: str = "opus") -> Path:
    """A random-weight model of opus-mt-ar-en's shape, or (``shape="tc-big"``) opus-mt-tc-big-ar-en's,
    with its float16 ``pytorch_model.bin`` layout."""
    from translate.testing.tiny_marian import OPUS_MT_AR_EN_SHAPE, OPUS_MT_TC_BIG_AR_EN_SHAPE, build_tiny_marian

    if (directory / "config.json").exists():
        return directory
    source = SEED.read_text(encoding="utf-8").splitlines()
    target = (ROOT / "tests" / "data" / "tiny_corpus.en.txt").read_text(encoding="utf-8").splitlines()
    if shape == "tc-big":
        return build_tiny_marian(directory, source, target, spec=OPUS_MT_TC_BIG_AR_EN_SHAPE, weights="bin", dtype="float16")
    return build_tiny_marian(directory, source, target, spec=OPUS_MT_AR_EN_SHAPE)


def main() -> None:
    parser = argparse.ArgumentParser(description="translate speed benchmark")
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--tokens", type=int, default=48, help="output tokens per sentence, equal for all systems")
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--model-dir", default=None, help="reuse a model directory (built if missing)")
    parser.add_argument("--shape", default="opus", choices=["opus", "tc-big"], help="opus-mt-ar-en's shape or opus-mt-tc-big-ar-en's")
    parser.add_argument("--repeats", type=int, default=1, help="rounds, each running every system once in turn; the median round counts (two shared cores vary by ±10 %% run to run)")
    parser.add_argument("--system", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.system:  # child process: one system, JSON on stdout
        print(json.dumps(run_system(args)))
        return

    with tempfile.TemporaryDirectory() as scratch:
        model_dir = build_model(Path(args.model_dir) if args.model_dir else Path(scratch) / f"{args.shape}-shape", args.shape)
        env = dict(os.environ, TRANSLATE_CACHE=str(Path(scratch) / "cache"))
        # Convert once before timing anything, so neither CTranslate2 system pays for it.
        subprocess.run([sys.executable, "-c", f"from translate.engines.ct2 import converted_model_dir; from translate.engines.resolve import resolve_model; converted_model_dir(resolve_model({str(model_dir)!r}), 'int8')"], env=env, check=True)
        rounds: dict[str, list[dict[str, float]]] = {system: [] for system in args.systems.split(",")}
        for round_number in range(args.repeats):
            for system in rounds:  # interleaved: a slow spell of the machine hits every system alike
                command = [sys.executable, __file__, "--system", system, "--model-dir", str(model_dir), "--sentences", str(args.sentences), "--beam", str(args.beam), "--tokens", str(args.tokens), "--device", args.device]
                completed = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
                rounds[system].append(json.loads(completed.stdout.strip().splitlines()[-1]))
                figures = rounds[system][-1]
                print(f"round {round_number + 1} {system:>12}: {figures['sentences_per_second']:.2f} sent/s, peak RSS {figures['peak_rss_mb']:.0f} MB", file=sys.stderr, flush=True)
        results = {system: sorted(runs, key=lambda figures: figures["sentences_per_second"])[len(runs) // 2] for system, runs in rounds.items()}
        spread = {system: (min(r["sentences_per_second"] for r in runs), max(r["sentences_per_second"] for r in runs)) for system, runs in rounds.items()}

    print(f"\n{args.shape} shape, {args.sentences} sentences, beam {args.beam}, {args.tokens} output tokens each, device {args.device}, {os.cpu_count()} CPU cores, median of {args.repeats} interleaved round(s)\n")
    print("| system | sentences/s (min–max) | × baseline | × raw CT2 | peak RSS (MB) | load (s) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    base = results.get("baseline", {}).get("sentences_per_second")
    raw = results.get("raw-ct2", {}).get("sentences_per_second")
    for system, figures in results.items():
        speed = figures["sentences_per_second"]
        versus_base = f"{speed / base:.2f}" if base else "–"
        versus_raw = f"{speed / raw:.2f}" if raw else "–"
        low, high = spread[system]
        print(f"| {system} | {speed:.2f} ({low:.2f}–{high:.2f}) | {versus_base} | {versus_raw} | {figures['peak_rss_mb']:.0f} | {figures['load_seconds']:.1f} |")


if __name__ == "__main__":
    main()
