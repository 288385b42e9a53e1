"""When a glossary match is the name: context rules, and the three outcomes of a match.

Arabic names are often common words (``الأسد`` the lion, ``الجزيرة`` the island, ``كارتر`` any Carter,
``روسيا اليوم`` "Russia today"). An entry can say which of its spellings are *ambiguous* and when a
match is — or is not — the name. Each match then has one of three outcomes:

- ``enforced`` — the guarantee applies (an unambiguous spelling, or an ambiguous one whose ``when``
  context holds);
- ``possible`` — an ambiguous spelling without its context: not enforced, flagged for the editor
  (``glossary-possible``) with the house form as a suggestion;
- ``ruled-out`` — an ``unless`` context holds: not a match at all.

Rules are written in two glossary columns (or TBX ``descrip`` elements), as clauses separated by ``;``;
any one clause satisfies its column, and ``unless`` beats ``when``:

================  ==================================================================================
``prev:W|W``      one of the words is among the :data:`WINDOW_WORDS` words before the match, in the
                  same sentence, with no punctuation between but quotation marks and brackets; the
                  word may carry clitics (``ولمراسل`` is ``مراسل``) — ``prev:قناة|شبكة|مراسل``
``next:W|W``      the same, after the match — ``next:العربية``
``quoted``        the match stands between quotation marks — ``"روسيا اليوم"``
``block:K|K``     the segment's block is one of ``headline caption paragraph subheading source``
``named``         a spelling of the entry that is not ambiguous was matched earlier in the article
                  (``بشار الأسد`` … ``الأسد``)
``article``       the spelling has the article ``ال`` and the text writes it with the article too
``bare``          the spelling has the article and the text writes it without (``جزيرة``, ``دوماً``)
================  ==================================================================================

``when`` gates only the ambiguous spellings (column ``ambiguous``; when that column is empty and
``when`` is given, every spelling is ambiguous); ``unless`` applies to every spelling of the entry.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from pathlib import Path

from translate.arabic import normalize
from translate.document import BlockKind
from translate.errors import GlossaryError

__all__ = [
    "CONDITIONS",
    "OUTCOMES",
    "WINDOW_WORDS",
    "Condition",
    "EntryContext",
    "MatchSite",
    "build_context",
    "parse_conditions",
]

#: The outcomes of a match, in the order they are preferred.
OUTCOMES = ("enforced", "possible", "ruled-out")
#: How many words before (``prev:``) or after (``next:``) a match a trigger word may stand.
WINDOW_WORDS = 2
#: The condition names, with whether each takes a ``|``-separated list of values.
CONDITIONS = {"prev": True, "next": True, "block": True, "quoted": False, "named": False, "article": False, "bare": False}
BLOCK_KINDS = tuple(kind.value for kind in BlockKind)

_WORD = re.compile(r"[^\W_]+")
#: Marks that may stand between a trigger and the match: quotation marks and brackets.
_SKIPPABLE = frozenset("\"'«»“”‘’()[]")
_QUOTES = frozenset("\"'«»“”‘’")
_LINE_BREAKS = frozenset("\n\r\u2028\u2029\x85\x0b\x0c")


@dataclass(frozen=True)
class Condition:
    """One clause: ``name`` from :data:`CONDITIONS`, ``values`` its normalised words or block kinds."""

    name: str
    values: tuple[str, ...] = ()
    #: The clause as the terminologist wrote it (for reports and TBX); not part of equality.
    written: str = field(default="", compare=False)

    def __str__(self) -> str:
        if self.written:
            return self.written
        return f"{self.name}:{'|'.join(self.values)}" if self.values else self.name


@dataclass(frozen=True)
class MatchSite:
    """What a rule may look at: the match ``start``/``end`` in its sentence ``text``, the block kind,
    whether the entry was named earlier (by an unambiguous spelling), and the spelling's article."""

    text: str
    start: int
    end: int
    block: BlockKind
    named_before: bool
    form_has_article: bool
    text_has_article: bool


def clitic_cores(word: str) -> frozenset[str]:
    """``word`` (normalised) and what remains after stripping ``و``/``ف``, ``ب``/``ل``/``ك`` and ``ال``."""
    from translate.glossary.words import clitic_readings

    return frozenset(core for _, _, core in clitic_readings(word)) | {word}


def _skippable(char: str) -> bool:
    """Between a trigger and the match: whitespace of any kind, quotes, brackets, and the invisible
    bidi and zero-width marks that matching ignores too."""
    return char.isspace() or char in _SKIPPABLE or unicodedata.category(char) == "Cf"


def _word_char(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char) == "Mn" or char == "\u0640"


def _nearby_words(text: str, position: int, step: int) -> list[str]:
    """Up to :data:`WINDOW_WORDS` normalised words from ``position`` going back (``step`` −1: the
    words before it, nearest first) or forward (``step`` 1), stopping at any punctuation other than
    quotes and brackets, and at a line break."""
    words: list[str] = []

    def char_at(index: int) -> str | None:
        # The character the scan meets next: before ``index`` going back, at it going forward.
        index = index - 1 if step < 0 else index
        return text[index] if 0 <= index < len(text) else None

    while len(words) < WINDOW_WORDS and (char := char_at(position)) is not None:
        if char in _LINE_BREAKS:
            break
        if _skippable(char):
            position += step
            continue
        if not _word_char(char):
            break
        edge = position
        while (next_char := char_at(position)) is not None and _word_char(next_char):
            position += step
        words.append(normalize(text[min(edge, position) : max(edge, position)]))
    return words


