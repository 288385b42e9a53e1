"""Markdown for wikis, chat and pull requests: the headline and sub-headings as headings (English, with
the Arabic and the pair's id and score beneath), the body as tables of pairs with their scores and flags.

Text is escaped so that it renders as itself under CommonMark/GitHub: inline markup characters get a
backslash, a line that would start a block (``#``, ``>``, ``-``, ``1.``…) is escaped at its start,
and a line break inside a table cell becomes ``<br>`` (the only way a cell can hold one).
"""

from __future__ import annotations

import os
import re

from translate.document import BlockKind
from translate.export.clean import clean_text
from translate.export.layout import HEADING_KINDS, Section, format_score, sections
from translate.export.options import ExportOptions
from translate.records import Pair, Run

__all__ = ["escape_inline", "render"]

_INLINE = re.compile(r"([\\`*_\[\]<>|~&!])")
# A line starting like a block: the marker's punctuation gets the backslash (CommonMark escapes only
# ASCII punctuation, so "1." becomes "1\\." — "\\1." would print the backslash).
_BLOCK_START = re.compile(r"^(\s*(?:\d+)?)([#>+=.)-])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def escape_inline(text: str, *, line_break: str = "<br>") -> str:
    """``text`` escaped for a single Markdown line (a heading, a paragraph or a table cell)."""
    escaped = _INLINE.sub(r"\\\1", clean_text(text))
    escaped = _BLOCK_START.sub(r"\1\\\2", escaped)
    return _LINE_BREAK.sub(line_break, escaped)


def _quality(pair: Pair) -> str:
    # A pair reused from the translation memory says so first: its English is a person's.
    memory = f"TM {pair.tm.score} · " if pair.origin == "tm" and pair.tm is not None else ""
    if pair.quality is None:
        return escape_inline(memory + "no score")
    flags = ", ".join(pair.quality.flags)
    return escape_inline(memory + format_score(pair.quality) + (f" ⚑ {flags}" if flags else ""))


def _table(body: list[Section], options: ExportOptions) -> list[str]:
    lines = [
        f"| # | Arabic ({escape_inline(options.source_locale)}) | English ({escape_inline(options.target_locale)}) | Quality |",
        "|--:|---|---|---|",
    ]
    for section in body:
        for pair in section.pairs:
            source = escape_inline(pair.source)
            target = escape_inline(pair.target)
            if section.kind in (BlockKind.CAPTION, BlockKind.SOURCE) and source.strip() and target.strip():
                source, target = f"*{source}*", f"*{target}*"
            lines.append(f"| {pair.id} | {source} | {target} | {_quality(pair)} |")
    return lines


def render(run: Run, options: ExportOptions = ExportOptions()) -> str:
    manifest = run.manifest
    lines: list[str] = []
    body: list[Section] = []

    def flush() -> None:
        if body:
            lines.extend(_table(body, options))
            lines.append("")
            body.clear()

    for section in sections(run):
        level = HEADING_KINDS.get(section.kind)
        if level is None:
            body.append(section)
            continue
        flush()
        english = " ".join(pair.target for pair in section.pairs)
        arabic = " ".join(pair.source for pair in section.pairs)
        lines.append(f"{'#' * level} {escape_inline(english, line_break=' ')}")
        lines.append("")
        lines.append(escape_inline(arabic, line_break=" "))
        lines.append("")
        lines.append("*" + " · ".join(f"pair {pair.id}: {_quality(pair)}" for pair in section.pairs) + "*")
        lines.append("")
        if level == 1 and len(lines) == 6:
            about = f"{os.path.basename(manifest.input_path)} · model {manifest.model_id or '—'} · {manifest.created} · translate {manifest.tool_version}"
            lines.append(f"*{escape_inline(about)}*")
            lines.append("")
    flush()
    return "\n".join(lines).rstrip("\n") + "\n"
