"""The layout (paragraphs → the article the segmenter sees) and the transfer of each run's look onto
the English: whole-paragraph looks cover all of it, anchored spans land exactly, other spans on whole
words, nothing dropped or duplicated."""

from __future__ import annotations

import pytest

from translate.document import BlockKind, parse_document
from translate.formats.base import InlineObject, RunSpan, SourceDocument, SourceParagraph
from translate.formats.layout import layout_of
from translate.formats.transfer import english_paragraphs, transfer_paragraph
from translate.records import Pair, TermReport
from translate.segment import segment_document

PLAIN, BOLD, LINK, ITALIC = 0, 1, 2, 3


def pair(number: int, source: str, target: str, start: int, terms: tuple[TermReport, ...] = ()) -> Pair:
    return Pair(number, 0, BlockKind.PARAGRAPH, source, target, start, start + len(source), "ar", False, terms=terms)


def runs(text: str, *marked: tuple[str, int]) -> tuple[RunSpan, ...]:
    """Runs of ``text``: each marked substring in its key, the rest PLAIN."""
    keys = [PLAIN] * len(text)
    for piece, key in marked:
        at = text.index(piece)
        keys[at : at + len(piece)] = [key] * len(piece)
    spans, start = [], 0
    for position in range(1, len(text) + 1):
        if position == len(text) or keys[position] != keys[start]:
            spans.append(RunSpan(start, position, keys[start]))
            start = position
    return tuple(spans)


def looks(paragraph) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    for run in paragraph.runs:
        found.setdefault(run.key, []).append(paragraph.text[run.start : run.end])
    return {key: "".join(parts).strip() for key, parts in found.items()}


def test_the_article_text_is_what_a_txt_of_the_paragraphs_gives() -> None:
    paragraphs = (
        SourceParagraph("عنوان", (RunSpan(0, 5, 0),), role="meta"),
        SourceParagraph("قال الوزير إن المحادثات مفيدة. وأضاف أنه سيعود.", (RunSpan(0, 48, 0),)),
        SourceParagraph("", ()),
        SourceParagraph("خلية في جدول", (RunSpan(0, 12, 0),), role="table"),
        SourceParagraph("print('x')", (RunSpan(0, 10, 0),), translate=False),
        SourceParagraph("تذييل الصفحة", (RunSpan(0, 12, 0),), role="footer"),
    )
    layout = layout_of(SourceDocument("docx", paragraphs))
    # The article first (body and table in reading order), then what a reader sees beside it.
    assert layout.text == "\n\n".join(paragraphs[i].text for i in (1, 3, 0, 5))
    assert layout.starts == (layout.text.index("عنوان"), 0, None, layout.text.index("خلية"), None, layout.text.index("تذييل"))
    txt = "\n\n".join(p.text for p in paragraphs if p.role in ("body", "table") and p.translate and p.text) + "\n"
    from_txt = [s.text for s in segment_document(parse_document(txt))]
    from_layout = [s.text for s in segment_document(parse_document(layout.text))][: len(from_txt)]
    assert from_layout == from_txt == ["قال الوزير إن المحادثات مفيدة.", "وأضاف أنه سيعود.", "خلية في جدول"]
    assert [layout.paragraph_at(offset) for offset in (0, 47, 48, 49, 65, len(layout.text))] == [1, 1, None, 3, 0, 5]


def test_a_whole_paragraph_look_covers_all_of_its_english() -> None:
    text = "قال الوزير إن المحادثات مفيدة. وأضاف أنه سيعود."
    paragraph = SourceParagraph(text, (RunSpan(0, len(text), ITALIC),))
    english = transfer_paragraph(paragraph, 0, [pair(1, text[:30], "The minister said the talks were useful.", 0), pair(2, text[31:], "He added that he would return.", 31)])
    assert english.text == "The minister said the talks were useful. He added that he would return."
    assert english.runs == (RunSpan(0, len(english.text), ITALIC),)


