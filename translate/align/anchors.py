"""Lexical anchors that need no model: numbers, months, Latin tokens, glossary names, punctuation.

A sentence and its translation share these more often than not, in any translation style: the
number 24 is ``24`` or ``٢٤`` on both sides, ``(EPA)`` stays ``EPA``, a question stays a question.
The aligner uses them as evidence that two sentences belong together; :mod:`translate.quality` uses
the numbers to flag a translation that lost or invented one.

Numbers come in two strengths. A number written with digits (either digit system) is *strong*: it is
expected on the other side. A number written as a word (أربعين, ``forty``, مليون) is only *reachable*:
it satisfies a strong number on the other side, but its own absence is no evidence (Arabic expresses
"two" with the dual, and English writers spell small numbers out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from translate.arabic import fold_char

__all__ = ["NumberSet", "fold", "has_arabic", "latin_tokens", "month_numbers", "numbers_in", "strip_month_doublets", "word_numbers"]


class _FoldTable(dict):  # type: ignore[type-arg]
    """``str.translate`` table that computes :func:`translate.arabic.fold_char` once per distinct
    character: the same result as ``translate.arabic.normalize``, at the speed of ``str.translate``
    (the aligner folds every sentence several times)."""

    def __missing__(self, code: int) -> str:
        value = fold_char(chr(code))
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")


def fold(text: str) -> str:
    """``translate.arabic.normalize(text)``, several times faster."""
    return text.translate(_FOLD_TABLE)


def has_arabic(text: str) -> bool:
    return _ARABIC_LETTER.search(text) is not None


# Digits of any Unicode digit system (Python's \d covers Arabic-Indic and Persian), with thousands
# separators (, ٬) and decimal points (. ٫) inside.
_DIGIT_NUMBER = re.compile(r"(?<![\d.,٫٬])\d{1,3}(?: \d{3}(?!\d|[.,٫٬]\d))+|\d+(?:[.,٫٬]\d+)*")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&'.-]*[A-Za-z0-9]")

# Arabic number words (looked up after folding both sides with fold()).
_ARABIC_UNITS = {
    "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1, "اثنا": 2, "اثنتا": 2, "اثني": 2, "اثنتي": 2, "اثنان": 2, "اثنين": 2, "اثنتين": 2, "اثنتان": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6,
    "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9,
    "عشر": 10, "عشره": 10,
}
# Ordinals say a number too ("في الأول من نوفمبر" is "on 1 November"); reachable only.
_ARABIC_ORDINALS = {
    "الأول": 1, "الاول": 1, "الأولى": 1, "الثاني": 2, "الثانية": 2, "الثالث": 3, "الثالثة": 3,
    "الرابع": 4, "الرابعة": 4, "الخامس": 5, "الخامسة": 5, "السادس": 6, "السادسة": 6,
    "السابع": 7, "السابعة": 7, "الثامن": 8, "الثامنة": 8, "التاسع": 9, "التاسعة": 9,
    "العاشر": 10, "العاشرة": 10, "الحادي": 1, "الحاديه": 1,
}
# Decades: "ثلاثينيات القرن العشرين" is the 1930s.
_ARABIC_DECADES = {
    "عشرينيات": 20, "ثلاثينيات": 30, "اربعينيات": 40, "خمسينيات": 50, "ستينيات": 60, "سبعينيات": 70,
    "ثمانينيات": 80, "تسعينيات": 90, "عشرينات": 20, "ثلاثينات": 30, "اربعينات": 40, "خمسينات": 50,
    "ستينات": 60, "سبعينات": 70, "ثمانينات": 80, "تسعينات": 90,
}
_ENGLISH_DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90}
_ARABIC_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}
# Fractions say a share ("النصف" is 50 percent); reachable only.
_ARABIC_FRACTIONS = {"نصف": 50, "ثلث": 33, "ربع": 25}
_ENGLISH_FRACTIONS = {"half": 50, "quarter": 25}
_ARABIC_SCALES = {
    "مئه": 100, "مائه": 100, "مئتين": 200, "مئتي": 200, "مئات": 100,
    "الف": 1000, "الاف": 1000, "الفا": 1000, "الفين": 2000, "الفي": 2000,
    "مليون": 10**6, "ملايين": 10**6, "مليونا": 10**6, "مليار": 10**9, "مليارات": 10**9,
    "بليون": 10**9, "تريليون": 10**12,
}
_ENGLISH_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_ATTACHED_SCALES = {"k": 1000, "m": 10**6, "bn": 10**9, "tn": 10**12}
_ENGLISH_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}
_ENGLISH_SCALES = {"hundred": 100, "thousand": 1000, "thousands": 1000, "million": 10**6, "millions": 10**6, "billion": 10**9, "billions": 10**9, "trillion": 10**12}

# Both month-name systems of Arabic news (Egyptian/Gulf transliterations and the Levantine names),
# normalised; "كانون الثاني"/"تشرين الاول" are two words, matched as phrases.
_ARABIC_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يوليو": 7,
    "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8, "ايلول": 9,
}
_ARABIC_MONTH_PHRASES = (("كانون الثاني", 1), ("تشرين الاول", 10), ("تشرين الثاني", 11), ("كانون الاول", 12))
_ENGLISH_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march",), ("april", "apr"), ("may",), ("june",), ("july",),
         ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}
# Clitics that attach to an Arabic word: و ف ب ل ك and the article ال (and لل).
_CLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


_TABLES = {id(table): table for table in (_ARABIC_UNITS, _ARABIC_TENS, _ARABIC_SCALES, _ARABIC_MONTHS, _ARABIC_ORDINALS, _ARABIC_DECADES, _ARABIC_FRACTIONS)}


@dataclass(frozen=True)
class NumberSet:
    """``written`` holds the values written with digits (strong evidence); ``reachable`` every value
    the text expresses: those, their products with a following scale word (``3 ملايين`` → 3000000)
    and the values of number words."""

    written: frozenset[str]
    reachable: frozenset[str]

    def unmatched_against(self, other: NumberSet) -> frozenset[str]:
        """Digit-written values here that ``other`` expresses in no form."""
        return frozenset(value for value in self.written if value not in other.reachable)


def _canonical(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _parse_digits(token: str) -> float | None:
    """``1,500`` → 1500, ``3.5`` → 3.5, ``١٬٠٠٠`` → 1000, ``١٫٥`` → 1.5."""
    token = token.replace(" ", "")  # "116 123": digit groups apart by spaces
    parts = re.split(r"([.,٫٬])", token)
    digits = parts[0::2]
    separators = parts[1::2]
    whole = digits[0]
    fraction = ""
    for separator, group in zip(separators, digits[1:]):
        if separator in ",٬" and len(group) == 3 and not fraction:
            whole += group
        elif separator in ".٫" and not fraction:
            fraction = group
        else:
            return None  # 1.2.3 and the like: a version or a date, not one number
    try:
        value = int(whole)
        return value + (int(fraction) / 10 ** len(fraction) if fraction else 0)
    except ValueError:
        return None


@lru_cache(maxsize=None)
def _with_clitics(table_id: int) -> dict[str, int]:
    """One of the Arabic tables with every clitic-prefixed form added, so a lookup is one dict get."""
    table = {fold(word): value for word, value in _TABLES[table_id].items()}
    expanded = {clitic + word: value for word, value in table.items() for clitic in _CLITICS}
    expanded.update(table)
    return expanded


def _strip_clitics(word: str, table: dict[str, int]) -> int | None:
    return _with_clitics(id(table)).get(word)


def word_numbers(text: str) -> list[float]:
    """Values of number words (Arabic or English): ``خمسة وعشرين``/``twenty-five`` also as 25,
    ``three million``/``ثلاثة ملايين`` also as 3000000."""
    values: list[float] = []
    previous: float | None = None
    previous_unit: float | None = None
    previous_ordinal: float | None = None
    for match in _WORD.finditer(text):
        word = match.group(0)
        if has_arabic(word):
            folded = fold(word)
            unit = _strip_clitics(folded, _ARABIC_UNITS)
            tens = _strip_clitics(folded, _ARABIC_TENS)
            scale = _strip_clitics(folded, _ARABIC_SCALES)
            if tens is not None and previous_unit is not None and folded.startswith("و"):
                values.append(previous_unit + tens)  # خمسة وعشرين
            if scale is not None and previous is not None and scale > 100:
                values.append(previous * scale)  # ثلاثة ملايين
            found = [value for value in (unit, tens, scale) if value is not None]
            values.extend(found)
            ordinal = _strip_clitics(folded, _ARABIC_ORDINALS)
            if ordinal is not None:
                values.append(ordinal)
            if tens is not None and previous_ordinal is not None and folded.startswith("و"):
                values.append(previous_ordinal + tens)  # السادس والثلاثين: the 36th
            if unit == 10 and not folded.startswith("و"):
                teen = previous_unit if previous_unit is not None else previous_ordinal
                if teen is not None and teen < 10:
                    values.append(teen + 10)  # ثلاثة عشر, الثالثة عشر: 13
            fraction = _strip_clitics(folded, _ARABIC_FRACTIONS)
            if fraction is not None:
                values.append(fraction)
            decade = _strip_clitics(folded, _ARABIC_DECADES)
            if decade is not None:
                values.extend((decade, 1900 + decade))  # ثلاثينيات (القرن العشرين): the 1930s
            previous_unit = unit
            previous_ordinal = ordinal
            previous = found[0] if found and scale is None else None
            continue
        previous_unit = previous_ordinal = None
        pieces = word.casefold().split("-")
        if pieces[-1] in _ENGLISH_FRACTIONS:
            values.append(_ENGLISH_FRACTIONS[pieces[-1]])
        if pieces[-1] in _ENGLISH_DECADES:
            values.extend((_ENGLISH_DECADES[pieces[-1]], 1900 + _ENGLISH_DECADES[pieces[-1]]))
        piece_values = [_ENGLISH_WORDS.get(piece, _ENGLISH_SCALES.get(piece)) for piece in pieces]
        if len(pieces) == 2 and piece_values[0] is not None and piece_values[1] is not None and piece_values[0] >= 20 and piece_values[1] < 10:
            values.append(piece_values[0] + piece_values[1])  # twenty-five
        scale = _ENGLISH_SCALES.get(pieces[0]) if len(pieces) == 1 else None
        if scale is not None and previous is not None and scale > 100:
            values.append(previous * scale)  # three million
        found = [value for value in piece_values if value is not None]
        values.extend(found)
        if len(pieces) == 1 and pieces[0] in _ENGLISH_ORDINALS:
            values.append(_ENGLISH_ORDINALS[pieces[0]])
        previous = (sum(found) if len(found) == 2 else found[0]) if found and scale is None else None
    return values


def _scale_after(text: str, position: int) -> int | None:
    """The scale word (thousand, مليون, …) right after ``position``, if any."""
    match = _WORD.search(text, position)
    if match is None or text[position:match.start()].strip():
        return None
    word = match.group(0)
    if has_arabic(word):
        return _strip_clitics(fold(word), _ARABIC_SCALES)
    if match.start() == position and word in _ATTACHED_SCALES:
        return _ATTACHED_SCALES[word]  # $1.3bn, 2m — attached only: "5 m" is five metres
    return _ENGLISH_SCALES.get(word.casefold())


_CLOCK = re.compile(r"\b(\d{1,2})\.(\d{2})(?=\s*(?:[ap]\.?m\b))", re.IGNORECASE)
_DOTTED_THOUSANDS = re.compile(r"^\d{1,3}\.\d{3}$")


def numbers_in(text: str) -> NumberSet:
    written: set[str] = set()
    reachable: set[str] = set()
    arabic = has_arabic(text)
    text = _CLOCK.sub(r"\1:\2", text)  # 5.30pm is the time 5:30, two numbers as in Arabic
    previous_end, previous_value = -1, None
    for match in _DIGIT_NUMBER.finditer(text):
        token = match.group(0)
        value = _parse_digits(token)
        if value is None:
            continue
        if arabic and _DOTTED_THOUSANDS.match(token):
            # Arabic copy writes 150.000 for 150,000; keep the decimal reading reachable.
            reachable.add(_canonical(value))
            value = value * 1000
        if previous_value is not None and text[previous_end : match.start()] in ("-", "–") and len(token) == 2 and previous_value >= 1000:
            # 1950-53: the second year is 1953.
            reachable.add(_canonical(value))
            value = previous_value // 100 * 100 + value
        previous_end, previous_value = match.end(), value
        reachable.add(_canonical(value))
        scale = _scale_after(text, match.end())
        if scale is not None and scale > 100:
            # "650 ألف" and "650,000" are one quantity: the product is what must match.
            scaled = _canonical(round(value * scale, 6))
            written.add(scaled)
            reachable.add(scaled)
        else:
            written.add(_canonical(value))
    reachable.update(_canonical(value) for value in word_numbers(text))
    return NumberSet(frozenset(written), frozenset(reachable))


_WORD_BEFORE = re.compile(r"([A-Za-z]+)[\s,]*$")
_DATE_WORDS = frozenset("in of since until till by early late last next this mid end from through during before after on".split())


def month_numbers(text: str) -> frozenset[int]:
    """Months named in the text, as 1–12 (``30 سبتمبر/أيلول`` and ``30 September`` both give 9)."""
    months: set[int] = set()
    folded = fold(text)
    for phrase, number in _ARABIC_MONTH_PHRASES:
        if phrase in folded:
            months.add(number)
    for match in _WORD.finditer(text):
        word = match.group(0)
        if has_arabic(word):
            number = _strip_clitics(fold(word), _ARABIC_MONTHS)
            # "اب" (August) is also the noun "father": trust it only right after a digit.
            if number == 8 and not fold(word).endswith("اغسطس") and not re.search(r"\d\s*$", text[: match.start()]):
                continue
        else:
            number = _ENGLISH_MONTHS.get(word.casefold())
            # "May" and "March" are also a verb and a noun, abbreviations are also words: trust a
            # capitalised full name, or any form next to a digit.
            if number is not None and not (word[0].isupper() and len(word) > 3 and word.casefold() not in ("may", "march")):
                near = text[max(0, match.start() - 4) : match.end() + 5]
                # "Theresa May", "PM May", "the March of Dimes": May and March are months after a
                # word that introduces a date ("in May", "since March"), or next to a digit.
                before = _WORD_BEFORE.search(text[: match.start()])
                dated = word in ("May", "March") and before is not None and before.group(1).casefold() in _DATE_WORDS
                abbreviated = len(word) == 3 and word[0].isupper() and text[match.end() : match.end() + 1] == "."
                if not (re.search(r"\d", near) or dated or abbreviated):
                    continue
        if number is not None:
            months.add(number)
    return frozenset(months)


def latin_tokens(text: str) -> frozenset[str]:
    """Latin-script tokens (lower-cased), e.g. ``EPA``, ``CNN``, ``F-16`` inside an Arabic sentence."""
    return frozenset(match.group(0).casefold().rstrip(".") for match in _LATIN_TOKEN.finditer(text))


_MONTH_DOUBLET = re.compile(
    r"\s*/\s*(?:(?:كانون|تشرين)\s+(?:الثاني|الأول|الاول)|"
    + "|".join(sorted({"شباط", "آذار", "اذار", "نيسان", "أيار", "ايار", "حزيران", "تموز", "آب", "اب", "أيلول", "ايلول",
                       "يناير", "فبراير", "مارس", "أبريل", "ابريل", "مايو", "يونيو", "يوليو", "أغسطس", "اغسطس",
                       "سبتمبر", "أكتوبر", "اكتوبر", "نوفمبر", "ديسمبر"}, key=len, reverse=True))
    + r")(?![\w])"
)


def strip_month_doublets(text: str) -> str:
    """``30 سبتمبر/أيلول`` → ``30 سبتمبر``: Arabic news names a month in both systems, English once."""
    return _MONTH_DOUBLET.sub("", text)
