"""What the LibreTranslate API answers with, apart from routing: language detection by script, the
English of one ``q``, n-best alternatives, the per-segment ``details`` view, and the translated
files kept for ``/download_file``."""

from __future__ import annotations

import uuid
from collections import OrderedDict
from dataclasses import replace
from typing import Any

from translate.document import parse_document
from translate.records import Pair, Run, TmMatch, english_document
from translate.script import arabic_letter_count
from translate.segment import segment_document
from translate.server.batching import Translation

__all__ = ["FileStore", "alternatives_of", "detect_languages", "english_of", "safe_name", "segment_view", "segmented"]

#: Translated files kept for /download_file (newest kept), and their bytes in all.
KEEP_FILES = 64
KEEP_FILE_BYTES = 64 * 1024 * 1024


def _latin_letter_count(text: str) -> int:
    return sum(1 for char in text if char.isascii() and char.isalpha() or "\u00c0" <= char <= "\u024f")


def detect_languages(texts: list[str]) -> list[dict[str, Any]]:
    """LibreTranslate's detection answer by script: Arabic when Arabic letters are a fair share
    (:data:`translate.script.ARABIC_SHARE_FOR_AR`) of the letters, English otherwise; confidence is
    that script's share of the letters, 0–100. Text without letters is Arabic at confidence 0 (it
    passes through untranslated either way)."""
    from translate.script import ARABIC_SHARE_FOR_AR

    arabic = sum(arabic_letter_count(text) for text in texts)
    latin = sum(_latin_letter_count(text) for text in texts)
    letters = arabic + latin
    if not letters:
        return [{"confidence": 0.0, "language": "ar"}]
    shares = {"ar": 100.0 * arabic / letters, "en": 100.0 * latin / letters}
    first = "ar" if arabic and arabic >= ARABIC_SHARE_FOR_AR * letters else "en"
    second = "en" if first == "ar" else "ar"
    candidates = [{"confidence": round(shares[first], 1), "language": first}]
    if shares[second] > 0:
        candidates.append({"confidence": round(shares[second], 1), "language": second})
    return candidates


class FileStore:
    """Translated files by download name, newest kept (:data:`KEEP_FILES`, :data:`KEEP_FILE_BYTES`);
    memory only: nothing is written to disk, nothing to clean up."""

    def __init__(self) -> None:
        self._files: OrderedDict[str, bytes] = OrderedDict()

    def add(self, name: str, data: bytes) -> str:
        key = f"{uuid.uuid4()}.{name}"
        self._files[key] = data
        while len(self._files) > KEEP_FILES or sum(map(len, self._files.values())) > KEEP_FILE_BYTES:
            self._files.popitem(last=False)
        return key

    def get(self, key: str) -> bytes | None:
        return self._files.get(key)


def safe_name(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(char if char.isalnum() or char in "._-" else "_" for char in name).strip("._") or "article"
    return cleaned[:200]


def segmented(texts: list[str]):
    documents = [parse_document(text) for text in texts]
    return [(document, segment_document(document)) for document in documents]


def english_of(run: Run) -> str:
    """The English text of one ``q``: the article's block structure, no final newline added."""
    return english_document(run)[:-1] if run.manifest.blocks else ""


def alternatives_of(translation: Translation, best: str, count: int) -> list[str]:
    """Up to ``count`` other translations of the whole text: the k-th is every sentence's k-th
    hypothesis from the beam (its best where it has fewer); duplicates and the translation itself
    are dropped, as LibreTranslate's ``filter_unique`` does."""
    if count <= 0 or not translation.alternatives:
        return []
    run = translation.run
    depth = max(len(texts) for texts in translation.alternatives.values())
    seen = {best, ""}
    found: list[str] = []
    for rank in range(depth):
        pairs = tuple(replace(pair, target=translation.alternatives[pair.id][rank]) if rank < len(translation.alternatives.get(pair.id, ())) else pair for pair in run.pairs)
        text = english_of(Run(run.manifest, pairs))
        if text not in seen:
            seen.add(text)
            found.append(text)
    return found[:count]


def _tm_view(match: TmMatch | None) -> dict[str, Any] | None:
    if match is None:
        return None
    return {"score": match.score, "source": match.source, "target": match.target}


def segment_view(pair: Pair) -> dict[str, Any]:
    return {
        "id": pair.id,
        "block": pair.block,
        "kind": pair.kind.value,
        "source": pair.source,
        "target": pair.target,
        "start": pair.start,
        "end": pair.end,
        "origin": pair.origin,
        "quality": {"score": pair.quality.score, "flags": list(pair.quality.flags)} if pair.quality is not None else None,
        "tm": _tm_view(pair.tm),
        "terms": [
            {
                "surface": term.surface,
                "required": term.required,
                "status": term.status,
                "mention": term.mention,
                "enforced": term.enforce,
                "source_start": term.source_start,
                "source_end": term.source_end,
                "target_start": term.target_start,
                "target_end": term.target_end,
            }
            for term in pair.terms
        ],
    }
