"""Errors planted in a good English translation, the kinds machine translation makes.

The quality model is fitted on these (``scripts/fit_quality.py``) and measured on them
(``scripts/eval_quality.py``), always on professional pairs written by others. Each function takes the
pair and a seeded :class:`random.Random` and returns the corrupted English, or ``None`` when the kind
cannot be planted in that sentence (no number to change, a single clause to drop).

- ``number``: one number written with digits changed to another value;
- ``untranslated``: the English is the Arabic source;
- ``repetition``: a decoder loop, one to three words repeated three to five times;
- ``truncation``: the sentence cut after half its words (half the time with a final full stop, so
  punctuation alone cannot give it away);
- ``middle``: the middle half of the words gone;
- ``clause-dropped``: one clause (between commas, semicolons, *and*, *but*, *while*, *which*, *who*,
  *because*) gone;
- ``clause-added``: a clause of another sentence joined on with a comma or *and*.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

__all__ = ["KINDS", "plant"]

KINDS = ("number", "untranslated", "repetition", "truncation", "middle", "clause-dropped", "clause-added")

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CLAUSE_BREAK = re.compile(r"\s*[,;]\s+(?:and\s+|but\s+)?|\s+(?=(?:and|but|while|which|who|because)\s)")
_FINAL = re.compile(r"[.!?…\"'”’»)]+$")
MIN_CLAUSE_WORDS = 3
_SENTENCE_OPENERS = frozenset("The A An It He She They We This That These Those In On At For But And While Its His Her Their".split())


def _number(arabic: str, english: str, rng: random.Random, donors: Sequence[str]) -> str | None:
    matches = list(_NUMBER.finditer(english))
    if not matches:
        return None
    match = rng.choice(matches)
    digits = match.group().replace(",", "")
    try:
        value = float(digits)
    except ValueError:
        return None
    changed = value + rng.choice((1, 2, 3, 5, 10)) if rng.random() < 0.6 else value * rng.choice((2, 10))
    text = str(int(changed)) if changed.is_integer() and "." not in digits else f"{changed:g}"
    return english[: match.start()] + text + english[match.end() :]


def _untranslated(arabic: str, english: str, rng: random.Random, donors: Sequence[str]) -> str | None:
    return arabic


def _repetition(arabic: str, english: str, rng: random.Random, donors: Sequence[str]) -> str | None:
    words = english.split()
    if len(words) < 4:
        return None
    size = rng.choice((1, 2, 3))
    start = rng.randrange(0, len(words) - size + 1)
    gram = [word.strip(".,;:!?\"'") or word for word in words[start : start + size]]
    copies = rng.randint(3, 5) if size == 1 else rng.randint(2, 4)
    return " ".join(words[: start + size] + gram * copies + words[start + size :])


def _ending(english: str) -> str:
    match = _FINAL.search(english)
    return match.group() if match else ""


def _truncation(arabic: str, english: str, rng: random.Random, donors: Sequence[str]) -> str | None:
    words = english.split()
    if len(words) < 6:
        return None
    kept = " ".join(words[: (len(words) + 1) // 2]).rstrip(",;:")
    return kept + "." if rng.random() < 0.5 else kept


def _middle(arabic: str, english: str, rng: random.Random, donors: Sequence[str]) -> str | None:
    words = english.split()
    if len(words) < 8:
        return None
    quarter = len(words) // 4
    return " ".join(words[:quarter] + words[len(words) - quarter :])


def _clauses(english: str) -> list[str]:
    return [piece for piece in _CLAUSE_BREAK.split(english.strip()) if piece]


def _clause_dropped(arabic: str, english: str, rng: random.Random, donors: Sequence[str]) -> str | None:
    ending = _ending(english)
    body = english[: len(english) - len(ending)] if ending else english
    breaks = list(_CLAUSE_BREAK.finditer(body))
    if not breaks:
        return None
    cuts = [0] + [m.start() for m in breaks] + [len(body)]
    starts = [0] + [m.end() for m in breaks]
    spans = [(starts[k], cuts[k + 1]) for k in range(len(starts))]
    # The first clause goes only where a comma ends it: "and X" is no sentence on its own.
    first = 0 if breaks[0].group().strip() else 1
    candidates = [k for k, (a, b) in enumerate(spans) if k >= first and len(body[a:b].split()) >= MIN_CLAUSE_WORDS]
    if len(spans) < 2 or not candidates:
        return None
    k = rng.choice(candidates)
    if k == 0:
        rest = body[starts[1] :]
        text = rest[:1].upper() + rest[1:]
    else:
        text = body[: cuts[k]] + body[spans[k][1] :]
    return text.rstrip(",; ") + ending


def _clause_added(arabic: str, english: str, rng: random.Random, donors: Sequence[str]) -> str | None:
    clauses = [clause for donor in donors for clause in _clauses(_FINAL.sub("", donor)) if len(clause.split()) >= 4]
    if not clauses:
        return None
    clause = rng.choice(clauses)
    head, _, tail = clause.partition(" ")
    if head in _SENTENCE_OPENERS:
        clause = head.lower() + " " + tail
    ending = _ending(english)
    body = english[: len(english) - len(ending)] if ending else english
    joint = rng.choice((", and ", ", ", " and ", ", while "))
    return body.rstrip(",; ") + joint + clause + ending


_PLANTERS: dict[str, Callable[[str, str, random.Random, Sequence[str]], str | None]] = {
    "number": _number,
    "untranslated": _untranslated,
    "repetition": _repetition,
    "truncation": _truncation,
    "middle": _middle,
    "clause-dropped": _clause_dropped,
    "clause-added": _clause_added,
}


def plant(kind: str, arabic: str, english: str, rng: random.Random, donors: Sequence[str] = ()) -> str | None:
    """The English with an error of ``kind`` planted, or None when it cannot be planted there.
    ``donors`` are other sentences (of other articles) that ``clause-added`` takes a clause from."""
    if kind not in _PLANTERS:
        raise ValueError(f"unknown corruption {kind!r}; expected one of {', '.join(KINDS)}")
    corrupted = _PLANTERS[kind](arabic, english, rng, donors)
    return None if corrupted is None or corrupted == english else corrupted
