"""``--extract article``: the article of a web page — headline, byline and date, body — without the
page around it (menus, ads, "read more" teasers, share bars, footers), and its English as a clean page.

The article is found by trafilatura (``scripts/eval_extract.py`` measures it against readability-lxml
on Arabic news pages: it keeps more of the body and less of the page). Its XML output is read into
paragraphs of runs like any document: the headline (``heading`` 1; the page's title when the body has
none), the byline and date, then the body's headings, paragraphs, list items, quotes and table cells;
bold/italic (``<hi>``) and links (``<ref target>``) are runs of their own look.

The English is not written back into the original page — the page around the article was not
translated — but as a new page (:data:`ARTICLE_PAGE`): ``<html lang="en" dir="ltr">``, the headline as
``<title>`` and ``<h1>``, every paragraph in its element, bold, italics and links kept.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from translate.errors import InputError
from translate.formats.base import RunSpan, SourceDocument, SourceParagraph, TargetParagraph
from translate.formats.html_decode import decode_page
from translate.formats.html_rtl import strip_marks

__all__ = ["ARTICLE_PAGE", "ArticlePage", "extract_article"]

#: Run keys: 0 plain text; the others are (tag, attributes) rebuilt around the English.
_LOOKS: dict[tuple[str, str], tuple[str, tuple[tuple[str, str], ...]]] = {
    ("hi", "#b"): ("b", ()),
    ("hi", "#i"): ("i", ()),
    ("hi", "#u"): ("u", ()),
    ("hi", "#t"): ("code", ()),
    ("hi", "#sup"): ("sup", ()),
    ("hi", "#sub"): ("sub", ()),
}
_SPACE = re.compile(r"[ \t\n\r\f]+")
_BLOCK_TAGS = {"head": "h", "p": "p", "item": "li", "quote": "blockquote", "cell": "td"}


def _extracted_xml(data: bytes, path: str) -> Any:
    import trafilatura
    from lxml import etree

    text = decode_page(data, path).text
    xml = trafilatura.extract(text, output_format="xml", include_comments=False, include_tables=True, include_formatting=True, include_links=True, include_images=False, favor_recall=True, with_metadata=True, deduplicate=False)
    if not xml:
        raise InputError(path, "has no article the extractor could find", "translate the whole page (--extract page)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(xml.encode("utf-8"), parser)


class _Reader:
    def __init__(self) -> None:
        self.keys: dict[tuple[str, tuple[tuple[str, str], ...]], int] = {}
        self.looks: list[tuple[str, tuple[tuple[str, str], ...]]] = [("", ())]

    def key(self, look: tuple[str, tuple[tuple[str, str], ...]]) -> int:
        if look not in self.keys:
            self.keys[look] = len(self.looks)
            self.looks.append(look)
        return self.keys[look]

    def paragraph(self, element: Any, role: str, heading: int) -> SourceParagraph:
        pieces: list[tuple[str, int]] = []

        def add(text: str | None, key: int) -> None:
            if text:
                pieces.append((strip_marks(text), key))

        add(element.text, 0)
        for child in element:
            tag = child.tag
            if tag == "lb":
                add("\n", 0)
            elif tag == "ref":
                add("".join(child.itertext()), self.key(("a", (("href", child.get("target") or ""),))))
            elif tag == "hi" and (tag, child.get("rend") or "") in _LOOKS:
                add("".join(child.itertext()), self.key(_LOOKS[(tag, child.get("rend") or "")]))
            else:
                add("".join(child.itertext()), 0)
            add(child.tail, 0)
        text, runs, position = "", [], 0
        for piece, key in pieces:
            piece = piece if piece == "\n" else _SPACE.sub(" ", piece)
            if not piece:
                continue
            if runs and runs[-1].key == key:
                runs[-1] = RunSpan(runs[-1].start, position + len(piece), key)
            else:
                runs.append(RunSpan(position, position + len(piece), key))
            text += piece
            position += len(piece)
        stripped = text.strip()
        if stripped != text:
            lead = len(text) - len(text.lstrip())
            runs = [RunSpan(max(r.start - lead, 0), min(r.end - lead, len(stripped)), r.key) for r in runs]
            runs = [r for r in runs if r.end > r.start]
        return SourceParagraph(stripped, tuple(runs), role=role, heading=heading)


def _read(data: bytes, path: str) -> tuple[SourceDocument, list[str], list[tuple[str, tuple[tuple[str, str], ...]]]]:
    """The article's paragraphs, each one's element (``h1``, ``p``, ``li``…) and the run looks."""
    root = _extracted_xml(data, path)
    main = root.find("main")
    reader = _Reader()
    paragraphs: list[SourceParagraph] = []
    elements: list[str] = []
    heads = [] if main is None else [e for e in main.iter("head")]
    title = (root.get("title") or "").strip()
    if title and not any("".join(head.itertext()).strip() == title for head in heads):
        paragraphs.append(SourceParagraph(title, (RunSpan(0, len(title), 0),), heading=1))
        elements.append("h1")
    byline = " — ".join(value for value in ((root.get("author") or "").strip(), (root.get("date") or "").strip()) if value)
    if main is not None:
        for element in main.iter(*_BLOCK_TAGS):
            if element.tag in ("p", "item", "quote", "head", "cell") and any(child.tag in _BLOCK_TAGS for child in element):
                continue  # a container of blocks: its children are read
            level = 0
            if element.tag == "head":
                rend = element.get("rend") or "h2"
                level = int(rend[1]) if len(rend) == 2 and rend[1].isdigit() else 2
            paragraph = reader.paragraph(element, "table" if element.tag == "cell" else "body", level)
            if not paragraph.text:
                continue
            paragraphs.append(paragraph)
            elements.append(f"h{level}" if element.tag == "head" else _BLOCK_TAGS[element.tag])
            if len(paragraphs) == 1 and byline:
                paragraphs.append(SourceParagraph(byline, (RunSpan(0, len(byline), 0),)))
                elements.append("byline")
    if byline and "byline" not in elements:
        paragraphs.insert(1 if paragraphs else 0, SourceParagraph(byline, (RunSpan(0, len(byline), 0),)))
        elements.insert(1 if elements else 0, "byline")
    return SourceDocument("html", tuple(paragraphs), ("article extracted",)), elements, reader.looks


def extract_article(data: bytes, path: str) -> SourceDocument:
    """The article of the page ``data`` as paragraphs of runs (see the module docstring)."""
    return _read(data, path)[0]


def _runs_html(paragraph: TargetParagraph, looks: list[tuple[str, tuple[tuple[str, str], ...]]]) -> str:
    out = []
    for run in paragraph.runs:
        text = escape(paragraph.text[run.start : run.end], quote=False).replace("\n", "<br>")
        tag, attributes = looks[run.key] if run.key < len(looks) else ("", ())
        if tag:
            attrs = "".join(f' {name}="{escape(value, quote=True)}"' for name, value in attributes)
            out.append(f"<{tag}{attrs}>{text}</{tag}>")
        else:
            out.append(text)
    return "".join(out)


class ArticlePage:
    """Writes the English of an extracted article as a page of its own (see the module docstring)."""

    name = "html"
    suffixes = (".html", ".htm", ".xhtml")

    def read(self, data: bytes, path: str) -> SourceDocument:
        return extract_article(data, path)

    def write(self, data: bytes, paragraphs: list[TargetParagraph | None], path: str) -> bytes:
        source, elements, looks = _read(data, path)
        body: list[str] = []
        title = ""
        for original, element, english in zip(source.paragraphs, elements, paragraphs):
            paragraph = english if english is not None else TargetParagraph(original.text, original.runs)
            if element == "h1" and not title:
                title = paragraph.text
            if element == "byline":
                body.append(f'<p class="byline">{_runs_html(paragraph, looks)}</p>')
            elif element == "td":
                body.append(f"<table><tr><td>{_runs_html(paragraph, looks)}</td></tr></table>")
            else:
                body.append(f"<{element}>{_runs_html(paragraph, looks)}</{element}>")
        if not title:
            title = next((p.text for p in paragraphs if p is not None and p.text), "")
        page = f'<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8"><title>{escape(title, quote=False)}</title></head><body><article>{"".join(body)}</article></body></html>\n'
        return page.encode("utf-8")


ARTICLE_PAGE = ArticlePage()
