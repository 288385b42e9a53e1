"""Text as every export writes it: NFC, and only characters XML 1.0 allows.

Model output and articles can hold characters that XML 1.0 forbids (C0 control characters other than
tab, line feed and carriage return; lone surrogates; U+FFFE and U+FFFF). Serialising them would make
lxml refuse the document or, worse, make a CAT tool reject the file, so they are removed here, once,
for every format — TSV and Markdown included, so all exports of one run carry the same text. Nothing
is ever added: in particular no bidi control characters (direction is marked up, never injected).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_text", "forbidden_characters"]

# XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def forbidden_characters(text: str) -> list[str]:
    """The characters of ``text`` that XML 1.0 does not allow, in order."""
    return _FORBIDDEN.findall(text)


def clean_text(text: str) -> str:
    """``text`` without XML-1.0-forbidden characters, in Unicode normalisation form C.

    Forbidden characters are removed before normalising: removing one can bring a base letter and a
    combining mark together, and the result must still be NFC.
    """
    return unicodedata.normalize("NFC", _FORBIDDEN.sub("", text))
