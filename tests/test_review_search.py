"""The review page's search, replace and concordance, the checks before confirm, run keys and run
collection — apart from HTTP and the browser; and the event stream over a real server."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import httpx
import pytest

from export_samples import sample_run
from translate.records import Run, TmProvenance, run_to_jsonl
from translate.server.review import ReviewSettings, create_review_app
from translate.server.review_search import REGEX_TIMEOUT_S, SearchError, concordance, search
from translate.server.review_store import ReviewStore, check_draft, collect_runs, run_keys
from translate.server.serving import ServerThread

TOKEN = "search-token-1357"


def _run(*targets: str) -> Run:
    run = sample_run()
    pairs = [dataclasses.replace(pair, target=target) for pair, target in zip(run.pairs, targets)] + list(run.pairs[len(targets) :])
    return Run(run.manifest, tuple(pairs))


def test_plain_search_folds_case_diacritics_and_variants_and_reports_original_spans() -> None:
    run = sample_run()
    found = search(run.pairs, {}, "وَاشِنْطُن", side="source")
    assert [match.id for match in found] == [pair.id for pair in run.pairs if "واشنطن" in pair.source]
    for match in found:
        source = next(pair.source for pair in run.pairs if pair.id == match.id)
        assert all(source[start:end] == "واشنطن" for start, end in match.spans)
    assert [m.id for m in search(run.pairs, {}, "LAVROV")] == [pair.id for pair in run.pairs if "lavrov" in pair.target.lower()]
    assert search(run.pairs, {}, "LAVROV", case=True) == []


def test_whole_word_mode_and_drafts_count_as_the_english() -> None:
    pairs = _run("The minister ministers a ministry.").pairs[:1]
    assert [len(m.spans) for m in search(pairs, {}, "minister", mode="plain")] == [2]  # minister, ministers
    assert [len(m.spans) for m in search(pairs, {}, "minister", mode="word")] == [1]
    assert search(pairs, {0: "Nothing here."}, "minister") == []


def test_replace_plain_is_literal_and_regex_expands_groups() -> None:
    run = _run("Lavrov said 5 and 6.")
    (plain,) = search(run.pairs, {}, "5", replacement=r"\1")
    assert plain.replaced == r"Lavrov said \1 and 6."
    (regex,) = search(run.pairs, {}, r"(\d) and (\d)", mode="regex", replacement=r"\2 and \1")
    assert regex.replaced == "Lavrov said 6 and 5."


@pytest.mark.parametrize(
    ("pattern", "mode", "side", "replacement", "fragment"),
    [
        ("(", "regex", "target", None, "does not compile"),
        ("x", "fuzzy", "target", None, "unknown search mode"),
        ("x", "plain", "both", None, "unknown side"),
        ("", "plain", "target", None, "empty"),
        ("x", "plain", "source", "y", "only the English"),
        ("(a)", "regex", "target", r"\9", "group references"),
    ],
)
def test_searches_that_cannot_run_say_why(pattern: str, mode: str, side: str, replacement: str | None, fragment: str) -> None:
    run = _run("a a a")
    with pytest.raises(SearchError, match=fragment):
        search(run.pairs, {}, pattern, mode=mode, side=side, replacement=replacement)


def test_a_backtracking_regex_is_stopped_in_time() -> None:
    run = _run("a" * 60 + "!")
    started = time.monotonic()
    with pytest.raises(SearchError, match="backtracks"):
        search(run.pairs, {}, "(a|aa)+$", mode="regex")
    assert time.monotonic() - started < REGEX_TIMEOUT_S + 2


def test_concordance_reads_the_run_its_glossary_names_and_the_memory(tmp_path: Path) -> None:
    from translate.tm import TmEntry, TranslationMemory, tm_key

    memory = tmp_path / "desk.sqlite3"
    with TranslationMemory(memory) as store:
        store.add([TmEntry("قال لافروف إن الاجتماع انتهى", "Lavrov said the meeting was over", tm_key("قال لافروف إن الاجتماع انتهى"), None, TmProvenance(editor="Sara"))])
    run = sample_run()
    found = concordance(run.pairs, {3: "Lavrov, edited."}, "لافروف", memory)
    assert [hit["id"] for hit in found["run"]] == [pair.id for pair in run.pairs if "لافروف" in pair.source]
    assert {"id": 3, "source": run.pairs[3].source, "target": "Lavrov, edited.", "edited": True} in found["run"]
    assert found["glossary"] == [{"surface": "لافروف", "required": "Lavrov", "enforced": True}]
    assert found["memory"] == [{"source": "قال لافروف إن الاجتماع انتهى", "target": "Lavrov said the meeting was over", "editor": "Sara"}]
    with pytest.raises(SearchError, match="select"):
        concordance(run.pairs, {}, "  ")


@pytest.mark.parametrize(
    ("draft", "problems"),
    [
        ("", ("empty", "names")),  # the segment's required name (Lavrov) is gone too
        ("قال وزير الخارجية", ("untranslated", "names")),
        ("Lavrov  stressed that his country had received no requests.", ("double-space",)),
        ('Lavrov stressed "that his country had received no requests.', ("quotes",)),
        ("Lavrov stressed that his country had received no requests.", ()),
    ],
)
def test_checks_before_confirm(draft: str, problems: tuple[str, ...]) -> None:
    pair = sample_run().pairs[3]
    assert check_draft(pair, draft).problems == problems


def test_a_lost_number_and_a_lost_name_are_checks_too() -> None:
    pair = next(p for p in sample_run().pairs if "Lavrov" in p.target and any(t.enforce for t in p.terms))
    checked = check_draft(pair, pair.target.replace("Lavrov", "He") + " 12")
    assert "names" in checked.problems and "numbers" in checked.problems


def test_run_keys_are_one_url_segment_each() -> None:
    assert run_keys(["article", "desk/beta", "..", ".", "a b", "article", "أخبار"]) == ["article", "desk~beta", "run-..", "run-.", "a-b", "article-2", "أخبار"]


def test_collect_runs_takes_folders_and_leaves_post_edit_files_and_other_jsonl_out(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("a.jsonl", "sub/b.jsonl"):
        (tmp_path / name).write_text(run_to_jsonl(sample_run()), encoding="utf-8")
    (tmp_path / "a.post-edit.jsonl").write_text("{}\n", encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    found, remarks = collect_runs([tmp_path])
    assert [(path.relative_to(tmp_path).as_posix(), name) for path, name in found] == [("a.jsonl", "a"), ("sub/b.jsonl", "sub/b")]
    assert any("rows.jsonl" in remark for remark in remarks)
    found, remarks = collect_runs([tmp_path / "a.jsonl", tmp_path / "a.post-edit.jsonl"])
    assert [name for _, name in found] == ["a"] and "post-edit file" in remarks[0]
    with pytest.raises(Exception, match="no run file"):
        collect_runs([tmp_path / "a.post-edit.jsonl"])


def test_the_event_stream_sends_every_save_from_the_count_given(tmp_path: Path) -> None:
    run_path = tmp_path / "article.jsonl"
    run_path.write_text(run_to_jsonl(sample_run()), encoding="utf-8")
    store = ReviewStore([run_path], "E")
    store.save("article", 0, "First.", None, confirmed=True, seconds=0, keystrokes=0)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with ServerThread.start(create_review_app(store, ReviewSettings(token=TOKEN))) as server:
        assert httpx.get(f"{server.url}/api/runs/article/events").status_code == 403
        assert httpx.get(f"{server.url}/api/runs/article/events?after=x", headers=headers).status_code == 400
        events = []
        with httpx.stream("GET", f"{server.url}/api/runs/article/events?after=0", headers=headers, timeout=10) as stream:
            for line in stream.iter_lines():
                if line.startswith("data: "):
                    events.append(json.loads(line[6:]))
                    if len(events) == 1:
                        store.save("article", 2, "Second, from another tab.", None, confirmed=False, seconds=0, keystrokes=0)
                    else:
                        break
        assert [(e["seq"], e["id"], e["post_edit"], e["confirmed"]) for e in events] == [(1, 0, "First.", True), (2, 2, "Second, from another tab.", False)]
        started = time.monotonic()
    assert time.monotonic() - started < 5  # the open stream did not hold the shutdown up
