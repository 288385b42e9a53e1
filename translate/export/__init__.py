"""Exports: every format is rendered from a :class:`~translate.records.Run` (the canonical JSONL), one
module per format. ``EXPORTERS`` maps a format name to its file suffix and renderer.

=======  ==========  ==========================================================================
format   suffix      for
=======  ==========  ==========================================================================
jsonl    .jsonl      the canonical run file (manifest + pairs); every other format comes from it
txt      .en.txt     the English article with the original's block structure
tsv      .tsv        spreadsheets and scripts
html     .html       editors: side by side, RTL Arabic, scores, flags, glossary terms, filter
tmx      .tmx        CAT tools' translation memories (TMX 1.4b)
xliff    .xlf        post-editing in CAT tools (XLIFF 1.2), MT kept in a note for evaluation
docx     .docx       Word: a two-column table, Arabic right-to-left
md       .md         wikis and chat: headings and tables
doc      .en.docx …  the translated document itself, for a .docx/.odt/.html input (``.en.docx``,
                     ``.en.odt``, ``.en.html``): the same file in English, left to right; for a
                     ``.txt`` input the English article is ``.en.txt`` (the ``txt`` format)
=======  ==========  ==========================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from translate.atomic import write_atomic
from translate.export import docx, html, jsonl, markdown, text, tmx, tsv, xliff
from translate.export.options import ExportOptions
from translate.records import Run

__all__ = ["DEFAULT_FORMATS", "EXPORTERS", "ExportOptions", "Exporter", "export_run", "parse_formats"]


@dataclass(frozen=True)
class Exporter:
    name: str
    suffix: str
    renderer: Callable[[Run, ExportOptions], str | bytes]

    def render(self, run: Run, options: ExportOptions = ExportOptions()) -> str | bytes:
        return self.renderer(run, options)

    def suffix_for(self, run: Run | None = None, document_format: str | None = None) -> str:
        """The suffix of this format's file for ``run`` (or an input of ``document_format``): only
        ``doc`` depends on the input (``.en.docx``; ``.en.txt`` for text)."""
        if self.name != "doc":
            return self.suffix
        if document_format is None and run is not None and run.manifest.document is not None:
            document_format = run.manifest.document["format"]
        if document_format in (None, "txt"):
            return EXPORTERS["txt"].suffix
        from translate.formats import document_suffix

        return document_suffix(document_format)


def _render_document(run: Run, options: ExportOptions) -> str | bytes:
    if run.manifest.document is None:
        return text.render(run, options)
    from translate.formats import render_english

    return render_english(run, options.original, options.post_edits, layout=options.layout)


EXPORTERS: dict[str, Exporter] = {
    "jsonl": Exporter("jsonl", ".jsonl", jsonl.render),
    "txt": Exporter("txt", ".en.txt", text.render),
    "tsv": Exporter("tsv", ".tsv", tsv.render),
    "html": Exporter("html", ".html", html.render),
    "tmx": Exporter("tmx", ".tmx", tmx.render),
    "xliff": Exporter("xliff", ".xlf", xliff.render),
    "docx": Exporter("docx", ".docx", docx.render),
    "md": Exporter("md", ".md", markdown.render),
    "doc": Exporter("doc", ".en.DOC", _render_document),
}

DEFAULT_FORMATS = ("jsonl", "txt", "tsv")


def parse_formats(value: str) -> tuple[str, ...]:
    """``"jsonl,tsv"`` → ``("jsonl", "tsv")``; raises ``ValueError`` naming unknown formats."""
    names = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [name for name in names if name not in EXPORTERS]
    if unknown or not names:
        raise ValueError(f"unknown format(s) {', '.join(unknown) or '(none given)'}; choose from {', '.join(EXPORTERS)}")
    return names


def export_run(run: Run, folder: Path, name: str, formats: tuple[str, ...], options: ExportOptions = ExportOptions()) -> list[Path]:
    """Write ``folder/NAME.SUFFIX`` for each format, each atomically; return the paths written."""
    written: list[Path] = []
    for fmt in formats:
        path = Path(folder) / f"{name}{EXPORTERS[fmt].suffix_for(run)}"
        if path not in written:  # ``doc`` of a text article is its ``txt``
            written.append(write_atomic(path, EXPORTERS[fmt].render(run, options)))
    return written
