"""Sentence segmentation of an article's blocks, with Arabic news rules kept as data.

Contract: :func:`split_sentences` returns spans that cover every non-space character of the text exactly
once and in order; the text between consecutive spans is whitespace only (``str.isspace``). So the
segments, with the whitespace between them, rebuild the input exactly.

The rules, in the order they are tried at each candidate end (a run of ``. ! ? ؟ …`` plus any closing
quotes or brackets, which belong to the sentence before the break):

1. a line break always ends a sentence (a line without final punctuation is its own segment);
2. quotations and brackets are split at their inner sentence ends, as public sentence-aligned corpora
   (UD, NTREX) do; every decision is local — by what surrounds the candidate — never by quote parity,
   so an unmatched quote suppresses nothing; a closing quote directly followed by a quoted sentence
   of at least :data:`QUOTED_SENTENCE_WORDS` words is a boundary even without a full stop;
3. no break unless whitespace follows — or, in Arabic, an Arabic letter directly after an ordinary word
   (``سوريا.وقال``); so ``3.5``, ``U.S.A``, ``www.aljazeera.net`` and ``د.محمد`` never split;
4. no break before lowercase Latin (``approx. five``);
5. ``!`` ``?`` ``؟`` end a sentence, except at the end of a short quotation opened inside the sentence
   (``صرخ "النجدة!" ثم``) unless the next word plainly opens one; an in-line ellipsis never ends an
   Arabic sentence (a pause in 6 of 7 cases in the independent sets), and ends an English one unless
   a continuation or lowercase word follows;
6. a full stop after an abbreviation follows the abbreviation's kind (``translate/data/abbreviations.tsv``:
   title, number, suffix, final), after a single letter (an initial: ``ن. وين هالي``) never, after a
   list number at the start of a sentence (``1. ...``) never, otherwise always.

Abbreviations are matched after :func:`translate.arabic.normalize` (alef/hamza, tatweel, diacritics,
digits, case), so ``هـ.`` and ``ه.``, ``أ.د.`` and ``ا.د.``, ``١٤٣٦هـ.`` and ``1436ه.`` are the same.
Every look-around is bounded (:data:`WORD_WINDOW`), so the cost is linear in the text length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from translate.arabic import normalize
from translate.document import Block, BlockKind, Document
from translate.script import Language, is_arabic_letter, language_of

__all__ = ["SegmentRules", "Segment", "load_rules", "segment_document", "split_for_model", "split_sentences"]

#: How far (in characters) the segmenter looks back for the word before a full stop and ahead for the
#: word after it. Longer words are not abbreviations; the bound keeps the scan linear.
WORD_WINDOW = 40
#: A number of at most this many digits, alone at the start of a sentence, is a list number ("1. ...").
LIST_NUMBER_DIGITS = 3

# A run of sentence-final marks; or a closing quote directly followed by an opening one ("محفز" "إنهم),
# where translators often leave the full stop out.
_CANDIDATE = re.compile(r"[.!?؟…۔‼⁉]+|(?<=\w)[\"”»](?=\s+[\"“«]\w)")
_FINAL_MARK = re.compile(r"[.!?؟…۔‼⁉]")
_LINE_BREAK = re.compile(r"[\n\r\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e]+")
_WORD_CHAR = re.compile(r"\w")
_NUMBER_THEN_SUFFIX = re.compile(r"^(\d[\d.,:/٫٬]*)(\D+)$")
_NUMBER = re.compile(r"^\d[\d.,:/٫٬]*$")
# “ and ‘ too: Arabic copy types the curly quotes either way round (” opens as often as “).
_CLOSERS = frozenset("\"'»”’“‘)]}")
_OPENERS = "\"'«“‘(["
# Bidi and zero-width marks stick to the sentence they follow; they are not whitespace.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
_STRONG_END = frozenset("!?؟‼⁉")
_QUOTE_CLOSERS = frozenset("\"'»”’“‘")
_QUOTE_OPENERS = frozenset("\"'«“‘")
#: A quotation of at most this many words, opened inside a sentence, is a title or an exclamation
#: ("Yes!", "النجدة!"): a ``!`` or ``?`` at its end does not end the sentence around it.
SHORT_QUOTE_WORDS = 2
#: A quotation that opens right after another one closes starts a new sentence when it runs at least
#: this many words (a quoted sentence), not when it is a second short name ("شين كيو" "وانغ أنشي").
QUOTED_SENTENCE_WORDS = 4


@dataclass(frozen=True)
class Segment:
    """A sentence: ``start``/``end`` index the document text; ``id`` is 1-based, document-wide."""

    id: int
    block: int
    kind: BlockKind
    text: str
    start: int
    end: int
    language: Language

    @property
    def passthrough(self) -> bool:
        """Segments that are not Arabic are carried into the English unchanged."""
        return self.language != "ar"


@dataclass(frozen=True)
class SegmentRules:
    """The language knowledge of the segmenter, every form normalised with :func:`normalize`.

    ``abbreviations`` maps a form (without its final full stop) to its kinds: ``title``, ``number``,
    ``suffix``, ``final`` (see ``translate/data/abbreviations.tsv``)."""

    abbreviations: dict[str, frozenset[str]]
    continuation_words: frozenset[str]
    english_starters: frozenset[str]


def _data_lines(name: str) -> Iterator[str]:
    text = resources.files("translate").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.rstrip("\n")


@lru_cache(maxsize=1)
def load_rules() -> SegmentRules:
    """The rules shipped in ``translate/data`` (read on first use, never at import)."""
    kinds: dict[str, set[str]] = {}
    for line in _data_lines("abbreviations.tsv"):
        form, kind = line.split("\t")[:2]
        kinds.setdefault(normalize(form.strip()), set()).add(kind.strip())
    return SegmentRules(
        abbreviations={form: frozenset(found) for form, found in kinds.items()},
        continuation_words=frozenset(normalize(word.strip()) for word in _data_lines("continuation_ar.txt")),
        english_starters=frozenset(word.strip() for word in _data_lines("sentence_starters_en.txt")),
    )


def _word_before(text: str, stop: int, floor: int) -> tuple[str, int]:
    """The word ending at ``stop`` (no whitespace inside, opening quotes dropped) and where it starts."""
    start = stop
    limit = max(floor, stop - WORD_WINDOW)
    while start > limit and not text[start - 1].isspace():
        start -= 1
    if start == limit and start > floor and not text[start - 1].isspace():
        return "", stop  # longer than any abbreviation
    word = text[start:stop]
    stripped = word.lstrip(_OPENERS)
    return stripped, start + len(word) - len(stripped)


def _word_after(text: str, start: int) -> str:
    while start < len(text) and text[start].isspace():
        start += 1
    end = start
    limit = min(len(text), start + WORD_WINDOW)
    while end < limit and not text[end].isspace():
        end += 1
    return text[start:end].lstrip(_OPENERS)


class _Splitter:
    """Decides, for one line of text, whether each candidate end is a sentence boundary."""

    def __init__(self, text: str, rules: SegmentRules, language: Language) -> None:
        self.text = text
        self.rules = rules
        self.language = language

    def _continues(self, next_word: str, latin_abbreviation: bool = False) -> bool:
        """Does ``next_word`` carry the sentence on after an ambiguous full stop?"""
        if not next_word:
            return False
        first = next_word[0]
        if first.isdigit():
            return True
        if first.isascii() and first.isalpha():
            if first.islower():
                return True
            # After a Latin abbreviation, a capitalised name continues ("U.S. Army").
            return latin_abbreviation and next_word.rstrip(".,;:!?\"'”’)") not in self.rules.english_starters
        if latin_abbreviation and is_arabic_letter(first):
            # "شركة Johnson Inc. بقيمة": an Arabic sentence goes on after a Latin name; a new one
            # almost always opens with the conjunction و or ف.
            return first not in "وف"
        return normalize(next_word).rstrip(".,،؛:!?؟\"”»)") in self.rules.continuation_words

    def _abbreviation_allows_end(self, kinds: frozenset[str], word: str, next_word: str, after_number: bool) -> bool:
        # A Latin abbreviation or a dotted initialism (U.S., ج.م.ع.): an Arabic sentence goes on after
        # it unless the next word opens a new one with و or ف ("أن ج.م.ع. تستضيف").
        latin = word.isascii() or "." in word
        if after_number and "suffix" in kinds:
            return not self._continues(next_word, latin)
        if "title" in kinds:
            return False
        if "number" in kinds and next_word[:1].isdigit():
            return False
        return not self._continues(next_word, latin)

    def _is_abbreviation(self, folded: str) -> bool:
        """A listed abbreviation, a single letter or an initialism (ي.ب.ا, N.Y)."""
        if folded in self.rules.abbreviations or (len(folded) == 1 and folded.isalpha()):
            return True
        parts = folded.split(".")
        return len(parts) > 1 and all(0 < len(part) <= 2 and part.isalpha() for part in parts)

    def full_stop_ends(self, word: str, word_start: int, next_word: str, sentence_has_words_before: bool) -> bool:
        """A single full stop after ``word`` (opening punctuation removed), followed by ``next_word``."""
        if not word:
            return True
        folded = normalize(word)
        if not folded:
            return True
        if _NUMBER.match(folded):
            is_list_number = not sentence_has_words_before and len(folded) <= LIST_NUMBER_DIGITS and folded.isdigit()
            return not is_list_number
        number_suffix = _NUMBER_THEN_SUFFIX.match(folded)
        if number_suffix:
            kinds = self.rules.abbreviations.get(number_suffix.group(2), frozenset())
            if "suffix" in kinds:
                return not self._continues(next_word)
            return True
        kinds = self.rules.abbreviations.get(folded)
        if kinds:
            gap = word_start
            while gap > max(0, word_start - WORD_WINDOW) and self.text[gap - 1].isspace():
                gap -= 1
            previous, _ = _word_before(self.text, gap, 0) if gap < word_start else ("", gap)
            previous_is_number = bool(previous) and bool(_NUMBER.match(normalize(previous).rstrip("،,")))
            return self._abbreviation_allows_end(kinds, word, next_word, previous_is_number)
        if len(folded) == 1 and folded.isalpha():
            return False  # an initial
        if self._is_abbreviation(folded):
            # An initialism not in the list (N.Y., ي.ب.ا): may end a sentence.
            return not self._continues(next_word, word.isascii())
        return True

    def boundaries(self) -> Iterator[int]:
        """End positions (exclusive) of the sentences of the line, the line's end excluded."""
        text = self.text
        length = len(text)
        sentence_start = 0
        scanned_to = 0
        first_word: int | None = None  # where the current sentence's first letter or digit is
        for match in _CANDIDATE.finditer(text):
            end = match.end()
            while end < length and (text[end] in _CLOSERS or text[end] in _INVISIBLE):
                end += 1
            if end >= length:
                break
            following = text[end]
            glued = not following.isspace()
            if glued and not (self.language == "ar" and is_arabic_letter(following)):
                continue
            if first_word is None:
                found = _WORD_CHAR.search(text, max(scanned_to, sentence_start), match.start())
                scanned_to = match.start()
                if found is None:
                    continue  # nothing but punctuation so far: not a sentence yet
                first_word = found.start()
            if self._ends(match, end, glued, sentence_start, first_word):
                yield end
                sentence_start = scanned_to = end
                first_word = None

    def _ends(self, match: re.Match[str], end: int, glued: bool, sentence_start: int, first_word: int) -> bool:
        marks = match.group()
        if not _FINAL_MARK.search(marks):
            return not glued and self._quoted_sentence_follows(end)
        word, word_start = _word_before(self.text, match.start(), sentence_start)
        next_word = _word_after(self.text, end)
        if glued:
            # "سوريا.وقال", "gov.eg.وتعلن": after any word but an abbreviation or initial (د.محمد).
            folded = normalize(word)
            return len(folded) >= 2 and any(ch.isalpha() for ch in folded) and not self._is_abbreviation(folded)
        if next_word[:1].isascii() and next_word[:1].islower():
            return False
        closes_quote = any(ch in _QUOTE_CLOSERS for ch in self.text[match.end() : end])
        if _STRONG_END.intersection(marks):
            # A short exclamation or question quoted inside a sentence stays in it ('صرخ "النجدة!" ثم').
            # A full stop inside a short quote is the sentence's own (American style: to give "hope.").
            # Unless the next word plainly opens a sentence (a capital, an Arabic و or ف).
            if closes_quote and self._closes_short_quote(match.start(), sentence_start):
                first = next_word[:1]
                return (first.isascii() and first.isupper()) or (first in "وف" and not self._continues(next_word))
            # A question or exclamation quoted inside a sentence: '"متى ينتهي النفط؟" بل ...'.
            return not (closes_quote and self._continues(next_word))
        if "…" in marks or ".." in marks:
            # In Arabic copy an ellipsis is a pause far more often than an end: in the independent
            # sets (NTREX dev, UD Arabic-PUD) 6 of 7 in-line ellipses are inside one sentence.
            return self.language != "ar" and not self._continues(next_word)
        if len(marks) > 1:
            return not self._continues(next_word)
        return self.full_stop_ends(word, word_start, next_word, first_word < word_start)

    def _closes_short_quote(self, stop: int, sentence_start: int) -> bool:
        """Is the stop at ``stop`` the end of a short quotation opened inside the sentence ("Yes!")?"""
        text = self.text
        position = stop
        spaces = 0
        floor = max(sentence_start, stop - WORD_WINDOW)
        while position > floor:
            position -= 1
            char = text[position]
            if char in _QUOTE_OPENERS and (position == 0 or not text[position - 1].isalnum()):
                break
            if char.isspace():
                spaces += 1
                if spaces >= SHORT_QUOTE_WORDS:
                    return False
        else:
            return False
        # Opened mid-sentence (after a word), not at the sentence's start or after "قال:". The scan back
        # over whitespace is bounded: slicing the sentence so far would make long sentences quadratic.
        back = position
        while back > max(sentence_start, position - WORD_WINDOW) and text[back - 1].isspace():
            back -= 1
        if back <= sentence_start or text[back - 1].isspace():
            return False
        return text[back - 1].isalnum() or text[back - 1] in "\"”»)"

    def _quoted_sentence_follows(self, end: int) -> bool:
        """After '"محفز" ', does a quotation of at least :data:`QUOTED_SENTENCE_WORDS` words open?"""
        text = self.text
        position = end
        while position < len(text) and text[position].isspace():
            position += 1
        words = 1
        limit = min(len(text), position + 1 + QUOTED_SENTENCE_WORDS * WORD_WINDOW)
        for index in range(position + 1, limit):
            char = text[index]
            if char in _QUOTE_CLOSERS:
                return False
            if char.isspace() and not text[index - 1].isspace():
                words += 1
                if words >= QUOTED_SENTENCE_WORDS:
                    return True
        return False


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _LINE_BREAK.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_sentences(text: str, language: Language = "ar", rules: SegmentRules | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (relative to it), leading/trailing whitespace excluded.

    ``language`` is the block's language: Arabic allows a break with no space before an Arabic letter.
    ``rules`` defaults to :func:`load_rules`."""
    rules = rules or load_rules()
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _lines(text):
        line = text[line_start:line_end]
        if not line or line.isspace():
            continue
        start = 0
        for boundary in _Splitter(line, rules, language).boundaries():
            span = _trimmed(line, start, boundary)
            if span is not None:
                spans.append((line_start + span[0], line_start + span[1]))
            start = boundary
        span = _trimmed(line, start, len(line))
        if span is not None:
            spans.append((line_start + span[0], line_start + span[1]))
    return spans


# The letters translate.script.language_of counts: most Arabic news text has no Latin letter at all,
# and then the answer needs no per-character loop.
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")


def _language(text: str) -> Language:
    """:func:`language_of`, fast for text without Latin letters."""
    if _LATIN_LETTER.search(text):
        return language_of(text)
    return "ar" if _ARABIC_LETTER.search(text) else "other"


def _block_segments(block: Block, rules: SegmentRules) -> Iterator[tuple[int, int, Language]]:
    block_language = _language(block.text)
    # Headlines, sub-headings and source lines are one segment each: they carry no sentence breaks.
    if block.kind in (BlockKind.HEADLINE, BlockKind.SUBHEADING, BlockKind.SOURCE):
        yield block.start, block.end, block_language
        return
    for start, end in split_sentences(block.text, block_language, rules):
        yield block.start + start, block.start + end, block_language


def segment_document(document: Document, rules: SegmentRules | None = None) -> list[Segment]:
    """Every block's sentences, numbered from 1 across the document."""
    rules = rules or load_rules()
    segments: list[Segment] = []
    for block in document.blocks:
        for start, end, block_language in _block_segments(block, rules):
            text = document.text[start:end]
            language = _language(text) if block_language == "ar" else block_language
            segments.append(Segment(len(segments) + 1, block.index, block.kind, text, start, end, language))
    return segments


# --- sentences too long for the model -------------------------------------------------------------

TokenCounter = Callable[[list[str]], list[int]]

# Cut points, best first: after ؛ / ; or before a clause-joining و after a comma; after ، / ,; after a space.
_CUT_LEVELS = (
    re.compile(r"[؛;]\s*|[،,]\s*(?=و)"),
    re.compile(r"[،,]\s*"),
    re.compile(r"\s+"),
)


def _pieces_at(text: str, start: int, end: int, level: re.Pattern[str]) -> list[tuple[int, int]]:
    cuts = [match.end() for match in level.finditer(text, start, end) if start < match.end() < end]
    edges = [start, *cuts, end]
    return [(a, b) for a, b in zip(edges, edges[1:]) if a < b]


def _split_span(text: str, start: int, end: int, budget: int, count_tokens: TokenCounter, level: int, overhead: int) -> list[tuple[int, int]]:
    if level >= len(_CUT_LEVELS):
        return [(start, end)]  # one word over the budget: the engine truncates it
    atoms = _pieces_at(text, start, end, _CUT_LEVELS[level])
    if len(atoms) == 1:
        return _split_span(text, start, end, budget, count_tokens, level + 1, overhead)
    counts = count_tokens([text[a:b] for a, b in atoms])
    # Pack whole atoms greedily, estimating a joined piece as the sum of its atoms less the fixed
    # per-input tokens (end of sentence) that only the whole keeps once; then check the real counts.
    groups: list[list[int]] = []
    estimates: list[int] = []
    for index, count in enumerate(counts):
        if groups and estimates[-1] + count - overhead <= budget:
            groups[-1].append(index)
            estimates[-1] += count - overhead
        else:
            groups.append([index])
            estimates.append(count)
    spans = [(atoms[group[0]][0], atoms[group[-1]][1]) for group in groups]
    # Every span that reaches here is over the budget, so a single packed piece still is.
    checked = count_tokens([text[a:b] for a, b in spans]) if len(spans) > 1 else [budget + 1]
    result: list[tuple[int, int]] = []
    for group, (a, b), count in zip(groups, spans, checked):
        if count <= budget:
            result.append((a, b))
        elif len(group) == 1:
            result.extend(_split_span(text, a, b, budget, count_tokens, level + 1, overhead))
        else:
            # The estimate was wrong (the tokenizer merges across the cut): one atom per piece.
            for index in group:
                a, b = atoms[index]
                if counts[index] <= budget:
                    result.append((a, b))
                else:
                    result.extend(_split_span(text, a, b, budget, count_tokens, level + 1, overhead))
    return result


def split_for_model(text: str, budget: int, count_tokens: TokenCounter) -> list[tuple[int, int]]:
    """Split a sentence longer than the model's input ``budget`` (tokens, as ``count_tokens`` counts
    them) into pieces to translate one by one — for translation only: the pair keeps the whole sentence.

    Cuts go after ``؛`` or before a clause-joining ``و`` after ``،``, falling back to ``،``, then to
    whitespace; as few pieces as the greedy packing allows. The spans are relative to ``text``,
    contiguous and cover it (``text[0:e1] + text[e1:e2] + ... == text``); a piece keeps the whitespace
    after its cut, so callers strip it before translating. A single word over the budget stays whole."""
    if not text:
        return []
    whole, empty = count_tokens([text, ""])
    if budget < 1 or whole <= budget:
        return [(0, len(text))]
    return _split_span(text, 0, len(text), budget, count_tokens, 0, max(0, empty))
