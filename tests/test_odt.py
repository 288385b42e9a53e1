"""OpenDocument texts: the sample article LibreOffice-style (translate/testing/odt_samples.py) read into
paragraphs in reading order, the same Arabic sentences as a .txt of them, the English written back
left-to-right with its formatting, links, tables, images and notes, bad files refused with the fix,
and the written file opened by LibreOffice itself."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import translate.formats
from tests.fakes import RecordingEngine
from translate.archive import RunSettings, run_archive, walk_inputs
from translate.document import parse_document, read_document
from translate.engines.base import Hypothesis
from translate.errors import InputError
from translate.formats.base import InlineObject, RunSpan, TargetParagraph
from translate.formats.odt import ODT
from translate.formats.odt_read import q, style_index, walk
from translate.segment import segment_document
from translate.testing.odt_samples import SampleParagraph, build_odt, sample_article

SAMPLE = sample_article()
ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
LEAD = "أعلنت الحكومة يوم الأحد عن خطة جديدة لتوسيع إنتاج الطاقة الشمسية في البلاد. وقال وزير الطاقة إن الخطة ستوفر آلاف الوظائف."
SECOND = "وتهدف الخطة إلى إنتاج 5000 ميغاواط بحلول عام 2030،  بحسب بيان نشرته وكالة الأنباء الرسمية."
#: (role, heading, text) of every paragraph of the sample, in reading order.
READING = [
    ("meta", 0, "خطة الطاقة الجديدة"),
    ("meta", 0, "اقتصاد"),
    ("meta", 0, "خبر عن خطة الطاقة الشمسية"),
    ("header", 0, "صحيفة الأخبار\tالعدد الأول"),
    ("header", 0, "صحيفة الأخبار اليومية"),
    ("body", 1, "الحكومة تعلن خطة جديدة للطاقة"),
    ("comment", 0, "يرجى التحقق من الأرقام."),
    ("footnote", 0, " المصدر: وزارة الطاقة."),
    ("body", 0, ""),
    ("alt", 0, "محطة طاقة شمسية"),
    ("alt", 0, "ألواح شمسية في الصحراء"),
    ("body", 0, LEAD),
    ("textbox", 0, "أرقام رئيسية عن الخطة"),
    ("caption", 0, "جدول الإنتاج حسب المدينة "),
    ("table", 0, "المدينة"),
    ("table", 0, "الإنتاج"),
    ("table", 0, "عمّان"),
    ("table", 0, "1200 ميغاواط"),
    ("body", 0, "محطات في الجنوب"),
    ("body", 0, "محطات في الشمال"),
    ("body", 2, "تفاصيل الخطة"),
    ("body", 0, SECOND),
    ("body", 0, "وقال مسؤول إن المرحلة الأولى ستبدأ العام المقبل."),
    ("body", 0, "ويتوقع أن تخفض الخطة فاتورة الاستيراد."),
    ("body", 0, "ورحب خبراء بالخطة لكنهم حذروا من صعوبات في التمويل."),
    ("body", 0, "وتشمل الخطة حوافز ضريبية للمستثمرين. وأضاف الخبراء تفاصيل أخرى."),
    ("endnote", 0, " نشر هذا الخبر أولاً على الموقع."),
    ("footer", 0, "جميع الحقوق محفوظة "),
]
SECOND_INDEX = [text for _, _, text in READING].index(SECOND)
LEAD_INDEX = [text for _, _, text in READING].index(LEAD)


@pytest.fixture(autouse=True)
def odt_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(translate.formats._FORMATS, ".odt", ("translate.formats.odt", "ODT"))


def english_word(word: str) -> str:
    """The stand-in English of one Arabic word: its number if it has one, else a word of its own."""
    return re.sub(r"\D", "", word) or f"e{zlib.crc32(word.encode('utf-8')) % 100000:05d}"


def english_of(text: str) -> str:
    return " ".join(english_word(word) for word in text.split())


class WordEngine(RecordingEngine):
    """English with a word for each Arabic word (:func:`english_word`), numbers kept: the transfer
    then has words and anchors to carry each run's look onto, and every paragraph's English is
    its own."""

    def _hypothesis(self, source: str, prefix: str | None = None) -> Hypothesis:
        text = (prefix + " " if prefix else "") + english_of(source)
        tokens = tuple(text.split()) + ("</s>",)
        return Hypothesis(text, tokens, tuple(-0.25 for _ in tokens), tuple(source.split()) + ("</s>",), ())


def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in ("content.xml", "styles.xml", "meta.xml")}


def looks(data: bytes):
    roots = parts(data)
    return walk(roots["content.xml"], roots["styles.xml"], roots["meta.xml"])


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The sample through the whole tool (read, segment, translate, transfer, write)."""
    import translate.formats as formats

    registered = ".odt" in formats._FORMATS
    formats._FORMATS[".odt"] = ("translate.formats.odt", "ODT")
    try:
        root = tmp_path_factory.mktemp("odt")
        source = root / "in" / "story.odt"
        source.parent.mkdir()
        source.write_bytes(SAMPLE)
        run_settings = RunSettings(model="fake", out_dir=root / "out")
        (outcome,) = run_archive(walk_inputs([source], run_settings.out_dir, glob="*.odt"), run_settings, engine=WordEngine())
    finally:
        if not registered:
            del formats._FORMATS[".odt"]
    assert outcome.status == "translated", outcome.error
    return run_settings.out_dir / "story.en.odt", outcome


