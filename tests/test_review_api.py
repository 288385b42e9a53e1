"""The review server's API, in process (Starlette's TestClient): token and Host checks, saves into
NAME.post-edit.jsonl, version conflicts, bad requests, a full disk; and what the edits feed — `translate
eval RUN POST-EDIT` and `translate export --post-edits`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree
from starlette.testclient import TestClient
from typer.testing import CliRunner

from export_samples import sample_run
from translate.cli import app
from translate.postedit import post_edit_path, read_post_edits
from translate.records import read_run, run_to_jsonl
from translate.server.review import MAX_BODY, ReviewSettings, create_review_app
from translate.server.review_store import ReviewStore
from translate.server.serving import allowed_hosts
from translate.testing.corpora import schemas_dir

TOKEN = "test-token-1234"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SCHEMAS = schemas_dir()  # the repository's data/schemas


@pytest.fixture()
def run_path(tmp_path: Path) -> Path:
    path = tmp_path / "article.jsonl"
    path.write_text(run_to_jsonl(sample_run()), encoding="utf-8")
    return path


def _client(run_path: Path, editor: str = "Editor A", hosts: frozenset[str] = frozenset()) -> TestClient:
    store = ReviewStore([run_path], editor)
    return TestClient(create_review_app(store, ReviewSettings(token=TOKEN, hosts=hosts)))


@pytest.fixture()
def client(run_path: Path) -> TestClient:
    return _client(run_path)


def _translated_ids(run_path: Path) -> list[int]:
    return [pair.id for pair in read_run(run_path).pairs if not pair.passthrough]


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", "/api/runs", {}),
        ("GET", "/api/runs", {"Authorization": "Bearer wrong-token"}),
        ("GET", "/api/runs", {"Authorization": TOKEN}),
        ("GET", "/api/runs/article", {"Authorization": "Basic " + TOKEN}),
        ("PUT", "/api/runs/article/segments/0", {}),
        ("GET", "/?token=wrong", {}),
        ("GET", "/", {}),
        ("GET", "/api/runs?token=" + TOKEN, {}),  # the query token opens the page only
    ],
)
def test_requests_without_the_token_get_403(client: TestClient, method: str, path: str, headers: dict[str, str]) -> None:
    response = client.request(method, path, headers=headers, json={"target": "x", "base": None})
    assert response.status_code == 403
    assert "token" in response.json()["error"]


def test_the_page_opens_with_the_token_in_its_address_and_pins_its_script(client: TestClient) -> None:
    response = client.get(f"/?token={TOKEN}")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'sha256-" in policy and "connect-src 'self'" in policy and "default-src 'none'" in policy
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "<script>" in response.text and "Ctrl" in response.text


def test_a_foreign_host_header_is_refused(run_path: Path) -> None:
    client = _client(run_path, hosts=allowed_hosts("127.0.0.1", 8123))
    assert client.get("/api/runs", headers={**AUTH, "Host": "127.0.0.1:8123"}).status_code == 200
    refused = client.get("/api/runs", headers={**AUTH, "Host": "attacker.example:8123"})
    assert refused.status_code == 403 and "Host" in refused.json()["error"]


def test_runs_list_and_article_carry_post_edits_and_versions(client: TestClient, run_path: Path) -> None:
    run = read_run(run_path)
    words = sum(len(re.findall(r"\w+", pair.source)) for pair in run.pairs)
    listing = client.get("/api/runs", headers=AUTH).json()
    assert listing == [{"run": "article", "name": "article", "segments": len(run.pairs), "confirmed": 0, "edited": 0, "words": words, "confirmed_words": 0, "hter": None}]
    first = _translated_ids(run_path)[0]
    assert client.put(f"/api/runs/article/segments/{first}", headers=AUTH, json={"target": "Edited.", "base": None}).json()["version"] == 1
    data = client.get("/api/runs/article", headers=AUTH).json()
    assert data["manifest"]["input_sha256"] == run.manifest.input_sha256
    by_id = {pair["id"]: pair for pair in data["pairs"]}
    assert (by_id[first]["post_edit"], by_id[first]["version"], by_id[first]["confirmed"]) == ("Edited.", 1, True)
    others = [pair for pair in data["pairs"] if pair["id"] != first]
    assert all(pair["post_edit"] is None and pair["version"] is None for pair in others)
    assert [pair["target"] for pair in data["pairs"]] == [pair.target for pair in run.pairs]
    after = client.get("/api/runs", headers=AUTH).json()[0]
    assert (after["confirmed"], after["confirmed_words"]) == (1, len(re.findall(r"\w+", run.pairs[first].source)))


def test_a_put_appends_a_record_and_a_stale_base_gets_409(client: TestClient, run_path: Path) -> None:
    pair_id = _translated_ids(run_path)[1]
    url = f"/api/runs/article/segments/{pair_id}"
    first = client.put(url, headers=AUTH, json={"target": "First tab.", "base": None, "seconds": 4.5, "keystrokes": 12})
    assert first.status_code == 200 and first.json()["version"] == 1
    second = client.put(url, headers=AUTH, json={"target": "Second tab.", "base": None})
    assert second.status_code == 409
    assert second.json()["current"]["post_edit"] == "First tab." and second.json()["current"]["version"] == 1
    third = client.put(url, headers=AUTH, json={"target": "Second tab, merged.", "base": 1, "confirmed": False})
    assert third.json()["version"] == 2
    edits = read_post_edits(post_edit_path(run_path), run_path)
    assert edits.header.editor == "Editor A"
    assert [(e.id, e.post_edit, e.version, e.confirmed, e.seconds, e.keystrokes) for e in edits.records] == [
        (pair_id, "First tab.", 1, True, 4.5, 12),
        (pair_id, "Second tab, merged.", 2, False, 0.0, 0),
    ]
    original = next(pair for pair in read_run(run_path).pairs if pair.id == pair_id)
    assert all(record.mt == original.target for record in edits.records)


def test_the_run_file_itself_is_never_changed(client: TestClient, run_path: Path) -> None:
    before = run_path.read_bytes()
    for pair_id in _translated_ids(run_path):
        client.put(f"/api/runs/article/segments/{pair_id}", headers=AUTH, json={"target": f"Edit {pair_id}", "base": None})
    assert run_path.read_bytes() == before


def test_reopening_restores_every_edit(run_path: Path) -> None:
    ids = _translated_ids(run_path)[:3]
    client = _client(run_path)
    for number, pair_id in enumerate(ids):
        client.put(f"/api/runs/article/segments/{pair_id}", headers=AUTH, json={"target": f"Saved {number}", "base": None})
    reopened = _client(run_path, editor="Editor B")
    pairs = {pair["id"]: pair for pair in reopened.get("/api/runs/article", headers=AUTH).json()["pairs"]}
    assert [pairs[pair_id]["post_edit"] for pair_id in ids] == ["Saved 0", "Saved 1", "Saved 2"]
    assert reopened.put(f"/api/runs/article/segments/{ids[0]}", headers=AUTH, json={"target": "B's", "base": 1}).json()["version"] == 2
    assert read_post_edits(post_edit_path(run_path)).latest[ids[0]].editor == "Editor B"


@pytest.mark.parametrize(
    ("path", "body", "status", "fragment"),
    [
        ("/api/runs/article/segments/999", {"target": "x", "base": None}, 404, "no segment 999"),
        ("/api/runs/article/segments/abc", {"target": "x", "base": None}, 404, "no segment"),
        ("/api/runs/other/segments/0", {"target": "x", "base": None}, 404, "no run named"),
        ("/api/runs/article/segments/0", {"target": 42, "base": None}, 400, "'target' must be a string"),
        ("/api/runs/article/segments/0", {"target": ["a"], "base": None}, 400, "'target' must be a string"),
        ("/api/runs/article/segments/0", {"base": None}, 400, "'target' must be a string"),
        ("/api/runs/article/segments/0", {"target": "x", "base": "1"}, 400, "'base'"),
        ("/api/runs/article/segments/0", {"target": "x", "base": None, "confirmed": "yes"}, 400, "'confirmed'"),
        ("/api/runs/article/segments/0", {"target": "x", "base": None, "seconds": -1}, 400, "'seconds'"),
        ("/api/runs/article/segments/0", [1, 2], 400, "JSON object"),
    ],
)
def test_bad_saves_get_a_one_line_json_error_and_the_server_stays_up(client: TestClient, path: str, body: object, status: int, fragment: str) -> None:
    response = client.put(path, headers=AUTH, json=body)
    assert response.status_code == status
    message = response.json()["error"]
    assert fragment in message and "\n" not in message
    assert client.get("/api/runs", headers=AUTH).status_code == 200


@pytest.mark.parametrize("payload", [b"{not json", b"\xff\xfe{}", b""])
def test_invalid_json_is_400(client: TestClient, payload: bytes) -> None:
    response = client.put("/api/runs/article/segments/0", headers={**AUTH, "Content-Type": "application/json"}, content=payload)
    assert response.status_code == 400 and "JSON" in response.json()["error"]


def test_a_10_mb_body_is_413_and_nothing_is_saved(client: TestClient, run_path: Path) -> None:
    body = json.dumps({"target": "x" * (10 << 20), "base": None})
    assert len(body) > MAX_BODY
    response = client.put("/api/runs/article/segments/0", headers=AUTH, content=body)
    assert response.status_code == 413 and "over" in response.json()["error"]
    assert read_post_edits(post_edit_path(run_path)).records == ()
    assert client.get("/api/runs", headers=AUTH).status_code == 200


def test_a_full_disk_is_507_and_the_edit_is_not_recorded(client: TestClient, run_path: Path, full_disk) -> None:
    response = client.put("/api/runs/article/segments/0", headers=AUTH, json={"target": "Lost?", "base": None})
    assert response.status_code == 507 and "disk is full" in response.json()["error"]
    full_disk()  # room again
    assert read_post_edits(post_edit_path(run_path)).records == ()
    # The page keeps the text and saves again once there is room: the version it sends is still null.
    assert client.put("/api/runs/article/segments/0", headers=AUTH, json={"target": "Lost?", "base": None}).json()["version"] == 1


def test_check_reports_segment_hter_dropped_terms_and_changed_numbers(client: TestClient, run_path: Path) -> None:
    run = read_run(run_path)
    pair = next(p for p in run.pairs if any(term.enforce and term.target_start is not None for term in p.terms))
    required = next(term.required for term in pair.terms if term.enforce)
    draft = pair.target.replace(required, "Someone") + " 1999"
    result = client.post(f"/api/runs/article/segments/{pair.id}/check", headers=AUTH, json={"target": draft}).json()
    assert required in result["dropped_terms"]
    assert result["changed_numbers"] == ["1999"]
    assert result["hter"] > 0 and result["article"]["segments"] == 1
    unchanged = client.post(f"/api/runs/article/segments/{pair.id}/check", headers=AUTH, json={"target": pair.target}).json()
    assert (unchanged["hter"], unchanged["dropped_terms"], unchanged["changed_numbers"]) == (0.0, [], [])


def _edit_three(client: TestClient, run_path: Path) -> dict[int, str]:
    run = read_run(run_path)
    chosen = [pair for pair in run.pairs if not pair.passthrough][:3]
    edits = {chosen[0].id: chosen[0].target + " indeed", chosen[1].id: "Completely different words here.", chosen[2].id: chosen[2].target}
    for pair_id, text in edits.items():
        assert client.put(f"/api/runs/article/segments/{pair_id}", headers=AUTH, json={"target": text, "base": None}).status_code == 200
    return edits


def test_eval_scores_the_machine_against_the_post_edits_and_matches_the_server(client: TestClient, run_path: Path) -> None:
    edits = _edit_three(client, run_path)
    result = CliRunner().invoke(app, ["eval", str(run_path), str(post_edit_path(run_path)), "--format", "json", "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [segment["id"] for segment in document["segments"]] == sorted(edits)
    assert document["edits"]["segments"] == 3 and document["edits"]["untouched"] == 1
    article = client.get("/api/runs/article", headers=AUTH).json()
    assert document["edits"]["hter"] == pytest.approx(article["article"]["hter"], abs=1e-3)
    by_id = {pair["id"]: pair for pair in article["pairs"]}
    for segment in document["segments"]:
        assert segment["hter"] == pytest.approx(by_id[segment["id"]]["check"]["hter"], abs=1e-3)
    assert document["ter"] == pytest.approx(document["edits"]["hter"])


def test_eval_refuses_a_post_edit_file_from_another_run(client: TestClient, run_path: Path, tmp_path: Path) -> None:
    _edit_three(client, run_path)
    other = tmp_path / "other.jsonl"
    other.write_text(run_path.read_text(encoding="utf-8").replace('"tool_version"', '"note": "rerun", "tool_version"', 1), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(other), str(post_edit_path(run_path))])
    assert result.exit_code == 1
    assert "was made for another version of the run" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_export_post_edits_writes_the_edited_article_beside_the_machine_one(client: TestClient, run_path: Path) -> None:
    edits = _edit_three(client, run_path)
    result = CliRunner().invoke(app, ["export", str(run_path), "--post-edits", str(post_edit_path(run_path)), "-q"])
    assert result.exit_code == 0, result.output
    folder = run_path.parent
    assert sorted(p.name for p in folder.glob("article.edited.*")) == ["article.edited.docx", "article.edited.en.txt", "article.edited.tmx", "article.edited.xlf"]
    text = (folder / "article.edited.en.txt").read_text(encoding="utf-8")
    assert "Completely different words here." in text
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    xliff = etree.parse(str(folder / "article.edited.xlf"))
    run = read_run(run_path)
    for pair in run.pairs:
        unit = xliff.find(f".//x:trans-unit[@id='{pair.id}']", ns)
        target = unit.find("x:target", ns)
        if pair.id in edits:
            assert (target.text, target.get("state")) == (edits[pair.id], "translated")
            alternative = unit.find("x:alt-trans/x:target", ns)
            assert (alternative.text, alternative.get("state-qualifier")) == (pair.target, "leveraged-mt")
        elif not pair.passthrough:
            assert (target.get("state"), target.get("state-qualifier")) == ("needs-review-translation", "leveraged-mt")
    if (SCHEMAS / "xliff-core-1.2-strict.xsd").is_file():
        schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd")))
        assert schema.validate(xliff), schema.error_log
    tmx = etree.parse(str(folder / "article.edited.tmx"))
    units = tmx.findall(".//tu")
    assert [int(unit.get("tuid")) for unit in units] == sorted(edits)
    assert all(unit.get("changeid") == "Editor A" and len(unit.get("changedate")) == 16 for unit in units)
    if (SCHEMAS / "tmx14.dtd").is_file():
        dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
        assert dtd.validate(tmx.getroot()), dtd.error_log
    # Evaluating the edited XLIFF alone (as a CAT tool would hand it back) gives the same HTER.
    from_xliff = CliRunner().invoke(app, ["eval", str(folder / "article.edited.xlf"), "--format", "json", "--bootstrap", "0"])
    from_log = CliRunner().invoke(app, ["eval", str(run_path), str(post_edit_path(run_path)), "--format", "json", "--bootstrap", "0"])
    untouched_units = len(run.pairs) - len(edits)
    assert json.loads(from_xliff.stdout)["edits"]["segments"] == len(edits) + untouched_units
    assert json.loads(from_log.stdout)["edits"]["segments"] == len(edits)


def test_with_a_memory_every_confirmed_segment_is_written_to_it(run_path: Path, tmp_path: Path) -> None:
    from translate.server.review_memory import memory_writer
    from translate.tm import MemoryLookup, TranslationMemory

    memory_path = tmp_path / "desk.sqlite3"
    store = ReviewStore([run_path], "Editor A", on_confirm=memory_writer(memory_path, "Editor A"))
    client = TestClient(create_review_app(store, ReviewSettings(token=TOKEN)))
    first, second = _translated_ids(run_path)[:2]
    client.put(f"/api/runs/article/segments/{first}", headers=AUTH, json={"target": "Confirmed English.", "base": None, "confirmed": True})
    client.put(f"/api/runs/article/segments/{second}", headers=AUTH, json={"target": "Only saved.", "base": None, "confirmed": False})
    with TranslationMemory(memory_path) as memory:
        entries = list(memory.entries())
        assert [(entry.target, entry.provenance.editor) for entry in entries] == [("Confirmed English.", "Editor A")]
        source = next(pair.source for pair in read_run(run_path).pairs if pair.id == first)
        assert entries[0].source == source
        best = MemoryLookup.load(memory).match(source)
        assert best.exact is not None and best.exact.target == "Confirmed English."
    # Confirming again with other words replaces the entry (newest wins), as a CAT tool's memory does.
    client.put(f"/api/runs/article/segments/{first}", headers=AUTH, json={"target": "Confirmed, then improved.", "base": 1})
    with TranslationMemory(memory_path) as memory:
        assert [entry.target for entry in memory.entries()] == ["Confirmed, then improved."]


def test_a_memory_that_cannot_be_written_does_not_fail_the_save(run_path: Path) -> None:
    from translate.errors import OutputError

    def locked(run, pair, edit) -> None:
        raise OutputError("desk.sqlite3", "the translation memory is locked by another process", "wait and confirm again")

    client = TestClient(create_review_app(ReviewStore([run_path], "E", on_confirm=locked), ReviewSettings(token=TOKEN)))
    pair_id = _translated_ids(run_path)[0]
    response = client.put(f"/api/runs/article/segments/{pair_id}", headers=AUTH, json={"target": "Kept.", "base": None})
    assert response.status_code == 200 and "locked" in response.json()["memory_error"]
    assert read_post_edits(post_edit_path(run_path)).latest[pair_id].post_edit == "Kept."


def test_eval_text_names_segments_as_the_page_numbers_them(client: TestClient, run_path: Path) -> None:
    edits = _edit_three(client, run_path)
    result = CliRunner().invoke(app, ["eval", str(run_path), str(post_edit_path(run_path)), "--bootstrap", "0", "--segments"])
    rows = result.stdout.split("segment\t", 1)[1].splitlines()[1:]
    # The pair id, as the page, the TSV, XLIFF and TMX exports name each segment.
    assert [int(row.split("\t")[0]) for row in rows] == sorted(edits)


def test_the_same_run_named_twice_is_served_once(run_path: Path) -> None:
    store = ReviewStore([run_path, run_path.parent / "." / run_path.name], "E")
    assert list(store.runs) == ["article"]


@pytest.mark.parametrize("raw", ["%C2%B2", "%D9%A1", "-1", "1.0", "0x1"])
def test_ids_that_are_not_plain_ascii_digits_are_404(client: TestClient, raw: str) -> None:
    response = client.post(f"/api/runs/article/segments/{raw}/check", headers=AUTH, json={"target": "x"})
    assert response.status_code == 404 and "no segment" in response.json()["error"]


def test_deeply_nested_json_is_400_not_500(client: TestClient) -> None:
    body = "[" * 100_000 + "]" * 100_000
    response = client.put("/api/runs/article/segments/0", headers={**AUTH, "Content-Type": "application/json"}, content=body)
    assert response.status_code == 400 and "JSON" in response.json()["error"]


def test_a_body_that_trickles_in_is_cut_off_with_408(run_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket
    import time

    from translate.server import review
    from translate.server.serving import ServerThread

    monkeypatch.setattr(review, "READ_TIMEOUT_S", 0.5)
    with ServerThread.start(create_review_app(ReviewStore([run_path], "E"), ReviewSettings(token=TOKEN))) as server:
        host, port = server.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as slow:
            slow.sendall(f"PUT /api/runs/article/segments/0 HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{".encode())
            started = time.monotonic()
            answer = slow.recv(4096).decode()
            assert answer.startswith("HTTP/1.1 408") and time.monotonic() - started < 5
        import httpx

        assert httpx.get(server.url + "/api/runs", headers=AUTH).status_code == 200


def test_a_100000_character_edit_is_413_with_the_limit_named_and_nothing_saved(client: TestClient, run_path: Path) -> None:
    pair_id = _translated_ids(run_path)[0]
    response = client.put(f"/api/runs/article/segments/{pair_id}", headers=AUTH, json={"target": "x" * 100_000, "base": None})
    assert response.status_code == 413 and response.json() == {"error": "'target' is over 20000 characters"}
    assert read_post_edits(post_edit_path(run_path)).records == ()
    checked = client.post(f"/api/runs/article/segments/{pair_id}/check", headers=AUTH, json={"target": "x" * 100_000})
    assert checked.status_code == 413


def test_the_article_hter_counts_the_drafts_given_and_only_those(client: TestClient, run_path: Path) -> None:
    first, second = _translated_ids(run_path)[:2]
    assert client.post("/api/runs/article/hter", headers=AUTH, json={}).json() == {"hter": None, "segments": 0, "edited": 0}
    with_draft = client.post("/api/runs/article/hter", headers=AUTH, json={"drafts": {str(first): "A draft."}}).json()
    assert (with_draft["segments"], with_draft["edited"]) == (1, 1) and with_draft["hter"] > 0
    checked = client.post(f"/api/runs/article/segments/{second}/check", headers=AUTH, json={"target": "Another.", "drafts": {str(first): "A draft."}}).json()
    assert checked["article"]["segments"] == 2
    assert client.post("/api/runs/article/hter", headers=AUTH, json={"drafts": {"x": "y"}}).status_code == 400


def test_a_conflict_says_whether_theirs_was_confirmed(client: TestClient, run_path: Path) -> None:
    pair_id = _translated_ids(run_path)[0]
    client.put(f"/api/runs/article/segments/{pair_id}", headers=AUTH, json={"target": "Theirs.", "base": None, "confirmed": True})
    refused = client.put(f"/api/runs/article/segments/{pair_id}", headers=AUTH, json={"target": "Mine.", "base": None})
    assert refused.status_code == 409 and refused.json()["current"]["confirmed"] is True


def test_a_run_file_changed_on_disk_refuses_saves_but_a_touch_does_not(client: TestClient, run_path: Path) -> None:
    import os

    pair_id = _translated_ids(run_path)[0]
    os.utime(run_path, ns=(1, 1))  # same bytes, new time: still the run the edits belong to
    assert client.put(f"/api/runs/article/segments/{pair_id}", headers=AUTH, json={"target": "Fine.", "base": None}).status_code == 200
    run_path.write_text(run_path.read_text(encoding="utf-8").replace("Lavrov", "Lavrow"), encoding="utf-8")
    refused = client.put(f"/api/runs/article/segments/{pair_id}", headers=AUTH, json={"target": "Refused.", "base": 1})
    assert refused.status_code == 409 and refused.json()["run_changed"] is True and "changed on disk" in refused.json()["error"]
    assert client.get("/api/runs/article", headers=AUTH).status_code == 409
    assert [edit.post_edit for edit in read_post_edits(post_edit_path(run_path)).records] == ["Fine."]
