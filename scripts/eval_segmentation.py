"""Sentence-boundary precision, recall and F1 for our segmenter, pysbd and a plain punctuation regex,
side by side, on each gold set separately; each system's errors by kind; and our speed in MB/s.

    .venv/bin/python scripts/eval_segmentation.py [--gold tests/data/segmentation] [--shared-data ../shared/data] [--speed-mb 2]

Gold sets, each scored on its own:

- ``own`` — ``tests/data/segmentation`` (see its README): written beside the rules, so it agrees with
  them; a regression set, not evidence. ``‖`` marks each boundary inside a line.
- ``ntrex-dev ar`` / ``ntrex-dev en`` — 41 real news articles of NTREX-128 (professional translators'
  one-sentence-a-line Arabic and the English originals, CC BY-SA 4.0), read from ``--shared-data``
  (``../shared/data`` beside the project): each article is given as its headline, a blank line and its
  body joined into one paragraph, as it appears in copy.
- ``ud-arabic-pud`` — the UD Arabic-PUD treebank's 1,000 gold sentences in 397 documents (CC BY-SA 3.0):
  each document's sentences joined by spaces into one paragraph.

Sets that are absent are skipped with a note. Every line break is a boundary for all three systems
(each is given one line at a time), so only boundaries inside lines are scored: they are where the
systems differ. A boundary is the position of the first character of the next sentence.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.testing.corpora import data_dir  # noqa: E402

from translate.arabic import normalize  # noqa: E402
from translate.document import parse_document  # noqa: E402
from translate.segment import load_rules, segment_document, split_sentences  # noqa: E402

MARKER = "‖"
DEFAULT_GOLD = ROOT / "tests" / "data" / "segmentation"
DEFAULT_SHARED_DATA = data_dir()  # the repository's data/ (data/SOURCES.md), else ../shared/data
NTREX_DEV = Path("ntrex-dev") / "articles.jsonl"
UD_ARABIC_PUD = Path("ud-arabic-pud") / "ar_pud-ud-test.conllu"
#: The first segmenter of this project: a break after . ! ? ؟ … and closing marks before whitespace.
PLAIN_REGEX = re.compile(r"[.!?؟…]+[\"'»”’)\]]*(?=\s)")


@dataclass(frozen=True)
class GoldArticle:
    name: str
    text: str
    boundaries: frozenset[int]  # in-line boundaries only
    sentences: int


@dataclass(frozen=True)
class Scores:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def read_gold(path: Path) -> GoldArticle:
    """One gold article: the input text and its in-line boundaries."""
    marked = path.read_text(encoding="utf-8")
    pieces: list[str] = []
    boundaries: set[int] = set()
    length = 0
    position = 0
    for match in re.finditer(re.escape(MARKER) + " ?", marked):
        pieces.append(marked[position : match.start()])
        length += match.start() - position
        boundaries.add(length)
        position = match.end()
    pieces.append(marked[position:])
    text = "".join(pieces)
    sentences = len(boundaries) + sum(1 for line in text.splitlines() if line.strip())
    return GoldArticle(path.stem, text, frozenset(boundaries), sentences)


def read_gold_set(folder: Path = DEFAULT_GOLD) -> list[GoldArticle]:
    return [read_gold(path) for path in sorted(folder.glob("*.txt"))]


def _joined(name: str, headline: str | None, sentences: list[str]) -> GoldArticle:
    """An article whose body is ``sentences`` joined by spaces into one paragraph."""
    prefix = f"{headline}\n\n" if headline else ""
    boundaries: set[int] = set()
    position = len(prefix)
    for index, sentence in enumerate(sentences):
        if index:
            boundaries.add(position)
        position += len(sentence) + 1
    return GoldArticle(name, prefix + " ".join(sentences) + "\n", frozenset(boundaries), len(sentences) + (1 if headline else 0))


def read_ntrex(path: Path, language: str) -> list[GoldArticle]:
    """NTREX dev articles in ``language`` (``ar`` or ``en``): headline, blank line, body paragraph."""
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            sentences = [sentence.strip() for sentence in record[language]]
            articles.append(_joined(record["doc_id"], sentences[0], sentences[1:]))
    return articles


def read_pud(path: Path) -> list[GoldArticle]:
    """UD Arabic-PUD documents, each one paragraph of its gold sentences (``# text``) in file order."""
    documents: dict[str, list[str]] = {}
    current = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id"):
            current = line.split("=", 1)[1].strip()
        elif line.startswith("# text ="):
            documents.setdefault(current, []).append(line.split("=", 1)[1].strip())
    return [_joined(name, None, sentences) for name, sentences in documents.items()]


def gold_sets(own: Path = DEFAULT_GOLD, shared: Path = DEFAULT_SHARED_DATA) -> dict[str, tuple[str, list[GoldArticle]]]:
    """Every gold set that is present, by name: (language, articles)."""
    sets: dict[str, tuple[str, list[GoldArticle]]] = {"own": ("ar", read_gold_set(own))}
    if (shared / NTREX_DEV).is_file():
        sets["ntrex-dev ar"] = ("ar", read_ntrex(shared / NTREX_DEV, "ar"))
        sets["ntrex-dev en"] = ("en", read_ntrex(shared / NTREX_DEV, "en"))
    if (shared / UD_ARABIC_PUD).is_file():
        sets["ud-arabic-pud"] = ("ar", read_pud(shared / UD_ARABIC_PUD))
    return sets


def _lines(text: str) -> list[tuple[int, str]]:
    out = []
    position = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            out.append((position, body))
        position += len(line)
    return out


def _inline_starts(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Starts of spans (advanced past whitespace) that are not the first sentence of their line."""
    line_firsts = {start + len(body) - len(body.lstrip()) for start, body in _lines(text)}
    starts = set()
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            starts.add(start)
    return starts - line_firsts


def ours(text: str) -> set[int]:
    segments = segment_document(parse_document(text))
    return _inline_starts(text, [(segment.start, segment.end) for segment in segments])


def plain_regex(text: str) -> set[int]:
    spans = []
    for line_start, line in _lines(text):
        start = 0
        for match in PLAIN_REGEX.finditer(line):
            spans.append((line_start + start, line_start + match.end()))
            start = match.end()
        spans.append((line_start + start, line_start + len(line)))
    return _inline_starts(text, spans)


def pysbd_ar(text: str, language: str = "ar") -> set[int]:
    import pysbd

    segmenter = pysbd.Segmenter(language=language, clean=False, char_span=True)
    spans = []
    for line_start, line in _lines(text):
        for piece in segmenter.segment(line):
            spans.append((line_start + piece.start, line_start + piece.end))
    return _inline_starts(text, spans)


def score(gold: list[GoldArticle], system) -> tuple[Scores, list[tuple[GoldArticle, int, str]]]:
    """Scores over the whole set and the errors as (article, position, 'missed' | 'spurious')."""
    tp = fp = fn = 0
    errors = []
    for article in gold:
        found = system(article.text)
        tp += len(found & article.boundaries)
        fp += len(found - article.boundaries)
        fn += len(article.boundaries - found)
        errors += [(article, position, "spurious") for position in sorted(found - article.boundaries)]
        errors += [(article, position, "missed") for position in sorted(article.boundaries - found)]
    return Scores(tp, fp, fn), errors


def error_kind(text: str, position: int, direction: str) -> str:
    """Name what an error is about, from the text around ``position``."""
    rules = load_rules()
    tail = text[:position].rstrip()[-60:]
    if re.search(r"[،,؛;:]$", tail):
        return "at a comma, semicolon or colon"
    if text[position : position + 1] in ("\"", "»", "”", ")", "]"):
        return "before a closing quote or bracket"
    if re.search(r"(…|\.\.)[\"'»”’)\]]*$", tail):
        return "ellipsis"
    if not text[position - 1 : position].isspace():
        return "no space after the stop"
    word = tail.split()[-1] if tail.split() else ""
    folded = normalize(word).strip("\"'«»“”()[]").rstrip(".!?؟")
    if folded in rules.abbreviations or (len(folded) == 1 and folded.isalpha()) or re.fullmatch(r"(\w{1,2}\.)+\w{1,2}", folded):
        return "abbreviation or initial"
    if re.search(r"\d", folded):
        return "number"
    if re.search(r"[\"»”)\]][.!?؟]?$", tail) or "\"" in tail or "«" in tail or "“" in tail:
        return "quotation or bracket"
    if not re.search(r"[.!?؟…]", tail[-3:]):
        return "no final punctuation"
    return "other"


def speed_mb_per_s(gold: list[GoldArticle], target_mb: float) -> tuple[float, float, float]:
    """Our speed over the gold text repeated to ``target_mb`` MB (UTF-8), best of three runs on one
    core: (MB, MB/s of :func:`split_sentences` line by line, MB/s of parsing blocks + segmenting)."""
    corpus = "\n\n".join(article.text.strip() for article in gold) + "\n"
    repeats = max(1, int(target_mb * 1_000_000 / len(corpus.encode("utf-8"))) + 1)
    big = corpus * repeats
    megabytes = len(big.encode("utf-8")) / 1_000_000
    lines = [line for line in big.splitlines() if line.strip()]
    load_rules()

    def best_of_three(run) -> float:
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - started)
        return best

    splitter = best_of_three(lambda: [split_sentences(line) for line in lines])
    document = best_of_three(lambda: segment_document(parse_document(big)))
    return megabytes, megabytes / splitter, megabytes / document


def systems_for(language: str) -> list[tuple[str, object]]:
    import pysbd

    return [
        ("translate (ours)", ours),
        (f'pysbd {pysbd.__version__} language="{language}"', lambda text: pysbd_ar(text, language)),
        ("plain punctuation regex", plain_regex),
    ]


def _print_scores(gold: list[GoldArticle], language: str) -> list[tuple[GoldArticle, int, str]]:
    print("| segmenter | precision | recall | F1 | spurious | missed |")
    print("|---|---:|---:|---:|---:|---:|")
    our_errors: list[tuple[GoldArticle, int, str]] = []
    baseline_kinds: dict[str, Counter[str]] = {}
    for name, system in systems_for(language):
        result, errors = score(gold, system)
        if system is ours:
            our_errors = errors
        else:
            baseline_kinds[name.split(" language")[0]] = Counter(f"{error_kind(a.text, p, d)} ({d})" for a, p, d in errors)
        print(f"| {name} | {result.precision:.3f} | {result.recall:.3f} | {result.f1:.3f} | {result.false_positives} | {result.false_negatives} |")

    print("\nThe baselines' errors by kind:\n")
    names = list(baseline_kinds)
    print("| kind | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    every_kind: Counter[str] = Counter()
    for counts in baseline_kinds.values():
        every_kind.update(counts)
    for kind, _ in every_kind.most_common():
        print(f"| {kind} | " + " | ".join(str(baseline_kinds[name][kind]) for name in names) + " |")
    return our_errors


def _print_our_errors(errors: list[tuple[GoldArticle, int, str]]) -> None:
    print("\nOur remaining errors by kind:\n")
    print("| kind | spurious | missed | example (… context ‸ boundary …) |")
    print("|---|---:|---:|---|")
    kinds: Counter[tuple[str, str]] = Counter()
    examples: dict[str, str] = {}
    for article, position, direction in errors:
        kind = error_kind(article.text, position, direction)
        kinds[(kind, direction)] += 1
        context = article.text[max(0, position - 40) : position] + "‸" + article.text[position : position + 25]
        examples.setdefault(kind, f"{article.name}: {context}".replace("\n", " ").replace("|", "\\|"))
    for kind in sorted({kind for kind, _ in kinds}, key=lambda k: -(kinds[(k, "spurious")] + kinds[(k, "missed")])):
        print(f"| {kind} | {kinds[(kind, 'spurious')]} | {kinds[(kind, 'missed')]} | {examples[kind]} |")
    if not errors:
        print("| (none) | 0 | 0 | |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="our own gold set (a regression set)")
    parser.add_argument("--shared-data", type=Path, default=DEFAULT_SHARED_DATA, help="folder holding ntrex-dev/ and ud-arabic-pud/")
    parser.add_argument("--speed-mb", type=float, default=2.0, help="MB of Arabic text for the speed run (0: skip)")
    args = parser.parse_args(argv)

    sets = gold_sets(args.gold, args.shared_data)
    for missing in ("ntrex-dev ar", "ud-arabic-pud"):
        if missing not in sets:
            print(f"({missing} skipped: not found under {args.shared_data})\n")
    for name, (language, gold) in sets.items():
        sentences = sum(article.sentences for article in gold)
        boundaries = sum(len(article.boundaries) for article in gold)
        print(f"## {name}: {len(gold)} articles, {sentences} sentences, {boundaries} boundaries inside lines\n")
        _print_our_errors(_print_scores(gold, language))
        print()
    if args.speed_mb > 0:
        megabytes, splitter, document = speed_mb_per_s(sets["own"][1], args.speed_mb)
        print(
            f"Speed on one core, {megabytes:.1f} MB of Arabic news text (UTF-8), best of 3: "
            f"{splitter:.2f} MB/s for split_sentences line by line, "
            f"{document:.2f} MB/s for parse_document + segment_document."
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
