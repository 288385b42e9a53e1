"""The API's web page at / in a real headless Chromium against a real uvicorn on 127.0.0.1 with the tiny
model: paste Arabic, see the English and each sentence with its score, flags and glossary names, copy
it, download the bilingual TSV; upload a file; no request leaves the page's own origin."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.engines import DecodingSettings, load_engine
from translate.glossary import TermMatcher, load_glossary
from translate.server.libretranslate import ApiSettings, create_api_app
from translate.server.serving import ServerThread

pytestmark = pytest.mark.browser

ARTICLE = "قال لافروف إن واشنطن رفضت التنسيق.\n\nوأكد لافروف أن بلاده لم تتلق طلبات."




@pytest.fixture(scope="module")
def server(tiny_model_dir, tmp_path_factory):
    names = tmp_path_factory.mktemp("glossary") / "news.tsv"
    names.write_text("ar\ten\nلافروف\tLavrov\n", encoding="utf-8")
    engine = load_engine(str(tiny_model_dir), engine="ct2", settings=DecodingSettings(beam_size=1, length_ratio=0.0, length_extra=4, device="cpu"))
    app = create_api_app(ApiSettings(default_glossary="news"), engine, glossaries={"news": TermMatcher(load_glossary([names]))})
    with ServerThread.start(app) as running:
        yield running


def test_paste_translate_see_sentences_copy_and_download(browser, server, tmp_path: Path) -> None:
    context = browser.new_context(accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    page = context.new_page()
    problems, foreign = [], []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: foreign.append(request.url) if not request.url.startswith((server.url, "blob:", "data:")) else None)
    page.goto(server.url + "/")
    page.wait_for_selector("body[data-ready]")
    assert page.eval_on_selector_all("#glossary option", "options => options.map(o => o.value)") == ["", "none", "news"]
    page.fill("#arabic", ARTICLE)
    page.click("#go")
    page.wait_for_function("() => document.getElementById('status').textContent.startsWith('done')")
    english = page.text_content("#english")
    assert english.count("Lavrov") >= 2 and not any("\u0600" <= char <= "\u06ff" for char in english)
    rows = page.locator("#segments tbody tr")
    assert rows.count() == 2
    assert rows.first.locator("td.ar mark").first.text_content() == "لافروف"
    assert "Lavrov" in rows.first.locator("td.en mark").first.text_content()
    assert rows.first.locator(".score").count() == 1
    page.click("#copy")
    page.wait_for_function("() => document.getElementById('status').textContent.length > 0")
    assert page.evaluate("() => navigator.clipboard.readText()") == english
    with page.expect_download() as info:
        page.click("#download-tsv")
    lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id\tar\ten\tscore\tflags" and len(lines) == 3 and "لافروف" in lines[1]
    upload = tmp_path / "note.txt"
    upload.write_text(ARTICLE, encoding="utf-8")
    page.set_input_files("#file", str(upload))
    page.click("#go")
    page.wait_for_selector("#download-file:not([hidden])")
    assert page.text_content("#download-file") == "download note_en.txt"
    assert problems == [] and foreign == []
    context.close()
