"""Aligning two files: an Arabic article and a user's own English version of it.

:func:`read_side` decodes a file (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1256 Arabic;
any line endings) and cuts it into sentences — with our segmenter (:mod:`translate.segment`, for both
languages; one paragraph per line, blank lines allowed) or, ``presegmented``, one sentence per
non-empty line with blank lines between paragraphs. :func:`align_documents` pairs the two sides and
scores every bead with :mod:`translate.quality` (a sentence left without counterpart is flagged
``omission`` or ``addition``). The aligner's similarity is the lexicon's coverage
(:class:`~translate.quality.lexicon.LexicalSimilarity`) without a model; with an engine, the Arabic is
machine-translated and chrF against each English candidate is the similarity (Sennrich & Volk's
Bleualign idea), and the model's log-probabilities of the user's English feed the quality score.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.align.sentence import Bead, align_sentences
from translate.document import parse_document, read_text_file
from translate.engines.base import Engine
from translate.errors import InputError
from translate.quality import default_model, document_shift, length_distribution, score_pair
from translate.quality.lexicon import LexicalSimilarity, default_lexicon
from translate.records import QualityScore
from translate.script import arabic_letter_count
from translate.segment import segment_document

__all__ = ["AlignedBead", "Alignment", "Side", "align_documents", "alignment_jsonl", "alignment_tsv", "chrf_similarity", "read_side"]

#: A side whose letters are at least this share Arabic is Arabic.
ARABIC_SIDE_SHARE = 0.5

_LINE_ENDS = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")


@dataclass(frozen=True)
class Side:
    """One file cut into sentences; ``paragraphs[i]`` is sentence ``i``'s paragraph number."""

    path: str
    sentences: tuple[str, ...]
    paragraphs: tuple[int, ...]
    encoding: str


@dataclass(frozen=True)
class AlignedBead:
    bead: Bead
    source: str
    target: str
    quality: QualityScore | None


@dataclass(frozen=True)
class Alignment:
    source: Side
    target: Side
    beads: tuple[AlignedBead, ...]


def _arabic_share(sentences: Sequence[str]) -> float:
    text = " ".join(sentences)
    letters = sum(1 for ch in text if ch.isalpha())
    return arabic_letter_count(text) / letters if letters else 0.0


def read_side(path: Path, *, presegmented: bool = False, encoding: str | None = None) -> Side:
    """Decode and segment one side; an unreadable, undecodable or empty file is an InputError."""
    path = Path(path)
    decoded, _ = read_text_file(path, encoding)
    text = _LINE_ENDS.sub("\n", decoded.text)
    if not text.strip():
        raise InputError(path, "is empty (no sentences to align)", "pass the file with the text")
    sentences: list[str] = []
    paragraphs: list[int] = []
    if presegmented:
        paragraph = 0
        for line in text.split("\n"):
            if not line.strip():
                if sentences and paragraphs[-1] == paragraph:
                    paragraph += 1
                continue
            sentences.append(line.strip())
            paragraphs.append(paragraph)
    else:
        for segment in segment_document(parse_document(text, path=str(path), encoding=decoded.encoding)):
            sentences.append(segment.text)
            paragraphs.append(segment.block)
    return Side(str(path), tuple(sentences), tuple(paragraphs), decoded.encoding)


def _check_languages(arabic: Side, english: Side) -> None:
    arabic_share, english_share = _arabic_share(arabic.sentences), _arabic_share(english.sentences)
    if arabic_share < ARABIC_SIDE_SHARE and english_share >= ARABIC_SIDE_SHARE:
        raise InputError(arabic.path, f"is not Arabic but {english.path} is", "the files look swapped: pass the Arabic file first, the English second")
    if arabic_share < ARABIC_SIDE_SHARE:
        raise InputError(arabic.path, "contains no Arabic text", "pass the Arabic article first and its English version second")
    if english_share >= ARABIC_SIDE_SHARE:
        raise InputError(english.path, "is Arabic, not English", "pass the English version as the second file")


def chrf_similarity(translations: Sequence[str], targets: Sequence[str]) -> Callable[[int, int], float]:
    """``similarity(i, j)`` = chrF(translations[i], targets[j]) / 100 (sacrebleu defaults), cached."""
    from sacrebleu.metrics import CHRF

    metric = CHRF()
    cache: dict[tuple[int, int], float] = {}

    def similarity(i: int, j: int) -> float:
        key = (i, j)
        if key not in cache:
            cache[key] = metric.sentence_score(translations[i], [targets[j]]).score / 100.0
        return cache[key]

    return similarity


def _unpaired(bead: Bead) -> QualityScore | None:
    """A sentence with no counterpart is the plainest omission (Arabic alone) or addition (English
    alone): score 0 and the flag, so it sorts first for the editor."""
    if bead.src and not bead.tgt:
        return QualityScore(0.0, ("omission",), {"unpaired_source": float(len(bead.src))})
    if bead.tgt and not bead.src:
        return QualityScore(0.0, ("addition",), {"unpaired_target": float(len(bead.tgt))})
    return None


