"""Build the tiny random-weight Marian model the tests use, for trying every stage offline.

    python scripts/make_tiny_model.py OUT_DIR [--bin]

It trains SentencePiece models on the seed article (Arabic) and tests/data/tiny_corpus.en.txt (English)
and writes Helsinki's file layout. Its translations are meaningless; the pipeline around them is real.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from translate.testing.tiny_marian import build_tiny_marian

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--bin", action="store_true", help="write pytorch_model.bin, as opus-mt-ar-en's main branch")
    args = parser.parse_args()
    source = (ROOT / "seeds" / "000_9881ad367b76134a.txt").read_text(encoding="utf-8").splitlines()
    target = (ROOT / "tests" / "data" / "tiny_corpus.en.txt").read_text(encoding="utf-8").splitlines()
    path = build_tiny_marian(args.out_dir, source, target, weights="bin" if args.bin else "safetensors")
    print(path)


if __name__ == "__main__":
    main()
