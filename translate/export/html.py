"""One self-contained HTML page for editors: the article side by side, Arabic right-to-left.

Rows are pairs (sentences), grouped per block; the headline and sub-headings render as headings.
Each row shows the quality score as a number and a colour band with its flags ("no score" before a
quality estimator has run); glossary terms are highlighted on both sides, and hovering (or focusing)
one lights up its partner. A checkbox shows only flagged pairs. The page has no external assets and
works offline; every piece of text is escaped, and a Content-Security-Policy admits only the page's
own inline style and script (pinned by hash), so no text from the article can ever run.
"""

from __future__ import annotations

import json
import os
from html import escape

from translate.csp import hash_source
from translate.document import BlockKind
from translate.export.clean import clean_text
from translate.export.html_assets import SCRIPT, STYLE
from translate.export.layout import HEADING_KINDS, format_score, is_flagged, pieces, score_band, sections, term_spans
from translate.export.options import ExportOptions
from translate.records import Pair, Run

__all__ = ["content_security_policy", "render"]

_LANGUAGE_NAMES = {"ar": "Arabic", "en": "English"}


def content_security_policy() -> str:
    return f"default-src 'none'; style-src {hash_source(STYLE)}; script-src {hash_source(SCRIPT)}; base-uri 'none'; form-action 'none'"


def _text(value: object) -> str:
    return escape(clean_text(str(value)), quote=True)


def _language_label(locale: str) -> str:
    name = _LANGUAGE_NAMES.get(locale.split("-")[0].lower(), locale)
    return f"{name} ({locale})"


def _marked(text: str, marks: list[tuple[int, int, int]], pair: Pair, side: str, unmatched: set[int]) -> str:
    """``text`` escaped, with glossary terms wrapped in ``<mark>``s that share a key with their partner."""
    out = []
    for piece, number in pieces(text, marks):
        if number is None:
            out.append(_text(piece))
            continue
        term = pair.terms[number]
        if term.enforce:
            title = f"{term.surface} → {term.required} ({term.status}, {term.mention} mention)"
            classes = "term unmatched" if number in unmatched else "term"
        else:
            title = f"{term.surface} → {term.required}? (possible: an ambiguous name without its context, not enforced)"
            classes = "term possible"
        out.append(
            f'<mark class="{classes}" data-term="t{pair.id}-{number}" data-side="{side}" tabindex="0" title="{_text(title)}">{_text(piece)}</mark>'
        )
    return "".join(out)


def _cell_direction(pair: Pair, locale: str, *, source: bool) -> str:
    if source and pair.language == "ar":
        return f'dir="rtl" lang="{escape(locale)}"'
    if not source and not pair.passthrough:
        return f'dir="ltr" lang="{escape(locale)}"'
    if pair.language == "en":
        return 'dir="ltr" lang="en"'
    return 'dir="auto"'


def _memory_cell(pair: Pair) -> str:
    """A "TM 100" badge on a pair reused from the translation memory (its provenance as the title),
    and the fuzzy suggestions, best first, for the editor to take from."""
    parts = []
    if pair.origin == "tm" and pair.tm is not None:
        p = pair.tm.provenance
        title = "reused from the translation memory: " + "; ".join(part for part in (p.origin, p.editor or "", p.changed or p.created or "") if part)
        parts.append(f'<span class="tm-badge" title="{_text(title)}">TM {pair.tm.score}</span>')
    if pair.tm_suggestions:
        items = "".join(f'<li value="{number}"><span class="tm-score">{match.score}</span> {_text(match.target)}</li>' for number, match in enumerate(pair.tm_suggestions, start=1))
        parts.append(f'<details class="tm-suggestions"><summary>{len(pair.tm_suggestions)} TM suggestion{"s" if len(pair.tm_suggestions) != 1 else ""}</summary><ol>{items}</ol></details>')
    return "".join(parts)


