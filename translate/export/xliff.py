"""XLIFF 1.2 for post-editing in CAT tools; valid against the OASIS 1.2 strict schema.

One ``<file>`` per run; one ``<group restype="x-KIND" resname="block-N">`` per block of the article (headline, paragraph,
caption…), so the tool shows the article's structure; one ``<trans-unit id="PAIR ID">`` per pair with
``xml:space="preserve"``. A machine-translated target has ``state="needs-review-translation"`` and
``state-qualifier="leveraged-mt"``. Notes, by ``from``:

- ``translate:mt`` — the original machine translation, kept verbatim so that after post-editing the
  target is the editor's version and this note is what the machine said (read by ``evaluate``);
- ``translate:quality`` — ``score=87.5; flags=a,b`` (``score=none`` when the pair was not scored);
- ``translate:glossary`` — one per glossary term: ``SURFACE → REQUIRED (status, first|later mention)``,
  or ``SURFACE → REQUIRED? (possible: …)`` for an ambiguous name without its context (not enforced).

Passthrough segments (English already in the Arabic article) are ``translate="no"`` with the text as
a ``state="final"`` target.

An edited article (``translate export --post-edits``): a post-edited unit's target is the editor's text
with ``state="translated"`` once the editor confirmed it and ``state="needs-review-translation"`` while
it is a draft (saved, not confirmed), the machine's text is kept as an ``<alt-trans origin="translate:mt">`` whose
target has ``state-qualifier="leveraged-mt"`` (and in the ``translate:mt`` note, so evaluating the file
scores the machine against the editor), and a ``translate:review`` note says who saved it, when, and
whether it was confirmed; units nobody edited stay as above.

Translation memory (``translate run --tm``): a segment reused from the memory has ``state="translated"``
and ``state-qualifier="exact-match"``, its entry as an ``<alt-trans origin="tm" match-quality="100">``
(101: the previous sentence matched too); fuzzy matches offered as suggestions are ``<alt-trans
origin="tm" match-quality="92">`` with the entry's source and target (``state-qualifier="leveraged-tm"``)
and a ``translate:tm`` note with its provenance — the way CAT tools show leveraged matches.
"""

from __future__ import annotations

import os

from lxml import etree

from translate.export.clean import clean_text
from translate.export.layout import sections
from translate.export.options import ExportOptions
from translate.export.tsv import format_flags, format_score_value
from translate.export.xmlutil import XML_LANG, XML_SPACE, created_datetime, serialize
from translate.records import Pair, Run, TmMatch

__all__ = ["MT_NOTE", "GLOSSARY_NOTE", "NAMESPACE", "QUALITY_NOTE", "TOOL_ID", "quality_note", "render"]

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
TOOL_ID = "translate"
MT_NOTE = "translate:mt"
QUALITY_NOTE = "translate:quality"
GLOSSARY_NOTE = "translate:glossary"
REVIEW_NOTE = "translate:review"
TM_NOTE = "translate:tm"
TM_ORIGIN = "tm"
TM_EXACT_QUALIFIER = "exact-match"
TM_FUZZY_QUALIFIER = "leveraged-tm"
MT_STATE = "needs-review-translation"
MT_STATE_QUALIFIER = "leveraged-mt"


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def quality_note(pair: Pair) -> str:
    score = format_score_value(pair) or "none"
    return f"score={score}; flags={format_flags(pair)}"


def _note(parent: etree._Element, source: str, text: str, annotates: str | None = None) -> None:
    note = etree.SubElement(parent, _q("note"), {"from": source})
    if annotates:
        note.set("annotates", annotates)
    note.text = text


