"""The translation memory: people's translations, reused exactly and offered when close.

- :mod:`translate.tm.normalise` — the key and tokens a sentence is matched by (the glossary's Arabic normalisation);
- :mod:`translate.tm.scoring` — OmegaT's word-level similarity and the CAT tools' bands;
- :mod:`translate.tm.index` — the inverted token index that finds fuzzy candidates fast;
- :mod:`translate.tm.store` — the SQLite file (WAL, safe for two processes) and its entries;
- :mod:`translate.tm.lookup` — exact and fuzzy matches for sentences, as :class:`~translate.records.TmMatch`;
- :mod:`translate.tm.importers` / :mod:`translate.tm.exporters` — TMX, XLIFF, TSV and post-edits in; TMX and TSV out.
"""

from __future__ import annotations

from translate.tm.exporters import render_tmx, render_tsv
from translate.tm.importers import (
    ImportResult,
    ParsedFile,
    import_file,
    read_memory_file,
)
from translate.tm.index import FuzzyIndex, IndexHit
from translate.tm.lookup import (
    DEFAULT_MIN_SCORE,
    DEFAULT_SUGGESTIONS,
    MemoryLookup,
    SegmentMatch,
)
from translate.tm.normalise import tm_key, tm_tokens
from translate.tm.scoring import BANDS, CONTEXT_SCORE, EXACT_SCORE, band, similarity
from translate.tm.store import (
    TM_ENV,
    ImportCount,
    TmEntry,
    TmStats,
    TranslationMemory,
    default_tm_path,
)

__all__ = [
    "BANDS",
    "CONTEXT_SCORE",
    "DEFAULT_MIN_SCORE",
    "DEFAULT_SUGGESTIONS",
    "EXACT_SCORE",
    "FuzzyIndex",
    "ImportCount",
    "ImportResult",
    "IndexHit",
    "MemoryLookup",
    "ParsedFile",
    "SegmentMatch",
    "TM_ENV",
    "TmEntry",
    "TmStats",
    "TranslationMemory",
    "band",
    "default_tm_path",
    "import_file",
    "read_memory_file",
    "render_tmx",
    "render_tsv",
    "similarity",
    "tm_key",
    "tm_tokens",
]
