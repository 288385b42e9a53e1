"""``translate segment FILE [--format text|jsonl]``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from translate.cli import app

ARTICLE = "عاجل: زلزال يضرب جنوب تركيا\n\nضرب زلزال جنوب تركيا فجر اليوم. ولم ترد أنباء عن ضحايا.\n\nقال د. محمد إن الهزة قوية.\n"


def write(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_text_format_prints_sentences_with_blank_lines_between_blocks(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["segment", str(write(tmp_path))])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "عاجل: زلزال يضرب جنوب تركيا\n\nضرب زلزال جنوب تركيا فجر اليوم.\nولم ترد أنباء عن ضحايا.\n\nقال د. محمد إن الهزة قوية.\n"
    )


def test_jsonl_format_has_kind_language_and_spans(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["segment", str(write(tmp_path)), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["block"], r["kind"], r["language"]) for r in records] == [
        (1, 0, "headline", "ar"),
        (2, 1, "paragraph", "ar"),
        (3, 1, "paragraph", "ar"),
        (4, 2, "paragraph", "ar"),
    ]
    assert all(ARTICLE[r["start"] : r["end"]] == r["text"] for r in records)


def test_seed_article_segments(seed_path: Path) -> None:
    result = CliRunner().invoke(app, ["segment", str(seed_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "لافروف: واشنطن رفضت التنسيق بشأن سوريا"
    assert result.stdout.splitlines()[-1] == "المصدر : الجزيرة + وكالات"


def test_missing_file_is_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["segment", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "missing.txt: no such file" in result.stderr
