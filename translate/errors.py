"""The exception tree of ``translate``.

Library code raises these; the CLI catches :class:`TranslateError` once, prints ``str(error)`` as a
single line (or paragraph, for :class:`ModelNotAvailable`) and exits with ``error.exit_code``::

    TranslateError                  exit 1  anything the user can fix in input or environment
    ├── InputError                  exit 1  an input file: missing, empty, undecodable, binary, malformed
    │   ├── EncodingError                   text that is not in the declared/detected encoding
    │   └── RecordError                     a structured file (JSONL, TSV, TMX, XLIFF) with a bad record
    ├── GlossaryError               exit 1  a glossary file: names the file and line
    ├── ModelNotAvailable           exit 1  no model could be loaded (not cached, no network, bad dir)
    ├── ModelError                  exit 1  a model directory that loads but is broken/mismatched
    ├── OutputError                 exit 1  an output could not be written (disk full, permissions)
    └── ArticleFailed               exit 70 one article hit a bug: its row says so, the others are done

Usage errors (bad options) are Typer's and exit 2. Every message is a sentence naming what went
wrong, where, and how to fix it.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ArticleFailed",
    "ReportedError",
    "EncodingError",
    "GlossaryError",
    "InputError",
    "ModelError",
    "ModelNotAvailable",
    "OutputError",
    "RecordError",
    "TranslateError",
]


class TranslateError(Exception):
    """Base of every error the user can act on."""

    exit_code = 1

    def __reduce__(self) -> tuple[object, ...]:
        # Subclasses take (path, problem, fix…), not the message, so the default pickling (which
        # calls cls(*args)) fails and a multiprocessing pool waiting for the error hangs forever.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[TranslateError], args: tuple[object, ...], state: dict[str, object]) -> TranslateError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InputError(TranslateError):
    """An input file cannot be used; the message names the file and the fix."""

    def __init__(self, path: Path | str | None, problem: str, fix: str = "") -> None:
        self.path = Path(path) if path is not None else None
        self.problem = problem
        self.fix = fix
        # Said as given: a URI (s3://bucket/key) is not a local path, and Path would fold its "//".
        where = f"{path}: " if path is not None else ""
        message = f"{where}{problem}"
        if fix:
            message += f" — {fix}"
        super().__init__(message)


class EncodingError(InputError):
    """Bytes that do not decode in the expected encoding."""


class RecordError(InputError):
    """A malformed record in a structured file, located by line (1-based) when known."""

    def __init__(self, path: Path | str | None, line: int | None, problem: str, fix: str = "") -> None:
        self.line = line
        located = f"line {line}: {problem}" if line is not None else problem
        super().__init__(path, located, fix)


class GlossaryError(TranslateError):
    """A glossary that cannot be loaded; ``line`` is 1-based when the problem has one."""

    def __init__(self, path: Path | str | None, line: int | None, problem: str, fix: str = "") -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        where = str(self.path) if self.path is not None else "glossary"
        if line is not None:
            where += f":{line}"
        message = f"{where}: {problem}"
        if fix:
            message += f" — {fix}"
        super().__init__(message)


class ModelNotAvailable(TranslateError):
    """No model could be loaded. ``str()`` is one paragraph: what was tried and the two fixes."""

    def __init__(self, model: str, tried: list[str], reason: str = "", *, fetching: bool = False) -> None:
        self.model = model
        self.tried = list(tried)
        self.reason = reason
        tried_text = "; ".join(self.tried) if self.tried else "nothing"
        because = f" ({reason})" if reason else ""
        # `translate model fetch` itself failing is not fixed by running it again here.
        first = (
            f"run this same command on a machine with internet access and copy its Hugging Face cache here (or set HF_HOME to the copy)"
            if fetching
            else f"on a machine with internet access run `translate model fetch {model}` (it downloads into the Hugging Face cache; copy that cache, or set HF_HOME to it, on this machine)"
        )
        message = (
            f"The translation model '{model}' is not available on this machine{because}. "
            f"Tried: {tried_text}. "
            f"Fix it one of two ways: {first}, or point `--model` at a local directory "
            f"holding a Marian model (config.json, the weights, source.spm, target.spm, vocab.json)."
        )
        super().__init__(message)


class _PathError(TranslateError):
    """An error about one file or folder: ``PATH: problem — fix``."""

    def __init__(self, path: Path | str, problem: str, fix: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.fix = fix
        super().__init__(f"{path}: {problem}" + (f" — {fix}" if fix else ""))  # a URI said as given


class ModelError(_PathError):
    """A model directory that exists but cannot be used (missing file, corrupt weights, mismatch)."""


class OutputError(_PathError):
    """An output file could not be written; nothing partial is left behind."""


class ReportedError(TranslateError):
    """An article's error as a Ray worker reported it (its one-line message and exit code): the
    summary row and the run's exit code are what a local run would have given."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class ArticleFailed(TranslateError):
    """An unexpected exception (a bug) while translating one article: that article's summary row says
    so in one line and the run goes on with the others; the run's exit code is 70, as for a bug."""

    exit_code = 70

    def __init__(self, path: Path | str | None, error: BaseException) -> None:
        self.path = Path(path) if path is not None else None
        self.problem = f"internal error ({type(error).__name__}: {str(error)[:300]})"
        self.fix = "this is a bug in translate: the other articles were translated; rerun this one with --debug for the traceback and report it"
        where = f"{self.path}: " if self.path is not None else ""
        super().__init__(f"{where}{self.problem} — {self.fix}")
        self.__cause__ = error  # --debug shows the original traceback
