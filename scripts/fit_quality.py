"""Fit the quality model shipped in ``translate/data/quality/``: lexicon, length model, calibration.

Data (``--shared-data``; independent professional translations, see
``translate/data/quality/SOURCES.md``): UD Arabic-PUD's 1,000 gold pairs and the NTREX-128 dev
articles that :func:`translate.testing.corpora.split_articles` does not hold back. The held-back
articles are never read here; ``scripts/eval_quality.py`` reports on them.

1. **Lexicon** — IBM Model 1 over content stems (:mod:`translate.quality.words`), both directions
   united, written as ``lexicon.tsv`` (Arabic stem, English stem, the larger of t(e|a) and t(a|e)).
2. **Length model** — for characters and words, ``log(en/ar) ~ N(a + b·log n, c + d/n)`` by least
   squares on the pairs (residuals above the 99th percentile left out of the variance fit); headlines
   (NTREX headlines) as a shift and a scale of it.
3. **Calibration** — errors of every kind in :mod:`translate.testing.corruptions` planted in a share of
   each document's pairs (``--seeds`` passes, ``--rate`` of the pairs), features computed as a run
   computes them (the document's own length statistics included), and L2-regularised logistic
   regressions fitted by Newton's method: ``error`` (any kind against clean: the score), ``omission``
   (truncation, middle, clause dropped against clean), ``addition`` (an added clause against clean)
   and ``truncation`` (a cut end against other omissions, asked once ``omission`` fired). The
   thresholds share :data:`FALSE_ALARMS` of the clean fitted NTREX pairs between omission and
   addition. The lexicon features of the calibration rows come from lexicons that never saw their
   document (cross-fitting, :func:`fold_models`).

    .venv/bin/python scripts/fit_quality.py [--shared-data ../shared/data] [--seeds 4] [--rate 0.3]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.testing.corpora import data_dir  # noqa: E402

from translate.atomic import write_atomic  # noqa: E402
from translate.quality import lexicon as lexicon_module  # noqa: E402
from translate.quality.features import length_distribution, pair_features  # noqa: E402
from translate.quality.lengths import LengthFit, LengthModel, document_shift, measures  # noqa: E402
from translate.quality.lexicon import Lexicon, lexicon_rows, train_ibm1  # noqa: E402
from translate.quality.model import INPUTS, QualityModel, model_inputs  # noqa: E402
from translate.quality.words import arabic_stems, english_stems  # noqa: E402
from translate.testing.corpora import ntrex_articles, pud_pairs, split_articles  # noqa: E402
from translate.testing.corruptions import KINDS, plant  # noqa: E402

DEFAULT_SHARED_DATA = data_dir()  # the repository's data/ (data/SOURCES.md), else ../shared/data
OUT = ROOT / "translate" / "data" / "quality"
#: The lexicon keeps more candidates than the library's defaults would (measured on the fitted part:
#: more coverage of clean pairs, the same separation of damaged ones).
LEXICON_PROBABILITY = 0.03
LEXICON_TRANSLATIONS = 12
IBM1_ITERATIONS = 5
#: PUD has no article structure worth the name (2.5 sentences a document): its pairs are taken in
#: runs of this many as one document, so the document statistics see a realistic size.
PUD_DOCUMENT = 10
L2 = 1.0
FOLDS = 5
#: (positive kinds, negative kinds, share of the false-alarm budget) of each flag's regression;
#: ``truncation`` tells a cut end from other omissions and is asked only when ``omission`` fired.
FLAG_MODELS = {
    "omission": ({"truncation", "middle", "clause-dropped"}, {"clean"}, 0.75),
    "addition": ({"clause-added"}, {"clean"}, 0.25),
}
TRUNCATION_MODEL = ({"truncation"}, {"middle", "clause-dropped"})
#: Share of clean pairs the model's flags may fire on (together), set on the fitted NTREX pairs.
FALSE_ALARMS = 0.02


def fit_lexicon(pairs: list[tuple[str, str]]) -> tuple[Lexicon, list[tuple[str, str, float]]]:
    stems = [(arabic_stems(a), english_stems(e)) for a, e in pairs]
    counts = Counter(stem for arabic, _ in stems for stem in set(arabic))
    english_counts = Counter(stem for _, english in stems for stem in set(english))
    lexicon_module.MIN_PROBABILITY, lexicon_module.MAX_TRANSLATIONS = LEXICON_PROBABILITY, LEXICON_TRANSLATIONS
    # Both directions, united: t(e|a) finds the English of an Arabic word, t(a|e) adds the Arabic
    # words a frequent English word explains (measured on the fitted part: more coverage of clean
    # pairs and a better separation of dropped clauses than either direction alone).
    forward = lexicon_rows(train_ibm1(stems, IBM1_ITERATIONS), counts)
    backward = lexicon_rows(train_ibm1([(english, arabic) for arabic, english in stems], IBM1_ITERATIONS), english_counts, skip_latin=False)
    best: dict[tuple[str, str], float] = {}
    for arabic, english, p in forward:
        best[(arabic, english)] = p
    for english, arabic, p in backward:
        if counts.get(arabic, 0) >= lexicon_module.MIN_COUNT and not arabic.isascii():
            best[(arabic, english)] = max(p, best.get((arabic, english), 0.0))
    rows = [(arabic, english, p) for (arabic, english), p in sorted(best.items())]
    return Lexicon.from_tsv("\n".join(f"{a}\t{e}\t{p}" for a, e, p in rows)), rows


def _fit_one(lengths: list[tuple[int, int]]) -> LengthFit:
    n = np.array([s for s, t in lengths], dtype=float)
    r = np.log(np.array([t for s, t in lengths], dtype=float) / n)
    design = np.column_stack([np.ones_like(n), np.log(n)])
    (a, b), *_ = np.linalg.lstsq(design, r, rcond=None)
    squared = (r - design @ np.array([a, b])) ** 2
    keep = squared <= np.quantile(squared, 0.99)
    (c, d), *_ = np.linalg.lstsq(np.column_stack([np.ones_like(n), 1 / n])[keep], squared[keep], rcond=None)
    return LengthFit(round(float(a), 5), round(float(b), 5), round(max(float(c), 1e-3), 5), round(max(float(d), 0.0), 5))


def _headline(fit: LengthFit, lengths: list[tuple[int, int]]) -> LengthFit:
    residuals = [fit.residual(s, t) for s, t in lengths]
    shift = float(np.median(residuals))
    predicted = [fit.c + fit.d / s for s, _ in lengths]
    scale = float(np.mean([(e - shift) ** 2 for e in residuals]) / np.mean(predicted))
    return LengthFit(round(fit.a + shift, 5), fit.b, round(fit.c * scale, 5), round(fit.d * scale, 5))


def fit_lengths(sentences: list[tuple[str, str]], headlines: list[tuple[str, str]]) -> LengthModel:
    def sides(pairs: list[tuple[str, str]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        chars, words = [], []
        for source, target in pairs:
            (sc, tc), (sw, tw) = measures(source, target)
            if sc and tc and sw and tw:
                chars.append((sc, tc))
                words.append((sw, tw))
        return chars, words

    chars, words = sides(sentences)
    head_chars, head_words = sides(headlines)
    char_fit, word_fit = _fit_one(chars), _fit_one(words)
    return LengthModel({"sentence": char_fit, "headline": _headline(char_fit, head_chars)}, {"sentence": word_fit, "headline": _headline(word_fit, head_words)})


def documents(shared: Path) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(corpus, [(Arabic, English, kind)]) documents to plant errors in."""
    fitted, _ = split_articles(ntrex_articles(shared))
    docs = [("ntrex", [(a, e, "headline" if k == 0 else "sentence") for k, (a, e) in enumerate(zip(article.arabic, article.english))]) for article in fitted]
    pud = pud_pairs(shared)
    docs += [("pud", [(a, e, "sentence") for a, e in pud[k : k + PUD_DOCUMENT]]) for k in range(0, len(pud), PUD_DOCUMENT)]
    return docs


