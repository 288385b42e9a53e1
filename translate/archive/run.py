"""``translate run`` as a plain function: an archive of articles in, one sentence stream through the
pipeline, each article's exports out as soon as it is done, one :class:`ArticleOutcome` per input.

A bad input never stops the others; errors that concern the whole run (model, glossary, output
folder) propagate. The model is loaded on first need (:class:`~translate.engines.lazy.LazyEngine`): a
run whose inputs are all bad never loads it. Every output is written atomically, ``NAME.jsonl``
first — it is the record the resume rule (:mod:`translate.archive.resume`) checks.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from translate.archive.resume import Fingerprint, decide
from translate.archive.summary import ArticleOutcome
from translate.archive.walk import ArchiveInput
from translate.document import Document, read_document
from translate.engines import DEFAULT_ENGINE
from translate.engines.base import DecodingSettings, Engine
from translate.errors import ArticleFailed, GlossaryError, InputError, ModelError, ModelNotAvailable, OutputError

logger = logging.getLogger(__name__)

#: Errors about the whole run (the model, the glossary, the output folder): they stop it. Anything
#: else raised while translating is one article's failure.
RUN_LEVEL_ERRORS = (ModelNotAvailable, ModelError, GlossaryError, OutputError, MemoryError)

__all__ = ["ArchiveProgress", "RunSettings", "build_engine", "build_matcher", "build_memory", "run_archive"]


@dataclass(frozen=True)
class RunSettings:
    """Everything ``translate run`` was asked to do, built once by the CLI."""

    model: str
    out_dir: Path = Path("out")
    #: ``doc`` (the translated document) applies to .docx/.odt/.html inputs only.
    formats: tuple[str, ...] = ("jsonl", "txt", "tsv", "doc")
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
    #: CPU threads the engine may use for one batch (0: every core).
    threads: int = 0
    #: The translation memory whose exact matches are reused (None: no memory).
    tm_path: Path | None = None
    #: The lowest fuzzy score attached as a suggestion.
    tm_min: int = 75
    #: Web pages: ``page`` translates the whole page, ``article`` extracts the article first.
    extract: str = "page"

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

    engine = load_engine(
        settings.model, engine=settings.engine, revision=settings.revision, settings=settings.decoding, quantization=settings.quantization, threads=settings.threads
    )
    if not settings.use_cache:
        return engine
    from translate.engines.cached import CachedEngine, TranslationCache, default_cache_path

    return CachedEngine(engine, TranslationCache(settings.cache_path or default_cache_path()))


def build_matcher(settings: RunSettings):
    """The glossary matcher of ``--glossary`` (None without one), built once per run or worker."""
    if not settings.glossary_paths:
        return None
    from translate.glossary import TermMatcher, load_glossary

    return TermMatcher(load_glossary(list(settings.glossary_paths)))


def build_memory(settings: RunSettings):
    """The translation memory's lookup (None without ``--tm``), loaded once: its index answers every window."""
    if settings.tm_path is None:
        return None
    from translate.tm import MemoryLookup, TranslationMemory

    return MemoryLookup.load(TranslationMemory(settings.tm_path, create=False))


def _document_format(path: Path) -> str | None:
    from translate.formats import format_of, is_document

    return format_of(path.suffix).name if is_document(path) else None


def _outputs(settings: RunSettings, name: Path, source: Path, formats: Iterable[str] | None = None) -> dict[str, Path]:
    """Each format's output path for the article ``name`` read from ``source`` (the asked formats by
    default). ``doc`` of a text article is its ``txt``: it is left out."""
    from translate.export import EXPORTERS

    folder = settings.out_dir / name.parent
    document_format = _document_format(source)
    asked = settings.output_formats if formats is None else formats
    return {fmt: folder / f"{name.name}{EXPORTERS[fmt].suffix_for(document_format=document_format)}" for fmt in asked if fmt != "doc" or document_format is not None}


def _stale_exports(settings: RunSettings, name: Path, source: Path) -> tuple[str, ...]:
    """Formats not asked for now whose files an earlier run left for this article: re-rendered with
    the new translation, so no file beside it keeps the old one."""
    from translate.export import EXPORTERS

    others = [fmt for fmt in EXPORTERS if fmt not in settings.output_formats]
    return tuple(fmt for fmt, path in _outputs(settings, name, source, others).items() if path.is_file())


def _options(document: Document):
    """Export options for one article: a document's ``doc`` is rebuilt from the bytes it was read from."""
    from translate.export import ExportOptions

    return ExportOptions(original=document.layout.data, layout=document.layout) if document.layout is not None else ExportOptions()


