"""Anchors the aligner and the quality scores share: numbers in both digit systems and in words,
months in both Arabic naming systems, Latin tokens, place names; the fast fold agrees with
translate.arabic.normalize."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import translate.align as align_package
from translate.align.anchors import fold, latin_tokens, month_numbers, numbers_in, strip_month_doublets
from translate.align.names import NAMES, names_in_arabic, names_in_english
from translate.arabic import normalize


@pytest.mark.parametrize(
    ("text", "written", "reachable_extra"),
    [
        ("قتل 24 شخصا", {"24"}, set()),
        ("قتل ٢٤ شخصا", {"24"}, set()),
        ("قتل ۲۴ شخصا", {"24"}, set()),  # Persian digits
        ("بلغ ١٬٥٠٠ شخص", {"1500"}, set()),
        ("ارتفع ٠٫٨٪", {"0.8"}, set()),
        ("1,500 people and 3.5 tonnes", {"1500", "3.5"}, set()),
        ("650 ألف لاجئ", {"650000"}, {"650", "1000"}),
        ("3 ملايين برميل", {"3000000"}, {"3", "1000000"}),
        ("2.1 million barrels", {"2100000"}, {"2.1", "1000000"}),
        ("$1.3bn in aid", {"1300000000"}, {"1.3"}),
        ("a 5 m wall", {"5"}, set()),
        ("أربعين هدفا", set(), {"40"}),
        ("خمسة وعشرين", set(), {"5", "20", "25"}),
        ("twenty-five", set(), {"20", "5", "25"}),
        ("three million", set(), {"3", "1000000", "3000000"}),
        ("في الأول من نوفمبر", set(), {"1"}),
        ("version 1.2.3", set(), set()),
    ],
)
def test_numbers(text: str, written: set[str], reachable_extra: set[str]) -> None:
    found = numbers_in(text)
    assert set(found.written) == written
    assert set(found.reachable) == written | reachable_extra


def test_a_number_in_words_satisfies_one_in_digits() -> None:
    assert not numbers_in("40 targets").unmatched_against(numbers_in("أربعين هدفا"))
    assert numbers_in("41 targets").unmatched_against(numbers_in("أربعين هدفا")) == {"41"}


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("30 سبتمبر/أيلول", {9}),
        ("في تشرين الأول المقبل", {10}),
        ("بين كانون الثاني وشباط", {1, 2}),
        ("10 آب", {8}),
        ("زار الأب ابنه", set()),  # أب is "father"
        ("on 30 September", {9}),
        ("in March.", {3}),
        ("they march on", set()),
        ("on 1 May", {5}),
        ("you may go", set()),
    ],
)
def test_months(text: str, months: set[int]) -> None:
    assert set(month_numbers(text)) == months


def test_a_month_named_twice_counts_once_for_length() -> None:
    assert strip_month_doublets("في 30 سبتمبر/أيلول و1 كانون الثاني/يناير") == "في 30 سبتمبر و1 كانون الثاني"


def test_latin_tokens() -> None:
    assert latin_tokens("قالت وكالة (EPA) إن طائرات F-16 وصلت") == {"epa", "f-16"}


@pytest.mark.parametrize(
    ("arabic", "english", "shared"),
    [
        ("من مصر وتونس والجزائر", "from Egypt, Tunisia and Algeria", {"Egypt", "Tunisia", "Algeria"}),
        ("نواب في البرلمان الأردني", "members of the Jordanian parliament", {"Jordan"}),
        ("في الولايات المتحدة والأمم المتحدة", "in the US and the United Nations", {"US", "United Nations"}),
        ("قالوا لنا", "tell us who", set()),  # the pronoun "us" and "who" are not names
    ],
)
def test_names(arabic: str, english: str, shared: set[str]) -> None:
    expected = {index for index, (forms, _) in enumerate(NAMES) if shared & set(forms)}
    assert names_in_arabic(arabic) == expected
    assert names_in_english(english) == expected


@given(st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF) | st.sampled_from("abcABC 123ﻻﷲ\u200f\u0640"), max_size=60))
def test_fast_fold_matches_the_reference_normalisation(text: str) -> None:
    assert fold(text) == normalize(text)


def test_package_exports_are_real() -> None:
    assert all(hasattr(align_package, name) for name in align_package.__all__)


def test_glossary_forms_of_one_entry_share_an_anchor() -> None:
    from translate.align.units import sentence_units, term_groups

    source_terms, target_terms = term_groups([("زاور شوج", "Zaur Shouj"), ("زاور شوج", "Shouj"), ("شوج", "Shouj"), ("لافروف", "Lavrov")])
    arabic = sentence_units(["وقال شوج إن موسكو تدرك ذلك."], None, source_terms, arabic_side=True)[0]
    english = sentence_units(["Shouj said Moscow realised this.", "Shoujaa said so."], frozenset(), target_terms, arabic_side=False)
    glossary = {anchor for anchor in arabic.strong if anchor.startswith("g:")}
    assert len(glossary) == 1 and glossary <= english[0].strong
    assert not any(anchor.startswith("g:") for anchor in english[1].strong)  # whole words only
