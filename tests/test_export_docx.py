"""The Word export, read back as WordprocessingML: a two-column table, Arabic cells right-to-left,
headings kept, glossary terms highlighted, scores noted."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from export_samples import sample_run
from translate.export import docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


@pytest.fixture(scope="module")
def body() -> etree._Element:
    data = docx.render(sample_run())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find("w:body", NS)


@pytest.fixture(scope="module")
def rows(body) -> list:
    table = body.find("w:tbl", NS)
    return table.findall("w:tr", NS)


def _cell_paragraphs(row, column: int) -> list:
    return row.findall("w:tc", NS)[column].findall("w:p", NS)


def _text(paragraph) -> str:
    """Text as Word shows it: python-docx writes a tab as <w:tab/> and a line break as <w:br/>."""
    parts = []
    for element in paragraph.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr"):
        parts.append(element.text or "" if element.tag == f"{{{W}}}t" else "\t" if element.tag == f"{{{W}}}tab" else "\n")
    return "".join(parts)


def test_one_two_column_table_with_a_header_row(body, rows) -> None:
    tables = body.findall("w:tbl", NS)
    assert len(tables) == 1
    assert len(tables[0].findall("w:tblGrid/w:gridCol", NS)) == 2
    assert all(len(row.findall("w:tc", NS)) == 2 for row in rows)
    assert len(rows) == 1 + len(sample_run().pairs)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert [_text(_cell_paragraphs(rows[0], c)[0]) for c in (0, 1)] == ["Arabic (ar)", "English (en)"]


@pytest.mark.parametrize("pair_id", [0, 2, 3, 4, 5, 6, 7])
def test_arabic_cells_are_right_to_left(rows, pair_id: int) -> None:
    paragraph = _cell_paragraphs(rows[pair_id + 1], 0)[0]
    assert paragraph.find("w:pPr/w:bidi", NS) is not None
    # Alignment is the bidi paragraph's start edge (right); a physical left would undo it.
    assert paragraph.find("w:pPr/w:jc", NS) is None
    runs = paragraph.findall("w:r", NS)
    assert runs and all(run.find("w:rPr/w:rtl", NS) is not None for run in runs)
    assert {run.find("w:rPr/w:lang", NS).get(f"{{{W}}}bidi") for run in runs} == {"ar"}
    assert _text(paragraph) == sample_run().pairs[pair_id].source.replace("\x01", "")


@pytest.mark.parametrize(("pair_id", "column"), [(0, 1), (2, 1), (1, 0), (1, 1)])
def test_english_cells_are_left_to_right(rows, pair_id: int, column: int) -> None:
    paragraph = _cell_paragraphs(rows[pair_id + 1], column)[0]
    assert paragraph.find("w:pPr/w:bidi", NS) is None
    assert all(run.find("w:rPr/w:rtl", NS) is None for run in paragraph.findall("w:r", NS))


@pytest.mark.parametrize(("pair_id", "style"), [(0, "Heading1"), (4, "Heading2"), (2, None)])
def test_headings_keep_their_style(rows, pair_id: int, style: str | None) -> None:
    for column in (0, 1):
        found = _cell_paragraphs(rows[pair_id + 1], column)[0].find("w:pPr/w:pStyle", NS)
        assert (found.get(f"{{{W}}}val") if found is not None else None) == style


def test_glossary_terms_highlighted_on_both_sides(rows) -> None:
    highlighted = [
        "".join(run.itertext())
        for column in (0, 1)
        for run in _cell_paragraphs(rows[1], column)[0].findall("w:r", NS)
        if run.find("w:rPr/w:highlight", NS) is not None
    ]
    assert highlighted == ["لافروف", "واشنطن", "Lavrov", "Washington"]


@pytest.mark.parametrize(("pair_id", "line"), [(2, "score 38 — low_logprob, length_ratio"), (0, "score 91"), (5, None)])
def test_quality_line_under_the_english(rows, pair_id: int, line: str | None) -> None:
    paragraphs = _cell_paragraphs(rows[pair_id + 1], 1)
    assert (_text(paragraphs[1]) if len(paragraphs) > 1 else None) == line


def test_title_is_the_english_headline(body) -> None:
    first = body.find("w:p", NS)
    assert first.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Title"
    assert _text(first) == "Lavrov: Washington refused coordination on Syria"
