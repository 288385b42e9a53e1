"""Importing memories: TMX, XLIFF, TSV, post-edits; duplicates; bad input refused in one line, nothing half-imported."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.errors import InputError, OutputError
from translate.tm import (
    MemoryLookup,
    TranslationMemory,
    import_file,
    render_tmx,
    render_tsv,
    tm_key,
)

AR1 = "ووصف لافروف رد واشنطن على اقتراحات بلاده في مجال مكافحة الإرهاب بأنه غير بنّاء."
EN1 = "Lavrov described Washington's response to his country's counter-terrorism proposals as unconstructive."
AR2 = "المصدر : الجزيرة + وكالات"
EN2 = "Source: Al Jazeera and agencies"


def tmx(units: str, doctype: str = "") -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<tmx version="1.4"><header srclang="ar" segtype="sentence" adminlang="en" datatype="plaintext" o-tmf="x" creationtool="t" creationtoolversion="1"/><body>{units}</body></tmx>'.encode()


def tu(ar: str, en: str, *, date: str = "", editor: str = "", ar_lang: str = "ar", en_lang: str = "en") -> str:
    attributes = (f' changedate="{date}"' if date else "") + (f' changeid="{editor}"' if editor else "")
    return f'<tu{attributes}><tuv xml:lang="{ar_lang}"><seg>{ar}</seg></tuv><tuv xml:lang="{en_lang}"><seg>{en}</seg></tuv></tu>'


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.fixture()
def memory(tmp_path: Path):
    with TranslationMemory(tmp_path / "m.sqlite3") as opened:
        yield opened


def test_tmx_import_keeps_text_and_provenance(memory, tmp_path: Path) -> None:
    path = write(tmp_path / "a.tmx", tmx(tu(AR1, EN1, date="20240102T030405Z", editor="sara") + tu(AR2, EN2)))
    result = import_file(memory, path)
    assert (result.count.added, result.count.replaced) == (2, 0)
    first, second = memory.entries()
    assert (first.source, first.target, first.provenance.editor, first.provenance.changed) == (AR1, EN1, "sara", "2024-01-02T03:04:05+00:00")
    assert first.provenance.origin == str(path)
    assert second.previous_key == first.key  # document order: the unit before is the previous sentence


@pytest.mark.parametrize(
    ("older_date", "newer_date", "keep_all", "targets"),
    [
        ("20200101T000000Z", "20240101T000000Z", False, ["new"]),  # the incoming is newer: replaces
        ("20240101T000000Z", "20200101T000000Z", False, ["old"]),  # the memory's is newer: kept
        ("20200101T000000Z", "20240101T000000Z", True, ["old", "new"]),
    ],
)
def test_duplicate_sources_keep_the_newest(memory, tmp_path: Path, older_date: str, newer_date: str, keep_all: bool, targets: list[str]) -> None:
    import_file(memory, write(tmp_path / "old.tmx", tmx(tu(AR1, "old", date=older_date))), keep_all=keep_all)
    # a spelling variant (no shadda, no full-stop spacing) is the same source
    import_file(memory, write(tmp_path / "new.tmx", tmx(tu(AR1.replace("ّ", ""), "new", date=newer_date))), keep_all=keep_all)
    assert [entry.target for entry in memory.entries()] == targets


def test_xliff_imports_translated_and_final_targets_only(memory, tmp_path: Path) -> None:
    units = "".join(
        f'<trans-unit id="{n}"><source>{ar}</source><target state="{state}">{en}</target></trans-unit>'
        for n, (ar, en, state) in enumerate([(AR1, EN1, "translated"), (AR2, EN2, "final"), ("قال", "said", "needs-review-translation")], start=1)
    )
    data = f'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="ar" target-language="en" datatype="plaintext"><body>{units}</body></file></xliff>'
    result = import_file(memory, write(tmp_path / "a.xlf", data))
    assert [entry.target for entry in memory.entries()] == [EN1, EN2]
    assert result.parsed.skipped == 1


def test_tsv_import_and_export_round_trip(memory, tmp_path: Path) -> None:
    import_file(memory, write(tmp_path / "a.tsv", f'en\tar\teditor\n"{EN1}"\t{AR1}\tsara\n{EN2}\t{AR2}\t\n'))
    exported = write(tmp_path / "back.tsv", render_tsv(memory.entries()))
    with TranslationMemory(tmp_path / "other.sqlite3") as other:
        import_file(other, exported)
        assert [(e.source, e.target, e.provenance.editor) for e in other.entries()] == [(AR1, EN1, "sara"), (AR2, EN2, None)]


def test_tmx_export_round_trips(memory, tmp_path: Path) -> None:
    import_file(memory, write(tmp_path / "a.tmx", tmx(tu(AR1, EN1, date="20240102T030405Z", editor="sara") + tu(AR2, EN2))))
    exported = write(tmp_path / "back.tmx", render_tmx(memory.entries()))
    with TranslationMemory(tmp_path / "other.sqlite3") as other:
        import_file(other, exported)
        assert [(e.source, e.target, e.provenance.editor, e.provenance.changed) for e in other.entries()] == [
            (e.source, e.target, e.provenance.editor, e.provenance.changed) for e in memory.entries()
        ]


def test_post_edits_import_confirmed_segments(memory, tmp_path: Path) -> None:
    from translate.document import Block, BlockKind
    from translate.postedit import PostEdit, PostEditLog
    from translate.records import Manifest, Pair, Run, run_to_jsonl

    text = f"{AR2}\n{AR1}"
    blocks = (Block(0, BlockKind.PARAGRAPH, AR2, 0, len(AR2), 0), Block(1, BlockKind.PARAGRAPH, AR1, len(AR2) + 1, len(text), 1))
    manifest = Manifest("0", "2024-01-01T00:00:00+00:00", "a.txt", "0" * 64, "utf-8", "m", None, "ct2", "cpu", {}, blocks)
    pairs = (Pair(1, 0, BlockKind.PARAGRAPH, AR2, "mt one", 0, len(AR2), "ar", False), Pair(2, 1, BlockKind.PARAGRAPH, AR1, "mt two", len(AR2) + 1, len(text), "ar", False))
    run_path = write(tmp_path / "a.jsonl", run_to_jsonl(Run(manifest, pairs)))
    log = PostEditLog(run_path, "sara")
    log.append(PostEdit(1, "mt one", EN2, "sara", "2024-05-01T10:00:00+00:00", 3.0, 10, 1, True))
    log.append(PostEdit(2, "mt two", "draft", "sara", "2024-05-01T10:01:00+00:00", 3.0, 10, 1, False))
    result = import_file(memory, log.path)
    assert [(e.source, e.target, e.provenance.editor) for e in memory.entries()] == [(AR2, EN2, "sara")]
    assert result.parsed.skipped == 1
    import_file(memory, log.path, unconfirmed=True)
    assert sorted(e.target for e in memory.entries()) == sorted([EN2, "draft"])
    # Confirmed only the second: its context is still the first sentence, as `run --tm` looks it up.
    log.append(PostEdit(1, "mt one", EN2, "sara", "2024-05-01T10:02:00+00:00", 1.0, 1, 2, False))
    log.append(PostEdit(2, "mt two", "final", "sara", "2024-05-01T10:03:00+00:00", 1.0, 1, 2, True))
    with TranslationMemory(tmp_path / "second.sqlite3") as second:
        import_file(second, log.path)
        assert [(e.target, e.previous_key) for e in second.entries()] == [("final", tm_key(AR2))]


BOMB = '<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("fr.tmx", tmx(tu("Bonjour", "Hello", ar_lang="fr")), "no Arabic→English unit"),
        ("ar-fr.tmx", tmx(tu(AR1, "Bonjour", en_lang="fr")), "languages found: ar, fr"),
        ("bomb.tmx", tmx(tu("&c;", "x"), BOMB), "declares entities"),
        ("huge.tmx", tmx(tu("ا" * 6_000_000, "x")), "10 MB"),
        ("broken.tmx", tmx(tu(AR1, EN1))[:-20], "not well-formed"),
        ("pair.xlf", '<xliff version="1.2"><file source-language="en" target-language="fr"><body/></file></xliff>', "not Arabic → English"),
        ("no-en.tsv", f"ar\tenglish\n{AR1}\tx\n", "no 'en' column"),
        ("short.tsv", f"ar\ten\teditor\n{AR1}\t{EN1}\tsara\n{AR2}\t{EN2}\n", "line 3"),
        ("notes.txt", "x", "not a memory file"),
    ],
)
def test_bad_files_are_refused_in_one_line_and_add_nothing(memory, tmp_path: Path, name: str, data: bytes | str, words: str) -> None:
    path = write(tmp_path / name, data)
    with pytest.raises(InputError) as caught:
        import_file(memory, path)
    message = str(caught.value)
    assert words in message and str(path) in message and "\n" not in message and " — " in message
    assert len(memory) == 0


def test_a_file_with_a_bad_row_after_good_ones_adds_nothing(memory, tmp_path: Path) -> None:
    import_file(memory, write(tmp_path / "first.tsv", f"ar\ten\n{AR2}\t{EN2}\n"))
    with pytest.raises(InputError):
        import_file(memory, write(tmp_path / "bad.tsv", f"ar\ten\n{AR1}\t{EN1}\n{AR1}\n"))
    assert [entry.target for entry in memory.entries()] == [EN2]


def test_corrupt_memory_names_the_file_and_the_fix(tmp_path: Path) -> None:
    path = write(tmp_path / "m.sqlite3", b"this is not a database" * 100)
    with pytest.raises(InputError) as caught:
        TranslationMemory(path)
    assert str(path) in str(caught.value) and "import your TMX files again" in str(caught.value)


def test_locked_memory_names_the_file_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    TranslationMemory(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with TranslationMemory(path, timeout=0.1) as memory:
            with pytest.raises(OutputError) as caught:
                import_file(memory, write(tmp_path / "a.tsv", f"ar\ten\n{AR1}\t{EN1}\n"))
    except OutputError as error:  # WAL may refuse already at open
        caught = pytest.ExceptionInfo.from_exc_info((type(error), error, error.__traceback__))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "locked" in str(caught.value) and str(path) in str(caught.value) and "try again" in str(caught.value)


def test_cli_import_search_stats_export(tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "m.sqlite3"
    source = write(tmp_path / "a.tmx", tmx(tu(AR1, EN1, editor="sara") + tu(AR2, EN2)))
    result = runner.invoke(app, ["tm", "import", str(source), "--tm", str(store)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["tm", "search", AR1.replace("واشنطن", "موسكو"), "--tm", str(store), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    (found,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (found["score"], found["band"], found["target"], found["provenance"]["editor"]) == (93, "85–94", EN1, "sara")
    result = runner.invoke(app, ["tm", "stats", "--tm", str(store)])
    assert "entries\t2" in result.stdout
    result = runner.invoke(app, ["tm", "export", "--tm", str(store), "--format", "tsv", "--out", str(tmp_path / "out.tsv")])
    assert result.exit_code == 0 and (tmp_path / "out.tsv").read_text(encoding="utf-8").count("\n") == 3


def test_cli_search_without_a_memory_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["tm", "search", AR1, "--tm", str(tmp_path / "none.sqlite3")])
    assert result.exit_code == 1 and "no such translation memory" in result.output and len(result.output.strip().splitlines()) == 1


def test_default_path_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from translate.tm import default_tm_path

    monkeypatch.delenv("TRANSLATE_TM", raising=False)
    monkeypatch.setenv("TRANSLATE_CACHE", str(tmp_path / "cache"))
    assert default_tm_path() == tmp_path / "cache" / "memory.sqlite3"
    monkeypatch.setenv("TRANSLATE_TM", str(tmp_path / "mine.sqlite3"))
    assert default_tm_path() == tmp_path / "mine.sqlite3"


def test_lookup_reuses_newest_exact_and_suggests_fuzzy(memory, tmp_path: Path) -> None:
    import_file(memory, write(tmp_path / "a.tmx", tmx(tu(AR1, EN1) + tu(AR2, EN2))))
    lookup = MemoryLookup.load(memory)
    assert lookup.match(AR2).exact.target == EN2
    found = lookup.match(AR1.replace("واشنطن", "موسكو"))
    assert found.exact is None and [(s.score, s.target) for s in found.suggestions] == [(93, EN1)]


def test_tm_commands_do_not_import_heavy_libraries(tmp_path: Path) -> None:
    from tests.test_imports import heavy_modules_after

    source = write(tmp_path / "a.tsv", f"ar\ten\n{AR1}\t{EN1}\n")
    store = str(tmp_path / "m.sqlite3")
    assert heavy_modules_after(["tm", "import", str(source), "--tm", store]) == ""
    assert heavy_modules_after(["tm", "search", AR1, "--tm", store]) == ""


def test_two_processes_importing_into_one_new_memory_at_once_lose_nothing(tmp_path: Path) -> None:
    import subprocess
    import sys

    files = []
    for number in range(2):
        units = "".join(tu(f"{AR1} رقم {number} {index}", f"{EN1} {number} {index}") for index in range(400))
        files.append(write(tmp_path / f"part{number}.tmx", tmx(units)))
    store = tmp_path / "shared.sqlite3"
    processes = [subprocess.Popen([sys.executable, "-m", "translate", "tm", "import", str(path), "--tm", str(store)], stderr=subprocess.PIPE, text=True) for path in files]
    results = [(process.communicate(timeout=120)[1], process.returncode)[::-1] for process in processes]
    assert [code for code, _ in results] == [0, 0], results
    with TranslationMemory(store) as memory:
        assert len(memory) == 800
        assert len({entry.key for entry in memory.entries()}) == 800


def test_a_runs_own_exports_do_not_fill_the_memory_with_machine_output(tmp_path: Path) -> None:
    import dataclasses

    from export_samples import sample_run
    from translate.export import tmx as tmx_export
    from translate.export import tsv as tsv_export
    from translate.records import Run

    run = sample_run()
    pairs = list(run.pairs)
    translated = [index for index, pair in enumerate(pairs) if not pair.passthrough]
    pairs[translated[0]] = dataclasses.replace(pairs[translated[0]], origin="tm")  # people's English, reused
    run = Run(run.manifest, tuple(pairs))
    runner = CliRunner()
    for name, data in (("run.tmx", tmx_export.render(run)), ("run.tsv", tsv_export.render(run))):
        path = write(tmp_path / name, data)
        store = tmp_path / f"{name}.sqlite3"
        result = runner.invoke(app, ["tm", "import", str(path), "--tm", str(store)])
        assert result.exit_code == 0, result.output
        machine = len(run.pairs) - 1
        assert f"{machine} machine translations left out (--include-mt imports them)" in result.stderr
        with TranslationMemory(store) as memory:
            assert [entry.target for entry in memory.entries()] == [pairs[translated[0]].target]
        assert runner.invoke(app, ["tm", "import", str(path), "--tm", str(store), "--include-mt"]).exit_code == 0
        with TranslationMemory(store) as memory:
            assert len(memory) > 1


def test_context_survives_units_left_out_of_the_import(memory, tmp_path: Path) -> None:
    # The sentence before an entry is its context even when that sentence itself is not imported
    # (machine output, unconfirmed, passthrough), as `translate run --tm` looks context up.
    units = '<tu><prop type="x-origin">mt</prop><tuv xml:lang="ar"><seg>' + AR2 + "</seg></tuv><tuv xml:lang=\"en\"><seg>machine</seg></tuv></tu>" + tu(AR1, EN1)
    import_file(memory, write(tmp_path / "run.tmx", tmx(units)))
    (entry,) = list(memory.entries())
    assert (entry.target, entry.previous_key) == (EN1, tm_key(AR2))
    assert MemoryLookup.load(memory).match(AR1, AR2).exact.score == 101


def test_an_entity_from_an_external_dtd_is_refused_not_dropped(memory, tmp_path: Path) -> None:
    data = tmx(tu(AR1, "hello &secret; world"), doctype='<!DOCTYPE tmx SYSTEM "http://example.invalid/tmx.dtd">')
    with pytest.raises(InputError, match="&secret;"):
        import_file(memory, write(tmp_path / "external.tmx", data))
    assert len(memory) == 0
