"""What the aligner knows about one sentence (or a run of sentences): its length and its anchors.

Anchors are strings: ``n:40`` (a number), ``m:9`` (a month), ``w:epa`` (a Latin-script token that
the Arabic side contains), ``c:12`` (an entry of :data:`translate.align.names.NAMES`), ``g:3`` (a
glossary term). *Strong* anchors are expected on the other side; *reachable* ones satisfy a strong
anchor there (a number written as a word); *weak* ones are a question mark or a quotation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from translate.align.anchors import fold, has_arabic, latin_tokens, month_numbers, numbers_in, strip_month_doublets
from translate.align.names import names_in_arabic, names_in_english

__all__ = ["Unit", "content_length", "merge_units", "sentence_units", "term_groups"]

_NOT_COUNTED = re.compile("[\u064b-\u065f\u0670\u0640\\s]")
_QUESTION = re.compile("[?؟]")
_QUOTE = re.compile("[\"«»“”]")


@dataclass(frozen=True)
class Unit:
    length: int
    strong: frozenset[str]
    reachable: frozenset[str]
    weak: frozenset[str]


def content_length(text: str) -> int:
    """Characters that carry content: no whitespace, no Arabic diacritics or tatweel, and a month
    named twice (سبتمبر/أيلول) counted once."""
    return len(_NOT_COUNTED.sub("", strip_month_doublets(text)))


def term_groups(terms: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Glossary (source form, target form) pairs as (folded form, group) per side. Pairs sharing a
    source form or a target form share a group (one entry's first- and later-mention forms, or its
    spelling variants), so any of the group's English forms answers any of its Arabic forms."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    cleaned = [(fold(source).strip(), target.casefold().strip()) for source, target in terms if source.strip() and target.strip()]
    for source, target in cleaned:
        parent[root("s:" + source)] = root("t:" + target)
    groups: dict[str, int] = {}
    source_forms: dict[str, int] = {}
    target_forms: dict[str, int] = {}
    for source, target in cleaned:
        group = groups.setdefault(root("t:" + target), len(groups))
        source_forms[source] = group
        target_forms[target] = group
    return list(source_forms.items()), list(target_forms.items())


def _contains(text: str, form: str, arabic_side: bool) -> bool:
    if arabic_side:  # clitics attach to Arabic words: a substring match is the honest one
        return form in text
    return re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text) is not None


def sentence_units(texts: Sequence[str], latin_vocabulary: frozenset[str] | None, terms: Sequence[tuple[str, int]], arabic_side: bool) -> list[Unit]:
    """One :class:`Unit` per text. ``latin_vocabulary`` is None on the source side (Latin tokens of
    Arabic sentences become anchors) and the source's Latin tokens on the target side. ``terms``:
    one side of :func:`term_groups`."""
    units = []
    for text in texts:
        numbers = numbers_in(text)
        strong = {"n:" + value for value in numbers.written}
        reachable = {"n:" + value for value in numbers.reachable}
        arabic = has_arabic(text)
        tokens = latin_tokens(text)
        if latin_vocabulary is None:
            # Latin tokens count only inside Arabic text: in an English–English alignment every
            # word would otherwise be an anchor.
            words = {"w:" + token for token in tokens} if arabic else set()
        else:
            words = {"w:" + token for token in tokens if token in latin_vocabulary}
        shared = words
        shared |= {f"m:{month}" for month in month_numbers(text)}
        shared |= {f"c:{index}" for index in (names_in_arabic(text) if arabic else names_in_english(text))}
        if terms:
            folded = fold(text) if arabic_side else text.casefold()
            shared |= {f"g:{group}" for form, group in terms if _contains(folded, form, arabic_side)}
        weak = set()
        if _QUESTION.search(text):
            weak.add("?")
        if _QUOTE.search(text):
            weak.add('"')
        units.append(Unit(content_length(text), frozenset(strong | shared), frozenset(reachable | shared), frozenset(weak)))
    return units


def merge_units(units: Sequence[Unit]) -> Unit:
    if len(units) == 1:
        return units[0]
    return Unit(
        sum(unit.length for unit in units),
        frozenset().union(*(unit.strong for unit in units)),
        frozenset().union(*(unit.reachable for unit in units)),
        frozenset().union(*(unit.weak for unit in units)),
    )
