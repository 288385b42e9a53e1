"""Ray's overhead on one machine: the same short articles through `translate run --backend local` and
`--backend ray` (a local Ray started for the run, and stopped), side by side in one run.

    python scripts/bench_ray.py [--articles 200] [--model-dir DIR]

The tiny test model (greedy, no cache) keeps decoding cheap, so the ratio shows what Ray itself costs:
starting the local cluster, starting actors that each load the model, moving rows. Each backend runs as
one whole `translate run` process; the figure is its wall time.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--model-dir", default=None, help="a Marian model directory (default: build the tiny test model)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        if args.model_dir:
            model = Path(args.model_dir)
        else:
            from translate.testing.tiny_marian import build_tiny_marian

            model = build_tiny_marian(work / "tiny", (ROOT / "seeds" / "000_9881ad367b76134a.txt").read_text(encoding="utf-8").splitlines(), (ROOT / "tests" / "data" / "tiny_corpus.en.txt").read_text(encoding="utf-8").splitlines())
        inputs = work / "in"
        for number in range(args.articles):
            day = inputs / f"{number // 50:03d}"
            day.mkdir(parents=True, exist_ok=True)
            (day / f"story{number:04d}.txt").write_text(f"قال الوزير إن المحادثات رقم {number} مفيدة. وأضاف أنه سيعود غدا. ثم غادر القاعة.\n", encoding="utf-8")
        base = [sys.executable, "-m", "translate", "run", str(inputs), "--model", str(model), "--beam", "1", "--no-cache", "--quiet"]
        subprocess.run([*base, "--out", str(work / "warm")], check=True)  # converts the model once, untimed
        timings = {}
        for backend in ("local", "ray"):
            started = time.perf_counter()
            subprocess.run([*base, "--out", str(work / backend), "--backend", backend], check=True)
            timings[backend] = time.perf_counter() - started
        label = f"model {args.model_dir}" if args.model_dir else "the tiny test model"
        print(f"{args.articles} articles of 3 sentences, {label}, greedy, no cache, whole process, {__import__('os').cpu_count()} cores\n")
        print("| backend | time (s) | ratio to local |")
        print("|---|---:|---:|")
        for backend, seconds in timings.items():
            print(f"| {backend} | {seconds:.1f} | {seconds / timings['local']:.2f}× |")


if __name__ == "__main__":
    main()
