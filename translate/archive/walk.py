"""Which files an archive run translates, and where each one's outputs go.

Inputs are any mix of files and folders, plus the lines of a ``--files-from`` list. Folders are walked
recursively (symbolic links followed, each real folder once: a link loop is reported, not walked),
keeping the files whose name matches the glob (default ``*.txt``); hidden files and folders (a name
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

__all__ = ["DEFAULT_GLOB", "ArchiveInput", "walk_inputs"]

DEFAULT_GLOB = "*.txt"


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
            if not _hidden(name) and fnmatch.fnmatch(name, glob):
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


def walk_inputs(paths: Iterable[Path], out_dir: Path, *, files_from: Iterable[str] = (), glob: str = DEFAULT_GLOB) -> list[ArchiveInput]:
    """Every input with its output name, in the order given (folders sorted), duplicates dropped.

    Paths only are collected (never file contents), so a 100,000-article archive costs a list of names."""
    out_real = os.path.realpath(out_dir)
    candidates = list(_candidates(paths, files_from, glob, out_real))
    roots = [os.path.abspath(root) for _, root, error in candidates if error is None and root is not None]
    common = Path(os.path.commonpath(roots)) if roots else Path(".")
    inputs: list[ArchiveInput] = []
    seen_files: set[str] = set()
    names: dict[Path, Path] = {}
    for path, _, error in candidates:
        if error is not None:
            inputs.append(ArchiveInput(path, None, error))
            continue
        real = os.path.realpath(path)
        if real in seen_files:
            continue
        seen_files.add(real)
        relative = Path(os.path.relpath(os.path.abspath(path), common))
        name = relative.parent / relative.stem
        other = names.get(name)
        if other is not None:
            inputs.append(ArchiveInput(path, None, InputError(path, f"its outputs would overwrite those of {other} (same name without the suffix)", "rename one of the two, or translate them into different --out folders")))
            continue
        names[name] = path
        inputs.append(ArchiveInput(path, name))
    return inputs
