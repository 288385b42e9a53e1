"""Reviewing a glossary before editors meet it: every match of a corpus in context, by outcome.

:func:`lint_glossary` matches each article of a corpus as ``translate run`` would (the same segments,
mentions and context rules), and records for every entry its matches — enforced, possible, and the
candidates its ``unless`` rules ruled out — with their sentence, so a terminologist sees ``الجزيرة`` in
``شبه الجزيرة الكورية`` before an editor does. It also warns about single-word spellings that are
common Arabic words (``translate/data/common_words_ar.txt``) and have no context rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from translate.document import Document
from translate.glossary.entries import Glossary, GlossaryEntry
from translate.glossary.match import TermHit, TermMatcher, term_key
from translate.glossary.mentions import plan_mentions
from translate.segment import Segment, segment_document

__all__ = ["EntryReport", "LintReport", "Occurrence", "common_words", "lint_glossary", "render_lint"]


@dataclass(frozen=True)
class Occurrence:
    """One judged match: where (article path, segment id), the sentence and the match's span in it."""

    outcome: str
    path: str
    segment: int
    text: str
    start: int
    end: int


@dataclass
class EntryReport:
    entry: GlossaryEntry
    warnings: list[str] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for occurrence in self.occurrences if occurrence.outcome == outcome)


@dataclass(frozen=True)
class LintReport:
    entries: tuple[EntryReport, ...]
    articles: int


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The common-word list, as term keys' single words (normalised, article stripped)."""
    text = resources.files("translate").joinpath("data").joinpath("common_words_ar.txt").read_text(encoding="utf-8")
    words = set()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key = term_key(line)
            if len(key) == 1:
                words.add(key[0])
    return frozenset(words)


def _warnings(entry: GlossaryEntry) -> list[str]:
    found = []
    for variant in entry.ar:
        key = term_key(variant)
        if len(key) != 1 or key[0] not in common_words():
            continue
        context = entry.context
        guarded = context is not None and (context.is_ambiguous(key) or context.unless)
        if not guarded:
            found.append(f"{variant!r} is also a common Arabic word: without a context rule (ambiguous + when, or unless) every match is enforced")
    return found


def lint_glossary(glossary: Glossary, documents: Sequence[Document]) -> LintReport:
    """Warnings per entry, and every judged match in ``documents`` (in document order)."""
    matcher = TermMatcher(glossary)
    reports = {index: EntryReport(entry, _warnings(entry)) for index, entry in enumerate(glossary.entries)}
    positions = {id(entry): index for index, entry in enumerate(glossary.entries)}
    for document in documents:
        path = document.path or ""
        segments = segment_document(document)
        ruled_out: list[tuple[Segment, TermHit]] = []

        def observe(segment: Segment, hit: TermHit, outcome: str) -> None:
            if outcome == "ruled-out":
                ruled_out.append((segment, hit))

        planned = plan_mentions(segments, matcher, observe=observe)
        by_id = {segment.id: segment for segment in segments}
        found: list[tuple[int, int, int, Occurrence]] = []
        for segment_id, matches in planned.items():
            segment = by_id[segment_id]
            for match in matches:
                index = positions[id(match.entry)]
                outcome = "enforced" if match.enforce else "possible"
                found.append((segment.start + match.start, 0, index, Occurrence(outcome, path, segment_id, segment.text, match.start, match.end)))
        for segment, hit in ruled_out:
            found.append((segment.start + hit.start, 1, hit.entry_index, Occurrence("ruled-out", path, segment.id, segment.text, hit.start, hit.end)))
        for _, _, index, occurrence in sorted(found, key=lambda item: item[:3]):
            reports[index].occurrences.append(occurrence)
    return LintReport(tuple(reports.values()), len(documents))


def _context(occurrence: Occurrence, words: int) -> str:
    text, start, end = occurrence.text, occurrence.start, occurrence.end
    before = " ".join(text[:start].split()[-words:])
    after = " ".join(text[end:].split()[:words])
    gap_before = " " if before and text[:start][-1:].isspace() else ""
    gap_after = " " if after and text[end : end + 1].isspace() else ""
    return f"{before}{gap_before}‹{text[start:end]}›{gap_after}{after}"


def render_lint(report: LintReport, words: int = 5) -> str:
    """One block per entry: its line, warnings, counts by outcome and a keyword-in-context list."""
    lines: list[str] = []
    warnings = 0
    for item in report.entries:
        entry = item.entry
        context = entry.context
        rules = ""
        if context is not None:
            parts = []
            if context.ambiguous:
                parts.append("ambiguous: " + " | ".join(v for v in entry.ar if context.is_ambiguous(term_key(v))))
            if context.when:
                parts.append("when: " + "; ".join(map(str, context.when)))
            if context.unless:
                parts.append("unless: " + "; ".join(map(str, context.unless)))
            rules = "  [" + "  ".join(parts) + "]"
        lines.append(f"{entry.location}\t{' | '.join(entry.ar)} → {entry.en}{rules}")
        for warning in item.warnings:
            warnings += 1
            lines.append(f"  warning: {warning}")
        if report.articles:
            lines.append(f"  {len(item.occurrences)} matches: {item.count('enforced')} enforced, {item.count('possible')} possible, {item.count('ruled-out')} ruled out")
            for occurrence in item.occurrences:
                lines.append(f"    {occurrence.outcome:<9} {occurrence.path}:{occurrence.segment}\t{_context(occurrence, words)}")
    lines.append(f"{len(report.entries)} entries, {warnings} warnings" + (f", {report.articles} articles" if report.articles else ""))
    return "\n".join(lines) + "\n"
