"""Which files an archive run translates, and where each one's outputs go.

Inputs are any mix of files and folders, plus the lines of a ``--files-from`` list. Folders are walked
recursively (symbolic links followed, each real folder once: a link loop is reported, not walked),
keeping the files whose name matches the glob (default: ``.txt`` articles and the documents
:mod:`translate.formats` reads; several patterns are separated by commas); hidden files and folders (a name
starting with ``.``) and anything inside the output folder are never inputs — a walked or listed file
there is left out, a given folder there is an error; a file named on the command line is taken as
given (it is only refused if its own outputs would overwrite it). A file reached twice (given
and inside a given folder, or through a link) is translated once.

Outputs mirror the inputs' paths relative to their common root — the deepest folder holding every
input: ``2015/10/14/article.txt`` → ``OUT/2015/10/14/article.*``; a single file's outputs sit directly
in ``OUT``. Two inputs whose outputs would share a name (``a.txt`` and ``a.md`` with ``--glob '*'``) are
never both written: the second is an error naming the first.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from translate.errors import InputError

__all__ = ["DEFAULT_GLOB", "ArchiveInput", "ArchiveInputs", "walk_inputs"]

def _default_glob() -> str:
    from translate.formats import DOCUMENT_SUFFIXES

    return ",".join(["*.txt", *(f"*{suffix}" for suffix in DOCUMENT_SUFFIXES)])


DEFAULT_GLOB = _default_glob()


def matches_glob(name: str, glob: str) -> bool:
    """Whether a file name matches one of the glob's comma-separated patterns."""
    return any(fnmatch.fnmatch(name, pattern.strip()) for pattern in glob.split(",") if pattern.strip())


@dataclass(frozen=True)
class ArchiveInput:
    """One input: the file, its output path without suffix relative to ``--out`` (``2015/10/14/article``),
    or the error that keeps it from being translated (a missing path, a link loop, a name clash)."""

    path: Path
    name: Path | None = None
    error: InputError | None = None


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _walk(folder: Path, glob: str, out_real: str) -> Iterator[tuple[Path, InputError | None]]:
    """Matching files under ``folder`` in sorted order. Links are followed; a link to a folder above
    it (a loop) is reported and not entered, a folder reached again by another way is walked once."""
    errors: list[OSError] = []
    seen: set[tuple[int, int]] = set()
    ancestors: list[tuple[str, tuple[int, int]]] = []  # (path, key) of the folders above the current one
    for root, folders, files in os.walk(folder, followlinks=True, onerror=errors.append):
        while errors:
            error = errors.pop(0)
            yield Path(error.filename or root), InputError(error.filename or root, f"cannot be read ({error.strerror})", "check the folder's permissions")
        status = os.stat(root)
        key = (status.st_dev, status.st_ino)
        while ancestors and not _inside(root, ancestors[-1][0]):
            ancestors.pop()
        if any(key == above for _, above in ancestors):
            yield Path(root), InputError(root, f"is a link back to {os.path.realpath(root)} (a loop): not walked again", "remove the link or leave it out of the inputs")
            folders[:] = []
            continue
        if key in seen:
            folders[:] = []  # the same folder by another way: its files are already inputs
            continue
        seen.add(key)
        ancestors.append((root, key))
        folders[:] = sorted(name for name in folders if not _hidden(name) and not _inside(os.path.realpath(os.path.join(root, name)), out_real))
        for name in sorted(files):
            if not _hidden(name) and matches_glob(name, glob):
                yield Path(root) / name, None
    for error in errors:
        yield Path(error.filename or folder), InputError(error.filename or folder, f"cannot be read ({error.strerror})", "check the folder's permissions")


def _candidates(paths: Iterable[Path], files_from: Iterable[str], glob: str, out_real: str) -> Iterator[tuple[Path, Path | None, InputError | None]]:
    """(file, the argument's folder for the common root, error) for every argument and list line."""
    listed = ((Path(line.strip()), True) for line in files_from if line.strip() and not line.lstrip().startswith("#"))
    for path, from_list in [*((Path(p), False) for p in paths), *listed]:
        origin = "listed in --files-from" if from_list else "given"
        inside_out = (path.is_dir() or path.is_file()) and _inside(os.path.realpath(path), out_real)
        if inside_out and path.is_dir():
            yield path, None, InputError(path, f"is inside the output folder ({origin}): outputs are never inputs", "choose an --out folder apart from the inputs")
        elif inside_out and from_list:
            continue  # a listing made by `find` meets our own outputs: they are never inputs
        elif path.is_dir():
            for found, error in _walk(path, glob, out_real):
                yield found, path, error
        elif path.is_file():
            yield path, path.parent, None
        elif path.is_symlink():
            yield path, None, InputError(path, f"is a broken link ({origin})", "fix or remove the link")
        else:
            yield path, None, InputError(path, f"no such file or folder ({origin})", "check the path")


