"""The review page in a real headless Chromium (Debian's, driven by Playwright) against a real uvicorn on
127.0.0.1: keyboard editing, reload restores the edits, the page's HTER equals `translate eval`'s, hostile
article strings cannot run, no token no data, two editors on one segment see the conflict, a failed save
keeps the text. A screenshot goes to tests/artifacts/review.png."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from browser_support import open_review, review_boxes, review_statuses
from export_samples import sample_run
from translate.cli import app
from translate.postedit import post_edit_path, read_post_edits
from translate.records import Run, read_run, run_to_jsonl
from translate.server.review import ReviewSettings, create_review_app
from translate.server.review_store import ReviewStore
from translate.server.serving import ServerThread, hosts_for

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
TOKEN = "browser-token-5678"
HOSTILE = '<img src=x onerror="window.__pwned = 1; alert(1)"> and <script>window.__pwned = 2</script>'


def _hostile_run() -> Run:
    run = sample_run()
    pairs = list(run.pairs)
    index = next(i for i, pair in enumerate(pairs) if not pair.passthrough)
    pairs[index] = dataclasses.replace(pairs[index], target=pairs[index].target + " " + HOSTILE)
    return Run(run.manifest, tuple(pairs))




@pytest.fixture()
def served(tmp_path: Path):
    """A fresh run under review on a real server: (base url, run path)."""
    run_path = tmp_path / "article.jsonl"
    run_path.write_text(run_to_jsonl(_hostile_run()), encoding="utf-8")
    store = ReviewStore([run_path], "Browser Editor")
    with ServerThread.start(create_review_app(store, ReviewSettings(token=TOKEN, hosts=frozenset()))) as server:
        yield server.url, run_path


def _open(browser, url: str):
    return open_review(browser, url, TOKEN)


_boxes, _statuses = review_boxes, review_statuses


def _wait_saved(page, count: int) -> None:
    page.wait_for_function("count => document.querySelectorAll('tr.pair[data-status=confirmed]').length >= count", arg=count)


def test_keyboard_editing_survives_a_reload_and_the_page_hter_equals_eval(browser, served) -> None:
    url, run_path = served
    context, page, problems = _open(browser, url)
    run = read_run(run_path)
    page.locator("tr.pair textarea").first.focus()
    page.keyboard.press("End")
    page.keyboard.type(" really")
    page.keyboard.press("Control+Enter")  # confirm 1, move to 2
    page.keyboard.press("Control+a")
    page.keyboard.type("A wholly new sentence.")
    page.keyboard.press("Control+Enter")  # confirm 2, move to 3
    page.keyboard.press("Control+ArrowDown")  # skip 3
    page.keyboard.press("End")
    page.keyboard.type(" 2026")
    page.keyboard.press("Control+Enter")  # confirm 4
    _wait_saved(page, 3)
    expected = [run.pairs[0].target + " really", "A wholly new sentence.", run.pairs[2].target, run.pairs[3].target + " 2026"]
    assert _boxes(page)[:4] == expected
    assert _statuses(page)[:4] == ["confirmed", "confirmed", "new", "confirmed"]
    assert page.locator("#run option").first.text_content() == f"article (3/{len(run.pairs)})"
    assert page.locator("#progress").text_content().startswith(f"3 of {len(run.pairs)} confirmed · ")
    warning = page.locator("tr.pair").nth(3).locator(".warning").first.text_content()
    assert "2026" in warning
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=False)
    page_hter = float(page.get_attribute("#article-hter", "data-hter"))
    row_hters = page.eval_on_selector_all("tr.pair .hter", "nodes => nodes.map(n => n.dataset.hter)")
    page.reload()
    page.wait_for_selector("body[data-loaded]")
    assert _boxes(page)[:4] == expected
    assert _statuses(page)[:4] == ["confirmed", "confirmed", "new", "confirmed"]
    result = CliRunner().invoke(app, ["eval", str(run_path), str(post_edit_path(run_path)), "--format", "json", "--bootstrap", "0"])
    document = json.loads(result.stdout)
    assert document["edits"]["hter"] == pytest.approx(page_hter, abs=1e-3)
    assert [segment["hter"] for segment in document["segments"]] == pytest.approx([float(row_hters[i]) for i in (0, 1, 3)], abs=1e-3)
    edits = read_post_edits(post_edit_path(run_path)).records
    assert [edit.keystrokes for edit in edits] == [len(" really"), len("A wholly new sentence."), len(" 2026")]
    assert all(edit.editor == "Browser Editor" for edit in edits)
    assert problems == []
    context.close()


def test_escape_reverts_and_leaving_a_changed_box_saves_it_unconfirmed(browser, served) -> None:
    url, run_path = served
    context, page, problems = _open(browser, url)
    original = _boxes(page)[0]
    box = page.locator("tr.pair textarea").first
    box.focus()
    page.keyboard.press("End")
    page.keyboard.type(" typo")
    page.keyboard.press("Escape")
    assert _boxes(page)[0] == original
    page.keyboard.type(" kept")
    page.keyboard.press("Control+ArrowDown")  # leaves the box: saved, not confirmed
    page.wait_for_function("() => document.querySelector('tr.pair').dataset.status === 'draft'")
    latest = read_post_edits(post_edit_path(run_path)).latest
    first_id = read_run(run_path).pairs[0].id
    assert latest[first_id].post_edit == original + " kept" and latest[first_id].confirmed is False
    assert problems == []
    context.close()


def test_hostile_article_strings_are_shown_as_text_and_never_run(browser, served) -> None:
    url, _ = served
    context, page, problems = _open(browser, url)
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("tr.pair img").count() == 0 and page.locator("tbody script").count() == 0
    assert any(HOSTILE in value for value in _boxes(page))
    assert HOSTILE in page.locator("#pairs").inner_text()
    assert problems == []
    context.close()


def test_without_the_token_the_page_gets_nothing(browser, served) -> None:
    url, _ = served
    assert httpx.get(f"{url}/api/runs").status_code == 403
    assert httpx.get(f"{url}/").status_code == 403
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(f"{url}/?token=not-the-token")
    assert response.status == 403 and "token" in page.content()
    context.close()


def test_two_editors_saving_one_segment_the_second_sees_the_conflict(browser, served) -> None:
    url, run_path = served
    first_context, first, _ = _open(browser, url)
    second_context, second, problems = _open(browser, url)
    # The second editor is typing in segment 0 when the first confirms it: the first's save reaches
    # the second page live, and the conflict shows at once (not only at the second's next save).
    second.locator("tr.pair textarea").first.focus()
    second.keyboard.press("Control+a")
    second.keyboard.type("Editor two's version.")
    first.locator("tr.pair textarea").first.focus()
    first.keyboard.press("Control+a")
    first.keyboard.type("Editor one's version.")
    first.keyboard.press("Control+Enter")
    _wait_saved(first, 1)
    second.wait_for_selector("tr.pair .conflict:not([hidden])")
    conflict = second.locator("tr.pair .conflict").first.inner_text()
    assert "Editor one's version." in conflict and "version 1" in conflict
    assert _boxes(second)[0] == "Editor two's version."
    second.locator("tr.pair .conflict .keep-mine").first.click()
    second.locator("tr.pair textarea").first.focus()
    second.keyboard.press("Control+Enter")
    second.wait_for_function("() => document.querySelector('tr.pair').dataset.status === 'confirmed'")
    latest = read_post_edits(post_edit_path(run_path)).latest[read_run(run_path).pairs[0].id]
    # Keep mine saved it over theirs (version 2, a draft); Ctrl+Enter confirmed it (version 3).
    assert (latest.post_edit, latest.version, latest.confirmed) == ("Editor two's version.", 3, True)
    # The first page hears of the second's save too, without a reload.
    first.wait_for_function("() => document.querySelector('tr.pair textarea').value === \"Editor two's version.\"")
    # Chromium logs a 409 response itself; nothing else may go wrong.
    assert [problem for problem in problems if "409 (Conflict)" not in problem] == []
    first_context.close()
    second_context.close()


def test_a_failed_save_says_so_and_keeps_the_text(browser, served, full_disk) -> None:
    url, run_path = served
    context, page, _ = _open(browser, url)
    page.locator("tr.pair textarea").first.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("Text that must not be lost.")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => document.querySelector('tr.pair .save-error').textContent.length > 0")
    assert "disk is full" in page.locator("tr.pair .save-error").first.text_content()
    assert _boxes(page)[0] == "Text that must not be lost." and _statuses(page)[0] == "unsaved"
    full_disk()  # room again
    page.locator("tr.pair textarea").first.focus()
    page.keyboard.press("Control+Enter")
    _wait_saved(page, 1)
    assert read_post_edits(post_edit_path(run_path)).latest[read_run(run_path).pairs[0].id].post_edit == "Text that must not be lost."
    context.close()


def test_the_flagged_filter_shows_only_flagged_segments(browser, served) -> None:
    url, run_path = served
    context, page, _ = _open(browser, url)
    flagged = [pair.id for pair in read_run(run_path).pairs if pair.quality is not None and pair.quality.flags]
    page.check("#only-flagged")
    visible = page.eval_on_selector_all("tr.pair", "rows => rows.filter(r => r.offsetParent !== null).map(r => Number(r.dataset.id))")
    assert visible == flagged and 0 < len(flagged) < len(read_run(run_path).pairs)
    context.close()


def test_hosts_for_loopback_accepts_only_loopback_names() -> None:
    assert "127.0.0.1:8000" in hosts_for("127.0.0.1", 8000) and "localhost:8000" in hosts_for("127.0.0.1", 8000)
    assert "evil.example:8000" not in hosts_for("127.0.0.1", 8000)
    assert hosts_for("0.0.0.0", 8000) == frozenset()


def test_memory_badge_and_ctrl_number_takes_a_suggestion(browser, tmp_path: Path) -> None:
    from translate.records import TmMatch, TmProvenance

    run = sample_run()
    pairs = list(run.pairs)
    translated = [index for index, pair in enumerate(pairs) if not pair.passthrough]
    pairs[translated[0]] = dataclasses.replace(pairs[translated[0]], origin="tm", tm=TmMatch(100, pairs[translated[0]].source, pairs[translated[0]].target, TmProvenance("desk.tmx", "Sara")))
    suggestions = (TmMatch(92, "مصدر", "The memory's first suggestion.", TmProvenance("desk.tmx")), TmMatch(80, "مصدر آخر", "A second one.", TmProvenance()))
    pairs[translated[1]] = dataclasses.replace(pairs[translated[1]], tm_suggestions=suggestions)
    run_path = tmp_path / "article.jsonl"
    run_path.write_text(run_to_jsonl(Run(run.manifest, tuple(pairs))), encoding="utf-8")
    with ServerThread.start(create_review_app(ReviewStore([run_path], "E"), ReviewSettings(token=TOKEN))) as server:
        context, page, problems = _open(browser, server.url)
        rows = page.locator("tr.pair")
        assert rows.nth(translated[0]).locator(".tm-badge").text_content() == "TM 100"
        assert rows.nth(translated[1]).locator("ol.tm-suggestions li").count() == 2
        rows.nth(translated[1]).locator("textarea").focus()
        page.keyboard.press("Control+2")
        assert _boxes(page)[translated[1]] == "A second one."
        page.keyboard.press("Control+1")
        assert _boxes(page)[translated[1]] == "The memory's first suggestion."
        page.keyboard.press("Control+Enter")
        _wait_saved(page, 1)
        assert read_post_edits(post_edit_path(run_path)).latest[pairs[translated[1]].id].post_edit == "The memory's first suggestion."
        assert problems == []
        context.close()


def test_a_confirm_whose_request_fails_is_still_a_confirm_when_it_goes_through(browser, served) -> None:
    url, run_path = served
    context, page, _ = _open(browser, url)
    failed = []

    def fail_once(route) -> None:
        if route.request.method == "PUT" and not failed:
            failed.append(route.request.post_data)
            route.abort()
        else:
            route.continue_()

    page.route("**/api/runs/*/segments/*", fail_once)
    page.locator("tr.pair textarea").first.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("Confirmed despite a dropped request.")
    page.keyboard.press("Control+Enter")  # this PUT is dropped; leaving the box saves again
    _wait_saved(page, 1)
    assert json.loads(failed[0])["confirmed"] is True
    latest = read_post_edits(post_edit_path(run_path)).latest[read_run(run_path).pairs[0].id]
    assert (latest.post_edit, latest.confirmed) == ("Confirmed despite a dropped request.", True)
    context.close()


def test_switching_runs_never_takes_unsaved_text_along_or_into_the_other_run(browser, tmp_path: Path) -> None:
    paths = []
    for name in ("alpha", "beta"):
        path = tmp_path / f"{name}.jsonl"
        path.write_text(run_to_jsonl(sample_run()), encoding="utf-8")
        paths.append(path)
    with ServerThread.start(create_review_app(ReviewStore(paths, "E"), ReviewSettings(token=TOKEN))) as server:
        context, page, _ = _open(browser, server.url)
        page.locator("tr.pair textarea").first.focus()
        page.keyboard.press("End")
        page.keyboard.type(" unsaved")
        page.select_option("#run", "beta")
        assert "before opening another run" in page.locator("#message").text_content()
        assert page.locator("#run").input_value() == "alpha" and _boxes(page)[0].endswith(" unsaved")
        page.keyboard.press("Control+Enter")
        _wait_saved(page, 1)
        page.select_option("#run", "beta")
        page.wait_for_function("() => document.body.dataset.loaded === 'beta'")
        assert read_post_edits(post_edit_path(paths[1])).records == ()
        assert read_post_edits(post_edit_path(paths[0])).latest[0].post_edit.endswith(" unsaved")
        context.close()
