"""The glossary guarantee: fixed cases with a scripted engine, and a property over the tiny model."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.engines.base import DecodingSettings, Hypothesis, ModelInfo
from translate.enforce import Enforced, enforce_terms, locate_forms, summarize_terms
from translate.glossary import Glossary, GlossaryEntry, TermMatch, TermMatcher, plan_mentions
from translate.document import parse_document
from translate.segment import segment_document


@dataclass
class ScriptedEngine:
    """Continues every forced prefix with ``continuation``; renders prefixes through ``render``
    (identity, or dropping what a vocabulary cannot spell). Records its calls."""

    continuation: str = " said on Tuesday."
    render: object = staticmethod(lambda text: text)
    calls: list[tuple[list[str], list[str | None] | None]] = field(default_factory=list)
    info: ModelInfo = ModelInfo("scripted", None, "", "fake")
    settings: DecodingSettings = DecodingSettings()

    def translate(self, sources: Sequence[str], prefixes: Sequence[str | None] | None = None) -> list[Hypothesis]:
        self.calls.append((list(sources), list(prefixes) if prefixes is not None else None))
        prefixes = prefixes or [None] * len(sources)
        return [Hypothesis(self.render(prefix) + self.continuation if prefix else "") for prefix in prefixes]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Hypothesis]:
        return [Hypothesis(target, token_logprobs=(-1.0,)) for target in targets]

    def count_tokens(self, sources: Sequence[str]) -> list[int]:
        return [len(source.split()) for source in sources]


def term(required: str, start: int = 0, end: int = 1) -> TermMatch:
    return TermMatch(start, end, "x", GlossaryEntry(("x",), required), "first", required)


def enforce_one(engine, output: str, required: Sequence[str], source: str = "مصدر", **kwargs) -> Enforced:
    return enforce_terms(engine, [source], [Hypothesis(output)], [[term(form) for form in required]], **kwargs)[0]


REPAIR_CASES = [
    # (model output, required forms, final text, statuses)
    ("Sergei Lavroff said.", ["Sergei Lavrov"], "Sergei Lavrov said on Tuesday.", ("repaired",)),
    ("Lavrov said.", ["Sergei Lavrov"], "Sergei Lavrov said on Tuesday.", ("repaired",)),
    ("Sergei met the press.", ["Sergei Lavrov"], "Sergei Lavrov said on Tuesday.", ("repaired",)),
    ("Prime Minister Dimitri Medvedev will go.", ["Dmitry Medvedev"], "Prime Minister Dmitry Medvedev said on Tuesday.", ("repaired",)),
    ("The minister spoke.", ["Lavrov"], "Lavrov said on Tuesday.", ("repaired",)),
    ("The Russian delegation left.", ["Russia"], "Russia said on Tuesday.", ("repaired",)),
    ("talks with the United States of America", ["United States"], "talks with the United States of America", ("model",)),
    ("Russia's foreign minister", ["Russia"], "Russia's foreign minister", ("model",)),
    ("A speech in the Duma, EPA", ["(EPA)"], "A speech in the Duma, (EPA) said on Tuesday.", ("repaired",)),
    ("A speech in the Duma (Epa) today", ["(EPA)"], "A speech in the Duma (EPA) said on Tuesday.", ("repaired",)),
    ("Lavrov met Lavroff.", ["Lavrov", "Lavrov"], "Lavrov met Lavrov said on Tuesday.", ("model", "repaired")),
]


@pytest.mark.parametrize(("output", "required", "final", "statuses"), REPAIR_CASES, ids=[case[0] for case in REPAIR_CASES])
def test_repair_cases(output: str, required: list[str], final: str, statuses: tuple[str, ...]) -> None:
    result = enforce_one(ScriptedEngine(), output, required)
    assert result.hypothesis.text == final
    assert result.statuses == statuses
    assert all(result.hypothesis.text[start:end] == form for (start, end), form in zip(result.spans, required))


def test_a_correct_output_costs_no_engine_call() -> None:
    engine = ScriptedEngine()
    result = enforce_one(engine, "Sergei Lavrov arrived in Moscow.", ["Sergei Lavrov", "Moscow"])
    assert (result.hypothesis.text, result.statuses, result.decodes, engine.calls) == ("Sergei Lavrov arrived in Moscow.", ("model", "model"), 0, [])


def test_only_segments_that_need_it_are_redecoded_in_one_batch() -> None:
    engine = ScriptedEngine()
    outputs = ["Lavrov spoke.", "Putin spoke.", "Lavroff spoke.", "Carter spoke."]
    results = enforce_terms(engine, ["أ", "ب", "ج", "د"], [Hypothesis(text) for text in outputs], [[term("Lavrov")]] * 4)
    assert [call[0] for call in engine.calls] == [["ب", "ج", "د"]]
    assert [result.statuses for result in results] == [("model",), ("repaired",), ("repaired",), ("repaired",)]


def test_several_missing_terms_go_into_one_prefix() -> None:
    engine = ScriptedEngine()
    result = enforce_terms(engine, ["واشنطن وموسكو"], [Hypothesis("They met.")], [[term("Washington", 0, 6), term("Moscow", 7, 13)]])[0]
    assert len(engine.calls) == 1
    assert "Washington" in engine.calls[0][1][0] and "Moscow" in engine.calls[0][1][0]
    assert None not in locate_forms(result.hypothesis.text, ["Washington", "Moscow"])


def test_a_repeated_name_after_the_forced_prefix_is_dropped() -> None:
    result = enforce_one(ScriptedEngine(continuation=" Lavrov said."), "The minister said.", ["Sergei Lavrov"])
    assert result.hypothesis.text == "Sergei Lavrov said."


def test_a_term_the_vocabulary_cannot_spell_still_appears_exactly() -> None:
    unspellable = ScriptedEngine(render=lambda text: re.sub(r"[^\x00-\x7f]", "", text))
    result = enforce_one(unspellable, "The correspondent said.", ["Zaur Šoujan"])
    assert "Zaur Šoujan" in result.hypothesis.text
    assert result.hypothesis.text.count("Zaur") == 1


@pytest.mark.parametrize(
    ("output", "required", "final"),
    [
        ("Lavroff said.", ["Lavrov"], "Lavrov said."),
        ("The Al-Jazeera correspondent said", ["Al Jazeera"], "The Al Jazeera correspondent said"),
        ("during a session of the Duma today", ["State Duma"], "during a session of the State Duma today"),
        ("the Russian Ministry of Defence said", ["Russian Defence Ministry"], "the Russian Defence Ministry said"),
        ("Foreign Minister Sergey Lavrov said", ["Sergei Lavrov"], "Foreign Minister Sergei Lavrov said"),
        ("Zaur Shouj, director of the office", ["Zaur Shoujan"], "Zaur Shoujan, director of the office"),
        ("Medvedev's delegation", ["Dmitry Medvedev"], "Dmitry Medvedev's delegation"),
        ("the regime of Assad", ["Bashar al-Assad"], "the regime of Bashar al-Assad"),
        ("A Russian plane", ["Russia"], "Russia A Russian plane"),
        ("The minister said.", ["Lavrov"], "Lavrov The minister said."),
        ("", ["Lavrov"], "Lavrov"),
        ("Lavrov said.", ["Sergei Lavrov", "Lavrov"], "Sergei Lavrov Lavrov said."),
    ],
)
def test_string_level_forcing_without_redecoding(output: str, required: list[str], final: str) -> None:
    engine = ScriptedEngine()
    result = enforce_one(engine, output, required, max_rounds=0)
    assert result.hypothesis.text == final
    assert "forced" in result.statuses
    assert [call for call in engine.calls] == []


def test_a_missing_term_goes_where_its_source_tokens_attend() -> None:
    source = "واشنطن وموسكو"
    moscow = TermMatch(8, 13, "موسكو", GlossaryEntry(("موسكو",), "Moscow"), "first", "Moscow")
    tokens = ("▁They", "▁met", "▁in", "▁town", ".", "</s>")
    source_tokens = ("▁واشنطن", "▁و", "موسكو", "</s>")
    # Each target token attends to one source token; "town" attends to موسكو.
    rows = [(0.7, 0.1, 0.1, 0.1), (0.7, 0.1, 0.1, 0.1), (0.7, 0.1, 0.1, 0.1), (0.1, 0.1, 0.7, 0.1), (0.1, 0.1, 0.1, 0.7), (0.1, 0.1, 0.1, 0.7)]
    hypothesis = Hypothesis("They met in town.", tokens, (-1.0,) * 6, source_tokens, tuple(rows))
    result = enforce_terms(ScriptedEngine(), [source], [hypothesis], [[moscow]], max_rounds=0)[0]
    assert result.hypothesis.text == "They met in Moscow town."
    unaligned = enforce_terms(ScriptedEngine(), [source], [Hypothesis("They met in town.")], [[moscow]], max_rounds=0)[0]
    assert unaligned.hypothesis.text == "They met Moscow in town."


@pytest.mark.parametrize(
    ("text", "forms", "spans"),
    [
        ("Sergei Lavrov said", ["Sergei Lavrov"], [(0, 13)]),
        ("Lavrovs said", ["Lavrov"], [None]),
        ("Sergei Lavrov said", ["Lavrov", "Sergei Lavrov"], [None, (0, 13)]),
        ("Sergei Lavrov met Lavrov", ["Lavrov", "Sergei Lavrov"], [(18, 24), (0, 13)]),
        ("Lavrov's aide", ["Lavrov"], [(0, 6)]),
        ("photo(EPA)", ["(EPA)"], [(5, 10)]),
        ("Lavrov, Lavrov", ["Lavrov", "Lavrov", "Lavrov"], [(0, 6), (8, 14), None]),
    ],
)
def test_locate_forms(text: str, forms: list[str], spans: list) -> None:
    assert locate_forms(text, forms) == spans


@pytest.mark.parametrize(
    ("output", "mentions", "final", "statuses"),
    [
        ("Sergei Lavrov said.", ["later"], "Lavrov said.", ("forced",)),
        ("Sergei Lavrov said.", ["headline"], "Lavrov said.", ("forced",)),
        ("Lavrov said.", ["later"], "Lavrov said.", ("model",)),
        ("Sergei Lavrov met Lavrov.", ["first", "later"], "Sergei Lavrov met Lavrov.", ("model", "model")),
    ],
)
def test_later_mentions_are_shortened(output: str, mentions: list[str], final: str, statuses: tuple[str, ...]) -> None:
    entry = GlossaryEntry(("لافروف",), "Sergei Lavrov", "Lavrov", "person")
    terms = [TermMatch(0, 1, "x", entry, mention, entry.required_form(mention)) for mention in mentions]
    result = enforce_terms(ScriptedEngine(), ["لافروف"], [Hypothesis(output)], [terms])[0]
    assert (result.hypothesis.text, result.statuses) == (final, statuses)


def test_summary_line() -> None:
    assert summarize_terms(["model", "repaired", "repaired", "forced"]) == "4 glossary terms enforced: 1 by the model, 2 repaired, 1 forced"
    assert summarize_terms(["model", "possible", "possible"]) == "1 glossary term enforced: 1 by the model, 0 repaired, 0 forced; 2 possible (not enforced)"


# -- the guarantee over random glossaries and sentences, with the tiny random-weight model ----------
WORDS = ["قال", "وزير", "الخارجية", "الروسي", "إن", "واشنطن", "رفضت", "إرسال", "وفد", "عسكري", "في", "الأجواء", "السورية", "اليوم"]
NAMES = ["لافروف", "بوتين", "مدفيدف", "كارتر", "شوج", "الدوما", "موسكو", "حلب", "القاهرة", "البنتاغون"]
CLITICS = ["", "و", "ب", "ل", "وب", "ف"]
ENGLISH = st.text(alphabet="ABCDEFGHIJKLMNOPRSTUVWabcdefghijklmnoprstuvwyzŠéΩЖ -'", min_size=2, max_size=14).map(lambda s: " ".join(s.split())).filter(lambda s: len(s) >= 2 and s[0].isalpha() and s[-1].isalpha())


@st.composite
def glossaries_and_articles(draw):
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    entries = []
    for name in names:
        full = draw(ENGLISH)
        short = draw(st.one_of(st.just(""), ENGLISH.filter(lambda s: s != full)))
        entries.append(GlossaryEntry((name,), full, short, "person"))
    sentences = []
    for _ in range(draw(st.integers(1, 2))):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=5))
        for _ in range(draw(st.integers(1, 3))):
            name = draw(st.sampled_from(names))
            clitic = draw(st.sampled_from(CLITICS))
            words.insert(draw(st.integers(0, len(words))), clitic + (name[1:] if clitic.endswith("ل") and name.startswith("ال") else name))
        sentences.append(" ".join(words) + ".")
    return Glossary(tuple(entries), (), "sha256:random"), " ".join(sentences)


@pytest.mark.parametrize(("engine_name", "beam"), [("torch", 1), ("torch", 3), ("ct2", 2)], ids=["torch-greedy", "torch-beam3", "ct2-beam2"])
def test_the_guarantee_holds_with_a_random_model(tiny_model_dir: Path, engine_name: str, beam: int) -> None:
    from translate.engines import load_engine

    # Short output caps keep the random model (which never stops on its own) fast.
    decoding = DecodingSettings(beam_size=beam, length_ratio=1.0, length_extra=4, device="cpu")
    engine = load_engine(str(tiny_model_dir), engine=engine_name, settings=decoding, quantization="float32" if engine_name == "ct2" else None)

    # CTranslate2 decodes fast enough for many examples; torch's generate() gets a few.
    @settings(max_examples=20 if engine_name == "ct2" else 4, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(glossaries_and_articles())
    def check(case) -> None:
        glossary, article = case
        segments = segment_document(parse_document(article))
        planned = plan_mentions(segments, TermMatcher(glossary))
        todo = [segment for segment in segments if segment.id in planned]
        assert todo, "every generated article names at least one entry"
        results = enforce_terms(engine, [s.text for s in todo], engine.translate([s.text for s in todo]), [planned[s.id] for s in todo])
        for segment, result in zip(todo, results):
            forms = [match.required for match in planned[segment.id]]
            text = result.hypothesis.text
            assert None not in locate_forms(text, forms), (forms, text)
            assert [text[start:end] for start, end in result.spans] == forms
            assert set(result.statuses) <= {"model", "repaired", "forced"}
            for form in set(forms):
                last = form.split()[-1]
                if last not in forms and forms.count(form) == 1:
                    assert f"{form} {last}" not in text, text

    check()
