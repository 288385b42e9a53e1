"""An alignment of a user's own English with the Arabic (``translate align --format html``) as the same
side-by-side page a run's HTML export is: one row per bead, Arabic right to left, the bead's quality
score and flags, a sentence one side left out shown alone, "flagged only" to review the risky beads.
Self-contained, the run page's style and script (pinned by the same CSP)."""

from __future__ import annotations

import os
from html import escape

from translate.align.documents import Alignment, alignment_summary
from translate.export.clean import clean_text
from translate.export.html import content_security_policy
from translate.export.html_assets import SCRIPT, STYLE
from translate.export.layout import format_score, score_band

__all__ = ["render_alignment"]


def _text(value: object) -> str:
    return escape(clean_text(str(value)), quote=True)


def render_alignment(alignment: Alignment) -> str:
    title = f"{os.path.basename(alignment.source.path)} ↔ {os.path.basename(alignment.target.path)}"
    rows = []
    flagged = 0
    for number, item in enumerate(alignment.beads):
        flags = item.quality.flags if item.quality is not None else ()
        flagged += bool(flags)
        kind = f"{len(item.bead.src)}-{len(item.bead.tgt)}"
        classes = "pair" + (" flagged" if flags else "")
        where = f"ar {','.join(map(str, item.bead.src)) or '–'} · en {','.join(map(str, item.bead.tgt)) or '–'}"
        flag_items = "".join(f"<li>{_text(flag)}</li>" for flag in flags)
        rows.append(
            f'<tr class="{classes}" id="pair-{number}" data-pair="{number}">'
            f'<td class="num"><a href="#pair-{number}" title="{_text(where)}">{number}</a><br><span class="kind">{kind}</span></td>'
            f'<td class="text src" dir="rtl" lang="ar"><p>{_text(item.source)}</p></td>'
            f'<td class="text tgt" dir="ltr" lang="en"><p>{_text(item.target)}</p></td>'
            f'<td class="quality"><span class="score band-{score_band(item.quality)}" title="alignment score {item.bead.score:.2f}">{_text(format_score(item.quality))}</span>'
            + (f'<ul class="flags">{flag_items}</ul>' if flag_items else "")
            + "</td></tr>"
        )
    summary = alignment_summary(alignment)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">\n'
        f"<title>{_text(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<header class="toolbar"><p class="title">{_text(title)}</p><p class="summary">{_text(summary)}</p>'
        f'<label><input type="checkbox" id="flagged-only"> Show flagged beads only ({flagged})</label></header>\n'
        '<main>\n<table class="pairs">\n<colgroup><col class="num"><col class="src"><col class="tgt"><col class="quality"></colgroup>\n'
        '<thead><tr><th scope="col">#</th><th scope="col" class="src">Arabic</th><th scope="col" class="tgt">English</th><th scope="col">Quality</th></tr></thead>\n'
        f'<tbody class="section">{"".join(rows)}</tbody>\n'
        '</table>\n<p class="no-flagged" id="no-flagged" hidden>No bead is flagged.</p>\n</main>\n'
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