class ArchiveInputs:
    """The inputs of a run, walked lazily: iterating walks the folders again and yields one
    :class:`ArchiveInput` at a time, so memory does not grow with the archive (only the set of files
    met and of output names, which keeps duplicates and clashes out). ``len()`` walks once to count."""

    def __init__(self, paths: Iterable[Path], out_dir: Path, files_from: Iterable[str], glob: str) -> None:
        self.paths = [Path(p) for p in paths]
        self.listed = [line for line in files_from]
        self.glob = glob
        self.out_real = os.path.realpath(out_dir)
        roots = []
        for path, from_list in [*((p, False) for p in self.paths), *((Path(line.strip()), True) for line in self.listed if line.strip() and not line.lstrip().startswith("#"))]:
            if _inside(os.path.realpath(path), self.out_real) and (from_list or path.is_dir()):
                continue
            if path.is_dir():
                roots.append(os.path.abspath(path))
            elif path.is_file():
                roots.append(os.path.abspath(path.parent))
        self.common = Path(os.path.commonpath(roots)) if roots else Path(".")
        #: Inputs from several places (``translate run seeds/x.txt /tmp/y.txt``) are named by where
        #: each came from, not by their common folder (which could be ``/``): see :meth:`_name`.
        self.several = len(set(roots)) > 1
        self.cwd = os.path.abspath(os.getcwd())
        # Inputs outside the working folder are named under the common folder of their parents.
        arguments = [*self.paths, *(Path(line.strip()) for line in self.listed if line.strip() and not line.lstrip().startswith("#"))]
        anchors = [os.path.dirname(os.path.abspath(p)) for p in arguments if (p.is_dir() or p.is_file()) and not _inside(os.path.abspath(p), self.cwd)]
        self.outside = os.path.commonpath(anchors) if anchors else self.cwd
        self._count: int | None = None

    def _name(self, path: Path, root: Path | None) -> Path:
        """The output name (no suffix). One root: the path under it. Several: under the working folder
        when the file is in it (``seeds/x``); else under the common folder of the other inputs'
        parents, so a folder argument keeps its own name above its tree (``desk/z``) and a file its
        name (``y``)."""
        absolute = os.path.abspath(path)
        if not self.several:
            relative = Path(os.path.relpath(absolute, self.common))
        elif _inside(absolute, self.cwd):
            relative = Path(os.path.relpath(absolute, self.cwd))
        else:
            relative = Path(os.path.relpath(absolute, self.outside))
        return relative.parent / relative.stem

    def __iter__(self) -> Iterator[ArchiveInput]:
        seen_files: set[str] = set()
        names: dict[str, str] = {}
        for path, root, error in _candidates(self.paths, self.listed, self.glob, self.out_real):
            if error is not None:
                yield ArchiveInput(path, None, error)
                continue
            real = os.path.realpath(path)
            if real in seen_files:
                continue
            seen_files.add(real)
            name = self._name(path, root)
            other = names.get(str(name))
            if other is not None:
                yield ArchiveInput(path, None, InputError(path, f"its outputs would overwrite those of {other} (same name without the suffix)", "rename one of the two, or translate them into different --out folders"))
                continue
            names[str(name)] = str(path)
            yield ArchiveInput(path, name)

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(1 for _ in self)
        return self._count


def walk_inputs(paths: Iterable[Path], out_dir: Path, *, files_from: Iterable[str] = (), glob: str = DEFAULT_GLOB) -> ArchiveInputs:
    """Every input with its output name, in the order given (folders sorted), duplicates dropped,
    walked lazily (see :class:`ArchiveInputs`): file contents are never read here, and a
    100,000-article archive is never held as a list."""
    return ArchiveInputs(paths, out_dir, files_from, glob)
