"""Screenshot an HTML export in headless Chromium (Debian's ``chromium`` package, via Playwright).

    python scripts/screenshot_html.py out/ARTICLE.html docs/html-screenshot.png [--width 1280] [--height 900] [--full-page]

Used for the README's picture of the HTML export. Needs ``/usr/bin/chromium`` (apt-get install -y
chromium) and the ``playwright`` Python package; it never downloads a browser.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def screenshot(page_path: Path, image_path: Path, *, width: int, height: int, full_page: bool) -> list[str]:
    """Write the screenshot; return the page's console errors (an empty list when it is clean)."""
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, viewport={"width": width, "height": height}
        )
        page = context.new_page()
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(page_path.resolve().as_uri())
        page.wait_for_load_state("load")
        image_path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(image_path), full_page=full_page)
        context.close()
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("image", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--full-page", action="store_true")
    options = parser.parse_args()
    if not CHROMIUM.is_file():
        print(f"{CHROMIUM} is absent: apt-get install -y chromium", file=sys.stderr)
        return 1
    errors = screenshot(options.page, options.image, width=options.width, height=options.height, full_page=options.full_page)
    for error in errors:
        print(f"console error: {error}", file=sys.stderr)
    print(options.image)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
