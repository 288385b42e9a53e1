"""Realistic Arabic OpenDocument texts for tests and scripts, built byte for byte.

What LibreOffice writes for an Arabic article (compare a ``.docx`` it converts, or one typed in
Writer with an Arabic locale), and what this builder therefore writes: paragraph styles in
``style:writing-mode="rl-tb"``, a page layout in ``rl-tb``, a default style whose Western language is
Arabic (``fo:language="ar"``); sentences split into spans that only set a language
(``fo:language="en"`` with ``style:language-complex="ar"``, or the complex language alone) or an
rsid (``officeooo:rsid``) — so a reader that does not merge them splits sentences. Bold is Western +
Asian + complex bold, italic complex-only (``style:font-style-complex``). A link is ``text:a`` around
an ``Internet_20_link`` span around a language span. A Title paragraph, a ``text:h`` heading, a
bulleted list, a table with a caption (``text:sequence``), a header with a tab and a different
left-page header, a footer with a ``text:page-number`` field, a footnote and an endnote
(``text:note``), a comment (``office:annotation``), a text box (``draw:frame``/``draw:text-box``), an
image with ``svg:title``/``svg:desc``, a bookmark, a soft page break, ``text:s`` for repeated
spaces, tracked changes (an insertion and a deletion), and ``meta.xml`` title, subject,
description and ``dc:language``. The ``mimetype`` is the first member, stored.

Everything is deterministic: fixed names, fixed dates, zip entries dated 1980-01-01.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from translate.testing.docx_samples import SampleParagraph, SampleSpan

__all__ = ["SampleParagraph", "SampleSpan", "build_odt", "sample_article"]

_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" xmlns:officeooo="http://openoffice.org/2009/office" '
    'xmlns:ooo="http://openoffice.org/2004/office" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"'
)
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
_MIMETYPE = "application/vnd.oasis.opendocument.text"
_DATE = (1980, 1, 1, 0, 0, 0)
_IMAGE = "Pictures/10000000000000040000000466C3E2A1B2C3D4E5.png"
#: Base-look spans LibreOffice splits a sentence into: language-only and rsid-only, in turn.
_SPLIT_STYLES = ("T1", "T2", "T5")
_ALIGNED = {"": "P1", "end": "P2", "right": "P14", "center": "P3", "justify": "P4", "ltr-end": "P5"}
_FONTS = (
    "<office:font-face-decls>"
    '<style:font-face style:name="Liberation Serif" svg:font-family="&apos;Liberation Serif&apos;" style:font-family-generic="roman" style:font-pitch="variable"/>'
    '<style:font-face style:name="DejaVu Sans" svg:font-family="&apos;DejaVu Sans&apos;" style:font-family-generic="swiss" style:font-pitch="variable"/>'
    "</office:font-face-decls>"
)


def _png() -> bytes:
    """A 4×4 PNG (the image the frame shows)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    pixels = zlib.compress(b"".join(b"\x00" + b"\xc0\x90\x20" * 4 for _ in range(4)), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _spaces(text: str) -> str:
    """``text`` escaped, with the spaces ODF would collapse (leading, repeated) as ``text:s``,
    tabs and line breaks as their elements — what LibreOffice writes."""
    out = []
    for piece in re.split(r"(\t|\n| {2,}|^ )", text):
        if piece == "\t":
            out.append("<text:tab/>")
        elif piece == "\n":
            out.append("<text:line-break/>")
        elif piece.startswith(" ") and not piece.strip() and (len(piece) > 1 or not out):
            lead = 0 if not out else 1
            out.append(" " * lead + (f'<text:s text:c="{len(piece) - lead}"/>' if len(piece) - lead > 1 else "<text:s/>"))
        elif piece:
            out.append(escape(piece))
    return "".join(out)


def _split(text: str, style: str | None, counter: list[int], names: tuple[str, ...] = _SPLIT_STYLES) -> str:
    """``text`` in spans of one look; with ``style`` None, split as LibreOffice splits it into the
    base-look styles ``names`` (``styles.xml`` has its own automatic styles)."""
    if style is not None:
        return f'<text:span text:style-name="{style}">{_spaces(text)}</text:span>'
    chunks = re.findall(r"\S+\s*|\s+", text)
    out = []
    for index in range(0, len(chunks), 2):
        counter[0] += 1
        out.append(f'<text:span text:style-name="{names[counter[0] % len(names)]}">{_spaces("".join(chunks[index : index + 2]))}</text:span>')
    return "".join(out)


def _pieces(paragraph: SampleParagraph) -> list[tuple[str, SampleSpan | None]]:
    cuts = sorted({0, len(paragraph.text), *(s.start for s in paragraph.spans), *(s.end for s in paragraph.spans)})
    return [(paragraph.text[a:b], next((s for s in paragraph.spans if s.start <= a and b <= s.end), None)) for a, b in zip(cuts, cuts[1:])]


def _runs(paragraph: SampleParagraph, counter: list[int]) -> str:
    out = []
    for text, span in _pieces(paragraph):
        if span is not None and span.link:
            inner = _split(text, None, counter)
            out.append(f'<text:a xlink:type="simple" xlink:href={quoteattr(span.link)} text:style-name="Internet_20_link" text:visited-style-name="Visited_20_Internet_20_Link"><text:span text:style-name="Internet_20_link">{inner}</text:span></text:a>')
        elif span is not None and (span.bold or span.italic):
            out.append(_split(text, "T3" if span.bold else "T4", counter))
        else:
            out.append(_split(text, None, counter))
    return "".join(out)


def _automatic_styles() -> str:
    def paragraph(name: str, parent: str, extra: str = "", mode: str = "rl-tb") -> str:
        return f'<style:style style:name="{name}" style:family="paragraph" style:parent-style-name="{parent}"><style:paragraph-properties {extra}style:writing-mode="{mode}"/></style:style>'

    def text(name: str, properties: str) -> str:
        return f'<style:style style:name="{name}" style:family="text"><style:text-properties {properties}/></style:style>'

    return (
        "<office:automatic-styles>"
        '<style:style style:name="Table1" style:family="table"><style:table-properties style:width="6.25in" table:align="right" style:writing-mode="rl-tb"/></style:style>'
        '<style:style style:name="Table1.A" style:family="table-column"><style:table-column-properties style:column-width="3.125in"/></style:style>'
        '<style:style style:name="Table1.A1" style:family="table-cell"><style:table-cell-properties fo:padding="0.04in" fo:border="0.5pt solid #000000" style:writing-mode="rl-tb"/></style:style>'
        + paragraph("P1", "Text_20_body")
        + paragraph("P2", "Text_20_body", 'fo:text-align="end" style:justify-single-word="false" ')
        + paragraph("P3", "Text_20_body", 'fo:text-align="center" style:justify-single-word="false" ')
        + paragraph("P4", "Text_20_body", 'fo:text-align="justify" style:justify-single-word="false" ')
        # A generator that right-aligns Arabic without marking it right-to-left.
        + paragraph("P5", "Text_20_body", 'fo:text-align="end" style:justify-single-word="false" ', "lr-tb")
        + paragraph("P6", "Heading_20_2")
        + paragraph("P7", "Title")
        + paragraph("P8", "Table_20_Contents")
        + paragraph("P9", "Footnote")
        + paragraph("P10", "Endnote")
        + paragraph("P11", "Frame_20_contents")
        + paragraph("P12", "Table")
        + paragraph("P14", "Text_20_body", 'fo:text-align="right" style:justify-single-word="false" ')
        + '<style:style style:name="P13" style:family="paragraph" style:parent-style-name="List" style:list-style-name="L1"><style:paragraph-properties style:writing-mode="rl-tb"/></style:style>'
        + text("T1", 'fo:language="en" fo:country="US" style:language-complex="ar" style:country-complex="EG"')
        + text("T2", 'style:language-complex="ar" style:country-complex="SA"')
        + text("T3", 'fo:font-weight="bold" style:font-weight-asian="bold" style:language-complex="ar" style:country-complex="SA" style:font-weight-complex="bold"')
        + text("T4", 'style:language-complex="ar" style:country-complex="SA" style:font-style-complex="italic"')
        + text("T5", 'officeooo:rsid="0012a3f4" style:language-complex="ar" style:country-complex="SA"')
        + '<style:style style:name="fr1" style:family="graphic" style:parent-style-name="Graphics"><style:graphic-properties style:vertical-pos="top" style:vertical-rel="baseline" fo:border="none" style:mirror="none"/></style:style>'
        '<style:style style:name="fr2" style:family="graphic" style:parent-style-name="Frame"><style:graphic-properties style:wrap="parallel" style:vertical-pos="top" style:vertical-rel="paragraph" style:horizontal-pos="right" style:horizontal-rel="paragraph" fo:border="0.5pt solid #000000" style:writing-mode="rl-tb"/></style:style>'
        '<text:list-style style:name="L1"><text:list-level-style-bullet text:level="1" text:style-name="Bullet_20_Symbols" text:bullet-char="•"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.5in" fo:text-indent="-0.25in" fo:margin-left="0.5in"/></style:list-level-properties></text:list-level-style-bullet>'
        '<text:list-level-style-number text:level="2" style:num-suffix="." style:num-format="أ, ب, ت, ..."><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.75in" fo:text-indent="-0.25in" fo:margin-left="0.75in"/></style:list-level-properties></text:list-level-style-number></text:list-style>'
        "</office:automatic-styles>"
    )


def _styles_xml(header: str, header_left: str, footer: str) -> str:
    def common(name: str, parent: str, display: str, paragraph: str = "", text: str = "", extra: str = "") -> str:
        display_attribute = f' style:display-name="{display}"' if display != name else ""
        parent_attribute = f' style:parent-style-name="{parent}"' if parent else ""
        return (
            f'<style:style style:name="{name}"{display_attribute} style:family="paragraph"{parent_attribute}{extra}>'
            + (f"<style:paragraph-properties {paragraph}/>" if paragraph else "")
            + (f"<style:text-properties {text}/>" if text else "")
            + "</style:style>"
        )

    def page_part(tag: str, text: str, field: str = "") -> str:
        return f'<style:{tag}><text:p text:style-name="MP1">{_split(text, None, [0], ("MT1", "MT2", "MT3"))}{field}</text:p></style:{tag}>' if text else ""

    styles = (
        '<style:default-style style:family="graphic"><style:graphic-properties style:writing-mode="rl-tb"/></style:default-style>'
        '<style:default-style style:family="paragraph"><style:paragraph-properties fo:hyphenation-ladder-count="no-limit" style:text-autospace="ideograph-alpha" style:line-break="strict" style:writing-mode="page"/>'
        '<style:text-properties style:font-name="Liberation Serif" fo:font-size="12pt" fo:language="ar" fo:country="SA" style:font-name-asian="DejaVu Sans" style:font-size-asian="10.5pt" style:language-asian="zh" style:country-asian="CN" style:font-name-complex="DejaVu Sans" style:font-size-complex="12pt" style:language-complex="ar" style:country-complex="SA"/></style:default-style>'
        + common("Standard", "", "Standard", extra=' style:class="text"')
        + common("Heading", "Standard", "Heading", 'fo:margin-top="0.1665in" fo:margin-bottom="0.0835in" fo:keep-with-next="always"', 'fo:font-size="14pt" style:font-size-complex="14pt"', ' style:next-style-name="Text_20_body" style:class="text"')
        + common("Text_20_body", "Standard", "Text body", 'fo:margin-top="0in" fo:margin-bottom="0.0972in" fo:line-height="115%"', extra=' style:class="text"')
        + common("List", "Text_20_body", "List", extra=' style:class="list"')
        + common("Caption", "Standard", "Caption", 'fo:margin-top="0.0835in" fo:margin-bottom="0.0835in" text:number-lines="false"', 'fo:font-size="12pt" fo:font-style="italic" style:font-size-complex="12pt" style:font-style-complex="italic"', ' style:class="extra"')
        + common("Table", "Caption", "Table", extra=' style:class="extra"')
        + common("Title", "Heading", "Title", 'fo:text-align="center"', 'fo:font-size="28pt" fo:font-weight="bold" style:font-size-complex="28pt" style:font-weight-complex="bold"', ' style:class="chapter"')
        + common("Heading_20_2", "Heading", "Heading 2", 'fo:margin-top="0.139in" fo:margin-bottom="0.0835in"', 'fo:font-size="115%" fo:font-weight="bold" style:font-size-complex="115%" style:font-weight-complex="bold"', ' style:default-outline-level="2" style:class="text"')
        + common("Header_20_and_20_Footer", "Standard", "Header and Footer", extra=' style:class="extra"')
        + common("Header", "Header_20_and_20_Footer", "Header", 'text:number-lines="false"', extra=' style:class="extra"')
        + common("Footer", "Header_20_and_20_Footer", "Footer", 'text:number-lines="false"', extra=' style:class="extra"')
        + common("Footnote", "Standard", "Footnote", 'fo:margin-left="0.1965in" fo:text-indent="-0.1965in"', 'fo:font-size="10pt" style:font-size-complex="10pt"', ' style:class="extra"')
        + common("Endnote", "Standard", "Endnote", 'fo:margin-left="0.1965in" fo:text-indent="-0.1965in"', 'fo:font-size="10pt" style:font-size-complex="10pt"', ' style:class="extra"')
        + common("Table_20_Contents", "Standard", "Table Contents", extra=' style:class="extra"')
        + common("Frame_20_contents", "Standard", "Frame contents", extra=' style:class="extra"')
        + '<style:style style:name="Internet_20_link" style:display-name="Internet link" style:family="text"><style:text-properties fo:color="#000080" style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"/></style:style>'
        '<style:style style:name="Visited_20_Internet_20_Link" style:display-name="Visited Internet Link" style:family="text"><style:text-properties fo:color="#800000" style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"/></style:style>'
        '<style:style style:name="Footnote_20_anchor" style:display-name="Footnote anchor" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>'
        '<style:style style:name="Graphics" style:family="graphic"><style:graphic-properties text:anchor-type="paragraph" svg:x="0in" svg:y="0in" style:wrap="dynamic" style:vertical-pos="top" style:vertical-rel="paragraph" style:horizontal-pos="center" style:horizontal-rel="paragraph"/></style:style>'
        '<style:style style:name="Frame" style:family="graphic"><style:graphic-properties text:anchor-type="paragraph" svg:x="0in" svg:y="0in" fo:padding="0.0591in" fo:border="0.06pt solid #000000" style:wrap="parallel" style:vertical-pos="top" style:vertical-rel="paragraph-content" style:horizontal-pos="center" style:horizontal-rel="paragraph-content"/></style:style>'
        '<text:notes-configuration text:note-class="footnote" style:num-format="1" text:start-value="0" text:footnotes-position="page" text:start-numbering-at="document"/>'
        '<text:notes-configuration text:note-class="endnote" style:num-format="i" text:start-value="0"/>'
    )
    automatic = (
        '<office:automatic-styles><style:style style:name="MP1" style:family="paragraph" style:parent-style-name="Header"><style:paragraph-properties style:writing-mode="rl-tb"/></style:style>'
        '<style:style style:name="MT1" style:family="text"><style:text-properties fo:language="en" fo:country="US" style:language-complex="ar" style:country-complex="EG"/></style:style>'
        '<style:style style:name="MT2" style:family="text"><style:text-properties style:language-complex="ar" style:country-complex="SA"/></style:style>'
        '<style:style style:name="MT3" style:family="text"><style:text-properties officeooo:rsid="0012a3f4" style:language-complex="ar"/></style:style>'
        '<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="8.2701in" fo:page-height="11.6902in" style:num-format="١, ٢, ٣, ..." style:print-orientation="portrait" fo:margin-top="0.7874in" fo:margin-bottom="0.7874in" fo:margin-left="0.7874in" fo:margin-right="0.7874in" style:writing-mode="rl-tb"/>'
        '<style:header-style><style:header-footer-properties fo:min-height="0in" fo:margin-bottom="0.1965in"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0in" fo:margin-top="0.1965in"/></style:footer-style></style:page-layout>'
        "</office:automatic-styles>"
    )
    page_number = '<text:page-number text:select-page="current">1</text:page-number>'
    master = (
        '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">'
        + page_part("header", header)
        + page_part("header-left", header_left)
        + page_part("footer", footer + " ", page_number)
        + "</style:master-page></office:master-styles>"
    )
    return f'{_DECLARATION}<office:document-styles {_NAMESPACES} office:version="1.3">{_FONTS}<office:styles>{styles}</office:styles>{automatic}{master}</office:document-styles>'


def _meta(title: str, subject: str, description: str) -> str:
    fields = "".join(f"<dc:{tag}>{escape(value)}</dc:{tag}>" for tag, value in (("title", title), ("subject", subject), ("description", description)) if value)
    return (
        f'{_DECLARATION}<office:document-meta {_NAMESPACES} office:version="1.3"><office:meta>'
        "<meta:initial-creator>Editor</meta:initial-creator><meta:creation-date>2024-01-01T00:00:00</meta:creation-date>"
        f"{fields}<dc:language>ar-SA</dc:language><dc:creator>Editor</dc:creator><dc:date>2024-01-01T00:00:00</dc:date><meta:editing-cycles>3</meta:editing-cycles>"
        "<meta:generator>LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2</meta:generator>"
        '<meta:document-statistic meta:table-count="1" meta:image-count="1" meta:object-count="0" meta:page-count="1"/></office:meta></office:document-meta>'
    )


def _manifest(image: bool) -> str:
    entries = [("/", _MIMETYPE), ("content.xml", "text/xml"), ("styles.xml", "text/xml"), ("meta.xml", "text/xml"), ("settings.xml", "text/xml")] + ([(_IMAGE, "image/png")] if image else [])
    body = "".join(f'<manifest:file-entry manifest:full-path="{path}" manifest:media-type="{kind}"' + (' manifest:version="1.3"' if path == "/" else "") + "/>" for path, kind in entries)
    return f'{_DECLARATION}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">{body}</manifest:manifest>'


def _settings() -> str:
    return (
        f'{_DECLARATION}<office:document-settings {_NAMESPACES} office:version="1.3"><office:settings>'
        '<config:config-item-set config:name="ooo:configuration-settings"><config:config-item config:name="PrinterIndependentLayout" config:type="string">high-resolution</config:config-item></config:config-item-set>'
        "</office:settings></office:document-settings>"
    )


def build_odt(
    paragraphs: Sequence[str | SampleParagraph],
    *,
    table: Sequence[Sequence[str]] = (),
    table_caption: str = "",
    items: Sequence[str] = (),
    header: str = "",
    header_left: str = "",
    footer: str = "",
    footnote: str = "",
    endnote: str = "",
    comment: str = "",
    textbox: str = "",
    image_alt: str = "",
    image_title: str = "",
    title: str = "",
    subject: str = "",
    description: str = "",
    tracked: tuple[str, str] | None = None,
) -> bytes:
    """An OpenDocument text of the body ``paragraphs`` (plain strings or :class:`SampleParagraph`;
    heading 1 is a Title paragraph, 2 and more a ``text:h``; ``align`` is ``""`` (start, as Writer
    leaves it), ``end``, ``right``, ``center``, ``justify``, or ``ltr-end`` — right-aligned but marked
    left-to-right), with the optional parts: ``table`` (rows of cell texts, after the second
    paragraph, with ``table_caption`` above it), ``items`` (a bulleted list after the table),
    ``header``/``header_left``/``footer`` (the footer ends in a page-number field),
    ``footnote``/``comment`` (on the first paragraph), ``endnote`` (on the last), ``textbox`` (a frame
    anchored in the second paragraph), an image with ``image_alt``/``image_title`` (after the first
    paragraph), ``meta.xml`` ``title``/``subject``/``description``, ``tracked`` = (inserted, deleted)
    text at the end of the last paragraph. The second paragraph has a bookmark around it and a soft
    page break after its first sentence."""
    samples = [p if isinstance(p, SampleParagraph) else SampleParagraph(p) for p in paragraphs]
    counter = [0]
    body: list[str] = []
    regions = ""
    if tracked is not None:
        regions = (
            '<text:tracked-changes text:track-changes="false">'
            '<text:changed-region xml:id="ct1" text:id="ct1"><text:insertion><office:change-info><dc:creator>Editor</dc:creator><dc:date>2024-01-01T00:00:00</dc:date></office:change-info></text:insertion></text:changed-region>'
            f'<text:changed-region xml:id="ct2" text:id="ct2"><text:deletion><office:change-info><dc:creator>Editor</dc:creator><dc:date>2024-01-01T00:00:00</dc:date></office:change-info><text:p text:style-name="P1"><text:span text:style-name="T2">{_spaces(tracked[1])}</text:span></text:p></text:deletion></text:changed-region>'
            "</text:tracked-changes>"
        )
    for index, sample in enumerate(samples):
        runs = _runs(sample, counter)
        before = after = ""
        if index == 0 and comment:
            before = f'<office:annotation office:name="__Annotation__1"><dc:creator>Editor</dc:creator><dc:date>2024-01-01T00:00:00</dc:date><text:p>{_split(comment, None, [0])}</text:p></office:annotation>'
            after = '<office:annotation-end office:name="__Annotation__1"/>'
        if index == 0 and footnote:
            after += f'<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p text:style-name="P9"><text:s/>{_split(footnote, None, [0])}</text:p></text:note-body></text:note>'
        if index == 1:
            first_stop = sample.text.find(". ")
            if first_stop > 0 and not sample.spans:
                runs = _split(sample.text[: first_stop + 2], None, counter) + "<text:soft-page-break/>" + _split(sample.text[first_stop + 2 :], None, counter)
            before = '<text:bookmark-start text:name="lead"/>' + before
            after = '<text:bookmark-end text:name="lead"/>' + after
            if textbox:
                after += f'<draw:frame draw:style-name="fr2" draw:name="Frame1" text:anchor-type="paragraph" svg:width="2in" draw:z-index="1"><draw:text-box fo:min-height="0.5in"><text:p text:style-name="P11">{_split(textbox, None, [0])}</text:p></draw:text-box></draw:frame>'
        if index == len(samples) - 1 and tracked is not None:
            after += f'<text:change-start text:change-id="ct1"/>{_split(tracked[0], "T2", counter)}<text:change-end text:change-id="ct1"/><text:change text:change-id="ct2"/>'
        if index == len(samples) - 1 and endnote:
            after += f'<text:note text:id="ftn2" text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p text:style-name="P10"><text:s/>{_split(endnote, None, [0])}</text:p></text:note-body></text:note>'
        if sample.heading == 1:
            body.append(f'<text:p text:style-name="P7">{before}{runs}{after}</text:p>')
        elif sample.heading:
            body.append(f'<text:h text:style-name="P6" text:outline-level="{sample.heading}">{before}{runs}{after}</text:h>')
        else:
            body.append(f'<text:p text:style-name="{_ALIGNED[sample.align]}">{before}{runs}{after}</text:p>')
        if index == 0 and (image_alt or image_title):
            described = (f"<svg:title>{escape(image_title)}</svg:title>" if image_title else "") + (f"<svg:desc>{escape(image_alt)}</svg:desc>" if image_alt else "")
            body.append(f'<text:p text:style-name="P3"><draw:frame draw:style-name="fr1" draw:name="Image1" text:anchor-type="as-char" svg:width="1in" svg:height="1in" draw:z-index="0"><draw:image xlink:href="{_IMAGE}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad" draw:mime-type="image/png"/>{described}</draw:frame></text:p>')
        if index == min(1, len(samples) - 1) and table:
            if table_caption:
                body.append(f'<text:p text:style-name="P12">{_split(table_caption, None, counter)}<text:sequence text:ref-name="refTable0" text:name="Table" text:formula="ooow:Table+1" style:num-format="1">1</text:sequence></text:p>')
            columns = max(len(row) for row in table)
            rows = "".join("<table:table-row>" + "".join(f'<table:table-cell table:style-name="Table1.A1" office:value-type="string"><text:p text:style-name="P8">{_split(cell, None, counter)}</text:p></table:table-cell>' for cell in row) + "</table:table-row>" for row in table)
            body.append(f'<table:table table:name="Table1" table:style-name="Table1"><table:table-column table:style-name="Table1.A" table:number-columns-repeated="{columns}"/>{rows}</table:table>')
            if items:
                body.append('<text:list xml:id="list1" text:style-name="L1">' + "".join(f'<text:list-item><text:p text:style-name="P13">{_split(item, None, counter)}</text:p></text:list-item>' for item in items) + "</text:list>")
    sequences = '<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Illustration"/><text:sequence-decl text:display-outline-level="0" text:name="Table"/><text:sequence-decl text:display-outline-level="0" text:name="Text"/><text:sequence-decl text:display-outline-level="0" text:name="Drawing"/></text:sequence-decls>'
    content = f'{_DECLARATION}<office:document-content {_NAMESPACES} office:version="1.3"><office:scripts/>{_FONTS}{_automatic_styles()}<office:body><office:text>{regions}{sequences}{"".join(body)}</office:text></office:body></office:document-content>'
    image = bool(image_alt or image_title)
    members: list[tuple[str, str | bytes]] = [("mimetype", _MIMETYPE), ("meta.xml", _meta(title, subject, description)), ("settings.xml", _settings()), ("content.xml", content), ("styles.xml", _styles_xml(header, header_left, footer))]
    if image:
        members.append((_IMAGE, _png()))
    members.append(("META-INF/manifest.xml", _manifest(image)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, member in members:
            info = zipfile.ZipInfo(name, date_time=_DATE)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info, member.encode("utf-8") if isinstance(member, str) else member)
    return buffer.getvalue()


def sample_article() -> bytes:
    """A short Arabic news article with every part the builder offers (for scripts and tests)."""
    headline = "الحكومة تعلن خطة جديدة للطاقة"
    subheading = "تفاصيل الخطة"
    lead = "أعلنت الحكومة يوم الأحد عن خطة جديدة لتوسيع إنتاج الطاقة الشمسية في البلاد. وقال وزير الطاقة إن الخطة ستوفر آلاف الوظائف."
    second = "وتهدف الخطة إلى إنتاج 5000 ميغاواط بحلول عام 2030،  بحسب بيان نشرته وكالة الأنباء الرسمية."
    bold_at = second.index("5000 ميغاواط")
    link_at = second.index("وكالة الأنباء")
    return build_odt(
        [
            SampleParagraph(headline, heading=1),
            lead,
            SampleParagraph(subheading, heading=2),
            SampleParagraph(second, (SampleSpan(bold_at, bold_at + len("5000 ميغاواط"), bold=True), SampleSpan(link_at, link_at + len("وكالة الأنباء الرسمية"), link="https://example.org/news"))),
            SampleParagraph("وقال مسؤول إن المرحلة الأولى ستبدأ العام المقبل.", (SampleSpan(0, len("وقال مسؤول"), italic=True),), align="end"),
            SampleParagraph("ويتوقع أن تخفض الخطة فاتورة الاستيراد.", align="right"),
            SampleParagraph("ورحب خبراء بالخطة لكنهم حذروا من صعوبات في التمويل.", align="ltr-end"),
            SampleParagraph("وتشمل الخطة حوافز ضريبية للمستثمرين.", align="center"),
        ],
        table=[["المدينة", "الإنتاج"], ["عمّان", "1200 ميغاواط"]],
        table_caption="جدول الإنتاج حسب المدينة ",
        items=["محطات في الجنوب", "محطات في الشمال"],
        header="صحيفة الأخبار\tالعدد الأول",
        header_left="صحيفة الأخبار اليومية",
        footer="جميع الحقوق محفوظة",
        footnote="المصدر: وزارة الطاقة.",
        endnote="نشر هذا الخبر أولاً على الموقع.",
        comment="يرجى التحقق من الأرقام.",
        textbox="أرقام رئيسية عن الخطة",
        image_alt="ألواح شمسية في الصحراء",
        image_title="محطة طاقة شمسية",
        title="خطة الطاقة الجديدة",
        subject="اقتصاد",
        description="خبر عن خطة الطاقة الشمسية",
        tracked=(" وأضاف الخبراء تفاصيل أخرى.", " نص محذوف"),
    )
