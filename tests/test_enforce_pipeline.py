"""Enforcement inside the pipeline: a sentence over the model's input budget is repaired piece by
piece — the model never sees the whole sentence, not even to re-score it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from translate.document import parse_document
from translate.engines.base import DecodingSettings, Hypothesis, ModelInfo
from translate.glossary import Glossary, GlossaryEntry, TermMatcher
from translate.pipeline import translate_document

CLAUSE = "وقال المتحدث إن الحكومة ستواصل العمل مع الشركاء الدوليين"
LONG = "؛ ".join([CLAUSE] * 4 + ["وأكد لافروف أن موسكو ستواصل العمل مع الشركاء"]) + "."
ARTICLE = f"لافروف في موسكو\n\nقال سيرغي لافروف إن الاتفاق صامد.\n\n{LONG}\n"
GLOSSARY = Glossary(
    (
        GlossaryEntry(("سيرغي لافروف", "لافروف"), "Sergei Lavrov", "Lavrov", "person"),
        GlossaryEntry(("موسكو",), "Moscow", "", "place"),
    ),
    (),
    "sha256:test",
)


@dataclass
class SeeingEngine:
    """Answers ``EN<len>`` (or the prefix plus that) and records every text it is shown."""

    info: ModelInfo = field(default_factory=lambda: ModelInfo("fake", "r", "", "fake"))
    settings: DecodingSettings = field(default_factory=lambda: DecodingSettings(max_input_tokens=20))
    seen: list[str] = field(default_factory=list)

    def translate(self, sources: Sequence[str], prefixes: Sequence[str | None] | None = None) -> list[Hypothesis]:
        self.seen.extend(sources)
        prefixes = prefixes or [None] * len(sources)
        return [Hypothesis((prefix + " " if prefix else "") + f"EN{len(source)}") for source, prefix in zip(sources, prefixes)]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Hypothesis]:
        self.seen.extend(sources)
        return [Hypothesis(target, token_logprobs=(-0.5,)) for target in targets]

    def count_tokens(self, sources: Sequence[str]) -> list[int]:
        return [len(source.split()) + 1 for source in sources]


def test_a_long_sentence_is_repaired_in_its_piece() -> None:
    engine = SeeingEngine()
    run = translate_document(parse_document(ARTICLE), engine, glossary=TermMatcher(GLOSSARY))
    assert LONG not in engine.seen
    long_pair = next(pair for pair in run.pairs if pair.source == LONG)
    assert [(term.required, term.mention, term.status) for term in long_pair.terms] == [("Lavrov", "later", "repaired"), ("Moscow", "first", "repaired")]
    for term in long_pair.terms:
        assert long_pair.target[term.target_start : term.target_end] == term.required
        assert ARTICLE[term.source_start : term.source_end] == term.surface


def test_every_pair_reports_its_terms_in_source_order() -> None:
    run = translate_document(parse_document(ARTICLE), SeeingEngine(), glossary=TermMatcher(GLOSSARY))
    reports = [(pair.id, term.required, term.mention) for pair in run.pairs for term in pair.terms]
    assert reports == [
        (1, "Lavrov", "headline"),
        (1, "Moscow", "headline"),
        (2, "Sergei Lavrov", "first"),
        (3, "Lavrov", "later"),
        (3, "Moscow", "first"),
    ]
