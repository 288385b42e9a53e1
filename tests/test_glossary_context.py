"""Context rules: when a glossary match is the name (enforced), may be (possible) or is not (ruled out).

Tables of Arabic contexts for every mechanism, the shipped glossary on sentences in the spirit of the
issue's table (each its own article), bad rules refused with file and line, TBX round trip, lint, and
the pipeline: possible matches are never enforced, enforced ones always are."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.document import parse_document
from translate.errors import GlossaryError
from translate.glossary import TermMatcher, load_glossary, match_document, render_tbx

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "glossary"

HEADER = "ar\ten\ten_short\ttype\tnote\tambiguous\twhen\tunless\n"
RULES = (
    HEADER
    + "الجزيرة|قناة الجزيرة\tAl Jazeera\t\tmedia\t\tالجزيرة\tprev:قناة|مراسل|مكتب; quoted; block:source; named\tprev:شبه; bare\n"
    + "بشار الأسد|الأسد\tBashar al-Assad\tAssad\tperson\t\tالأسد\tnamed; prev:نظام|الرئيس\tprev:حافظ\n"
    + "روسيا اليوم\tRussia Today\t\tmedia\t\t\tquoted; prev:قناة\t\n"
    + "روسيا\tRussia\t\tplace\t\t\t\t\n"
    + "الدوما\tState Duma\t\torg\t\t\t\tbare\n"
    + "الشرق الأوسط\tMiddle East\t\tplace\t\t\t\tprev:صحيفة; next:اللندنية\n"
    + "الأمل\tAl-Amal\t\tmedia\t\tالأمل\t\t\n"
)


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> TermMatcher:
    path = tmp_path_factory.mktemp("glossary") / "rules.tsv"
    path.write_text(RULES, encoding="utf-8")
    return TermMatcher(load_glossary(path))


def outcomes(text: str, matcher: TermMatcher) -> list[tuple[str, str, str]]:
    """(surface, English, enforced|possible) of every match of ``text`` read as an article."""
    return [(m.match.surface, m.match.entry.en, "enforced" if m.match.enforce else "possible") for m in match_document(parse_document(text), matcher)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # prev: a trigger word right before, two words before, with clitics, across a quote.
        ("قال مراسل الجزيرة إن الوضع هادئ.", [("الجزيرة", "Al Jazeera", "enforced")]),
        ("وقال ولمراسل الجزيرة إن الوضع هادئ.", [("الجزيرة", "Al Jazeera", "enforced")]),
        ("وأفاد مكتب قناة الجزيرة بذلك.", [("قناة الجزيرة", "Al Jazeera", "enforced")]),
        ("وأفاد مكتب الجزيرة في موسكو.", [("الجزيرة", "Al Jazeera", "enforced")]),
        ("ونقلت قناة \"روسيا اليوم\" ذلك.", [("روسيا اليوم", "Russia Today", "enforced")]),
        ("وقال الرئيس السوري الأسد إن الحرب طويلة.", [("الأسد", "Bashar al-Assad", "enforced")]),  # two words away
        ("وقال الرئيس السوري السابق الأسد إن الحرب طويلة.", [("الأسد", "Bashar al-Assad", "possible")]),  # three
        ("وقال الرئيس الأسد إن الحرب طويلة.", [("الأسد", "Bashar al-Assad", "enforced")]),
        ("ودعا إلى رحيل نظام الأسد.", [("الأسد", "Bashar al-Assad", "enforced")]),
        # Not across a line break, nor across other punctuation.
        ("قال المراسل في قناة\nالجزيرة الجديدة كبيرة.", [("الجزيرة", "Al Jazeera", "possible")]),
        ("وتحدث إلى القناة، الجزيرة كبيرة.", [("الجزيرة", "Al Jazeera", "possible")]),
        # quoted.
        ("وذكرت \"الجزيرة\" أن الاجتماع انتهى.", [("الجزيرة", "Al Jazeera", "enforced")]),
        ("وذكرت «الجزيرة» أن الاجتماع انتهى.", [("الجزيرة", "Al Jazeera", "enforced")]),
        ("ونقلت ”الجزيرة” عن مصادر.", [("الجزيرة", "Al Jazeera", "enforced")]),  # curly quotes either way round
        ("ونقلت \"\u00a0الجزيرة\u00a0\" عن مصادر.", [("الجزيرة", "Al Jazeera", "enforced")]),
        # Bidi and zero-width marks are invisible to rules, as to matching.
        ("قال مراسل\u200f الجزيرة إن الوضع هادئ.", [("الجزيرة", "Al Jazeera", "enforced")]),
        ("وأطلقت صاروخا من شبه\u200f الجزيرة الكورية.", []),
        ("وأعلنت روسيا اليوم أنها توصلت إلى اتفاق.", [("روسيا", "Russia", "enforced")]),  # the shorter reading
        # unless: a word ruling it out, beating a trigger.
        ("نزع السلاح النووي من شبه الجزيرة الكورية.", []),
        ("قال مراسل في شبه الجزيرة الكورية.", []),
        ("توفي الرئيس حافظ الأسد عام 2000.", []),
        ("نشرت صحيفة الشرق الأوسط تقريرا.", []),
        ("نشرت لصحيفة الشرق الأوسط تقريرا.", []),
        ("قالت الشرق الأوسط اللندنية ذلك.", []),
        ("تغير الوضع في الشرق الأوسط كثيرا.", [("الشرق الأوسط", "Middle East", "enforced")]),
        # bare: the spelling has the article, the text does not.
        ("وكان دوماً يعود إلى بيته.", []),
        ("وصل الوفد إلى جزيرة كريت.", []),
        ("وصوت نواب الدوما على القانون.", [("الدوما", "State Duma", "enforced")]),
        ("وصوت نواب للدوما على القانون.", [("دوما", "State Duma", "enforced")]),  # the article fused with ل
        # An ambiguous spelling without its context is possible; unambiguous spellings are enforced.
        ("زئير النمر ليس كزئير الأسد.", [("الأسد", "Bashar al-Assad", "possible")]),
        ("التقى بشار الأسد الوفد.", [("بشار الأسد", "Bashar al-Assad", "enforced")]),
        ("يبقى الأمل قائما.", [("الأمل", "Al-Amal", "possible")]),  # ambiguous with no when: always a suggestion
    ],
)
def test_context_outcomes(text: str, expected: list[tuple[str, str, str]], matcher: TermMatcher) -> None:
    assert outcomes(text, matcher) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # named: the entry's unambiguous spelling earlier in the article (the headline counts).
        ("التقى بشار الأسد الوفد. وقال الأسد إن الحرب طويلة.", [("بشار الأسد", "enforced", "first"), ("الأسد", "enforced", "later")]),
        ("بشار الأسد يلتقي الوفد\n\nوقال الأسد إن الحرب طويلة.", [("بشار الأسد", "enforced", "headline"), ("الأسد", "enforced", "first")]),
        ("وقال الأسد إن الحرب طويلة. والتقى بشار الأسد الوفد.", [("الأسد", "possible", "first"), ("بشار الأسد", "enforced", "first")]),
        # A possible match is no mention: the first enforced one is still the first mention.
        ("زئير الأسد عال. ودعا إلى رحيل نظام الأسد.", [("الأسد", "possible", "first"), ("الأسد", "enforced", "first")]),
        ("التقى بشار الأسد الوفد. وتوفي حافظ الأسد عام 2000.", [("بشار الأسد", "enforced", "first")]),
        # Earlier in the same sentence counts too.
        ("قال بشار الأسد إن الأسد لن يرحل.", [("بشار الأسد", "enforced", "first"), ("الأسد", "enforced", "later")]),
    ],
)
def test_named_before_and_mentions(text: str, expected: list[tuple[str, str, str]], matcher: TermMatcher) -> None:
    found = [(m.match.surface, "enforced" if m.match.enforce else "possible", m.match.mention) for m in match_document(parse_document(text), matcher)]
    assert found == expected


def test_source_block_enforces(matcher: TermMatcher) -> None:
    document = parse_document("عنوان الخبر\n\nقال الوزير ذلك.\n\nالمصدر : الجزيرة\n")
    assert document.blocks[-1].kind.value == "source"
    assert outcomes(document.text, matcher) == [("الجزيرة", "Al Jazeera", "enforced")]


# The shipped glossary on sentences each its own article: what a new user's copy holds.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("نزع السلاح النووي من شبه الجزيرة الكورية", []),
        ("زئير النمر ليس كزئير الأسد", [("Bashar al-Assad", "possible")]),
        ("الرئيس الأميركي الأسبق جيمي كارتر", [("Ashton Carter", None)]),
        ("وأعلنت روسيا اليوم أنها توصلت إلى اتفاق", [("Russia", "enforced")]),
        ("وقال مراسل الجزيرة إن موسكو ترى ذلك", [("Al Jazeera", "enforced"), ("Moscow", "enforced")]),
        ("ونقلت قناة \"روسيا اليوم\" عن مصدر عسكري", [("Russia Today", "enforced")]),
        ("وأكد أن نظام الأسد يرفض الحل", [("Bashar al-Assad", "enforced")]),
        ("وكان وزير الدفاع الأميركي آشتون كارتر أعلن ذلك. وقال كارتر إن الخطة جاهزة", [("Ashton Carter", "enforced"), ("Ashton Carter", "enforced")]),
        ("وقال الرئيس كارتر إن الخطة جاهزة", [("Ashton Carter", "possible")]),
        ("وضرب الزلزال جزيرة سولاوسي الإندونيسية", []),
        ("وكان دوماً يعود إلى حيث يشعر بالأمان", []),
        ("وألقى لافروف كلمة أمام مجلس الدوما", [("Sergei Lavrov", "enforced"), ("State Duma", "enforced")]),
        ("ودعت الحكومة إلى إقامة دولة إسلامية", []),
        ("وشن تنظيم الدولة هجوما", [("Islamic State", "enforced")]),
        ("ونشرت صحيفة الشرق الأوسط مقابلة معه", []),
        ("المصدر : الجزيرة + وكالات", [("Al Jazeera", "enforced")]),
        # A verb of saying or reporting before it names the channel, as a source line does.
        ("وذكرت الجزيرة أن الاجتماع تأجل", [("Al Jazeera", "enforced")]),
        ("وبثت الجزيرة صورا للانفجار", [("Al Jazeera", "enforced")]),
        ("وأفادت الجزيرة نقلا عن مصادر محلية", [("Al Jazeera", "enforced")]),
        ("ونقلت الجزيرة عن شهود قولهم", [("Al Jazeera", "enforced")]),
        ("قالت الجزيرة إن مراسلها منع من الدخول", [("Al Jazeera", "enforced")]),
        # The island and the peninsula stay unenforced.
        ("وصل الوفد إلى الجزيرة صباح اليوم", [("Al Jazeera", "possible")]),
        ("وذكرت الصحيفة أن شبه الجزيرة الكورية", []),
    ],
)
def test_shipped_glossary(text: str, expected: list[tuple[str, str | None]]) -> None:
    matcher = TermMatcher(load_glossary(SHIPPED))
    document = parse_document(text + "\n") if not text.startswith("المصدر") else parse_document("عنوان\n\nنص.\n\n" + text + "\n")
    found = [(m.match.entry.en, "enforced" if m.match.enforce else "possible") for m in match_document(document, matcher)]
    assert found == [item for item in expected if item[1] is not None]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("الجزيرة\tAl Jazeera\t\t\t\t\tprevious:قناة\t", "unknown context condition 'previous'"),
        ("الجزيرة\tAl Jazeera\t\t\t\t\tprev:\t", "empty word list"),
        ("الجزيرة\tAl Jazeera\t\t\t\t\tprev:قناة||شبكة\t", "empty word"),
        ("الجزيرة\tAl Jazeera\t\t\t\t\tprev:!!\t", "can never match"),
        ("الجزيرة\tAl Jazeera\t\t\t\t\tprev:قناة فضائية\t", "can never match"),
        ("الجزيرة\tAl Jazeera\t\t\t\t\tblock:footer\t", "unknown block kind 'footer'"),
        ("الجزيرة\tAl Jazeera\t\t\t\t\tquoted:yes\t", "takes no words"),
        ("الجزيرة\tAl Jazeera\t\t\t\t\tprev:قناة\tprev:قناة|شبه", "contradictory context rules"),
        ("الجزيرة\tAl Jazeera\t\t\t\t\tquoted\tquoted", "contradictory context rules"),
        ("الجزيرة\tAl Jazeera\t\t\t\tالجزيره نت\tprev:قناة\t", "is not one of this entry's Arabic spellings"),
        ("الجزيرة\tAl Jazeera\t\t\t\t\tprev:روسيا\t\nروسيا\tRussia\t\t\t\t\t\t", "is itself a glossary term (Russia"),
        ("الجزيرة\tAl Jazeera\t\t\t\t\tprev:قناة\t\nالجزيرة\tAl Jazeera\t\t\t\t\tprev:شبكة\t", "different context rules"),
    ],
)
def test_bad_rules_name_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as raised:
        load_glossary(path)
    assert message in str(raised.value)
    assert f"{path}:2" in str(raised.value) or f"{path}:3" in str(raised.value)


def test_tbx_round_trip_keeps_the_rules(tmp_path: Path) -> None:
    loaded = load_glossary(SHIPPED)
    tbx = tmp_path / "news.tbx"
    tbx.write_text(render_tbx(loaded), encoding="utf-8")
    again = load_glossary(tbx)
    assert [entry.context for entry in again.entries] == [entry.context for entry in loaded.entries]
    assert 'type="x-context-when"' in tbx.read_text(encoding="utf-8")
    assert sum(entry.context is not None for entry in again.entries) == 7


def test_lint_lists_matches_in_context_and_warns_on_common_words(tmp_path: Path) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text(HEADER + "الأسد\tBashar al-Assad\t\t\t\t\t\t\nالجزيرة\tAl Jazeera\t\t\t\tالجزيرة\tprev:مراسل\tprev:شبه\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("قال مراسل الجزيرة إن الوضع هادئ في شبه الجزيرة الكورية. وزأر الأسد.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["glossary", "lint", str(glossary), "--corpus", str(article), "--words", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  warning: 'الأسد' is also a common Arabic word: without a context rule (ambiguous + when, or unless) every match is enforced" in lines
    assert "  2 matches: 1 enforced, 0 possible, 1 ruled out" in lines
    assert f"    enforced  {article}:1\tقال مراسل ‹الجزيرة› إن الوضع" in lines
    assert f"    ruled-out {article}:1\tفي شبه ‹الجزيرة› الكورية." in lines
    assert f"    enforced  {article}:2\tوزأر ‹الأسد›." in lines
    assert lines[-1] == "2 entries, 1 warnings, 1 articles"


def test_shipped_glossary_lints_without_warnings() -> None:
    result = CliRunner().invoke(app, ["glossary", "lint", str(SHIPPED)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "21 entries, 0 warnings"


def test_check_reports_possible_matches(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("زئير النمر ليس كزئير الأسد.\n", encoding="utf-8")
    text = CliRunner().invoke(app, ["glossary", "check", str(article), "--glossary", str(SHIPPED)])
    assert text.exit_code == 0 and "\tBashar al-Assad\tpossible\t" in text.output
    jsonl = CliRunner().invoke(app, ["glossary", "check", str(article), "--glossary", str(SHIPPED), "--format", "jsonl"])
    import json

    records = [json.loads(line) for line in jsonl.output.splitlines()]
    assert [(r["surface"], r["enforce"]) for r in records] == [("الأسد", False)]


def test_pipeline_never_enforces_a_possible_match_and_flags_it() -> None:
    from tests.fakes import RecordingEngine
    from translate.pipeline import translate_document

    engine = RecordingEngine()
    document = parse_document("زئير النمر ليس كزئير الأسد. وقال مراسل الجزيرة إن الوضع هادئ.\n")
    run = translate_document(document, engine, glossary=TermMatcher(load_glossary(SHIPPED)))
    lion, reporter = run.pairs
    assert [(t.entry_en, t.status, t.enforce) for t in lion.terms] == [("Bashar al-Assad", "possible", False)]
    assert "Assad" not in lion.target  # the fake model never writes it, and nothing forced it in
    assert "glossary-possible" in lion.quality.flags and "glossary-missing" not in lion.quality.flags
    assert [(t.entry_en, t.enforce) for t in reporter.terms] == [("Al Jazeera", True)]
    assert "Al Jazeera" in reporter.target  # the guarantee still holds for the enforced match
    assert "glossary-possible" not in reporter.quality.flags
