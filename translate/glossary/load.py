"""Loading glossaries: TSV or CSV with a header row, TBX, or a folder of them.

Columns (header names, any order): ``ar`` and ``en`` required; ``en_short``, ``type``, ``note``
optional, and the context columns ``ambiguous``, ``when``, ``unless`` (:mod:`translate.glossary.context`). ``ar`` holds spelling variants separated by ``|``. Blank lines and lines starting with ``#``
are skipped. A UTF-8 byte-order mark and Windows line endings are accepted (spreadsheets write both);
anything else that is wrong is a :class:`~translate.errors.GlossaryError` naming the file and line.

Two spellings that match the same text (:func:`~translate.glossary.match.term_key`) with different
English forms are an error listing both lines; the same pair twice is kept once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from translate.errors import GlossaryError
from translate.glossary.context import build_context
from translate.glossary.entries import ENTRY_TYPES, Glossary, GlossaryEntry
from translate.glossary.words import term_key

__all__ = ["GLOSSARY_SUFFIXES", "glossary_files", "load_glossary", "parse_table"]

GLOSSARY_SUFFIXES = (".tsv", ".csv", ".tbx")
REQUIRED_COLUMNS = ("ar", "en")
OPTIONAL_COLUMNS = ("en_short", "type", "note", "ambiguous", "when", "unless")
VARIANT_SEPARATOR = "|"
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Direction controls (embeddings, overrides, isolates, marks): in a required English form they would
#: be forced into every translation and turn the text around where it is shown (U+202E reverses it).
_DIRECTION_CONTROL = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def check_english_forms(path: Path, line: int | None, forms: dict[str, str]) -> None:
    """Refuse a direction control in an English form (``{"en": …, "en_short": …}``)."""
    for column, value in forms.items():
        control = _DIRECTION_CONTROL.search(value or "")
        if control is not None:
            raise GlossaryError(
                path, line, f"column {column} holds the invisible direction control U+{ord(control.group()):04X}, which would turn the English around where it is shown", "delete it (copying from a right-to-left program can paste one)"
            )


def glossary_files(paths: Iterable[Path]) -> list[Path]:
    """Files named by ``paths``: a file as is, a folder's glossary files sorted by name."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in GLOSSARY_SUFFIXES)
            if not found:
                raise GlossaryError(path, None, "this folder holds no .tsv, .csv or .tbx glossary", "add a glossary file or pass a file instead")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise GlossaryError(path, None, "no such glossary file or folder", "check the --glossary path")
    return files


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GlossaryError(path, line, "is not UTF-8", "save the glossary as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_table(path: Path, text: str, delimiter: str) -> list[GlossaryEntry]:
    """Rows of a TSV (``delimiter='\\t'``, no quoting) or CSV (RFC 4180 quoting) glossary."""
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quoting=quoting, strict=True)
    kind = "tab" if delimiter == "\t" else "comma"
    header: list[str] | None = None
    entries: list[GlossaryEntry] = []
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in row]
                missing = [name for name in REQUIRED_COLUMNS if name not in header]
                unknown = [name for name in header if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
                if missing or unknown:
                    problem = f"the header row must name the columns ar, en (and optionally {', '.join(OPTIONAL_COLUMNS)}); found {', '.join(header)}"
                    raise GlossaryError(path, line, problem, f"make the first line the header ar, en, en_short, type, note ({kind}-separated), with ambiguous, when, unless for context rules")
                continue
            if len(row) != len(header):
                raise GlossaryError(path, line, f"expected {len(header)} {kind}-separated fields ({', '.join(header)}), found {len(row)}", "give every row one value per column, empty ones included (a row may not drop its trailing empty cells)")
            entries.append(_entry(path, line, dict(zip(header, (cell.strip() for cell in row)))))
    except csv.Error as error:
        raise GlossaryError(path, reader.line_num, f"is not valid {'CSV' if kind == 'comma' else 'TSV'} ({error})", "check quoting on that line") from None
    return entries


def _entry(path: Path, line: int, row: dict[str, str]) -> GlossaryEntry:
    for column, value in row.items():
        control = _CONTROL_CHARACTER.search(value)
        if control is not None:
            # A required English form with a NUL or ESC in it would be forced into every translation.
            raise GlossaryError(path, line, f"column {column} holds the invisible control character U+{ord(control.group()):04X}", "delete it (copying from another program can paste one)")
    check_english_forms(path, line, {"en": row.get("en", ""), "en_short": row.get("en_short", "")})
    if not row.get("ar"):
        raise GlossaryError(path, line, "the Arabic term (column ar) is empty", "fill it in or delete the row")
    if not row.get("en"):
        raise GlossaryError(path, line, f"the English form (column en) of {row['ar']!r} is empty", "fill it in or delete the row")
    variants = tuple(variant.strip() for variant in row["ar"].split(VARIANT_SEPARATOR))
    for variant in variants:
        if not variant:
            raise GlossaryError(path, line, f"an empty spelling variant in {row['ar']!r}", f"separate variants with a single {VARIANT_SEPARATOR} and no empty ones")
        if not term_key(variant):
            raise GlossaryError(path, line, f"the Arabic term {variant!r} has no letters to match", "give the term in Arabic letters")
    entry_type = (row.get("type") or "other").lower()
    if entry_type not in ENTRY_TYPES:
        raise GlossaryError(path, line, f"unknown type {row.get('type')!r}", f"use one of {', '.join(ENTRY_TYPES)} or leave it empty")
    context = build_context(path, line, variants, row.get("ambiguous", ""), row.get("when", ""), row.get("unless", ""))
    return GlossaryEntry(variants, row["en"], row.get("en_short", ""), entry_type, row.get("note", ""), str(path), line, context)


def _read_file(path: Path) -> tuple[bytes, list[GlossaryEntry]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GlossaryError(path, None, f"cannot be read ({error.strerror})", "check the path and permissions") from None
    suffix = path.suffix.lower()
    if suffix == ".tbx":
        from translate.glossary.tbx import parse_tbx

        return data, parse_tbx(path, data)
    text = _decode(path, data)
    if not text.strip():
        raise GlossaryError(path, None, "is empty", "give it a header row and at least one entry")
    delimiter = "," if suffix == ".csv" else "\t"
    entries = parse_table(path, text, delimiter)
    if not entries:
        raise GlossaryError(path, None, "has a header but no entries", "add at least one row")
    return data, entries


def _forms(entry: GlossaryEntry) -> str:
    return f"{entry.en} / {entry.en_short}" if entry.en_short else entry.en


def _merge(entries: Sequence[GlossaryEntry]) -> list[GlossaryEntry]:
    """Drop exact repeats; a spelling claimed by two entries with different English is an error."""
    owner: dict[tuple[str, ...], GlossaryEntry] = {}
    kept: list[GlossaryEntry] = []
    for entry in entries:
        keys = [term_key(variant) for variant in entry.ar]
        for variant, key in zip(entry.ar, keys):
            other = owner.get(key)
            if other is not None and (other.en, other.en_short) == (entry.en, entry.en_short) and other.context != entry.context:
                raise GlossaryError(
                    entry.path or None,
                    entry.line or None,
                    f"the Arabic term {variant!r} is also defined at {other.location} with different context rules",
                    "keep one of the two lines, or give both the same ambiguous, when and unless cells",
                )
            if other is not None and (other.en, other.en_short) != (entry.en, entry.en_short):
                raise GlossaryError(
                    entry.path or None,
                    entry.line or None,
                    f"the Arabic term {variant!r} is also defined at {other.location} with a different English form "
                    f"({_forms(other)!r} there, {_forms(entry)!r} here)",
                    "keep one of the two lines",
                )
        if all(key in owner for key in keys):
            continue  # every spelling is already there with the same English
        for key in keys:
            owner.setdefault(key, entry)
        kept.append(entry)
    return kept


def load_glossary(paths: Path | Sequence[Path]) -> Glossary:
    """Load glossary files and folders (in the order given) into one :class:`Glossary`."""
    if isinstance(paths, (str, Path)):
        paths = [Path(paths)]
    files = glossary_files(paths)
    digest = hashlib.sha256()
    entries: list[GlossaryEntry] = []
    for path in files:
        data, file_entries = _read_file(path)
        digest.update(path.name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
        entries.extend(file_entries)
    glossary = Glossary(tuple(_merge(entries)), tuple(str(path) for path in files), "sha256:" + digest.hexdigest())
    _check_triggers(glossary)
    return glossary


def _check_triggers(glossary: Glossary) -> None:
    """A trigger word that is itself a glossary term mixes two names into one rule (is ``روسيا`` before
    ``اليوم`` the country or context?): refuse it, naming the rule's line and the term's, so the
    terminologist writes the pair as its own spelling instead."""
    if not any(entry.context for entry in glossary.entries):
        return
    # Triggers are stored as a term key's single word, so the clash is a one-word term with that key
    # (the first entry to claim a key owns it, as in matching).
    terms_by_key: dict[tuple[str, ...], GlossaryEntry] = {}
    for other in glossary.entries:
        for variant in other.ar:
            terms_by_key.setdefault(term_key(variant), other)
    for entry in glossary.entries:
        if entry.context is None:
            continue
        for condition in entry.context.when + entry.context.unless:
            if condition.name not in ("prev", "next"):
                continue
            for word in condition.values:
                term = terms_by_key.get((word,))
                if term is not None:
                    raise GlossaryError(
                        entry.path or None,
                        entry.line or None,
                        f"the trigger {word!r} in {condition} is itself a glossary term ({term.en}, {term.location}): a name is evidence of its own, not context",
                        "use a common word as the trigger, or give the pair its own longer spelling (a two-word entry)",
                    )
