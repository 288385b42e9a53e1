"""Readers for the independent parallel data the quality and alignment figures are measured on.

Both are professional Arabic–English translations made by other people for other purposes:

- NTREX-128 dev (``ntrex-dev/articles.jsonl``, CC BY-SA 4.0): 41 English news articles of 2019 with
  their Arabic translations, one gold sentence pair a line, headline first;
- UD Arabic-PUD (``ud-arabic-pud/ar_pud-ud-test.conllu``, CC BY-SA 3.0): 1,000 sentences of news and
  Wikipedia, each Arabic ``# text`` with the English original it was translated from (``# text_en``).

:func:`split_articles` is the one split every script uses: the held-back NTREX articles are never
fitted on (the quality model's lexicon, length model and weights come from the others and PUD).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ["HELD_BACK_SHARE", "Article", "ntrex_articles", "pud_pairs", "split_articles"]

NTREX_DEV = Path("ntrex-dev") / "articles.jsonl"
UD_ARABIC_PUD = Path("ud-arabic-pud") / "ar_pud-ud-test.conllu"
#: The independent data vendored in the repository (``data/``, with ``data/SOURCES.md``), and the
#: folder beside the checkout it was first given in, a fallback nothing needs.
REPO_DATA = Path(__file__).resolve().parents[2] / "data"
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def data_dir() -> Path:
    """Where the independent sets are: the repository's ``data/``, else ``../shared/data``."""
    return REPO_DATA if (REPO_DATA / NTREX_DEV).is_file() else SHARED_DATA


def schemas_dir() -> Path:
    """The TMX DTD and XLIFF schema: the repository's ``data/schemas``, else ``../shared/schemas``."""
    vendored = REPO_DATA / "schemas"
    return vendored if (vendored / "tmx14.dtd").is_file() else SHARED_DATA.parent / "schemas"
#: Share of the NTREX dev articles held back from every fit (chosen by a hash of the id, so adding
#: articles never moves one across the split).
HELD_BACK_SHARE = 1 / 3


@dataclass(frozen=True)
class Article:
    """One article's gold sentence pairs; ``arabic[0]``/``english[0]`` is the headline."""

    doc_id: str
    arabic: tuple[str, ...]
    english: tuple[str, ...]


def ntrex_articles(shared: Path) -> list[Article]:
    """The NTREX dev articles under ``shared`` in file order, or [] when the file is absent."""
    path = Path(shared) / NTREX_DEV
    if not path.is_file():
        return []
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            articles.append(Article(record["doc_id"], tuple(record["ar"]), tuple(record["en"])))
    return articles


def pud_pairs(shared: Path) -> list[tuple[str, str]]:
    """UD Arabic-PUD's (Arabic, English) sentence pairs in file order, or [] when absent."""
    path = Path(shared) / UD_ARABIC_PUD
    if not path.is_file():
        return []
    pairs = []
    arabic = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            arabic = line[len("# text = ") :].strip()
        elif line.startswith("# text_en = ") and arabic is not None:
            pairs.append((arabic, line[len("# text_en = ") :].strip()))
            arabic = None
    return pairs


def held_back(doc_id: str) -> bool:
    digest = hashlib.sha256(doc_id.encode("utf-8")).digest()
    return digest[0] < 256 * HELD_BACK_SHARE


def split_articles(articles: list[Article]) -> tuple[list[Article], list[Article]]:
    """(articles to fit on, articles held back)."""
    return [a for a in articles if not held_back(a.doc_id)], [a for a in articles if held_back(a.doc_id)]
