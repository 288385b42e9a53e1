"""The LibreTranslate API, route by route, in process (Starlette's TestClient) over the tiny real
Marian model: LibreTranslate's request shapes, answers and error texts, our extensions, limits,
API keys, HTML, files. The real-socket tests (libretranslatepy, load, slow bodies) are in
test_server_api_live.py."""

from __future__ import annotations

import json

import pytest

from translate.formats import DOCUMENT_SUFFIXES
from starlette.testclient import TestClient

from translate.engines import DecodingSettings, load_engine
from translate.glossary import Glossary, GlossaryEntry, TermMatcher
from translate.server.libretranslate import (
    CORS_HEADERS,
    ApiSettings,
    create_api_app,
    detect_languages,
)
from translate.server.limits import Limits, load_api_keys
from translate.server.serving import allowed_hosts

SENTENCE = "قال الرئيس إن الاجتماع كان مثمرا."
ARTICLE = "الرئيس في موسكو\n\nقال الرئيس إن الاجتماع كان مثمرا. وأضاف أن المحادثات ستستمر.\n\nCafé déjà vu in Paris.\n"
GLOSSARY = TermMatcher(Glossary((GlossaryEntry(("موسكو",), "Moscow", "", "place"),), ("test.tsv",), "sha256:test"))


@pytest.fixture(scope="module")
def engine(tiny_model_dir):
    # ct2 over the tiny model; six output tokens per sentence keeps a random model quick.
    return load_engine(str(tiny_model_dir), engine="ct2", settings=DecodingSettings(beam_size=2, length_ratio=0.0, length_extra=6, device="cpu"))


def client_for(engine, settings: ApiSettings = ApiSettings(), **options) -> TestClient:
    return TestClient(create_api_app(settings, engine, **options))


@pytest.fixture(scope="module")
def client(engine):
    with client_for(engine, ApiSettings(default_glossary="news"), glossaries={"news": GLOSSARY}) as test_client:
        yield test_client


def translate(client: TestClient, **fields):
    return client.post("/translate", json={"source": "ar", "target": "en", **fields})


# -- LibreTranslate's request shapes and answers --------------------------------------------------------
def test_a_json_string_gives_a_string_and_nothing_else(client) -> None:
    response = translate(client, q=SENTENCE)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"translatedText"}
    assert isinstance(body["translatedText"], str) and body["translatedText"]


def test_a_json_list_gives_a_list_in_order(client) -> None:
    texts = [SENTENCE, "Reuters", "", "وأضاف أن المحادثات ستستمر."]
    body = translate(client, q=texts).json()
    assert isinstance(body["translatedText"], list) and len(body["translatedText"]) == 4
    assert body["translatedText"][1] == "Reuters"  # English passes through untranslated
    assert body["translatedText"][2] == ""
    assert body["translatedText"][0] == translate(client, q=SENTENCE).json()["translatedText"]


@pytest.mark.parametrize("kind", ["urlencoded", "multipart"])
def test_form_bodies_are_read_like_json(client, kind) -> None:
    fields = {"q": SENTENCE, "source": "ar", "target": "en"}
    if kind == "urlencoded":
        response = client.post("/translate", data=fields)
    else:
        response = client.post("/translate", data=fields, files={"unused": ("x.bin", b"\x00")})
    assert response.status_code == 200, response.text
    assert response.json()["translatedText"] == translate(client, q=SENTENCE).json()["translatedText"]


def test_an_article_keeps_its_lines_and_english_passes_through(client) -> None:
    text = translate(client, q=ARTICLE).json()["translatedText"]
    lines = text.split("\n")
    assert len(lines) == 5 and lines[1] == lines[3] == ""  # headline, paragraph, the English line
    assert lines[4] == "Café déjà vu in Paris."


def test_answers_are_raw_utf8_json(client) -> None:
    response = translate(client, q=ARTICLE)
    assert response.headers["content-type"] == "application/json"
    assert "é".encode() in response.content and b"\\u" not in response.content


@pytest.mark.parametrize(
    ("q", "detected"),
    [
        (SENTENCE, {"confidence": 100.0, "language": "ar"}),
        ([SENTENCE, "وأضاف"], [{"confidence": 100.0, "language": "ar"}] * 2),
    ],
)
def test_source_auto_reports_the_detected_language(client, q, detected) -> None:
    body = translate(client, q=q, source="auto").json()
    assert body["detectedLanguage"] == detected


