"""The HTML export in a real headless Chromium (Debian's ``chromium``, driven by Playwright — never a
downloaded browser): no console errors, Arabic cells laid out right-to-left, the flagged-only filter,
hover linking of glossary partners, print styles, and a screenshot in tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest

from export_samples import sample_run
from translate.export import html

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory):
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium) to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed: pip install playwright")
    with sync_api.sync_playwright() as playwright:
        # launch_persistent_context is how Playwright takes --user-data-dir; headless=True adds --headless.
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


@pytest.fixture()
def loaded(context, tmp_path: Path):
    """The sample page opened from a file, with every console error, page error and dialog recorded."""
    path = tmp_path / "sample.html"
    path.write_text(html.render(sample_run()), encoding="utf-8")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    yield page, problems
    page.close()


def _visible_pairs(page) -> list[str]:
    return page.eval_on_selector_all("tr.pair", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.pair)")


def test_no_console_errors_and_no_script_from_the_article_runs(loaded) -> None:
    page, problems = loaded
    assert page.title() == "Lavrov: Washington refused coordination on Syria"
    assert page.inner_text("#pair-5 td.tgt") == 'The source said <script>alert("x")</script> & ended'
    assert problems == []


@pytest.mark.parametrize(
    ("selector", "direction", "align"),
    [("#pair-2 td.src", "rtl", "right"), ("#pair-2 td.tgt", "ltr", "left"), ("#pair-1 td.src", "ltr", "left"), ("#pair-0 td.src h1", "rtl", "right")],
)
def test_computed_direction(loaded, selector: str, direction: str, align: str) -> None:
    page, _ = loaded
    style = page.eval_on_selector(selector, "el => { const s = getComputedStyle(el); return [s.direction, s.textAlign]; }")
    assert style[0] == direction
    assert style[1] in (align, "start")  # "start" of an rtl box is its right edge


def test_arabic_text_starts_at_the_right_edge(loaded) -> None:
    page, _ = loaded
    cell, text = page.eval_on_selector(
        "#pair-3 td.src p", "el => { const r = document.createRange(); r.selectNodeContents(el); return [el.getBoundingClientRect().right, r.getBoundingClientRect().right]; }"
    )
    assert abs(cell - text) < 2


def test_flagged_only_filter(loaded) -> None:
    page, problems = loaded
    everything = [str(pair.id) for pair in sample_run().pairs]
    assert _visible_pairs(page) == everything
    page.check("#flagged-only")
    assert _visible_pairs(page) == ["2", "4"]
    assert page.eval_on_selector_all("tbody.section", "bs => bs.filter(b => b.offsetParent !== null).length") == 2
    page.uncheck("#flagged-only")
    assert _visible_pairs(page) == everything
    assert problems == []


def test_hovering_a_term_lights_up_its_partner(loaded) -> None:
    page, _ = loaded
    partner = 'mark[data-term="t0-0"][data-side="target"]'
    assert "linked" not in page.get_attribute(partner, "class")
    page.hover('mark[data-term="t0-0"][data-side="source"]')
    assert "linked" in page.get_attribute(partner, "class")
    assert "linked" not in page.get_attribute('mark[data-term="t0-1"][data-side="target"]', "class")
    page.mouse.move(0, 0)
    assert "linked" not in page.get_attribute(partner, "class")


def test_print_media_hides_the_controls(loaded) -> None:
    page, _ = loaded
    page.emulate_media(media="print")
    assert page.eval_on_selector("header.toolbar label", "el => getComputedStyle(el).display") == "none"
    assert page.eval_on_selector("header.toolbar", "el => getComputedStyle(el).position") == "static"
    page.emulate_media(media="screen")


def test_screenshot_artifact(loaded) -> None:
    page, _ = loaded
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "html-sample.png"
    page.screenshot(path=str(target), full_page=True)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
