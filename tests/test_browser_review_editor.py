"""The review page as an editor's daily tool, in a real headless Chromium against a real uvicorn on
127.0.0.1: one test per case an editor met (each failed before its fix), then the CAT-tool features —
search and replace, filters, go to, concordance, checks before confirm, live updates between tabs,
retries while the server is away, the archive view, dark mode and keyboard help."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from browser_support import open_review, review_boxes, review_statuses
from export_samples import FLAGGED, GOOD, BlockSpec, Sentence, build_run, sample_run
from translate.cli import app
from translate.export.options import ExportOptions
from translate.export.tsv import render as render_tsv
from translate.postedit import post_edit_path, read_post_edits
from translate.records import BlockKind, Run, read_run, run_to_jsonl
from translate.server.review import ReviewSettings, create_review_app
from translate.server.review_store import ReviewStore
from translate.server.serving import ServerThread

pytestmark = pytest.mark.browser

TOKEN = "editor-token-9876"
XLIFF = {"x": "urn:oasis:names:tc:xliff:document:1.2"}




def long_run(paragraphs: int = 12) -> Run:
    """An article long enough to scroll, with English that wraps at a narrow window."""
    blocks = [BlockSpec(BlockKind.HEADLINE, (Sentence("لافروف: واشنطن رفضت التنسيق بشأن سوريا", "Lavrov: Washington refused coordination on Syria", terms=(("لافروف", "Lavrov"),), quality=GOOD),))]
    for number in range(paragraphs):
        english = (
            f"In paragraph {number} the Russian foreign minister said that Washington had refused, once again and in writing, "
            "to send a military delegation to the talks, and that the ministry would publish the letters it had exchanged with the State Department."
        )
        blocks.append(BlockSpec(BlockKind.PARAGRAPH, (Sentence(f"قال وزير الخارجية الروسي في الفقرة {number} إن واشنطن رفضت إرسال وفد عسكري.", english, terms=(("واشنطن", "Washington"),), quality=FLAGGED if number % 3 == 0 else GOOD),)))
    return build_run(blocks)


def write_run(path: Path, run: Run) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(run_to_jsonl(run), encoding="utf-8")
    return path


@contextlib.contextmanager
def serving(paths: list[Path], memory: Path | None = None) -> Iterator[str]:
    store = ReviewStore(paths, "Desk Editor")
    with ServerThread.start(create_review_app(store, ReviewSettings(token=TOKEN, memory=memory))) as server:
        yield server.url


def open_page(browser, url: str, width: int = 1400, height: int = 1000, color_scheme: str = "light"):
    return open_review(browser, url, TOKEN, width=width, height=height, color_scheme=color_scheme, console_errors=False)


boxes, statuses = review_boxes, review_statuses


def wait_status(page, index: int, status: str) -> None:
    page.wait_for_function("([i, s]) => document.querySelectorAll('#pairs tr.pair')[i].dataset.status === s", arg=[index, status])


def edit(page, index: int, text: str, confirm: bool = True) -> None:
    page.locator("#pairs textarea").nth(index).focus()
    page.keyboard.press("Control+a")
    page.keyboard.type(text)
    page.keyboard.press("Control+Enter" if confirm else "Control+ArrowDown")


# ---- the twelve cases -----------------------------------------------------------------------------


def test_1_segment_numbers_are_the_ids_of_the_exports_and_of_eval(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", sample_run())
    run = read_run(run_path)
    tsv_ids = [int(line.split("\t")[0]) for line in render_tsv(run, ExportOptions()).splitlines()[1:]]
    with serving([run_path]) as url:
        context, page, problems = open_page(browser, url)
        numbers = [int(text) for text in page.eval_on_selector_all(".seg-number", "nodes => nodes.map(n => n.textContent)")]
        assert numbers == tsv_ids == [pair.id for pair in run.pairs]
        edit(page, 2, "An edited third segment.")
        wait_status(page, 2, "confirmed")
        result = CliRunner().invoke(app, ["eval", str(run_path), str(post_edit_path(run_path)), "--bootstrap", "0", "--segments"])
        rows = result.stdout.split("segment\t", 1)[1].splitlines()[1:]
        assert [int(row.split("\t")[0]) for row in rows] == [numbers[2]]
        assert problems == []
        context.close()


def test_2_the_toolbar_hter_after_esc_is_the_saved_figure(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", sample_run())
    with serving([run_path]) as url:
        context, page, _ = open_page(browser, url)
        edit(page, 0, "A confirmed rewrite of the headline.")
        wait_status(page, 0, "confirmed")
        page.wait_for_function("() => document.getElementById('article-hter').textContent.includes('over 1 post-edited')")
        saved_figure = page.get_attribute("#article-hter", "data-hter")
        page.locator("#pairs textarea").nth(2).focus()
        page.keyboard.press("End")
        page.keyboard.type(" and more words")
        page.wait_for_function("() => document.getElementById('article-hter').textContent.includes('over 2 post-edited')")
        page.keyboard.press("Escape")
        page.wait_for_function("() => document.getElementById('article-hter').textContent.includes('over 1 post-edited')")
        assert page.get_attribute("#article-hter", "data-hter") == saved_figure
        assert page.locator("#pairs tr.pair").nth(2).locator(".hter").text_content() == "HTER –"
        context.close()


def test_3_moving_with_ctrl_arrows_never_leaves_the_box_under_the_sticky_header(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", long_run())
    with serving([run_path]) as url:
        context, page, _ = open_page(browser, url, width=1200, height=600)
        page.locator("#pairs textarea").first.focus()
        seen = []
        for key in ["Control+ArrowDown"] * 12 + ["Control+ArrowUp"] * 12:
            page.keyboard.press(key)
            page.wait_for_timeout(50)
            seen.append(page.evaluate("""() => {
                const box = document.activeElement.getBoundingClientRect();
                const header = document.getElementById('toolbar').getBoundingClientRect().bottom;
                return box.top >= header - 1 && box.bottom <= window.innerHeight + 1;
            }"""))
        assert all(seen), seen
        context.close()


def _conflict(browser, url: str):
    """Two tabs; the first confirms segment 0, the second (which had loaded before) edits it too."""
    first_context, first, _ = open_page(browser, url)
    second_context, second, problems = open_page(browser, url)
    second.locator("#pairs textarea").first.focus()
    second.keyboard.press("Control+a")
    second.keyboard.type("Editor two's version.")
    edit(first, 0, "Editor one's version.")
    wait_status(first, 0, "confirmed")
    second.wait_for_selector("#pairs tr.pair .conflict:not([hidden])")
    return first_context, first, second_context, second, problems


def test_4_esc_during_a_conflict_keeps_the_draft(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", sample_run())
    with serving([run_path]) as url:
        first_context, _, second_context, second, _ = _conflict(browser, url)
        second.locator("#pairs textarea").first.focus()
        second.keyboard.press("Escape")
        assert boxes(second)[0] == "Editor two's version."
        assert second.locator("#pairs tr.pair .conflict").first.is_visible()
        first_context.close()
        second_context.close()


def test_5_take_theirs_takes_their_status_updates_progress_and_every_tab_learns(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", sample_run())
    with serving([run_path]) as url:
        third_context, third, _ = open_page(browser, url)  # open all along, untouched
        first_context, _, second_context, second, _ = _conflict(browser, url)
        second.locator("#pairs tr.pair .conflict .take-theirs").first.click()
        assert boxes(second)[0] == "Editor one's version."
        assert statuses(second)[0] == "confirmed"
        assert second.get_attribute("#progress", "data-confirmed") == "1"
        # The third tab was never reloaded: the save reached it live.
        third.wait_for_function("() => document.querySelector('#pairs textarea').value === \"Editor one's version.\"")
        assert statuses(third)[0] == "confirmed" and third.get_attribute("#progress", "data-confirmed") == "1"
        for context in (first_context, second_context, third_context):
            context.close()


def test_6_a_conflict_is_brought_into_view_and_named_in_the_toolbar(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", long_run())
    with serving([run_path]) as url:
        first_context, first, _ = open_page(browser, url, height=600)
        second_context, second, _ = open_page(browser, url, height=600)
        second.locator("#pairs textarea").first.focus()
        second.keyboard.press("Control+a")
        second.keyboard.type("Editor two's version.")
        second.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # reading further down, box 0 still being edited
        edit(first, 0, "Editor one's version.")
        wait_status(first, 0, "confirmed")
        # The first editor's save reaches the second tab live: the conflict shows at once, in view.
        page = second
        page.wait_for_selector(".conflict:not([hidden])")
        page.wait_for_timeout(200)
        in_view = page.evaluate("""() => {
            const panel = document.querySelector('.conflict:not([hidden])').getBoundingClientRect();
            const header = document.getElementById('toolbar').getBoundingClientRect().bottom;
            return panel.top >= header - 1 && panel.bottom <= window.innerHeight + 1;
        }""")
        assert in_view
        assert page.locator("#conflicts").is_visible() and "1 conflict" in page.locator("#conflicts").text_content()
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.locator("#conflicts").click()
        page.wait_for_timeout(200)
        assert page.evaluate("() => { const r = document.querySelector('.conflict:not([hidden])').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
        first_context.close()
        second_context.close()


def test_7_ctrl_shift_enter_does_not_confirm(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", sample_run())
    with serving([run_path]) as url:
        context, page, _ = open_page(browser, url)
        page.locator("#pairs textarea").first.focus()
        page.keyboard.press("End")
        page.keyboard.type(" changed")
        page.keyboard.press("Control+Shift+Enter")
        page.wait_for_timeout(400)
        assert statuses(page)[0] == "unsaved"
        assert read_post_edits(post_edit_path(run_path)).records == ()
        context.close()


def test_8_every_box_shows_all_its_text_at_a_narrow_window_and_after_a_resize(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", long_run())
    with serving([run_path]) as url:
        context, page, _ = open_page(browser, url, width=1400)
        cut = "() => Array.from(document.querySelectorAll('#pairs textarea')).filter(b => b.scrollHeight > b.clientHeight + 2).length"
        assert page.evaluate(cut) == 0
        page.set_viewport_size({"width": 600, "height": 900})
        page.wait_for_timeout(400)
        assert page.evaluate(cut) == 0
        assert page.evaluate("() => Math.max(...Array.from(document.querySelectorAll('#pairs textarea')).map(b => b.clientHeight))") > 60  # it did wrap
        context.close()
    narrow_context, narrow, _ = None, None, None
    with serving([run_path]) as url:
        narrow_context, narrow, _ = open_page(browser, url, width=600)
        assert narrow.evaluate(cut) == 0
        narrow_context.close()


def test_9_a_folder_or_a_glob_that_holds_post_edit_files_opens_its_runs(browser, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    first = write_run(folder / "alpha.jsonl", sample_run())
    write_run(folder / "desk" / "beta.jsonl", sample_run())
    (folder / "data").mkdir()
    (folder / "data" / "rows.jsonl").write_text('{"text": "not a run"}\n', encoding="utf-8")  # a dataset beside the runs
    ReviewStore([first], "E")  # creates alpha.post-edit.jsonl, as a first review does
    globbed = ReviewStore(sorted(folder.glob("*.jsonl")), "E")
    assert list(globbed.runs) == ["alpha"]
    assert any("post-edit file" in remark for remark in globbed.remarks)
    assert any("rows.jsonl: not a run file" in remark for remark in ReviewStore([folder], "E").remarks)
    with serving([folder]) as url:
        context, page, _ = open_page(browser, url)
        options = page.eval_on_selector_all("#run option", "options => options.map(o => [o.value, o.dataset.name])")
        assert options == [["alpha", "alpha"], ["desk~beta", "desk/beta"]]
        page.select_option("#run", "desk~beta")
        page.wait_for_function("() => document.body.dataset.loaded === 'desk~beta'")
        edit(page, 0, "Saved into the run in the sub-folder.")
        wait_status(page, 0, "confirmed")
        assert read_post_edits(post_edit_path(folder / "desk" / "beta.jsonl")).latest[0].post_edit == "Saved into the run in the sub-folder."
        context.close()


def test_10_runs_named_with_dots_open(browser, tmp_path: Path) -> None:
    dotted = write_run(tmp_path / "a..b" / "x.jsonl", sample_run())
    only_dots = write_run(tmp_path / "...jsonl", sample_run())
    with serving([dotted, only_dots]) as url:
        context, page, _ = open_page(browser, url)
        keys = page.eval_on_selector_all("#run option", "options => options.map(o => o.value)")
        assert keys == ["x", "run-.."]
        page.select_option("#run", "run-..")
        page.wait_for_function("() => document.body.dataset.loaded === 'run-..'")
        edit(page, 0, "Saved into the run named with dots.")
        wait_status(page, 0, "confirmed")
        assert read_post_edits(post_edit_path(only_dots)).latest[0].post_edit == "Saved into the run named with dots."
        context.close()


def test_11_exports_keep_drafts_apart_from_confirmed_edits(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", sample_run())
    with serving([run_path]) as url:
        context, page, _ = open_page(browser, url)
        edit(page, 0, "Confirmed headline.")
        wait_status(page, 0, "confirmed")
        edit(page, 2, "Only a draft so far.", confirm=False)
        wait_status(page, 2, "draft")
        context.close()
    result = CliRunner().invoke(app, ["export", str(run_path), "--post-edits", str(post_edit_path(run_path)), "-f", "tmx,xliff", "-q"])
    assert result.exit_code == 0, result.output
    tmx = etree.parse(str(tmp_path / "article.edited.tmx"))
    assert [unit.get("tuid") for unit in tmx.findall(".//tu")] == ["0"]
    xliff = etree.parse(str(tmp_path / "article.edited.xlf"))
    states = {unit.get("id"): unit.find("x:target", XLIFF).get("state") for unit in xliff.findall(".//x:trans-unit", XLIFF)}
    assert states["0"] == "translated" and states["2"] == "needs-review-translation"
    assert xliff.find(".//x:trans-unit[@id='2']/x:target", XLIFF).text == "Only a draft so far."


def test_12_direction_controls_never_turn_the_page_around(browser, tmp_path: Path) -> None:
    glossary = tmp_path / "names.tsv"
    glossary.write_text("ar\ten\nغوتيريش\tGuterres\u202e\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["glossary", "lint", str(glossary)])
    assert result.exit_code != 0 and "U+202E" in result.output
    run = sample_run()
    pairs = list(run.pairs)
    pairs[0] = dataclasses.replace(pairs[0], target="Lavrov\u202e said no")
    run_path = write_run(tmp_path / "article.jsonl", Run(run.manifest, tuple(pairs)))
    with serving([run_path]) as url:
        context, page, _ = open_page(browser, url)
        machine = page.locator("#pairs tr.pair .mt").first
        assert "[U+202E]" in machine.text_content() and "\u202e" not in machine.text_content()
        # Laid out left to right: "said" stands right of "Lavrov".
        order = page.evaluate("""() => {
            const node = document.querySelector('#pairs tr.pair .mt');
            const range = document.createRange(); const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
            const where = {};
            for (let text = walker.nextNode(); text; text = walker.nextNode()) {
                for (const word of ["Lavrov", "said"]) {
                    const at = text.data.indexOf(word);
                    if (at >= 0) { range.setStart(text, at); range.setEnd(text, at + word.length); where[word] = range.getBoundingClientRect().left; }
                }
            }
            return where;
        }""")
        assert order["Lavrov"] < order["said"]
        context.close()


# ---- what CAT editors expect ----------------------------------------------------------------------


def test_search_finds_arabic_without_diacritics_and_replace_all_leaves_confirmed_and_undoes(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", long_run(4))
    with serving([run_path]) as url:
        context, page, problems = open_page(browser, url)
        edit(page, 1, "Washington said so, in a confirmed segment.")
        wait_status(page, 1, "confirmed")
        page.keyboard.press("Control+f")
        page.locator("#search-side").select_option("source")
        page.locator("#search-find").fill("وَاشِنْطُن")  # with diacritics: the text has none
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('search-status').textContent.includes('match')")
        assert page.locator("#pairs mark.hit").count() == 5
        page.locator("#search-side").select_option("target")
        page.locator("#search-mode").select_option("word")
        page.locator("#search-find").fill("washington")
        page.locator("#search-replace").fill("the United States")
        page.locator("#search-all").click()
        page.wait_for_function("() => document.getElementById('search-status').textContent.startsWith('replaced')")
        values = boxes(page)
        assert values[1] == "Washington said so, in a confirmed segment."  # confirmed: left as it is
        assert all("the United States" in value and "Washington" not in value for value in values[2:])
        assert "1 confirmed" in page.locator("#search-status").text_content()
        page.wait_for_function("() => document.querySelectorAll('#pairs tr.pair[data-status=draft]').length === 4")
        page.locator("#search-undo").click()
        page.wait_for_function("() => Array.from(document.querySelectorAll('#pairs textarea')).slice(2).every(b => b.value.includes('Washington'))")
        page.wait_for_timeout(500)
        latest = read_post_edits(post_edit_path(run_path)).latest
        assert all("Washington" in latest[pair_id].post_edit for pair_id in (2, 3, 4))
        assert problems == []
        context.close()


def test_a_catastrophic_regex_is_stopped_with_a_clear_message(browser, tmp_path: Path) -> None:
    run = sample_run()
    pairs = list(run.pairs)
    pairs[0] = dataclasses.replace(pairs[0], target="a" * 40 + "!")
    run_path = write_run(tmp_path / "article.jsonl", Run(run.manifest, tuple(pairs)))
    with serving([run_path]) as url:
        context, page, _ = open_page(browser, url)
        page.keyboard.press("Control+f")
        page.locator("#search-mode").select_option("regex")
        page.locator("#search-find").fill("(a|aa)+$")
        started = time.monotonic()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('search-status').classList.contains('error')")
        assert time.monotonic() - started < 5
        assert "backtracks" in page.locator("#search-status").text_content()
        page.locator("#search-find").fill("(")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('search-status').textContent.includes('does not compile')")
        context.close()


def test_filters_by_status_flag_and_score_and_go_to(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", long_run(6))
    run = read_run(run_path)
    with serving([run_path]) as url:
        context, page, _ = open_page(browser, url)
        edit(page, 3, "Confirmed.")
        wait_status(page, 3, "confirmed")
        edit(page, 4, "A draft.", confirm=False)
        wait_status(page, 4, "draft")
        shown = "() => Array.from(document.querySelectorAll('#pairs tr.pair')).filter(r => r.offsetParent !== null).map(r => Number(r.dataset.id))"
        page.locator("#filter-status").select_option("confirmed")
        assert page.evaluate(shown) == [3]
        page.locator("#filter-status").select_option("draft")
        assert page.evaluate(shown) == [4]
        page.locator("#filter-status").select_option("")
        flag = run.pairs[1].quality.flags[0]
        page.locator("#filter-flag").select_option(flag)
        assert page.evaluate(shown) == [pair.id for pair in run.pairs if pair.quality and flag in pair.quality.flags]
        page.locator("#filter-flag").select_option("")
        page.locator("#filter-max").fill("60")
        assert page.evaluate(shown) == [pair.id for pair in run.pairs if pair.quality and pair.quality.score <= 60]
        page.locator("#filter-max").fill("")
        page.keyboard.press("Control+g")
        page.keyboard.type("5")
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.closest('tr').dataset.id") == "5"
        context.close()


def test_concordance_copy_source_insert_term_and_checks_before_confirm(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", long_run(3))
    with serving([run_path]) as url:
        context, page, _ = open_page(browser, url)
        edit(page, 1, "An edited segment about Washington.")
        wait_status(page, 1, "confirmed")
        box = page.locator("#pairs textarea").nth(2)
        box.focus()
        page.evaluate("""() => { const cell = document.querySelectorAll('#pairs td.src')[2]; const range = document.createRange();
            const text = cell.textContent; const at = text.indexOf('واشنطن'); const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            let node = walker.nextNode(), offset = 0; while (node && offset + node.data.length <= at) { offset += node.data.length; node = walker.nextNode(); }
            range.setStart(node, at - offset); range.setEnd(node, at - offset + 6); getSelection().removeAllRanges(); getSelection().addRange(range); }""")
        page.keyboard.press("Control+k")
        page.wait_for_selector("#concordance:not([hidden]) li")
        text = page.locator("#concordance-results").inner_text()
        assert "Washington" in text and "An edited segment about Washington." in text and "glossary" in text
        box.fill("")
        box.focus()
        page.keyboard.press("Alt+1")
        assert boxes(page)[2] == "Washington"
        page.keyboard.type("  said  it.")
        page.wait_for_function("() => document.querySelectorAll('#pairs .checks')[2].dataset.problems.includes('double-space')")
        assert "doubled space" in page.locator("#pairs .checks").nth(2).text_content()
        page.keyboard.press("Control+Insert")
        page.wait_for_function("() => document.querySelectorAll('#pairs .checks')[2].dataset.problems.includes('untranslated')")
        page.keyboard.press("Control+Enter")  # shown, not blocking
        wait_status(page, 2, "confirmed")
        context.close()


def test_offline_saves_wait_and_go_through_when_the_server_is_back(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", sample_run())
    with serving([run_path]) as url:
        context, page, _ = open_page(browser, url)
        blocked = {"on": True}
        page.route("**/api/runs/*/segments/*", lambda route: route.abort() if blocked["on"] and route.request.method == "PUT" else route.continue_())
        edit(page, 0, "Typed while the server was away.")
        page.wait_for_function("() => document.getElementById('connection').textContent.startsWith('offline')")
        assert page.get_attribute("#connection", "data-unsaved") == "1"
        assert read_post_edits(post_edit_path(run_path)).records == ()
        blocked["on"] = False
        wait_status(page, 0, "confirmed")
        latest = read_post_edits(post_edit_path(run_path)).latest[0]
        assert (latest.post_edit, latest.confirmed) == ("Typed while the server was away.", True)
        context.close()


def test_a_run_file_changed_on_disk_refuses_saves_and_keeps_the_text(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", sample_run())
    with serving([run_path]) as url:
        context, page, _ = open_page(browser, url)
        run = sample_run()
        changed = Run(run.manifest, tuple(dataclasses.replace(pair, target=pair.target + " (new run)") for pair in run.pairs))
        run_path.write_text(run_to_jsonl(changed), encoding="utf-8")
        edit(page, 0, "An edit of the old English.")
        page.wait_for_function("() => document.querySelector('#pairs .save-error').textContent.includes('changed on disk')")
        assert boxes(page)[0] == "An edit of the old English." and statuses(page)[0] == "unsaved"
        assert read_post_edits(post_edit_path(run_path)).records == ()
        context.close()


def test_stale_bases_after_a_server_restart_are_conflicts_and_lose_nothing(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", sample_run())
    with serving([run_path]) as url:
        context, page, _ = open_page(browser, url)
        edit(page, 0, "Version one.")
        wait_status(page, 0, "confirmed")
        context.close()
    store = ReviewStore([run_path], "Other")
    store.save("article", 0, "Saved by another server.", 1, confirmed=True, seconds=1, keystrokes=1)
    assert read_post_edits(post_edit_path(run_path)).latest[0].version == 2
    # A page that still thinks version 1 is current (opened before the restart) saves against it.
    with serving([run_path]) as url:
        import httpx

        answer = httpx.put(f"{url}/api/runs/article/segments/0", headers={"Authorization": f"Bearer {TOKEN}"}, json={"target": "Stale.", "base": 1})
        assert answer.status_code == 409 and answer.json()["current"]["post_edit"] == "Saved by another server."
    assert read_post_edits(post_edit_path(run_path)).latest[0].post_edit == "Saved by another server."


def test_archive_view_lists_runs_with_progress_and_the_archive_hter(browser, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    write_run(folder / "alpha.jsonl", sample_run())
    write_run(folder / "beta.jsonl", long_run(2))
    with serving([folder]) as url:
        context, page, _ = open_page(browser, url)
        edit(page, 0, "A changed headline for alpha.")
        wait_status(page, 0, "confirmed")
        article = float(page.get_attribute("#article-hter", "data-hter"))
        page.locator("#show-archive").click()
        page.wait_for_selector("#archive:not([hidden]) tr.archive-run")
        cells = page.eval_on_selector_all("tr.archive-run", "rows => rows.map(r => Array.from(r.cells).slice(0, 3).map(c => c.textContent))")
        assert cells == [["alpha", str(len(sample_run().pairs)), "1"], ["beta", str(len(long_run(2).pairs)), "0"]]
        assert float(page.get_attribute("#archive-total", "data-hter")) == pytest.approx(article)
        page.locator("tr.archive-run").nth(1).locator("button").click()
        page.wait_for_function("() => document.body.dataset.loaded === 'beta'")
        assert page.locator("#archive").is_hidden()
        context.close()


def test_dark_mode_follows_the_system_and_the_toggle_is_kept(browser, tmp_path: Path) -> None:
    run_path = write_run(tmp_path / "article.jsonl", sample_run())
    with serving([run_path]) as url:
        context, page, _ = open_page(browser, url, color_scheme="dark")
        background = "() => getComputedStyle(document.body).backgroundColor"
        assert page.evaluate(background) == "rgb(13, 17, 23)"
        page.locator("#theme").click()
        assert page.evaluate(background) == "rgb(255, 255, 255)"
        page.reload()
        page.wait_for_selector("body[data-loaded]")
        assert page.evaluate(background) == "rgb(255, 255, 255)"
        page.keyboard.press("?")
        assert page.locator("#help").is_visible() and "Ctrl" in page.locator("#help").inner_text()
        context.close()
