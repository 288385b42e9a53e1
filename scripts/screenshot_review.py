"""Screenshots of the review page for docs/review.md: the page, its search panel, the archive view.

    .venv/bin/python scripts/screenshot_review.py [--out docs]

Serves two sample runs (the test suite's sample article and a longer one) from a temporary folder on
127.0.0.1, drives the page in Debian's headless Chromium (``/usr/bin/chromium``, via Playwright; it never
downloads a browser), and writes ``review-screenshot.png``, ``review-search.png`` and
``review-archive.png``. Exits 1 with the page's errors if it logged any.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from export_samples import sample_run  # noqa: E402
from browser_support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from test_browser_review_editor import TOKEN, long_run, write_run  # noqa: E402
from translate.server.review import ReviewSettings, create_review_app  # noqa: E402
from translate.server.review_store import ReviewStore  # noqa: E402
from translate.server.serving import ServerThread  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        write_run(Path(folder) / "lavrov.jsonl", sample_run())
        write_run(Path(folder) / "desk" / "washington.jsonl", long_run(5))
        store = ReviewStore([Path(folder)], "R. Haddad")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        with ServerThread.start(create_review_app(store, ReviewSettings(token=TOKEN))) as server:
            page = browser.new_page(viewport={"width": 1360, "height": 820})
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{server.url}/?token={TOKEN}")
            page.wait_for_selector("body[data-loaded]")
            page.select_option("#run", "desk~washington")
            page.wait_for_function("() => document.body.dataset.loaded === 'desk~washington'")
            box = page.locator("#pairs textarea").nth(1)
            box.focus()
            page.keyboard.press("End")
            page.keyboard.type(" on Tuesday.")
            page.keyboard.press("Control+Enter")
            page.wait_for_selector("#pairs tr.pair[data-status=confirmed]")
            page.keyboard.press("End")
            page.keyboard.type("  it said")
            page.wait_for_timeout(600)
            page.screenshot(path=str(args.out / "review-screenshot.png"))
            page.keyboard.press("Control+f")
            page.locator("#search-side").select_option("source")
            page.locator("#search-find").fill("واشنطن")
            page.keyboard.press("Enter")
            page.wait_for_function("() => document.getElementById('search-status').textContent.includes('match')")
            page.locator("#search-replace").fill("the United States")
            page.screenshot(path=str(args.out / "review-search.png"))
            page.locator("#search-close").click()
            page.keyboard.press("Escape")
            page.locator("#show-archive").click()
            page.wait_for_selector("#archive:not([hidden]) tr.archive-run")
            page.screenshot(path=str(args.out / "review-archive.png"))
        browser.close()
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    print(f"wrote {args.out}/review-screenshot.png, review-search.png, review-archive.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
