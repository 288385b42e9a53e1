"""How fast the translation memory answers: lookups per second at 1k, 10k and 100k entries, and the
import rate, on one core, in one run.

Entries are built from Arabic text on disk: NTREX dev (659 sentences) and UD Arabic-PUD (1,000) from
../shared/data, and the seed article. 100k entries need more sentences than that, so variants are
**synthesised**: the first part of one real sentence joined to the last part of another (cut at a
token boundary), with a seeded local RNG — realistic lengths and vocabulary, no duplicates. Each
entry's English is a placeholder (``en N``): lookups never read it.

Queries, a third each: sentences in the memory (exact, 100), memory sentences with one word replaced
(fuzzy, 75–99 mostly), and real sentences held out of the memory (mostly no match). Every lookup
is what ``translate run --tm`` does per sentence: :meth:`MemoryLookup.match` (index search + fetch of
the hits from SQLite). Import rate: entries stored per second through ``TranslationMemory.add`` (one
transaction), and the index load (what a run pays once at its start).

Baseline, in the same run: what a user would write without an index — a linear scan of every entry
with rapidfuzz (``process.extract`` over the token sequences, the same OmegaT score, the same cutoff),
on the first ``--baseline-queries`` of the same queries; the table says how often its best score equals
ours (it must: the index only skips entries that cannot reach the cutoff).

Usage: python scripts/bench_tm.py [--sizes 1000,10000,100000] [--queries 3000]
"""

from __future__ import annotations

import argparse
import sys
import json
import random
import tempfile
import time
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from translate.records import TmProvenance
from translate.tm import (
    MemoryLookup,
    TmEntry,
    TranslationMemory,
    band,
    tm_key,
    tm_tokens,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from translate.testing.corpora import data_dir  # noqa: E402
SHARED = data_dir()  # the repository's data/ (data/SOURCES.md)
SEED = ROOT / "seeds" / "000_9881ad367b76134a.txt"
HELD_OUT = 300


def real_sentences() -> list[str]:
    sentences: list[str] = []
    ntrex = SHARED / "ntrex-dev" / "articles.jsonl"
    if ntrex.is_file():
        for line in ntrex.read_text(encoding="utf-8").splitlines():
            sentences.extend(json.loads(line)["ar"])
    pud = SHARED / "ud-arabic-pud" / "ar_pud-ud-test.conllu"
    if pud.is_file():
        sentences.extend(line.split("=", 1)[1].strip() for line in pud.read_text(encoding="utf-8").splitlines() if line.startswith("# text ="))
    sentences.extend(line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip())
    return list(dict.fromkeys(sentence for sentence in sentences if len(tm_tokens(sentence)) >= 3))


def synthesise(pool: list[str], count: int, rng: random.Random) -> list[str]:
    """``count`` distinct sentences: the pool itself first, then head-of-one + tail-of-another joins."""
    out = list(dict.fromkeys(pool))[:count]
    seen = {tm_key(sentence) for sentence in out}
    split = [sentence.split() for sentence in pool]
    while len(out) < count:
        first, second = rng.choice(split), rng.choice(split)
        joined = " ".join(first[: rng.randint(1, max(1, len(first) - 1))] + second[rng.randint(1, max(1, len(second) - 1)) :])
        key = tm_key(joined)
        if key and key not in seen:
            seen.add(key)
            out.append(joined)
    return out


def one_word_changed(sentence: str, rng: random.Random, words: list[str]) -> str:
    tokens = sentence.split()
    tokens[rng.randrange(len(tokens))] = rng.choice(words)
    return " ".join(tokens)


def linear_scan(asked: list[str], sources: list[str], minimum: int) -> tuple[float, list[int]]:
    """Lookups per second and best scores of the plain baseline: score every entry."""
    tokenised = [tm_tokens(source) for source in sources]
    best: list[int] = []
    started = time.perf_counter()
    for text in asked:
        found = process.extractOne(tm_tokens(text), tokenised, scorer=Levenshtein.normalized_similarity, score_cutoff=minimum / 100)
        best.append(int(found[1] * 100 + 1e-9) if found else 0)
    return len(asked) / (time.perf_counter() - started), best


def bench(size: int, pool: list[str], held_out: list[str], queries: int, folder: Path, baseline_queries: int) -> dict[str, float]:
    rng = random.Random(size)
    sources = synthesise(pool, size, rng)
    entries = [TmEntry(source, f"en {number}", tm_key(source), None, TmProvenance("bench")) for number, source in enumerate(sources)]
    with TranslationMemory(folder / f"bench-{size}.sqlite3") as memory:
        started = time.perf_counter()
        memory.add(entries)
        stored = time.perf_counter() - started
        started = time.perf_counter()
        lookup = MemoryLookup.load(memory)
        loaded = time.perf_counter() - started
        words = [word for sentence in pool[:200] for word in sentence.split()]
        third = queries // 3
        asked = [rng.choice(sources) for _ in range(third)]
        asked += [one_word_changed(rng.choice(sources), rng, words) for _ in range(third)]
        asked += [rng.choice(held_out) for _ in range(queries - 2 * third)]
        rng.shuffle(asked)
        bands: dict[str, int] = {}
        ours: list[int] = []
        started = time.perf_counter()
        for text in asked:
            found = lookup.match(text)
            best = found.exact.score if found.exact else (found.suggestions[0].score if found.suggestions else 0)
            ours.append(best)
            bands[band(best)] = bands.get(band(best), 0) + 1
        seconds = time.perf_counter() - started
    baseline_rate, baseline_best = linear_scan(asked[:baseline_queries], sources, 75)
    agree = sum(1 for a, b in zip(ours, baseline_best) if a == b) / max(1, len(baseline_best))
    return {"entries": size, "lookups_per_s": len(asked) / seconds, "import_per_s": size / stored, "index_load_s": loaded, "bands": bands, "baseline_per_s": baseline_rate, "agree": agree}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=3000)
    parser.add_argument("--baseline-queries", type=int, default=300)
    options = parser.parse_args()
    sentences = real_sentences()
    rng = random.Random(0)
    rng.shuffle(sentences)
    held_out, pool = sentences[:HELD_OUT], sentences[HELD_OUT:]
    print(f"{len(sentences)} real Arabic sentences ({HELD_OUT} held out as unseen queries); {options.queries} lookups per size, one core")
    print("| entries | lookups/s | linear scan (rapidfuzz) lookups/s | ratio | same best score | import (entries/s) | index load (s) | best-match bands of the queries |")
    print("|--:|--:|--:|--:|--:|--:|--:|---|")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(part) for part in options.sizes.split(",")):
            row = bench(size, pool, held_out, options.queries, Path(folder), options.baseline_queries)
            bands = ", ".join(f"{label}: {count}" for label, count in sorted(row["bands"].items()))
            ratio = row["lookups_per_s"] / row["baseline_per_s"]
            print(
                f"| {size:,} | {row['lookups_per_s']:,.0f} | {row['baseline_per_s']:,.0f} | {ratio:.1f}× | {row['agree']:.0%} | {row['import_per_s']:,.0f} | {row['index_load_s']:.2f} | {bands} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
