"""What the review server knows, apart from HTTP: the runs it serves, their post-edits, versions,
conflicts, the feed of saves, and the checks run on a draft (HTER, dropped glossary forms, changed
numbers, and the checks before confirm).

Only the runs named at start (files, or every run under a folder: an archive) are served, each under a
key made from its path that a URL carries unchanged; a request names a run key and a pair id, never a
path. Saves go through :class:`~translate.postedit.PostEditLog` (append + fsync), serialised by the
log's lock (threads) and file lock (processes), so of two tabs or servers saving one segment at once the
second sees a conflict. A run file that changes on disk while it is served refuses further saves
(:class:`RunChanged`): an edit of the old English must not land on a new run.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.errors import InputError, TranslateError
from translate.evaluate.hter import summarise_edits
from translate.postedit import PostEdit, PostEditLog, VersionConflict, is_post_edit_file, now, run_digest
from translate.records import Pair, Run, read_run
from translate.quality.features import unbalanced_marks
from translate.script import arabic_letter_count

__all__ = ["Conflict", "DraftCheck", "ReviewStore", "RunChanged", "SavedRun", "UnknownSegment", "check_draft", "collect_runs", "run_keys", "source_words"]

log = logging.getLogger(__name__)

_NUMBER = re.compile(r"\d+(?:[.,٫٬]\d+)*")
_WORD = re.compile(r"\w+")
_DOUBLE_SPACE = re.compile(r"\S  +\S")
#: Characters a run key may keep (RFC 3986 unreserved, and any letter: a URL carries them encoded).
_KEY_UNSAFE = re.compile(r"[^\w.~-]+")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class UnknownSegment(LookupError):
    """A run name or pair id the server does not serve."""


class RunChanged(Exception):
    """The run file changed on disk since the server read it; saves into it are refused."""


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
    #: The checks before confirm that the draft fails, by name (:data:`CHECKS`): shown, never blocking.
    problems: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "hter": round(self.hter, 4),
            "edits": self.edits,
            "ref_words": self.ref_words,
            "dropped_terms": list(self.dropped_terms),
            "changed_numbers": list(self.changed_numbers),
            "problems": list(self.problems),
        }


#: The checks a draft gets before it is confirmed, in the order the page shows them.
CHECKS = ("empty", "untranslated", "numbers", "names", "double-space", "quotes")
def draft_problems(pair: Pair, draft: str, dropped_terms: Sequence[str], changed_numbers: Sequence[str]) -> tuple[str, ...]:
    """The names of the :data:`CHECKS` the draft fails: empty; untranslated (the source itself, or
    Arabic letters left); numbers or required glossary names the machine had and the draft lost; a
    doubled space; more quotes or brackets left unpaired than in the machine's English (counted as the
    quality features count them)."""
    problems = []
    if not draft.strip():
        problems.append("empty")
    elif draft.strip() == pair.source.strip() or (not pair.passthrough and arabic_letter_count(draft) > 0):
        problems.append("untranslated")
    if changed_numbers:
        problems.append("numbers")
    if dropped_terms:
        problems.append("names")
    if _DOUBLE_SPACE.search(draft):
        problems.append("double-space")
    if unbalanced_marks(draft) > unbalanced_marks(pair.target):
        problems.append("quotes")
    return tuple(problems)


def _numbers(text: str) -> Counter[str]:
    return Counter(match.replace("٫", ".").replace("٬", ",") for match in _NUMBER.findall(text.translate(_ARABIC_DIGITS)))


def check_draft(pair: Pair, draft: str) -> DraftCheck:
    """HTER of the pair's MT against ``draft``, and what the draft dropped (computed as ``translate
    eval`` does, so the page's figure is the evaluation's)."""
    required = [term.required for term in pair.terms if term.enforce]
    summary = summarise_edits([pair.target.rstrip()], [draft.rstrip()], [required])
    segment = summary.segments[0]
    before, after = _numbers(pair.target), _numbers(draft)
    changed = tuple(sorted((before - after) + (after - before)))
    dropped = tuple(change.required for change in summary.term_changes)
    return DraftCheck(segment.hter, segment.edits, segment.ref_words, dropped, changed, draft_problems(pair, draft, dropped, changed))


def source_words(pair: Pair) -> int:
    """Words of the source, as CAT tools count them for progress and rates."""
    return len(_WORD.findall(pair.source))


def collect_runs(paths: Sequence[Path]) -> tuple[list[tuple[Path, str]], list[str]]:
    """(run file, display name) for what was given — run files, or folders whose runs are all served
    (an archive ``--out``: every ``*.jsonl`` under it that is a run) — and remarks on what was left
    out. A post-edit file given beside its run (``out/*.jsonl`` matches both) is left out with a remark:
    it is opened with its run."""
    found: list[tuple[Path, str]] = []
    remarks: list[str] = []
    for given in paths:
        given = Path(given)
        if given.is_dir():
            inside = sorted(path for path in given.rglob("*.jsonl") if path.is_file() and not is_post_edit_file(path))
            for path in inside:
                if not _looks_like_run(path):
                    remarks.append(f"{path}: not a run file of translate, left out")
                    continue
                found.append((path, path.relative_to(given).as_posix().removesuffix(".jsonl")))
            if not inside:
                remarks.append(f"{given}: holds no run files (NAME.jsonl)")
        elif is_post_edit_file(given):
            remarks.append(f"{given.name}: a post-edit file, opened with its run, not as one")
        else:
            found.append((given, given.name.removesuffix(".jsonl") or given.name))
    if not found:
        raise InputError(paths[0] if paths else None, "holds no run file to review", "pass NAME.jsonl files written by `translate run`, or the folder they are in")
    return found, remarks


def _looks_like_run(path: Path) -> bool:
    """Whether the file's first line is a run manifest (a folder may hold other JSONL: datasets, logs)."""
    try:
        with path.open("rb") as stream:
            first = json.loads(stream.readline(1 << 20).decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return isinstance(first, dict) and first.get("type") == "manifest"


def run_keys(names: Sequence[str]) -> list[str]:
    """A key for each display name that a URL path carries as one segment: ``/`` becomes ``~``, other
    separators ``-``, a name made only of dots (``..``, which browsers resolve away) gets ``run-``
    before it, and a key already taken gets ``-2``, ``-3``…"""
    keys: list[str] = []
    taken: set[str] = set()
    for name in names:
        base = _KEY_UNSAFE.sub("-", name.replace("/", "~")).strip("-") or "run"
        if not base.strip("."):
            base = "run-" + base
        key, number = base, 1
        while key in taken:
            number += 1
            key = f"{base}-{number}"
        taken.add(key)
        keys.append(key)
    return keys




@dataclass
class SavedRun:
    name: str
    path: Path
    run: Run
    log: PostEditLog
    pairs: dict[int, Pair]
    #: What the page shows: the path under the folder given, or the file's name.
    display: str = ""
    #: (size, mtime_ns) of the run file as read, to notice it changing on disk.
    stamp: tuple[int, int] = (0, 0)
    digest: str = ""


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
        found, remarks = collect_runs(paths)
        self.remarks.extend(remarks)
        # The same run named twice is served once: two names over one file would save over each other.
        unique = list({path.resolve(): (path, display) for path, display in found}.values())
        for key, (path, display) in zip(run_keys([display for _, display in unique]), unique):
            stamp = _stamp(path)
            run = read_run(path)
            log = PostEditLog(path, editor)
            self.remarks.extend(log.remarks)
            self.runs[key] = SavedRun(key, path, run, log, {pair.id: pair for pair in run.pairs}, display, stamp, log.header.run_sha256)

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

    def fresh(self, name: str) -> SavedRun:
        """The run, after checking its file is still the one read: :class:`RunChanged` when it is not."""
        saved = self.saved(name)
        stamp = _stamp(saved.path)
        if stamp != saved.stamp:
            if not saved.path.is_file() or run_digest(saved.path) != saved.digest:
                raise RunChanged(
                    f"{saved.path} changed on disk since the review began (a new `translate run`?): saves into it are refused so that edits "
                    "of the old English cannot land on the new one — your text is still in the box; restart `translate review` and reload the page"
                )
            saved.stamp = stamp  # touched, same bytes
        return saved

    def listing(self) -> list[dict[str, Any]]:
        """One row per run: its key, display name, segments and source words, confirmed ones, HTER."""
        rows = []
        for name, saved in self.runs.items():
            latest = saved.log.latest
            words = {pair.id: source_words(pair) for pair in saved.run.pairs}
            confirmed = [pair_id for pair_id, edit in latest.items() if edit.confirmed and pair_id in words]
            rows.append(
                {
                    "run": name,
                    "name": saved.display or name,
                    "segments": len(saved.run.pairs),
                    "confirmed": len(confirmed),
                    "edited": len(latest),
                    "words": sum(words.values()),
                    "confirmed_words": sum(words[pair_id] for pair_id in confirmed),
                    "hter": self.article_hter(name)["hter"],
                }
            )
        return rows

    def archive(self) -> dict[str, Any]:
        """The runs and the archive's corpus HTER over every post-edited segment of every run (total
        edits over total post-edit words, as for one article)."""
        hypotheses: list[str] = []
        references: list[str] = []
        for saved in self.runs.values():
            for pair_id, edit in saved.log.latest.items():
                if pair_id in saved.pairs:
                    hypotheses.append(saved.pairs[pair_id].target.rstrip())
                    references.append(edit.post_edit.rstrip())
        total = {"hter": None, "segments": 0, "edited": 0}
        if hypotheses:
            summary = summarise_edits(hypotheses, references)
            total = {"hter": round(summary.corpus_hter, 4), "segments": len(hypotheses), "edited": summary.total - summary.untouched}
        return {"runs": self.listing(), "total": total}

    def changes(self, name: str, after: int) -> tuple[int, list[PostEdit]]:
        """The saves of run ``name`` after the first ``after`` records of its post-edit file (which is
        append-only, so a count is a position that survives a server restart), and the new count."""
        saved = self.saved(name)
        records = saved.log.snapshot()
        return len(records), list(records[after:]) if 0 <= after <= len(records) else list(records)

    def article(self, name: str) -> dict[str, Any]:
        saved = self.fresh(name)
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
            record["words"] = source_words(pair)
            pairs.append(record)
        return {"run": name, "name": saved.display or name, "manifest": saved.run.manifest.to_json(), "pairs": pairs, "article": self.article_hter(name), "changes": len(saved.log.snapshot())}

    def texts(self, name: str, drafts: dict[int, str] | None = None) -> dict[int, str]:
        """The English of each post-edited segment as the editor has it: the latest saved version, with
        the page's unsaved ``drafts`` over it (ids the run does not have are ignored)."""
        saved = self.saved(name)
        texts = {pair_id: edit.post_edit for pair_id, edit in saved.log.latest.items()}
        texts.update({pair_id: text for pair_id, text in (drafts or {}).items() if pair_id in saved.pairs})
        return texts

    def article_hter(self, name: str, drafts: dict[int, str] | None = None) -> dict[str, Any]:
        """Corpus HTER over the segments that have a post-edit (``drafts`` override saved ones):
        total edits over total post-edit words, as sacrebleu aggregates TER."""
        saved = self.saved(name)
        texts = self.texts(name, drafts)
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
        self.fresh(name)

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


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)
