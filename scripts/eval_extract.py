"""Article extraction from Arabic news pages: trafilatura (what ``--extract article`` uses) against
readability-lxml, and the whole page (``--extract page``, the baseline), on the same pages in one run.

Pages: each NTREX-128 dev article in ``--shared-data`` (real news, professional Arabic translations;
not written for this project) wrapped in each of the page templates of
``translate/testing/html_samples.py`` (a portal with menu, ticker, ads, share bars and teasers; a blog
with sidebar, tags and comments; an old table-layout wire page) — body paragraphs of three sentences.

Per extractor: headline kept (share of pages), body recall (share of the gold body sentences found
whole in the extracted text), boilerplate leaked (share of the page's boilerplate strings — menu
items, teaser titles and summaries, ad labels, share bars, footer lines — found in the extracted
text), and seconds per page.

    .venv/bin/pip install -e '.[eval]'    # readability-lxml, the extractor compared
    .venv/bin/python scripts/eval_extract.py [--shared-data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.formats.html import HTML  # noqa: E402
from translate.formats.html_extract import extract_article  # noqa: E402
from translate.testing import html_samples  # noqa: E402

_SPACE = re.compile(r"\s+")
BOILERPLATE = [*html_samples._MENU, *(t for pair in html_samples._TEASERS for t in pair), "إعلان", "شارك:", "اقرأ أيضا", "جميع الحقوق محفوظة", "سياسة الخصوصية", "لا توجد تعليقات بعد.", "مجلس الوزراء يعقد جلسته الأسبوعية غدا"]


def normal(text: str) -> str:
    """Whitespace collapsed and Unicode NFC (trafilatura returns NFC: ``ًّ`` reordered is the same text)."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def trafilatura_text(page: bytes) -> str:
    return "\n".join(p.text for p in extract_article(page, "page.html").paragraphs)


def readability_text(page: bytes) -> str:
    from lxml import html as lxml_html
    from readability import Document

    document = Document(page.decode("utf-8"))
    body = lxml_html.fromstring(document.summary(html_partial=True)).text_content()
    return document.short_title() + "\n" + body


def whole_page_text(page: bytes) -> str:
    return "\n".join(p.text for p in HTML.read(page, "page.html").paragraphs)


EXTRACTORS = {"trafilatura (ours)": trafilatura_text, "readability-lxml": readability_text, "whole page (baseline)": whole_page_text}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared-data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    articles = [json.loads(line) for line in (args.shared_data / "ntrex-dev" / "articles.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    pages = []
    for article in articles:
        body = article["ar"][1:]
        paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
        for template in html_samples.TEMPLATES:
            pages.append((template, article["ar"][0], body, html_samples.news_page(article["ar"][0], paragraphs, template).encode("utf-8")))
    print(f"{len(pages)} pages ({len(articles)} NTREX dev articles × {len(html_samples.TEMPLATES)} templates)\n")
    print(f"{'extractor':24} {'template':8} {'headline':>8} {'body recall':>11} {'boilerplate':>11} {'s/page':>7}")
    for name, extract in EXTRACTORS.items():
        for template in (*html_samples.TEMPLATES, "all"):
            chosen = [p for p in pages if template in ("all", p[0])]
            headlines = sentences = found = leaked = 0
            started = time.perf_counter()
            for _, headline, body, page in chosen:
                text = normal(extract(page))
                headlines += normal(headline) in text
                sentences += len(body)
                found += sum(normal(sentence) in text for sentence in body)
                leaked += sum(marker in text for marker in BOILERPLATE)
            seconds = (time.perf_counter() - started) / len(chosen)
            print(f"{name:24} {template:8} {headlines / len(chosen):8.1%} {found / sentences:11.1%} {leaked / (len(BOILERPLATE) * len(chosen)):11.1%} {seconds:7.3f}")
        print()


if __name__ == "__main__":
    main()
