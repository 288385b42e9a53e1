"""Language per segment: English inside an Arabic article passes through."""

from __future__ import annotations

import pytest

from translate.document import read_document
from translate.script import language_of
from translate.segment import segment_document


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("قال وزير الخارجية", "ar"),
        ("Russian Foreign Minister Sergei Lavrov", "en"),
        ("وزير الخارجية الروسي يلقي خطابا (EPA)", "ar"),
        ("2015 - 14/10", "other"),
        ("ﻻ ﺳﻼﻡ", "ar"),  # presentation forms
    ],
)
def test_language_of(text: str, language: str) -> None:
    assert language_of(text) == language


def test_seed_english_caption_passes_through(seed_path) -> None:
    segments = segment_document(read_document(seed_path))
    english = [segment for segment in segments if segment.passthrough]
    assert [segment.text[:24] for segment in english] == ["Russian Foreign Minister"]
    assert english[0].language == "en"
