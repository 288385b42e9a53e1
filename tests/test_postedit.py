"""NAME.post-edit.jsonl: bound to its run by digest, append-only, the latest version wins, a line cut
short by a crash is reported, set aside (never thrown away) and repaired on the next open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from export_samples import sample_run
from translate.cli import app
from translate.errors import InputError, RecordError
from translate.postedit import PostEdit, PostEditLog, apply_post_edits, is_post_edit_file, post_edit_path, read_post_edits
from translate.records import read_run, run_to_jsonl


@pytest.fixture()
def run_path(tmp_path: Path) -> Path:
    path = tmp_path / "article.jsonl"
    path.write_text(run_to_jsonl(sample_run()), encoding="utf-8")
    return path


def _edit(pair_id: int, text: str, version: int, confirmed: bool = True) -> PostEdit:
    return PostEdit(pair_id, "machine", text, "E", "2026-12-01T10:00:00+00:00", 1.0, 3, version, confirmed)


def test_the_file_sits_beside_the_run_and_says_what_it_is(run_path: Path) -> None:
    log = PostEditLog(run_path, "E")
    assert log.path == run_path.parent / "article.post-edit.jsonl" == post_edit_path(run_path)
    header = json.loads(log.path.read_text(encoding="utf-8").splitlines()[0])
    assert header["type"] == "post-edit-header" and header["run"] == "article.jsonl" and len(header["run_sha256"]) == 64
    assert is_post_edit_file(log.path) and not is_post_edit_file(run_path)


def test_latest_version_of_each_segment_wins(run_path: Path) -> None:
    log = PostEditLog(run_path, "E")
    for edit in (_edit(1, "one", 1), _edit(2, "two", 1), _edit(1, "one again", 2, confirmed=False)):
        log.append(edit)
    latest = read_post_edits(log.path, run_path).latest
    assert {pair_id: (edit.post_edit, edit.version, edit.confirmed) for pair_id, edit in latest.items()} == {1: ("one again", 2, False), 2: ("two", 1, True)}
    edited = apply_post_edits(read_run(run_path), latest)
    assert [pair.target for pair in edited.pairs if pair.id in latest] == ["one again", "two"]


def test_a_file_from_another_run_is_refused(run_path: Path, tmp_path: Path) -> None:
    PostEditLog(run_path, "E").append(_edit(1, "x", 1))
    other = tmp_path / "other.jsonl"
    other.write_text(run_path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="was made for another version of the run"):
        read_post_edits(post_edit_path(run_path), other)
    with pytest.raises(InputError, match="another version"):
        PostEditLog(other, "E", path=post_edit_path(run_path))


def test_a_truncated_last_line_is_reported_then_set_aside_and_repaired(run_path: Path) -> None:
    log = PostEditLog(run_path, "E")
    log.append(_edit(1, "kept", 1))
    cut = json.dumps(_edit(2, "cut short by a crash", 1).to_json())[:40]
    with log.path.open("ab") as stream:
        stream.write(cut.encode("utf-8"))
    read = read_post_edits(log.path, run_path)
    assert [edit.post_edit for edit in read.records] == ["kept"]
    assert read.damaged_tail == cut.encode("utf-8") and "cut short" in read.remarks[0]
    reopened = PostEditLog(run_path, "E")
    assert "moved to article.post-edit.jsonl.damaged" in reopened.remarks[0]
    assert (log.path.parent / "article.post-edit.jsonl.damaged").read_bytes() == cut.encode("utf-8") + b"\n"
    reopened.append(_edit(2, "saved after the crash", 1))
    assert [edit.post_edit for edit in read_post_edits(log.path, run_path).records] == ["kept", "saved after the crash"]


def test_eval_reports_a_truncated_line_and_scores_the_rest(run_path: Path) -> None:
    pair = next(p for p in read_run(run_path).pairs if not p.passthrough)
    log = PostEditLog(run_path, "E")
    log.append(PostEdit(pair.id, pair.target, pair.target + " more", "E", "2026-12-01T10:00:00+00:00", 1.0, 3, 1, True))
    with log.path.open("ab") as stream:
        stream.write(b'{"type": "post-edit", "id": 9')
    result = CliRunner().invoke(app, ["eval", str(run_path), str(log.path), "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    assert "the last line was cut short" in result.stderr
    assert "0 of 1 segments untouched" in result.stdout


@pytest.mark.parametrize(
    ("lines", "fragment"),
    [
        (['{"type": "post-edit", "id": 1}'], "before the header"),
        (['{"type": "post-edit-header", "run": "a", "run_sha256": "b", "created": "c"}', '{"type": "post-edit", "id": "1"}'], "field 'id'"),
        (['{"type": "post-edit-header", "run": "a", "run_sha256": "b", "created": "c"}', "[1]"], "not a JSON object"),
        (['{"type": "surprise"}'], "unknown record type"),
        ([], "has no post-edit header"),
    ],
)
def test_broken_records_name_the_file_and_line(tmp_path: Path, lines: list[str], fragment: str) -> None:
    path = tmp_path / "x.post-edit.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(RecordError, match=fragment) as caught:
        read_post_edits(path)
    assert str(path) in str(caught.value)


def test_a_last_record_without_its_newline_gets_one_before_the_next_save(run_path: Path) -> None:
    log = PostEditLog(run_path, "E")
    log.append(_edit(1, "first", 1))
    log.path.write_bytes(log.path.read_bytes().rstrip(b"\n"))  # an editor that drops the final newline
    reopened = PostEditLog(run_path, "E")
    reopened.append(_edit(2, "second", 1))
    assert [edit.post_edit for edit in read_post_edits(log.path, run_path).records] == ["first", "second"]


@pytest.mark.parametrize("left", [b"", b'{"type": "post-edit-header", "run": "article.js'])
def test_a_file_a_crash_left_without_a_complete_header_is_set_aside_and_started_afresh(run_path: Path, left: bytes) -> None:
    path = post_edit_path(run_path)
    path.write_bytes(left)
    log = PostEditLog(run_path, "E")
    assert "started afresh" in log.remarks[0]
    assert (path.parent / (path.name + ".damaged")).read_bytes() == left + b"\n"
    log.append(_edit(1, "saved", 1))
    assert read_post_edits(path, run_path).latest[1].post_edit == "saved"


def test_two_logs_on_one_file_see_each_others_saves_and_conflict(run_path: Path) -> None:
    from translate.postedit import VersionConflict

    first, second = PostEditLog(run_path, "A"), PostEditLog(run_path, "B")  # two servers on one run
    first.commit(3, None, lambda version: _edit(3, "A's text", version))
    with pytest.raises(VersionConflict) as conflict:
        second.commit(3, None, lambda version: _edit(3, "B's text", version))
    assert conflict.value.current.post_edit == "A's text"
    assert second.latest[3].post_edit == "A's text"
    second.commit(3, 1, lambda version: _edit(3, "B's text, after A's", version))
    assert [(edit.post_edit, edit.version) for edit in read_post_edits(first.path, run_path).records] == [("A's text", 1), ("B's text, after A's", 2)]
    assert first.latest[3].version == 2


def test_threads_reading_what_another_server_appended_read_it_once(run_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    mine, other = PostEditLog(run_path, "A"), PostEditLog(run_path, "B")
    for pair_id in range(20):
        other.commit(pair_id, None, lambda version, pair_id=pair_id: _edit(pair_id, f"B {pair_id}", version))
    with ThreadPoolExecutor(8) as pool:
        seen = list(pool.map(lambda _: len(mine.latest), range(32)))
    assert seen == [20] * 32 and len(mine.records) == 20
    mine.commit(0, 1, lambda version: _edit(0, "A after B", version))
    assert [edit.version for edit in read_post_edits(mine.path, run_path).records if edit.id == 0] == [1, 2]
