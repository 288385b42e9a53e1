"""A web page's bytes → its text, as a browser would decode them, or a refusal.

The order a browser follows (WHATWG "determining the character encoding"), reduced to a file on
disk: a byte-order mark wins; then a ``<meta charset>`` or ``<meta http-equiv="Content-Type">`` (or,
for XHTML, the XML declaration's ``encoding``) near the top; then the project's own rule for text
(:func:`translate.document.decode_bytes`: UTF-8, else Windows-1256 / ISO-8859-6 Arabic detected).

One deliberate departure: a page that declares a legacy code page (``windows-1256``) but whose bytes
are valid UTF-8 with non-ASCII characters was re-saved as UTF-8 by an editor that left the old
``<meta>`` behind (common on Arabic news sites); Arabic in Windows-1256 practically never forms valid
multi-byte UTF-8, so it is read as UTF-8 instead of as mojibake.

Refused: pages over :data:`MAX_PAGE_BYTES`, binary data (NUL bytes, control characters, the
signatures of images, archives and PDFs), and bytes that decode in nothing above.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from translate.document import decode_bytes
from translate.errors import EncodingError, InputError

__all__ = ["CHARSET_SCAN_BYTES", "DecodedPage", "MAX_PAGE_BYTES", "decode_page"]

#: The largest page read (a news page is well under 2 MB; parsing stays in seconds under this).
MAX_PAGE_BYTES = 20 * 2**20
#: How far into the file a charset declaration is looked for. Browsers pre-scan 1024 bytes; Arabic
#: CMS templates often put long comments or scripts first, so a little more is read.
CHARSET_SCAN_BYTES = 4096
#: Share of C0 control characters (other than tab, newlines, form feed) above which text is binary.
CONTROL_SHARE = 0.01

_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9_:.+-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9_.+-]+)[\"']", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: Signatures of files people save with the wrong suffix.
_BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive (a .docx or .odt?)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
#: WHATWG label rules that Python's codec names do not follow.
_LABELS = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-6-i": "iso8859_6",
    "iso-8859-6-e": "iso8859_6",
    "x-user-defined": "cp1252",
    "arabic": "iso8859_6",
    "asmo-708": "iso8859_6",
}


@dataclass(frozen=True)
class DecodedPage:
    """The page's text and the codec it was read with (``declared`` is the page's own label)."""

    text: str
    encoding: str
    declared: str | None = None


def _declared_label(head: bytes) -> str | None:
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").strip().lower() if match else None


def _codec_of(label: str) -> str | None:
    label = _LABELS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A <meta> naming UTF-16 is a lie by construction (the bytes are ASCII-compatible): WHATWG reads
    # it as UTF-8.
    return "utf-8" if name.startswith("utf-16") or name.startswith("utf-32") else name


def _refuse_binary(data: bytes, path: str) -> None:
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(path, f"is not a web page: its bytes are {what}", "pass the page's .html file")
    if b"\x00" in data:
        raise InputError(path, "is not a web page: it holds NUL bytes (binary data)", "pass the page's .html file, saved as text")


def decode_page(data: bytes, path: str) -> DecodedPage:
    """The text of the page ``data`` (a byte-order mark removed); an :class:`InputError` for a page
    over :data:`MAX_PAGE_BYTES`, binary data or undecodable bytes."""
    if len(data) > MAX_PAGE_BYTES:
        raise InputError(path, f"is {len(data) / 2**20:.0f} MB, over the {MAX_PAGE_BYTES // 2**20} MB limit for one web page", "save the article alone as a smaller page, or as .txt")
    if data.startswith(codecs.BOM_UTF8):
        return _checked(_strict(data[3:], "utf-8", path), "utf-8", "utf-8", path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(_strict(data, "utf-16", path).lstrip("\ufeff"), "utf-16", "utf-16", path)
    _refuse_binary(data, path)
    label = _declared_label(data[:CHARSET_SCAN_BYTES])
    codec = _codec_of(label) if label else None
    if codec is not None and codec != "utf-8":
        if not data.isascii():
            try:
                # The stale-declaration rule of the module docstring.
                return _checked(data.decode("utf-8"), "utf-8", label, path)
            except UnicodeDecodeError:
                pass
        try:
            return _checked(data.decode(codec), codec, label, path)
        except UnicodeDecodeError:
            pass  # a wrong declaration: the project's own detection below decides (or explains)
    decoded = decode_bytes(data, path)
    return _checked(decoded.text, decoded.encoding, label, path)


def _strict(data: bytes, codec: str, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise EncodingError(path, f"starts with a {codec} byte-order mark but is not valid {codec} (byte {error.start})", "re-save the page as UTF-8") from None


def _checked(text: str, codec: str, label: str | None, path: str) -> DecodedPage:
    controls = len(_CONTROL.findall(text[:1_000_000]))
    if controls > CONTROL_SHARE * min(len(text), 1_000_000):
        raise InputError(path, "is not a web page: it is full of control characters (binary data)", "pass the page's .html file, saved as text")
    return DecodedPage(text, codec, label)