def test_english_text_with_source_auto_comes_back_as_sent(client) -> None:
    # LibreTranslate: detected en, then argostranslate's en→en IdentityTranslation (not a 400).
    response = translate(client, q="The talks will continue.", source="auto")
    assert (response.status_code, response.json()) == (200, {"translatedText": "The talks will continue.", "detectedLanguage": {"confidence": 100.0, "language": "en"}})


#: LibreTranslate's /languages for an ar→en argostranslate package: English first, then by name, and
#: each language its own target (IdentityTranslation).
LANGUAGE_LIST = [{"code": "en", "name": "English", "targets": ["en"]}, {"code": "ar", "name": "Arabic", "targets": ["ar", "en"]}]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"q": "The talks will continue.", "source": "en", "target": "en"}, {"translatedText": "The talks will continue."}),
        ({"q": SENTENCE, "source": "ar", "target": "ar"}, {"translatedText": SENTENCE}),
        ({"q": [SENTENCE, "وأضاف"], "source": "ar", "target": "ar"}, {"translatedText": [SENTENCE, "وأضاف"]}),
        ({"q": SENTENCE, "source": "auto", "target": "ar"}, {"translatedText": SENTENCE, "detectedLanguage": {"confidence": 100.0, "language": "ar"}}),
        ({"q": "<p>قال</p>", "source": "ar", "target": "ar", "format": "html"}, {"translatedText": "<p>قال</p>"}),
        ({"q": SENTENCE, "source": "ar", "target": "ar", "alternatives": 2}, {"translatedText": SENTENCE, "alternatives": []}),
        ({"q": [SENTENCE], "source": "ar", "target": "ar", "alternatives": 2}, {"translatedText": [SENTENCE], "alternatives": [[]]}),
    ],
    ids=["en-en", "ar-ar", "ar-ar-list", "auto-ar", "ar-ar-html", "ar-ar-alternatives", "ar-ar-list-alternatives"],
)
def test_identity_pairs_give_the_text_back_as_libretranslate_does(client, fields, expected) -> None:
    response = client.post("/translate", json=fields)
    assert (response.status_code, response.json()) == (200, expected)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        ([SENTENCE], [{"confidence": 100.0, "language": "ar"}]),
        (["The talks will continue."], [{"confidence": 100.0, "language": "en"}]),
        (["قالت وكالة رويترز (Reuters)"], [{"confidence": 68.2, "language": "ar"}, {"confidence": 31.8, "language": "en"}]),
        (["2026-12-01 ١٤"], [{"confidence": 0.0, "language": "ar"}]),
    ],
)
def test_detection_by_script(texts, expected) -> None:
    assert detect_languages(texts) == expected


def test_detect_route(client) -> None:
    response = client.post("/detect", data={"q": SENTENCE})
    assert (response.status_code, response.json()) == (200, [{"confidence": 100.0, "language": "ar"}])
    assert client.post("/detect", json={}).json() == {"error": "Invalid request: missing q parameter"}


