"""Archive throughput and memory: the same sentences as one article or as many, side by side in one run.

    python scripts/bench_archive.py [--sentences 150] [--split 1,50,150] [--beam 4] [--tokens 48]
                                    [--memory 100,10000] [--model-dir DIR]

Part 1 — speed. A random-weight Marian model with Helsinki-NLP/opus-mt-ar-en's exact shape is built once
(``--model-dir`` reuses one). The seed's Arabic sentences, repeated and shuffled (seeded) to
``--sentences``, are written as one article, then as 50, 150 … articles (``--split``), each a folder of
files. Every configuration runs ``translate run FOLDER`` as its own process (CTranslate2 int8, beam 4,
no translation cache) and is timed whole, model loading included. A random model never stops by
itself, so every sentence gets the same output cap (``--tokens``: length ratio 0, length extra N):
the configurations differ only in how the sentences are cut into articles.

Part 2 — memory. The tiny test model on archives of 3-sentence articles (``--memory`` article counts):
peak RSS of the whole process, which must not grow with the archive.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def sentences(count: int) -> list[str]:
    from translate.document import read_document
    from translate.segment import segment_document

    pool = [s.text for s in segment_document(read_document(ROOT / "seeds" / "000_9881ad367b76134a.txt")) if not s.passthrough and s.text.endswith(".")]
    rng = random.Random(20151014)  # a local RNG: the global one is untouched
    chosen = (pool * (count // len(pool) + 1))[:count]
    rng.shuffle(chosen)
    return chosen


def write_archive(folder: Path, texts: list[str], articles: int) -> None:
    """``texts`` cut into ``articles`` files of (nearly) equal sentence counts, one paragraph each."""
    folder.mkdir(parents=True, exist_ok=True)
    per, extra = divmod(len(texts), articles)
    start = 0
    for number in range(articles):
        size = per + (1 if number < extra else 0)
        day = folder / f"{number // 100:04d}"
        day.mkdir(exist_ok=True)
        (day / f"article{number:05d}.txt").write_text(" ".join(texts[start : start + size]) + "\n", encoding="utf-8")
        start += size


def warm(model_dir: Path) -> None:
    """Convert the model for CTranslate2 before any clock starts (the conversion is cached)."""
    from translate.engines.ct2 import converted_model_dir
    from translate.engines.resolve import resolve_model

    converted_model_dir(resolve_model(str(model_dir)), "int8")


def child(args: argparse.Namespace) -> None:
    """One whole `translate run` in this process; prints its figures as JSON."""
    from bench_speed import _peak_rss_mb
    from translate.archive import RunSettings, run_archive, walk_inputs
    from translate.engines.base import DecodingSettings

    started = time.perf_counter()
    decoding = DecodingSettings(beam_size=args.beam, length_ratio=0.0, length_extra=args.tokens, device="cpu")
    settings = RunSettings(model=args.model_dir, out_dir=Path(args.out), engine="ct2", quantization="int8", decoding=decoding, use_cache=False, window_sentences=args.window)
    articles = failed = segments = 0
    for outcome in run_archive(walk_inputs([Path(args.inputs)], settings.out_dir), settings):
        articles, failed, segments = articles + 1, failed + (outcome.status == "failed"), segments + outcome.segments
    print(
        json.dumps(
            {
                "seconds_in_process": time.perf_counter() - started,
                "articles": articles,
                "failed": failed,
                "segments": segments,
                "peak_rss_mb": _peak_rss_mb(),
            }
        )
    )


def measure(model_dir: Path, inputs: Path, out: Path, beam: int, tokens: int, window: int | None) -> dict:
    command = [sys.executable, __file__, "--child", "--model-dir", str(model_dir), "--inputs", str(inputs), "--out", str(out), "--beam", str(beam), "--tokens", str(tokens)]
    if window:
        command += ["--window", str(window)]
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["seconds"] = time.perf_counter() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=150)
    parser.add_argument("--split", default="1,50,150", help="article counts to cut the sentences into")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--tokens", type=int, default=48, help="output tokens per sentence, equal for every configuration")
    parser.add_argument("--memory", default="100,10000", help="article counts for the memory part (tiny model; empty: skip)")
    parser.add_argument("--model-dir", default=None)
    parser.add_argument("--window", type=int, default=None, help="sentences per decoding window (default: the pipeline's)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--inputs", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    from bench_speed import build_model

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        model_dir = build_model(Path(args.model_dir) if args.model_dir else work / "opus-shape")
        warm(model_dir)
        texts = sentences(args.sentences)
        splits = [int(part) for part in args.split.split(",") if part]
        if splits:
            print(f"Part 1: {len(texts)} sentences, opus-mt-ar-en shape (random weights), ct2 int8, beam {args.beam}, {args.tokens} output tokens per sentence, no cache; whole process\n")
            print("| the same sentences as | articles | segments | time (s) | ratio to 1 article | peak RSS (MB) |")
            print("|---|---:|---:|---:|---:|---:|")
        baseline = None
        for articles in splits:
            folder = work / f"split{articles}"
            write_archive(folder, texts, articles)
            result = measure(model_dir, folder, work / f"out{articles}", args.beam, args.tokens, args.window)
            baseline = baseline or result["seconds"]
            label = "1 article" if articles == 1 else f"{articles} articles of ~{len(texts) / articles:.0f} sentences"
            print(f"| {label} | {result['articles']} | {result['segments']} | {result['seconds']:.1f} | {result['seconds'] / baseline:.2f}× | {result['peak_rss_mb']:.0f} |")
        counts = [int(part) for part in args.memory.split(",") if part]
        if not counts:
            return
        from translate.testing.tiny_marian import build_tiny_marian

        tiny = build_tiny_marian(work / "tiny", (ROOT / "seeds" / "000_9881ad367b76134a.txt").read_text(encoding="utf-8").splitlines(), (ROOT / "tests" / "data" / "tiny_corpus.en.txt").read_text(encoding="utf-8").splitlines())
        warm(tiny)
        print("\nPart 2: archives of 3-sentence articles, tiny test model, greedy, 8 output tokens per sentence; whole process\n")
        print("| articles | sentences | time (s) | peak RSS (MB) |")
        print("|---:|---:|---:|---:|")
        for articles in counts:
            folder = work / f"memory{articles}"
            write_archive(folder, sentences(3 * articles), articles)
            result = measure(tiny, folder, work / f"memory-out{articles}", 1, 8, args.window)
            print(f"| {result['articles']} | {result['segments']} | {result['seconds']:.1f} | {result['peak_rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
