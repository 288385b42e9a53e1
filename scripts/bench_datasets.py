"""Datasets: rows/s and peak memory for 1k … 100k rows and for one 1 MB article, side by side in one run.

    python scripts/bench_datasets.py [--rows 1000,10000,20000,100000] [--ray-rows 10000] [--tokens 8] [--article-mb 1]

Every configuration is its own process (the tiny random test model through CTranslate2 int8,
greedy, no translation cache), timed whole, model loading included; peak RSS is the process's own
high-water mark (VmHWM). Rows are news sentences of the seed article, one to three a row, repeated
and shuffled with a seeded RNG. A random model never stops by itself, so every sentence of every
configuration gets the same output cap (``--tokens``: length ratio 0, length extra N): the figures
are the cost of everything around decoding at a fixed decode cost, which is what memory depends on.

Configurations: a JSONL dataset of each size (``translate run rows.jsonl``); ``--ray-rows`` rows on a
local Ray of two actors (``--backend ray``; the peak is the driver's, each actor a process of its own);
the same 1 MB article
(``--article-mb``) as a ``.txt`` file and as one JSONL row. The bar: peak RSS for 20,000 rows within
1.15× that for 1,000; one 1 MB article under 400 MB.
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


def pool() -> list[str]:
    from translate.document import read_document
    from translate.segment import segment_document

    return [s.text for s in segment_document(read_document(ROOT / "seeds" / "000_9881ad367b76134a.txt")) if not s.passthrough and s.text.endswith(".")]


def write_rows(path: Path, count: int) -> None:
    sentences = pool()
    rng = random.Random(20261203)  # a local RNG: the global one is untouched
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            text = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3)))
            out.write(json.dumps({"id": f"r{number}", "text": text}, ensure_ascii=False) + "\n")


def long_article(megabytes: float) -> str:
    """A report of ``megabytes`` of UTF-8: paragraphs of three to six seed sentences."""
    sentences = pool()
    rng = random.Random(1)
    paragraphs, size = [], 0
    while size < megabytes * 2**20:
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(paragraphs) + "\n"


def child(args: argparse.Namespace) -> None:
    """One whole run in this process; prints its figures as JSON."""
    from bench_speed import _peak_rss_mb
    from translate.archive import RunSettings, run_archive, walk_inputs
    from translate.engines.base import DecodingSettings

    started = time.perf_counter()
    decoding = DecodingSettings(beam_size=1, length_ratio=0.0, length_extra=args.tokens, device="cpu")
    settings = RunSettings(model=args.model_dir, out_dir=Path(args.out), engine="ct2", quantization="int8", decoding=decoding, use_cache=False, formats=("jsonl", "txt"))
    if args.inputs.endswith(".jsonl"):
        from contextlib import nullcontext

        from translate.datasets import DatasetRequest, run_dataset

        windows = nullcontext()
        if args.ray:
            from dataclasses import replace

            from translate.distributed.ray_datasets import RayWindows

            windows = RayWindows(replace(settings, threads=1), title=False, pairs=False, workers=2)
        with windows as pool:
            outcome = run_dataset(DatasetRequest(args.inputs, args.out, id_field="id"), settings, windows=pool)
        rows, segments, failed = outcome.translated, outcome.sentences, outcome.failed
    else:
        rows = segments = failed = 0
        for result in run_archive(walk_inputs([Path(args.inputs)], settings.out_dir), settings):
            rows, segments, failed = rows + 1, segments + result.segments, failed + (result.status == "failed")
    print(json.dumps({"seconds_in_process": time.perf_counter() - started, "rows": rows, "segments": segments, "failed": failed, "peak_rss_mb": _peak_rss_mb()}))


def measure(model_dir: Path, inputs: Path, out: Path, tokens: int, ray: bool = False) -> dict:
    command = [sys.executable, __file__, "--child", "--model-dir", str(model_dir), "--inputs", str(inputs), "--out", str(out), "--tokens", str(tokens)] + (["--ray"] if ray else [])
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["seconds"] = time.perf_counter() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="1000,10000,20000,100000")
    parser.add_argument("--tokens", type=int, default=8, help="output cap per sentence (length extra), the same for every configuration")
    parser.add_argument("--ray-rows", type=int, default=10000, help="rows also run on a local Ray (0: skip)")
    parser.add_argument("--article-mb", type=float, default=1.0, help="0: skip the long article")
    parser.add_argument("--ray", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--model-dir", default="")
    parser.add_argument("--inputs", default="")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    from translate.testing.tiny_marian import build_tiny_marian

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        sentences = pool()
        model = build_tiny_marian(work / "tiny", sentences, sentences)
        from bench_archive import warm

        warm(model)  # converted to CTranslate2 once, outside the timed runs
        print(f"tiny random Marian, ct2 int8, greedy, every sentence capped at {args.tokens} tokens, no cache; each configuration its own process\n")
        print("| input | rows | sentences | seconds | rows/s | peak RSS (MB) |")
        print("|---|---:|---:|---:|---:|---:|")
        peaks: dict[str, float] = {}
        for count in (int(part) for part in args.rows.split(",") if part):
            path = work / f"rows{count}.jsonl"
            write_rows(path, count)
            result = measure(model, path, work / f"out{count}", args.tokens)
            peaks[f"rows{count}"] = result["peak_rss_mb"]
            print(f"| JSONL, {count:,} rows | {result['rows']:,} | {result['segments']:,} | {result['seconds']:.1f} | {result['rows'] / result['seconds']:.0f} | {result['peak_rss_mb']:.0f} |", flush=True)
        if args.ray_rows:
            path = work / f"rows{args.ray_rows}.jsonl"
            if not path.exists():
                write_rows(path, args.ray_rows)
            result = measure(model, path, work / f"out-ray{args.ray_rows}", args.tokens, ray=True)
            print(f"| JSONL, {args.ray_rows:,} rows, local Ray (2 actors) | {result['rows']:,} | {result['segments']:,} | {result['seconds']:.1f} | {result['rows'] / result['seconds']:.0f} | {result['peak_rss_mb']:.0f} (driver) |", flush=True)
        if args.article_mb:
            text = long_article(args.article_mb)
            (work / "article").mkdir()
            (work / "article" / "report.txt").write_text(text, encoding="utf-8")
            result = measure(model, work / "article", work / "out-article", args.tokens)
            peaks["txt"] = result["peak_rss_mb"]
            print(f"| one {args.article_mb:g} MB article as .txt | 1 | {result['segments']:,} | {result['seconds']:.1f} | – | {result['peak_rss_mb']:.0f} |", flush=True)
            (work / "article.jsonl").write_text(json.dumps({"id": "report", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
            result = measure(model, work / "article.jsonl", work / "out-article-row", args.tokens)
            peaks["row"] = result["peak_rss_mb"]
            print(f"| the same article as one JSONL row | 1 | {result['segments']:,} | {result['seconds']:.1f} | – | {result['peak_rss_mb']:.0f} |")
        if "rows1000" in peaks and "rows20000" in peaks:
            print(f"\npeak RSS, 20,000 rows / 1,000 rows: {peaks['rows20000'] / peaks['rows1000']:.2f}× (bar: ≤ 1.15×)")
        if args.article_mb:
            print(f"one {args.article_mb:g} MB article: {peaks['txt']:.0f} MB as .txt, {peaks['row']:.0f} MB as a row (bar: < 400 MB)")


if __name__ == "__main__":
    main()