def test_languages_accepts_a_get_with_a_form_body(client) -> None:
    response = client.request("GET", "/languages", content=b"", headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 200
    assert response.json() == LANGUAGE_LIST


def test_frontend_settings_and_health(client) -> None:
    settings = client.get("/frontend/settings").json()
    assert settings["charLimit"] == Limits().char_limit and settings["apiKeys"] is False and settings["supportedFilesFormat"] == [".txt", *DOCUMENT_SUFFIXES]
    assert settings["language"]["target"] == {"code": "en", "name": "English"}
    assert client.get("/health").json() == {"status": "ok"}  # exactly LibreTranslate's


def test_cors_headers_on_answers_errors_and_preflight(client) -> None:
    expected = {name.decode(): value.decode() for name, value in CORS_HEADERS}
    for response in (client.get("/languages"), translate(client), client.options("/translate")):
        assert {name: response.headers.get(name) for name in expected} == expected
    assert expected["access-control-allow-origin"] == "*"
    assert client.options("/translate").status_code == 200


# -- errors, LibreTranslate's texts ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"source": "ar", "target": "en"}, "Invalid request: missing q parameter"),
        ({"q": "", "source": "ar", "target": "en"}, "Invalid request: missing q parameter"),
        ({"q": [], "source": "ar", "target": "en"}, "Invalid request: missing q parameter"),
        ({"q": SENTENCE, "target": "en"}, "Invalid request: missing source parameter"),
        ({"q": SENTENCE, "source": "ar"}, "Invalid request: missing target parameter"),
        ({"q": SENTENCE, "source": "fr", "target": "en"}, "fr is not supported"),
        ({"q": SENTENCE, "source": "ar", "target": "de"}, "de is not supported"),
        ({"q": SENTENCE, "source": "en", "target": "ar"}, "Arabic (ar) is not available as a target language from English (en)"),
        ({"q": SENTENCE, "source": "ar", "target": "en", "format": "xml"}, "xml format is not supported"),
        ({"q": 5, "source": "ar", "target": "en"}, "Invalid request: q parameter must be a string or a list of strings"),
        ({"q": [["nested"]], "source": "ar", "target": "en"}, "Invalid request: q parameter must be a string or a list of strings"),
        ({"q": [SENTENCE, 7], "source": "ar", "target": "en"}, "Invalid request: q parameter must be a string or a list of strings"),
        ({"q": {"text": SENTENCE}, "source": "ar", "target": "en"}, "Invalid request: q parameter must be a string or a list of strings"),
        ({"q": SENTENCE, "source": 1, "target": "en"}, "Invalid request: source parameter must be a string"),
        ({"q": SENTENCE, "source": "ar", "target": "en", "alternatives": "many"}, "Invalid request: alternatives parameter is not a number"),
        ({"q": SENTENCE, "source": "ar", "target": "en", "alternatives": 9}, "Invalid request: alternatives parameter must be <= 8"),
        ({"q": SENTENCE, "source": "ar", "target": "en", "glossary": "sports"}, "Invalid request: glossary 'sports' is not loaded on this server (loaded: news)"),
        ({"q": [SENTENCE] * 100_000, "source": "ar", "target": "en"}, "Invalid request: request (100000) exceeds text limit (128)"),
    ],
)
def test_bad_requests_get_400_with_libretranslate_texts(client, fields, error) -> None:
    response = client.post("/translate", json=fields)
    assert (response.status_code, response.json()) == (400, {"error": error})


@pytest.mark.parametrize(
    ("content", "content_type", "error"),
    [
        (b'{"q": "x", "source":', "application/json", "Invalid JSON format"),
        (b'["q", "source"]', "application/json", "Invalid JSON format"),
        (b'{"q": "\xff\xfe", "source": "ar", "target": "en"}', "application/json", "Invalid JSON format"),
        (b"[" * 200_000 + b"]" * 200_000, "application/json", "Invalid JSON format"),
        (b'{"q": ' + b"1" * 5000 + b"}", "application/json", "Invalid JSON format"),
        (b"q=%FF%FE&source=ar&target=en", "application/x-www-form-urlencoded", "Invalid request: the form body is not valid UTF-8"),
        (b"q=\xff&source=ar&target=en", "application/x-www-form-urlencoded", "Invalid request: the form body is not valid UTF-8"),
        (b"&".join(b"f%d=1" % number for number in range(500)), "application/x-www-form-urlencoded", "Invalid request: more than 100 form fields"),
    ],
    ids=["truncated", "not-an-object", "invalid-utf8-json", "nested-200k", "huge-integer", "percent-invalid-utf8", "raw-invalid-utf8", "too-many-fields"],
)
def test_malformed_bodies_get_400(client, content, content_type, error) -> None:
    response = client.post("/translate", content=content, headers={"content-type": content_type})
    assert (response.status_code, response.json()) == (400, {"error": error})


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        # LibreTranslate checks the format before the pair (the pair is checked inside its try).
        ({"q": SENTENCE, "source": "en", "target": "ar", "format": "xml"}, "xml format is not supported"),
        ({"q": SENTENCE, "source": "auto", "target": "ar", "format": "pdf"}, "pdf format is not supported"),
        ({"q": SENTENCE, "source": "fr", "target": "en", "format": "xml"}, "fr is not supported"),
        ({"q": SENTENCE, "source": "ar", "target": "auto"}, "auto is not supported"),
        ({"q": "The talks will continue.", "source": "auto", "target": "ar"}, "Arabic (ar) is not available as a target language from English (en)"),
    ],
    ids=["format-before-pair", "format-before-pair-auto", "source-before-format", "target-auto", "auto-en-to-ar"],
)
def test_checks_come_in_libretranslates_order(client, fields, error) -> None:
    response = client.post("/translate", json=fields)
    assert (response.status_code, response.json()) == (400, {"error": error})