def fold_models(docs: list[tuple[str, list[tuple[str, str, str]]]], lengths: LengthModel) -> list[QualityModel]:
    """One model per document whose lexicon never saw that document (:data:`FOLDS`-fold
    cross-fitting): the regressions must learn what coverage looks like on unseen text, not on the
    pairs the lexicon memorised — fitted on its own training pairs, coverage looks better than it
    will on a user's, and every unseen pair then looks like an omission."""
    folds = [number % FOLDS for number in range(len(docs))]
    models = []
    for fold in range(FOLDS):
        pairs = [(a, e) for number, (_, doc) in enumerate(docs) if folds[number] != fold for a, e, _ in doc]
        models.append(QualityModel(lengths, fit_lexicon(pairs)[0], flags={}))
    return [models[fold] for fold in folds]


def training_rows(docs: list[tuple[str, list[tuple[str, str, str]]]], models: list[QualityModel], seeds: int, rate: float) -> tuple[np.ndarray, list[str], list[str]]:
    donors = [english for _, doc in docs for _, english, _ in doc]
    rows, labels, corpora = [], [], []
    for seed in range(seeds):
        for number, (corpus, doc) in enumerate(docs):
            model = models[number]
            rng = random.Random(f"fit/{seed}/{number}")
            planted = []
            for arabic, english, kind in doc:
                label = "clean"
                if rng.random() < rate:
                    error = rng.choice(KINDS)
                    corrupted = plant(error, arabic, english, rng, donors[:number * 5] + donors[number * 5 + 40 :])
                    if corrupted is not None:
                        english, label = corrupted, error
                planted.append((arabic, english, kind, label))
            translated = [(a, e) for a, e, _, _ in planted]
            lengths = length_distribution(translated)
            shift = document_shift(model.lengths, [(a, e, k) for a, e, k, _ in planted])
            for arabic, english, kind, label in planted:
                features = pair_features(arabic, english, kind=kind, lengths=lengths, shift=shift, model=model)
                rows.append(model_inputs(features))
                labels.append(label)
                corpora.append(corpus)
    return np.array(rows, dtype=float), labels, corpora


