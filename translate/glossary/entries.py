"""The glossary records: one :class:`GlossaryEntry` per concept, a :class:`Glossary` per load.

An entry carries the Arabic spellings it matches (``ar``, variants from ``|``), the English form
required on first mention (``en``) and, optionally, the form for later mentions (``en_short``, e.g. a
surname). ``context`` says when an ambiguous spelling is the name (:mod:`translate.glossary.context`).
``path``/``line`` say where it was defined, so every error and report can point there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from translate.glossary.context import EntryContext

__all__ = ["ENTRY_TYPES", "Glossary", "GlossaryEntry"]

#: The entity types a glossary row may name (an empty cell means ``other``).
ENTRY_TYPES = ("person", "place", "org", "media", "other")


@dataclass(frozen=True)
class GlossaryEntry:
    ar: tuple[str, ...]
    en: str
    en_short: str = ""
    type: str = "other"
    note: str = ""
    path: str = ""
    line: int = 0
    context: EntryContext | None = None

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def required_form(self, mention: str) -> str:
        """``en`` on a first mention; ``en_short`` (when given) on later mentions and in headlines."""
        if mention == "first" or not self.en_short:
            return self.en
        return self.en_short


@dataclass(frozen=True)
class Glossary:
    """Entries in load order (the order breaks matching ties), the files read and their digest."""

    entries: tuple[GlossaryEntry, ...]
    files: tuple[str, ...]
    digest: str

    def __len__(self) -> int:
        return len(self.entries)

    def as_manifest(self) -> dict[str, Any]:
        return {"digest": self.digest, "files": list(self.files), "entries": len(self.entries)}
