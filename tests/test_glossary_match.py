"""Matching glossary terms in Arabic text: every rule as a table of cases, plus properties."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.glossary import Glossary, GlossaryEntry, TermMatcher, term_key

ENTRIES = (
    GlossaryEntry(("الأمم المتحدة",), "United Nations"),
    GlossaryEntry(("القاهرة",), "Cairo"),
    GlossaryEntry(("البنتاغون",), "Pentagon"),
    GlossaryEntry(("حلب",), "Aleppo"),
    GlossaryEntry(("دمشق",), "Damascus"),
    GlossaryEntry(("مجلس الأمن",), "Security Council"),
    GlossaryEntry(("مجلس الأمن الدولي",), "UN Security Council"),
    GlossaryEntry(("سيرغي لافروف", "لافروف"), "Sergei Lavrov", "Lavrov", "person"),
    GlossaryEntry(("إسرائيل",), "Israel"),
    GlossaryEntry(("موسى",), "Musa"),
    GlossaryEntry(("مصر",), "Egypt"),
    GlossaryEntry(("كارتر",), "Carter"),
    GlossaryEntry(("فرنسا",), "France"),
    GlossaryEntry(("(الأوروبية)",), "(EPA)"),
    GlossaryEntry(("بلال",), "Bilal"),
    GlossaryEntry(("لال",), "Lal"),
    GlossaryEntry(("اللاذقية",), "Latakia"),
)
GLOSSARY = Glossary(ENTRIES, (), "sha256:test")


@pytest.fixture(scope="module")
def matcher() -> TermMatcher:
    return TermMatcher(GLOSSARY)


def found(matcher: TermMatcher, text: str) -> list[tuple[str, str]]:
    return [(hit.surface, hit.entry.en) for hit in matcher.find(text)]


MATCH_CASES = [
    # bare term, and the clitics و ف ب ل ك before it (the span leaves the clitics out)
    ("وصل إلى القاهرة أمس", [("القاهرة", "Cairo")]),
    ("والقاهرة", [("القاهرة", "Cairo")]),
    ("فالقاهرة", [("القاهرة", "Cairo")]),
    ("بالقاهرة", [("القاهرة", "Cairo")]),
    ("كالقاهرة", [("القاهرة", "Cairo")]),
    ("وبالقاهرة", [("القاهرة", "Cairo")]),
    ("فبالقاهرة", [("القاهرة", "Cairo")]),
    ("بحلب", [("حلب", "Aleppo")]),
    ("لحلب", [("حلب", "Aleppo")]),
    ("وحلب", [("حلب", "Aleppo")]),
    ("ولدمشق", [("دمشق", "Damascus")]),
    # the article: optional in the text, and لل where ل meets ال
    ("قاهرة المعز", [("قاهرة", "Cairo")]),
    ("للأمم المتحدة", [("أمم المتحدة", "United Nations")]),
    ("وللأمم المتحدة", [("أمم المتحدة", "United Nations")]),
    ("بالأمم المتحدة", [("الأمم المتحدة", "United Nations")]),
    ("وللبنتاغون", [("بنتاغون", "Pentagon")]),
    ("للبنتاغون", [("بنتاغون", "Pentagon")]),
    ("للاذقية", [("لاذقية", "Latakia")]),
    # whole words only
    ("في حلبة السباق", []),
    ("حلبي", []),
    ("مطعم دمشقي", []),
    ("الدمشقي", []),
    ("لافروفي", []),
    ("الأوروبية", []),
    # a word that only looks like clitics + term is the term's own letters
    ("كارتر", [("كارتر", "Carter")]),
    ("وكارتر", [("كارتر", "Carter")]),
    ("فرنسا", [("فرنسا", "France")]),
    ("وفرنسا", [("فرنسا", "France")]),
    # multiword across any run of whitespace, never across punctuation
    ("مجلس   الأمن", [("مجلس   الأمن", "Security Council")]),
    ("مجلس\tالأمن\nالدولي", [("مجلس\tالأمن\nالدولي", "UN Security Council")]),
    ("مجلس، الأمن", []),
    # longest match wins
    ("مجلس الأمن الدولي", [("مجلس الأمن الدولي", "UN Security Council")]),
    ("ومجلس الأمن الدولي يجتمع", [("مجلس الأمن الدولي", "UN Security Council")]),
    ("مجلس الأمن يجتمع", [("مجلس الأمن", "Security Council")]),
    ("سيرغي لافروف", [("سيرغي لافروف", "Sergei Lavrov")]),
    # variants via |
    ("قال لافروف", [("لافروف", "Sergei Lavrov")]),
    ("ولافروف", [("لافروف", "Sergei Lavrov")]),
    # normalisation: diacritics, tatweel, alef/hamza, ta marbuta, ya, presentation forms
    ("القَاهِرَةُ", [("القَاهِرَةُ", "Cairo")]),
    ("القاهـــرة", [("القاهـــرة", "Cairo")]),
    ("اسرائيل", [("اسرائيل", "Israel")]),
    ("إسرائيل", [("إسرائيل", "Israel")]),
    ("القاهره", [("القاهره", "Cairo")]),
    ("موسي", [("موسي", "Musa")]),
    ("ﻣﺼﺮ", [("ﻣﺼﺮ", "Egypt")]),
    ("\u200fمصر\u200f", [("مصر", "Egypt")]),
    # punctuation inside a term
    ("صورة (الأوروبية)", [("(الأوروبية)", "(EPA)")]),
    # deterministic ties: the reading that strips fewest clitic letters wins (بلال, not ب + لال)
    ("بلال", [("بلال", "Bilal")]),
    ("وبلال", [("بلال", "Bilal")]),
    ("ولال", [("لال", "Lal")]),
    # several terms, in text order
    ("بين القاهرة ودمشق وحلب", [("القاهرة", "Cairo"), ("دمشق", "Damascus"), ("حلب", "Aleppo")]),
]


@pytest.mark.parametrize(("text", "expected"), MATCH_CASES, ids=[case[0] for case in MATCH_CASES])
def test_matching_rules(matcher: TermMatcher, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(matcher, text) == expected


@pytest.mark.parametrize(("text", "expected"), MATCH_CASES[:12], ids=[case[0] for case in MATCH_CASES[:12]])
def test_entry_order_does_not_change_untied_matches(text: str, expected: list[tuple[str, str]]) -> None:
    reversed_glossary = Glossary(tuple(reversed(ENTRIES)), (), "sha256:test")
    assert found(TermMatcher(reversed_glossary), text) == expected


@pytest.mark.parametrize(
    ("term", "key"),
    [
        ("القاهرة", ("قاهره",)),
        ("قاهرة", ("قاهره",)),
        ("الأمم المتحدة", ("امم", "المتحده")),
        ("مجلس  الأمن", ("مجلس", "الامن")),
        ("(الأوروبية)", ("(", "الاوروبيه", ")")),
        ("ال", ("ال",)),
    ],
)
def test_term_key(term: str, key: tuple[str, ...]) -> None:
    assert term_key(term) == key


def test_offsets_point_into_the_original(matcher: TermMatcher) -> None:
    text = "قال وزير الخارجية إن وللبنتاغون دوراً في مجلس  الأمنِ الدولي."
    hits = matcher.find(text)
    assert [(text[hit.start : hit.end], hit.entry.en) for hit in hits] == [("بنتاغون", "Pentagon"), ("مجلس  الأمنِ الدولي", "UN Security Council")]


_FILLER = ["قال", "وزير", "في", "أمس", "بين", "الجديد", "إلى", "سيارة", "كتاب", "المدينة"]
_CLITICS = ["", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(_FILLER), max_size=6),
    st.sampled_from([entry for entry in ENTRIES if entry.en not in ("(EPA)", "Lal", "Bilal")]),
    st.sampled_from(_CLITICS),
    st.lists(st.sampled_from(_FILLER), max_size=6),
    st.sampled_from([" ", "  ", "\t", "\n", " \u00a0"]),
)
def test_a_term_with_clitics_is_found_among_filler(before, entry, clitic, after, space) -> None:
    term = entry.ar[0]
    if clitic.endswith("ل") and term.startswith("ال"):
        term = term[1:]  # ل + ال is written لل
    text = space.join(before + [clitic + term] + after)
    hits = TermMatcher(GLOSSARY).find(text)
    assert [hit.entry.en for hit in hits] == [entry.en]
    hit = hits[0]
    assert text[hit.start : hit.end] == hit.surface
    assert hit.surface and (clitic + term).endswith(hit.surface)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="ابتثجحخدذرسشصضطظعغفقكلمنهويىةءأإآ ـَُِ\n،.()", max_size=80))
def test_hits_are_ordered_disjoint_and_point_into_the_text(text: str) -> None:
    hits = TermMatcher(GLOSSARY).find(text)
    previous_end = 0
    for hit in hits:
        assert previous_end <= hit.start < hit.end <= len(text)
        assert text[hit.start : hit.end] == hit.surface
        previous_end = hit.end


@pytest.fixture(scope="module")
def big_matcher() -> TermMatcher:
    """100,000 entries: the table's, then random multiword names that never occur in the cases."""
    rng = random.Random(20151014)
    letters = "بتثجحخدذرسشصضطظعغقمنهي"
    entries = list(ENTRIES)
    seen = {term_key(variant) for entry in ENTRIES for variant in entry.ar}
    while len(entries) < 100_000:
        words = tuple("".join(rng.choice(letters) for _ in range(rng.randint(4, 7))) for _ in range(rng.randint(1, 3)))
        if words in seen:
            continue
        seen.add(words)
        entries.append(GlossaryEntry((" ".join(words),), f"Name {len(entries)}"))
    return TermMatcher(Glossary(tuple(entries), (), "sha256:big"))


@pytest.mark.parametrize(("text", "expected"), MATCH_CASES, ids=[case[0] for case in MATCH_CASES])
def test_a_100k_glossary_matches_like_a_small_one(big_matcher: TermMatcher, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(big_matcher, text) == expected


def test_a_100k_glossary_finds_its_own_entries(big_matcher: TermMatcher) -> None:
    picked = [big_matcher.glossary.entries[i] for i in (len(ENTRIES), 5_000, 50_000, 99_999)]
    text = " قال ".join("و" + entry.ar[0] for entry in picked)
    assert [hit.entry.en for hit in big_matcher.find(text)] == [entry.en for entry in picked]
