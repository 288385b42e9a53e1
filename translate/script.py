"""Which script a piece of text is written in — enough to decide what the model must translate."""

from __future__ import annotations

from typing import Literal

__all__ = ["Language", "arabic_letter_count", "is_arabic_letter", "language_of"]

Language = Literal["ar", "en", "other"]

#: Text whose letters are at least this share Arabic is Arabic (an Arabic sentence quoting "(EPA)").
ARABIC_SHARE_FOR_AR = 0.2


def is_arabic_letter(ch: str) -> bool:
    code = ord(ch)
    return (
        0x0620 <= code <= 0x064A
        or 0x066E <= code <= 0x06D3
        or 0x06FA <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x08A0 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF  # presentation forms A
        or 0xFE70 <= code <= 0xFEFC  # presentation forms B
    )


def arabic_letter_count(text: str) -> int:
    return sum(1 for ch in text if is_arabic_letter(ch))


def language_of(text: str) -> Language:
    """``ar`` if Arabic letters make up a fair share of the letters, ``en`` if the letters are Latin,
    ``other`` when there are no letters to judge by (numbers, punctuation)."""
    arabic = latin = 0
    for ch in text:
        if is_arabic_letter(ch):
            arabic += 1
        elif ch.isascii() and ch.isalpha() or "\u00c0" <= ch <= "\u024f":
            latin += 1
    if arabic and arabic >= ARABIC_SHARE_FOR_AR * (arabic + latin):
        return "ar"
    if latin:
        return "en"
    return "other"
