"""What the review server knows, apart from HTTP: the runs it serves, their post-edits, versions,
conflicts, and the checks run on a draft (HTER, dropped glossary forms, changed numbers).

Only the runs named at start are served, under names made from their file names; a request names a run
and a pair id, never a path. Saves go through :class:`~translate.postedit.PostEditLog` (append + fsync),
serialised by the log's lock (threads) and file lock (processes), so of two tabs or servers saving one
segment at once the second sees a conflict.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.errors import InputError, TranslateError
from translate.evaluate.hter import summarise_edits
from translate.postedit import PostEdit, PostEditLog, VersionConflict, now
from translate.records import Pair, Run, read_run

__all__ = ["Conflict", "DraftCheck", "ReviewStore", "SavedRun", "UnknownSegment", "check_draft", "run_names"]

log = logging.getLogger(__name__)

_NUMBER = re.compile(r"\d+(?:[.,٫٬]\d+)*")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class UnknownSegment(LookupError):
    """A run name or pair id the server does not serve."""


@dataclass(frozen=True)
class Conflict(Exception):
    """A save whose ``base`` is not the segment's current version (another tab or editor saved)."""

    current: PostEdit | None


@dataclass(frozen=True)
class DraftCheck:
    """A draft against the machine's text: HTER (sacrebleu TER, the draft as reference), the words TER
    counted, the glossary forms the MT had and the draft lost, the numbers that differ."""

    hter: float
    edits: int
    ref_words: float
    dropped_terms: tuple[str, ...]
    changed_numbers: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "hter": round(self.hter, 4),
            "edits": self.edits,
            "ref_words": self.ref_words,
            "dropped_terms": list(self.dropped_terms),
            "changed_numbers": list(self.changed_numbers),
        }


def _numbers(text: str) -> Counter[str]:
    return Counter(match.replace("٫", ".").replace("٬", ",") for match in _NUMBER.findall(text.translate(_ARABIC_DIGITS)))


def check_draft(pair: Pair, draft: str) -> DraftCheck:
    """HTER of the pair's MT against ``draft``, and what the draft dropped (computed as ``translate
    eval`` does, so the page's figure is the evaluation's)."""
    required = [term.required for term in pair.terms if term.enforce]
    summary = summarise_edits([pair.target.rstrip()], [draft.rstrip()], [required])
    segment = summary.segments[0]
    before, after = _numbers(pair.target), _numbers(draft)
    changed = sorted((before - after) + (after - before))
    return DraftCheck(segment.hter, segment.edits, segment.ref_words, tuple(change.required for change in summary.term_changes), tuple(changed))


def run_names(paths: Sequence[Path]) -> dict[str, Path]:
    """``NAME`` for each ``NAME.jsonl``; the same name twice gets ``-2``, ``-3``…"""
    names: dict[str, Path] = {}
    for path in paths:
        base = path.name.removesuffix(".jsonl") or path.stem
        name, number = base, 1
        while name in names:
            number += 1
            name = f"{base}-{number}"
        names[name] = path
    return names


@dataclass
class SavedRun:
    name: str
    path: Path
    run: Run
    log: PostEditLog
    pairs: dict[int, Pair]