# Reading


def test_the_sample_reads_into_its_paragraphs_in_reading_order() -> None:
    document = ODT.read(SAMPLE, "story.odt")
    assert [(p.role, p.heading, p.text) for p in document.paragraphs] == READING
    assert document.format == "odt" and document.notes == ("tracked changes accepted",)


def test_language_only_and_rsid_spans_do_not_split_runs() -> None:
    paragraphs = ODT.read(SAMPLE, "story.odt").paragraphs
    # The lead is split into nine spans of three styles (language, complex language, rsid): one run.
    assert paragraphs[LEAD_INDEX].runs == (RunSpan(0, len(LEAD), paragraphs[LEAD_INDEX].runs[0].key),)
    header = paragraphs[3]
    assert len(header.runs) == 1 and header.runs[0].end == len(header.text)
    assert paragraphs[LEAD_INDEX].runs[0].key == paragraphs[5].runs[0].key  # the headline's look: the same key


def test_bold_link_and_complex_only_italic_are_looks_of_their_own() -> None:
    document = ODT.read(SAMPLE, "story.odt")
    second = document.paragraphs[SECOND_INDEX]
    bold, link = SECOND.index("5000"), SECOND.index("وكالة")
    assert [(r.start, r.end) for r in second.runs] == [(0, bold), (bold, bold + 12), (bold + 12, link), (link, link + 21), (link + 21, len(SECOND))]
    base, bold_key, _, link_key, _ = (r.key for r in second.runs)
    assert len({base, bold_key, link_key}) == 3 and second.runs[2].key == second.runs[4].key == base
    walked = looks(SAMPLE)
    link_look = walked.looks[link_key]
    assert [element.get(q("xlink:href")) for element in link_look.wrappers if element.tag == q("text:a")] == ["https://example.org/news"]
    assert "font-weight=bold" in walked.looks[bold_key].signatures[0]
    italic = document.paragraphs[SECOND_INDEX + 1]
    assert italic.runs[0].end == len("وقال مسؤول") and italic.runs[0].key != italic.runs[1].key
    assert "font-style=italic" in walked.looks[italic.runs[0].key].signatures[0]


def test_objects_sit_where_they_are_in_the_text() -> None:
    paragraphs = ODT.read(SAMPLE, "story.odt").paragraphs
    things = looks(SAMPLE).things

    def kinds(index: int) -> list[tuple[int, str]]:
        return [(item.offset, etree.QName(things[item.key].element).localname) for item in paragraphs[index].objects]

    assert kinds(5) == [(0, "annotation"), (29, "annotation-end"), (29, "note")]
    assert kinds(LEAD_INDEX) == [(0, "bookmark-start"), (LEAD.index("وقال"), "soft-page-break"), (len(LEAD), "bookmark-end"), (len(LEAD), "frame")]
    assert kinds(8) == [(0, "frame")]
    assert kinds(len(READING) - 1) == [(len("جميع الحقوق محفوظة "), "page-number")]
    # The deleted text of the tracked change is not read; the inserted text is.
    assert not any("نص محذوف" in p.text for p in paragraphs) and paragraphs[-3].text.endswith("وأضاف الخبراء تفاصيل أخرى.")


