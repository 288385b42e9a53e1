"""``translate run`` as a plain function: files in, exports out, one outcome per file.

Every input is read before the model is loaded (a bad file is reported without loading the model for
nothing), a bad input never stops the others, and every output is written atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from translate.document import Document, read_document
from translate.engines import DEFAULT_ENGINE
from translate.engines.base import DecodingSettings, Engine
from translate.errors import InputError, TranslateError
from translate.records import Run

__all__ = ["FileOutcome", "RunSettings", "run_files"]

ProgressFactory = Callable[[str], AbstractContextManager[Callable[[int], None]]]


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


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one input: the run and files written, or the error that stopped it."""

    path: Path
    run: Run | None = None
    written: tuple[Path, ...] = ()
    error: TranslateError | None = None


def _no_progress(_description: str) -> AbstractContextManager[Callable[[int], None]]:
    return nullcontext(lambda _n: None)


def build_engine(settings: RunSettings) -> Engine:
    from translate.engines import load_engine

    engine = load_engine(settings.model, engine=settings.engine, revision=settings.revision, settings=settings.decoding, quantization=settings.quantization)
    if not settings.use_cache:
        return engine
    from translate.engines.cached import CachedEngine, TranslationCache, default_cache_path

    return CachedEngine(engine, TranslationCache(settings.cache_path or default_cache_path()))


def run_files(
    paths: Sequence[Path],
    settings: RunSettings,
    *,
    engine: Engine | None = None,
    progress: ProgressFactory = _no_progress,
) -> Iterator[FileOutcome]:
    """Translate each file and write its exports; yield one :class:`FileOutcome` per input, in order
    of completion (unreadable inputs first). Errors that concern the whole run (model, glossary,
    output folder) propagate."""
    from translate.export import export_run
    from translate.pipeline import translate_document

    matcher = None
    if settings.glossary_paths:
        from translate.glossary import TermMatcher, load_glossary

        matcher = TermMatcher(load_glossary(list(settings.glossary_paths)))
    documents: list[Document] = []
    for path in paths:
        try:
            documents.append(read_document(path, settings.encoding))
        except InputError as error:
            yield FileOutcome(Path(path), error=error)
    if not documents:
        return
    engine = engine or build_engine(settings)
    for document in documents:
        path = Path(document.path or "article.txt")
        with progress(f"translating {path.name}") as advance:
            run = translate_document(document, engine, glossary=matcher, progress=advance)
        written = export_run(run, settings.out_dir, path.stem, settings.formats)
        yield FileOutcome(path, run=run, written=tuple(written))
