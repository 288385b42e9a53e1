"""``format=html``: translate an HTML fragment's text nodes and keep its markup byte for byte.

The fragment is tokenised with the standard library's :class:`html.parser.HTMLParser`, which builds
no tree, fetches nothing, expands no entities beyond HTML's own (no DTDs, so no entity bombs) and
accepts any broken markup in time linear in its length. Only the text between tags is replaced:
tags, attributes, comments, doctype and whitespace around each text stay exactly as sent. Text
inside ``script``, ``style``, ``code``, ``pre``, ``textarea`` (and ``noscript``, ``template``) is
never translated, nor is text without Arabic letters.

A limit to know: each text node is translated on its own, so a sentence cut by inline markup
(``<b>``…``</b>``) is translated in pieces; attributes (``alt``, ``title``) are not translated.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from html.parser import HTMLParser

from translate.script import arabic_letter_count

__all__ = ["HtmlText", "TextNode", "render_html", "text_nodes"]

#: Elements whose text is code or verbatim, not prose.
VERBATIM = frozenset({"script", "style", "code", "pre", "textarea", "noscript", "template"})


@dataclass(frozen=True)
class TextNode:
    """A run of text between two tags: ``start``/``end`` index the raw HTML (entities as written),
    ``text`` is its unescaped content without the surrounding whitespace."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class HtmlText:
    source: str
    nodes: tuple[TextNode, ...]


class _Scanner(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self._line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self._line_starts.append(index + 1)
        self.events: list[tuple[int, str | None]] = []  # (offset, text or None for markup)
        self._verbatim = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append((self._offset(), None))
        if tag in VERBATIM:
            self._verbatim += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append((self._offset(), None))

    def handle_endtag(self, tag: str) -> None:
        self.events.append((self._offset(), None))
        if tag in VERBATIM and self._verbatim:
            self._verbatim -= 1

    def handle_data(self, data: str) -> None:
        self.events.append((self._offset(), None if self._verbatim else data))

    def handle_comment(self, data: str) -> None:
        self.events.append((self._offset(), None))

    def handle_decl(self, decl: str) -> None:
        self.events.append((self._offset(), None))

    def handle_pi(self, data: str) -> None:
        self.events.append((self._offset(), None))

    def unknown_decl(self, data: str) -> None:
        self.events.append((self._offset(), None))


def text_nodes(source: str) -> HtmlText:
    """The translatable text nodes of ``source`` (those holding Arabic letters), in order."""
    scanner = _Scanner(source)
    scanner.feed(source)
    scanner.close()
    events = scanner.events
    nodes = []
    for number, (start, data) in enumerate(events):
        if data is None or not arabic_letter_count(data):
            continue
        end = events[number + 1][0] if number + 1 < len(events) else len(source)
        raw = source[start:end]
        # Keep the whitespace around the text as written (indentation, line breaks between tags).
        left = len(raw) - len(raw.lstrip())
        right = len(raw) - len(raw.rstrip())
        nodes.append(TextNode(start + left, end - right, html.unescape(raw.strip())))
    return HtmlText(source, tuple(nodes))


def render_html(document: HtmlText, translations: list[str]) -> str:
    """``document``'s HTML with each text node replaced by its translation (escaped for HTML)."""
    if len(translations) != len(document.nodes):
        raise ValueError(f"{len(document.nodes)} text nodes but {len(translations)} translations")
    parts: list[str] = []
    position = 0
    for node, translation in zip(document.nodes, translations):
        parts.append(document.source[position : node.start])
        parts.append(html.escape(translation, quote=False))
        position = node.end
    parts.append(document.source[position:])
    return "".join(parts)
