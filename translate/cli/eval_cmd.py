"""``translate eval``: sacrebleu scores, HTER and an edit summary, paired significance tests."""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from translate.cli.app import app
from translate.cli.options import (
    DEFAULT_ENGINE_NAME,
    Device,
    DeviceOption,
    EncodingOption,
    EngineOption,
    RevisionOption,
)
from translate.engines import DEFAULT_ENGINE

if TYPE_CHECKING:
    from translate.evaluate import Evaluation

#: Metrics when --metrics is not given, as sacrebleu's command line spells them.
DEFAULT_METRICS = "bleu,chrf,chrf++,ter"


class EvalFormat(str, Enum):
    TEXT = "text"
    JSON = "json"


@app.command("eval")
def eval_command(
    files: Annotated[
        list[Path],
        typer.Argument(help="HYP REF; RUN.jsonl NAME.post-edit.jsonl (the machine against the review's post-edits); or REF alone with --hyp A --hyp B; or one XLIFF edited in a CAT tool (MT from our notes vs. the post-edited targets).", show_default=False, metavar="HYP REF"),
    ],
    hyps: Annotated[Optional[list[Path]], typer.Option("--hyp", help="A system to compare (repeat: the first is the baseline); runs paired bootstrap and approximate randomisation.")] = None,
    src: Annotated[Optional[Path], typer.Option("--src", help="Arabic source, one segment a line in the hypothesis's order (shown in the report).")] = None,
    output_format: Annotated[EvalFormat, typer.Option("--format", help="text: sacrebleu's lines and the edit summary; json: everything.")] = EvalFormat.TEXT,
    metrics: Annotated[str, typer.Option("--metrics", help="Comma-separated: bleu, chrf, chrf++, ter.")] = DEFAULT_METRICS,
    align: Annotated[bool, typer.Option("--align", help="Align hypothesis and reference into beads first (merged/split sentences).")] = False,
    html_report: Annotated[Optional[Path], typer.Option("--html", help="Write an HTML report with a word-level diff to this file.", dir_okay=False)] = None,
    bootstrap: Annotated[int, typer.Option("--bootstrap", min=0, help="Bootstrap resamples for the 95 % intervals (0: none).")] = 1000,
    samples: Annotated[int, typer.Option("--samples", min=0, help="With --hyp: resamples/trials for the paired tests (0: sacrebleu's 1000 / 10000).")] = 0,
    width: Annotated[int, typer.Option("--width", "-w", min=0, max=10, help="Decimals in text output (sacrebleu's --width).")] = 1,
    segments: Annotated[bool, typer.Option("--segments", help="Text output: also print per-segment scores, tab-separated.")] = False,
    encoding: EncodingOption = None,
    model: Annotated[Optional[str], typer.Option("--model", "-m", help="Score each hypothesis with this model too: its log-probabilities join the quality estimate (needs the source).")] = None,
    revision: RevisionOption = None,
    device: DeviceOption = Device.AUTO,
    engine_name: EngineOption = DEFAULT_ENGINE_NAME,
) -> None:
    """Score a translation against a reference (BLEU, chrF, chrF++, TER via sacrebleu), HTER and edits.

    Example: translate eval out/article.en.txt post-edit.en.txt --src article.txt --html report.html"""
    from translate.evaluate import metrics as metrics_module

    try:
        metric_names = metrics_module.parse_metrics(metrics)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--metrics") from None
    if hyps:
        if len(files) != 1:
            raise typer.BadParameter("with --hyp give only the reference file", param_hint="FILES")
        if len(hyps) < 2:
            raise typer.BadParameter("give at least two systems to compare (--hyp A --hyp B)", param_hint="--hyp")
        _compare(hyps, files[0], metric_names, samples, output_format, width, encoding)
        return
    if len(files) > 2:
        raise typer.BadParameter(f"expected HYP REF, got {len(files)} files (to compare systems use --hyp A --hyp B REF)", param_hint="FILES")
    _evaluate(files, src, metric_names, align, html_report, bootstrap, width, output_format, segments, encoding, model, revision, device, engine_name.value)


