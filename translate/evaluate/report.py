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

__all__ = ["DiffOp", "render_html", "word_diff"]


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


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.4rem;margin:0 0 .5rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d0d0;padding:.35rem .5rem;vertical-align:top}
th{background:#f2f2f2;text-align:left}td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.ar{direction:rtl;text-align:right;font-family:"Noto Naskh Arabic","Amiri","Arial",sans-serif}
del{background:#fde2e2;color:#9b1c1c;text-decoration:line-through}ins{background:#dcfce7;color:#14532d;text-decoration:underline}
code{font-size:.85em;word-break:break-all}.untouched{color:#6b7280}.remark{color:#92400e}
@media print{body{margin:0}tr{page-break-inside:avoid}}
"""


def _number(value: float) -> str:
    return f"{value:.1f}"


def _quality_html(evaluation: Evaluation) -> str:
    correlation = evaluation.quality
    if correlation is None or correlation.mean_quality is None:
        return ""

    def r(value: float | None) -> str:
        return "undefined" if value is None else f"{value:+.3f}"

    return (
        f"<p>Our quality score: mean {_number(correlation.mean_quality)} over {correlation.scored} of {correlation.total} segments; "
        f"against HTER Pearson {r(correlation.pearson)}, Spearman {r(correlation.spearman)} (a useful score is negative).</p>"
    )


def render_html(evaluation: Evaluation) -> str:
    """The whole report as one HTML string."""
    escape = html.escape
    edits = evaluation.edits
    rows = []
    for score in evaluation.corpus:
        interval = f"{score.mean:.1f} ± {score.ci:.1f}" if score.mean is not None and score.ci is not None else ""
        rows.append(f"<tr><td>{escape(score.name)}</td><td class=num>{_number(score.score)}</td><td class=num>{escape(interval)}</td><td><code>{escape(score.signature)}</code></td></tr>")
    remarks = "".join(f"<p class=remark>{escape(remark)}</p>" for remark in evaluation.remarks)
    most = "".join(f"<li><a href='#segment-{s.index + 1}'>segment {s.index + 1}</a>: HTER {_number(s.hter)} ({s.edits} edits)</li>" for s in edits.most_changed)
    if edits.terms_checked:
        changed = "".join(
            f"<li><a href='#segment-{c.index + 1}'>segment {c.index + 1}</a>: <b>{escape(c.required)}</b> → {escape(c.reference) or '<i>(empty)</i>'}</li>"
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
            f"<tr id=segment-{segment.index + 1}{' class=untouched' if untouched else ''}><td class=num>{segment.index + 1}</td>{source}"
            f"<td lang=en>{_diff_html(ops, 'hyp')}</td><td lang=en>{_diff_html(ops, 'ref')}</td>"
            f"<td class=num>{_number(segment.hter)}</td>{scores}</tr>"
        )
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'>"
        f"<title>Evaluation: {escape(evaluation.hyp.path.name)} against {escape(evaluation.ref.path.name)}</title>"
        f"<style>{_CSS}</style></head><body>"
        f"<h1>Evaluation of {escape(str(evaluation.hyp.path))} against {escape(str(evaluation.ref.path))}</h1>"
        f"<p>{len(evaluation.segments)} {'aligned beads' if evaluation.settings.align else 'segments'}; translate {escape(__version__)}.</p>{remarks}"
        "<h2>Corpus scores</h2><table><tr><th>Metric</th><th>Score</th><th>Bootstrap μ ± 95 %</th><th>sacrebleu signature</th></tr>"
        + "".join(rows)
        + "</table>"
        f"<h2>Edits</h2><p>HTER {_number(edits.corpus_hter)} (<code>{escape(edits.signature)}</code>); "
        f"{edits.untouched} of {edits.total} segments untouched ({edits.untouched_share:.0%}).</p>"
        f"{_quality_html(evaluation)}"
        f"<h3>Changed most</h3><ol>{most or '<li>nothing was changed</li>'}</ol>{terms}"
        f"<h2>Segments</h2><table><tr>{header}{metric_headers}</tr>"
        + "".join(body)
        + "</table></body></html>\n"
    )