def _row(pair: Pair, kind: BlockKind, options: ExportOptions) -> str:
    spans = term_spans(pair)
    source_marks = [(s.source[0], s.source[1], s.number) for s in spans if s.source]
    target_marks = [(s.target[0], s.target[1], s.number) for s in spans if s.target]
    # A term highlighted on one side only (its partner could not be located) is drawn as unmatched.
    unmatched = {s.number for s in spans if (s.source is None) != (s.target is None)}
    level = HEADING_KINDS.get(kind)
    tag = f"h{level}" if level else "p"
    band = score_band(pair.quality)
    classes = ["pair", f"kind-{kind.value}"]
    if is_flagged(pair):
        classes.append("flagged")
    if pair.passthrough:
        classes.append("passthrough")
    flags = pair.quality.flags if pair.quality is not None else ()
    flag_items = "".join(f"<li>{_text(flag)}</li>" for flag in flags)
    score_title = "not scored yet"
    if pair.quality is not None:
        features = ", ".join(f"{name} {value:.3g}" for name, value in sorted(pair.quality.features.items()))
        score_title = f"quality score {pair.quality.score:.1f} / 100" + (f" ({features})" if features else "")
    memory = _memory_cell(pair)
    source_html = _marked(pair.source, source_marks, pair, "source", unmatched)
    target_html = _marked(pair.target, target_marks, pair, "target", unmatched)
    return (
        f'<tr class="{" ".join(classes)}" id="pair-{pair.id}" data-pair="{pair.id}">'
        f'<td class="num"><a href="#pair-{pair.id}">{pair.id}</a></td>'
        f'<td class="text src" {_cell_direction(pair, options.source_locale, source=True)}><{tag}>{source_html}</{tag}></td>'
        f'<td class="text tgt" {_cell_direction(pair, options.target_locale, source=False)}><{tag}>{target_html}</{tag}></td>'
        f'<td class="quality"><span class="score band-{band}" title="{_text(score_title)}">{_text(format_score(pair.quality))}</span>'
        + (f'<ul class="flags">{flag_items}</ul>' if flag_items else "")
        + memory
        + "</td></tr>"
    )


def _manifest_footer(run: Run) -> str:
    manifest = run.manifest
    items = [
        ("input", f"{os.path.basename(manifest.input_path)} (sha256 {manifest.input_sha256[:12]}…, {manifest.input_encoding})"),
        ("model", " @ ".join(str(v) for v in (manifest.model_id, manifest.model_revision) if v) or "—"),
        ("engine", " on ".join(str(v) for v in (manifest.engine, manifest.device) if v) or "—"),
        ("decoding", ", ".join(f"{key}={value}" for key, value in sorted(manifest.decoding.items())) or "—"),
        ("glossary", json.dumps(manifest.glossary, ensure_ascii=False, sort_keys=True) if manifest.glossary else "none"),
        ("created", f"{manifest.created} by translate {manifest.tool_version}"),
    ]
    rows = "".join(f"<dt>{_text(name)}</dt><dd>{_text(value)}</dd>" for name, value in items)
    return f'<footer class="manifest"><dl>{rows}</dl></footer>'


def render(run: Run, options: ExportOptions = ExportOptions()) -> str:
    all_sections = sections(run)
    headline = next((s for s in all_sections if s.kind is BlockKind.HEADLINE), None)
    title = " ".join(p.target for p in headline.pairs) if headline else os.path.basename(run.manifest.input_path) or "translation"
    flagged = sum(1 for pair in run.pairs if is_flagged(pair))
    scored = sum(1 for pair in run.pairs if pair.quality is not None)
    passthrough = sum(1 for pair in run.pairs if pair.passthrough)
    summary = f"{len(run.pairs)} pairs · {passthrough} passed through · {scored} scored · {flagged} flagged"
    bodies = []
    for section in all_sections:
        has_flagged = any(is_flagged(pair) for pair in section.pairs)
        rows = "".join(_row(pair, section.kind, options) for pair in section.pairs)
        classes = f"section kind-{section.kind.value}" + (" has-flagged" if has_flagged else "")
        bodies.append(f'<tbody class="{classes}" data-block="{section.block}">{rows}</tbody>')
    source_label = _language_label(options.source_locale)
    target_label = _language_label(options.target_locale)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">\n'
        f'<meta name="generator" content="translate {_text(run.manifest.tool_version)}">\n'
        f"<title>{_text(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<header class="toolbar"><p class="title">{_text(title)}</p><p class="summary">{_text(summary)}</p>'
        f'<label><input type="checkbox" id="flagged-only"> Show flagged pairs only ({flagged})</label>'
        '<ul class="legend"><li><span class="score band-good">80+</span> good</li><li><span class="score band-fair">50+</span> check</li>'
        '<li><span class="score band-poor">&lt;50</span> poor</li><li><span class="score band-none">no score</span></li></ul></header>\n'
        '<main>\n<table class="pairs">\n<colgroup><col class="num"><col class="src"><col class="tgt"><col class="quality"></colgroup>\n'
        f'<thead><tr><th scope="col">#</th><th scope="col" class="src">{_text(source_label)}</th><th scope="col" class="tgt">{_text(target_label)}</th>'
        '<th scope="col">Quality</th></tr></thead>\n'
        + "\n".join(bodies)
        + '\n</table>\n<p class="no-flagged" id="no-flagged" hidden>No pair is flagged.</p>\n</main>\n'
        + _manifest_footer(run)
        + f"\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
