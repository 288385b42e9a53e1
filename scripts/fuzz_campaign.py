"""A bounded fuzzing campaign over the robustness targets of tests/fuzz_targets.py: segmentation,
article decoding, glossary matching and loading, every exporter, run JSONL from elsewhere, and
evaluation.

Each target runs in rounds of hypothesis examples (fresh random seeds each round, no example
database) until its share of ``--seconds`` is spent or it has run ``--examples``; a failure is shrunk
by hypothesis and printed with its minimal failing input. The report says what ran: per target the
rounds, examples, seconds and failures.

    .venv/bin/python scripts/fuzz_campaign.py [--seconds 300] [--examples 100000] [--target NAME ...] [--seed N]

Exit status: 0 when no target failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from fuzz_targets import TARGETS, Target  # noqa: E402

#: Examples per round: big enough that hypothesis explores, small enough to stop near the deadline.
ROUND_EXAMPLES = 200


@dataclass
class Tally:
    name: str
    rounds: int = 0
    examples: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)


def _round(target: Target, examples: int, round_seed: int, tally: Tally) -> None:
    def counted(value: object) -> None:
        tally.examples += 1
        target.check(value)

    test = given(target.strategy)(counted)
    test = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )(test)
    seed(round_seed)(test)()


def run_target(target: Target, budget_seconds: float, max_examples: int, rng: random.Random) -> Tally:
    tally = Tally(target.name)
    started = time.monotonic()
    while time.monotonic() - started < budget_seconds and tally.examples < max_examples and not tally.failures:
        round_seed = rng.randrange(2**32)
        try:
            _round(target, min(ROUND_EXAMPLES, max_examples - tally.examples), round_seed, tally)
        except Exception as error:  # a falsified property: keep its shrunk example and stop this target
            notes = "\n".join(getattr(error, "__notes__", []))
            tally.failures.append(f"seed {round_seed}: {type(error).__name__}: {error}\n{notes}\n{traceback.format_exc(limit=-3)}")
        tally.rounds += 1
    tally.seconds = time.monotonic() - started
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="wall-clock budget for the whole campaign, split evenly between targets")
    parser.add_argument("--examples", type=int, default=100_000, help="most examples per target")
    parser.add_argument("--target", action="append", choices=[target.name for target in TARGETS], help="run only these targets (repeatable)")
    parser.add_argument("--seed", type=int, default=20261129, help="seed of the round seeds (the campaign is reproducible up to timing)")
    args = parser.parse_args()

    targets = [target for target in TARGETS if not args.target or target.name in args.target]
    rng = random.Random(args.seed)
    share = args.seconds / len(targets)
    print(f"fuzz campaign: {len(targets)} targets, {share:.0f} s and at most {args.examples} examples each, seed {args.seed}")
    tallies = []
    for target in targets:
        tally = run_target(target, share, args.examples, rng)
        tallies.append(tally)
        status = "ok" if not tally.failures else "FAILED"
        print(f"  {tally.name:<20} {tally.examples:>8} examples {tally.rounds:>4} rounds {tally.seconds:>7.1f} s  {status}", flush=True)
    total = sum(tally.examples for tally in tallies)
    failed = [tally for tally in tallies if tally.failures]
    print(f"total: {total} examples in {sum(t.seconds for t in tallies):.0f} s; {len(failed)} target(s) failed")
    for tally in failed:
        for failure in tally.failures:
            print(f"\n--- {tally.name}: {failure}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
