"""Archive runs: which files are inputs and where their outputs go, one sentence stream across
articles, the resume rule (a rerun rewrites nothing), the summary, and bad inputs among good ones."""

from __future__ import annotations

import json

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.fakes import RecordingEngine
from translate.archive import RunSettings, run_archive, walk_inputs
from translate.cli import app
from translate.document import parse_document
from translate.pipeline import translate_stream

ARTICLE = "عنوان الخبر\n\nقال الوزير إن المحادثات مفيدة. وأضاف أنه سيعود غدا. ثم غادر القاعة.\n"


def write(path: Path, text: str = ARTICLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def names(items) -> list[tuple[str, str | None, str | None]]:
    return [(str(item.path), str(item.name) if item.name else None, type(item.error).__name__ if item.error else None) for item in items]


# -- inputs and the output tree ---------------------------------------------------------------------


def test_folders_are_walked_with_the_glob_and_mirror_into_out(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    for relative in ("2015/10/14/article.txt", "2015/10/15/article.txt", "2015/10/15/notes.md", "2015/.drafts/a.txt", "2015/.hidden.txt"):
        write(archive / relative)
    items = walk_inputs([archive], tmp_path / "out")
    assert names(items) == [
        (str(archive / "2015/10/14/article.txt"), "2015/10/14/article", None),
        (str(archive / "2015/10/15/article.txt"), "2015/10/15/article", None),
    ]
    assert [str(item.name) for item in walk_inputs([archive], tmp_path / "out", glob="*.md")] == ["2015/10/15/notes"]


def test_same_named_files_in_two_folders_both_survive(tmp_path: Path) -> None:
    first, second = write(tmp_path / "a" / "article.txt"), write(tmp_path / "b" / "article.txt", ARTICLE.replace("الوزير", "الرئيس"))
    settings = RunSettings(model="fake", out_dir=tmp_path / "out")
    outcomes = list(run_archive(walk_inputs([first, second], settings.out_dir), settings, engine=RecordingEngine()))
    assert [o.status for o in outcomes] == ["translated", "translated"]
    texts = {path.parent.name: path.read_text(encoding="utf-8") for path in (tmp_path / "out").rglob("article.jsonl")}
    assert sorted(texts) == ["a", "b"]
    assert "الرئيس" in texts["b"] and "الرئيس" not in texts["a"]


def test_a_file_and_its_folder_given_together_translate_once(tmp_path: Path) -> None:
    article = write(tmp_path / "wire" / "one.txt")
    write(tmp_path / "wire" / "two.txt")
    items = walk_inputs([article, tmp_path / "wire"], tmp_path / "out")
    assert [str(item.name) for item in items] == ["one", "two"]


def test_two_inputs_that_would_share_outputs_are_never_both_written(tmp_path: Path) -> None:
    write(tmp_path / "in" / "x.txt")
    write(tmp_path / "in" / "x.md")
    items = list(walk_inputs([tmp_path / "in"], tmp_path / "out", glob="*"))
    assert names(items)[0] == (str(tmp_path / "in" / "x.md"), "x", None)
    assert items[1].name is None and "would overwrite those of" in str(items[1].error) and "x.md" in str(items[1].error)


def test_the_output_folder_inside_an_input_folder_is_never_an_input(tmp_path: Path) -> None:
    write(tmp_path / "desk" / "story.txt")
    write(tmp_path / "desk" / "out" / "story.en.txt", "Old English output.\n")
    items = walk_inputs([tmp_path / "desk"], tmp_path / "desk" / "out")
    assert [str(item.name) for item in items] == ["story"]


def test_files_from_lines_and_missing_paths(tmp_path: Path) -> None:
    good = write(tmp_path / "a" / "good.txt")
    listing = [str(good), "", "# a comment", str(tmp_path / "missing.txt")]
    items = list(walk_inputs([], tmp_path / "out", files_from=listing))
    assert names(items) == [(str(good), "good", None), (str(tmp_path / "missing.txt"), None, "InputError")]
    assert "no such file or folder (listed in --files-from)" in str(items[1].error)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_a_symlink_loop_is_reported_not_walked_forever(tmp_path: Path) -> None:
    write(tmp_path / "tree" / "sub" / "story.txt")
    os.symlink(tmp_path / "tree", tmp_path / "tree" / "sub" / "loop")
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "broken.txt")
    items = walk_inputs([tmp_path / "tree", tmp_path / "broken.txt"], tmp_path / "out")
    assert [str(item.name) for item in items if item.error is None] == ["sub/story"]
    errors = [str(item.error) for item in items if item.error is not None]
    assert len(errors) == 2 and "a loop" in errors[0] and "broken link" in errors[1]


# -- one sentence stream ----------------------------------------------------------------------------


def sentences(count: int, start: int = 0) -> str:
    return " ".join(f"قال المتحدث في البيان رقم {n} إن الوضع مستقر." for n in range(start, start + count))


def test_fifty_short_articles_share_the_batches_of_one_long_one() -> None:
    one = RecordingEngine()
    list(translate_stream([parse_document(sentences(150) + "\n")], one))
    many = RecordingEngine()
    runs = [run for run, _ in translate_stream([parse_document(sentences(3, 3 * n) + "\n") for n in range(50)], many)]
    assert [len(call) for call in many.calls] == [len(call) for call in one.calls] == [64, 64, 22]
    assert sorted(text for call in many.calls for text in call) == sorted(text for call in one.calls for text in call)
    # Reassembled per article, in input order.
    assert [run.pairs[0].source for run in runs] == [f"قال المتحدث في البيان رقم {3 * n} إن الوضع مستقر." for n in range(50)]


def test_articles_are_read_lazily_one_window_at_a_time() -> None:
    pulled = []

    def documents():
        for n in range(100):
            pulled.append(n)
            yield parse_document(sentences(10, 10 * n) + "\n")

    stream = translate_stream(documents(), RecordingEngine(), window_sentences=30)
    next(stream)
    assert len(pulled) == 3  # the first window: three articles of ten sentences
    assert sum(1 for _ in stream) == 99 and len(pulled) == 100


# -- the resume rule --------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(path.relative_to(folder)): (path.stat().st_ino, path.stat().st_mtime_ns) for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture()
def archive(tmp_path: Path) -> tuple[Path, RunSettings]:
    for day in range(3):
        write(tmp_path / "in" / f"day{day}" / "story.txt", sentences(3, 3 * day) + "\n")
    return tmp_path / "in", RunSettings(model="fake", out_dir=tmp_path / "out")


def run(folder: Path, settings: RunSettings, engine: RecordingEngine | None = None):
    return list(run_archive(walk_inputs([folder], settings.out_dir), settings, engine=engine or RecordingEngine()))


def test_rerunning_rewrites_none_of_the_finished_outputs(archive) -> None:
    folder, settings = archive
    assert [o.status for o in run(folder, settings)] == ["translated"] * 3
    before = snapshot(settings.out_dir)
    engine = RecordingEngine()
    outcomes = run(folder, settings, engine)
    assert [o.status for o in outcomes] == ["skipped"] * 3
    assert engine.calls == [] and snapshot(settings.out_dir) == before
    assert [o.segments for o in outcomes] == [3, 3, 3]  # read back from the earlier run files


def test_a_changed_input_a_changed_glossary_and_force_translate_again(archive, tmp_path: Path) -> None:
    from dataclasses import replace

    folder, settings = archive
    run(folder, settings)
    write(folder / "day1" / "story.txt", sentences(2, 100) + "\n")
    assert {str(o.name): o.status for o in run(folder, settings)} == {"day0/story": "skipped", "day1/story": "translated", "day2/story": "skipped"}
    glossary = write(tmp_path / "g.tsv", "ar\ten\nالمتحدث\tthe spokesman\n")
    assert [o.status for o in run(folder, replace(settings, glossary_paths=(glossary,)))] == ["translated"] * 3
    assert [o.status for o in run(folder, replace(settings, glossary_paths=(glossary,), force=True))] == ["translated"] * 3


def test_a_format_asked_for_later_is_rendered_without_the_model(archive) -> None:
    from dataclasses import replace

    folder, settings = archive
    run(folder, settings)
    before = snapshot(settings.out_dir)
    engine = RecordingEngine()
    outcomes = run(folder, replace(settings, formats=("jsonl", "txt", "tsv", "md")), engine)
    assert [o.status for o in outcomes] == ["exported"] * 3 and engine.calls == []
    after = snapshot(settings.out_dir)
    assert {name: stamp for name, stamp in after.items() if name in before} == before
    assert sorted(set(after) - set(before)) == [f"day{day}/story.md" for day in range(3)]


def test_an_interrupted_archive_restarted_finishes_the_rest(archive, tmp_path: Path) -> None:
    from dataclasses import replace


    folder, settings = archive
    settings = replace(settings, window_sentences=3, cache_path=tmp_path / "cache.sqlite3")
    from translate.engines.cached import CachedEngine, TranslationCache

    cache = TranslationCache(settings.cache_path)
    with pytest.raises(KeyboardInterrupt):
        run(folder, settings, CachedEngine(RecordingEngine(interrupt_after=2), cache))  # type: ignore[arg-type]
    assert sorted(path.parent.name for path in settings.out_dir.rglob("story.jsonl")) == ["day0"]
    outcomes = run(folder, settings, CachedEngine(RecordingEngine(), cache))  # type: ignore[arg-type]
    assert {str(o.name): o.status for o in outcomes} == {"day0/story": "skipped", "day1/story": "translated", "day2/story": "translated"}


# -- the command: summary, bad inputs, folders, stdin -----------------------------------------------


def test_bad_files_among_good_ones_are_rows_and_the_rest_is_translated(tmp_path: Path, tiny_model_dir: Path) -> None:
    inbox = tmp_path / "inbox"
    for n in range(6):
        write(inbox / f"good{n}.txt", sentences(1, n) + "\n")
    write(inbox / "empty.txt", "   \n")
    (inbox / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    locked = write(inbox / "locked.txt")
    locked.chmod(0)
    try:
        readable = os.access(locked, os.R_OK)  # root reads anything
        out = tmp_path / "out"
        result = CliRunner().invoke(app, ["run", str(inbox), "--model", str(tiny_model_dir), "--out", str(out), "--beam", "1", "--no-cache"])
    finally:
        locked.chmod(0o644)
    assert result.exit_code == 1, result.output
    rows = [line.split("\t") for line in (out / "run-summary.tsv").read_text(encoding="utf-8").splitlines()]
    assert rows[0] == ["path", "output", "status", "segments", "flagged", "terms_repaired", "seconds", "error", "tm_reused", "notes"]
    status = {Path(row[0]).name: (row[2], row[7]) for row in rows[1:]}
    assert status["empty.txt"][0] == "failed" and "is empty" in status["empty.txt"][1]
    assert status["photo.txt"][0] == "failed" and "binary" in status["photo.txt"][1]
    assert status["locked.txt"][0] == ("translated" if readable else "failed")
    assert all(status[f"good{n}.txt"] == ("translated", "") for n in range(6))
    assert sorted(p.name for p in out.glob("good*.jsonl")) == [f"good{n}.jsonl" for n in range(6)]
    assert "articles: " in result.output and "→" in result.output


def test_files_from_standard_input(tmp_path: Path, tiny_model_dir: Path) -> None:
    first, second = write(tmp_path / "a" / "x.txt"), write(tmp_path / "b" / "x.txt")
    out = tmp_path / "out"
    listing = f"{first}\n{second}\n"
    result = CliRunner().invoke(app, ["run", "--files-from", "-", "--model", str(tiny_model_dir), "--out", str(out), "--beam", "1", "--no-cache", "--quiet"], input=listing)
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.jsonl")) == ["a/x.jsonl", "b/x.jsonl"]
    again = CliRunner().invoke(app, ["run", "--files-from", "-", "--model", str(tiny_model_dir), "--out", str(out), "--beam", "1", "--no-cache"], input=listing)
    assert again.exit_code == 0 and "2 articles: 0 translated, 2 skipped" in again.output


def test_an_empty_folder_is_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(app, ["run", str(tmp_path / "empty"), "--model", "none", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "holds no file matching '*.txt" in result.output


def test_no_inputs_at_all_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "--files-from" in result.output


def test_summary_tsv_cells_never_break_rows() -> None:
    from translate.archive import ArticleOutcome, summary_tsv
    from translate.errors import InputError

    text = summary_tsv([ArticleOutcome(Path("a\tb.txt"), "failed", error=InputError("a\tb.txt", "bad\nline"))])
    assert text.splitlines()[1].split("\t") == ["a b.txt", "", "failed", "0", "0", "0", "0.00", "a b.txt: bad line", "0", ""]




def test_a_run_never_overwrites_its_own_input(tmp_path: Path) -> None:
    desk = tmp_path / "desk"
    story = write(desk / "story.md")
    settings = RunSettings(model="fake", out_dir=desk, formats=("jsonl", "md"))
    (outcome,) = list(run_archive(walk_inputs([story], desk, glob="*"), settings, engine=RecordingEngine()))
    assert outcome.status == "failed" and "its own outputs would overwrite it" in str(outcome.error)
    assert story.read_text(encoding="utf-8") == ARTICLE


def test_listed_outputs_and_a_folder_inside_out_are_not_inputs(tmp_path: Path) -> None:
    write(tmp_path / "a.txt")
    old_output = write(tmp_path / "out" / "a.en.txt", "English.\n")
    items = walk_inputs([tmp_path / "out"], tmp_path / "out", files_from=[str(tmp_path / "a.txt"), str(old_output)])
    assert [(item.name is None, "inside the output folder" in str(item.error)) for item in items] == [(True, True), (False, False)]


def test_a_run_file_that_is_not_ours_is_never_replaced(tmp_path: Path) -> None:
    story = write(tmp_path / "in" / "story.txt")
    foreign = write(tmp_path / "out" / "story.jsonl", '{"my": "data"}\n')
    settings = RunSettings(model="fake", out_dir=tmp_path / "out")
    (outcome,) = list(run_archive(walk_inputs([story], settings.out_dir), settings, engine=RecordingEngine()))
    assert outcome.status == "failed" and "not a run file of translate" in str(outcome.error)
    assert foreign.read_text(encoding="utf-8") == '{"my": "data"}\n'


def test_a_retranslated_article_leaves_no_stale_export(archive) -> None:
    from dataclasses import replace

    folder, settings = archive
    run(folder, replace(settings, formats=("jsonl", "md")))
    write(folder / "day0" / "story.txt", sentences(2, 200) + "\n")
    run(folder, settings)  # md not asked for, but re-rendered with the new translation
    markdown = (settings.out_dir / "day0" / "story.md").read_text(encoding="utf-8")
    assert "200" in markdown
    assert {str(o.name): o.status for o in run(folder, replace(settings, formats=("jsonl", "md")))}["day0/story"] == "skipped"


def test_a_new_encoding_translates_again(archive) -> None:
    from dataclasses import replace

    folder, settings = archive
    run(folder, settings)
    outcomes = run(folder, replace(settings, encoding="utf-8-sig"))
    assert {o.status for o in outcomes} == {"translated"}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_a_link_to_a_sibling_folder_is_not_a_loop(tmp_path: Path) -> None:
    write(tmp_path / "desk" / "sub" / "b.txt")
    os.symlink(tmp_path / "desk" / "sub", tmp_path / "desk" / "latest")
    items = walk_inputs([tmp_path / "desk"], tmp_path / "out")
    assert [(str(item.name), item.error) for item in items] == [("latest/b", None)]


def test_without_a_terminal_a_long_run_still_says_how_far_it_is(tmp_path: Path, tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import translate.cli.progress as progress

    monkeypatch.setattr(progress, "PROGRESS_LINES_EVERY_S", 0.0)
    inbox = tmp_path / "in"
    for n in range(2):
        write(inbox / f"a{n}.txt")
    args = ["run", str(inbox), "--model", str(tiny_model_dir), "--beam", "1", "--no-cache"]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "out")])  # CliRunner's stderr is no terminal
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("translating: ")]
    assert lines and lines[-1].startswith("translating: 2 of 2 articles done, ") and "sentences/s" in lines[-1]
    for flag in ("--quiet", "--no-progress"):
        silent = CliRunner().invoke(app, [*args, "--out", str(tmp_path / f"out{flag}"), flag])
        assert "translating: " not in silent.output
    # For tools: one JSON object a line, the last one saying the run is done.
    monkeypatch.setattr(progress, "PROGRESS_LINES_EVERY_S", 0.05)
    tooled = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "out-json"), "--progress", "json"])
    records = [json.loads(line) for line in tooled.output.splitlines() if line.startswith("{")]
    assert records and records[-1]["done"] is True and (records[-1]["articles"], records[-1]["total"]) == (2, 2)
    assert set(records[0]) == {"articles", "total", "sentences", "rate", "elapsed_s", "eta_s", "done"}


def test_inputs_from_several_places_are_named_by_where_each_came_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    write(work / "seeds" / "x.txt")
    write(work / "inbox" / "sub" / "b.txt")
    write(elsewhere / "y.txt")
    write(elsewhere / "desk" / "z.txt")
    monkeypatch.chdir(work)
    names = [str(item.name) for item in walk_inputs([Path("seeds/x.txt"), elsewhere / "y.txt", elsewhere / "desk", Path("inbox")], Path("out"))]
    assert names == ["seeds/x", "y", "desk/z", "inbox/sub/b"]
    # One place: named under it, as before.
    assert [str(item.name) for item in walk_inputs([Path("inbox")], Path("out"))] == ["sub/b"]
    # Two inputs that would get one name still cannot overwrite each other.
    write(elsewhere / "other" / "seeds" / "x.txt")
    clash = list(walk_inputs([Path("seeds/x.txt"), elsewhere / "other" / "seeds"], Path("out")))
    assert str(clash[0].name) == "seeds/x" and clash[0].error is None
    assert clash[1].name is None and "would overwrite those of seeds/x.txt" in str(clash[1].error)
