"""Putting a :class:`TargetParagraph` back into the ``text:p``/``text:h`` (or ``meta.xml`` element, or
``svg:title``/``svg:desc``) the walk found it in.

A paragraph keeps its element and attributes (its style); its content becomes the target's runs,
each inside copies of its key's ``text:span``/``text:a`` chain (a link keeps its ``xlink:href``),
with the original objects (notes, frames, fields, bookmarks) moved back in at their offsets and
consecutive items of one chain inside one copy of it. Spaces are written the way ODF needs them to
survive its white-space rule: a single space after a character as it is, any other (at the start,
after another space) as ``text:s`` (``text:c`` for several); ``\\t`` as ``text:tab``, ``\\n`` as
``text:line-break``. An object the target forgot is put at the end rather than lost, and a range's
end mark never lands before its start.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any

from translate.formats.base import InlineObject, TargetParagraph
from translate.formats.odt_read import Slot, Walk, q

__all__ = ["write_slot"]

#: Characters XML 1.0 cannot hold; a model never means them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RANGE_ID = (q("text:name"), q("office:name"), q("text:id"))


def write_slot(walk: Walk, slot: Slot, target: TargetParagraph) -> None:
    """Replace ``slot``'s text with ``target`` (keys and objects from the walk)."""
    # A space for each character XML cannot hold keeps every run and object offset valid.
    text = _NOT_XML.sub(" ", target.text)
    if slot.kind in ("meta", "alt"):
        for child in list(slot.element):
            slot.element.remove(child)
        slot.element.text = text
        return
    _write_paragraph(walk, slot, TargetParagraph(text, target.runs, target.objects))


def _range(element: Any) -> tuple[str, str, bool] | None:
    """(kind, id, is_end) of a range mark (``text:bookmark-start``, ``office:annotation``…)."""
    local = element.tag.rsplit("}", 1)[-1]
    identity = next((element.get(name) for name in _RANGE_ID if element.get(name)), None)
    if identity is None:
        return None
    if local == "annotation":
        return ("annotation", identity, False)
    if local == "annotation-end":
        return ("annotation", identity, True)
    if local.endswith("-start"):
        return (local[: -len("-start")], identity, False)
    if local.endswith("-end"):
        return (local[: -len("-end")], identity, True)
    return None


def _placed_objects(walk: Walk, slot: Slot, target: TargetParagraph) -> list[InlineObject]:
    """The target's objects (valid keys only), then the source's that it forgot, at the end; a
    range end is never before its start in the same paragraph."""
    placed = [item for item in target.objects if 0 <= item.key < len(walk.things)]
    given = {item.key for item in placed}
    placed += [InlineObject(len(target.text), item.key) for item in slot.paragraph.objects if item.key not in given]
    starts: dict[tuple[str, str], int] = {}
    for item in placed:
        found = _range(walk.things[item.key].element)
        if found is not None and not found[2]:
            starts[found[:2]] = item.offset
    result = []
    for item in placed:
        found = _range(walk.things[item.key].element)
        closes = found is not None and found[2] and found[:2] in starts
        if closes and item.offset < starts[found[:2]]:
            item = InlineObject(starts[found[:2]], item.key)
        # At one offset the other objects keep their order (the sort is stable); an end whose start
        # is there too comes after it.
        result.append((item.offset, 1 if closes and item.offset == starts[found[:2]] else 0, item))
    return [item for _, _, item in sorted(result, key=lambda entry: entry[:2])]


def _items(walk: Walk, slot: Slot, target: TargetParagraph) -> list[tuple[str, int, int, int]]:
    """(``text``, key, start, end) and (``object``, key, offset, offset) in the order they are
    written: text runs cut at object offsets, objects before the text that starts where they sit."""
    placed = _placed_objects(walk, slot, target)
    cuts = sorted({item.offset for item in placed})
    ordered: list[tuple[int, int, int, tuple[str, int, int, int]]] = []
    for number, item in enumerate(placed):
        ordered.append((item.offset, 0, number, ("object", item.key, item.offset, item.offset)))
    for number, run in enumerate(target.runs):
        start = run.start
        for cut in cuts:
            if start < cut < run.end:
                ordered.append((start, 1, number, ("text", run.key, start, cut)))
                start = cut
        ordered.append((start, 1, number, ("text", run.key, start, run.end)))
    ordered.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in ordered]


def _append_text(container: Any, text: str) -> None:
    if len(container):
        last = container[-1]
        last.tail = (last.tail or "") + text
    else:
        container.text = (container.text or "") + text


def _write_text(container: Any, paragraph_text: str, start: int, end: int) -> None:
    """Characters ``[start, end)`` of the paragraph's text into ``container``, spaces as ODF needs."""
    position = start
    while position < end:
        character = paragraph_text[position]
        if character == "\t":
            container.append(container.makeelement(q("text:tab"), {}))
            position += 1
        elif character in "\n\r":
            container.append(container.makeelement(q("text:line-break"), {}))
            position += 1
        elif character == " ":
            stop = position
            while stop < end and paragraph_text[stop] == " ":
                stop += 1
            # One space after a non-space survives as it is; the rest would collapse.
            if position > 0 and paragraph_text[position - 1] != " ":
                _append_text(container, " ")
                position += 1
            if stop > position:
                attributes = {q("text:c"): str(stop - position)} if stop - position > 1 else {}
                container.append(container.makeelement(q("text:s"), attributes))
            position = stop
        else:
            stop = position
            while stop < end and paragraph_text[stop] not in " \t\n\r":
                stop += 1
            _append_text(container, paragraph_text[position:stop])
            position = stop


def _shallow_wrapper(element: Any) -> Any:
    """A copy of a ``text:span``/``text:a`` without its content (a link's event listeners kept)."""
    copy = element.makeelement(element.tag, dict(element.attrib))
    for child in element:
        if child.tag == q("office:event-listeners"):
            copy.append(deepcopy(child))
    return copy


def _write_paragraph(walk: Walk, slot: Slot, target: TargetParagraph) -> None:
    paragraph = slot.element
    for child in list(paragraph):
        paragraph.remove(child)
    paragraph.text = None
    open_chain: tuple[str, ...] = ()
    open_containers: list[Any] = []
    for kind, key, start, end in _items(walk, slot, target):
        if kind == "text":
            if start >= end:
                continue
            if not 0 <= key < len(walk.looks):
                raise ValueError(f"paragraph key {key} is not one the reader returned")
            look = walk.looks[key]
            wrappers, chain = look.wrappers, look.signatures
        else:
            thing = walk.things[key]
            wrappers, chain = thing.wrappers, thing.signatures
        shared = 0
        while shared < min(len(chain), len(open_chain)) and chain[shared] == open_chain[shared]:
            shared += 1
        open_containers = open_containers[:shared]
        for wrapper in wrappers[shared:]:
            copy = _shallow_wrapper(wrapper)
            (open_containers[-1] if open_containers else paragraph).append(copy)
            open_containers.append(copy)
        open_chain = chain
        container = open_containers[-1] if open_containers else paragraph
        if kind == "text":
            _write_text(container, target.text, start, end)
        else:
            element = walk.things[key].element
            element.tail = None  # its tail was the source's text
            container.append(element)