class ReviewStore:
    """The runs under review and their post-edit logs (created on open, beside each run).

    ``on_confirm`` is called with (run, pair, edit) after a confirmed save is on disk — the hook the
    translation memory uses; an error there never loses the save (it is logged by the caller).
    """

    def __init__(self, paths: Sequence[Path], editor: str | None, on_confirm: Callable[[Run, Pair, PostEdit], None] | None = None) -> None:
        if not paths:
            raise InputError(None, "no run files given", "pass one or more NAME.jsonl written by `translate run`")
        self.editor = editor
        self.on_confirm = on_confirm
        self.runs: dict[str, SavedRun] = {}
        self.remarks: list[str] = []
        # The same run named twice is served once: two names over one file would save over each other.
        unique = list({Path(p).resolve(): Path(p) for p in paths}.values())
        for name, path in run_names(unique).items():
            run = read_run(path)
            log = PostEditLog(path, editor)
            self.remarks.extend(log.remarks)
            self.runs[name] = SavedRun(name, path, run, log, {pair.id: pair for pair in run.pairs})

    def saved(self, name: str) -> SavedRun:
        try:
            return self.runs[name]
        except KeyError:
            raise UnknownSegment(f"no run named {name!r} is served") from None

    def pair(self, name: str, pair_id: int) -> tuple[SavedRun, Pair]:
        saved = self.saved(name)
        try:
            return saved, saved.pairs[pair_id]
        except KeyError:
            raise UnknownSegment(f"run {name!r} has no segment {pair_id}") from None

    def listing(self) -> list[dict[str, Any]]:
        rows = []
        for name, saved in self.runs.items():
            latest = saved.log.latest
            rows.append({"run": name, "segments": len(saved.run.pairs), "confirmed": sum(1 for edit in latest.values() if edit.confirmed)})
        return rows

    def article(self, name: str) -> dict[str, Any]:
        saved = self.saved(name)
        latest = saved.log.latest
        pairs = []
        for pair in saved.run.pairs:
            record = pair.to_json()
            edit = latest.get(pair.id)
            record["post_edit"] = edit.post_edit if edit else None
            record["version"] = edit.version if edit else None
            record["confirmed"] = edit.confirmed if edit else False
            record["editor"] = edit.editor if edit else None
            record["check"] = check_draft(pair, edit.post_edit).to_json() if edit else None
            pairs.append(record)
        return {"run": name, "manifest": saved.run.manifest.to_json(), "pairs": pairs, "article": self.article_hter(name)}

    def article_hter(self, name: str, drafts: dict[int, str] | None = None) -> dict[str, Any]:
        """Corpus HTER over the segments that have a post-edit (``drafts`` override saved ones):
        total edits over total post-edit words, as sacrebleu aggregates TER."""
        saved = self.saved(name)
        texts = {pair_id: edit.post_edit for pair_id, edit in saved.log.latest.items()}
        texts.update(drafts or {})
        ids = [pair.id for pair in saved.run.pairs if pair.id in texts]
        if not ids:
            return {"hter": None, "segments": 0, "edited": 0}
        hypotheses = [saved.pairs[pair_id].target.rstrip() for pair_id in ids]
        references = [texts[pair_id].rstrip() for pair_id in ids]
        summary = summarise_edits(hypotheses, references)
        return {"hter": round(summary.corpus_hter, 4), "segments": len(ids), "edited": summary.total - summary.untouched}

    def save(self, name: str, pair_id: int, target: str, base: int | None, *, confirmed: bool, seconds: float, keystrokes: int) -> tuple[PostEdit, str | None]:
        """Append a new version of one segment; :class:`Conflict` when ``base`` is stale. Returns the
        record and, when the memory hook failed (the save itself did not), why."""
        saved, pair = self.pair(name, pair_id)

        def build(version: int) -> PostEdit:
            return PostEdit(
                id=pair_id,
                mt=pair.target,
                post_edit=target,
                editor=self.editor,
                saved_at=now(),
                seconds=round(max(0.0, seconds), 3),
                keystrokes=max(0, keystrokes),
                version=version,
                confirmed=confirmed,
            )

        try:
            edit = saved.log.commit(pair_id, base, build)  # serialised by the log itself
        except VersionConflict as stale:
            raise Conflict(stale.current) from None
        if confirmed and self.on_confirm is not None:
            try:
                self.on_confirm(saved.run, pair, edit)
            except TranslateError as error:
                # The post-edit is on disk; only the memory copy failed. Say so, do not fail the save.
                log.warning("%s", error)
                return edit, str(error)
        return edit, None