def run_archive(
    inputs: Iterable[ArchiveInput],
    settings: RunSettings,
    *,
    engine: Engine | None = None,
    progress: ArchiveProgress | None = None,
) -> Iterator[ArticleOutcome]:
    """Translate every input (see :mod:`translate.archive.walk` for ``inputs``) and yield one outcome
    per input: skipped and failed ones as they are met, translated ones as their window finishes.
    Articles are read one at a time; a window of :data:`translate.pipeline.WINDOW_SENTENCES` sentences
    is the most that is held."""
    from translate.engines.lazy import LazyEngine
    from translate.export import export_run
    from translate.pipeline import WINDOW_SENTENCES, translate_window
    from translate.records import read_run
    from translate.segment import Segment, segment_document

    progress = progress or _Silent()
    if settings.out_dir.is_dir():
        # Temporary files of an earlier run killed outright (kill -9, out of memory) go first.
        from translate.atomic import sweep_leftovers

        sweep_leftovers([settings.out_dir])
    matcher = build_matcher(settings)
    glossary_digest = matcher.glossary.digest if matcher is not None else None
    memory = build_memory(settings)
    lazy = engine if engine is not None else LazyEngine(lambda: build_engine(settings))
    limit = settings.window_sentences or WINDOW_SENTENCES
    window: list[tuple[ArchiveInput, Path, Document, list[Segment]]] = []
    sentences = 0
    fingerprint: Fingerprint | None = None

    def translated(pending: list[tuple[ArchiveInput, Path, Document, list[Segment]]]) -> Iterator[ArticleOutcome]:
        segmented = [(document, segments) for _, _, document, segments in pending]
        for (item, name, document, _), (run, seconds) in zip(pending, translate_window(segmented, lazy, glossary=matcher, progress=progress.sentences, memory=memory, tm_min=settings.tm_min)):
            formats = tuple(_outputs(settings, name, item.path)) + _stale_exports(settings, name, item.path)
            written = export_run(run, settings.out_dir / name.parent, name.name, formats, _options(document))
            yield ArticleOutcome.of(item.path, "translated", name, run, tuple(written), seconds)

    def flush() -> Iterator[ArticleOutcome]:
        pending = list(window)
        window.clear()
        done = 0
        try:
            for outcome in translated(pending):
                done += 1
                yield outcome
        except RUN_LEVEL_ERRORS:
            raise
        except Exception as error:  # a bug met by one article of the window: find it, keep the others
            rest = pending[done:]
            if len(rest) == 1:
                logger.debug("article %s failed", rest[0][0].path, exc_info=True)
                yield ArticleOutcome(rest[0][0].path, "failed", rest[0][1], error=ArticleFailed(rest[0][0].path, error))
                return
            logger.debug("a window failed; translating its %d remaining articles one by one", len(rest), exc_info=True)
            for one in rest:
                yield from flush_one(one)

    def flush_one(one: tuple[ArchiveInput, Path, Document, list[Segment]]) -> Iterator[ArticleOutcome]:
        try:
            yield from translated([one])
        except RUN_LEVEL_ERRORS:
            raise
        except Exception as error:
            logger.debug("article %s failed", one[0].path, exc_info=True)
            yield ArticleOutcome(one[0].path, "failed", one[1], error=ArticleFailed(one[0].path, error))

    for item in inputs:
        if item.error is not None or item.name is None:
            yield ArticleOutcome(item.path, "failed", item.name, error=item.error or InputError(item.path, "has no output name"))
            continue
        outputs = _outputs(settings, item.name, item.path)
        if any(os.path.realpath(path) == os.path.realpath(item.path) for path in outputs.values()):
            error = InputError(item.path, f"its own outputs would overwrite it (--out {settings.out_dir})", "choose an --out folder apart from the inputs")
            yield ArticleOutcome(item.path, "failed", item.name, error=error)
            continue
        try:
            document = read_document(item.path, settings.encoding, settings.extract)
        except InputError as error:
            yield ArticleOutcome(item.path, "failed", item.name, error=error)
            continue
        run_file = outputs["jsonl"]
        if run_file.is_file() and not settings.force:
            try:
                earlier = read_run(run_file)
            except InputError as error:
                # Not a run file of ours (or a broken one): a user's file is never replaced by accident.
                problem = InputError(run_file, f"exists and is not a run file of translate that can be read ({error.problem}): it is not replaced", "move it away, choose another --out, or pass --force")
                yield ArticleOutcome(item.path, "failed", item.name, error=problem)
                continue
            fingerprint = fingerprint or Fingerprint.of(lazy, glossary_digest, (settings.tm_path, settings.tm_min) if settings.tm_path is not None else None)
            decision = decide(earlier.manifest, run_file, outputs, document.sha256, document.encoding, fingerprint)
            if decision.done:
                written = tuple(export_run(earlier, run_file.parent, item.name.name, decision.missing, _options(document))) if decision.missing else ()
                yield ArticleOutcome.of(item.path, "exported" if written else "skipped", item.name, earlier, written)
                continue
        segments = segment_document(document)
        window.append((item, item.name, document, segments))
        sentences += len(segments)
        if sentences >= limit:
            yield from flush()
            sentences = 0
    if window:
        yield from flush()
