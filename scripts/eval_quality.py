"""Quality flags, measured: errors planted in professional English, caught or not, and false alarms.

The NTREX-128 dev articles in ``--shared-data`` (professional Arabic translations of English news, made
by others for document-level MT evaluation) are split by :func:`translate.testing.corpora.split_articles`:
the quality model (``translate/data/quality/``) was fitted by ``scripts/fit_quality.py`` on UD
Arabic-PUD and the other part; this script reports the **held-back** articles (and, apart, the fitted
ones, to show the gap).

Each article goes through what ``translate align --presegmented AR EN`` does (headline and body as two
paragraphs, one sentence a line, no model): clean, and once per kind of
:mod:`translate.testing.corruptions` with that error planted in a share of its eligible sentences
(seeded). A planted error is *detected* when the bead holding the corrupted English sentence carries
any flag; a *false alarm* is a flagged bead of the clean run. Beside our flags: the rules before the
quality model (the flags ``translate`` raised until this version: fixed thresholds on numbers,
repetition, length against the document, quotes), computed here on the same features.

    .venv/bin/python scripts/eval_quality.py [--shared-data ../shared/data] [--seeds 5] [--rate 0.3]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.testing.corpora import data_dir  # noqa: E402

from translate.align.documents import Side, align_documents  # noqa: E402
from translate.testing.corpora import Article, ntrex_articles, split_articles  # noqa: E402
from translate.testing.corruptions import KINDS, plant  # noqa: E402

DEFAULT_SHARED_DATA = data_dir()  # the repository's data/ (data/SOURCES.md), else ../shared/data


def flags_before(features: dict[str, float]) -> tuple[str, ...]:
    """The flags of ``translate`` before the quality model (its score_features, flags only)."""
    flags = []
    untranslated = features.get("untranslated", 0.0) > 0
    if untranslated:
        flags.append("untranslated")
    elif features.get("arabic_letters", 0.0) > 0:
        flags.append("arabic-left")
    if (features.get("numbers_missing", 0.0) + features.get("numbers_extra", 0.0)) and not untranslated:
        flags.append("number-mismatch")
    if features.get("repeat_loop_words", 0.0) >= 3 or features.get("repeat_trigram_max", 0.0) >= 3:
        flags.append("repetition")
    if abs(features.get("length_z", 0.0)) > 3.0 and not untranslated:
        flags.append("length-outlier")
    if features.get("unbalanced_target", 0.0) > features.get("unbalanced_source", 0.0):
        flags.append("unbalanced-quotes")
    return tuple(flags)


@dataclass
class Tally:
    planted: Counter
    detected: Counter
    detected_before: Counter
    clean: int = 0
    clean_flagged: int = 0
    clean_flagged_before: int = 0
    clean_flags: Counter = None  # type: ignore[assignment]
    clean_flags_before: Counter = None  # type: ignore[assignment]


def _sides(article: Article, english: list[str]) -> tuple[Side, Side]:
    paragraphs = tuple([0] + [1] * (len(article.arabic) - 1))
    return Side("ar.txt", article.arabic, paragraphs, "utf-8"), Side("en.txt", tuple(english), paragraphs, "utf-8")


def _bead_of(alignment, target_index: int):
    return next(item for item in alignment.beads if target_index in item.bead.tgt)


def measure(articles: list[Article], donors: list[str], seeds: int, rate: float) -> Tally:
    tally = Tally(Counter(), Counter(), Counter(), clean_flags=Counter(), clean_flags_before=Counter())
    for article in articles:
        arabic_side, english_side = _sides(article, list(article.english))
        for item in align_documents(arabic_side, english_side).beads:
            if item.quality is None:
                continue
            tally.clean += 1
            tally.clean_flagged += bool(item.quality.flags)
            tally.clean_flags.update(item.quality.flags)
            before = flags_before(item.quality.features) if item.bead.src and item.bead.tgt else ()
            tally.clean_flagged_before += bool(before)
            tally.clean_flags_before.update(before)
        for kind in KINDS:
            for seed in range(seeds):
                rng = random.Random(f"{article.doc_id}/{kind}/{seed}")
                english = list(article.english)
                planted = []
                for index, (arabic, sentence) in enumerate(zip(article.arabic, article.english)):
                    # An article more Arabic than English is refused by align (the files look swapped).
                    if rng.random() >= rate or (kind == "untranslated" and 3 * (len(planted) + 1) > len(english)):
                        continue
                    corrupted = plant(kind, arabic, sentence, rng, donors)
                    if corrupted is not None:
                        english[index] = corrupted
                        planted.append(index)
                if not planted:
                    continue
                alignment = align_documents(*_sides(article, english))
                for index in planted:
                    item = _bead_of(alignment, index)
                    tally.planted[kind] += 1
                    flags = item.quality.flags if item.quality else ()
                    tally.detected[kind] += bool(flags)
                    # Before, a sentence left alone by the aligner carried no quality at all.
                    paired = bool(item.bead.src and item.bead.tgt)
                    tally.detected_before[kind] += bool(flags_before(item.quality.features) if paired else ())
    return tally


def report(name: str, tally: Tally) -> None:
    print(f"\n{name}")
    print(f"{'kind':<16}{'planted':>8}{'now':>9}{'before':>9}")
    for kind in KINDS:
        planted = tally.planted[kind]
        if planted:
            print(f"{kind:<16}{planted:>8}{100 * tally.detected[kind] / planted:>8.1f}%{100 * tally.detected_before[kind] / planted:>8.1f}%")
    print(f"{'clean flagged':<16}{tally.clean:>8}{100 * tally.clean_flagged / tally.clean:>8.1f}%{100 * tally.clean_flagged_before / tally.clean:>8.1f}%")
    print("  clean pairs' flags now:    " + ", ".join(f"{flag} {count}" for flag, count in tally.clean_flags.most_common()))
    print("  clean pairs' flags before: " + ", ".join(f"{flag} {count}" for flag, count in tally.clean_flags_before.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", type=Path, default=DEFAULT_SHARED_DATA)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--rate", type=float, default=0.3, help="share of eligible sentences an error is planted in")
    args = parser.parse_args()
    articles = ntrex_articles(args.shared_data)
    if not articles:
        sys.exit(f"error: {args.shared_data / 'ntrex-dev'} has no articles.jsonl; pass --shared-data with the NTREX dev set")
    fitted, held = split_articles(articles)
    # Added clauses come from the other part, so a clause never meets its own article.
    report(f"held back: {len(held)} NTREX dev articles, {sum(len(a.arabic) for a in held)} pairs (never fitted on)", measure(held, [s for a in fitted for s in a.english], args.seeds, args.rate))
    report(f"fitted on: {len(fitted)} NTREX dev articles, {sum(len(a.arabic) for a in fitted)} pairs", measure(fitted, [s for a in held for s in a.english], args.seeds, args.rate))


if __name__ == "__main__":
    main()
