"""Putting one paragraph's English back into a parsed page, in place of its Arabic.

A paragraph of the page is a run of inline content inside a block: text nodes, ``<br>``s, objects
(images, scripts, code) and the inline elements around them. Its **tops** are the outermost nodes of
that content under the block — each removed once the English is in. The English is built as HTML:
each run wrapped in fresh elements rebuilt from its key (tag and the attributes a reader sees, taken
from the first element of that key, after any translated ``title`` was set on it), consecutive runs
sharing the elements their keys share, so a link's two runs stay one ``<a>``. Objects go at their
offsets inside the elements of their own key; the originals are removed with the tops.

An inline element that holds a block (``<a href><h3>title</h3> summary</a>``) is a **container**: it
stays, and the runs whose key starts with its elements are written inside it, at the place of its
first top; the other runs go at the paragraph's first top in the block.

Selectolax (Lexbor) copies a node when it is inserted, so the English is parsed as a fragment and its
nodes inserted before the anchor; objects are marked by placeholder elements in the fragment and
replaced by copies of the originals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from translate.formats.base import TargetParagraph
from translate.formats.html_walk import PagePart

__all__ = ["BuildSpecs", "replace_paragraph"]

#: The placeholder element standing for an object in a built fragment (a custom element: inline).
_SLOT = "translate-object-slot"

Element = tuple[str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class BuildSpecs:
    """For each run key, the elements to rebuild around its text (outermost first)."""

    chains: tuple[tuple[Element, ...], ...]

    @classmethod
    def of(cls, descriptor_chains: Sequence[tuple[Any, ...]], elements: Sequence[tuple[Any, ...]], invisible: frozenset[str]) -> BuildSpecs:
        built = []
        for descriptors, nodes in zip(descriptor_chains, elements):
            chain = []
            for (tag, _), node in zip(descriptors, nodes):
                attributes = tuple((name, value if value is not None else "") for name, value in node.attributes.items() if name not in invisible and not name.startswith("data-"))
                chain.append((tag, attributes))
            built.append(tuple(chain))
        return cls(tuple(built))


def _escape(text: str, attribute: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if attribute else text


def _open(element: Element) -> str:
    tag, attributes = element
    return f"<{tag}" + "".join(f' {name}="{_escape(value, True)}"' for name, value in attributes) + ">"


def _text_html(text: str) -> str:
    return "<br>".join(_escape(line) for line in text.split("\n"))


def _fragment(items: list[tuple[tuple[Element, ...], str | int]]) -> str:
    """HTML for ``items`` — (element chain, text or object number) in order — opening and closing
    elements only where consecutive chains differ."""
    out: list[str] = []
    open_chain: tuple[Element, ...] = ()
    for chain, content in items:
        shared = 0
        while shared < min(len(open_chain), len(chain)) and open_chain[shared] == chain[shared]:
            shared += 1
        for element in reversed(open_chain[shared:]):
            out.append(f"</{element[0]}>")
        for element in chain[shared:]:
            out.append(_open(element))
        open_chain = chain
        out.append(_text_html(content) if isinstance(content, str) else f'<{_SLOT} n="{content}"></{_SLOT}>')
    for element in reversed(open_chain):
        out.append(f"</{element[0]}>")
    return "".join(out)


@dataclass
class _Place:
    """Where part of the English goes: inside ``container`` (the block, or an inline element holding
    a block, whose own elements are ``prefix``), before ``anchor`` (None: at the container's end)."""

    container: Any
    prefix: tuple[Element, ...]
    anchor: Any = None
    items: list[tuple[tuple[Element, ...], str | int]] | None = None


def _places(part: PagePart, holds_block: set[int], key_of: Callable[[tuple[Any, ...]], int], specs: BuildSpecs) -> tuple[list[_Place], list[Any]]:
    """The paragraph's places (the block's first, then each container's) and its tops, in order."""
    places: dict[int, _Place] = {part.block.mem_id: _Place(part.block, ())}
    tops: list[Any] = []
    seen: set[int] = set()
    for leaf in part.leaves:
        chain = leaf.chain
        depth = max((i for i, element in enumerate(chain) if element.mem_id in holds_block), default=-1)
        container = chain[depth] if depth >= 0 else part.block
        top = chain[depth + 1] if depth + 1 < len(chain) else leaf.node
        place = places.get(container.mem_id)
        if place is None:
            place = places[container.mem_id] = _Place(container, specs.chains[key_of(chain[: depth + 1])])
        if top.mem_id not in seen:
            seen.add(top.mem_id)
            tops.append(top)
            if place.anchor is None:
                place.anchor = top
    return list(places.values()), tops


def _place_for(places: list[_Place], chain: tuple[Element, ...]) -> tuple[_Place, tuple[Element, ...]]:
    best = places[0]
    for place in places[1:]:
        if len(place.prefix) > len(best.prefix) and chain[: len(place.prefix)] == place.prefix:
            best = place
    return best, chain[len(best.prefix) :]


def replace_paragraph(tree: Any, part: PagePart, object_nodes: dict[int, tuple[Any, int]], target: TargetParagraph, specs: BuildSpecs, key_of: Callable[[tuple[Any, ...]], int], holds_block: set[int]) -> None:
    """Replace the inline content of ``part`` in ``tree`` by ``target``'s English (see the module
    docstring); ``object_nodes`` maps the paragraph's object keys to their node and chain key."""
    from selectolax.lexbor import LexborHTMLParser

    places, tops = _places(part, holds_block, key_of, specs)
    for place in places:
        place.items = []
    objects_at: dict[int, list[int]] = {}
    for obj in target.objects:
        if obj.key in object_nodes:
            objects_at.setdefault(min(max(obj.offset, 0), len(target.text)), []).append(obj.key)
    runs = sorted(target.runs, key=lambda r: r.start)
    # Walk the text in pieces between run bounds and object offsets, emitting objects at theirs.
    bounds = sorted({0, len(target.text), *(o for o in objects_at), *(r.start for r in runs), *(r.end for r in runs)})
    emitted: set[int] = set()

    def emit_objects(offset: int) -> None:
        for key in objects_at.get(offset, []):
            if key in emitted:
                continue
            emitted.add(key)
            place, relative = _place_for(places, specs.chains[object_nodes[key][1]])
            place.items.append((relative, key))

    for start, end in zip(bounds, bounds[1:]):
        emit_objects(start)
        run = next((r for r in runs if r.start <= start and end <= r.end), None)
        piece = target.text[start:end]
        if not piece:
            continue
        place, relative = _place_for(places, specs.chains[run.key] if run is not None and run.key < len(specs.chains) else ())
        place.items.append((relative, piece))
    emit_objects(len(target.text))
    for key in object_nodes:  # an object the English forgot goes at its end, never lost
        if key not in emitted:
            emitted.add(key)
            place, relative = _place_for(places, specs.chains[object_nodes[key][1]])
            place.items.append((relative, key))
    for place in places:
        if not place.items:
            continue
        fragment = LexborHTMLParser(f"<body><div>{_fragment(place.items)}</div></body>").css_first("div")
        for child in list(fragment.iter(include_text=True)):
            if place.anchor is not None:
                place.anchor.insert_before(child)
            else:
                place.container.insert_child(child)
    for place in places:
        for slot in place.container.css(_SLOT):
            node = object_nodes[int(slot.attributes.get("n") or -1)][0]
            slot.replace_with(node)
    for top in tops:
        top.decompose()
