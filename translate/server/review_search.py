"""Search, replace and concordance for the review page, apart from HTTP.

**Search** runs over one side of a run's segments: the Arabic source, or the English as the editor sees
it (the latest post-edit, the page's unsaved drafts over that, else the machine's text). Three modes:
``plain`` and ``word`` (whole words only) compare normalised text — case, Arabic diacritics, tatweel and
letter variants folded (:func:`translate.arabic.normalize_for_matching`), so ``أحمد`` finds ``احمد``
and ``Guterres`` finds ``GUTERRES`` — and report spans in the original text; ``regex`` is a Python
regular expression (the ``regex`` module) on the text as written, stopped after :data:`REGEX_TIMEOUT_S`
over the whole run, so a pattern that backtracks catastrophically gets a clear error, not a hung
server. With a ``replacement`` each matching English segment also gets its replaced text (``\\1``
and ``\\g<name>`` in regex mode; literal otherwise), which the page applies as a draft.

**Concordance**: the segments of the run whose Arabic holds the selected words (normalised), with the
English they have now; the translation memory's entries holding them (when the server writes one); and
the run's glossary terms whose surface holds them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from translate.arabic import normalize, normalize_for_matching
from translate.records import Pair

__all__ = ["MAX_PATTERN", "MODES", "REGEX_TIMEOUT_S", "SIDES", "SearchError", "Match", "concordance", "search"]

MODES = ("plain", "word", "regex")
SIDES = ("source", "target")
#: Seconds a regular expression may run over a whole run before it is stopped.
REGEX_TIMEOUT_S = 0.5
MAX_PATTERN = 1000
#: Concordance results kept per origin.
CONCORDANCE_LIMIT = 20


class SearchError(ValueError):
    """A pattern that cannot be searched: its message says why and what to do."""


@dataclass(frozen=True)
class Match:
    id: int
    spans: tuple[tuple[int, int], ...]
    replaced: str | None = None

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {"id": self.id, "spans": [list(span) for span in self.spans]}
        if self.replaced is not None:
            record["replaced"] = self.replaced
        return record


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _plain_spans(text: str, needle: str, whole_word: bool, case: bool) -> list[tuple[int, int]]:
    # Case kept: the normalised forms match, then the original letters' case is compared.
    folded = normalize_for_matching(text)
    target = normalize(needle)
    spans = []
    start = 0
    while target:
        found = folded.text.find(target, start)
        if found < 0:
            break
        end = found + len(target)
        begin_original, end_original = folded.origin[found], folded.origin[end - 1] + 1
        ok = True
        if whole_word:
            ok = (begin_original == 0 or not _is_word(text[begin_original - 1])) and (end_original >= len(text) or not _is_word(text[end_original]))
        if ok and case:
            ok = normalize(text[begin_original:end_original]) == target and _same_case(text[begin_original:end_original], needle)
        if ok:
            spans.append((begin_original, end_original))
            start = end
        else:
            start = found + 1
    return spans


def _same_case(found: str, needle: str) -> bool:
    letters = [c for c in found if c.isalpha() and c.lower() != c.upper()]
    wanted = [c for c in needle if c.isalpha() and c.lower() != c.upper()]
    return letters == wanted


def _compile(pattern: str, case: bool) -> regex.Pattern[str]:
    try:
        return regex.compile(pattern, 0 if case else regex.IGNORECASE | regex.V0)
    except regex.error as error:
        raise SearchError(f"the regular expression does not compile ({error}): check it, or search in plain mode") from None


def search(
    pairs: Iterable[Pair],
    texts: Mapping[int, str],
    pattern: str,
    *,
    mode: str = "plain",
    side: str = "target",
    case: bool = False,
    replacement: str | None = None,
) -> list[Match]:
    """The segments where ``pattern`` occurs on ``side``, in order; ``texts`` is the English of each
    pair as the editor has it now."""
    if mode not in MODES:
        raise SearchError(f"unknown search mode {mode!r}: use one of {', '.join(MODES)}")
    if side not in SIDES:
        raise SearchError(f"unknown side {side!r}: use source or target")
    if not pattern:
        raise SearchError("the search is empty: type what to find")
    if len(pattern) > MAX_PATTERN:
        raise SearchError(f"the search is over {MAX_PATTERN} characters: shorten it")
    if replacement is not None and side != "target":
        raise SearchError("only the English can be replaced: search the target side")
    compiled = _compile(pattern, case) if mode == "regex" else None
    deadline = time.monotonic() + REGEX_TIMEOUT_S
    matches = []
    for pair in pairs:
        text = pair.source if side == "source" else texts.get(pair.id, pair.target)
        if compiled is not None:
            left = deadline - time.monotonic()
            try:
                if left <= 0:
                    raise TimeoutError
                found = [(m.start(), m.end()) for m in compiled.finditer(text, timeout=left) if m.end() > m.start()]
                replaced = compiled.sub(replacement, text, timeout=max(0.01, deadline - time.monotonic())) if replacement is not None and found else None
            except TimeoutError:
                raise SearchError(
                    f"the regular expression ran over {REGEX_TIMEOUT_S} s on this run and was stopped (it backtracks): simplify it, e.g. no nested repeats like (a+)+"
                ) from None
            except (regex.error, IndexError) as error:
                raise SearchError(f"the replacement does not fit the expression ({error}): check its group references") from None
        else:
            found = _plain_spans(text, pattern, mode == "word", case)
            replaced = None
            if replacement is not None and found:
                pieces, position = [], 0
                for start, end in found:
                    pieces.append(text[position:start])
                    pieces.append(replacement)
                    position = end
                pieces.append(text[position:])
                replaced = "".join(pieces)
        if found:
            matches.append(Match(pair.id, tuple(found), replaced))
    return matches


def concordance(pairs: Iterable[Pair], texts: Mapping[int, str], words: str, memory: Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """Where ``words`` (Arabic, usually) occur: this run's segments with their English now, the
    memory's entries, the run's glossary terms."""
    needle = normalize(words).strip()
    if not needle:
        raise SearchError("select some Arabic words first")
    run_hits, glossary, seen = [], [], set()
    for pair in pairs:
        if needle in normalize(pair.source):
            run_hits.append({"id": pair.id, "source": pair.source, "target": texts.get(pair.id, pair.target), "edited": pair.id in texts})
        for term in pair.terms:
            key = (term.surface, term.required)
            if key not in seen and (needle in normalize(term.surface) or normalize(term.surface) in needle):
                seen.add(key)
                glossary.append({"surface": term.surface, "required": term.required, "enforced": term.enforce})
    remembered = []
    if memory is not None and memory.is_file():
        from translate.tm import TranslationMemory

        with TranslationMemory(memory, create=False) as store:
            for entry in store.entries():
                if needle in normalize(entry.source):
                    remembered.append({"source": entry.source, "target": entry.target, "editor": entry.provenance.editor})
                    if len(remembered) >= CONCORDANCE_LIMIT:
                        break
    return {"run": run_hits[:CONCORDANCE_LIMIT], "memory": remembered, "glossary": glossary[:CONCORDANCE_LIMIT]}
