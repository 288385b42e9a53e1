"""The HTML evaluation report: corpus scores with signatures, the edit summary, and every segment side
by side with a word-level diff from our MT to the reference (deletions struck through in red,
insertions underlined in green). One self-contained file — inline CSS, no scripts, no external
assets, links only to its own rows — and every piece of input text is escaped, so a segment holding ``<script>`` shows as text.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Sequence
from dataclasses import dataclass

from translate import __version__
from translate.evaluate.evaluation import Evaluation

__all__ = ["DiffOp", "render_html", "segment_number", "word_diff"]


@dataclass(frozen=True)
class DiffOp:
    """``kind`` is ``equal``, ``delete`` (only in the MT), or ``insert`` (only in the reference)."""

    kind: str
    text: str


def word_diff(hypothesis: str, reference: str) -> tuple[DiffOp, ...]:
    """Whitespace-token diff from ``hypothesis`` to ``reference``; a replacement is a deletion then an
    insertion. Joining the ``equal``+``delete`` texts gives the hypothesis's words back, ``equal``+
    ``insert`` the reference's."""
    old, new = hypothesis.split(), reference.split()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(DiffOp("equal", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            ops.append(DiffOp("delete", " ".join(old[i1:i2])))
        if j2 > j1:
            ops.append(DiffOp("insert", " ".join(new[j1:j2])))
    return tuple(ops)


def _diff_html(ops: Sequence[DiffOp], side: str) -> str:
    parts = []
    for op in ops:
        text = html.escape(op.text)
        if op.kind == "equal":
            parts.append(text)
        elif op.kind == "delete" and side == "hyp":
            parts.append(f"<del>{text}</del>")
        elif op.kind == "insert" and side == "ref":
            parts.append(f"<ins>{text}</ins>")
    return " ".join(parts)


# The palette, fonts and table rules of the side-by-side export (translate/export/html_assets.py).
_CSS = """
:root{--good:#1a7f37;--fair:#9a6700;--poor:#cf222e;--line:#d0d7de;--muted:#57606a}
*{box-sizing:border-box}
body{margin:1rem 1.5rem 2rem;font:15px/1.55 system-ui,-apple-system,"Segoe UI","DejaVu Sans",Arial,sans-serif;color:#1f2328;background:#fff}
h1{font-size:1.3rem;margin:0 0 .4rem}h2{font-size:1.1rem;margin:1.4rem 0 .4rem}h3{font-size:1rem;margin:1rem 0 .3rem}
p.meta{color:var(--muted);margin:0}
table{border-collapse:collapse;width:100%}
th{text-align:start;font-size:.8rem;color:var(--muted);font-weight:600;padding:.5rem;border-bottom:2px solid var(--line)}
td{vertical-align:top;padding:.35rem .5rem;border-bottom:1px dotted var(--line);overflow-wrap:anywhere}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.ar{direction:rtl;text-align:right;font-family:"Noto Naskh Arabic","Amiri","Scheherazade New","DejaVu Sans",Arial,sans-serif;font-size:1.1em}
del{background:#ffebe9;color:#82071e;text-decoration:line-through}
ins{background:#dafbe1;color:#116329;text-decoration:underline}
code{font-size:.8em;word-break:break-all;color:var(--muted)}
tr.untouched td{color:var(--muted)}
.band-good{color:var(--good);font-weight:600}.band-fair{color:var(--fair);font-weight:600}.band-poor{color:var(--poor);font-weight:600}
.remark{color:var(--fair)}
a{color:inherit}
@media print{body{margin:0;font-size:10pt}thead{display:table-header-group}tr{break-inside:avoid}
del,ins,.band-good,.band-fair,.band-poor{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""

#: No script, no fetch: the page may only use its own inline styles.
_CSP = "default-src 'none'; style-src 'unsafe-inline'"
#: HTER bands for the colour of a segment's HTER (edits per 100 post-edit words).
HTER_GOOD = 10.0
HTER_FAIR = 30.0



def _number(value: float) -> str:
    return f"{value:.1f}"


def _hter_band(hter: float) -> str:
    return "band-good" if hter <= HTER_GOOD else "band-fair" if hter <= HTER_FAIR else "band-poor"


_ORIGINS = {"file": "from the hypothesis file", "estimated": "estimated from the source, no model", "given": "estimated with the model"}


def _quality_html(evaluation: Evaluation) -> str:
    correlation = evaluation.quality
    if correlation is None or correlation.mean_quality is None:
        return ""

    def r(value: float | None) -> str:
        return "undefined" if value is None else f"{value:+.3f}"

    return (
        f"<p>Our quality score ({html.escape(_ORIGINS.get(evaluation.quality_origin or '', ''))}): mean {_number(correlation.mean_quality)} over {correlation.scored} of {correlation.total} segments; "
        f"against HTER Pearson {r(correlation.pearson)}, Spearman {r(correlation.spearman)} (a useful score is negative).</p>"
    )


def segment_number(evaluation: Evaluation, index: int) -> int:
    """How a segment is named to people: a run's pair id (as the review page and the TSV, XLIFF and TMX
    exports name it), else its line number in the file."""
    ids = evaluation.hyp.ids if not evaluation.settings.align else None
    return ids[index] if ids is not None else index + 1


def render_html(evaluation: Evaluation) -> str:
    """The whole report as one HTML string."""
    escape = html.escape
    edits = evaluation.edits
    rows = []
    for score in evaluation.corpus:
        interval = f"{score.mean:.1f} ± {score.ci:.1f}" if score.mean is not None and score.ci is not None else ""
        rows.append(f"<tr><td>{escape(score.name)}</td><td class=num>{_number(score.score)}</td><td class=num>{escape(interval)}</td><td><code>{escape(score.signature)}</code></td></tr>")
    remarks = "".join(f"<p class=remark>{escape(remark)}</p>" for remark in evaluation.remarks)
    number = lambda index: segment_number(evaluation, index)  # noqa: E731
    most = "".join(f"<li><a href='#segment-{number(s.index)}'>segment {number(s.index)}</a>: HTER {_number(s.hter)} ({s.edits} edits)</li>" for s in edits.most_changed)
    if edits.terms_checked:
        changed = "".join(
            f"<li><a href='#segment-{number(c.index)}'>segment {number(c.index)}</a>: <b>{escape(c.required)}</b> → {escape(c.reference) or '<i>(empty)</i>'}</li>"
            for c in edits.term_changes
        ) or "<li>none: every glossary form in the MT survived the edit</li>"
        terms = f"<h3>Glossary terms editors changed ({len(edits.term_changes)} of {edits.terms_checked})</h3><ul>{changed}</ul>"
    else:
        terms = "<p>No glossary terms known for this hypothesis (pass our run JSONL or XLIFF to check them).</p>"
    has_source = any(segment.source for segment in evaluation.segments)
    header = "<th>#</th>" + ("<th>Arabic</th>" if has_source else "") + "<th>MT (deleted by the editor)</th><th>Reference (inserted)</th><th>HTER</th>"
    # Segment TER is the HTER column already.
    segment_metrics = [name for name in evaluation.segment_signatures if name != "ter"]
    metric_headers = "".join(f"<th>{escape(name)}</th>" for name in segment_metrics)
    body = []
    for segment in evaluation.segments:
        ops = word_diff(segment.hypothesis, segment.reference)
        untouched = segment.hypothesis == segment.reference
        source = f"<td class=ar dir=rtl lang=ar>{escape(segment.source or '')}</td>" if has_source else ""
        scores = "".join(f"<td class=num>{_number(segment.scores[name])}</td>" for name in segment_metrics)
        body.append(
            f"<tr id=segment-{number(segment.index)}{' class=untouched' if untouched else ''}><td class=num>{number(segment.index)}</td>{source}"
            f"<td lang=en>{_diff_html(ops, 'hyp')}</td><td lang=en>{_diff_html(ops, 'ref')}</td>"
            f"<td class='num {_hter_band(segment.hter)}'>{_number(segment.hter)}</td>{scores}</tr>"
        )
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'>"
        f"<meta http-equiv=Content-Security-Policy content=\"{_CSP}\">"
        f"<title>Evaluation: {escape(evaluation.hyp.path.name)} against {escape(evaluation.ref.path.name)}</title>"
        f"<style>{_CSS}</style></head><body>"
        f"<h1>Evaluation of {escape(str(evaluation.hyp.path))} against {escape(str(evaluation.ref.path))}</h1>"
        f"<p class=meta>{len(evaluation.segments)} {'aligned beads' if evaluation.settings.align else 'segments'}; translate {escape(__version__)}.</p>{remarks}"
        "<h2>Corpus scores</h2><table><thead><tr><th>Metric</th><th>Score</th><th>Bootstrap μ ± 95 %</th><th>sacrebleu signature</th></tr></thead>"
        + "".join(rows)
        + "</table>"
        f"<h2>Edits</h2><p>HTER {_number(edits.corpus_hter)} (<code>{escape(edits.signature)}</code>); "
        f"{edits.untouched} of {edits.total} segments untouched ({edits.untouched_share:.0%}).</p>"
        f"{_quality_html(evaluation)}"
        f"<h3>Changed most</h3><ol>{most or '<li>nothing was changed</li>'}</ol>{terms}"
        f"<h2>Segments</h2><table><thead><tr>{header}{metric_headers}</tr></thead>"
        + "".join(body)
        + "</table></body></html>\n"
    )
