"""The review server's safety figures: acknowledged saves survive ``kill -9``; concurrent saves on one base
give one 200.

    .venv/bin/python scripts/stress_review.py [--kills 6] [--saves-per-round 120] [--concurrent 1000]

1. **Kill -9.** ``translate review`` runs as a real process on 127.0.0.1 over a sample run; 8 client
   threads save segments (each with the version it last saw) until the server is killed with SIGKILL at
   a random moment, then it is started again on the same files, ``--kills`` times. Every save the server
   answered 200 must be in ``NAME.post-edit.jsonl`` afterwards (its text at its version).
2. **Concurrency.** ``--concurrent`` PUTs of one segment, all with the same base, from 50 threads:
   exactly one may get 200, the rest 409, and the file gets one record.

Bounded in count and time; loopback only. Prints the figures; exits 1 if either property fails.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from export_samples import sample_run  # noqa: E402
from translate.postedit import post_edit_path, read_post_edits  # noqa: E402
from translate.records import run_to_jsonl  # noqa: E402

TOKEN = "stress-token-2468"
ADDRESS = re.compile(r"Review at (http://127\.0\.0\.1:\d+)/")


def start(run_path: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "translate", "review", str(run_path), "--no-browser", "--port", "0", "--token", TOKEN, "--editor", "Stress"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 60
    assert process.stderr is not None
    while time.monotonic() < deadline:
        match = ADDRESS.search(process.stderr.readline())
        if match:
            return process, match.group(1)
    process.kill()
    raise SystemExit("translate review printed no address")


def kill_rounds(folder: Path, kills: int, per_round: int, rng: random.Random) -> tuple[int, int]:
    run_path = folder / "article.jsonl"
    run_path.write_text(run_to_jsonl(sample_run()), encoding="utf-8")
    ids = [pair.id for pair in sample_run().pairs]
    acknowledged: dict[tuple[int, int], str] = {}
    lock = threading.Lock()
    for round_number in range(kills):
        process, url = start(run_path)
        stop = threading.Event()
        versions = {pair_id: (edit.version if edit else None) for pair_id, edit in ((i, read_post_edits(post_edit_path(run_path)).latest.get(i)) for i in ids)}

        def client(number: int) -> None:
            local = random.Random(f"{round_number}/{number}")
            with httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5) as http:
                while not stop.is_set():
                    pair_id = local.choice(ids)
                    with lock:
                        base = versions[pair_id]
                    text = f"round {round_number} client {number} save {local.random():.6f}"
                    try:
                        answer = http.put(f"{url}/api/runs/article/segments/{pair_id}", json={"target": text, "base": base, "confirmed": local.random() < 0.5})
                    except httpx.HTTPError:
                        return  # the server is gone
                    with lock:
                        if answer.status_code == 200:
                            version = answer.json()["version"]
                            acknowledged[(pair_id, version)] = text
                            versions[pair_id] = max(version, versions[pair_id] or 0)
                        elif answer.status_code == 409:
                            current = answer.json()["current"]
                            versions[pair_id] = current["version"] if current else None

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(8)]
        for thread in threads:
            thread.start()
        target = len(acknowledged) + per_round
        deadline = time.monotonic() + 60
        while len(acknowledged) < target and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.05))  # a random moment, saves in flight
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
    # Opening it again repairs what a kill left (a cut line goes to .damaged); then read what is on disk.
    process, _ = start(run_path)
    process.send_signal(signal.SIGINT)
    process.wait(timeout=30)
    records = {(edit.id, edit.version): edit.post_edit for edit in read_post_edits(post_edit_path(run_path)).records}
    lost = sum(1 for key, text in acknowledged.items() if records.get(key) != text)
    return len(acknowledged), lost


def concurrency(folder: Path, requests: int) -> tuple[int, int, int, int]:
    run_path = folder / "concurrent.jsonl"
    run_path.write_text(run_to_jsonl(sample_run()), encoding="utf-8")
    process, url = start(run_path)
    try:
        with httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30, limits=httpx.Limits(max_connections=50)) as http:
            def put(number: int) -> int:
                return http.put(f"{url}/api/runs/concurrent/segments/0", json={"target": f"writer {number}", "base": None}).status_code

            with ThreadPoolExecutor(50) as pool:
                codes = list(pool.map(put, range(requests)))
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    records = [edit for edit in read_post_edits(post_edit_path(run_path)).records if edit.id == 0]
    return codes.count(200), codes.count(409), len(codes) - codes.count(200) - codes.count(409), len(records)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--saves-per-round", type=int, default=120)
    parser.add_argument("--concurrent", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        acknowledged, lost = kill_rounds(Path(folder), args.kills, args.saves_per_round, random.Random(args.seed))
        print(f"kill -9: {args.kills} kills, {acknowledged} saves acknowledged, {lost} lost")
        ok, conflicts, other, records = concurrency(Path(folder), args.concurrent)
        print(f"concurrency: {args.concurrent} saves on one base: {ok} x 200, {conflicts} x 409, {other} other; {records} record(s) on disk")
    return 0 if lost == 0 and ok == 1 and other == 0 and records == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
