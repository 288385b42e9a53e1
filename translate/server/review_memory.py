"""``translate review --tm``: every confirmed segment goes into the translation memory, with the
editor and the time as provenance and the previous sentence's key for context (101) matches.

The memory is opened per write, in its own short transaction, so a long review never holds its lock
against a `translate run` that reads it; a memory that cannot be written is reported on the segment's
save (the post-edit itself is already on disk by then).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from translate.postedit import PostEdit
from translate.records import Pair, Run, TmProvenance

__all__ = ["memory_writer"]


def memory_writer(path: Path, editor: str | None) -> Callable[[Run, Pair, PostEdit], None]:
    """A ``ReviewStore.on_confirm`` hook writing confirmed segments into the memory at ``path``
    (created if missing, so a first review can start a memory)."""
    from translate.tm import TmEntry, TranslationMemory, tm_key

    # Fail at start, not at the first confirmation, when the memory cannot be opened.
    TranslationMemory(path).close()
    lock = threading.Lock()

    def write(run: Run, pair: Pair, edit: PostEdit) -> None:
        if pair.passthrough or not edit.post_edit.strip() or not tm_key(pair.source):
            return
        position = next(index for index, candidate in enumerate(run.pairs) if candidate.id == pair.id)
        # The sentence before it in the article, as `translate run --tm` looks context up.
        before = run.pairs[position - 1] if position > 0 else None
        provenance = TmProvenance(origin=run.manifest.input_path, editor=edit.editor or editor, created=edit.saved_at, changed=edit.saved_at)
        entry = TmEntry(pair.source, edit.post_edit, tm_key(pair.source), tm_key(before.source) if before is not None else None, provenance)
        with lock, TranslationMemory(path) as memory:
            memory.add([entry])

    return write