@pytest.mark.parametrize(
    ("query", "form", "expected"),
    [
        # Flask's request.values: the query string first, then the form.
        ("source=xx", {"q": SENTENCE, "source": "ar", "target": "en"}, (400, {"error": "xx is not supported"})),
        ("target=de", {"q": SENTENCE, "source": "ar", "target": "en"}, (400, {"error": "de is not supported"})),
        ("source=ar&target=en", {"q": SENTENCE}, (200, None)),
    ],
    ids=["query-source-wins", "query-target-wins", "query-fills-in"],
)
def test_a_form_reads_the_query_string_first(client, query, form, expected) -> None:
    response = client.post(f"/translate?{query}", data=form)
    assert (response.status_code, None if response.status_code == 200 else response.json()) == expected


def test_a_json_body_ignores_the_query_string(client) -> None:
    response = client.post("/translate?source=xx", json={"q": SENTENCE, "source": "ar", "target": "en"})
    assert response.status_code == 200


@pytest.mark.parametrize("content_type", ["text/plain", None, "application/octet-stream"])
def test_only_form_content_types_are_read_as_forms(client, content_type) -> None:
    # Flask leaves request.form empty for any other content type: LibreTranslate sees no q.
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/translate", content=b"q=%D9%82%D8%A7%D9%84&source=ar&target=en", headers=headers)
    assert (response.status_code, response.json()) == (400, {"error": "Invalid request: missing q parameter"})


def test_form_line_endings_are_normalised_before_the_char_limit(engine) -> None:
    # LibreTranslate counts characters after turning CRLF into LF (form bodies only).
    with client_for(engine, ApiSettings(limits=Limits(char_limit=7))) as limited:
        assert limited.post("/translate", data={"q": "أ\r\nب\r\nج\r\nد", "source": "ar", "target": "en"}).status_code == 200
        response = limited.post("/translate", json={"q": "أ\r\nب\r\nج\r\nد", "source": "ar", "target": "en"})
        assert response.json() == {"error": "Invalid request: request (10) exceeds text limit (7)"}


@pytest.mark.parametrize(
    ("q", "error"),
    [
        ("أ" * 11, "Invalid request: request (11) exceeds text limit (10)"),
        (["أ", "ب", "ج", "د"], "Invalid request: request (4) exceeds text limit (3)"),
        (["أ", "ب" * 12], "Invalid request: request (12) exceeds text limit (10)"),
    ],
)
def test_char_and_batch_limits(engine, q, error) -> None:
    with client_for(engine, ApiSettings(limits=Limits(char_limit=10, batch_limit=3))) as limited:
        response = translate(limited, q=q)
        assert (response.status_code, response.json()) == (400, {"error": error})
        assert translate(limited, q=["أ", "ب", "ج"]).status_code == 200


def test_a_body_over_the_cap_is_refused_while_it_is_read(engine) -> None:
    with client_for(engine, ApiSettings(limits=Limits(body_bytes=10_000))) as capped:
        declared = capped.post("/translate", content=b"x" * 10_001, headers={"content-type": "application/json"})
        assert declared.status_code == 413 and declared.headers["connection"] == "close"
        streamed = capped.post("/translate", content=iter([b"x" * 4096] * 4), headers={"content-type": "application/json"})  # chunked: no length
        assert streamed.status_code == 413
        assert streamed.json() == {"error": "Invalid request: the request body exceeds the limit (10000 bytes)"}
        assert translate(capped, q=SENTENCE).status_code == 200


