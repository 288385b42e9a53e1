"""An HTML fragment (the API's ``format=html``) translated with its sentences whole.

The fragment is read as the web-page format reads a page (:mod:`translate.formats.html`): its text is
paragraphs of runs, so a sentence cut by ``<b>``…``</b>`` or a link is one sentence for the
segmenter and the model, and its English goes back into the same tags. As LibreTranslate does for
``format=html``, only text is translated: attribute values (``alt``, ``title``, ``placeholder``)
are kept as sent. A fragment comes back as a fragment — the ``<html>``, ``<head>`` and
``<body>`` the parser adds are not written — and a whole page comes back as a page, left to right.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from translate.formats.base import SourceDocument
from translate.formats.html import HTML
from translate.formats.layout import Layout, layout_of
from translate.formats.transfer import english_paragraphs
from translate.records import Pair

__all__ = ["HtmlFragment", "read_fragment", "write_fragment"]

_WHOLE_PAGE = re.compile(r"<\s*(?:html|body|head)\b|<!doctype", re.IGNORECASE)
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)
_NAME = "fragment.html"


@dataclass(frozen=True)
class HtmlFragment:
    """A fragment as read: its layout (whose ``text`` is the article to translate) and whether it was
    a whole page."""

    source: str
    layout: Layout
    whole_page: bool


def read_fragment(source: str) -> HtmlFragment:
    """Read the HTML ``source`` (see the module docstring)."""
    data = source.encode("utf-8")
    document = HTML.read(data, _NAME)
    # Alt text and titles are kept as sent (LibreTranslate translates text nodes only).
    kept = tuple(replace(p, translate=False) if p.role in ("alt", "attribute") else p for p in document.paragraphs)
    return HtmlFragment(source, layout_of(SourceDocument(document.format, kept, document.notes), data), bool(_WHOLE_PAGE.search(source)))


def write_fragment(fragment: HtmlFragment, pairs: Sequence[Pair]) -> str:
    """The fragment with its text in English (pairs' offsets are in ``fragment.layout.text``)."""
    if not fragment.layout.text.strip():
        return fragment.source
    paragraphs = english_paragraphs(fragment.layout, pairs)
    page = HTML.write(fragment.source.encode("utf-8"), paragraphs, _NAME).decode("utf-8")
    if fragment.whole_page:
        return page
    body = _BODY.search(page)
    return body.group(1) if body else page
