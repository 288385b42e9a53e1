"""Documents through the whole tool, with a test format (tests/fakes.py: ParagraphFormat) standing in
for Word/ODT/HTML: the same Arabic sentences as the .txt path, the translated document written beside
the run, resume, the editors' English rebuilt into the document, and /translate_file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.fakes import RecordingEngine
from translate.archive import RunSettings, run_archive, walk_inputs
from translate.cli import app
from translate.document import parse_document, read_document
from translate.segment import segment_document

PARAGRAPHS = [
    {"text": "عنوان الخبر", "runs": [[0, 11, 1]]},
    {"text": "قال الوزير إن المحادثات مفيدة. وأضاف أنه سيعود غدا إلى 2024 Reuters.", "runs": [[0, 10, 2], [10, 56, 0], [56, 68, 3]]},
    {"text": ""},
    {"text": "خلية جدول.", "role": "table"},
    {"text": "تذييل.", "role": "footer"},
]


@pytest.fixture(autouse=True)
def para_format(monkeypatch: pytest.MonkeyPatch) -> None:
    import translate.formats as formats

    monkeypatch.setitem(formats._FORMATS, ".para", ("tests.fakes", "PARAGRAPHS"))


def write_para(path: Path, paragraphs=PARAGRAPHS) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"paragraphs": paragraphs}, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_document_has_the_sentences_of_a_txt_of_its_paragraphs(tmp_path: Path) -> None:
    document = read_document(write_para(tmp_path / "a.para"))
    txt = "\n\n".join(p["text"] for p in PARAGRAPHS if p["text"]) + "\n"
    assert [s.text for s in segment_document(document)] == [s.text for s in segment_document(parse_document(txt))]
    assert document.format == "para" and document.manifest_info() == {"format": "para", "extract": "page", "paragraphs": 5, "notes": []}


def test_run_writes_the_translated_document_and_a_rerun_skips_it(tmp_path: Path) -> None:
    source = write_para(tmp_path / "in" / "story.para")
    settings = RunSettings(model="fake", out_dir=tmp_path / "out")
    (outcome,) = run_archive(walk_inputs([source], settings.out_dir, glob="*.para"), settings, engine=RecordingEngine())
    assert outcome.status == "translated", outcome.error
    names = sorted(path.name for path in outcome.written)
    assert names == ["story.en.para", "story.en.txt", "story.jsonl", "story.tsv"]
    english = json.loads((settings.out_dir / "story.en.para").read_text(encoding="utf-8"))["paragraphs"]
    targets = {pair.source: pair.target for pair in outcome.run.pairs}
    assert english[0]["text"] == targets["عنوان الخبر"]
    assert english[1]["text"] == " ".join(targets[s] for s in ("قال الوزير إن المحادثات مفيدة.", "وأضاف أنه سيعود غدا إلى 2024 Reuters."))
    assert english[2] == {"text": ""} and english[3]["role"] == "table"
    # Runs cover the English and keep the source's keys.
    assert {run[2] for run in english[1]["runs"]} <= {0, 2, 3} and english[1]["runs"][-1][1] == len(english[1]["text"])
    manifest = json.loads((settings.out_dir / "story.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert manifest["document"]["format"] == "para" and manifest["input_encoding"] == "para"
    engine = RecordingEngine()
    (again,) = run_archive(walk_inputs([source], settings.out_dir, glob="*.para"), settings, engine=engine)
    assert again.status == "skipped" and engine.calls == []


def test_post_edits_are_rebuilt_into_the_document(tmp_path: Path) -> None:
    source = write_para(tmp_path / "story.para")
    settings = RunSettings(model="fake", out_dir=tmp_path / "out")
    (outcome,) = run_archive(walk_inputs([source], settings.out_dir, glob="*.para"), settings, engine=RecordingEngine())
    run_file = settings.out_dir / "story.jsonl"
    first = outcome.run.pairs[0]
    from translate.postedit import PostEdit, PostEditHeader

    header = PostEditHeader("story.jsonl", hashlib.sha256(run_file.read_bytes()).hexdigest(), "R", "2026-12-02T00:00:00+00:00").to_json()
    record = PostEdit(first.id, first.target, "Headline of the story", "R", "2026-12-02T00:00:01+00:00", 3.0, 10, 1, True).to_json()
    edits = settings.out_dir / "story.post-edit.jsonl"
    edits.write_text(json.dumps(header) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(edits), "--format", "doc"])
    assert result.exit_code == 0, result.output
    english = json.loads((settings.out_dir / "story.edited.en.para").read_text(encoding="utf-8"))["paragraphs"]
    assert english[0]["text"] == "Headline of the story"
    # The original changed: one line naming it and the fix.
    source.write_text(source.read_text(encoding="utf-8").replace("تذييل", "ذيل"), encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(edits), "--format", "doc"])
    assert result.exit_code == 1 and "is not the document this run translated" in result.output and "--original" in result.output


@pytest.mark.parametrize("suffix", [".doc", ".rtf", ".pdf"])
def test_old_and_foreign_formats_are_refused_with_the_fix(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"old{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0 binary")
    from translate.errors import InputError

    with pytest.raises(InputError) as raised:
        read_document(path)
    assert str(path) in str(raised.value) and ("save it as .docx" in str(raised.value) or "first" in str(raised.value))