def test_a_10_mb_body_is_refused_by_the_default_cap(client) -> None:
    response = client.post("/translate", content=b"[" + b'"x",' * (10 * 1024 * 1024 // 4) + b'"x"]', headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert translate(client, q=SENTENCE).status_code == 200


# -- our extensions ------------------------------------------------------------------------------------
def test_details_give_segments_quality_terms_origin_and_a_manifest(client, engine) -> None:
    body = translate(client, q=ARTICLE, details=True).json()
    segments = body["segments"]
    assert [segment["source"] for segment in segments] == ["الرئيس في موسكو", "قال الرئيس إن الاجتماع كان مثمرا.", "وأضاف أن المحادثات ستستمر.", "Café déjà vu in Paris."]
    assert [segment["origin"] for segment in segments] == ["mt", "mt", "mt", "passthrough"]
    assert [segment["tm"] for segment in segments] == [None] * 4
    assert all(0 <= segment["quality"]["score"] <= 100 and isinstance(segment["quality"]["flags"], list) for segment in segments)
    assert [term["required"] for term in segments[0]["terms"]] == ["Moscow"]
    assert segments[0]["terms"][0]["status"] in ("model", "repaired", "forced")
    assert body["manifest"]["model_id"] == engine.info.model_id and body["manifest"]["glossary"]["digest"] == "sha256:test"
    listed = translate(client, q=[SENTENCE, ARTICLE], details=True).json()["segments"]
    assert [len(view) for view in listed] == [1, 4]


@pytest.mark.parametrize(("glossary", "has_moscow"), [(None, True), ("news", True), ("none", False)])
def test_the_default_glossary_applies_unless_switched_off(client, glossary, has_moscow) -> None:
    fields = {"q": "وصل الوفد إلى موسكو."} | ({"glossary": glossary} if glossary else {})
    english = translate(client, **fields).json()["translatedText"]
    assert ("Moscow" in english) is has_moscow  # the random model never writes "Moscow" by itself


def test_alternatives_come_from_the_beam(client) -> None:
    body = translate(client, q=SENTENCE, alternatives=3).json()
    alternatives = body["alternatives"]
    assert 1 <= len(alternatives) <= 3 and len(set(alternatives)) == len(alternatives)
    assert body["translatedText"] not in alternatives and all(isinstance(text, str) and text for text in alternatives)
    listed = translate(client, q=[SENTENCE, "وأضاف"], alternatives=2).json()["alternatives"]
    assert len(listed) == 2 and all(isinstance(item, list) for item in listed)


@pytest.mark.parametrize("engine_name", ["ct2", "torch"])
def test_engines_give_n_best_lists(tiny_model_dir, engine_name) -> None:
    engine = load_engine(str(tiny_model_dir), engine=engine_name, settings=DecodingSettings(beam_size=2, length_ratio=0.0, length_extra=4, device="cpu"))
    lists = engine.alternatives([SENTENCE, "وأضاف"], 3)
    assert [len(texts) for texts in lists] == [3, 3]
    assert all(isinstance(text, str) for texts in lists for text in texts)
    assert engine.alternatives([], 3) == []


# -- HTML ----------------------------------------------------------------------------------------------
def test_html_keeps_markup_and_translates_text_nodes(client) -> None:
    page = '<p class="lead">قال الرئيس إن الاجتماع كان مثمرا.</p>\n<img alt="صورة" src="a.jpg"><script>var t = "عربي";</script><b>Reuters</b>'
    english = translate(client, q=page, format="html").json()["translatedText"]
    assert english.startswith('<p class="lead">') and english.endswith('</p>\n<img alt="صورة" src="a.jpg"><script>var t = "عربي";</script><b>Reuters</b>')
    inside = english[len('<p class="lead">') : english.index("</p>")]
    assert inside and not any("\u0600" <= char <= "\u06ff" for char in inside)
    assert "<" not in inside and ">" not in inside  # translations are escaped, never markup


def test_html_translates_a_sentence_whole_across_its_tags(engine) -> None:
    from tests.fakes import WordForWordEngine

    words = WordForWordEngine()
    with client_for(words) as fake:
        english = translate(fake, q='<p>قال <b>الرئيس</b> إن <a href="/m">الاجتماع</a> كان مثمرا.</p>', format="html").json()["translatedText"]
    assert english == '<p>en3 <b>en6</b> en2 <a href="/m">en8</a> en3 en5.</p>'
    assert [source for call in words.calls for source in call] == ["قال الرئيس إن الاجتماع كان مثمرا."]


# -- API keys and rate limits ---------------------------------------------------------------------------
@pytest.fixture()
def keys(tmp_path):
    path = tmp_path / "keys.txt"
    path.write_text("# newsroom keys\nopen-key\nsmall-key 2   # two a minute\n", encoding="utf-8")
    return load_api_keys(path)


def test_api_keys(engine, keys) -> None:
    with client_for(engine, ApiSettings(limits=Limits(req_limit=100)), api_keys=keys) as keyed:
        assert translate(keyed, q=SENTENCE, api_key="wrong").json() == {"error": "Invalid API key"}
        assert translate(keyed, q=SENTENCE, api_key="wrong").status_code == 403
        assert [translate(keyed, q=SENTENCE, api_key="small-key").status_code for _ in range(3)] == [200, 200, 429]
        assert translate(keyed, q=SENTENCE, api_key="small-key").json() == {"error": "Slowdown: 2 per 1 minute"}
        assert translate(keyed, q=SENTENCE, api_key="open-key").status_code == 200
        assert translate(keyed, q=SENTENCE).status_code == 200  # a key raises limits; none is needed
        assert keyed.post("/translate", data={"q": SENTENCE, "source": "ar", "target": "en", "api_key": "small-key"}).status_code == 429
        assert keyed.get("/frontend/settings").json()["apiKeys"] is True


def test_a_required_key(engine, keys) -> None:
    with client_for(engine, ApiSettings(limits=Limits(require_api_key=True)), api_keys=keys) as keyed:
        response = translate(keyed, q=SENTENCE)
        assert (response.status_code, response.json()) == (400, {"error": "Please contact the server operator to get an API key"})
        assert translate(keyed, q=SENTENCE, api_key="open-key").status_code == 200


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # LibreTranslate's limiter runs before its access_check: over the limit, a bad key is 429 too.
        ({"api_key": "wrong"}, (429, {"error": "Slowdown: 1 per 1 minute"})),
        ({}, (429, {"error": "Slowdown: 1 per 1 minute"})),
    ],
    ids=["bad-key", "no-key"],
)
def test_the_rate_limit_comes_before_the_key_check(engine, keys, fields, expected) -> None:
    with client_for(engine, ApiSettings(limits=Limits(req_limit=1)), api_keys=keys) as limited:
        assert translate(limited, q=SENTENCE).status_code == 200
        response = translate(limited, q=SENTENCE, **fields)
        assert (response.status_code, response.json()) == expected


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ("/download_file/00000000-0000-0000-0000-000000000000.a_en.txt", 429),  # LibreTranslate's limiter counts downloads
        ("/languages", 200),  # @limiter.exempt
        ("/frontend/settings", 200),  # @limiter.exempt
    ],
)
def test_which_routes_the_rate_limit_counts(engine, route, expected) -> None:
    with client_for(engine, ApiSettings(limits=Limits(req_limit=1))) as limited:
        limited.get(route)  # the route's one request this minute
        response = limited.get(route)
        assert response.status_code == expected
        # Each route has its own budget, as LibreTranslate's limiter keeps them.
        assert translate(limited, q=SENTENCE).status_code == 200
        assert translate(limited, q=SENTENCE).status_code == 429


