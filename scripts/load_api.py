"""Throughput and latency of ``translate serve`` under 1, 8 and 32 concurrent clients, with and
without request batching, measured in one run.

    python scripts/bench_serve.py [--tokens 24] [--beam 4] [--requests 32,96,192] [--model-dir DIR]

A random-weight Marian model with Helsinki-NLP/opus-mt-ar-en's exact shape (scripts/bench_speed.py's
``build_model``: d_model 512, 6+6 layers, 8 heads, FFN 2048, vocabulary 62,834) is built once and
converted to CTranslate2 int8 before any clock starts. The server runs in its own process (the
clients' threads never share its interpreter lock) on 127.0.0.1, with the default engine (ct2 int8,
all cores, per-token scores as ``translate serve`` does). A random model never chooses to stop, so
every sentence of every configuration gets the same output length (``--tokens``: length_ratio 0,
length_extra N): the configurations compare like with like.

Each client sends one sentence of the seed article per request (LibreTranslate's form body, as
libretranslatepy sends it), waiting for each answer before the next. The default run sends 24, 80
and 160 requests in all for 1, 8 and 32 clients (fewer than a production soak, to stay within about
four minutes on two cores, model build included); every request's latency is recorded from send to answer. The bar:
with batching, 32 clients get at least 3× the throughput of one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from translate.server.batching import DEFAULT_WINDOW_MS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

CLIENT_COUNTS = (1, 8, 32)
#: Requests in all per client count (1, 8, 32 clients), by default.
DEFAULT_REQUESTS = (24, 80, 160)
WARMUP_REQUESTS = 4
BAR = 3.0


def serve_child(args: argparse.Namespace) -> None:
    """The server process: load the engine, bind a free port, print it, serve until killed."""
    from translate.engines import load_engine
    from translate.engines.base import DecodingSettings
    from translate.server.batching import BatchSettings
    from translate.server.libretranslate import ApiSettings, create_api_app
    from translate.server.serving import LOOPBACK, bind, serve

    settings = DecodingSettings(beam_size=args.beam, length_ratio=0.0, length_extra=args.tokens, device="cpu")
    engine = load_engine(args.model_dir, engine="ct2", settings=settings)
    sock = bind(LOOPBACK, 0)
    app = create_api_app(ApiSettings(batching=BatchSettings(window_ms=args.batch_window_ms, merge=not args.no_batching)), engine)
    print(sock.getsockname()[1], flush=True)
    serve(app, sock)


def measure(url: str, sentences: list[str], clients: int, total: int) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    per_client = [total // clients + (1 if number < total % clients else 0) for number in range(clients)]

    def client(number: int) -> None:
        with httpx.Client(base_url=url, timeout=300) as session:
            for request in range(per_client[number]):
                sentence = sentences[(number * 7919 + request) % len(sentences)]
                started = time.perf_counter()
                response = session.post("/translate", data={"q": sentence, "source": "ar", "target": "en"})
                elapsed = time.perf_counter() - started
                with lock:
                    if response.status_code == 200:
                        latencies.append(elapsed)
                    else:
                        errors.append(f"{response.status_code} {response.text[:100]}")

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "seconds": seconds,
        "rps": len(latencies) / seconds,
        "p50_ms": 1000 * statistics.median(ordered),
        "p95_ms": 1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
    }


def run_mode(args: argparse.Namespace, model_dir: Path, env: dict[str, str], sentences: list[str], batching: bool) -> dict[int, dict[str, float]]:
    import httpx

    command = [sys.executable, __file__, "--serve", "--model-dir", str(model_dir), "--tokens", str(args.tokens), "--beam", str(args.beam), "--batch-window-ms", str(args.batch_window_ms)]
    if not batching:
        command.append("--no-batching")
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        port = int(process.stdout.readline())
        url = f"http://127.0.0.1:{port}"
        for sentence in sentences[:WARMUP_REQUESTS]:  # first calls allocate; not timed
            httpx.post(url + "/translate", data={"q": sentence, "source": "ar", "target": "en"}, timeout=300)
        results = {}
        for clients, total in zip(CLIENT_COUNTS, args.requests):
            results[clients] = figures = measure(url, sentences, clients, total)
            print(f"{'with' if batching else 'without'} batching, {clients:>2} clients: {figures['rps']:.2f} req/s, p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms, p99 {figures['p99_ms']:.0f} ms, {figures['errors']} errors", file=sys.stderr, flush=True)
        return results
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description="translate serve: throughput and latency under concurrent clients")
    parser.add_argument("--tokens", type=int, default=24, help="output tokens per sentence, the same for every configuration")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--requests", default=",".join(map(str, DEFAULT_REQUESTS)), help="requests in all for 1, 8 and 32 clients")
    parser.add_argument("--model-dir", default=None, help="reuse a model directory (built if missing)")
    parser.add_argument("--batch-window-ms", type=float, default=DEFAULT_WINDOW_MS, help="the server's collection window (translate serve --batch-window-ms)")
    parser.add_argument("--modes", default="on,off", help="request batching on, off or both")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-batching", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_child(args)
        return
    args.requests = tuple(int(value) for value in args.requests.split(","))
    if len(args.requests) != len(CLIENT_COUNTS):
        parser.error(f"--requests takes {len(CLIENT_COUNTS)} numbers")

    from bench_speed import _sentences, build_model

    with tempfile.TemporaryDirectory() as scratch:
        built = time.perf_counter()
        model_dir = build_model(Path(args.model_dir) if args.model_dir else Path(scratch) / "opus-shape")
        env = dict(os.environ, TRANSLATE_CACHE=str(Path(scratch) / "cache"))
        subprocess.run([sys.executable, "-c", f"from translate.engines.ct2 import converted_model_dir; from translate.engines.resolve import resolve_model; converted_model_dir(resolve_model({str(model_dir)!r}), 'int8')"], env=env, check=True)
        print(f"model built and converted in {time.perf_counter() - built:.0f} s", file=sys.stderr, flush=True)
        sentences = _sentences(200)
        modes = [mode == "on" for mode in args.modes.split(",")]
        results = {batching: run_mode(args, model_dir, env, sentences, batching) for batching in modes}

    print(f"\nopus-mt-ar-en shape (random weights), ct2 int8, beam {args.beam}, {args.tokens} output tokens per sentence, one sentence per request, {os.cpu_count()} CPU cores\n")
    print("| request batching | clients | requests | errors | requests/s | × 1 client | p50 latency (ms) | p95 latency (ms) | p99 latency (ms) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for batching, by_clients in results.items():
        single = by_clients[1]["rps"]
        for clients, figures in by_clients.items():
            print(f"| {'on' if batching else 'off'} | {clients} | {figures['requests']} | {figures['errors']} | {figures['rps']:.2f} | {figures['rps'] / single:.2f} | {figures['p50_ms']:.0f} | {figures['p95_ms']:.0f} | {figures['p99_ms']:.0f} |")
    if True in results:
        ratio = results[True][32]["rps"] / results[True][1]["rps"]
        versus_off = f"; {results[True][32]['rps'] / results[False][32]['rps']:.2f}× 32 clients without batching" if False in results else ""
        print(f"\n32 clients with batching: {ratio:.2f}× one client's throughput (bar ≥ {BAR:g}×: {'met' if ratio >= BAR else 'NOT met'}){versus_off}.")


if __name__ == "__main__":
    main()
