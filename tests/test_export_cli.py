"""``translate export`` (no model) and ``translate run --format`` with every export."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from export_samples import sample_run
from translate.cli import app
from translate.export.readers import read_export, read_tmx
from translate.records import read_run, run_to_jsonl

ALL_FORMATS = "jsonl,tsv,html,tmx,xliff,docx,md"
ALL_SUFFIXES = [".jsonl", ".tsv", ".html", ".tmx", ".xlf", ".docx", ".md"]


@pytest.fixture()
def run_file(tmp_path: Path) -> Path:
    path = tmp_path / "runs" / "lavrov.jsonl"
    path.parent.mkdir()
    path.write_text(run_to_jsonl(sample_run()), encoding="utf-8")
    return path


def test_export_writes_each_format_into_out(run_file: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(run_file), "--format", "html,tmx,xliff,docx,md,tsv,txt", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        ["lavrov.html", "lavrov.tmx", "lavrov.xlf", "lavrov.docx", "lavrov.md", "lavrov.tsv", "lavrov.en.txt"]
    )
    assert [p.id for p in read_export(tmp_path / "out" / "lavrov.xlf")] == [p.id for p in sample_run().pairs]


def test_export_defaults_to_the_run_files_folder(run_file: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(run_file), "--format", "tmx", "-q"])
    assert result.exit_code == 0, result.output
    assert (run_file.parent / "lavrov.tmx").is_file()
    assert result.output == ""


def test_export_locales(run_file: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(run_file), "-f", "tmx", "-o", str(tmp_path), "--source-lang", "ar_SA", "--target-lang", "en-US"])
    assert result.exit_code == 0, result.output
    data = (tmp_path / "lavrov.tmx").read_bytes()
    assert b'srclang="ar-SA"' in data and b'xml:lang="en-US"' in data
    assert len(read_tmx(data)) == 8


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "unknown format(s) pdf"),
        (["--format", "tmx", "--source-lang", "arabic language"], "is not a language tag"),
    ],
)
def test_export_usage_errors(run_file: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["export", str(run_file), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_export_broken_run_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text(run_to_jsonl(sample_run()).replace('"type": "pair"', '"type": "pear"', 1), encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(path), "-f", "html"])
    assert result.exit_code == 1
    assert "broken.jsonl: line 2: not a valid run record" in result.output
    assert not (tmp_path / "broken.html").exists()


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"paragraphs": 3}, "line 1: not a valid run record (missing field 'format')"),
        ({"format": "pdf"}, "names an unknown format ('pdf', 'page')"),
        ({"format": "docx", "extract": "body"}, "names an unknown format ('docx', 'body')"),
        ({"format": "docx"}, "lavrov.txt: no such file — check the path"),
    ],
)
def test_export_doc_of_a_damaged_or_orphaned_document_record_is_one_line(tmp_path: Path, document: dict, message: str) -> None:
    import json

    lines = run_to_jsonl(sample_run()).splitlines()
    manifest = json.loads(lines[0])
    manifest.update(document=document, input_path=str(tmp_path / "gone" / "lavrov.txt"))
    path = tmp_path / "lavrov.jsonl"
    path.write_text("\n".join([json.dumps(manifest), *lines[1:]]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(path), "-f", "doc", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_export_needs_no_model_libraries(run_file: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from translate.cli import app\n"
        f"app(['export', {str(run_file)!r}, '-f', {ALL_FORMATS!r}, '-o', {str(tmp_path / 'x')!r}, '-q'], standalone_mode=False)\n"
        "heavy = sorted({'torch', 'transformers', 'ctranslate2'} & set(sys.modules))\n"
        "assert not heavy, heavy\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert len(list((tmp_path / "x").iterdir())) == 7


def test_reexported_jsonl_is_the_same_run(run_file: Path, tmp_path: Path) -> None:
    CliRunner().invoke(app, ["export", str(run_file), "-f", "jsonl", "-o", str(tmp_path / "again")])
    assert read_run(tmp_path / "again" / "lavrov.jsonl") == read_run(run_file)


@pytest.mark.slow
def test_run_writes_all_seven_formats(tiny_model_dir: Path, tmp_path: Path) -> None:
    article = tmp_path / "short.txt"
    article.write_text("لافروف: واشنطن رفضت التنسيق\n\nقال وزير الخارجية الروسي إن واشنطن رفضت إرسال وفد.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(article), "--model", str(tiny_model_dir), "--format", ALL_FORMATS, "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([*(f"short{suffix}" for suffix in ALL_SUFFIXES), "run-summary.tsv"])
    run = read_run(tmp_path / "out" / "short.jsonl")
    assert [(p.id, p.source) for p in read_export(tmp_path / "out" / "short.xlf")] == [(p.id, p.source) for p in run.pairs]