@pytest.mark.parametrize("body", [{"json": {"q": "x", "s": "y", "source": "ar", "target": "en"}}, {"data": {"q": "x"}}])
def test_suggestions_are_refused_as_libretranslate_does_with_them_off(client, body) -> None:
    response = client.post("/suggest", **body)
    assert (response.status_code, response.json()) == (403, {"error": "Suggestions are disabled on this server."})
    assert client.get("/frontend/settings").json()["suggestions"] is False


def test_the_rate_limit_per_address_slides_over_a_minute(engine) -> None:
    now = [1000.0]
    with client_for(engine, ApiSettings(limits=Limits(req_limit=2)), clock=lambda: now[0]) as limited:
        assert [translate(limited, q=SENTENCE).status_code for _ in range(3)] == [200, 200, 429]
        assert limited.get("/languages").status_code == 200  # /languages is not counted, as in LibreTranslate
        now[0] += 61
        assert translate(limited, q=SENTENCE).status_code == 200


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("key 0\n", "line 1: the request limit '0' is not a positive whole number"),
        ("key ten\n", "line 1: the request limit 'ten' is not a positive whole number"),
        ("a\nkey 1 2\n", "line 2: expected a key and at most a request limit, found 3 fields"),
        ("key\nkey 5\n", "line 2: the key on this line is listed twice"),
        ("# only a comment\n\n", "holds no API key"),
    ],
)
def test_bad_keys_files_name_the_line(tmp_path, text, problem) -> None:
    from translate.errors import InputError

    path = tmp_path / "keys.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_api_keys(path)
    assert raised.value.problem == problem


