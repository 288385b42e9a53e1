"""Reading an article: bytes → text → blocks (headline, caption, paragraph, sub-heading, source line).

Every block keeps its character span in the decoded text (Python string indices, after removing a
byte-order mark), so anything downstream can point back into the original and the English document can
be rebuilt with the same structure. Line endings are kept as they are: spans index the text as read.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from translate.errors import EncodingError, InputError
from translate.script import language_of

if TYPE_CHECKING:
    from translate.formats.layout import Layout

__all__ = ["Block", "BlockKind", "DecodedText", "Document", "decode_bytes", "document_from_bytes", "parse_document", "read_document", "read_text_file"]

#: Share of Arabic letters above which undecodable bytes are taken to be legacy-encoded Arabic.
CP1256_ARABIC_SHARE = 0.5
#: Legacy Arabic code pages tried, in this order, on bytes that are not UTF-8. Both decode most Arabic
#: byte strings without error, so the one whose words do not mix Arabic and Latin letters wins:
#: ISO-8859-6 read as Windows-1256 turns letters into à, â, ç, è… inside Arabic words ("انخارجêة").
LEGACY_ARABIC_CODECS = ("cp1256", "iso8859_6")
#: Most words mixing Arabic and Latin letters a legacy-decoded text may have (Greek or Cyrillic code
#: pages read as Windows-1256 have far more).
MIXED_WORD_SHARE = 0.1
#: A line this many words or fewer, without final punctuation, can be a headline or sub-heading.
HEADING_MAX_WORDS = 12

_SENTENCE_END = re.compile(r"[.!?؟…][\"'»”’)\]]*\s*$")
_CREDIT_AT_END = re.compile(r"\([^()\n]{1,40}\)\s*$")
_SOURCE_LINE = re.compile(r"^\s*(?:ال)?(?:مصدر|مصادر)\s*[:：]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


class BlockKind(str, Enum):
    HEADLINE = "headline"
    CAPTION = "caption"
    PARAGRAPH = "paragraph"
    SUBHEADING = "subheading"
    SOURCE = "source"


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


@dataclass(frozen=True)
class Block:
    """One line-level unit of the article. ``newlines_before`` keeps the vertical spacing."""

    index: int
    kind: BlockKind
    text: str
    start: int
    end: int
    newlines_before: int


@dataclass(frozen=True)
class Document:
    text: str
    blocks: tuple[Block, ...]
    encoding: str = "utf-8"
    path: str | None = None
    #: sha256 of the file's bytes as read (of the UTF-8 text when parsed from a string).
    sha256: str = ""
    #: For a formatted document (.docx, .odt, .html): its paragraphs and where each sits in ``text``,
    #: so the English document can be rebuilt (:func:`translate.formats.render_english`).
    layout: Layout | None = field(default=None, repr=False, compare=False)

    @property
    def format(self) -> str:
        """``txt``, or the document format (``docx``, ``odt``, ``html``)."""
        return self.layout.source.format if self.layout is not None else "txt"

    def manifest_info(self) -> dict | None:
        """What a run's manifest records of a formatted document (None for text)."""
        if self.layout is None:
            return None
        return {"format": self.format, "extract": self.layout.extract, "paragraphs": len(self.layout.paragraphs), "notes": list(self.layout.source.notes)}


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when, in a NUL-holding text, the high byte of almost every
    16-bit unit is 0x00 or 0x06 — Latin-script and Arabic text (U+0000–U+00FF, U+0600–U+06FF) — on the
    odd (LE) or even (BE) positions; else None."""
    sample = data[: 4096 - 4096 % 2]
    if len(sample) < 4:
        return None
    pairs = len(sample) // 2
    for name, high, low in (("utf-16-le", sample[1::2], sample[0::2]), ("utf-16-be", sample[0::2], sample[1::2])):
        in_range = sum(1 for byte in high if byte in (0x00, 0x06))
        if in_range >= 0.9 * pairs and high.count(0) and low.count(0) <= 0.05 * pairs:
            return name
    return None


def decode_bytes(data: bytes, path: Path | str | None = None, encoding: str | None = None) -> DecodedText:
    """Decode an article. UTF-8 (BOM optional) and BOM-marked UTF-16 are recognised; Windows-1256 and
    ISO-8859-6 Arabic are detected when the bytes are not UTF-8; damaged UTF-8 and anything else are
    refused with a fix."""
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise InputError(path, f"unknown encoding '{encoding}'", "pass a Python codec name such as utf-8, cp1256 or iso8859_6") from None
        try:
            text = data.decode(codec)
        except LookupError:  # a codec that is not a text encoding (rot13, base64, hex…)
            raise InputError(path, f"'{encoding}' is not a text encoding", "pass a text codec such as utf-8, cp1256 or iso8859_6 with --encoding") from None
        except UnicodeDecodeError as error:
            raise EncodingError(path, f"is not valid {codec} (byte {error.start})", "check the file's encoding and pass it with --encoding") from None
        return DecodedText(text.lstrip("\ufeff"), codec)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return DecodedText(data.decode("utf-16").lstrip("\ufeff"), "utf-16")
        except UnicodeDecodeError as error:
            # Offsets count bytes after the BOM; a cut last character or an unpaired surrogate.
            line = data[: error.start + 2].decode("utf-16", errors="replace").count("\n") + 1
            raise EncodingError(path, f"line {line}: is UTF-16 with an invalid sequence at byte offset {error.start + 2} ({error.reason})", "re-save the file (UTF-8 preferred)") from None
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            raise EncodingError(path, f"looks like {utf16.upper()} text without a byte-order mark (NUL bytes in every other position)", f"pass --encoding {utf16}, or re-save the file as UTF-8")
        raise InputError(path, "looks like binary data (it contains NUL bytes), not text", "pass a UTF-8 text file")
    try:
        return DecodedText(data.decode("utf-8").lstrip("\ufeff"), "utf-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    if _mostly_utf8(data):
        # UTF-8 with a few broken sequences (an encoded lone surrogate, a character cut in half):
        # reading it as a code page would turn the whole article into mojibake.
        line = data[:first_bad].count(b"\n") + 1
        raise EncodingError(
            path,
            f"line {line}: is UTF-8 with an invalid byte sequence at byte offset {first_bad} (a cut character or an encoded lone surrogate)",
            "repair or delete those bytes, or re-save the file as UTF-8",
        )
    legacy = _legacy_arabic(data)
    if legacy is not None:
        return legacy
    raise EncodingError(
        path,
        f"is not UTF-8 (invalid byte at offset {first_bad}) and does not look like Windows-1256 or ISO-8859-6 Arabic",
        "convert it to UTF-8 or pass its encoding with --encoding (e.g. --encoding cp1256)",
    )


def _mostly_utf8(data: bytes) -> bool:
    """More well-formed multi-byte UTF-8 characters than broken sequences: damaged UTF-8, not a code page
    (Arabic in Windows-1256 or ISO-8859-6 forms almost no valid UTF-8 sequences)."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = sum(1 for ch in text if ch > "\x7f" and ch != "\ufffd")
    return valid > broken