def _unit(parent: etree._Element, pair: Pair, options: ExportOptions) -> None:
    unit = etree.SubElement(parent, _q("trans-unit"), {"id": str(pair.id), XML_SPACE: "preserve"})
    if pair.passthrough:
        unit.set("translate", "no")
    source = etree.SubElement(unit, _q("source"))
    # A passthrough segment is in another language (the seed's English photo caption): say so.
    language = {"ar": options.source_locale, "en": options.target_locale}.get(pair.language)
    if language:
        source.set(XML_LANG, language)
    source.text = clean_text(pair.source)
    target = etree.SubElement(unit, _q("target"), {XML_LANG: options.target_locale})
    target.text = clean_text(pair.target)
    edit = options.post_edits.get(pair.id)
    machine = edit.mt if edit is not None else pair.target
    if edit is not None:
        target.set("state", "translated" if edit.confirmed else MT_STATE)
        alternative = etree.SubElement(unit, _q("alt-trans"), {"origin": MT_NOTE})
        etree.SubElement(alternative, _q("target"), {XML_LANG: options.target_locale, "state-qualifier": MT_STATE_QUALIFIER}).text = clean_text(machine)
    elif pair.passthrough:
        target.set("state", "final")
    elif pair.origin == "tm":
        # Reused verbatim from the memory (people's translation of this very sentence).
        target.set("state", "translated")
        target.set("state-qualifier", TM_EXACT_QUALIFIER)
    else:
        target.set("state", MT_STATE)
        target.set("state-qualifier", MT_STATE_QUALIFIER)
    for match in ((pair.tm,) if pair.tm is not None and edit is None else ()) + pair.tm_suggestions:
        _tm_alternative(unit, match, options)
    _note(unit, MT_NOTE, clean_text(machine), annotates="target")
    if edit is not None:
        _note(unit, REVIEW_NOTE, clean_text(f"{'confirmed' if edit.confirmed else 'saved'} by {edit.editor or 'unknown'} at {edit.saved_at}, version {edit.version}"))
    _note(unit, QUALITY_NOTE, quality_note(pair))
    for term in pair.terms:
        if term.enforce:
            _note(unit, GLOSSARY_NOTE, clean_text(f"{term.surface} → {term.required} ({term.status}, {term.mention} mention)"))
        else:
            _note(unit, GLOSSARY_NOTE, clean_text(f"{term.surface} → {term.required}? (possible: not enforced; check the name)"))


def _tm_alternative(unit: etree._Element, match: TmMatch, options: ExportOptions) -> None:
    """A memory match as CAT tools show one: ``<alt-trans match-quality="92" origin="tm">``."""
    alternative = etree.SubElement(unit, _q("alt-trans"), {"match-quality": str(match.score), "origin": TM_ORIGIN})
    etree.SubElement(alternative, _q("source"), {XML_LANG: options.source_locale}).text = clean_text(match.source)
    qualifier = TM_EXACT_QUALIFIER if match.score >= 100 else TM_FUZZY_QUALIFIER
    etree.SubElement(alternative, _q("target"), {XML_LANG: options.target_locale, "state-qualifier": qualifier}).text = clean_text(match.target)
    provenance = match.provenance
    described = "; ".join(f"{name}={clean_text(str(value))}" for name, value in (("origin", provenance.origin), ("editor", provenance.editor), ("changed", provenance.changed)) if value)
    if described:
        _note(alternative, TM_NOTE, described)


def render(run: Run, options: ExportOptions = ExportOptions()) -> bytes:
    manifest = run.manifest
    root = etree.Element(_q("xliff"), version="1.2", nsmap={None: NAMESPACE})
    original = os.path.basename(manifest.input_path) or "article"
    file = etree.SubElement(
        root,
        _q("file"),
        {
            "original": clean_text(original),
            "source-language": options.source_locale,
            "target-language": options.target_locale,
            "datatype": "plaintext",
            "tool-id": TOOL_ID,
        },
    )
    created = created_datetime(manifest.created)
    if created is not None:
        file.set("date", created.strftime("%Y-%m-%dT%H:%M:%SZ"))
    header = etree.SubElement(file, _q("header"))
    etree.SubElement(header, _q("tool"), {"tool-id": TOOL_ID, "tool-name": "translate", "tool-version": clean_text(manifest.tool_version)})
    provenance = "; ".join(
        f"{name}={clean_text(str(value))}"
        for name, value in (("model", manifest.model_id), ("revision", manifest.model_revision), ("engine", manifest.engine), ("input-sha256", manifest.input_sha256))
        if value
    )
    if provenance:
        _note(header, "translate:manifest", provenance)
    body = etree.SubElement(file, _q("body"))
    for number, section in enumerate(sections(run)):
        # Group ids must be unique in the file; the block index goes in resname.
        group = etree.SubElement(
            body, _q("group"), {"id": f"section-{number}", "resname": f"block-{section.block}", "restype": f"x-{section.kind.value}"}
        )
        for pair in section.pairs:
            _unit(group, pair, options)
    return serialize(root)