def _evaluate(
    files: list[Path],
    src: Path | None,
    metric_names: tuple[str, ...],
    align: bool,
    html_report: Path | None,
    bootstrap: int,
    width: int,
    output_format: EvalFormat,
    segments: bool,
    encoding: str | None,
    model: str | None = None,
    revision: str | None = None,
    device: Device = Device.AUTO,
    engine: str = DEFAULT_ENGINE,
) -> None:
    from translate.atomic import write_atomic
    from translate.errors import InputError
    from translate.evaluate import (
        HYP,
        REF,
        Settings,
        detect_format,
        evaluate,
        evaluation_to_json,
        read_post_edit_sides,
        read_side,
        render_html,
    )

    from translate.postedit import is_post_edit_file

    if len(files) == 1:
        if detect_format(files[0]) != "xliff":
            raise InputError(files[0], "is the only file given", "give HYP REF (or one XLIFF edited in a CAT tool, which holds both)")
        hyp_path = ref_path = files[0]
    else:
        hyp_path, ref_path = files
    if hyp_path != ref_path and is_post_edit_file(ref_path):
        if detect_format(hyp_path) != "jsonl":
            raise InputError(hyp_path, "is not a run file, and a post-edit file is scored against its run", "give RUN.jsonl NAME.post-edit.jsonl")
        hyp, ref = read_post_edit_sides(hyp_path, ref_path)
    else:
        hyp = read_side(hyp_path, HYP, encoding=encoding)
        ref = read_side(ref_path, REF, encoding=encoding)
    sources = read_side(src, REF, fmt="text", encoding=encoding).segments if src is not None else None
    settings = Settings(metrics=metric_names, align=align, n_bootstrap=bootstrap, width=width)
    quality = None
    if model is not None:
        quality = _model_quality(model, revision, device, sources if sources is not None else hyp.sources, hyp.segments, hyp.path, engine=engine)
    evaluation = evaluate(hyp, ref, settings, sources=sources, quality=quality)
    for remark in evaluation.remarks:
        typer.echo(f"note: {remark}", err=True)
    if html_report is not None:
        write_atomic(html_report, render_html(evaluation))
    if output_format is EvalFormat.JSON:
        typer.echo(json.dumps(evaluation_to_json(evaluation), ensure_ascii=False, indent=1))
        return
    for line in _text_lines(evaluation, width, segments, model):
        typer.echo(line)
    if html_report is not None:
        typer.echo(f"report: {html_report}", err=True)


def _signed(value: float | None) -> str:
    return "undefined" if value is None else f"{value:+.3f}"


def _text_lines(evaluation: Evaluation, width: int, segments: bool, model: str | None) -> list[str]:
    """The text output: sacrebleu's own lines for the corpus scores, then HTER, edits and quality."""
    lines = [score.line for score in evaluation.corpus]
    edits = evaluation.edits
    from translate.evaluate.report import segment_number

    def number(index: int) -> int:
        return segment_number(evaluation, index)

    lines.append(
        f"HTER = {edits.corpus_hter:.{width}f} (TER of HYP against REF as its post-edit); "
        f"{edits.untouched} of {edits.total} {'beads' if evaluation.settings.align else 'segments'} untouched ({edits.untouched_share:.0%})"
    )
    if edits.most_changed:
        lines.append("changed most: " + ", ".join(f"#{number(s.index)} ({s.hter:.{width}f})" for s in edits.most_changed))
    if edits.terms_checked:
        changed = ", ".join(f"#{number(c.index)} {c.required!r}" for c in edits.term_changes) or "none"
        lines.append(f"glossary terms editors changed: {len(edits.term_changes)} of {edits.terms_checked}: {changed}")
    correlation = evaluation.quality
    if correlation is not None and correlation.mean_quality is not None:
        origin = {"file": "from HYP", "estimated": "estimated from the source, no model", "given": f"estimated with {model}"}.get(evaluation.quality_origin or "", "")
        lines.append(
            f"quality score ({origin}): mean {correlation.mean_quality:.{width}f} over {correlation.scored} of {correlation.total} segments; "
            f"against HTER: Pearson {_signed(correlation.pearson)}, Spearman {_signed(correlation.spearman)} (a useful score is negative)"
        )
    if segments:
        names = list(evaluation.segment_signatures)
        lines.append("\t".join(["segment", *names, "hter"]))
        for segment in evaluation.segments:
            lines.append("\t".join([str(number(segment.index)), *(f"{segment.scores[name]:.{width}f}" for name in names), f"{segment.hter:.{width}f}"]))
    return lines


