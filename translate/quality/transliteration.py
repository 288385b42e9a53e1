"""Names without a lexicon: an Arabic word and an English capitalised word that spell the same
consonants (شولمان ↔ Schulman, أبيركرومبي ↔ Abercrombie, هوليوك ↔ Holyoke).

Both sides are reduced to a consonant skeleton in one Latin alphabet — Arabic letters by a
many-to-one romanisation with the long vowels ا و ي dropped inside a word, English with its vowels
dropped and its digraphs folded (``sch``/``sh`` → ``s``, ``ph`` → ``f``, ``c``/``q`` → ``k``) — and
two skeletons match when their similarity (:class:`difflib.SequenceMatcher` ratio) reaches
:data:`MATCH_RATIO`. News names are most of what a small lexicon does not know, and a name lost in
the English is an omission an editor must see.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from translate.align.anchors import fold

__all__ = ["MATCH_RATIO", "arabic_skeleton", "english_skeleton", "skeletons_match"]

MATCH_RATIO = 0.75
#: Skeletons shorter than this are too common to be evidence.
MIN_SKELETON = 3

_ARABIC = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
    "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "g", "ف": "f", "ق": "k",
    "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ا": "", "ء": "", "پ": "b",
    "چ": "j", "ڤ": "f", "گ": "g",
}
_ENGLISH_FOLDS = (("sch", "s"), ("sh", "s"), ("ch", "s"), ("ph", "f"), ("th", "t"), ("kh", "k"), ("gh", "g"), ("ck", "k"), ("x", "ks"), ("c", "k"), ("q", "k"), ("v", "f"), ("p", "b"), ("g", "j"), ("w", "w"))


@lru_cache(maxsize=16384)
def arabic_skeleton(word: str) -> str:
    """The consonant skeleton of one Arabic word (folded; an initial و or ي kept as w/y)."""
    folded = fold(word)
    out = []
    for index, ch in enumerate(folded):
        if ch in "وي" and index > 0:
            continue  # a long vowel inside the word
        out.append(_ARABIC.get(ch, ""))
    skeleton = "".join(out)
    return re.sub(r"(.)\1+", r"\1", skeleton.replace("g", "j").replace("z", "s"))


@lru_cache(maxsize=16384)
def english_skeleton(word: str) -> str:
    """The consonant skeleton of one English word."""
    text = word.casefold()
    for old, new in _ENGLISH_FOLDS:
        text = text.replace(old, new)
    head, rest = text[:1], text[1:]
    skeleton = ("" if head in "aeiou" else head) + re.sub(r"[aeiouy]", "", rest)
    skeleton = re.sub(r"[^a-z]", "", skeleton)
    return re.sub(r"(.)\1+", r"\1", skeleton.replace("g", "j").replace("z", "s"))


@lru_cache(maxsize=65536)
def skeletons_match(arabic: str, english: str) -> bool:
    if len(arabic) < MIN_SKELETON or len(english) < MIN_SKELETON:
        return False
    if arabic == english:
        return True
    return SequenceMatcher(None, arabic, english, autojunk=False).ratio() >= MATCH_RATIO