# -- files ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "cp1256"])
def test_translate_file_and_download(client, encoding) -> None:
    upload = ARTICLE.replace("Café déjà vu in Paris.", "Reuters").encode(encoding)
    response = client.post("/translate_file", data={"source": "ar", "target": "en"}, files={"file": ("مقال 1.txt", upload, "text/plain")})
    assert response.status_code == 200, response.text
    url = response.json()["translatedFileUrl"]
    assert url.startswith("http://testserver/download_file/")
    download = client.get(url)
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    lines = download.content.decode("utf-8").split("\n")
    assert len(lines) == 6 and lines[4] == "Reuters" and lines[5] == ""


@pytest.mark.parametrize(
    ("files", "fields", "status", "error"),
    [
        ({"file": ("a.pdf", b"%PDF", "application/pdf")}, {"source": "ar", "target": "en"}, 400, "Invalid request: file format not supported"),
        ({}, {"source": "ar", "target": "en"}, 400, "Invalid request: missing file parameter"),
        ({"file": ("a.txt", SENTENCE.encode(), "text/plain")}, {"target": "en"}, 400, "Invalid request: missing source parameter"),
        ({"file": ("a.txt", b"\x00\x01binary", "text/plain")}, {"source": "ar", "target": "en"}, 400, "Invalid request: a.txt: looks like binary data (it contains NUL bytes), not text — pass a UTF-8 text file"),
        # LibreTranslate checks the languages before it reads the file.
        ({"file": ("a.txt", b"\x00\x01binary", "text/plain")}, {"source": "fr", "target": "en"}, 400, "fr is not supported"),
        ({"file": ("a.txt", b"\x00\x01binary", "text/plain")}, {"source": "ar", "target": "de"}, 400, "de is not supported"),
        ({"file": ("a.txt", SENTENCE.encode(), "text/plain")}, {"source": "en", "target": "ar"}, 400, "Arabic (ar) is not available as a target language from English (en)"),
    ],
)
def test_translate_file_errors(client, files, fields, status, error) -> None:
    response = client.post("/translate_file", data=fields, files=files or {"other": ("x", b"", "text/plain")})
    assert (response.status_code, response.json()) == (status, {"error": error})


@pytest.mark.parametrize(
    ("query", "fields", "error"),
    [
        # LibreTranslate reads request.form for /translate_file: the query string does not count.
        ("source=ar", {"target": "en"}, "Invalid request: missing source parameter"),
        ("target=en", {"source": "ar"}, "Invalid request: missing target parameter"),
    ],
)
def test_translate_file_reads_the_form_only(client, query, fields, error) -> None:
    response = client.post(f"/translate_file?{query}", data=fields, files={"file": ("a.txt", SENTENCE.encode(), "text/plain")})
    assert (response.status_code, response.json()) == (400, {"error": error})


def test_a_file_part_without_a_name_is_a_missing_file(client) -> None:
    # werkzeug's FileStorage is false without a file name, so LibreTranslate says "missing file".
    body = b'--b\r\nContent-Disposition: form-data; name="source"\r\n\r\nar\r\n--b\r\nContent-Disposition: form-data; name="target"\r\n\r\nen\r\n--b\r\nContent-Disposition: form-data; name="file"; filename=""\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n'
    response = client.post("/translate_file", content=body, headers={"content-type": "multipart/form-data; boundary=b"})
    assert (response.status_code, response.json()) == (400, {"error": "Invalid request: missing file parameter"})


@pytest.mark.parametrize(("source", "target", "name"), [("ar", "ar", "a_ar.txt"), ("en", "en", "a_en.txt")])
def test_translate_file_identity_pairs_give_the_file_back(client, source, target, name) -> None:
    upload = "سطر أول\n\nReuters\n"
    response = client.post("/translate_file", data={"source": source, "target": target}, files={"file": ("a.txt", upload.encode(), "text/plain")})
    assert response.status_code == 200, response.text
    url = response.json()["translatedFileUrl"]
    assert url.endswith("." + name)
    assert client.get(url).content.decode("utf-8") == upload


