"""Documents in and out: Word (``.docx``/``.docm``), OpenDocument (``.odt``) and web pages
(``.html``/``.htm``/``.xhtml``) beside plain ``.txt``.

One module per format reads its file into paragraphs of runs (:mod:`translate.formats.base`) and
writes the English back into a copy of the same file, left-to-right; :mod:`~translate.formats.layout`
turns the paragraphs into the article the segmenter sees and :mod:`~translate.formats.transfer` carries
each run's look onto the English. A format knows nothing about translation; the pipeline knows
nothing about formats: it translates the :class:`~translate.document.Document` this package builds,
whose ``layout`` lets :func:`render_english` rebuild the file from the run's pairs.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from translate.errors import InputError

if TYPE_CHECKING:
    from translate.document import Document
    from translate.formats.base import DocumentFormat
    from translate.formats.layout import Layout
    from translate.postedit import PostEdit
    from translate.records import Run

__all__ = ["DOCUMENT_SUFFIXES", "EXTRACT_MODES", "MAX_DOCUMENT_BYTES", "document_suffix", "format_of", "is_document", "read_formatted", "render_english"]

#: Suffix → (module, object) of its format; modules are imported on first use. A format is listed
#: here once its module reads and rebuilds its files (``.docx``/``.docm``, ``.odt``,
#: ``.html``/``.htm``/``.xhtml`` are the ones issue 25 asks for).
_FORMATS: dict[str, tuple[str, str]] = {
    ".odt": ("translate.formats.odt", "ODT"),
    ".docx": ("translate.formats.docx", "DOCX"),
    ".docm": ("translate.formats.docx", "DOCX"),
    ".html": ("translate.formats.html", "HTML"),
    ".htm": ("translate.formats.html", "HTML"),
    ".xhtml": ("translate.formats.html", "HTML"),
}
DOCUMENT_SUFFIXES = tuple(_FORMATS)
#: ``--extract``: ``page`` translates the whole page; ``article`` pulls the article out of a web page.
EXTRACT_MODES = ("page", "article")
#: Files larger than this are refused before they are read (a document of news is a few MB at most).
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
#: Old or foreign formats users save their articles in, and what to do instead.
_REFUSED = {
    ".doc": "is an old binary Word document; save it as .docx (Word: File › Save As › Word Document)",
    ".rtf": "is an RTF file; save it as .docx or .odt",
    ".pdf": "is a PDF; export the text to .docx or .txt first",
}


def is_document(path: Path | str) -> bool:
    """Whether ``path`` is read as a formatted document (by its suffix)."""
    return Path(path).suffix.lower() in _FORMATS


def format_of(name: str) -> DocumentFormat:
    """The format for a suffix (``.docx``) or a format name (``docx``)."""
    suffix = name.lower() if name.startswith(".") else f".{name.lower()}"
    module, attribute = _FORMATS[suffix]
    return getattr(importlib.import_module(module), attribute)


def document_suffix(format_name: str) -> str:
    """The translated document's suffix: ``NAME.en.docx``, ``NAME.en.odt``, ``NAME.en.html``."""
    return f".en.{format_name}"


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise InputError(path, f"is {size / 2**20:.0f} MB, over the {MAX_DOCUMENT_BYTES // 2**20} MB limit for one document", "split it, or save its text as .txt")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file", "check the path") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a document", "pass the files inside it") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror})", "check its permissions") from None


def _read_source(suffix: str, extract: str, data: bytes, path: str):
    """The paragraphs of a document's bytes. A run and the API read a document once: the writer is
    handed the layout they read (``render_english(..., layout=)``); only ``translate export`` reads
    the original again."""
    if extract == "article" and format_of(suffix).name == "html":
        from translate.formats.html_extract import extract_article

        return extract_article(data, path)
    return format_of(suffix).read(data, path)


def read_formatted(path: Path | str, data: bytes | None = None, extract: str = "page") -> Document:
    """Read a document file (or its ``data``) into a :class:`~translate.document.Document` whose
    text is the article of its paragraphs and whose ``layout`` can rebuild the file in English."""
    from translate.document import Document, parse_document
    from translate.formats.layout import layout_of

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _REFUSED:
        raise InputError(path, _REFUSED[suffix], "then translate the new file")
    if data is None:
        data = _read_bytes(path)
    source = _read_source(suffix, extract, data, str(path))
    layout = layout_of(source, data, extract)
    if not layout.text.strip():
        raise InputError(path, "holds no text to translate", "check that the document has text (not only images)")
    # The "encoding" a run records says how the file was read, so the resume rule retranslates a page
    # read the other way (``html`` → ``html:article``).
    how = source.format if extract == "page" else f"{source.format}:{extract}"
    parsed = parse_document(layout.text, path=str(path), encoding=how, sha256=hashlib.sha256(data).hexdigest())
    return Document(parsed.text, parsed.blocks, parsed.encoding, parsed.path, parsed.sha256, layout=layout)


def render_english(run: Run, original: bytes | None = None, post_edits: Mapping[int, PostEdit] | None = None, layout: Layout | None = None) -> bytes:
    """The translated document of ``run``: its original (``original``, else the file the manifest
    names, checked against its digest) with every paragraph's English — the editors' where
    ``post_edits`` has them. ``layout``: the paragraphs the run itself read from ``original`` (a run
    writing what it just translated), so the document is not read again."""
    from translate.formats.layout import layout_of
    from translate.formats.transfer import english_paragraphs

    info = run.manifest.document
    if info is None:
        raise InputError(run.manifest.input_path, "was not translated from a formatted document", "ask for --format txt instead of doc")
    path = Path(run.manifest.input_path)
    if f".{info['format']}" not in _FORMATS or info.get("extract", "page") not in ("page", "article"):
        raise InputError(path, f"has a run file whose document record names an unknown format ({info['format']!r}, {info.get('extract', 'page')!r})", "translate it again with --force")
    data = original if original is not None else _read_bytes(path)
    if hashlib.sha256(data).hexdigest() != run.manifest.input_sha256:
        raise InputError(path, "is not the document this run translated (its SHA-256 differs)", "pass the original with --original PATH")
    suffix = "." + info["format"] if info["format"] != "html" else path.suffix.lower() or ".html"
    extract = info.get("extract", "page")
    if extract == "article":
        from translate.formats.html_extract import ARTICLE_PAGE

        writer = ARTICLE_PAGE
    else:
        writer = format_of(suffix)
    if layout is None or layout.data is not data or layout.extract != extract:
        layout = layout_of(_read_source(suffix if extract == "page" else ".html", extract, data, str(path)), data, extract)
        from translate.document import parse_document

        if [(b.start, b.end, b.text) for b in parse_document(layout.text).blocks] != [(b.start, b.end, b.text) for b in run.manifest.blocks]:
            raise InputError(path, "reads differently from when this run translated it (another version of translate?)", "translate it again with --force")
    pairs = run.pairs if not post_edits else [_edited(pair, post_edits[pair.id]) if pair.id in post_edits else pair for pair in run.pairs]
    return writer.write(data, english_paragraphs(layout, pairs), str(path))


def _edited(pair, post_edit):
    """A pair with the editor's English; its names are looked up again in the new text."""
    from dataclasses import replace

    from translate.enforce import locate_forms

    spans = locate_forms(post_edit.post_edit, [term.required for term in pair.terms])
    terms = tuple(replace(term, target_start=span[0] if span else None, target_end=span[1] if span else None) for term, span in zip(pair.terms, spans))
    return replace(pair, target=post_edit.post_edit, terms=terms)
