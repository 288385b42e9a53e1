"""Glossaries of names: loading (TSV, CSV, TBX), matching Arabic text, first/later mentions.

The enforcement of the required English forms on a translation lives in :mod:`translate.enforce`.
"""

from __future__ import annotations

from translate.glossary.entries import ENTRY_TYPES, Glossary, GlossaryEntry
from translate.glossary.load import GLOSSARY_SUFFIXES, glossary_files, load_glossary
from translate.glossary.match import TermHit, TermMatcher, term_key
from translate.glossary.mentions import MENTIONS, DocumentMatch, TermMatch, match_document, plan_mentions
from translate.glossary.tbx import render_tbx

__all__ = [
    "ENTRY_TYPES",
    "GLOSSARY_SUFFIXES",
    "MENTIONS",
    "DocumentMatch",
    "Glossary",
    "GlossaryEntry",
    "TermHit",
    "TermMatch",
    "TermMatcher",
    "glossary_files",
    "load_glossary",
    "match_document",
    "plan_mentions",
    "render_tbx",
    "term_key",
]
