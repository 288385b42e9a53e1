"""Tab-separated pairs for spreadsheets and scripts: ``id``, ``kind``, source, target, ``score``,
``flags``, ``origin`` (``mt``, ``tm`` — reused from the translation memory —, ``passthrough``), with a header row whose two text columns are named by locale (``ar``, ``en`` by default).

Quoting follows what spreadsheet programs and Python's ``csv`` read back: a field holding a tab, a line
feed, a carriage return or a double quote is wrapped in double quotes with inner quotes doubled. (The
standard library's writer leaves a lone carriage return unquoted when the line terminator is ``\\n``,
which its own reader then rejects — hence this small writer.) ``score`` is empty for a pair with no
score; ``flags`` are comma-separated.
"""

from __future__ import annotations

from translate.export.clean import clean_text
from translate.export.options import ExportOptions
from translate.records import Pair, Run

__all__ = ["COLUMNS", "format_flags", "format_score_value", "header", "render"]

#: Columns, with ``source``/``target`` standing for the two locale-named text columns.
COLUMNS = ("id", "kind", "source", "target", "score", "flags", "origin")

_NEEDS_QUOTES = ("\t", "\n", "\r", '"')


def header(options: ExportOptions) -> tuple[str, ...]:
    return ("id", "kind", options.source_locale, options.target_locale, "score", "flags", "origin")


def format_score_value(pair: Pair) -> str:
    """The exact score (``repr`` of the float, so reading it back gives the same number), or ``""``."""
    return "" if pair.quality is None else repr(float(pair.quality.score))


def format_flags(pair: Pair) -> str:
    return "" if pair.quality is None else ",".join(clean_text(flag) for flag in pair.quality.flags)


def _field(value: str) -> str:
    if any(character in value for character in _NEEDS_QUOTES):
        return '"' + value.replace('"', '""') + '"'
    return value


def render(run: Run, options: ExportOptions = ExportOptions()) -> str:
    rows = [header(options)]
    for pair in run.pairs:
        rows.append(
            (
                str(pair.id),
                pair.kind.value,
                clean_text(pair.source),
                clean_text(pair.target),
                format_score_value(pair),
                format_flags(pair),
                pair.origin,
            )
        )
    return "".join("\t".join(_field(value) for value in row) + "\n" for row in rows)
