"""TMX 1.4b translation memory for CAT tools (Trados, memoQ, OmegaT).

One ``<tu>`` per pair, in document order, so every export of a run holds the same pairs under the
same ids (``evaluate`` lines a TMX up with a reference segment by segment). Each unit carries ``x-id``
(the pair id, also the ``tuid``), ``x-kind`` (headline, paragraph…) and, when the pair was scored,
``x-score`` and ``x-flags`` (comma-separated) as ``<prop>``s. A passthrough pair (English already in
the Arabic article, copied unchanged) is a source-equals-target unit marked ``x-passthrough: yes`` —
the way CAT memories store untranslatable segments; its source variant keeps the memory's source
locale, since tools find the source variant by ``srclang``. Valid against the TMX 1.4 DTD.

An edited article (``translate export --post-edits``) is a memory of the confirmed post-edits only — the
segments editors confirmed, their text as the target, ``changeid`` (the editor) and ``changedate`` on
each unit, and ``x-confirmed: yes`` — because a memory should hold what people approved: neither
unreviewed machine output nor a draft an editor saved on the way (those are in the XLIFF, as drafts).
Every unit says where its English came from in ``x-origin``: ``mt`` (the machine), ``tm`` (reused from
the translation memory, with ``x-tm-score``), ``passthrough``, or ``post-edit``; ``translate tm import``
skips ``mt`` and ``passthrough`` units unless told otherwise, so a run's TMX cannot fill a memory with
unreviewed machine output by accident.
"""

from __future__ import annotations

from lxml import etree

from translate.export.clean import clean_text
from translate.export.options import ExportOptions
from translate.export.tsv import format_flags, format_score_value
from translate.export.xmlutil import XML_LANG, created_datetime, serialize
from translate.records import Run

__all__ = ["CREATION_TOOL", "DOCTYPE", "O_TMF", "render"]

CREATION_TOOL = "translate"
#: ``o-tmf``, the "original translation memory format": ours is the run's JSONL.
O_TMF = "translate-jsonl"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'


def _prop(parent: etree._Element, kind: str, value: str) -> None:
    etree.SubElement(parent, "prop", type=kind).text = value


def render(run: Run, options: ExportOptions = ExportOptions()) -> bytes:
    manifest = run.manifest
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(
        root,
        "header",
        creationtool=CREATION_TOOL,
        creationtoolversion=clean_text(manifest.tool_version),
        segtype="sentence",
        adminlang="en",
        srclang=options.source_locale,
        datatype="plaintext",
        attrib={"o-tmf": O_TMF},
    )
    created = created_datetime(manifest.created)
    if created is not None:
        header.set("creationdate", created.strftime("%Y%m%dT%H%M%SZ"))
    for kind, value in (("x-model", manifest.model_id), ("x-model-revision", manifest.model_revision), ("x-engine", manifest.engine), ("x-input-sha256", manifest.input_sha256)):
        if value:
            _prop(header, kind, clean_text(str(value)))
    body = etree.SubElement(root, "body")
    edited = bool(options.post_edits)
    edits = {pair_id: edit for pair_id, edit in options.post_edits.items() if edit.confirmed}
    for pair in run.pairs:
        if edited and pair.id not in edits:
            continue
        unit = etree.SubElement(body, "tu", tuid=str(pair.id))
        edit = edits.get(pair.id)
        if edit is not None:
            if edit.editor:
                unit.set("changeid", clean_text(edit.editor))
            changed = created_datetime(edit.saved_at)
            if changed is not None:
                unit.set("changedate", changed.strftime("%Y%m%dT%H%M%SZ"))
        _prop(unit, "x-id", str(pair.id))
        _prop(unit, "x-kind", pair.kind.value)
        if pair.passthrough:
            _prop(unit, "x-passthrough", "yes")
        if pair.quality is not None:
            _prop(unit, "x-score", format_score_value(pair))
            if pair.quality.flags:
                _prop(unit, "x-flags", format_flags(pair))
        if edit is not None:
            _prop(unit, "x-origin", "post-edit")
            _prop(unit, "x-confirmed", "yes" if edit.confirmed else "no")
        else:
            # Where the English came from: `translate tm import` skips machine output (mt), so a
            # run's TMX never passes for people's translations by accident.
            _prop(unit, "x-origin", "passthrough" if pair.passthrough else pair.origin)
            if pair.origin == "tm" and pair.tm is not None:
                _prop(unit, "x-tm-score", str(pair.tm.score))
        for locale, text in ((options.source_locale, pair.source), (options.target_locale, pair.target)):
            variant = etree.SubElement(unit, "tuv", {XML_LANG: locale})
            etree.SubElement(variant, "seg").text = clean_text(text)
    return serialize(root, DOCTYPE)