@pytest.mark.parametrize(
    ("xml", "text"),
    [
        ("<text:p>  lead  and   inner </text:p>", "lead and inner "),
        ("<text:p><text:s/>x<text:s text:c='3'/>y</text:p>", " x   y"),
        ("<text:p>a<text:tab/> b<text:line-break/> c</text:p>", "a\t b\n c"),
        ("<text:p>a <text:span> b</text:span></text:p>", "a b"),
        ("<text:p>a <text:bookmark text:name='m'/> b</text:p>", "a b"),
        ("<text:p>a <text:soft-page-break/> b</text:p>", "a  b"),
        ("<text:p>\u200fa\u202b b</text:p>", "a b"),
    ],
)
def test_white_space_is_read_as_libreoffice_reads_it(xml: str, text: str) -> None:
    data = replace_body(SAMPLE, xml)
    assert [p.text for p in ODT.read(data, "w.odt").paragraphs if p.role == "body"] == [text]


def replace_body(data: bytes, body_xml: str) -> bytes:
    """``data`` with the body of its content.xml replaced by ``body_xml``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml").decode("utf-8")
    content = re.sub(r"<office:text>.*</office:text>", lambda _: f"<office:text>{body_xml}</office:text>", content, flags=re.S)
    return with_member(data, "content.xml", content.encode("utf-8"))


def with_member(data: bytes, name: str, content: bytes | None) -> bytes:
    """``data`` with member ``name`` replaced or added (None: removed), the others as they were."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
            elif content is not None:
                target.writestr(info, content)
        if content is not None and name not in source.namelist():
            target.writestr(name, content)
    return out.getvalue()


def test_the_document_has_the_sentences_of_a_txt_of_its_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "story.odt"
    path.write_bytes(SAMPLE)
    document = read_document(path)
    body = [text for role, _, text in READING if role in ("body", "table", "textbox", "caption") and text.strip()]
    others = [text for role, _, text in READING if role not in ("body", "table", "textbox", "caption") and text.strip()]
    txt = "\n\n".join(body + others) + "\n"
    assert [s.text for s in segment_document(document)] == [s.text for s in segment_document(parse_document(txt))]
    assert document.manifest_info() == {"format": "odt", "extract": "page", "paragraphs": len(READING), "notes": ["tracked changes accepted"]}


# Writing


def test_every_english_paragraph_is_written_in_order(translated) -> None:
    from translate.formats.layout import layout_of
    from translate.formats.transfer import english_paragraphs

    path, outcome = translated
    written = ODT.read(path.read_bytes(), str(path)).paragraphs
    source = ODT.read(SAMPLE, "story.odt")
    targets = english_paragraphs(layout_of(source, SAMPLE), outcome.run.pairs)
    assert [p.text for p in written] == [t.text if t is not None else p.text for t, p in zip(targets, source.paragraphs)]
    assert [p.role for p in written] == [role for role, _, _ in READING]
    assert not any(ARABIC.search(p.text) for p in written)
    assert written[SECOND_INDEX].text == english_of(SECOND) and written[5].text == english_of(READING[5][2])
    # The soft page break between the lead's sentences stays between them.
    assert written[LEAD_INDEX].objects[1].offset == written[LEAD_INDEX].text.index(english_word("وقال"))


def test_bold_and_link_stay_on_their_english(translated) -> None:
    path, _ = translated
    data = path.read_bytes()
    content = parts(data)["content.xml"]
    index = style_index(content, parts(data)["styles.xml"])
    bold_texts = []
    for span in content.iter(q("text:span")):
        style = index.automatic.get(("text", span.get(q("text:style-name"))))
        properties = style.find(q("style:text-properties")) if style is not None else None
        if properties is not None and properties.get(q("fo:font-weight")) == "bold":
            bold_texts.append("".join(span.itertext()))
    # "5000 ميغاواط" was bold: the number is an anchor of its own (transfer.py), the word after it bold.
    assert bold_texts == [english_word("ميغاواط")]
    links = [("".join(a.itertext()), a.get(q("xlink:href"))) for a in content.iter(q("text:a"))]
    # The link's last word goes to the "." after it: transfer.py never drops a run, however short.
    assert links == [(english_of("وكالة الأنباء") + " ", "https://example.org/news")]


