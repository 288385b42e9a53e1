"""Exports: every format is rendered from a :class:`~translate.records.Run` (the canonical JSONL), one
module per format. ``EXPORTERS`` maps a format name to its file suffix and renderer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from translate.export import jsonl, text, tsv
from translate.records import Run

__all__ = ["DEFAULT_FORMATS", "EXPORTERS", "Exporter", "parse_formats"]


@dataclass(frozen=True)
class Exporter:
    name: str
    suffix: str
    render: Callable[[Run], str | bytes]


EXPORTERS: dict[str, Exporter] = {
    "jsonl": Exporter("jsonl", ".jsonl", jsonl.render),
    "txt": Exporter("txt", ".en.txt", text.render),
    "tsv": Exporter("tsv", ".tsv", tsv.render),
}

DEFAULT_FORMATS = ("jsonl", "txt", "tsv")


def parse_formats(value: str) -> tuple[str, ...]:
    """``"jsonl,tsv"`` → ``("jsonl", "tsv")``; raises ``ValueError`` naming unknown formats."""
    names = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [name for name in names if name not in EXPORTERS]
    if unknown or not names:
        raise ValueError(f"unknown format(s) {', '.join(unknown) or '(none given)'}; choose from {', '.join(EXPORTERS)}")
    return names
