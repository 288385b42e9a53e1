"""Word documents: read into paragraphs of runs the way a reader sees them, the English written back
into the same document, left to right, and every kind of bad file refused in one line."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.fakes import RecordingEngine
from translate.archive import RunSettings, run_archive, walk_inputs
from translate.cli import app
from translate.document import parse_document, read_document
from translate.errors import InputError
from translate.formats.base import RunSpan, TargetParagraph
from translate.formats.docx import DOCX
from translate.script import arabic_letter_count
from translate.segment import segment_document
from translate.testing.docx_samples import SampleParagraph, SampleSpan, build_docx, sample_article
from translate.testing.render import render_lines, renderer_missing

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEAD = "أعلنت الحكومة يوم الأحد عن خطة جديدة لتوسيع إنتاج الطاقة الشمسية في البلاد. وقال وزير الطاقة إن الخطة ستوفر آلاف الوظائف."
RTL_MARKERS = re.compile(rb"<w:(?:bidi|rtl|bidiVisual|rtlGutter)(?:\s|/|>)|w:bidi=\"|w:hint=\"cs\"|ar-SA|ar-EG")


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, RunSettings]:
    """The sample article and its .docm twin, run through the tool with the recording engine."""
    root = tmp_path_factory.mktemp("docx")
    (root / "in").mkdir()
    (root / "in" / "story.docx").write_bytes(sample_article())
    (root / "in" / "macro.docm").write_bytes(sample_article(macros=True))
    settings = RunSettings(model="fake", out_dir=root / "out")
    outcomes = list(run_archive(walk_inputs([root / "in"], settings.out_dir), settings, engine=RecordingEngine()))
    assert [o.status for o in outcomes] == ["translated", "translated"], [o.error for o in outcomes]
    return root / "in" / "story.docx", root / "out" / "story.en.docx", settings


def part(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def test_the_reader_sees_every_part_in_reading_order() -> None:
    document = DOCX.read(sample_article(), "story.docx")
    roles = [p.role for p in document.paragraphs if p.text.strip()]
    assert roles == ["meta", "meta", "header", "body", "body", "textbox", "table", "table", "table", "table", "body", "body", "footnote", "endnote", "comment", "footer", "alt", "alt"]
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "خطة الطاقة الجديدة" and texts[1] == "اقتصاد" and "1200 ميغاواط" in texts
    headline = next(p for p in document.paragraphs if p.role == "body" and p.text)
    assert headline.heading == 1 and headline.text == "الحكومة تعلن خطة جديدة للطاقة"
    # Tracked changes are accepted: the insertion is read, the deletion is not.
    last = [p for p in document.paragraphs if p.role == "body" and p.text][-1]
    assert last.text.endswith("وأضاف الخبراء تفاصيل أخرى.") and "نص محذوف" not in last.text
    assert "tracked changes accepted" in document.notes


def test_split_runs_of_one_look_are_merged_and_a_bold_word_is_its_own_run() -> None:
    document = DOCX.read(sample_article(), "story.docx")
    lead = next(p for p in document.paragraphs if p.text == LEAD)
    # Word wrote the lead in a dozen runs (revision ids, spell-check marks, language tags);
    # the reader sees three looks: plain, the bold "الحكومة", plain again.
    bold = LEAD.index("الحكومة")
    assert [(r.start, r.end) for r in lead.runs] == [(0, bold), (bold, bold + len("الحكومة")), (bold + len("الحكومة"), len(LEAD))]
    assert lead.runs[0].key == lead.runs[2].key != lead.runs[1].key


def test_a_document_has_the_sentences_of_a_txt_of_its_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "story.docx"
    path.write_bytes(sample_article())
    document = read_document(path)
    paragraphs = DOCX.read(path.read_bytes(), str(path)).paragraphs
    body = [p.text for p in paragraphs if p.role in {"body", "table", "textbox"} and p.text.strip()]
    others = [p.text for p in paragraphs if p.role not in {"body", "table", "textbox"} and p.text.strip()]
    txt = "\n\n".join(body + others) + "\n"
    assert [s.text for s in segment_document(document)] == [s.text for s in segment_document(parse_document(txt))]
    assert document.format == "docx"


def test_the_english_document_keeps_the_structure(translated: tuple[Path, Path, RunSettings]) -> None:
    source, english, _ = translated
    before, after = source.read_bytes(), english.read_bytes()
    old, new = part(before, "word/document.xml"), part(after, "word/document.xml")
    for tag in (b"<w:p ", b"<w:p>", b"<w:tr", b"<w:tc>", b"<pic:pic", b"<w:hyperlink", b"<w:footnoteReference", b"<w:endnoteReference", b"<w:commentReference", b"<w:txbxContent"):
        assert new.count(tag) == old.count(tag), tag
    assert re.findall(rb'w:pStyle w:val="([^"]+)"', new) == re.findall(rb'w:pStyle w:val="([^"]+)"', old)
    assert b'Target="https://example.org/news"' in part(after, "word/_rels/document.xml.rels")


def test_the_english_document_has_every_target_in_order_and_no_arabic(translated: tuple[Path, Path, RunSettings]) -> None:
    _, english, settings = translated
    from translate.records import read_run

    run = read_run(settings.out_dir / "story.jsonl")
    paragraphs = DOCX.read(english.read_bytes(), str(english)).paragraphs
    text = "\n".join(p.text for p in paragraphs)
    assert arabic_letter_count(text) == 0
    position = 0
    body_text = "\n".join(p.text for p in paragraphs if p.role in {"body", "table", "textbox"})
    body_targets = [pair.target for pair in run.pairs][: sum(1 for p in paragraphs if p.role in {"body", "table", "textbox"} and p.text.strip()) + 1]
    for target in body_targets[:8]:
        found = body_text.find(target, position)
        assert found >= 0, target
        position = found + len(target)


def test_the_english_document_is_left_to_right(translated: tuple[Path, Path, RunSettings]) -> None:
    source, english, _ = translated
    for name in ("word/document.xml", "word/styles.xml", "word/header1.xml", "word/footer1.xml", "word/footnotes.xml", "word/endnotes.xml", "word/settings.xml"):
        assert RTL_MARKERS.search(part(source.read_bytes(), name)) or name in {"word/settings.xml"}, name
        assert RTL_MARKERS.search(part(english.read_bytes(), name)) is None, name


def test_a_docm_becomes_a_docx_without_its_macros(translated: tuple[Path, Path, RunSettings]) -> None:
    _, _, settings = translated
    written = settings.out_dir / "macro.en.docx"
    names = zipfile.ZipFile(written).namelist()
    assert not any("vba" in name.lower() for name in names)
    assert b"macroEnabled" not in part(written.read_bytes(), "[Content_Types].xml")
    import json

    manifest = json.loads((settings.out_dir / "macro.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert "macros dropped" in manifest["document"]["notes"]



def test_span_formatting_lands_on_the_english_of_its_name() -> None:
    """A bold name and a linked agency keep their look on their English, found by the glossary span."""
    from translate.formats.layout import layout_of
    from translate.formats.transfer import english_paragraphs
    from translate.records import BlockKind, Pair, TermReport

    text = "قال سيرغي لافروف إن المحادثات مفيدة."
    start = text.index("لافروف")
    data = build_docx([SampleParagraph(text, (SampleSpan(start, start + len("لافروف"), bold=True),))])
    source = DOCX.read(data, "a.docx")
    layout = layout_of(source, data)
    english = "Sergei Lavrov said the talks were useful."
    base = layout.starts[next(i for i, p in enumerate(source.paragraphs) if p.text == text)]
    at = english.index("Lavrov")
    term = TermReport(base + start, base + start + len("لافروف"), "لافروف", "Lavrov", "Lavrov", "later", "model", at, at + len("Lavrov"))
    pair = Pair(0, 0, BlockKind.PARAGRAPH, text, english, base, base + len(text), "ar", False, terms=(term,))
    target = english_paragraphs(layout, [pair])
    paragraph = next(t for t, s in zip(target, source.paragraphs) if s.text == text)
    bold_key = next(r.key for r in next(p for p in source.paragraphs if p.text == text).runs if r.start == start)
    assert [paragraph.text[r.start : r.end] for r in paragraph.runs if r.key == bold_key] == ["Lavrov"]
    written = DOCX.write(data, target, "a.docx")
    xml = part(written, "word/document.xml").decode()
    assert re.search(r"<w:b/>.*?<w:t[^>]*>Lavrov</w:t>", xml) and "Sergei " in xml


def test_none_keeps_a_paragraph_and_runs_cover_the_english() -> None:
    data = build_docx(["السطر الأول.", "السطر الثاني."])
    source = DOCX.read(data, "a.docx")
    index = [i for i, p in enumerate(source.paragraphs) if p.text]
    paragraphs: list[TargetParagraph | None] = [None] * len(source.paragraphs)
    key = source.paragraphs[index[0]].runs[0].key
    paragraphs[index[0]] = TargetParagraph("The first line.", (RunSpan(0, 15, key),))
    again = DOCX.read(DOCX.write(data, paragraphs, "a.docx"), "b.docx")
    assert [p.text for p in again.paragraphs if p.text] == ["The first line.", "السطر الثاني."]


# --- bad files -------------------------------------------------------------------------------


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def with_document_xml(xml: bytes) -> bytes:
    members = {name: zipfile.ZipFile(io.BytesIO(sample_article())).read(name) for name in zipfile.ZipFile(io.BytesIO(sample_article())).namelist()}
    members["word/document.xml"] = xml
    return zipped(members)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
BAD_FILES = {
    "encrypted": (OLE + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le"), "password-protected", "without a password|remove the password"),
    "old-doc": (OLE + b"WordDocument", "old binary Word .doc", "save it as .docx"),
    "rtf": (b"{\\rtf1\\ansi hello}", "RTF", "save it as .docx"),
    "truncated": (sample_article()[: len(sample_article()) // 2], "truncated", "download or copy it again"),
    "no-document-xml": (zipped({"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<w:styles/>"}), "no word/document.xml", "real .docx"),
    "bomb": (zipped({"word/document.xml": b"\0" * (20 * 2**20)}), "zip bomb", "original document"),
    "xxe": (with_document_xml(b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'), "DOCTYPE", "re-save"),
    "laughs": (with_document_xml(b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&d;&d;&d;&d;</w:t></w:r></w:p></w:body></w:document>'), "DOCTYPE", "re-save"),
    "not-a-zip": (b"just some text pretending", "not a Word document", "real .docx"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_word_file_is_one_line_naming_it_and_the_fix(kind: str) -> None:
    data, problem, fix = BAD_FILES[kind]
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        DOCX.read(data, f"{kind}.docx")
    message = str(caught.value)
    assert f"{kind}.docx" in message and problem in message and re.search(fix, message), message
    assert "\n" not in message
    assert time.monotonic() - started < 10


def test_bad_files_beside_a_good_one_exit_1_and_the_good_one_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for kind in ("encrypted", "truncated", "xxe", "bomb"):
        (folder / f"{kind}.docx").write_bytes(BAD_FILES[kind][0])
    (folder / "good.docx").write_bytes(sample_article())
    (folder / "old.doc").write_bytes(BAD_FILES["old-doc"][0])
    out = tmp_path / "out"
    from tests.fakes import RecordingEngine as Engine

    settings = RunSettings(model="fake", out_dir=out)
    outcomes = {o.path.name: o for o in run_archive(walk_inputs([folder], out, glob="*.doc*"), settings, engine=Engine())}
    assert outcomes["good.docx"].status == "translated" and (out / "good.en.docx").is_file()
    for name in ("encrypted.docx", "truncated.docx", "xxe.docx", "bomb.docx", "old.doc"):
        assert outcomes[name].status == "failed" and name in str(outcomes[name].error), name
    assert "save it as .docx" in str(outcomes["old.doc"].error)
    # Nothing was written outside --out, and only the good article's files inside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]
    assert {p.name.split(".")[0] for p in out.iterdir() if p.suffix != ".tsv" or p.name != "run-summary.tsv"} <= {"good", "run-summary"}


def test_member_names_that_climb_out_are_never_written(tmp_path: Path) -> None:
    members = {name: zipfile.ZipFile(io.BytesIO(sample_article())).read(name) for name in zipfile.ZipFile(io.BytesIO(sample_article())).namelist()}
    members["../../escaped.xml"] = b"<x/>"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "climb.docx").write_bytes(zipped(members))
    settings = RunSettings(model="fake", out_dir=tmp_path / "out")
    (outcome,) = run_archive(walk_inputs([tmp_path / "in"], settings.out_dir), settings, engine=RecordingEngine())
    assert outcome.status == "translated"
    assert not list(tmp_path.rglob("escaped.xml"))


def test_the_cli_translates_a_word_file_with_the_real_engine(tmp_path: Path, tiny_model_dir: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "report.docx").write_bytes(sample_article())
    (tmp_path / "in" / "macro.docm").write_bytes(sample_article(macros=True))
    result = CliRunner().invoke(app, ["run", str(tmp_path / "in"), "--model", str(tiny_model_dir), "--out", str(tmp_path / "out"), "--beam", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert {"report.en.docx", "report.jsonl", "report.tsv", "macro.en.docx"} <= set(written)
    # The run summary says what reading each document changed.
    rows = [line.split("\t") for line in (tmp_path / "out" / "run-summary.tsv").read_text(encoding="utf-8").splitlines()]
    notes = {Path(row[0]).name: row[rows[0].index("notes")] for row in rows[1:]}
    assert notes == {"macro.docm": "macros dropped; tracked changes accepted", "report.docx": "tracked changes accepted"}
    from translate.records import read_run

    run = read_run(tmp_path / "out" / "report.jsonl")
    english = DOCX.read((tmp_path / "out" / "report.en.docx").read_bytes(), "report.en.docx")
    body = " ".join(p.text for p in english.paragraphs)
    assert run.pairs and all(pair.target.strip() in body for pair in run.pairs if not pair.passthrough and pair.target.strip())


@pytest.mark.skipif(renderer_missing() is not None, reason=str(renderer_missing()))
def test_libreoffice_renders_the_english_left_to_right(translated: tuple[Path, Path, RunSettings], tmp_path: Path) -> None:
    source, english, _ = translated
    arabic = render_lines(source, tmp_path / "ar")
    lines = render_lines(english, tmp_path / "en")
    assert sum(arabic_letter_count(line.text) for line in lines) == 0
    assert any(line.text.startswith("EN") for line in lines)
    # A short line of the Arabic original hugs the right margin; no English line does.
    def right_flush(line) -> bool:
        return line.left > 0.4 and line.right > 0.8

    assert sum(right_flush(line) for line in arabic if arabic_letter_count(line.text)) >= 5
    english_lines = [line for line in lines if line.text.startswith("EN")]
    assert not [line for line in english_lines if right_flush(line)]
    assert sum(line.left < 0.25 for line in english_lines) >= 0.7 * len(english_lines)


def test_post_edits_are_rebuilt_into_the_word_file(tmp_path: Path) -> None:
    import hashlib
    import json

    from translate.postedit import PostEdit, PostEditHeader
    from translate.records import read_run

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.docx").write_bytes(sample_article())
    settings = RunSettings(model="fake", out_dir=tmp_path / "out")
    list(run_archive(walk_inputs([tmp_path / "in"], settings.out_dir), settings, engine=RecordingEngine()))
    run_file = settings.out_dir / "story.jsonl"
    run = read_run(run_file)
    lead = next(pair for pair in run.pairs if pair.source.startswith("أعلنت الحكومة"))
    header = PostEditHeader("story.jsonl", hashlib.sha256(run_file.read_bytes()).hexdigest(), "R", "2026-12-03T00:00:00+00:00").to_json()
    record = PostEdit(lead.id, lead.target, "The government announced a new solar plan on Sunday.", "R", "2026-12-03T00:00:01+00:00", 3.0, 10, 1, True).to_json()
    edits = settings.out_dir / "story.post-edit.jsonl"
    edits.write_text(json.dumps(header) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(edits), "--format", "doc"])
    assert result.exit_code == 0, result.output
    edited = DOCX.read((settings.out_dir / "story.edited.en.docx").read_bytes(), "x.docx")
    lead_paragraph = next(p for p in edited.paragraphs if "The government announced" in p.text)
    assert lead_paragraph.text.startswith("The government announced a new solar plan on Sunday. ")
    assert sum(arabic_letter_count(p.text) for p in edited.paragraphs) == 0
    # The translated document the run wrote is not touched by the export.
    assert "The government announced" not in " ".join(p.text for p in DOCX.read((settings.out_dir / "story.en.docx").read_bytes(), "y.docx").paragraphs)
