"""Web pages: read as a browser shows them (text, titles, alt text, meta descriptions; never scripts,
styles, code, URLs or class names), the English written back into the same page, left to right."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from tests.fakes import WordForWordEngine
from translate.archive import RunSettings, run_archive, walk_inputs
from translate.document import parse_document, read_document
from translate.errors import InputError
from translate.formats.base import RunSpan, TargetParagraph
from translate.formats.html import HTML
from translate.records import read_run
from translate.script import arabic_letter_count
from translate.segment import segment_document
from translate.testing.html_samples import TEMPLATES, news_page

HEADLINE = "الحكومة تعلن خطة جديدة للطاقة"
PARAGRAPHS = [
    "أعلنت الحكومة يوم الأحد عن خطة جديدة لتوسيع إنتاج الطاقة الشمسية. وقال الوزير إن الخطة ستوفر آلاف الوظائف.",
    "وتهدف الخطة إلى إنتاج 5000 ميغاواط بحلول عام 2030، بحسب بيان رسمي.",
    "ورحب خبراء بالخطة لكنهم حذروا من صعوبات في التمويل.",
]
INLINE = '<!DOCTYPE html><html lang="ar" dir="rtl"><head><title>عنوان الصفحة</title></head><body><p>قال <b>الوزير</b> إن <a href="https://example.org/talks" class="lnk">المحادثات</a> كانت &quot;مفيدة&quot; جدا. وأضاف أنه سيعود.</p><pre>نص محفوظ</pre><p>رمز <code>x = "ب"</code> هنا.</p></body></html>'


def visible_paragraphs(data: bytes) -> list[str]:
    return [p.text for p in HTML.read(data, "page.html").paragraphs]


def test_the_reader_sees_what_a_reader_of_the_page_sees() -> None:
    data = news_page(HEADLINE, PARAGRAPHS).encode()
    document = HTML.read(data, "page.html")
    by_role: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_role.setdefault(paragraph.role, []).append(paragraph.text)
    assert by_role["meta"][0] == f"{HEADLINE} | أخبار اليوم"  # <title>
    assert HEADLINE in by_role["meta"] and PARAGRAPHS[0][:150] in by_role["meta"]  # og:title, description
    assert "الرئيسية" in by_role["header"] and "جميع الحقوق محفوظة © 2024 أخبار اليوم" in by_role["footer"]
    assert "أخبار اليوم" in by_role["alt"] and "صورة أرشيفية" in by_role["caption"]
    headline = next(p for p in document.paragraphs if p.heading == 1)
    assert headline.text == HEADLINE and headline.role == "body"
    texts = [p.text for p in document.paragraphs]
    assert all(text in texts for text in PARAGRAPHS)
    joined = "\n".join(texts)
    assert "gtag" not in joined and "direction" not in joined and "NewsArticle" not in joined and "/section/" not in joined


def test_scripts_code_pre_and_attribute_values_are_never_read() -> None:
    document = HTML.read(INLINE.encode(), "page.html")
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == ["عنوان الصفحة", 'قال الوزير إن المحادثات كانت "مفيدة" جدا. وأضاف أنه سيعود.', "رمز هنا."]
    assert not any("نص محفوظ" in text or "https" in text or "lnk" in text for text in texts)
    code = document.paragraphs[2]
    assert [o.offset for o in code.objects] == [len("رمز ")]


def test_a_bold_word_or_a_link_in_mid_sentence_does_not_split_it(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(INLINE, encoding="utf-8")
    sentences = [s.text for s in segment_document(read_document(path))]
    paragraphs = [p for p in visible_paragraphs(INLINE.encode()) if p]
    body, meta = paragraphs[1:], paragraphs[:1]
    assert sentences == [s.text for s in segment_document(parse_document("\n\n".join(body + meta) + "\n"))]
    assert 'قال الوزير إن المحادثات كانت "مفيدة" جدا.' in sentences


def test_runs_keep_the_link_and_merge_editor_spans() -> None:
    page = '<p>قال <span lang="ar" data-x="1">الوزير</span> <span>إن</span> <a href="/a"><span dir="rtl">الاجتماع</span></a> انتهى.</p>'
    (paragraph,) = [p for p in HTML.read(page.encode(), "a.html").paragraphs if p.text]
    assert paragraph.text == "قال الوزير إن الاجتماع انتهى."
    looks = [(paragraph.text[r.start : r.end], r.key) for r in paragraph.runs]
    assert [text for text, _ in looks] == ["قال الوزير إن ", "الاجتماع", " انتهى."]
    assert looks[0][1] == looks[2][1] != looks[1][1]


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("html")
    (root / "in").mkdir()
    for template in TEMPLATES:
        (root / "in" / f"{template}.html").write_text(news_page(HEADLINE, PARAGRAPHS, template), encoding="utf-8")
    settings = RunSettings(model="fake", out_dir=root / "out")
    outcomes = list(run_archive(walk_inputs([root / "in"], settings.out_dir), settings, engine=WordForWordEngine()))
    assert [o.status for o in outcomes] == ["translated"] * len(TEMPLATES), [o.error for o in outcomes]
    return root / "in", root / "out", root


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_english_page_has_every_target_in_order_and_no_arabic_text(translated: tuple[Path, Path, Path], template: str) -> None:
    _, out, _ = translated
    page = (out / f"{template}.en.html").read_bytes()
    run = read_run(out / f"{template}.jsonl")
    texts = visible_paragraphs(page)
    assert sum(arabic_letter_count(text) for text in texts) == 0
    joined = "\n".join(texts)
    position = 0
    for pair in run.pairs:
        if pair.kind.value in ("headline", "paragraph") and pair.target in joined[position:]:
            position = joined.index(pair.target, position) + len(pair.target)
    body_targets = [pair.target for pair in run.pairs if any(s in pair.source for s in PARAGRAPHS)]
    assert all(target in joined for target in body_targets) and body_targets


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_english_page_keeps_links_images_tables_and_scripts(translated: tuple[Path, Path, Path], template: str) -> None:
    source, out, _ = translated
    before = (source / f"{template}.html").read_text(encoding="utf-8")
    after = (out / f"{template}.en.html").read_text(encoding="utf-8")
    href = re.compile(r'href="([^"]*)"')
    assert sorted(href.findall(after)) == sorted(href.findall(before)) or template == "wire"
    if template == "wire":  # unquoted href=/s/0 in the original; the writer quotes them
        assert len(re.findall(r"href=", after)) == len(re.findall(r"href=", before))
    for tag in ("<img", "<table", "<tr", "<td", "<figure", "<h1", "<h2", "<h3", "<li"):
        assert after.count(tag) == before.count(tag), tag
    # Scripts and JSON-LD are code: byte for byte, Arabic included.
    assert re.findall(r"<script[^>]*>(.*?)</script>", after, re.S) == re.findall(r"<script[^>]*>(.*?)</script>", before, re.S)
    assert "أخبار اليوم" in re.findall(r"<script[^>]*>(.*?)</script>", after, re.S)[-1]


def test_the_english_page_is_left_to_right(translated: tuple[Path, Path, Path]) -> None:
    _, out, _ = translated
    after = (out / "portal.en.html").read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr">' in after
    assert 'dir="rtl"' not in after and not re.search(r"direction\s*:\s*rtl", after)
    assert 'content="en_US"' in after and "ar_AR" not in after
    manifest = json.loads((out / "portal.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert manifest["document"]["format"] == "html"


def test_direction_marks_and_entities() -> None:
    page = "<p>\u200fقال&nbsp;الوزير &amp; المستشار\u200f</p>".encode()
    (paragraph,) = [p for p in HTML.read(page, "a.html").paragraphs if p.text]
    assert paragraph.text == "قال\u00a0الوزير & المستشار"
    written = HTML.write(page, [TargetParagraph("\u200eThe minister & the adviser", (RunSpan(0, 27, paragraph.runs[0].key),))] + [None] * 0, "a.html") if len(HTML.read(page, "a.html").paragraphs) == 1 else None
    assert written is not None and b"The minister &amp; the adviser" in written and "\u200e".encode() not in written


def test_unclosed_and_misnested_tags_are_read_as_a_browser_reads_them() -> None:
    page = "<body><p>الفقرة الأولى<p>الفقرة <b>الثانية <i>مائلة</b> بعد</i><li>بند".encode()
    assert [p for p in visible_paragraphs(page) if p] == ["الفقرة الأولى", "الفقرة الثانية مائلة بعد", "بند"]


def test_a_page_over_the_limit_is_refused_fast_with_the_limit_named(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    path.write_bytes(b"<html><body>" + b"<p>\xd9\x86\xd8\xb5 " * (30 * 2**20 // 12) + b"</body></html>")
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert "huge.html" in str(caught.value) and "MB" in str(caught.value)
    assert time.monotonic() - started < 10


def test_a_page_that_is_not_a_page(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(InputError, match="report.html.*ZIP"):
        read_document(path)


def test_extract_article_translates_the_article_alone_into_a_clean_page(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.html").write_text(news_page(HEADLINE, PARAGRAPHS, "portal"), encoding="utf-8")
    settings = RunSettings(model="fake", out_dir=tmp_path / "out", extract="article")
    (outcome,) = run_archive(walk_inputs([tmp_path / "in"], settings.out_dir), settings, engine=WordForWordEngine())
    assert outcome.status == "translated", outcome.error
    run = read_run(settings.out_dir / "story.jsonl")
    sources = [pair.source for pair in run.pairs]
    assert sources[0] == HEADLINE and all(any(s in p for p in PARAGRAPHS) for s in sources[2:])
    assert not any(marker in " ".join(sources) for marker in ("الرئيسية", "اقرأ أيضا", "إعلان", "جميع الحقوق"))
    page = (settings.out_dir / "story.en.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en" dir="ltr">' in page
    headline = next(pair.target for pair in run.pairs if pair.source == HEADLINE)
    assert f"<h1>{headline}</h1>" in page and f"<title>{headline}</title>" in page
    assert arabic_letter_count(re.sub(r"<[^>]+>", " ", page)) == 0
    assert run.manifest.input_encoding == "html:article"
