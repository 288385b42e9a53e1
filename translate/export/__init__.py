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


EXPORTERS: dict[str, Exporter] = {
    "jsonl": Exporter("jsonl", ".jsonl", jsonl.render),
    "txt": Exporter("txt", ".en.txt", text.render),
    "tsv": Exporter("tsv", ".tsv", tsv.render),
    "html": Exporter("html", ".html", html.render),
    "tmx": Exporter("tmx", ".tmx", tmx.render),
    "xliff": Exporter("xliff", ".xlf", xliff.render),
    "docx": Exporter("docx", ".docx", docx.render),
    "md": Exporter("md", ".md", markdown.render),
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
    return [write_atomic(Path(folder) / f"{name}{EXPORTERS[fmt].suffix}", EXPORTERS[fmt].render(run, options)) for fmt in formats]