def test_a_bold_name_inside_a_sentence_lands_on_its_required_form() -> None:
    text = "قال سيرغي لافروف إن المحادثات مفيدة."
    at = text.index("سيرغي لافروف")
    target = "Sergei Lavrov said the talks were useful."
    # Term offsets index the article (the paragraph starts at 100), target offsets the pair's English.
    term = TermReport(100 + at, 100 + at + 12, "سيرغي لافروف", "Sergei Lavrov", "Sergei Lavrov", "first", "model", 0, 13)
    paragraph = SourceParagraph(text, runs(text, ("سيرغي لافروف", BOLD)))
    english = transfer_paragraph(paragraph, 100, [pair(1, text, target, 100, (term,))])
    assert english.text == target
    assert looks(english) == {BOLD: "Sergei Lavrov", PLAIN: "said the talks were useful."}


@pytest.mark.parametrize(
    ("source", "marked", "target", "expected"),
    [
        ("ارتفع العدد إلى 250 شخصا أمس.", "250", "The number rose to 250 people yesterday.", "250"),
        ("ارتفع العدد إلى ٢٥٠ شخصا أمس.", "٢٥٠", "The number rose to 250 people yesterday.", "250"),
        ("قالت وكالة Reuters إن الوضع هادئ.", "Reuters", "Reuters said the situation was calm.", "Reuters"),
        ("نشر في 12 مايو 2024 تقرير.", "2024", "A report was published on May 12, 2024.", "2024"),
    ],
)
def test_numbers_and_latin_words_land_on_the_same_number_or_word(source: str, marked: str, target: str, expected: str) -> None:
    paragraph = SourceParagraph(source, runs(source, (marked, LINK)))
    english = transfer_paragraph(paragraph, 0, [pair(1, source, target, 0)])
    assert looks(english)[LINK] == expected


def test_an_unanchored_span_lands_on_whole_words_and_is_never_dropped() -> None:
    text = "قال الوزير إن المحادثات كانت مفيدة جدا اليوم."
    paragraph = SourceParagraph(text, runs(text, ("مفيدة", BOLD), ("اليوم", ITALIC)))
    target = "The minister said the talks were very useful today."
    english = transfer_paragraph(paragraph, 0, [pair(1, text, target, 0)])
    found = looks(english)
    assert set(found) == {PLAIN, BOLD, ITALIC}
    words = target.split()
    assert all(word in words for key in (BOLD, ITALIC) for word in found[key].split())
    # Monotone: the bold span comes before the italic one, as in the Arabic.
    assert english.text.index(found[BOLD]) < english.text.index(found[ITALIC])


def test_a_run_over_two_sentences_covers_both_englishes_and_the_space_between() -> None:
    text = "الجملة الأولى هنا. الجملة الثانية هنا. الثالثة."
    second_end = text.index("الثالثة")
    paragraph = SourceParagraph(text, (RunSpan(0, second_end, BOLD), RunSpan(second_end, len(text), PLAIN)))
    pairs = [pair(1, "الجملة الأولى هنا.", "The first sentence.", 0), pair(2, "الجملة الثانية هنا.", "The second sentence.", 19), pair(3, "الثالثة.", "The third.", second_end)]
    english = transfer_paragraph(paragraph, 0, pairs)
    assert looks(english) == {BOLD: "The first sentence. The second sentence.", PLAIN: "The third."}


def test_text_between_sentences_and_objects_keep_their_places() -> None:
    text = "أولا.\tثانيا."
    paragraph = SourceParagraph(text, (RunSpan(0, len(text), PLAIN),), objects=(InlineObject(5, 7), InlineObject(len(text), 8), InlineObject(0, 9)))
    english = transfer_paragraph(paragraph, 0, [pair(1, "أولا.", "First.", 0), pair(2, "ثانيا.", "Second.", 6)])
    assert english.text == "First.\tSecond."
    assert [(o.offset, o.key) for o in english.objects] == [(0, 9), (6, 7), (14, 8)]


def test_english_paragraphs_keep_untranslated_ones_as_none() -> None:
    paragraphs = (SourceParagraph("مرحبا بكم.", (RunSpan(0, 10, 0),)), SourceParagraph("", ()), SourceParagraph("وداعا.", (RunSpan(0, 6, 0),)))
    layout = layout_of(SourceDocument("odt", paragraphs))
    result = english_paragraphs(layout, [pair(1, "مرحبا بكم.", "Welcome.", 0), pair(2, "وداعا.", "Goodbye.", 12)])
    assert [p.text if p is not None else None for p in result] == ["Welcome.", None, "Goodbye."]
