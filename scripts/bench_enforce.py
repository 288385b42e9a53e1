"""Glossary enforcement overhead on the seed article, measured in one run, printed as ratios.

    .venv/bin/python scripts/bench_enforce.py [--model DIR] [--engine torch|ct2] [--beam 2] [--repeats 3]

Without ``--model`` it builds the tiny random-weight Marian model (as the tests do). That model
never produces a glossary term by itself, so every matched term needs repair: the ``worst case``
line is the cost of re-decoding every segment that names an entity. The ``check only`` line is the
cost when the model already produced every term (the enforced outputs fed back in): matching,
mention planning and checking, no engine call. ``matching`` compares a 100,000-entry glossary with
the seed's: matching time does not grow with the glossary.

Timings are medians over ``--repeats`` runs, with and without the glossary interleaved after a
warm-up, so both sides see the same machine load.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9881ad367b76134a.txt"
GLOSSARY = ROOT / "glossary"


def _tiny_model(directory: Path) -> Path:
    from translate.testing.tiny_marian import build_tiny_marian

    source = SEED.read_text(encoding="utf-8").splitlines()
    target = (ROOT / "tests" / "data" / "tiny_corpus.en.txt").read_text(encoding="utf-8").splitlines()
    return build_tiny_marian(directory, source, target)


def _timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def _big_glossary(base):
    from translate.glossary import Glossary, GlossaryEntry, term_key

    rng = random.Random(20151014)
    letters = "بتثجحخدذرسشصضطظعغقمنهي"
    entries = list(base.entries)
    seen = {term_key(variant) for entry in entries for variant in entry.ar}
    while len(entries) < 100_000:
        words = tuple("".join(rng.choice(letters) for _ in range(rng.randint(4, 7))) for _ in range(rng.randint(1, 3)))
        if words not in seen:
            seen.add(words)
            entries.append(GlossaryEntry((" ".join(words),), f"Name {len(entries)}"))
    return Glossary(tuple(entries), (), "sha256:bench")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="Marian model directory (default: build the tiny random model)")
    parser.add_argument("--engine", default="torch", choices=("torch", "ct2"))
    parser.add_argument("--beam", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    from translate.document import read_document
    from translate.engines import DecodingSettings, load_engine
    from translate.enforce import enforce_terms
    from translate.glossary import TermMatcher, load_glossary, plan_mentions
    from translate.pipeline import translate_document
    from translate.segment import segment_document

    with tempfile.TemporaryDirectory() as scratch:
        model = args.model or str(_tiny_model(Path(scratch) / "tiny"))
        engine = load_engine(model, engine=args.engine, settings=DecodingSettings(beam_size=args.beam, device="cpu"))
        document = read_document(SEED)
        glossary = load_glossary(GLOSSARY)
        matcher = TermMatcher(glossary)
        translate_document(document, engine)  # warm-up
        plain, enforced = [], []
        run = None
        for _ in range(args.repeats):
            plain.append(_timed(lambda: translate_document(document, engine))[0])
            seconds, run = _timed(lambda: translate_document(document, engine, glossary=matcher))
            enforced.append(seconds)

        statuses = Counter(term.status for pair in run.pairs for term in pair.terms)
        repaired_segments = sum(1 for pair in run.pairs if any(term.status != "model" for term in pair.terms))
        translated = sum(1 for pair in run.pairs if not pair.passthrough)

        # Check-only cost: the enforced outputs already hold every term, so no engine call happens.
        segments = segment_document(document)
        targets = {pair.id: pair.target for pair in run.pairs}

        def check_only() -> None:
            from translate.engines.base import Hypothesis

            planned = plan_mentions(segments, matcher)
            ids = list(planned)
            results = enforce_terms(engine, [segments[i - 1].text for i in ids], [Hypothesis(targets[i]) for i in ids], [planned[i] for i in ids])
            assert all(status == "model" for result in results for status in result.statuses)

        check = statistics.median(_timed(check_only)[0] for _ in range(max(3, args.repeats)))

        big_glossary = _big_glossary(glossary)
        big = TermMatcher(big_glossary)
        big_tsv = Path(scratch) / "big.tsv"
        big_tsv.write_text("ar\ten\n" + "".join(f"{'|'.join(e.ar)}\t{e.en}\n" for e in big_glossary.entries), encoding="utf-8")
        load_seconds = _timed(lambda: TermMatcher(load_glossary(big_tsv)))[0]
        texts = [segment.text for segment in segments] * 20
        small_match = statistics.median(_timed(lambda: [matcher.find(text) for text in texts])[0] for _ in range(3))
        big_match = statistics.median(_timed(lambda: [big.find(text) for text in texts])[0] for _ in range(3))

    base = statistics.median(plain)
    with_glossary = statistics.median(enforced)
    print(f"model: {model if args.model else 'tiny random Marian (built)'}, engine {args.engine}, beam {args.beam}, {args.repeats} repeats, median seconds")
    print(f"seed: {translated} translated segments, {sum(statuses.values())} glossary terms ({dict(statuses)}), {repaired_segments} segments re-decoded")
    print(f"worst case (every term repaired): without glossary {base:.2f} s, with {with_glossary:.2f} s, ratio {with_glossary / base:.2f}")
    print(f"check only (model already right): {check * 1000:.1f} ms, ratio {(base + check) / base:.3f}")
    print(f"loading and indexing a 100,000-entry TSV: {load_seconds:.2f} s")
    print(f"matching the seed x20: {len(glossary)} entries {small_match * 1000:.1f} ms, 100,000 entries {big_match * 1000:.1f} ms, ratio {big_match / small_match:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
