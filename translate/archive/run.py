"""``translate run`` as a plain function: an archive of articles in, one sentence stream through the
pipeline, each article's exports out as soon as it is done, one :class:`ArticleOutcome` per input.

A bad input never stops the others; errors that concern the whole run (model, glossary, output
folder) propagate. The model is loaded on first need (:class:`~translate.engines.lazy.LazyEngine`): a
run whose inputs are all bad never loads it. Every output is written atomically, ``NAME.jsonl``
first — it is the record the resume rule (:mod:`translate.archive.resume`) checks.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from translate.archive.resume import Fingerprint, decide
from translate.archive.summary import ArticleOutcome
from translate.archive.walk import ArchiveInput
from translate.document import Document, read_document
from translate.engines import DEFAULT_ENGINE
from translate.engines.base import DecodingSettings, Engine
from translate.errors import InputError

__all__ = ["ArchiveProgress", "RunSettings", "build_engine", "run_archive"]


@dataclass(frozen=True)
class RunSettings:
    """Everything ``translate run`` was asked to do, built once by the CLI."""

    model: str
    out_dir: Path = Path("out")
    formats: tuple[str, ...] = ("jsonl", "txt", "tsv")
    engine: str = DEFAULT_ENGINE
    revision: str | None = None
    quantization: str | None = None
    decoding: DecodingSettings = field(default_factory=DecodingSettings)
    encoding: str | None = None
    glossary_paths: tuple[Path, ...] = ()
    use_cache: bool = True
    cache_path: Path | None = None
    #: Translate articles whose outputs are already done (the resume rule does not apply).
    force: bool = False
    #: Sentences per decoding window (None: :data:`translate.pipeline.WINDOW_SENTENCES`).
    window_sentences: int | None = None

    @property
    def output_formats(self) -> tuple[str, ...]:
        """The formats written: the canonical ``jsonl`` always, first."""
        return ("jsonl", *(fmt for fmt in self.formats if fmt != "jsonl"))


class ArchiveProgress(Protocol):
    def sentences(self, count: int) -> None: ...

    def article(self, outcome: ArticleOutcome) -> None: ...


class _Silent:
    def sentences(self, count: int) -> None:
        pass

    def article(self, outcome: ArticleOutcome) -> None:
        pass


def build_engine(settings: RunSettings) -> Engine:
    from translate.engines import load_engine

    engine = load_engine(settings.model, engine=settings.engine, revision=settings.revision, settings=settings.decoding, quantization=settings.quantization)
    if not settings.use_cache:
        return engine
    from translate.engines.cached import CachedEngine, TranslationCache, default_cache_path

    return CachedEngine(engine, TranslationCache(settings.cache_path or default_cache_path()))


def _outputs(settings: RunSettings, name: Path) -> dict[str, Path]:
    from translate.export import EXPORTERS

    folder = settings.out_dir / name.parent
    return {fmt: folder / f"{name.name}{EXPORTERS[fmt].suffix}" for fmt in settings.output_formats}


def run_archive(
    inputs: Sequence[ArchiveInput],
    settings: RunSettings,
    *,
    engine: Engine | None = None,
    progress: ArchiveProgress | None = None,
) -> Iterator[ArticleOutcome]:
    """Translate every input (see :mod:`translate.archive.walk` for ``inputs``) and yield one outcome
    per input, roughly in input order (skipped and failed ones as they are met, translated ones as
    their window finishes). Articles are read one at a time, as the stream needs them."""
    from translate.engines.lazy import LazyEngine
    from translate.export import export_run
    from translate.pipeline import translate_stream
    from translate.records import read_run

    progress = progress or _Silent()
    matcher = None
    if settings.glossary_paths:
        from translate.glossary import TermMatcher, load_glossary

        matcher = TermMatcher(load_glossary(list(settings.glossary_paths)))
    glossary_digest = matcher.glossary.digest if matcher is not None else None
    lazy = engine if engine is not None else LazyEngine(lambda: build_engine(settings))
    ready: deque[ArticleOutcome] = deque()
    in_flight: deque[tuple[ArchiveInput, Document]] = deque()

    def failed(item: ArchiveInput, error: InputError) -> ArticleOutcome:
        return ArticleOutcome(item.path, "failed", item.name, error=error)

    def documents() -> Iterator[Document]:
        fingerprint: Fingerprint | None = None
        for item in inputs:
            if item.error is not None or item.name is None:
                ready.append(failed(item, item.error or InputError(item.path, "has no output name")))
                continue
            try:
                document = read_document(item.path, settings.encoding)
            except InputError as error:
                ready.append(failed(item, error))
                continue
            outputs = _outputs(settings, item.name)
            if not settings.force and outputs["jsonl"].is_file():
                fingerprint = fingerprint or Fingerprint.of(lazy, glossary_digest)
                decision = decide(outputs["jsonl"], outputs, document.sha256, fingerprint)
                if decision.done:
                    try:
                        earlier = read_run(outputs["jsonl"])
                    except InputError as error:
                        ready.append(failed(item, error))
                        continue
                    written = tuple(export_run(earlier, outputs["jsonl"].parent, item.name.name, decision.missing)) if decision.missing else ()
                    ready.append(ArticleOutcome.of(item.path, "exported" if written else "skipped", item.name, earlier, written))
                    continue
            in_flight.append((item, document))
            yield document

    for run, seconds in translate_stream(documents(), lazy, glossary=matcher, progress=progress.sentences, window_sentences=settings.window_sentences):
        while ready:
            yield ready.popleft()
        item, _ = in_flight.popleft()
        name = item.name or Path(item.path.stem)  # documents() streams named inputs only
        written = export_run(run, settings.out_dir / name.parent, name.name, settings.output_formats)
        yield ArticleOutcome.of(item.path, "translated", name, run, tuple(written), seconds)
    while ready:
        yield ready.popleft()
