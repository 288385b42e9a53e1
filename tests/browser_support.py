"""Debian's Chromium, driven by Playwright, for the browser tests (and scripts/screenshot_review.py):
where it is, how it is started, and the skip when it is not installed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium; the test skips, saying why, without Chromium or Playwright."""
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium) to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed: pip install playwright")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_review(browser: Any, url: str, token: str, *, width: int = 1400, height: int = 1000, color_scheme: str = "light", console_errors: bool = True) -> tuple[Any, Any, list[str]]:
    """The review page of a server at ``url``, loaded: (context, page, problems the page met — page
    errors, dialogs, and with ``console_errors`` the console's errors)."""
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme)
    page = context.new_page()
    problems: list[str] = []
    if console_errors:
        page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(f"{url}/?token={token}")
    page.wait_for_selector("body[data-loaded]")
    return context, page, problems


def review_boxes(page: Any) -> list[str]:
    """The English in every segment's box, in order."""
    return page.eval_on_selector_all("#pairs tr.pair textarea", "boxes => boxes.map(b => b.value)")


def review_statuses(page: Any) -> list[str]:
    """Every segment's status (new, draft, confirmed, unsaved), in order."""
    return page.eval_on_selector_all("#pairs tr.pair", "rows => rows.map(r => r.dataset.status)")