def _mixed_script_words(text: str) -> int:
    return sum(1 for word in text.split() if _ARABIC_LETTER.search(word) and _LATIN_LETTER.search(word))


def _legacy_arabic(data: bytes) -> DecodedText | None:
    candidates: list[tuple[int, int, DecodedText]] = []
    for order, codec in enumerate(LEGACY_ARABIC_CODECS):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        letters = [ch for ch in text if ch.isalpha()]
        arabic = sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff")
        arabic_words = sum(1 for word in text.split() if _ARABIC_LETTER.search(word))
        mixed = _mixed_script_words(text)
        # Real Arabic has (almost) no words mixing scripts; another language's code page has many.
        if letters and arabic / len(letters) >= CP1256_ARABIC_SHARE and mixed <= MIXED_WORD_SHARE * arabic_words:
            candidates.append((mixed, order, DecodedText(text, codec)))
    return min(candidates, key=lambda item: item[:2])[2] if candidates else None


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines without their line terminators."""
    spans = []
    for match in _LINE.finditer(text):
        if match.start() == len(text) and match.end() == len(text):
            break
        body = match.group(0).rstrip("\r\n")
        spans.append((match.start(), match.start() + len(body)))
    return spans


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def _is_heading_like(line: str) -> bool:
    return not _ends_sentence(line) and len(line.split()) <= HEADING_MAX_WORDS and not _CREDIT_AT_END.search(line)


def parse_document(text: str, path: str | None = None, encoding: str = "utf-8", sha256: str | None = None) -> Document:
    """Split text into line blocks and name each one's role in a news article."""
    groups: list[list[tuple[int, int, int]]] = []  # (start, end, newlines_before)
    newlines = 0
    for start, end in _lines(text):
        line = text[start:end]
        if not line.strip():
            newlines += 1
            continue
        strip_left = len(line) - len(line.lstrip())
        strip_right = len(line) - len(line.rstrip())
        item = (start + strip_left, end - strip_right, newlines + 1 if groups else 0)
        if newlines or not groups:
            groups.append([item])
        else:
            groups[-1].append(item)
        newlines = 0

    kinds: list[BlockKind] = []
    flat: list[tuple[int, int, int]] = []
    for group_index, group in enumerate(groups):
        lines = [text[s:e] for s, e, _ in group]
        is_caption_group = any(_CREDIT_AT_END.search(line) and not _ends_sentence(line) for line in lines)
        for line_index, line in enumerate(lines):
            following = lines[line_index + 1] if line_index + 1 < len(lines) else None
            if _SOURCE_LINE.match(line):
                kind = BlockKind.SOURCE
            elif group_index == 0 and line_index == 0 and _is_heading_like(line):
                kind = BlockKind.HEADLINE
            elif is_caption_group:
                kind = BlockKind.CAPTION
            elif _is_heading_like(line) and (following is not None or len(lines) == 1) and language_of(line) == "ar":
                kind = BlockKind.SUBHEADING
            else:
                kind = BlockKind.PARAGRAPH
            kinds.append(kind)
        flat.extend(group)

    blocks = tuple(
        Block(index=i, kind=kind, text=text[start:end], start=start, end=end, newlines_before=newlines_before)
        for i, (kind, (start, end, newlines_before)) in enumerate(zip(kinds, flat))
    )
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(text=text, blocks=blocks, encoding=encoding, path=path, sha256=digest)


