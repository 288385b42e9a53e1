"""Structure a translation keeps: clauses, list items, quotations, brackets, and an ending.

A sentence whose English has fewer clause joints than its Arabic (``،`` ``؛`` ``ثم`` ``لكن`` against
``,`` ``;`` *and* *but*) may have lost a clause; an English sentence that stops without final
punctuation while its Arabic has one, or on a word no sentence ends on (*the*, *of*, *was*), was
probably cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from translate.align.anchors import fold
from translate.quality.words import DANGLING_ENGLISH, words

__all__ = ["Structure", "structure"]

_ARABIC_JOINTS = re.compile(r"[،؛,;:]")
_ENGLISH_JOINTS = re.compile(r"[,;:]")
_ARABIC_JOINT_WORDS = frozenset(fold(w) for w in "ثم لكن ولكن بينما حيث الذي التي الذين لأن لان كي لكي إذ اذ عندما حين وعندما وبينما وحيث أما اما".split())
_ENGLISH_JOINT_WORDS = frozenset("but while which who whom whose where because although though whereas when after before since".split())
_FINAL = re.compile(r"[.!?؟…:\"'”’»)\]]\s*$")
_QUOTES = re.compile(r"[\"“”«»„]")
_BRACKETS = re.compile(r"[()\[\]]")


@dataclass(frozen=True)
class Structure:
    source_joints: int
    target_joints: int
    #: The Arabic ends with final punctuation and the English does not.
    ends_open: bool
    #: The English's last word is one a sentence does not end on.
    ends_dangling: bool
    source_quotes: int
    target_quotes: int
    source_brackets: int
    target_brackets: int


def structure(source: str, target: str, headline: bool = False) -> Structure:
    """The structure of a pair; a headline never ``ends_open`` (headlines drop the full stop)."""
    source_words = [fold(word) for word in words(source)]
    target_words = [word.casefold() for word in words(target)]
    last = target_words[-1] if target_words else ""
    ends_open = not headline and bool(_FINAL.search(source)) and not _FINAL.search(target) and bool(target.strip())
    return Structure(
        source_joints=len(_ARABIC_JOINTS.findall(source)) + sum(1 for word in source_words if word in _ARABIC_JOINT_WORDS),
        target_joints=len(_ENGLISH_JOINTS.findall(target)) + sum(1 for word in target_words if word in _ENGLISH_JOINT_WORDS),
        ends_open=ends_open,
        ends_dangling=last in DANGLING_ENGLISH and not re.search(r"[\"'”’»)\]]\s*$", target),
        source_quotes=len(_QUOTES.findall(source)),
        target_quotes=len(_QUOTES.findall(target)),
        source_brackets=len(_BRACKETS.findall(source)),
        target_brackets=len(_BRACKETS.findall(target)),
    )
