"""A page's bytes → a tree a browser would build, and a tree → UTF-8 bytes.

Parsing is the WHATWG HTML algorithm, implemented by Lexbor (through ``selectolax``): unclosed
``<p>``, misnested ``<b><i>x</b>y</i>``, stray end tags and tables are repaired exactly as a browser
repairs them, in C (a 20 MB page parses in about a second; html5lib, in pure Python, took 12 s for
5 MB). The HTML parser never reads a DTD, so entity declarations cannot expand or fetch anything.

XHTML (``.xhtml``) is parsed by the same algorithm — what a browser does with XHTML served as
``text/html`` — after writing self-closed non-void elements (``<div/>``) out in full; a strict XML
parse would need the XHTML DTD (which this project never loads) for every ``&nbsp;``. It is written
back as XML (an XML declaration, void elements self-closed, text and attributes escaped).

The page's ``<!DOCTYPE>`` is kept verbatim (the tree keeps only its name).
"""

from __future__ import annotations

import re
from typing import Any

from translate.errors import InputError
from translate.formats.html_decode import decode_page

__all__ = ["parse_page", "serialise_page"]

_DOCTYPE = re.compile(r"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*(<!doctype[^>]*>)", re.IGNORECASE | re.DOTALL)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_SELF_CLOSED = re.compile(r"<([A-Za-z][\w:.-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/>")
_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
#: Elements whose first newline the HTML parser drops: the writer doubles it so it survives.
_LEADING_NEWLINE = frozenset({"pre", "textarea", "listing"})


def parse_page(data: bytes, path: str, xhtml: bool = False) -> tuple[Any, str]:
    """The tree of the page ``data`` and its doctype text (``""`` if none); an
    :class:`~translate.errors.InputError` for a page that is too large, binary or undecodable."""
    from selectolax.lexbor import LexborHTMLParser

    text = decode_page(data, path).text
    match = _DOCTYPE.match(text)
    doctype = match.group(1) if match else ""
    if xhtml:
        text = _XML_DECLARATION.sub("", text)
        text = _SELF_CLOSED.sub(lambda m: m.group(0) if m.group(1).lower() in _VOID else f"<{m.group(1)}{m.group(2)}></{m.group(1)}>", text)
    tree = LexborHTMLParser(text)
    if tree.root is None:
        raise InputError(path, "could not be parsed as a web page", "check that it is an HTML file")
    return tree, doctype


def _keep_leading_newlines(tree: Any) -> None:
    for tag in _LEADING_NEWLINE:
        for element in tree.css(tag):
            first = element.first_child
            if first is not None and first.is_text_node and (first.text_content or "").startswith("\n"):
                first.replace_with("\n" + first.text_content)


def serialise_page(tree: Any, doctype: str, xhtml: bool = False) -> bytes:
    """The page as UTF-8 bytes: its doctype, then the ``<html>`` element (as XML for XHTML)."""
    if xhtml:
        body = _as_xml(tree.root)
        head = '<?xml version="1.0" encoding="utf-8"?>\n' + (doctype + "\n" if doctype else "")
        return (head + body).encode("utf-8")
    _keep_leading_newlines(tree)
    return ((doctype + "\n" if doctype else "") + tree.root.html).encode("utf-8")


def _escape(text: str, attribute: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if attribute else text


def _as_xml(root: Any) -> str:
    """The element ``root`` as XML text, walked without recursion."""
    out: list[str] = []
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            out.append(node)
        elif node.is_text_node:
            out.append(_escape(node.text_content or ""))
        elif node.is_comment_node:
            comment = (node.comment_content or "").replace("--", "- -")
            out.append(f"<!--{comment}-->")
        elif node.is_element_node:
            tag = node.tag
            attributes = "".join(f' {name}="{_escape(value if value is not None else name, True)}"' for name, value in node.attributes.items())
            children = list(node.iter(include_text=True))
            if not children and tag.lower() in _VOID:
                out.append(f"<{tag}{attributes}/>")
                continue
            out.append(f"<{tag}{attributes}>")
            stack.append(f"</{tag}>")
            stack.extend(reversed(children))
    return "".join(out)
