"""Which decoder layer's cross-attention aligns words best: alignment error rate per layer and head.

The criterion behind ``ALIGNMENT_LAYER`` in translate/engines/marian_torch.py. For every decoder layer,
the cross-attention of a teacher-forced pass over each gold pair (averaged over heads, and each head on
its own) goes through :func:`translate.align.word_alignment`; the links are compared with hand-made
gold links by Och & Ney's AER (lower is better).

    .venv/bin/python scripts/measure_alignment_layer.py MODEL_DIR [--gold FILE]

Gold file (tests/data/alignment/words_gold.txt): ``arabic<TAB>english<TAB>sure<TAB>possible`` per line,
links as ``i-j`` with i, j 0-based indices of whitespace-separated words. Run it on opus-mt-ar-en
(or any Marian model) once the weights are at hand; on the tiny random test model the numbers mean
nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.align.words import WordLink, alignment_error_rate, word_alignment  # noqa: E402
from translate.engines.base import Hypothesis  # noqa: E402

GOLD = ROOT / "tests" / "data" / "alignment" / "words_gold.txt"


def read_gold(path: Path) -> list[tuple[str, str, set[tuple[int, int]], set[tuple[int, int]]]]:
    def links(field: str) -> set[tuple[int, int]]:
        return {(int(a), int(b)) for a, b in (item.split("-") for item in field.split())}

    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            arabic, english, sure, possible = line.split("\t")
            rows.append((arabic, english, links(sure), links(possible)))
    return rows


def _word_index(text: str, start: int) -> int:
    """Index of the whitespace-separated word that contains character ``start``."""
    return len(text[:start].split()) - (0 if start == 0 or text[start - 1].isspace() else 1)


def to_indices(links: list[WordLink], source: str, target: str) -> set[tuple[int, int]]:
    return {(_word_index(source, link.source_start), _word_index(target, link.target_start)) for link in links}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="a local Marian model directory")
    parser.add_argument("--gold", type=Path, default=GOLD)
    args = parser.parse_args()

    import torch
    from transformers import MarianMTModel, MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(args.model)
    model = MarianMTModel.from_pretrained(args.model, attn_implementation="eager").eval()
    gold = read_gold(args.gold)
    layers = model.config.decoder_layers
    heads = model.config.decoder_attention_heads
    # (layer, head or None for the mean) -> list of (predicted, sure, possible) per pair
    results: dict[tuple[int, int | None], list[tuple[set, set, set]]] = {}
    for arabic, english, sure, possible in gold:
        encoded = tokenizer([arabic], text_target=[english], return_tensors="pt")
        with torch.inference_mode():
            output = model(**encoded, output_attentions=True)
        source_tokens = tuple(tokenizer.convert_ids_to_tokens(encoded["input_ids"][0]))
        target_tokens = tuple(tokenizer.convert_ids_to_tokens(encoded["labels"][0]))
        for layer in range(layers):
            attention = output.cross_attentions[layer][0]  # heads x target x source
            for head in [None, *range(heads)]:
                matrix = attention.mean(dim=0) if head is None else attention[head]
                hypothesis = Hypothesis(english, target_tokens, (), source_tokens, tuple(tuple(float(v) for v in row) for row in matrix))
                predicted = to_indices(word_alignment(arabic, hypothesis), arabic, english)
                results.setdefault((layer, head), []).append((predicted, sure, possible))

    def aer(entries: list[tuple[set, set, set]]) -> float:
        # Corpus-level AER: sum the counts over pairs, offset each pair's indices apart.
        predicted, sure, possible = set(), set(), set()
        for k, (p, s, q) in enumerate(entries):
            predicted |= {(k, a, b) for a, b in p}
            sure |= {(k, a, b) for a, b in s}
            possible |= {(k, a, b) for a, b in q}
        return alignment_error_rate(predicted, sure, possible)

    print(f"{args.model}: {len(gold)} gold pairs, {layers} decoder layers x {heads} heads (lower AER is better)")
    print("| layer | AER, heads averaged | best head | its AER |")
    print("|---|---|---|---|")
    for layer in range(layers):
        head_scores = {head: aer(results[(layer, head)]) for head in range(heads)}
        best = min(head_scores, key=lambda h: (head_scores[h], h))
        print(f"| {layer} (= {layer - layers}) | {aer(results[(layer, None)]):.3f} | {best} | {head_scores[best]:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