def _quoted(text: str, start: int, end: int) -> bool:
    """A quotation mark right before and right after the match (spaces and invisible marks between
    allowed). Either curly quote may open or close: Arabic copy types them both ways round."""
    before = start
    while before > 0 and (text[before - 1].isspace() or unicodedata.category(text[before - 1]) == "Cf") and text[before - 1] not in _LINE_BREAKS:
        before -= 1
    after = end
    while after < len(text) and (text[after].isspace() or unicodedata.category(text[after]) == "Cf") and text[after] not in _LINE_BREAKS:
        after += 1
    return before > 0 and text[before - 1] in _QUOTES and after < len(text) and text[after] in _QUOTES


def _holds(condition: Condition, site: MatchSite) -> bool:
    name = condition.name
    if name in ("prev", "next"):
        words = _nearby_words(site.text, site.start, -1) if name == "prev" else _nearby_words(site.text, site.end, 1)
        wanted = set(condition.values)
        return any(clitic_cores(word) & wanted for word in words if word)
    if name == "quoted":
        return _quoted(site.text, site.start, site.end)
    if name == "block":
        return site.block.value in condition.values
    if name == "named":
        return site.named_before
    if name == "article":
        return site.form_has_article and site.text_has_article
    if name == "bare":
        return site.form_has_article and not site.text_has_article
    raise ValueError(f"unknown condition {name!r}")


@dataclass(frozen=True)
class EntryContext:
    """An entry's rules: ``ambiguous`` holds the term keys (see :func:`~translate.glossary.match.term_key`)
    of the spellings that need ``when``; ``unless`` rules out any spelling."""

    ambiguous: frozenset[tuple[str, ...]] = frozenset()
    when: tuple[Condition, ...] = ()
    unless: tuple[Condition, ...] = ()

    def outcome(self, form_key: tuple[str, ...], site: MatchSite) -> str:
        if any(_holds(condition, site) for condition in self.unless):
            return "ruled-out"
        if form_key not in self.ambiguous:
            return "enforced"
        return "enforced" if any(_holds(condition, site) for condition in self.when) else "possible"

    def is_ambiguous(self, form_key: tuple[str, ...]) -> bool:
        return form_key in self.ambiguous


def parse_conditions(cell: str) -> tuple[list[Condition], list[str]]:
    """The clauses of one ``when``/``unless`` cell, and a problem sentence per bad clause (empty when
    all are good). Words are normalised with their article stripped, as matching sees them."""
    from translate.glossary.words import term_key

    conditions: list[Condition] = []
    problems: list[str] = []
    for raw in cell.split(";"):
        clause = raw.strip()
        if not clause:
            continue
        name, colon, rest = clause.partition(":")
        name = name.strip().lower()
        if name not in CONDITIONS:
            problems.append(f"unknown context condition {name!r} in {clause!r} (known: {', '.join(CONDITIONS)})")
            continue
        takes_values = CONDITIONS[name]
        values = [value.strip() for value in rest.split("|")] if colon else []
        if not takes_values:
            if colon and any(values):
                problems.append(f"the condition {name!r} takes no words, found {clause!r}")
                continue
            conditions.append(Condition(name, (), clause))
            continue
        if not values or any(not value for value in values):
            problems.append(f"the condition {clause!r} has an empty word list or an empty word (write {name}:word|word)")
            continue
        if name == "block":
            unknown = [value for value in values if value.lower() not in BLOCK_KINDS]
            if unknown:
                problems.append(f"unknown block kind {unknown[0]!r} in {clause!r} (known: {', '.join(BLOCK_KINDS)})")
                continue
            conditions.append(Condition(name, tuple(value.lower() for value in values), clause))
            continue
        keys = []
        for value in values:
            key = term_key(value)
            if len(key) != 1 or not _WORD.fullmatch(key[0]):
                problems.append(f"the trigger {value!r} in {clause!r} is not one word of letters, so it can never match")
                break
            keys.append(key[0])
        else:
            conditions.append(Condition(name, tuple(dict.fromkeys(keys)), clause))
    return conditions, problems


def contradictions(when: Sequence[Condition], unless: Sequence[Condition]) -> list[str]:
    """Clauses that would both require and rule out the same context."""
    found = []
    for rule in when:
        for other in unless:
            if rule.name != other.name:
                continue
            shared = set(rule.values) & set(other.values) if rule.values else {""}
            if shared:
                what = f"{rule.name}:{sorted(shared)[0]}" if rule.values else rule.name
                found.append(f"{what!r} is both in when and in unless")
    return found


def build_context(path: Path, line: int | None, variants: Sequence[str], ambiguous: str, when: str, unless: str) -> EntryContext | None:
    """An entry's context rules from its three cells (TSV/CSV columns or TBX elements), validated."""
    if not (ambiguous.strip() or when.strip() or unless.strip()):
        return None
    when_rules, problems = parse_conditions(when)
    unless_rules, unless_problems = parse_conditions(unless)
    for problem in problems + unless_problems:
        raise GlossaryError(path, line, problem, "see the context rules in docs/glossary.md")
    for problem in contradictions(when_rules, unless_rules):
        raise GlossaryError(path, line, f"contradictory context rules: {problem}", "keep the clause in one of the two columns")
    from translate.glossary.words import term_key

    forms = {term_key(variant): variant for variant in variants}
    ambiguous_keys = set()
    for form in (part.strip() for part in ambiguous.split("|")):
        if not form:
            continue
        key = term_key(form)
        if key not in forms:
            raise GlossaryError(path, line, f"the ambiguous spelling {form!r} is not one of this entry's Arabic spellings ({' | '.join(variants)})", "list it in column ar too, or correct it")
        ambiguous_keys.add(key)
    if when_rules and not ambiguous_keys:
        ambiguous_keys = set(forms)  # `when` with no ambiguous column: every spelling needs it
    return EntryContext(frozenset(ambiguous_keys), tuple(when_rules), tuple(unless_rules))
