"""Realistic Arabic Word documents for tests and ``scripts/eval_documents.py``, built byte for byte.

What Word writes for an Arabic article, and what this builder therefore writes: paragraphs marked
right-to-left (``w:bidi``, some only through the ``Normal`` style), runs carrying ``w:rtl``,
``w:rFonts w:hint="cs"`` and ``w:lang w:bidi="ar-SA"``; a sentence split into several runs of the same
look by revision ids (``w:rsidRPr``), spell-check marks (``w:proofErr``), a stray ``w:noProof`` and
a different language tag — so a reader that does not merge them splits sentences. Bold is
``w:b``+``w:bCs``, italic only ``w:iCs`` (complex-script-only formatting, which Word applies to Arabic
text). A table in ``w:bidiVisual``, a header, a footer with a ``PAGE`` field, a footnote, an endnote,
a comment, a text box written twice (``mc:Choice`` DrawingML and ``mc:Fallback`` VML), an inline
image with alt text and title, core title/subject, tracked changes, and a ``.docm``'s VBA project.
The section is RTL (``w:bidi``, ``w:rtlGutter``) and ``settings.xml`` has ``w:themeFontLang w:bidi``.

Everything is deterministic: fixed ids, fixed dates, zip entries dated 1980-01-01.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

__all__ = ["SampleParagraph", "SampleSpan", "build_docx", "sample_article"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NAMESPACES = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    f'xmlns:w="{_W}" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'mc:Ignorable="w14 wp14"'
)
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_RSIDS = ("00A51C2E", "00B7D4F1", "00C93E08", "00D12A6B")
_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class SampleSpan:
    """Characters ``[start, end)`` of a paragraph made bold, italic and/or a link to ``link``."""

    start: int
    end: int
    bold: bool = False
    italic: bool = False
    link: str = ""


@dataclass(frozen=True)
class SampleParagraph:
    """A body paragraph: its text, formatted spans, heading level (0: none) and alignment (``""`` is
    the start side, as Word leaves it; ``center``, ``both``, ``right``, ``left``)."""

    text: str
    spans: tuple[SampleSpan, ...] = ()
    heading: int = 0
    align: str = ""


def _pieces(paragraph: SampleParagraph) -> list[tuple[str, SampleSpan | None]]:
    cuts = sorted({0, len(paragraph.text), *(s.start for s in paragraph.spans), *(s.end for s in paragraph.spans)})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        span = next((s for s in paragraph.spans if s.start <= start and end <= s.end), None)
        pieces.append((paragraph.text[start:end], span))
    return pieces


def _rpr(span: SampleSpan | None, variant: int, style: str = "") -> str:
    parts = [f'<w:rStyle w:val="{style}"/>' if style else "", '<w:rFonts w:hint="cs"/>']
    if span is not None and span.bold:
        parts.append("<w:b/><w:bCs/>")
    if span is not None and span.italic:
        parts.append("<w:iCs/>")  # complex-script-only italic: what Word sets on Arabic text
    if variant == 2:
        parts.append("<w:noProof/>")
    parts.append("<w:rtl/>")
    parts.append('<w:lang w:val="en-US" w:bidi="ar-EG"/>' if variant == 1 else '<w:lang w:bidi="ar-SA"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def _text_runs(text: str, span: SampleSpan | None, split: bool, counter: list[int], style: str = "") -> str:
    """Runs of one look, split as Word splits them (rsid, spell-check marks, language tags)."""
    chunks = re.findall(r"\S+\s*|\s+", text) if split else [text]
    grouped = ["".join(chunks[i : i + 2]) for i in range(0, len(chunks), 2)] if split else chunks
    out = []
    for index, chunk in enumerate(grouped):
        if not chunk:
            continue
        counter[0] += 1
        variant = counter[0] % 3 if split else 0
        rsid = _RSIDS[counter[0] % len(_RSIDS)]
        run = f'<w:r w:rsidRPr="{rsid}">{_rpr(span, variant, style)}{_t(chunk)}</w:r>'
        if split and index % 3 == 1:
            run = f'<w:proofErr w:type="spellStart"/>{run}<w:proofErr w:type="spellEnd"/>'
        out.append(run)
    return "".join(out)


def _t(text: str) -> str:
    parts = []
    for piece in re.split(r"(\t|\n)", text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece == "\n":
            parts.append("<w:br/>")
        elif piece:
            parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(parts)


def _ppr(style: str = "", align: str = "", bidi: bool = True) -> str:
    return "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + ("<w:bidi/>" if bidi else "") + (f'<w:jc w:val="{align}"/>' if align else "") + "<w:rPr><w:rtl/></w:rPr></w:pPr>"


def _simple_paragraph(text: str, style: str = "", counter: list[int] | None = None, extra: str = "", split: bool = True) -> str:
    counter = counter if counter is not None else [0]
    return f'<w:p w:rsidR="00A51C2E" w:rsidRDefault="00A51C2E">{_ppr(style)}{_text_runs(text, None, split, counter)}{extra}</w:p>'


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x20\x60\xc0" * 4 for _ in range(4)), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _image_paragraph(alt: str, title: str) -> str:
    extent = 'cx="914400" cy="914400"'
    return (
        '<w:p w:rsidR="00B7D4F1" w:rsidRDefault="00B7D4F1"><w:pPr><w:bidi/><w:jc w:val="center"/></w:pPr>'
        '<w:r><w:rPr><w:noProof/><w:rtl/></w:rPr><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent {extent}/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="1" name="Picture 1" descr={quoteattr(alt)} title={quoteattr(title)}/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        f'<pic:nvPicPr><pic:cNvPr id="0" name="image1.png" descr={quoteattr(alt)}/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip r:embed="rIdImage1"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext {extent}/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )


def _textbox_run(text: str, counter: list[int]) -> str:
    inner = _simple_paragraph(text, counter=counter, split=False)
    return (
        '<w:r><w:rPr><w:noProof/><w:rtl/></w:rPr><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2360930" cy="1404620"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="bothSides"/>'
        '<wp:docPr id="2" name="Text Box 2"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>'
        '<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2360930" cy="1404620"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t"><a:spAutoFit/></wps:bodyPr>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        '<mc:Fallback><w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"/>'
        '<v:shape id="Text Box 2" o:spid="_x0000_s1026" type="#_x0000_t202" style="position:absolute;margin-left:0;margin-top:0;width:185.9pt;height:110.6pt;z-index:251659264;mso-position-horizontal-relative:text;mso-position-vertical-relative:text;direction:rtl">'
        f'<v:textbox style="mso-fit-shape-to-text:t"><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
    )


def _page_field() -> str:
    return (
        '<w:r><w:rPr><w:rtl/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:rPr><w:rtl/></w:rPr><w:instrText xml:space="preserve"> PAGE   \\* MERGEFORMAT </w:instrText></w:r>'
        '<w:r><w:rPr><w:rtl/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:rPr><w:noProof/><w:rtl/></w:rPr><w:t>1</w:t></w:r>'
        '<w:r><w:rPr><w:rtl/></w:rPr><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _notes(kind: str, text: str) -> str:
    tag = "footnote" if kind == "footnotes" else "endnote"
    separators = (
        f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:pPr><w:bidi/><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:{tag}>'
        f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:bidi/><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>'
    )
    note = ""
    if text:
        style = "FootnoteText" if tag == "footnote" else "EndnoteText"
        reference = "FootnoteReference" if tag == "footnote" else "EndnoteReference"
        mark = f'<w:r><w:rPr><w:rStyle w:val="{reference}"/></w:rPr><w:{tag}Ref/></w:r><w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space="preserve"> </w:t></w:r>'
        note = f'<w:{tag} w:id="1"><w:p>{_ppr(style)}{mark}{_text_runs(text, None, True, [0])}</w:p></w:{tag}>'
    return f"{_DECLARATION}<w:{kind} {_NAMESPACES}>{separators}{note}</w:{kind}>"


def _styles() -> str:
    def heading(level: int) -> str:
        size = {1: 32, 2: 28, 3: 24}[level]
        return (
            f'<w:style w:type="paragraph" w:styleId="Heading{level}"><w:name w:val="heading {level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>'
            f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="0"/><w:outlineLvl w:val="{level - 1}"/></w:pPr>'
            f'<w:rPr><w:rFonts w:asciiTheme="majorHAnsi" w:eastAsiaTheme="majorEastAsia" w:hAnsiTheme="majorHAnsi" w:cstheme="majorBidi"/><w:b/><w:bCs/><w:color w:val="2F5496"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>'
        )

    return (
        f"{_DECLARATION}<w:styles {_NAMESPACES}>"
        '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/>'
        '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:bidi/></w:pPr></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
        + heading(1)
        + heading(2)
        + heading(3)
        + '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="56"/><w:szCs w:val="56"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/></w:tabs><w:spacing w:after="0"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="EndnoteText"><w:name w:val="endnote text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="EndnoteReference"><w:name w:val="endnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>'
        "</w:styles>"
    )


def _table(rows: Sequence[Sequence[str]], counter: list[int]) -> str:
    columns = max(len(row) for row in rows)
    width = 9000 // columns
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(columns))
    body = []
    for row in rows:
        cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{_simple_paragraph(cell, counter=counter)}</w:tc>' for cell in row)
        body.append(f'<w:tr w:rsidR="00C93E08">{cells}</w:tr>')
    return f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:bidiVisual/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(body)}</w:tbl>'


def _body_paragraph(paragraph: SampleParagraph, counter: list[int], links: dict[str, str], index: int, before: str = "", after: str = "") -> str:
    style = f"Heading{paragraph.heading}" if paragraph.heading else ""
    runs = []
    for text, span in _pieces(paragraph):
        if span is not None and span.link:
            rel = links.setdefault(span.link, f"rIdLink{len(links) + 1}")
            runs.append(f'<w:hyperlink r:id="{rel}" w:history="1">{_text_runs(text, span, True, counter, "Hyperlink")}</w:hyperlink>')
        else:
            runs.append(_text_runs(text, span, True, counter))
    # Every third paragraph is right-to-left only through the Normal style, as Word leaves it.
    bidi = index % 3 != 2 or bool(style)
    return f'<w:p w:rsidR="00A51C2E" w:rsidRDefault="00A51C2E" w:rsidP="00B7D4F1">{_ppr(style, paragraph.align, bidi)}{before}{"".join(runs)}{after}</w:p>'


def build_docx(
    paragraphs: Sequence[str | SampleParagraph],
    *,
    table: Sequence[Sequence[str]] = (),
    header: str = "",
    footer: str = "",
    footnote: str = "",
    endnote: str = "",
    comment: str = "",
    textbox: str = "",
    image_alt: str = "",
    image_title: str = "",
    title: str = "",
    subject: str = "",
    tracked: tuple[str, str] | None = None,
    macros: bool = False,
) -> bytes:
    """A Word document (``.docx``, or ``.docm`` with ``macros``) of the body ``paragraphs`` (plain
    strings or :class:`SampleParagraph`), with the optional parts: ``table`` (rows of cell texts,
    placed after the second paragraph), ``header``/``footer`` (the footer ends in a PAGE field),
    ``footnote``/``comment`` (on the first paragraph), ``endnote`` (on the last), ``textbox``
    (anchored in the second paragraph), an image with ``image_alt``/``image_title`` (after the first
    paragraph), core ``title``/``subject``, ``tracked`` = (inserted, deleted) text at the end of the
    last paragraph."""
    items = [p if isinstance(p, SampleParagraph) else SampleParagraph(p) for p in paragraphs]
    counter = [0]
    links: dict[str, str] = {}
    body: list[str] = []
    for index, paragraph in enumerate(items):
        before = after = ""
        if index == 0 and comment:
            before, after = '<w:commentRangeStart w:id="0"/>', '<w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/><w:rtl/></w:rPr><w:commentReference w:id="0"/></w:r>'
        if index == 0 and footnote:
            after += '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:rtl/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
        if index == min(1, len(items) - 1) and textbox:
            after += _textbox_run(textbox, counter)
        if index == len(items) - 1 and tracked is not None:
            inserted, deleted = tracked
            after += (
                f'<w:ins w:id="101" w:author="Editor" w:date="2024-01-01T00:00:00Z"><w:r w:rsidR="00D12A6B">{_rpr(None, 0)}{_t(inserted)}</w:r></w:ins>'
                f'<w:del w:id="102" w:author="Editor" w:date="2024-01-01T00:00:00Z"><w:r w:rsidDel="00D12A6B">{_rpr(None, 0)}<w:delText xml:space="preserve">{escape(deleted)}</w:delText></w:r></w:del>'
            )
        if index == len(items) - 1 and endnote:
            after += '<w:r><w:rPr><w:rStyle w:val="EndnoteReference"/><w:rtl/></w:rPr><w:endnoteReference w:id="1"/></w:r>'
        body.append(_body_paragraph(paragraph, counter, links, index, before, after))
        if index == 0 and (image_alt or image_title):
            body.append(_image_paragraph(image_alt, image_title))
        if index == min(1, len(items) - 1) and table:
            body.append(_table(table, counter))
    section = (
        "<w:sectPr>"
        + ('<w:headerReference w:type="default" r:id="rIdHeader1"/>' if header else "")
        + ('<w:footerReference w:type="default" r:id="rIdFooter1"/>' if footer else "")
        + '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>'
        '<w:cols w:space="708"/><w:bidi/><w:rtlGutter/><w:docGrid w:linePitch="360"/></w:sectPr>'
    )
    document = f'{_DECLARATION}<w:document {_NAMESPACES}><w:body>{"".join(body)}{section}</w:body></w:document>'
    members: list[tuple[str, str | bytes]] = [("[Content_Types].xml", _content_types(header, footer, macros)), ("_rels/.rels", _root_rels()), ("word/document.xml", document), ("word/_rels/document.xml.rels", _document_rels(links, header, footer, macros))]
    if header:
        members.append(("word/header1.xml", f"{_DECLARATION}<w:hdr {_NAMESPACES}>{_simple_paragraph(header, 'Header')}</w:hdr>"))
    if footer:
        members.append(("word/footer1.xml", f"{_DECLARATION}<w:ftr {_NAMESPACES}>{_simple_paragraph(footer + ' ', 'Footer', extra=_page_field())}</w:ftr>"))
    members.append(("word/footnotes.xml", _notes("footnotes", footnote)))
    members.append(("word/endnotes.xml", _notes("endnotes", endnote)))
    comment_paragraph = f'<w:p>{_ppr("CommentText")}<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>{_text_runs(comment, None, True, [0])}</w:p>'
    members.append(("word/comments.xml", f'{_DECLARATION}<w:comments {_NAMESPACES}>' + (f'<w:comment w:id="0" w:author="Editor" w:date="2024-01-01T00:00:00Z" w:initials="E">{comment_paragraph}</w:comment>' if comment else "") + "</w:comments>"))
    members.append(("word/styles.xml", _styles()))
    members.append(("word/settings.xml", f'{_DECLARATION}<w:settings {_NAMESPACES}><w:zoom w:percent="100"/><w:proofState w:spelling="clean" w:grammar="clean"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:rsids><w:rsidRoot w:val="00A51C2E"/>' + "".join(f'<w:rsid w:val="{r}"/>' for r in _RSIDS) + '</w:rsids><w:themeFontLang w:val="en-US" w:bidi="ar-SA"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>'))
    members.append(("word/fontTable.xml", f'{_DECLARATION}<w:fonts {_NAMESPACES}><w:font w:name="Calibri"><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font><w:font w:name="Arial"><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>'))
    if image_alt or image_title:
        members.append(("word/media/image1.png", _png()))
    if macros:
        members.append(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"Attribute VB_Name = \"ThisDocument\"\r\n"))
        members.append(("word/_rels/vbaProject.bin.rels", f'{_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/wordVbaData" Target="vbaData.xml"/></Relationships>'))
        members.append(("word/vbaData.xml", f'{_DECLARATION}<wne:vbaSuppData xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"><wne:mcds/></wne:vbaSuppData>'))
    members.append(("docProps/core.xml", _core(title, subject)))
    members.append(("docProps/app.xml", f'{_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template><Application>Microsoft Office Word</Application><TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>{escape(title)}</vt:lpstr></vt:vector></TitlesOfParts><AppVersion>16.0000</AppVersion></Properties>'))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue()


def _content_types(header: str, footer: str, macros: bool) -> str:
    main = "application/vnd.ms-word.document.macroEnabled.main+xml" if macros else "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    overrides = [("/word/document.xml", main), ("/word/styles.xml", f"{wml}.styles+xml"), ("/word/settings.xml", f"{wml}.settings+xml"), ("/word/fontTable.xml", f"{wml}.fontTable+xml"), ("/word/footnotes.xml", f"{wml}.footnotes+xml"), ("/word/endnotes.xml", f"{wml}.endnotes+xml"), ("/word/comments.xml", f"{wml}.comments+xml"), ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"), ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
    if header:
        overrides.append(("/word/header1.xml", f"{wml}.header+xml"))
    if footer:
        overrides.append(("/word/footer1.xml", f"{wml}.footer+xml"))
    if macros:
        overrides.append(("/word/vbaData.xml", "application/vnd.ms-word.vbaData+xml"))
    defaults = '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
    if macros:
        defaults += '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    return f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{defaults}' + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides) + "</Types>"


def _root_rels() -> str:
    return (
        f'{_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )


def _document_rels(links: dict[str, str], header: str, footer: str, macros: bool) -> str:
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    rels = [("rIdStyles", "styles", "styles.xml"), ("rIdSettings", "settings", "settings.xml"), ("rIdFonts", "fontTable", "fontTable.xml"), ("rIdFootnotes", "footnotes", "footnotes.xml"), ("rIdEndnotes", "endnotes", "endnotes.xml"), ("rIdComments", "comments", "comments.xml"), ("rIdImage1", "image", "media/image1.png")]
    if header:
        rels.append(("rIdHeader1", "header", "header1.xml"))
    if footer:
        rels.append(("rIdFooter1", "footer", "footer1.xml"))
    text = "".join(f'<Relationship Id="{rel_id}" Type="{base}{kind}" Target="{target}"/>' for rel_id, kind, target in rels)
    if macros:
        text += '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
    text += "".join(f'<Relationship Id="{rel_id}" Type="{base}hyperlink" Target={quoteattr(url)} TargetMode="External"/>' for url, rel_id in links.items())
    return f'{_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{text}</Relationships>'


def _core(title: str, subject: str) -> str:
    return (
        f'{_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:subject>{escape(subject)}</dc:subject><dc:creator>Editor</dc:creator><cp:lastModifiedBy>Editor</cp:lastModifiedBy><cp:revision>3</cp:revision>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>'
    )


def sample_article(macros: bool = False) -> bytes:
    """A short Arabic news article with every part the builder offers (for scripts and tests)."""
    headline = "الحكومة تعلن خطة جديدة للطاقة"
    lead = "أعلنت الحكومة يوم الأحد عن خطة جديدة لتوسيع إنتاج الطاقة الشمسية في البلاد. وقال وزير الطاقة إن الخطة ستوفر آلاف الوظائف."
    second = "وتهدف الخطة إلى إنتاج 5000 ميغاواط بحلول عام 2030، بحسب بيان نشرته وكالة الأنباء الرسمية."
    link_at = second.index("وكالة الأنباء")
    return build_docx(
        [
            SampleParagraph(headline, heading=1),
            SampleParagraph(lead, (SampleSpan(lead.index("الحكومة"), lead.index("الحكومة") + len("الحكومة"), bold=True),)),
            SampleParagraph(second, (SampleSpan(link_at, link_at + len("وكالة الأنباء الرسمية"), link="https://example.org/news"),)),
            "ورحب خبراء بالخطة لكنهم حذروا من صعوبات في التمويل.",
        ],
        table=[["المدينة", "الإنتاج"], ["عمّان", "1200 ميغاواط"]],
        header="صحيفة الأخبار",
        footer="جميع الحقوق محفوظة",
        footnote="المصدر: وزارة الطاقة.",
        endnote="نشر هذا الخبر أولاً على الموقع.",
        comment="يرجى التحقق من الأرقام.",
        textbox="أرقام رئيسية عن الخطة",
        image_alt="ألواح شمسية في الصحراء",
        image_title="محطة طاقة شمسية",
        title="خطة الطاقة الجديدة",
        subject="اقتصاد",
        tracked=(" وأضاف الخبراء تفاصيل أخرى.", " نص محذوف"),
        macros=macros,
    )