def test_structure_survives_the_writing(translated) -> None:
    path, _ = translated
    before, after = parts(SAMPLE), parts(path.read_bytes())

    def shape(roots):
        content = roots["content.xml"]
        return {
            "rows": [len(row.findall(q("table:table-cell"))) for row in content.iter(q("table:table-row"))],
            "images": len(list(content.iter(q("draw:image")))),
            "frames": len(list(content.iter(q("draw:frame")))),
            "notes": sorted(note.get(q("text:note-class")) for note in content.iter(q("text:note"))),
            "comments": len(list(content.iter(q("office:annotation")))),
            "bookmarks": len(list(content.iter(q("text:bookmark-start"), q("text:bookmark-end")))),
            "page numbers": len(list(roots["styles.xml"].iter(q("text:page-number")))),
            "links": sorted(a.get(q("xlink:href")) for a in content.iter(q("text:a"))),
        }

    assert shape(after) == shape(before)
    assert shape(after)["rows"] == [2, 2] and shape(after)["notes"] == ["endnote", "footnote"]


def test_the_document_becomes_left_to_right_english(translated) -> None:
    path, _ = translated
    data = path.read_bytes()
    roots = parts(data)
    for name in ("content.xml", "styles.xml"):
        modes = {element.get(q("style:writing-mode")) for element in roots[name].iter() if element.get(q("style:writing-mode"))}
        assert modes and not modes & {"rl-tb", "rl"}, (name, modes)
        languages = {(element.get(q("fo:language")), element.get(q("fo:country"))) for element in roots[name].iter() if element.get(q("fo:language"))}
        assert ("en", "US") in languages and not any(language == "ar" for language, _ in languages), (name, languages)
        # The complex-script language stays: it only applies to Arabic-script text (a kept name).
        assert "ar" in {element.get(q("style:language-complex")) for element in roots[name].iter()}
        number_formats = {element.get(q("style:num-format")) for element in roots[name].iter() if element.get(q("style:num-format"))}
        assert not any(ARABIC.search(value) for value in number_formats), number_formats
    assert roots["meta.xml"].find(f"{q('office:meta')}/{q('dc:language')}").text == "en"
    content = etree.tostring(roots["content.xml"], encoding="unicode")
    assert "tracked-changes" not in content and "change-start" not in content and "نص محذوف" not in content


def effective_alignment(data: bytes) -> dict[str, str | None]:
    """Each body paragraph's text → its alignment, through its style chain."""
    roots = parts(data)
    index = style_index(roots["content.xml"], roots["styles.xml"])
    result = {}
    for paragraph in roots["content.xml"].iter(q("text:p"), q("text:h")):
        align = None
        for style in index.chain("paragraph", paragraph.get(q("text:style-name"))):
            properties = style.find(q("style:paragraph-properties"))
            if properties is not None and properties.get(q("fo:text-align")):
                align = properties.get(q("fo:text-align"))
                break
        result["".join(paragraph.itertext())] = align
    return result


def test_alignment_that_came_from_right_to_left_becomes_start() -> None:
    samples = [SampleParagraph("فقرة أولى.", align="end"), SampleParagraph("فقرة ثانية.", align="right"), SampleParagraph("فقرة ثالثة.", align="ltr-end"), SampleParagraph("فقرة رابعة.", align="center"), SampleParagraph("فقرة خامسة.", align="justify")]
    data = build_odt(samples)
    english = [TargetParagraph(f"Paragraph {i}.", (RunSpan(0, len(f"Paragraph {i}."), p.runs[0].key),)) if p.runs else None for i, p in enumerate(ODT.read(data, "a.odt").paragraphs)]
    aligned = effective_alignment(ODT.write(data, english, "a.odt"))
    assert aligned == {"Paragraph 0.": "start", "Paragraph 1.": "left", "Paragraph 2.": "start", "Paragraph 3.": "center", "Paragraph 4.": "justify"}


def test_the_package_keeps_mimetype_first_and_stored(translated) -> None:
    path, _ = translated
    with zipfile.ZipFile(path) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type, archive.read(first)) == ("mimetype", zipfile.ZIP_STORED, b"application/vnd.oasis.opendocument.text")
        assert sorted(archive.namelist()) == sorted(zipfile.ZipFile(io.BytesIO(SAMPLE)).namelist())