def _model_quality(
    model: str, revision: str | None, device: Device, sources: Sequence[str] | None, hypotheses: Sequence[str], hyp_path: Path, *, engine: str = DEFAULT_ENGINE
) -> tuple[float | None, ...]:
    """Quality estimates with the model's log-probabilities of each hypothesis (loads the model)."""
    from translate.cli.options import resolve_model_option
    from translate.engines import load_engine
    from translate.engines.base import DecodingSettings
    from translate.errors import InputError
    from translate.evaluate.qe import estimate_quality, model_scores

    if sources is None:
        raise InputError(hyp_path, "--model needs the Arabic source to score the hypothesis", "pass --src SRC (one segment a line), or a run JSONL/XLIFF hypothesis that carries it")
    if len(sources) != len(hypotheses):
        raise InputError(None, f"the source has {len(sources)} segments but {hyp_path} has {len(hypotheses)}", "give one Arabic segment a line, in the hypothesis's order")
    loaded = load_engine(resolve_model_option(model), engine=engine, revision=revision, settings=DecodingSettings(device=device.value))
    return estimate_quality(sources, hypotheses, model_scores(loaded, sources, hypotheses))


def _compare(
    hyp_paths: list[Path],
    ref_path: Path,
    metric_names: tuple[str, ...],
    samples: int,
    output_format: EvalFormat,
    width: int,
    encoding: str | None,
) -> None:
    from translate.errors import InputError
    from translate.evaluate import HYP, JSON_KEYS, REF, compare_systems, read_side

    ref = read_side(ref_path, REF, encoding=encoding)
    systems = []
    for path in hyp_paths:
        side = read_side(path, HYP, encoding=encoding)
        if len(side.segments) != len(ref.segments):
            raise InputError(path, f"has {len(side.segments)} segments but {ref_path} has {len(ref.segments)}", "paired tests need every system segmented like the reference, one segment a line")
        for remark in side.remarks:
            typer.echo(f"note: {remark}", err=True)
        systems.append((str(path), side.segments))
    comparisons = compare_systems(systems, ref.segments, metric_names, samples=samples)
    if output_format is EvalFormat.JSON:
        document = {"baseline": str(hyp_paths[0]), "systems": [name for name, _ in systems], "tests": {}}
        for comparison in comparisons:
            rows: dict[str, dict[str, Any]] = {name: {} for name, _ in systems}
            for score in comparison.scores:
                rows[score.system.removeprefix("Baseline: ")][JSON_KEYS[score.metric]] = {"score": score.score, "p_value": score.p_value, "mean": score.mean, "ci95": score.ci}
            document["tests"][comparison.test] = {"samples": comparison.samples, "signatures": comparison.signatures, "systems": rows}
        typer.echo(json.dumps(document, ensure_ascii=False, indent=1))
        return
    titles = {"bs": "paired bootstrap resampling", "ar": "approximate randomisation"}
    for comparison in comparisons:
        typer.echo(f"{titles[comparison.test]} ({comparison.samples} {'resamples' if comparison.test == 'bs' else 'trials'}); baseline: {hyp_paths[0]}")
        for key, signature in comparison.signatures.items():
            typer.echo(f"  {key}: {signature}")
        for score in comparison.scores:
            interval = f" (μ = {score.mean:.{width}f} ± {score.ci:.{width}f})" if score.mean is not None and score.ci is not None else ""
            p_value = "baseline" if score.p_value is None else f"p = {score.p_value:.4f}"
            typer.echo(f"  {score.system}\t{score.metric}\t{score.score:.{width}f}{interval}\t{p_value}")
