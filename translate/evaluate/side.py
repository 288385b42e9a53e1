"""One side of an evaluation, as every reader returns it, and the names the readers share: the role a
file plays (hypothesis or reference), the notes our XLIFF carries, how a quality score is written.

Its own module so that the readers (:mod:`translate.evaluate.inputs` for text, JSONL and TSV;
:mod:`translate.evaluate._xml` for TMX and XLIFF) both stand on it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["HYP", "MT_NOTE", "REF", "Side", "TERM_NOTES", "parse_score"]

#: The role a file plays; it decides what an XLIFF contributes (MT note or post-edited target).
HYP = "hyp"
REF = "ref"

#: The ``from`` (XLIFF 1.2) / ``category`` (XLIFF 2.x) of the note holding our original MT.
MT_NOTE = "translate:mt"
#: Notes holding glossary terms, one per note (our exporter: ``SURFACE → REQUIRED (status, … mention)``).
TERM_NOTES = ("translate:term", "translate:terms", "translate:glossary")


@dataclass(frozen=True)
class Side:
    """One side of an evaluation, already split into segments.

    ``sources`` are the Arabic segments when the file carries them; ``terms`` the glossary's required
    English forms per segment when known (run JSONL, our XLIFF); ``remarks`` are sentences for the user
    about how the file was read (e.g. targets scored as they are for lack of MT notes); ``quality`` our
    0–100 quality estimate per segment when the file carries it (run JSONL, our XLIFF and TSV).
    """

    path: Path
    format: str
    segments: tuple[str, ...]
    sources: tuple[str, ...] | None = None
    terms: tuple[tuple[str, ...], ...] | None = None
    remarks: tuple[str, ...] = ()
    quality: tuple[float | None, ...] | None = None
    #: The run's pair id of each segment, when the side was read from a run and its post-edits.
    ids: tuple[int, ...] | None = None


def parse_score(text: str) -> float | None:
    """A quality score as our exports write it (``87.5``; empty or ``none`` = not scored)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if 0.0 <= value <= 100.0 else None
