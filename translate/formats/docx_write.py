"""Putting a :class:`TargetParagraph` back into the ``w:p`` (or core property, or alt attribute) the
walk found it in.

A ``w:p`` keeps its ``w:pPr``; its content becomes runs built from the target's runs — each a copy of
its key's ``w:rPr`` (already made left-to-right), text as ``w:t xml:space="preserve"``, ``\\t`` as
``w:tab``, ``\\n`` as ``w:br`` — with the original objects (images, note references, field codes)
moved back in at their offsets, consecutive items of one hyperlink (or simple field, or content
control) inside one copy of it (``r:id``/``w:anchor`` kept, so the target is the same), bookmarks and
comment ranges opening at the paragraph's start and closing at its end. An object the target
forgot is put at the end rather than lost.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from translate.formats.base import TargetParagraph
from translate.formats.docx_parts import q
from translate.formats.docx_read import InlineThing, Look, Slot, Walk, wrapper_signature

__all__ = ["mirror_fallbacks", "write_slot"]

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def write_slot(walk: Walk, slot: Slot, target: TargetParagraph) -> None:
    """Replace ``slot``'s text with ``target`` (keys and objects from the walk)."""
    if slot.kind == "core":
        slot.element.text = target.text
        return
    if slot.kind == "attribute":
        _write_attribute(slot, target.text)
        return
    _write_paragraph(walk, slot, target)


def _write_attribute(slot: Slot, text: str) -> None:
    old = slot.element.get(slot.attribute) or ""
    slot.element.set(slot.attribute, text)
    # Word repeats an image's description on the picture inside it (pic:cNvPr) and on the VML
    # Fallback (v:shape alt / o:title): the same words get the same English.
    top = slot.element
    while top.getparent() is not None and top.getparent().tag not in (q("w:r"), q("w:p")):
        top = top.getparent()
    for element in top.iter():
        if element is slot.element or not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if value == old and name.rsplit("}", 1)[-1] in ("descr", "title", "alt"):
                element.set(name, text)


def _items(walk: Walk, source_objects: list[int], target: TargetParagraph) -> list[tuple[str, int, int, int]]:
    """(``text``, key, start, end) and (``object``, key, offset, offset) in the order they are written:
    text runs cut at object offsets, objects before the text that starts where they sit."""
    placed = sorted(target.objects, key=lambda item: item.offset)
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
    events = [entry[3] for entry in ordered]
    given = {item.key for item in placed}
    events += [("object", key, len(target.text), len(target.text)) for key in source_objects if key not in given]
    return [event for event in events if event[0] == "text" or 0 <= event[1] < len(walk.things)]


def _new_run(parent: Any, rpr: Any) -> Any:
    run = parent.makeelement(q("w:r"), {})
    if rpr is not None:
        run.append(deepcopy(rpr))
    return run


def _text_run(parent: Any, look: Look, text: str) -> Any:
    run = _new_run(parent, look.rpr)
    pending: list[str] = []

    def flush() -> None:
        if pending:
            element = run.makeelement(q("w:t"), {_XML_SPACE: "preserve"})
            element.text = "".join(pending)
            run.append(element)
            pending.clear()

    for character in text:
        if character in "\t\n":
            flush()
            run.append(run.makeelement(q("w:tab") if character == "\t" else q("w:br"), {}))
        else:
            pending.append(character)
    flush()
    return run


def _object_element(parent: Any, thing: InlineThing) -> Any:
    if not thing.in_run:
        return thing.element
    run = _new_run(parent, thing.rpr)
    run.append(thing.element)
    return run


def _shallow_wrapper(element: Any) -> tuple[Any, Any]:
    """A copy of a wrapper without its content, and the element its content goes into."""
    copy = element.makeelement(element.tag, dict(element.attrib))
    if element.tag == q("w:sdt"):
        for child in element:
            if child.tag != q("w:sdtContent"):
                copy.append(deepcopy(child))
        content = copy.makeelement(q("w:sdtContent"), {})
        copy.append(content)
        return copy, content
    for child in element:
        if isinstance(child.tag, str) and child.tag not in (q("w:r"), q("w:hyperlink"), q("w:fldSimple"), q("w:sdt"), q("w:ins"), q("w:del"), q("w:proofErr"), q("w:bookmarkStart"), q("w:bookmarkEnd")):
            copy.append(deepcopy(child))  # w:fldData and the like
    return copy, copy


def _write_paragraph(walk: Walk, slot: Slot, target: TargetParagraph) -> None:
    paragraph = slot.element
    properties = paragraph.find(q("w:pPr"))
    for child in list(paragraph):
        if child is not properties:
            paragraph.remove(child)
    for marker in slot.starts:
        paragraph.append(marker)
    source_objects = [item.key for item in slot.paragraph.objects]
    # Each written item with its wrapper chain; consecutive items of one chain share the wrappers.
    open_chain: tuple[Any, ...] = ()
    open_containers: list[Any] = []
    for kind, key, start, end in _items(walk, source_objects, target):
        if kind == "text":
            if start == end:
                continue
            if not 0 <= key < len(walk.looks):
                raise ValueError(f"paragraph key {key} is not one the reader returned")
            look = walk.looks[key]
            chain = look.wrappers
            element = _text_run(paragraph, look, target.text[start:end])
        else:
            thing = walk.things[key]
            chain = thing.wrappers
            element = _object_element(paragraph, thing)
        shared = 0
        while shared < min(len(chain), len(open_chain)) and wrapper_signature(chain[shared]) == wrapper_signature(open_chain[shared]):
            shared += 1
        open_containers = open_containers[:shared]
        for wrapper in chain[shared:]:
            copy, content = _shallow_wrapper(wrapper)
            (open_containers[-1] if open_containers else paragraph).append(copy)
            open_containers.append(content)
        open_chain = chain
        (open_containers[-1] if open_containers else paragraph).append(element)
    for marker in slot.ends:
        paragraph.append(marker)


def mirror_fallbacks(root: Any) -> None:
    """Give every ``mc:Fallback`` text box the paragraphs of its ``mc:Choice`` twin (the reader read
    the Choice only), paragraph by paragraph where both hold the same number."""
    for alternate in root.iter(q("mc:AlternateContent")):
        choice = alternate.find(q("mc:Choice"))
        fallback = alternate.find(q("mc:Fallback"))
        if choice is None or fallback is None:
            continue
        choice_paragraphs = [p for box in choice.iter(q("w:txbxContent")) for p in box.iter(q("w:p"))]
        fallback_paragraphs = [p for box in fallback.iter(q("w:txbxContent")) for p in box.iter(q("w:p"))]
        if len(choice_paragraphs) != len(fallback_paragraphs):
            continue
        for source, copy in zip(choice_paragraphs, fallback_paragraphs):
            if any(child.tag == q("w:p") for child in source.iter() if child is not source):
                continue
            for child in list(copy):
                copy.remove(child)
            for child in source:
                copy.append(deepcopy(child))
