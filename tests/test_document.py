"""Reading articles: decoding, block roles and spans."""

from __future__ import annotations

import codecs

import pytest

from translate.document import BlockKind, decode_bytes, parse_document, read_document
from translate.errors import EncodingError, InputError

ARABIC = "قال وزير الخارجية الروسي إن واشنطن رفضت التنسيق."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARABIC.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARABIC.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), "utf-16"),
        (ARABIC.encode("cp1256"), "cp1256"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "windows-1256"],
)
def test_decodes_common_arabic_encodings(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.text == ARABIC
    assert decoded.encoding == encoding


def test_explicit_encoding_wins() -> None:
    assert decode_bytes(ARABIC.encode("iso8859_6"), encoding="iso8859_6").text == ARABIC


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02binary\x00", "binary"),
        ("Ελληνικά".encode("iso8859_7"), "--encoding"),
    ],
)
def test_undecodable_bytes_name_the_fix(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode_bytes(data, "x.txt")


def test_wrong_explicit_encoding_is_an_encoding_error() -> None:
    with pytest.raises(EncodingError, match="x.txt.*--encoding"):
        decode_bytes(b"\xff\xfe\xfd", "x.txt", encoding="utf-8")


@pytest.mark.parametrize("content", [b"", b"   \n\t\n"])
def test_empty_file_is_refused(tmp_path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty.txt.*empty"):
        read_document(path)


def test_missing_file_and_directory(tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_document(tmp_path)


def test_seed_blocks(seed_path) -> None:
    document = read_document(seed_path)
    kinds = [block.kind for block in document.blocks]
    assert kinds[0] is BlockKind.HEADLINE
    assert kinds[1:3] == [BlockKind.CAPTION, BlockKind.CAPTION]
    assert kinds[-1] is BlockKind.SOURCE
    subheadings = [block.text for block in document.blocks if block.kind is BlockKind.SUBHEADING]
    assert subheadings == ["ضربات غير كافية", "اتفاق"]
    assert kinds.count(BlockKind.PARAGRAPH) == 17
    for block in document.blocks:
        assert document.text[block.start : block.end] == block.text


def test_crlf_spans_index_the_text_as_read() -> None:
    text = "عنوان الخبر\r\n\r\nفقرة أولى.\r\nفقرة ثانية."
    document = parse_document(text)
    assert [block.text for block in document.blocks] == ["عنوان الخبر", "فقرة أولى.", "فقرة ثانية."]
    assert [block.newlines_before for block in document.blocks] == [0, 2, 1]
    for block in document.blocks:
        assert text[block.start : block.end] == block.text
