"""Content words of each side, reduced to light stems, for the lexicon and the clause counts.

Arabic: folded (:func:`translate.align.anchors.fold`: no diacritics, one alef, ة → ه), the attached
conjunction, preposition and article (و ف ب ل ك + ال, or لل) and one pronoun or plural suffix taken
off when a stem of three letters is left — a light stemmer in the spirit of Larkey et al. (2002),
consistent rather than linguistically exact, which is what a lexicon learned from co-occurrence needs.
English: lower-cased, possessive and a plural or -ed/-ing ending off. Function words are dropped on
both sides: they carry no content an omission check could miss.
"""

from __future__ import annotations

import re

from translate.align.anchors import fold, has_arabic

__all__ = ["ARABIC_FUNCTION_WORDS", "ENGLISH_FUNCTION_WORDS", "DANGLING_ENGLISH", "arabic_stem", "arabic_stems", "english_stem", "english_stems", "words"]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?")

ARABIC_FUNCTION_WORDS = frozenset(
    fold(word)
    for word in """
    في من على إلى الى عن مع أن ان إن لا ما لم لن قد كان كانت يكون تكون كانوا هو هي هم هما هن نحن أنا
    هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذين اللتين اللواتي ثم أو او أم بل لكن ولكن حتى كل بعض
    عند بين بعد قبل خلال حول منذ غير أيضا ايضا كما حيث إذا اذا لقد أنه انه أنها انها إنه انها له لها
    لهم به بها فيه فيها عليه عليها عليهم منه منها إليه اليه ضد نحو عبر دون فقط جدا وقد وفي ومن وعلى
    وإلى وأن وهو وهي وهذا وهذه ولا وما ولم فإن وإن بأن لأن وكان وكانت يا أي اي مثل لدى تم وتم كلا
    """.split()
)

ENGLISH_FUNCTION_WORDS = frozenset(
    """
    the a an of to in on at by for with from and or but as is are was were be been being has have had
    it its this that these those he she they we you i his her their our my your them him us who whom
    whose which what when where while not no nor will would can could should may might must shall also
    than then there here about into over after before so if such do does did just very more most some
    any all each both other only own same too up out off down again further once because until against
    between through during above below under how why s t don now than via per
    """.split()
)

#: Words an English sentence does not end on: a sentence cut mid-clause often does.
DANGLING_ENGLISH = frozenset(
    """
    the a an of to in on at by for with from and or but as is are was were be been has have had that
    which who whose than into its their his our my your this these those will would can could should
    not very such if whether while because between about during against through under over after
    before said says told
    """.split()
) - {"said", "says", "told"}

_ARABIC_PREFIXES = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "لل", "ال")
_ARABIC_SUFFIXES = ("هما", "كما", "تها", "تهم", "هم", "هن", "ها", "كم", "نا", "ات", "ون", "ين", "ان", "يه", "ه", "ي")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def arabic_stem(word: str) -> str:
    """The light stem of one Arabic word (folded), or '' for a function word."""
    folded = fold(word)
    if folded in ARABIC_FUNCTION_WORDS:
        return ""
    for prefix in _ARABIC_PREFIXES:
        if folded.startswith(prefix) and len(folded) - len(prefix) >= 2:
            folded = folded[len(prefix) :]
            break
    else:
        if folded[:1] in ("و", "ف") and len(folded) >= 5:
            folded = folded[1:]
    for suffix in _ARABIC_SUFFIXES:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= 3:
            return folded[: -len(suffix)]
    return folded


def english_stem(word: str) -> str:
    """The light stem of one English word (lower-cased), or '' for a function word."""
    word = word.casefold().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word in ENGLISH_FUNCTION_WORDS:
        return ""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def arabic_stems(text: str) -> list[str]:
    """The content stems of an Arabic text in order; Latin-script words and numbers are kept as they
    are (lower-cased), since they reappear unchanged in the English."""
    stems = []
    for word in words(text):
        stem = arabic_stem(word) if has_arabic(word) else word.casefold()
        if stem and not (len(stem) < 2 and not stem.isdigit()):
            stems.append(stem)
    return stems


def english_stems(text: str) -> list[str]:
    """The content stems of an English text in order (numbers kept)."""
    stems = []
    for word in words(text):
        stem = english_stem(word) if not has_arabic(word) else fold(word)
        if stem and not (len(stem) < 2 and not stem.isdigit()):
            stems.append(stem)
    return stems
