"""LibreTranslate's own API tests, run unchanged over HTTP against `translate serve`'s app.

The ``test_api_*.py`` files beside this one are copied verbatim from LibreTranslate
(github.com/LibreTranslate/LibreTranslate, commit 39429cbe7f27987fc0ba771c4ad060d6321423ff,
``libretranslate/tests/test_api/``), under its licence, the GNU AGPL v3 (``LICENSE`` here); they are test
data for this project, not part of the package. LibreTranslate's own ``conftest.py`` builds its Flask
app; this one is the transport adapter instead: its ``client`` fixture has the Flask test client's
``get``/``post`` and answers with ``status_code``, ``data`` and ``json``, sent over a real connection to
a real uvicorn on 127.0.0.1 serving the tiny test model.

Two originals translate English into Spanish, a pair this server does not have (it answers 400 "es is
not supported"): they are reported as n/a (skipped, with the reason), and
``test_adapted_ar_en.py`` runs the same checks on Arabic into English.
"""

from __future__ import annotations

import json as jsonlib
from pathlib import Path
from typing import Any

import httpx
import pytest

from translate.engines import DecodingSettings, load_engine
from translate.server.libretranslate import ApiSettings, create_api_app
from translate.server.serving import ServerThread

HERE = Path(__file__).resolve().parent
#: Originals that need a language pair this server lacks, and why.
NOT_APPLICABLE = {
    "test_api_translate": "needs English → Spanish; this server translates Arabic → English (adapted: test_adapted_ar_en.py)",
    "test_api_translate_batch": "needs English → Spanish; this server translates Arabic → English (adapted: test_adapted_ar_en.py)",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath))
        if path.parent == HERE and path.name == "test_api_translate.py" and item.name in NOT_APPLICABLE:
            item.add_marker(pytest.mark.skip(reason="n/a: " + NOT_APPLICABLE[item.name]))


class Answer:
    """What LibreTranslate's tests read of a Flask test response."""

    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.data = response.content
        self.headers = response.headers

    @property
    def json(self) -> Any:
        return jsonlib.loads(self.data)


class HttpClient:
    """The Flask test client's ``get``/``post`` over HTTP."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=60)

    def get(self, path: str, **kwargs: Any) -> Answer:
        return Answer(self.http.get(path, **kwargs))

    def post(self, path: str, data: Any = None, json: Any = None, **kwargs: Any) -> Answer:
        return Answer(self.http.post(path, data=data, json=json, **kwargs))


@pytest.fixture(scope="session")
def libretranslate_server(tiny_model_dir):
    engine = load_engine(str(tiny_model_dir), engine="ct2", settings=DecodingSettings(beam_size=1, length_ratio=0.0, length_extra=4, device="cpu"))
    with ServerThread.start(create_api_app(ApiSettings(), engine)) as server:
        yield server


@pytest.fixture()
def client(libretranslate_server):
    client = HttpClient(libretranslate_server.url)
    yield client
    client.http.close()
