"""Reading memories in: TMX 1.4, XLIFF 1.2, TSV with ``ar``/``en`` columns, and our post-edit files.

Each reader parses the whole file into :class:`~translate.tm.store.TmEntry` records before anything is
stored, and :func:`import_file` stores them in one transaction — a file with a bad record adds
nothing. Only Arabic→English pairs are read: a file whose sides are other languages is refused.

- **TMX**: ``<tuv xml:lang="ar…">`` is the source, ``<tuv xml:lang="en…">`` the target; a unit lacking
  either is skipped (counted). ``creationid``/``changeid`` give the editor, ``creationdate``/
  ``changedate`` the times. The previous unit's source is taken as the previous sentence (TMX files
  from CAT tools and from ``translate export`` keep document order).
- **XLIFF 1.2**: ``<trans-unit>``s whose ``<target>`` state is ``translated``, ``final`` or
  ``signed-off`` (a person's translation); machine output awaiting review (``needs-review-translation``,
  what ``translate export`` writes) is not a memory and is skipped.
- **TSV**: a header row naming an ``ar`` and an ``en`` column (or ``ar-XX``/``en-XX``); optional
  ``editor``, ``created``, ``changed`` columns; quoting as :mod:`translate.export.tsv` writes it.
- **Post-edits** (``NAME.post-edit.jsonl``): the newest version of each *confirmed* segment (all
  saved ones with ``unconfirmed=True``), its Arabic from the run file the header names, the editor
  and save time as provenance.

XML goes through the project's safe parser (no entities, no DTD, no network, libxml2's 10 MB text
limit); a DOCTYPE that declares entities is refused outright, expanded or not.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from translate.errors import InputError, RecordError
from translate.records import TmProvenance
from translate.tm.normalise import tm_key
from translate.tm.store import ImportCount, TmEntry, TranslationMemory
from translate.xmlsafe import describe_xml_error, local_name, segment_text

__all__ = ["ACCEPTED_XLIFF_STATES", "ImportResult", "ParsedFile", "import_file", "read_memory_file"]

ACCEPTED_XLIFF_STATES = frozenset({"translated", "final", "signed-off"})
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
@dataclass(frozen=True)
class ParsedFile:
    """A file's entries, ready to store, and how many of its units were skipped (and why)."""

    path: Path
    kind: str
    entries: tuple[TmEntry, ...]
    skipped: int = 0
    skipped_why: str = ""
    #: Units our own exports mark as machine output (or passthrough), left out unless ``include_mt``.
    machine: int = 0


@dataclass(frozen=True)
class ImportResult:
    parsed: ParsedFile
    count: ImportCount


def _iso(value: str | None) -> str | None:
    """A TMX date (``20151014T120000Z``) or an ISO 8601 stamp as ISO 8601 UTC; ``None`` if neither,
    so that "newest" compares like with like."""
    if not value:
        return None
    for parse in (lambda text: datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc), datetime.fromisoformat):
        try:
            moment = parse(value.strip())
        except ValueError:
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).isoformat(timespec="seconds")
    return None


def _entries(path: Path, pairs: list[tuple[str, str, str | None, str | None, str | None]], *, context: bool = True) -> tuple[TmEntry, ...]:
    """Entries from (source, target, editor, created, changed), each unit's previous sentence
    being the one before it in the file when ``context``."""
    entries = []
    previous: str | None = None
    for source, target, editor, created, changed in pairs:
        key = tm_key(source)
        if not key or not target.strip():
            # A unit left out (no English, not approved) still is the sentence before the next one,
            # as `translate run --tm` sees it: the context (101) chain goes on through it.
            previous = key or None
            continue
        provenance = TmProvenance(str(path), editor or None, created, changed or created)
        entries.append(TmEntry(source, target, key, previous if context else None, provenance))
        previous = key
    return tuple(entries)


def _is_arabic(lang: str) -> bool:
    return lang.lower().replace("_", "-").split("-")[0] == "ar"


def _is_english(lang: str) -> bool:
    return lang.lower().replace("_", "-").split("-")[0] == "en"


# --- XML -----------------------------------------------------------------------------------------


