"""Where the time of a whole `translate run` goes: py-spy over scripts/bench_speed.py's run of one
system, the top costs by inclusive share of the process's samples, start-up apart.

    .venv/bin/pip install py-spy      # or: pip install -e '.[profile]'
    .venv/bin/python scripts/profile_speed.py --model-dir /tmp/bench/opus [--system ours-ct2] [--sentences 150] [--tokens 66] [--speedscope out.json]

The model directory is built (random weights, opus-mt-ar-en's shape) and converted first when missing,
outside the profile. py-spy samples Python stacks 100 times a second, idle threads included, so time in
CTranslate2's native decoding shows under the Python call that waits for it (``translate_batch``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

#: Frames that are the profile's own plumbing, not costs.
PLUMBING = ("<module> (bench_speed.py)", "main (bench_speed.py)", "run_system (bench_speed.py)")


def summarise(raw: Path, top: int) -> list[tuple[float, str]]:
    inclusive: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        if not any("run_system" in frame for frame in frames):
            continue  # the interpreter starting, before the script's own code
        total += int(count)
        seen = set()
        for frame in frames:
            name, _, where = frame.partition(" (")
            key = f"{name} ({where.split(':')[0].rsplit('/', 1)[-1]}" + ")" if where else name
            if key not in seen and "importlib" not in key:
                inclusive[key] += int(count)
                seen.add(key)
    return [(count / total, key) for key, count in inclusive.most_common() if key not in PLUMBING][:top]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", required=True, type=Path)
    parser.add_argument("--system", default="ours-ct2")
    parser.add_argument("--sentences", type=int, default=150)
    parser.add_argument("--tokens", type=int, default=66)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--speedscope", type=Path, help="also write the profile for speedscope.app")
    args = parser.parse_args()
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        print("py-spy is not installed: pip install py-spy", file=sys.stderr)
        return 1
    from bench_speed import build_model

    build_model(args.model_dir)
    env = dict(os.environ, TRANSLATE_CACHE=str(args.model_dir.parent / "cache"))
    subprocess.run([sys.executable, "-c", f"from translate.engines.ct2 import converted_model_dir; from translate.engines.resolve import resolve_model; converted_model_dir(resolve_model({str(args.model_dir)!r}), 'int8')"], env=env, check=True)
    command = [sys.executable, str(ROOT / "scripts" / "bench_speed.py"), "--system", args.system, "--model-dir", str(args.model_dir), "--sentences", str(args.sentences), "--beam", "4", "--tokens", str(args.tokens), "--device", "cpu"]
    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / "profile.txt"
        subprocess.run([spy, "record", "-o", str(raw), "-f", "raw", "-r", "100", "--idle", "--", *command], env=env, check=True, capture_output=True)
        if args.speedscope:
            subprocess.run([spy, "record", "-o", str(args.speedscope), "-f", "speedscope", "-r", "100", "--idle", "--", *command], env=env, check=True, capture_output=True)
        print(f"{args.system}, {args.sentences} sentences, {args.tokens} tokens, beam 4: share of the run's samples (inclusive)")
        for share, key in summarise(raw, args.top):
            print(f"{share:6.1%}  {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