def test_paragraphs_given_as_none_are_kept() -> None:
    source = ODT.read(SAMPLE, "story.odt").paragraphs
    english = [None] * len(source)
    english[LEAD_INDEX] = TargetParagraph("The government announced a plan.", (RunSpan(0, 32, source[LEAD_INDEX].runs[0].key),), source[LEAD_INDEX].objects)
    written = ODT.read(ODT.write(SAMPLE, english, "story.odt"), "out.odt").paragraphs
    assert [p.text for p in written] == [("The government announced a plan." if i == LEAD_INDEX else p.text) for i, p in enumerate(source)]
    assert [len(p.runs) for i, p in enumerate(written) if i != LEAD_INDEX] == [len(p.runs) for i, p in enumerate(source) if i != LEAD_INDEX]
    # Objects the target forgot go at the end, never lost; a range never ends before it starts.
    start, page_break, end, frame = source[LEAD_INDEX].objects
    forgetful = list(english)
    forgetful[LEAD_INDEX] = TargetParagraph("Short.", (RunSpan(0, 6, source[LEAD_INDEX].runs[0].key),), (InlineObject(0, end.key),))
    lead = ODT.read(ODT.write(SAMPLE, forgetful, "story.odt"), "out.odt").paragraphs[LEAD_INDEX]
    things = looks(ODT.write(SAMPLE, forgetful, "story.odt")).things
    assert [(o.offset, etree.QName(things[o.key].element).localname) for o in lead.objects] == [(6, "bookmark-start"), (6, "soft-page-break"), (6, "frame"), (6, "bookmark-end")]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab ح\t\n\u00a0", max_size=14))
def test_any_text_reads_back_as_it_was_written(text: str) -> None:
    source = ODT.read(SAMPLE, "story.odt").paragraphs
    english: list[TargetParagraph | None] = [None] * len(source)
    english[LEAD_INDEX] = TargetParagraph(text, (RunSpan(0, len(text), source[LEAD_INDEX].runs[0].key),) if text else (), source[LEAD_INDEX].objects)
    written = ODT.read(ODT.write(SAMPLE, english, "story.odt"), "out.odt").paragraphs[LEAD_INDEX]
    assert written.text == text
    assert len(written.objects) == len(source[LEAD_INDEX].objects)


# Bad inputs


def _ods() -> bytes:
    return with_member(SAMPLE, "mimetype", b"application/vnd.oasis.opendocument.spreadsheet")


def _no_content() -> bytes:
    return with_member(SAMPLE, "content.xml", None)


def _laughs() -> bytes:
    bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)) + ']><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"><office:body><office:text>&lol9;</office:text></office:body></office:document-content>'
    return with_member(SAMPLE, "content.xml", bomb.encode("utf-8"))


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    ("make", "problem", "fix"),
    [
        (lambda: b"plain text, not a zip", "not a OpenDocument text", "pass a real .odt"),
        (lambda: SAMPLE[: len(SAMPLE) // 2], "damaged or truncated", "download or copy it again"),
        (_no_content, "has no content.xml", "pass a real .odt"),
        (_ods, "OpenDocument spreadsheet", "save it as a text document"),
        (_laughs, "declares entities", "remove the <!ENTITY> declarations"),
        (lambda: with_member(_no_content(), "word/document.xml", b"<w:document/>"), "Word document", "rename it to .docx"),
    ],
    ids=["not-a-zip", "truncated", "no-content", "wrong-mimetype", "billion-laughs", "renamed-docx"],
)
def test_bad_files_are_refused_naming_the_file_and_the_fix(tmp_path: Path, make, problem: str, fix: str) -> None:
    path = tmp_path / "story.odt"
    path.write_bytes(make())
    with pytest.raises(InputError) as raised:
        read_document(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ") and problem in message and " — " in message and fix in message


# LibreOffice


@pytest.mark.timeout(300)
def test_libreoffice_renders_the_english_document(translated, tmp_path: Path) -> None:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) and pdftotext are needed to render the document")
    path, _ = translated
    copy = tmp_path / "story.en.odt"
    copy.write_bytes(path.read_bytes())
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(copy)], capture_output=True, timeout=120, check=True)
    text = subprocess.run(["pdftotext", str(tmp_path / "story.en.pdf"), "-"], capture_output=True, text=True, timeout=60, check=True).stdout
    assert not ARABIC.search(text)
    # Word by word: pdftotext interleaves the text box with the lines wrapped beside it, and glues
    # a note's citation to the word before it.
    rendered = set(re.findall(r"e\d{5}|\d+", text))
    english = ODT.read(copy.read_bytes(), str(copy)).paragraphs
    # The page is a right-hand one: its header is style:header, not header-left (paragraph 4).
    shown = [p.text for i, p in enumerate(english) if p.text.strip() and (p.role in ("body", "table", "caption", "textbox", "footnote", "endnote", "footer") or i == 3)]
    assert len(shown) == 20
    assert {word for paragraph in shown for word in paragraph.split()} - rendered == set()
    assert english_of("أعلنت الحكومة") in text and english_of("تفاصيل الخطة") in text