def _parse_xml(path: Path, data: bytes, what: str):
    from lxml import etree

    from translate.export.xmlutil import safe_parser

    if not data.strip():
        raise RecordError(path, None, f"is an empty {what} file", f"re-export the {what} from the CAT tool")
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        message = str(error)
        if "Text node too long" in message or "huge" in message.lower():
            raise RecordError(path, getattr(error, "lineno", None), "holds a text over libxml2's 10 MB limit, which no sentence needs; it was not read", f"split or fix the {what}: a <seg> holds one sentence") from None
        explained = describe_xml_error(error, data, what)
        raise RecordError(path, explained.line, explained.problem, explained.fix or f"the file may be truncated; re-export the {what}") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        # The safe parser leaves entity references unexpanded; a memory built from them would hold
        # reference names instead of text, so such a file is refused, whatever its entities expand to.
        line = data[: data.find(b"<!ENTITY")].count(b"\n") + 1 if b"<!ENTITY" in data else None
        raise RecordError(path, line, "declares entities in its <!DOCTYPE> (as XML bombs do); it was refused and nothing was expanded", f"remove the <!ENTITY> declarations; {what} files never need them")
    reference = next(iter(root.iter(etree.Entity)), None)
    if reference is not None:
        # An entity declared outside the file (an external DTD, never loaded): its text is unknown,
        # and storing the sentence without it would store wrong English.
        raise RecordError(path, reference.sourceline, f"uses the entity {reference.text} that no part of the file declares (an external DTD is never read)", f"write the character itself instead of {reference.text}")
    return root


def _child(element, name: str):
    return next((child for child in element if local_name(child) == name), None)


#: ``x-origin`` values (TMX prop, TSV column) of English that no person wrote or approved.
MACHINE_ORIGINS = frozenset({"mt", "passthrough"})


def read_tmx(path: Path, data: bytes, *, include_mt: bool = False) -> ParsedFile:
    root = _parse_xml(path, data, "TMX")
    if local_name(root) != "tmx":
        raise RecordError(path, root.sourceline, f"has root element <{local_name(root)}>, not <tmx>", "pass a TMX 1.4 file")
    pairs: list[tuple[str, str, str | None, str | None, str | None]] = []
    languages: set[str] = set()
    skipped = machine = 0
    for unit in (element for element in root.iter() if local_name(element) == "tu"):
        origin = next((prop.text or "" for prop in unit if local_name(prop) == "prop" and prop.get("type") == "x-origin"), "")
        variants = [(str(tuv.get(_XML_LANG) or tuv.get("lang") or ""), tuv) for tuv in unit if local_name(tuv) == "tuv"]
        languages.update(lang for lang, _ in variants)
        source = next((tuv for lang, tuv in variants if _is_arabic(lang)), None)
        target = next((tuv for lang, tuv in variants if _is_english(lang)), None)
        if origin.strip() in MACHINE_ORIGINS and not include_mt:
            machine += 1
            # No entry, but still the sentence before the next one (its context).
            pairs.append((segment_text(_child(source, "seg")) if source is not None else "", "", None, None, None))
            continue
        if source is None or target is None:
            skipped += 1
            continue
        editor = target.get("changeid") or unit.get("changeid") or target.get("creationid") or unit.get("creationid")
        created = _iso(target.get("creationdate") or unit.get("creationdate"))
        changed = _iso(target.get("changedate") or unit.get("changedate"))
        pairs.append((segment_text(_child(source, "seg")), segment_text(_child(target, "seg")), editor, created, changed))
    if not pairs and skipped:
        found = ", ".join(sorted(languages)) or "none"
        raise RecordError(path, None, f"holds no Arabic→English unit (languages found: {found})", "import a TMX with <tuv xml:lang=\"ar\"> and <tuv xml:lang=\"en\"> in each <tu>")
    return ParsedFile(path, "tmx", _entries(path, pairs), skipped, "units without both an Arabic and an English <tuv>", machine)


def read_xliff(path: Path, data: bytes) -> ParsedFile:
    root = _parse_xml(path, data, "XLIFF")
    if local_name(root) != "xliff":
        raise RecordError(path, root.sourceline, f"has root element <{local_name(root)}>, not <xliff>", "pass an XLIFF 1.2 file")
    if str(root.get("version", "1.2")).startswith("2"):
        raise RecordError(path, root.sourceline, "is XLIFF 2, which the memory does not read", "export XLIFF 1.2 from the CAT tool, or a TMX")
    pairs: list[tuple[str, str, str | None, str | None, str | None]] = []
    skipped = 0
    for file in (element for element in root.iter() if local_name(element) == "file"):
        source_lang, target_lang = file.get("source-language", ""), file.get("target-language", "")
        if not _is_arabic(source_lang) or not _is_english(target_lang):
            raise RecordError(path, file.sourceline, f"translates {source_lang or '?'} → {target_lang or '?'}, not Arabic → English", "import an XLIFF whose <file> has source-language=\"ar\" and target-language=\"en\"")
        for unit in (element for element in file.iter() if local_name(element) == "trans-unit"):
            target = _child(unit, "target")
            if target is None or target.get("state", "") not in ACCEPTED_XLIFF_STATES:
                skipped += 1
                pairs.append((segment_text(_child(unit, "source")), "", None, None, None))  # no entry, still the context of the next
                continue
            pairs.append((segment_text(_child(unit, "source")), segment_text(target), None, None, None))
    return ParsedFile(path, "xliff", _entries(path, pairs), skipped, f"units whose <target> is missing or not in state {', '.join(sorted(ACCEPTED_XLIFF_STATES))}")


