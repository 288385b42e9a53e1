"""A Word document for managers and editors: a two-column table (Arabic | English), one row per pair.

Arabic cells are right-to-left: ``<w:bidi/>`` on the paragraph and ``<w:rtl/>`` (plus the ``w:lang
w:bidi`` locale) on every run. Their alignment is the bidi paragraph's own start edge, i.e. right; we do
not write ``<w:jc w:val="right"/>``, because Word reads left/right mirrored in a bidi paragraph while
other readers take them literally — an unset ``jc`` is right-aligned in all of them. The headline and
sub-headings keep Word's Heading 1 / Heading 2 styles (so they appear in the navigation pane); glossary
terms are highlighted on both sides; a scored pair gets a small score-and-flags line under its English.
"""

from __future__ import annotations

import io
import os

from translate.document import BlockKind
from translate.export.clean import clean_text
from translate.export.layout import HEADING_KINDS, format_score, pieces, score_band, sections, term_spans
from translate.export.options import ExportOptions
from translate.records import Pair, Run

__all__ = ["render"]

# CT_PPr's children that come after w:bidi (ECMA-376 §17.3.1.26): the schema fixes their order.
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
_BAND_COLOURS = {"good": "1A7F37", "fair": "9A6700", "poor": "CF222E", "none": "6E7781"}


def _set_rtl(paragraph, locale: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = paragraph._p.get_or_add_pPr()
    properties.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    for run in paragraph.runs:
        run_properties = run._r.get_or_add_rPr()
        run_properties.append(OxmlElement("w:rtl"))
        language = OxmlElement("w:lang")
        language.set(qn("w:bidi"), locale)
        run_properties.append(language)


def _fill(paragraph, text: str, marks: list[tuple[int, int, int]]) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    for piece, number in pieces(text, marks):
        run = paragraph.add_run(clean_text(piece))
        if number is not None:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _cell_text(cell, pair: Pair, kind: BlockKind, text: str, marks: list[tuple[int, int, int]], rtl_locale: str | None) -> None:
    paragraph = cell.paragraphs[0]
    level = HEADING_KINDS.get(kind)
    if level:
        paragraph.style = f"Heading {level}"
    _fill(paragraph, text, marks)
    if kind in (BlockKind.CAPTION, BlockKind.SOURCE):
        for run in paragraph.runs:
            run.italic = True
    if rtl_locale:
        _set_rtl(paragraph, rtl_locale)


def _quality_line(cell, pair: Pair) -> None:
    from docx.shared import Pt, RGBColor

    if pair.quality is None:
        return
    flags = ", ".join(clean_text(flag) for flag in pair.quality.flags)
    paragraph = cell.add_paragraph()
    memory = f"TM {pair.tm.score} · " if pair.origin == "tm" and pair.tm is not None else ""
    run = paragraph.add_run(memory + f"score {format_score(pair.quality)}" + (f" — {flags}" if flags else ""))
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor.from_string(_BAND_COLOURS[score_band(pair.quality)])


def render(run: Run, options: ExportOptions = ExportOptions()) -> bytes:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    manifest = run.manifest
    document = Document()
    all_sections = sections(run)
    headline = next((s for s in all_sections if s.kind is BlockKind.HEADLINE), None)
    title = " ".join(p.target for p in headline.pairs) if headline else os.path.basename(manifest.input_path) or "translation"
    document.core_properties.title = clean_text(title)
    document.core_properties.comments = clean_text(f"translate {manifest.tool_version}; model {manifest.model_id or '—'}")
    document.add_paragraph(clean_text(title), style="Title")
    note = document.add_paragraph().add_run(
        clean_text(f"{os.path.basename(manifest.input_path)} · model {manifest.model_id or '—'} · {manifest.created} · translate {manifest.tool_version}")
    )
    note.font.size = Pt(8)

    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    header_cells = table.rows[0].cells
    header_cells[0].paragraphs[0].add_run(f"Arabic ({options.source_locale})").bold = True
    header_cells[1].paragraphs[0].add_run(f"English ({options.target_locale})").bold = True
    # Repeat the header row on every page.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for section in all_sections:
        for pair in section.pairs:
            spans = term_spans(pair)
            cells = table.add_row().cells
            rtl = options.source_locale if pair.language == "ar" else None
            _cell_text(cells[0], pair, section.kind, pair.source, [(s.source[0], s.source[1], s.number) for s in spans if s.source], rtl)
            _cell_text(cells[1], pair, section.kind, pair.target, [(s.target[0], s.target[1], s.number) for s in spans if s.target], None)
            _quality_line(cells[1], pair)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