def read_text_file(path: Path, encoding: str | None = None) -> tuple[DecodedText, bytes]:
    """A text file's decoded text and its raw bytes; a missing, unreadable or undecodable file is an
    :class:`InputError` naming it."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file", "check the path")
    if path.is_dir():
        raise InputError(path, "is a directory, not a text file", "pass the files inside it")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror})", "check its permissions") from None
    return decode_bytes(data, path, encoding), data


def read_document(path: Path, encoding: str | None = None, extract: str = "page") -> Document:
    """Read and parse one article — a text file, or a ``.docx``/``.odt``/``.html`` document (by its
    suffix; ``extract="article"`` pulls the article out of a web page); every failure is an
    :class:`InputError` naming the file."""
    path = Path(path)
    from translate.formats import is_document

    if is_document(path) or path.suffix.lower() in (".doc", ".rtf", ".pdf"):
        from translate.formats import read_formatted

        return read_formatted(path, extract=extract)
    decoded, data = read_text_file(path, encoding)
    return _parsed(decoded, data, path)


def document_from_bytes(data: bytes, path: Path | str, encoding: str | None = None) -> Document:
    """An article from raw bytes (standard input), read as a text file is: decoded (``encoding``, else
    detected), refused when empty, ``path`` naming it in errors and in the manifest."""
    return _parsed(decode_bytes(data, path, encoding), data, path)


def _parsed(decoded: DecodedText, data: bytes, path: Path | str) -> Document:
    if not decoded.text.strip():
        raise InputError(path, "is empty (no text to translate)", "pass a file that contains the article")
    return parse_document(decoded.text, path=str(path), encoding=decoded.encoding, sha256=hashlib.sha256(data).hexdigest())