def _bead_kind(arabic: Side, src: Sequence[int]) -> str:
    """``headline`` for a sentence alone in its paragraph without a closing full stop (a title, a
    heading: the length model expects them telegraphic), else ``sentence``."""
    if len(src) != 1:
        return "sentence"
    paragraph = arabic.paragraphs[src[0]]
    alone = arabic.paragraphs.count(paragraph) == 1
    return "headline" if alone and not arabic.sentences[src[0]].rstrip().endswith((".", ":", "؛", "،")) else "sentence"


def align_documents(
    arabic: Side,
    english: Side,
    *,
    engine: Engine | None = None,
    terms: Sequence[tuple[str, str]] = (),
) -> Alignment:
    """Align two sides and score each bead (a bead with an empty side: ``omission``/``addition``)."""
    _check_languages(arabic, english)
    if engine is not None:
        translations = [hypothesis.text for hypothesis in engine.translate(list(arabic.sentences))]
        similarity: Callable[[int, int], float] = chrf_similarity(translations, english.sentences)
    else:
        similarity = LexicalSimilarity(default_lexicon(), arabic.sentences, english.sentences)
    try:
        beads = align_sentences(
            arabic.sentences,
            english.sentences,
            similarity=similarity,
            source_paragraphs=arabic.paragraphs,
            target_paragraphs=english.paragraphs,
            terms=terms,
        )
    except ValueError as error:  # a block too large to search
        raise InputError(english.path, f"cannot be aligned with {arabic.path} ({error})", "separate paragraphs with blank lines in both files") from None
    texts = [(" ".join(arabic.sentences[i] for i in bead.src), " ".join(english.sentences[j] for j in bead.tgt)) for bead in beads]
    paired = [k for k, bead in enumerate(beads) if bead.src and bead.tgt]
    lengths = length_distribution([texts[k] for k in paired])
    kinds = [_bead_kind(arabic, bead.src) for bead in beads]
    shift = document_shift(default_model().lengths, [(*texts[k], kinds[k]) for k in paired])
    logprobs: dict[int, tuple[float | None, float | None]] = {}
    if engine is not None and paired:
        scored = engine.score([texts[k][0] for k in paired], [texts[k][1] for k in paired])
        logprobs = {k: (h.logprob_mean, h.logprob_min) for k, h in zip(paired, scored)}
    aligned = []
    for k, bead in enumerate(beads):
        quality = _unpaired(bead)
        if bead.src and bead.tgt:
            mean, low = logprobs.get(k, (None, None))
            quality = score_pair(texts[k][0], texts[k][1], kind=kinds[k], logprob_mean=mean, logprob_min=low, lengths=lengths, shift=shift)
        aligned.append(AlignedBead(bead, texts[k][0], texts[k][1], quality))
    return Alignment(arabic, english, tuple(aligned))


def alignment_jsonl(alignment: Alignment) -> str:
    """One bead per line: ``{"src": [...], "tgt": [...], "score": ..., "source", "target", "quality"}``."""
    lines = []
    for item in alignment.beads:
        record = {
            "src": list(item.bead.src),
            "tgt": list(item.bead.tgt),
            "score": item.bead.score,
            "source": item.source,
            "target": item.target,
            "quality": {"score": item.quality.score, "flags": list(item.quality.flags), "features": item.quality.features} if item.quality else None,
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n" if lines else ""


def _cell(text: str) -> str:
    return re.sub(r"[\t\n]+", " ", text)


def alignment_summary(alignment: Alignment) -> str:
    """One line: beads by type, how many are flagged, the mean quality score."""
    from collections import Counter

    kinds = Counter(f"{len(item.bead.src)}:{len(item.bead.tgt)}" for item in alignment.beads)
    order = ["1:1", "1:2", "2:1", "2:2", "1:0", "0:1"]
    parts = [f"{kinds[kind]} {kind}" for kind in order if kinds[kind]] + [f"{count} {kind}" for kind, count in sorted(kinds.items()) if kind not in order]
    scored = [item.quality.score for item in alignment.beads if item.quality is not None]
    flagged = sum(1 for item in alignment.beads if item.quality is not None and item.quality.flags)
    mean = f"{sum(scored) / len(scored):.1f}" if scored else "–"
    return (
        f"{len(alignment.beads)} beads ({', '.join(parts) or 'none'}) from {len(alignment.source.sentences)} Arabic and "
        f"{len(alignment.target.sentences)} English sentences; {flagged} flagged; mean quality {mean}"
    )


def alignment_tsv(alignment: Alignment) -> str:
    """A header, then one bead per row: indices (comma-separated), scores, flags, both texts."""
    rows = ["src\ttgt\tscore\tquality\tflags\tarabic\tenglish"]
    for item in alignment.beads:
        quality = f"{item.quality.score:g}" if item.quality else ""
        flags = ",".join(item.quality.flags) if item.quality else ""
        rows.append(
            "\t".join(
                [",".join(map(str, item.bead.src)), ",".join(map(str, item.bead.tgt)), f"{item.bead.score:g}", quality, flags, _cell(item.source), _cell(item.target)]
            )
        )
    return "\n".join(rows) + "\n"
