"""Sentence segmentation: the Arabic news rules as a table, reversibility as a property, bad input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.document import BlockKind, parse_document
from translate.segment import load_rules, segment_document, split_sentences


def sentences(text: str, language: str = "ar") -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, language)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Plain ends, and closing quotes or brackets staying with the sentence before the break.
        ("قال الوزير إن الوضع خطير. وأضاف أنه سيغادر.", ["قال الوزير إن الوضع خطير.", "وأضاف أنه سيغادر."]),
        ("هل انتهى النفط؟ الأرقام تقول غير ذلك!", ["هل انتهى النفط؟", "الأرقام تقول غير ذلك!"]),
        ('وقال "لن نقبل بذلك." ثم غادر.', ['وقال "لن نقبل بذلك."', "ثم غادر."]),
        ("قال: «انتهى الأمر.» وغادر.", ["قال: «انتهى الأمر.»", "وغادر."]),
        ("وسأل: “هل ستستقيل؟” فأجاب: لا.", ["وسأل: “هل ستستقيل؟”", "فأجاب: لا."]),
        ("وصل الوفد (بعد تأخير طويل.) وبدأ الاجتماع.", ["وصل الوفد (بعد تأخير طويل.)", "وبدأ الاجتماع."]),
        # Never on the Arabic comma, semicolon or colon.
        ("قال الوزير، وهو يبتسم، إن الاتفاق قريب؛ لكنه لم يحدد موعدا: ربما غدا.", ["قال الوزير، وهو يبتسم، إن الاتفاق قريب؛ لكنه لم يحدد موعدا: ربما غدا."]),
        # A quotation or bracket is split at its inner sentence ends, as every public sentence-aligned
        # corpus does (UD, NTREX); the closing mark stays with the sentence it closes.
        ('قال "الوضع خطير. لن نسمح بذلك". وأضاف أنه متفائل.', ['قال "الوضع خطير.', 'لن نسمح بذلك".', "وأضاف أنه متفائل."]),
        ("قال: «لم يحدد الموعد. سنعلنه لاحقا» وغادر القاعة.", ["قال: «لم يحدد الموعد.", "سنعلنه لاحقا» وغادر القاعة."]),
        ("أكد البيان (الذي نشر اليوم. وليس أمس) موقف الحكومة.", ["أكد البيان (الذي نشر اليوم.", "وليس أمس) موقف الحكومة."]),
        ('قال ترامب: "كنا على وشك الحرب. والآن، نتمتع بعلاقات طيبة معها."', ['قال ترامب: "كنا على وشك الحرب.', 'والآن، نتمتع بعلاقات طيبة معها."']),
        ('"We were on the verge of war. Now we have good relations," he said.', ['"We were on the verge of war.', 'Now we have good relations," he said.']),
        # A question or exclamation quoted inside a sentence stays in it, unless a sentence plainly follows.
        ('ليس "متى ينتهي النفط؟" بل "ماذا بعده؟" وهذا هو السؤال.', ['ليس "متى ينتهي النفط؟" بل "ماذا بعده؟"', "وهذا هو السؤال."]),
        ('صرخ "النجدة!" ثم هرب.', ['صرخ "النجدة!" ثم هرب.']),
        ('He shouted "Help!" and ran.', ['He shouted "Help!" and ran.']),
        # A full stop inside a short quote at the sentence's end is the sentence's own (American style).
        ('He wanted to give others "hope." The champion retired.', ['He wanted to give others "hope."', "The champion retired."]),
        # A quoted sentence right after a closing quote starts a new sentence even without a full stop;
        # a second short quoted name does not.
        ('يعمل مذاق الدم بمثابة "محفز" "إنهم متسمون بالود وفضوليون جدا."', ['يعمل مذاق الدم بمثابة "محفز"', '"إنهم متسمون بالود وفضوليون جدا."']),
        ('سرعان ما أبهر "شين كيو" "وانغ أنشي" بمهاراته.', ['سرعان ما أبهر "شين كيو" "وانغ أنشي" بمهاراته.']),
        # An unmatched straight quote suppresses nothing after it, and neither does an inch mark.
        ('قال "الوضع خطير. وأضاف أنه متفائل. ثم غادر.', ['قال "الوضع خطير.', "وأضاف أنه متفائل.", "ثم غادر."]),
        ('شاشة قياس 5" فقط. وسعرها مرتفع. "ولن نشتريها.', ['شاشة قياس 5" فقط.', "وسعرها مرتفع.", '"ولن نشتريها.']),
        ('قال: «قال لي: “انتهى الأمر.” ثم صمت.» وغادر.', ['قال: «قال لي: “انتهى الأمر.”', "ثم صمت.»", "وغادر."]),
        # A quotation that never closes protects nothing.
        ('قال "الوضع خطير. وأضاف أنه متفائل.', ['قال "الوضع خطير.', "وأضاف أنه متفائل."]),
        # Arabic abbreviations and initials, matched after normalisation.
        ("قال د. محمد إن الوضع خطير.", ["قال د. محمد إن الوضع خطير."]),
        ("وقال أ.د. محمود عبد الرحيم إنه متفائل.", ["وقال أ.د. محمود عبد الرحيم إنه متفائل."]),
        ("وقال ا.د. محمود إنه متفائل.", ["وقال ا.د. محمود إنه متفائل."]),
        ("وشارك م. أحمد السيد في التصميم.", ["وشارك م. أحمد السيد في التصميم."]),
        ("وكتب ن. وين هالي كتابا جديدا.", ["وكتب ن. وين هالي كتابا جديدا."]),
        ("راسلونا على ص.ب. 1234 الرياض.", ["راسلونا على ص.ب. 1234 الرياض."]),
        ("وتشمل الفحوص الضغط والسكر إلخ. كما تشمل الكوليسترول.", ["وتشمل الفحوص الضغط والسكر إلخ.", "كما تشمل الكوليسترول."]),
        ("وقال د.محمد إن الوضع خطير.", ["وقال د.محمد إن الوضع خطير."]),
        # Latin abbreviations.
        ("He met Dr. Smith. Then he left.", ["He met Dr. Smith.", "Then he left."]),
        ("The U.S. Army left. The war ended.", ["The U.S. Army left.", "The war ended."]),
        ("It was moved to the U.S. The talks ended.", ["It was moved to the U.S.", "The talks ended."]),
        ("See No. 5 for details.", ["See No. 5 for details."]),
        ("تبرعت شركة Johnson Inc. بمليون دولار. وسيخصص التبرع للطوارئ.", ["تبرعت شركة Johnson Inc. بمليون دولار.", "وسيخصص التبرع للطوارئ."]),
        ("طورتها شركة وطنية مع Microsoft Corp. واستغرق ذلك عاما.", ["طورتها شركة وطنية مع Microsoft Corp.", "واستغرق ذلك عاما."]),
        # Numbers: decimals and thousands in both digit systems, times, dates, era suffixes.
        ("بلغ التضخم 3.5% في أكتوبر. وتراجع الجنيه.", ["بلغ التضخم 3.5% في أكتوبر.", "وتراجع الجنيه."]),
        ("بلغ النمو ٣٫٥٪ والعدد ١٬٠٠٠ شخص. وهذا رقم قياسي.", ["بلغ النمو ٣٫٥٪ والعدد ١٬٠٠٠ شخص.", "وهذا رقم قياسي."]),
        ("وصل 1,000 لاجئ الساعة 10:30 صباحا. ثم توقف العبور.", ["وصل 1,000 لاجئ الساعة 10:30 صباحا.", "ثم توقف العبور."]),
        ("وتشن روسيا منذ 30 سبتمبر/أيلول الماضي ضربات في الساعات الـ24 الماضية. وتنتقد ذلك دول غربية.", ["وتشن روسيا منذ 30 سبتمبر/أيلول الماضي ضربات في الساعات الـ24 الماضية.", "وتنتقد ذلك دول غربية."]),
        ("أنشئت البعثة عام 2015م. وتضم 230 موظفا.", ["أنشئت البعثة عام 2015م.", "وتضم 230 موظفا."]),
        ("تأسست الغرفة عام ١٤٣٦هـ. وتضم 45 ألف منشأة.", ["تأسست الغرفة عام ١٤٣٦هـ.", "وتضم 45 ألف منشأة."]),
        ("ولد الشاعر عام ١٣٢٠ هـ. ونشر ديوانه الأول.", ["ولد الشاعر عام ١٣٢٠ هـ.", "ونشر ديوانه الأول."]),
        ("ولد عام 1950م. في القاهرة.", ["ولد عام 1950م. في القاهرة."]),
        ("بلغت التكلفة 500 د.ك. وقالوا إن الوقاية أرخص.", ["بلغت التكلفة 500 د.ك.", "وقالوا إن الوقاية أرخص."]),
        ("بلغ عددهم 15. وقال المسؤول إن العدد سيرتفع.", ["بلغ عددهم 15.", "وقال المسؤول إن العدد سيرتفع."]),
        ("1. خفض العجز إلى 4%.", ["1. خفض العجز إلى 4%."]),
        ("في ثلاث نقاط: أ. التعليم، ب. الدعم، ج. الاستثمار. ويرى خبراء غير ذلك.", ["في ثلاث نقاط: أ. التعليم، ب. الدعم، ج. الاستثمار.", "ويرى خبراء غير ذلك."]),
        # URLs, e-mail addresses, ellipses.
        ("زوروا www.aljazeera.net للمزيد. وتابعونا.", ["زوروا www.aljazeera.net للمزيد.", "وتابعونا."]),
        ("الرابط https://www.gov.example.sa/a?b=1. ويتيح 300 خدمة.", ["الرابط https://www.gov.example.sa/a?b=1.", "ويتيح 300 خدمة."]),
        ("راسلونا على info@example.com. وسنرد خلال يومين.", ["راسلونا على info@example.com.", "وسنرد خلال يومين."]),
        ('قال: «سمعنا انفجارا... ثم انهار المبنى». وأضاف أنه نجا.', ['قال: «سمعنا انفجارا... ثم انهار المبنى».', "وأضاف أنه نجا."]),
        # In Arabic an in-line ellipsis is a pause (6 of 7 in the independent sets are inside a sentence).
        ("حكومتان وبرلمانان... هذه هي ليبيا اليوم.", ["حكومتان وبرلمانان... هذه هي ليبيا اليوم."]),
        ("ارتفعت الأسعار… في كل مكان.", ["ارتفعت الأسعار… في كل مكان."]),
        # No space after the stop: a break before an Arabic word, never inside a number or domain.
        ("قضت المحكمة بسجنه.وألزمته برد الأموال.", ["قضت المحكمة بسجنه.", "وألزمته برد الأموال."]),
        ("عبر موقع moe.example.gov.eg.وتعلن النتائج لاحقا.", ["عبر موقع moe.example.gov.eg.", "وتعلن النتائج لاحقا."]),
        # English sentences inside an Arabic paragraph are segmented as English.
        ('قال: "We need a ceasefire." وأضاف أن المنظمة باقية.', ['قال: "We need a ceasefire."', "وأضاف أن المنظمة باقية."]),
        ("The meeting starts at 10 a.m. sharp. It ends at noon.", ["The meeting starts at 10 a.m. sharp.", "It ends at noon."]),
        ("He said it was approx. five miles away.", ["He said it was approx. five miles away."]),
        # A line break always ends a sentence.
        ("ضربات غير كافية\nوفي الأثناء أفاد المراسل بذلك.", ["ضربات غير كافية", "وفي الأثناء أفاد المراسل بذلك."]),
    ],
)
def test_arabic_news_rules(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_abbreviations_are_normalised_data() -> None:
    rules = load_rules()
    assert "title" in rules.abbreviations["د"]
    assert "title" in rules.abbreviations["ا.د"]  # أ.د after alef/hamza folding
    assert "suffix" in rules.abbreviations["ه"]  # هـ after tatweel removal
    assert "final" in rules.abbreviations["الخ"]  # إلخ
    assert "title" in rules.abbreviations["dr"]  # Latin case folded
    assert "في" in rules.continuation_words


@pytest.mark.parametrize(
    "text",
    [
        "وقال دَ. محمد إن الوضع خطير.",  # a diacritic on the abbreviation
        "وقال إلـخ. في كل مكان.",  # tatweel inside it
        "وقال د\u200f. محمد إن الوضع خطير.",  # a bidi mark inside it
    ],
    ids=["diacritic", "tatweel", "bidi-mark"],
)
def test_abbreviations_match_spelling_variants(text: str) -> None:
    assert sentences(text) == [text]


def test_blocks_without_final_punctuation_are_single_segments() -> None:
    text = "عاجل: زلزال يضرب جنوب تركيا\n\nضرب زلزال جنوب تركيا فجر اليوم. ولم ترد أنباء عن ضحايا.\n\nالمصدر: وكالات."
    segments = segment_document(parse_document(text))
    assert [(segment.kind, segment.text) for segment in segments] == [
        (BlockKind.HEADLINE, "عاجل: زلزال يضرب جنوب تركيا"),
        (BlockKind.PARAGRAPH, "ضرب زلزال جنوب تركيا فجر اليوم."),
        (BlockKind.PARAGRAPH, "ولم ترد أنباء عن ضحايا."),
        (BlockKind.SOURCE, "المصدر: وكالات."),
    ]


def test_english_sentence_in_arabic_paragraph_is_passthrough() -> None:
    text = "عنوان الخبر هنا\n\nقال المسؤول إن الوضع هادئ. The situation is calm. وأضاف أن المعابر مفتوحة."
    segments = segment_document(parse_document(text))
    assert [(segment.text, segment.language, segment.passthrough) for segment in segments[1:]] == [
        ("قال المسؤول إن الوضع هادئ.", "ar", False),
        ("The situation is calm.", "en", True),
        ("وأضاف أن المعابر مفتوحة.", "ar", False),
    ]


def assert_reversible(text: str, spans: list[tuple[int, int]]) -> None:
    """Spans are ordered, non-empty, trimmed, separated by whitespace only, and rebuild ``text``."""
    position = 0
    rebuilt = []
    for start, end in spans:
        assert 0 <= position <= start < end <= len(text)
        assert text[position:start].isspace() or position == start
        assert not text[start].isspace() and not text[end - 1].isspace()
        rebuilt.append(text[position:start])
        rebuilt.append(text[start:end])
        position = end
    assert text[position:].isspace() or position == len(text)
    rebuilt.append(text[position:])
    assert "".join(rebuilt) == text


_ALPHABET = st.sampled_from(
    list("قال الوزير إن د أ.ه هـ م ص.ب ن U.S Dr ab 0123 ٣٫٥ ١٬٠")
    + list(".!?؟…،؛:\"'«»“”()[]-/@")
    + [" ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u200f", "\u202e", "\u200b", "\x00", "\x1c", "\x85", "\ufeff", "ﻻ", "ﷲ", "ﺑ"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_segments_rebuild_any_text(text: str) -> None:
    for language in ("ar", "en"):
        assert_reversible(text, split_sentences(text, language))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_segments_rebuild_arbitrary_unicode(text: str) -> None:
    assert_reversible(text, split_sentences(text))


@settings(max_examples=50, deadline=None)
@given(st.lists(_ALPHABET, min_size=1, max_size=60).map("".join))
def test_document_segments_point_into_the_text(text: str) -> None:
    if not text.strip():
        return
    document = parse_document(text)
    for segment in segment_document(document):
        assert document.text[segment.start : segment.end] == segment.text
        assert segment.text == segment.text.strip() and segment.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   \n\t ", []),
        ("...!!!؟؟", ["...!!!؟؟"]),
        (". . .", [". . ."]),
        ("«»()\"\"", ["«»()\"\""]),
        ("قال\x00 الوزير\x07 ذلك. وغادر\x1b.", ["قال\x00 الوزير\x07 ذلك.", "وغادر\x1b."]),
        ("قال الوزير ذلك.\u200f وغادر.\u202e", ["قال الوزير ذلك.\u200f", "وغادر.\u202e"]),
        ("\u202eقال الوزير ذلك. وغادر.", ["\u202eقال الوزير ذلك.", "وغادر."]),
        ("ﻗﺎﻝ ﺍﻟﻮﺯﻳﺮ ﺫﻟﻚ. ﻭﻏﺎﺩﺭ.", ["ﻗﺎﻝ ﺍﻟﻮﺯﻳﺮ ﺫﻟﻚ.", "ﻭﻏﺎﺩﺭ."]),
        ("قال ﺩ. محمد ذلك.", ["قال ﺩ. محمد ذلك."]),  # د as a presentation form is still an abbreviation
    ],
    ids=["empty", "spaces", "punctuation", "spaced-dots", "empty-quotes", "control-chars", "bidi-after", "bidi-before", "presentation-forms", "presentation-abbreviation"],
)
def test_bad_input(text: str, expected: list[str]) -> None:
    spans = split_sentences(text)
    assert [text[start:end] for start, end in spans] == expected
    assert_reversible(text, spans)


@pytest.mark.parametrize(
    "text",
    [
        "كلمة " * 200_000,  # 1 MB of Arabic without punctuation
        "ب" * 1_000_000,  # one 1 MB word
        "." * 500_000 + " " + "(" * 200_000 + ")" * 1000,  # unbalanced punctuation
        ". " * 100_000,
        "د. " * 50_000,
        '"محفز" ' * 100_000,  # every quote closes and another opens
        'قال "نعم!" ثم ' * 50_000,  # a short quoted exclamation inside one endless sentence
        'قال «لا؟» ثم ' * 50_000,
        "«“" * 100_000 + " نص. " + "”»" * 100_000,
    ],
    ids=["no-punctuation", "one-word", "unbalanced", "dots", "abbreviations", "quote-after-quote", "short-exclamations", "short-questions", "deep-nesting"],
)
def test_megabyte_lines_stay_linear(text: str) -> None:
    # No timing assertion: a quadratic scan would make this test run for minutes instead of a second.
    spans = split_sentences(text)
    assert spans and spans[0][0] == 0 or not text.strip()
    assert text[spans[-1][1]:].strip() == ""


@pytest.mark.parametrize(
    ("opening", "closing"),
    [('"', ""), ("«", ""), ("“", ""), ("(", ""), ("", '"'), ("", "»"), ("", "”"), ("", ")"), ('"', '"'), ("«", "»"), ("»", ""), ("”", ""), ("”", "“")],
)
def test_ten_thousand_sentences_in_one_quotation_are_all_split(opening: str, closing: str) -> None:
    # However the quotation around them is (un)balanced, every inner sentence end is a boundary.
    text = "قال: " + opening + " ".join(f"هذه الجملة رقم {n} من البيان." for n in range(10_000)) + closing + " وغادر."
    spans = split_sentences(text)
    assert len(spans) == 10_001
    assert text[spans[0][0] : spans[0][1]] == "قال: " + opening + "هذه الجملة رقم 0 من البيان."
    assert text[spans[-2][0] : spans[-2][1]] == "هذه الجملة رقم 9999 من البيان." + closing
    assert_reversible(text, spans)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("قالﻻﺑﷲ٣ab Zé.!؟«»\n") + ["\u0750", "\u08a0", "\ufefc", "\u0620", "\u064b", "\u00c0", "\u024f"]), max_size=40))
def test_segment_language_agrees_with_language_of(text: str) -> None:
    from translate.script import language_of

    if not text.strip():
        return
    for segment in segment_document(parse_document(text)):
        block = parse_document(text).blocks[segment.block]
        block_language = language_of(block.text)
        assert segment.language == (language_of(segment.text) if block_language == "ar" else block_language)


def test_abbreviation_data_uses_known_kinds() -> None:
    kinds = set().union(*load_rules().abbreviations.values())
    assert kinds == {"title", "number", "suffix", "final"}
