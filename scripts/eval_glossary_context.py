"""The shipped glossary's context rules on text someone else wrote: every match in the independent
articles of ``../shared/data`` (NTREX-128 dev, UD Arabic-PUD) and in the seed, by outcome, beside the
same glossary with its context rules removed (every match enforced, as before the rules existed).

    .venv/bin/python scripts/eval_glossary_context.py [--glossary glossary/] [--shared-data ../shared/data] [--show enforced,possible,ruled-out]

Prints, per entry: matches enforced without rules, then enforced / possible / ruled out with them, and a
keyword-in-context line for every match of an entry that has rules, so each outcome can be read.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.testing.corpora import data_dir  # noqa: E402
sys.path.insert(0, str(ROOT / "scripts"))

from translate.document import parse_document, read_document  # noqa: E402
from translate.glossary import Glossary, load_glossary  # noqa: E402
from translate.glossary.lint import lint_glossary  # noqa: E402

DEFAULT_SHARED_DATA = data_dir()  # the repository's data/ (data/SOURCES.md), else ../shared/data


def corpus(shared: Path) -> list:
    """Documents: NTREX dev articles (headline, blank line, body paragraph) and PUD documents, read as
    the segmentation benchmark reads them, then the seed."""
    from eval_segmentation import NTREX_DEV, UD_ARABIC_PUD, read_ntrex, read_pud

    documents = []
    if (shared / NTREX_DEV).is_file():
        documents.extend(parse_document(article.text, path=f"ntrex:{article.name}") for article in read_ntrex(shared / NTREX_DEV, "ar"))
    if (shared / UD_ARABIC_PUD).is_file():
        documents.extend(parse_document(article.text, path=f"pud:{article.name}") for article in read_pud(shared / UD_ARABIC_PUD))
    seed = ROOT / "seeds" / "000_9881ad367b76134a.txt"
    documents.append(parse_document(read_document(seed).text, path="seeds/" + seed.name))
    return documents


def without_rules(glossary: Glossary) -> Glossary:
    return replace(glossary, entries=tuple(replace(entry, context=None) for entry in glossary.entries))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glossary", type=Path, default=ROOT / "glossary")
    parser.add_argument("--shared-data", type=Path, default=DEFAULT_SHARED_DATA)
    parser.add_argument("--show", default="enforced,possible,ruled-out", help="outcomes to list in context")
    args = parser.parse_args(argv)
    glossary = load_glossary(args.glossary)
    documents = corpus(args.shared_data)
    before = lint_glossary(without_rules(glossary), documents)
    after = lint_glossary(glossary, documents)
    sources = sorted({(doc.path or "").split(":")[0] for doc in documents})
    print(f"{len(documents)} documents ({', '.join(sources)}), {len(glossary)} entries\n")
    print("| entry | matches, no rules (all enforced) | enforced | possible | ruled out |")
    print("|---|---:|---:|---:|---:|")
    for old, new in zip(before.entries, after.entries):
        if old.occurrences or new.occurrences:
            print(f"| {new.entry.en} | {old.count('enforced')} | {new.count('enforced')} | {new.count('possible')} | {new.count('ruled-out')} |")
    show = set(args.show.split(","))
    print()
    for item in after.entries:
        if item.entry.context is None:
            continue
        for occurrence in item.occurrences:
            if occurrence.outcome in show and not occurrence.path.startswith("seeds/"):
                before_text = occurrence.text[: occurrence.start].split()[-5:]
                after_text = occurrence.text[occurrence.end :].split()[:4]
                print(f"{item.entry.en:<16} {occurrence.outcome:<9} {occurrence.path}\t{' '.join(before_text)} ‹{occurrence.text[occurrence.start:occurrence.end]}› {' '.join(after_text)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