def fit_logistic(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """L2-regularised logistic regression (bias unpenalised), classes weighted to balance."""
    weights = np.where(y == 1, 0.5 / max(1, y.sum()), 0.5 / max(1, (1 - y).sum())) * len(y)
    design = np.column_stack([np.ones(len(x)), x])
    beta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], L2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(design @ beta, -40, 40)))
        gradient = design.T @ (weights * (p - y)) + penalty * beta
        hessian = (design * (weights * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return float(beta[0]), beta[1:]


def probabilities(x: np.ndarray, bias: float, weights: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(bias + x @ weights, -40, 40)))


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", type=Path, default=DEFAULT_SHARED_DATA)
    parser.add_argument("--seeds", type=int, default=4)
    parser.add_argument("--rate", type=float, default=0.3)
    args = parser.parse_args()
    articles = ntrex_articles(args.shared_data)
    pud = pud_pairs(args.shared_data)
    if not articles or not pud:
        sys.exit(f"error: {args.shared_data} lacks ntrex-dev/articles.jsonl or ud-arabic-pud/; pass --shared-data")
    fitted, held = split_articles(articles)
    body = [pair for article in fitted for pair in zip(article.arabic[1:], article.english[1:])]
    headlines = [(article.arabic[0], article.english[0]) for article in fitted]
    lexicon, rows = fit_lexicon(pud + body + headlines)
    lengths = fit_lengths(pud + body, headlines)
    print(f"lexicon: {len(lexicon)} Arabic stems, {len(rows)} entries; lengths: {lengths.to_dict()}")
    docs = documents(args.shared_data)
    x, labels, sources_of_rows = training_rows(docs, fold_models(docs, lengths), args.seeds, args.rate)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    standardized = (x - mean) / scale
    label_array = np.array(labels)
    clean = label_array == "clean"
    news = np.array(sources_of_rows) == "ntrex"
    print(f"calibration rows: {len(labels)} ({Counter(labels).most_common()})")
    bias, weights = fit_logistic(standardized, (~clean).astype(float))
    calibration: dict[str, object] = {
        "inputs": list(INPUTS),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "error": {"bias": round(bias, 6), "weights": [round(float(w), 6) for w in weights], "threshold": 0.5},
        "flags": {},
        "false_alarms": FALSE_ALARMS,
    }
    fired = np.zeros(len(labels), dtype=bool)
    for name, (positive, negative, share) in FLAG_MODELS.items():
        chosen = np.isin(label_array, list(positive | negative))
        y = np.isin(label_array[chosen], list(positive)).astype(float)
        flag_bias, flag_weights = fit_logistic(standardized[chosen], y)
        p = probabilities(standardized, flag_bias, flag_weights)
        # The threshold is set on the clean NTREX pairs (looser translations than PUD's, closer to
        # what users align) — the fitted articles only.
        threshold = float(np.quantile(p[clean & news], 1 - FALSE_ALARMS * share))
        fired |= p >= threshold
        positive_rows = np.isin(label_array, list(positive))
        print(f"{name}: threshold {threshold:.4f}, fitted positives flagged {100 * (p[positive_rows] >= threshold).mean():.1f} %")
        calibration["flags"][name] = {"bias": round(flag_bias, 6), "weights": [round(float(w), 6) for w in flag_weights], "threshold": round(threshold, 6)}  # type: ignore[index]
    positive, negative = TRUNCATION_MODEL
    chosen = np.isin(label_array, list(positive | negative))
    flag_bias, flag_weights = fit_logistic(standardized[chosen], np.isin(label_array[chosen], list(positive)).astype(float))
    calibration["flags"]["truncation"] = {"bias": round(flag_bias, 6), "weights": [round(float(w), 6) for w in flag_weights], "threshold": 0.5, "requires": "omission"}  # type: ignore[index]
    print(f"model flags on clean fitted NTREX pairs: {100 * fired[clean & news].mean():.2f} %")
    sources = [args.shared_data / "ntrex-dev" / "articles.jsonl", args.shared_data / "ud-arabic-pud" / "ar_pud-ud-test.conllu"]
    header = [
        "# Arabic stem<TAB>English stem<TAB>t(english | arabic), IBM Model 1 over content stems.",
        "# Written by scripts/fit_quality.py from UD Arabic-PUD (CC BY-SA 3.0) and NTREX-128 dev (CC BY-SA 4.0),",
        f"# held-back articles excluded ({len(held)} of {len(articles)}); see SOURCES.md. Data sha256 {_digest(sources)[:16]}.",
    ]
    write_atomic(OUT / "lexicon.tsv", "\n".join(header + [f"{a}\t{e}\t{p}" for a, e, p in rows]) + "\n")
    document = {
        "fitted_by": "scripts/fit_quality.py",
        "arguments": {"seeds": args.seeds, "rate": args.rate},
        "sources": {
            "ud-arabic-pud": f"{len(pud)} pairs (CC BY-SA 3.0)",
            "ntrex-dev": f"{len(fitted)} of {len(articles)} articles, {len(body) + len(headlines)} pairs (CC BY-SA 4.0); held back: " + ", ".join(sorted(a.doc_id for a in held)),
            "sha256": _digest(sources),
        },
        "lengths": lengths.to_dict(),
        "calibration": calibration,
    }
    write_atomic(OUT / "model.json", json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT / 'lexicon.tsv'} and {OUT / 'model.json'}")


if __name__ == "__main__":
    main()