def test_unknown_downloads_are_404(client) -> None:
    assert client.get("/download_file/00000000-0000-0000-0000-000000000000.a_en.txt").status_code == 404
    assert client.get("/download_file/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_unknown_routes_and_methods_answer_json(client) -> None:
    assert client.get("/nowhere").json() == {"error": "Not Found"}
    response = client.get("/translate")
    assert (response.status_code, response.json()) == (405, {"error": "Method Not Allowed"})


def test_the_host_check_refuses_other_names(engine) -> None:
    with client_for(engine, hosts=allowed_hosts("127.0.0.1", 5000)) as checked:
        assert checked.get("/languages").status_code == 403  # TestClient's Host is "testserver"
        assert checked.get("/languages", headers={"host": "127.0.0.1:5000"}).status_code == 200


def test_answers_are_json_objects_throughout(client) -> None:
    response = translate(client, q=[SENTENCE])
    assert json.loads(response.content.decode("utf-8")) == response.json()


def test_a_translation_memory_is_reused_verbatim(engine, tmp_path) -> None:
    from translate.tm import MemoryLookup, TmEntry, TranslationMemory, tm_key

    path = tmp_path / "memory.sqlite3"
    with TranslationMemory(path) as memory:
        memory.add([TmEntry(SENTENCE, "The president said the meeting was fruitful.", tm_key(SENTENCE))])
    opened_in: list[str] = []

    def open_memory():
        import threading

        opened_in.append(threading.current_thread().name)
        return MemoryLookup.load(TranslationMemory(path, create=False))

    with client_for(engine, open_memory=open_memory) as remembering:
        body = translate(remembering, q=[SENTENCE, "وأضاف أن المحادثات ستستمر."], details=True).json()
    assert body["translatedText"][0] == "The president said the meeting was fruitful."
    assert [view[0]["origin"] for view in body["segments"]] == ["tm", "mt"]
    assert body["segments"][0][0]["tm"]["target"] == "The president said the meeting was fruitful."
    assert opened_in == ["translate-engine"]  # SQLite is used only by the thread that opened it


def test_the_sentence_cache_answers_repeated_sentences_from_the_engine_thread(engine, tmp_path) -> None:
    from translate.engines.cached import CachedEngine, TranslationCache

    cached = CachedEngine(engine, TranslationCache(tmp_path / "cache.sqlite3"))
    with client_for(cached) as cached_client:
        first = translate(cached_client, q="قال لافروف إن واشنطن رفضت.")
        assert first.status_code == 200
        misses = cached.misses
        again = translate(cached_client, q="قال لافروف إن واشنطن رفضت.")
        assert again.json()["translatedText"] == first.json()["translatedText"]
        assert cached.misses == misses and cached.hits >= 1
        with_alternatives = translate(cached_client, q="قال لافروف إن واشنطن رفضت.", alternatives=2)
        assert with_alternatives.status_code == 200 and isinstance(with_alternatives.json()["alternatives"], list)


def test_an_unpaired_surrogate_is_a_400_not_a_500(client) -> None:
    response = client.post("/translate", content=b'{"q": "\\ud800 \\u0645\\u0631\\u062d\\u0628\\u0627", "source": "ar", "target": "en"}', headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and "surrogate" in response.json()["error"]


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".html"])
def test_translate_file_answers_the_same_document_in_english(client, suffix) -> None:
    from translate.formats import format_of
    from translate.testing import docx_samples, odt_samples
    from translate.testing.html_samples import news_page

    upload = {".docx": docx_samples.sample_article, ".odt": odt_samples.sample_article}.get(suffix, lambda: news_page("عنوان الخبر", ["قال الوزير إن المحادثات مفيدة."]).encode())()
    response = client.post("/translate_file", data={"source": "ar", "target": "en"}, files={"file": (f"تقرير{suffix}", upload, "application/octet-stream")})
    assert response.status_code == 200, response.text
    url = response.json()["translatedFileUrl"]
    assert url.endswith(f"_en{suffix}")
    download = client.get(url)
    assert download.status_code == 200
    english = format_of(suffix).read(download.content, f"x{suffix}")
    original = format_of(suffix).read(upload, f"x{suffix}")
    assert len(english.paragraphs) == len(original.paragraphs)
    assert not any("\u0600" <= char <= "\u06ff" for paragraph in english.paragraphs for char in paragraph.text)
