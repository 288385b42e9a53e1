"""One article through every stage: segment → translate (engine) → pairs with a manifest.

The engine is created by the caller and passed in. Stages added by later steps (glossary enforcement,
quality scores) plug in here, so the CLI stays a thin layer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from translate import __version__
from translate.document import Document
from translate.engines.base import Engine, Hypothesis
from translate.records import Manifest, Pair, Run
from translate.segment import Segment, segment_document

__all__ = ["translate_document"]

#: Sentences handed to the engine per call: large enough for full batches, small enough for a
#: progress bar that moves.
CHUNK_SENTENCES = 64

Progress = Callable[[int], None]


def _translate_all(engine: Engine, segments: list[Segment], progress: Progress | None) -> dict[int, Hypothesis]:
    pending = [segment for segment in segments if not segment.passthrough]
    # Longest first across the whole document, so each chunk's batches pad little.
    lengths = engine.count_tokens([segment.text for segment in pending]) if pending else []
    order = sorted(range(len(pending)), key=lambda i: (-lengths[i], i))
    hypotheses: dict[int, Hypothesis] = {}
    for chunk_start in range(0, len(order), CHUNK_SENTENCES):
        chunk = [pending[i] for i in order[chunk_start : chunk_start + CHUNK_SENTENCES]]
        for segment, hypothesis in zip(chunk, engine.translate([segment.text for segment in chunk])):
            hypotheses[segment.id] = hypothesis
        if progress is not None:
            progress(len(chunk))
    return hypotheses


def translate_document(
    document: Document,
    engine: Engine,
    *,
    progress: Progress | None = None,
) -> Run:
    """Translate every Arabic segment of ``document``; other segments pass through unchanged."""
    segments = segment_document(document)
    hypotheses = _translate_all(engine, segments, progress)
    pairs = []
    for segment in segments:
        hypothesis = hypotheses.get(segment.id)
        pairs.append(
            Pair(
                id=segment.id,
                block=segment.block,
                kind=segment.kind,
                source=segment.text,
                target=hypothesis.text if hypothesis else segment.text,
                start=segment.start,
                end=segment.end,
                language=segment.language,
                passthrough=segment.passthrough,
                logprob_mean=hypothesis.logprob_mean if hypothesis else None,
                logprob_min=hypothesis.logprob_min if hypothesis else None,
            )
        )
    manifest = Manifest(
        tool_version=__version__,
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        input_path=document.path or "",
        input_sha256=document.sha256,
        input_encoding=document.encoding,
        model_id=engine.info.model_id,
        model_revision=engine.info.revision,
        engine=engine.info.engine,
        device=engine.info.device,
        decoding=engine.settings.as_manifest(),
        blocks=document.blocks,
    )
    return Run(manifest, tuple(pairs))