# --- TSV and post-edits --------------------------------------------------------------------------


def read_tsv(path: Path, data: bytes, *, include_mt: bool = False) -> ParsedFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RecordError(path, line, f"is not UTF-8 (byte offset {error.start})", "save the TSV as UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise RecordError(path, reader.line_num, f"is not valid TSV ({error})", "quote fields holding tabs or line breaks with double quotes") from None
    if not rows:
        raise RecordError(path, None, "is an empty TSV file", "give a header row with ar and en columns, then one pair a row")
    header = [name.strip().lower() for name in rows[0]]
    columns = {}
    for wanted, test in (("ar", _is_arabic), ("en", _is_english)):
        found = next((number for number, name in enumerate(header) if test(name) and len(name.split("-")[0]) == 2), None)
        if found is None:
            raise RecordError(path, 1, f"has no '{wanted}' column (header: {', '.join(rows[0]) or 'empty'})", "name the Arabic column 'ar' and the English column 'en' in the first row")
        columns[wanted] = found
    optional = {name: header.index(name) for name in ("editor", "created", "changed", "origin") if name in header}
    pairs = []
    machine = 0
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise RecordError(path, number, f"has {len(row)} columns, the header {len(header)}", "give every row a cell for each column (an empty one where there is nothing)")
        if "origin" in optional and row[optional["origin"]].strip() in MACHINE_ORIGINS and not include_mt:
            machine += 1
            pairs.append((row[columns["ar"]], "", None, None, None))
            continue
        pairs.append((row[columns["ar"]], row[columns["en"]], row[optional["editor"]] if "editor" in optional else None, _iso(row[optional["created"]]) if "created" in optional else None, _iso(row[optional["changed"]]) if "changed" in optional else None))
    return ParsedFile(path, "tsv", _entries(path, pairs, context=False), machine=machine)


def read_post_edit_file(path: Path, *, unconfirmed: bool = False) -> ParsedFile:
    from translate.postedit import read_post_edits
    from translate.records import read_run

    header = read_post_edits(path).header
    run_path = path.parent / header.run
    edits = read_post_edits(path, run_path)  # refuses a post-edit file made for another version of the run
    run = read_run(run_path)
    latest = edits.latest
    pairs = []
    skipped = 0
    for pair in run.pairs:
        edit = latest.get(pair.id)
        if pair.passthrough or edit is None or not (edit.confirmed or unconfirmed):
            skipped += edit is not None and not pair.passthrough
            pairs.append((pair.source, "", None, None, None))  # no entry, still the next one's previous sentence
            continue
        saved = _iso(edit.saved_at)
        pairs.append((pair.source, edit.post_edit, edit.editor or header.editor, saved, saved))
    return ParsedFile(path, "post-edit", _entries(path, pairs), skipped, "saved but not confirmed segments (--unconfirmed imports them)")


def read_memory_file(path: Path, *, unconfirmed: bool = False, include_mt: bool = False) -> ParsedFile:
    """Parse one file by its kind (from its name: ``.tmx``, ``.xlf``/``.xliff``, ``.tsv``,
    ``.post-edit.jsonl``)."""
    from translate.postedit import is_post_edit_file

    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file", "pass a TMX, XLIFF, TSV or NAME.post-edit.jsonl file")
    name = path.name.lower()
    if name.endswith(".jsonl") and is_post_edit_file(path):
        return read_post_edit_file(path, unconfirmed=unconfirmed)
    readers = {".tmx": read_tmx, ".xlf": read_xliff, ".xliff": read_xliff, ".tsv": read_tsv}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise InputError(path, f"is not a memory file this command reads ({path.suffix or 'no suffix'})", "pass a .tmx, .xlf/.xliff, .tsv or NAME.post-edit.jsonl file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror})", "check the path and its permissions") from None
    if reader is read_xliff:
        return reader(path, data)  # its targets' states already say what people approved
    return reader(path, data, include_mt=include_mt)


def import_file(memory: TranslationMemory, path: Path, *, keep_all: bool = False, unconfirmed: bool = False, include_mt: bool = False) -> ImportResult:
    """Parse ``path`` whole, then store its entries in one transaction. Units our exports mark as
    machine output (``x-origin``/``origin`` ``mt`` or ``passthrough``) are left out unless ``include_mt``."""
    parsed = read_memory_file(path, unconfirmed=unconfirmed, include_mt=include_mt)
    return ImportResult(parsed, memory.add(parsed.entries, keep_all=keep_all))


def iter_import(memory: TranslationMemory, paths: list[Path], **options: bool) -> Iterator[ImportResult]:
    for path in paths:
        yield import_file(memory, path, **options)
