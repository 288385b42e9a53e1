"""The API on a real uvicorn on 127.0.0.1: LibreTranslate's own Python client, a load of 32
concurrent clients, and the bad clients (huge, slow, broken, vanishing) — each answered with a 4xx
or a closed connection while the server goes on serving everyone else. Loopback only."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from fakes import RecordingEngine
from libretranslatepy import LibreTranslateAPI

from translate.engines import DecodingSettings, load_engine
from translate.engines.base import Hypothesis
from translate.server.libretranslate import ApiSettings, create_api_app
from translate.server.serving import ServerThread

SENTENCE = "قال الرئيس إن الاجتماع كان مثمرا."
#: Seconds a client has to send its body on the test server (the default is 15).
BODY_TIMEOUT_S = 1.0
CLIENTS = 32
REQUESTS_PER_CLIENT = 20


@pytest.fixture(scope="module")
def server(tiny_model_dir):
    engine = load_engine(str(tiny_model_dir), engine="ct2", settings=DecodingSettings(beam_size=2, length_ratio=0.0, length_extra=6, device="cpu"))
    app = create_api_app(ApiSettings(body_timeout_s=BODY_TIMEOUT_S), engine)
    with ServerThread.start(app) as running:
        running.api = app.state.api
        yield running


def address(server) -> tuple[str, int]:
    host, port = server.url.removeprefix("http://").split(":")
    return host, int(port)


def still_serving(server) -> bool:
    response = httpx.post(server.url + "/translate", json={"q": SENTENCE, "source": "ar", "target": "en"}, timeout=30)
    return response.status_code == 200 and isinstance(response.json()["translatedText"], str)


# -- LibreTranslate's Python client -------------------------------------------------------------------
def test_libretranslatepy_translates_detects_and_lists(server) -> None:
    client = LibreTranslateAPI(server.url)
    english = client.translate(SENTENCE, "ar", "en")
    assert isinstance(english, str) and english and not any("\u0600" <= char <= "\u06ff" for char in english)
    assert client.translate("مرحبا\n\nReuters", "auto", "en").endswith("\n\nReuters")
    assert client.detect(SENTENCE) == [{"confidence": 100.0, "language": "ar"}]
    assert client.languages() == [{"code": "en", "name": "English", "targets": ["en"]}, {"code": "ar", "name": "Arabic", "targets": ["ar", "en"]}]


def test_json_list_and_errors_over_http(server) -> None:
    listed = httpx.post(server.url + "/translate", json={"q": [SENTENCE, "Reuters"], "source": "auto", "target": "en"}).json()
    assert len(listed["translatedText"]) == 2 and listed["translatedText"][1] == "Reuters"
    assert listed["detectedLanguage"][0]["language"] == "ar"
    missing = httpx.post(server.url + "/translate", json={"source": "ar", "target": "en"})
    assert (missing.status_code, missing.json()) == (400, {"error": "Invalid request: missing q parameter"})
    malformed = httpx.post(server.url + "/translate", content=b'{"q": ', headers={"content-type": "application/json"})
    assert (malformed.status_code, malformed.json()) == (400, {"error": "Invalid JSON format"})


# -- load ---------------------------------------------------------------------------------------------
def test_32_concurrent_clients_get_their_own_answers(server) -> None:
    def one_client(number: int) -> list[tuple[int, str, str]]:
        answers = []
        with httpx.Client(base_url=server.url, timeout=60) as client:
            for request in range(REQUESTS_PER_CLIENT):
                tag = f"client {number} request {request}"  # English: passes through, so it tells answers apart
                response = client.post("/translate", json={"q": f"{SENTENCE}\n\n{tag}", "source": "ar", "target": "en"})
                answers.append((response.status_code, response.json().get("translatedText", ""), tag))
        return answers

    batches_before, requests_before = server.api.batcher.batches, server.api.batcher.requests
    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = [answer for client in pool.map(one_client, range(CLIENTS)) for answer in client]
    assert len(answers) == CLIENTS * REQUESTS_PER_CLIENT
    assert [status for status, _, _ in answers if status != 200] == []
    assert [tag for _, text, tag in answers if not text.endswith("\n\n" + tag)] == []
    batches = server.api.batcher.batches - batches_before
    served = server.api.batcher.requests - requests_before
    assert served == CLIENTS * REQUESTS_PER_CLIENT and batches < served  # requests shared engine batches
    assert still_serving(server)


# -- bad clients --------------------------------------------------------------------------------------
def raw_request(server, head: str) -> socket.socket:
    head_part, _, body = head.partition("\n\n")
    connection = socket.create_connection(address(server), timeout=10)
    try:
        connection.sendall(head_part.replace("\n", "\r\n").encode("latin-1") + b"\r\n\r\n" + body.encode("utf-8"))
    except BaseException:
        connection.close()
        raise
    return connection


def read_all(connection: socket.socket) -> bytes:
    chunks = []
    while True:
        try:
            chunk = connection.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_slowloris_body_is_cut_off_and_others_are_served_meanwhile(server) -> None:
    host, port = address(server)
    connection = raw_request(server, f"POST /translate HTTP/1.1\nHost: {host}:{port}\nContent-Type: application/json\nContent-Length: 1000\n\n")
    answer = b""
    served_meanwhile = False
    with connection:
        connection.settimeout(0.1)
        deadline = time.monotonic() + 10 * BODY_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                connection.sendall(b" ")  # one byte a tick: never done, never idle
            except (BrokenPipeError, ConnectionResetError):
                break
            if not served_meanwhile:
                served_meanwhile = still_serving(server)
            try:
                chunk = connection.recv(65536)
            except TimeoutError:
                continue
            except ConnectionResetError:
                break
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b'{"error":"Invalid request: the request body did not arrive within 1 s"}' in answer
    assert served_meanwhile and still_serving(server)


@pytest.mark.parametrize(
    "head",
    [
        "POST /translate HTTP/1.1\nHost: {host}\nContent-Type: application/json\nContent-Length: 5000\n\n" + '{"q": "' + "ق" * 100,  # gone mid-body
        "POST /translate HTTP/1.1\nHost: {host}\nContent-Type: application/json\nContent-Length: 48\n\n" + '{"q": "xx", "source": "ar", "target": "en"}    ',  # gone before the answer
        "POST /translate HTTP/1.1\nHost: {host}\nContent-Type: application/json\nContent-Length: nonsense\n\n",
        "GARBAGE\x00\x01 / NOT-HTTP\n\n",
    ],
    ids=["mid-body", "before-answer", "bad-length", "not-http"],
)
def test_clients_that_vanish_or_talk_nonsense(server, head) -> None:
    host, port = address(server)
    connection = raw_request(server, head.replace("{host}", f"{host}:{port}"))
    connection.close()
    assert still_serving(server)


def test_invalid_utf8_over_the_wire(server) -> None:
    response = httpx.post(server.url + "/translate", content=b"q=\xff\xfe&source=ar&target=en", headers={"content-type": "application/x-www-form-urlencoded"})
    assert (response.status_code, response.json()) == (400, {"error": "Invalid request: the form body is not valid UTF-8"})


def test_a_10_mb_body_gets_413_or_a_closed_connection(server) -> None:
    body = b'{"q": "' + b"q" * (10 * 1024 * 1024) + b'", "source": "ar", "target": "en"}'
    try:
        response = httpx.post(server.url + "/translate", content=body, headers={"content-type": "application/json"}, timeout=30)
    except httpx.TransportError:
        pass  # the server closed the connection while the client was still writing: allowed
    else:
        assert response.status_code == 413
    assert still_serving(server)


# -- shutdown -----------------------------------------------------------------------------------------
@dataclass
class SlowEngine(RecordingEngine):
    seconds: float = 1.0

    def translate(self, sources: Sequence[str], prefixes: Sequence[str | None] | None = None) -> list[Hypothesis]:
        time.sleep(self.seconds)
        return super().translate(sources, prefixes)


def test_shutdown_lets_the_request_in_flight_finish() -> None:
    answers: list[httpx.Response] = []
    with ServerThread.start(create_api_app(ApiSettings(), SlowEngine())) as running:
        worker = threading.Thread(target=lambda: answers.append(httpx.post(running.url + "/translate", json={"q": SENTENCE, "source": "ar", "target": "en"}, timeout=30)))
        worker.start()
        deadline = time.monotonic() + 10
        while not running.server.server_state.connections and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)  # the request is in the engine now
    worker.join(timeout=30)
    assert [response.status_code for response in answers] == [200]
    assert answers[0].json() == {"translatedText": f"EN{len(SENTENCE)}"}


# -- the command --------------------------------------------------------------------------------------
@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_translate_serve_answers_libretranslatepy_and_stops_on_ctrl_c_or_sigterm(tiny_model_dir, stop: str) -> None:
    import re
    import signal
    import subprocess
    import sys

    command = [sys.executable, "-m", "translate", "serve", "--model", str(tiny_model_dir), "--engine", "ct2", "--beam", "1", "--port", "0", "--device", "cpu"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        announced = process.stderr.readline()
        found = re.search(r"LibreTranslate API at (http://127\.0\.0\.1:\d+) ", announced)
        assert found, announced
        client = LibreTranslateAPI(found.group(1))
        english = client.translate(SENTENCE, "ar", "en")
        assert isinstance(english, str) and english and english != SENTENCE  # decoded (random weights: meaningless)
        assert client.translate(SENTENCE, "auto", "en") == english
        assert httpx.get(found.group(1) + "/languages", headers={"host": "evil.example"}).status_code == 403  # DNS rebinding
        process.send_signal(getattr(signal, stop))
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()


# -- more bad input, each an LT-shaped error while the server goes on -----------------------------
def test_a_100_mb_body_is_refused_before_it_is_read(server) -> None:
    host, port = address(server)
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(b"POST /translate HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (host.encode(), port, 100 * 1024 * 1024))
        received = b""
        while b'"error"' not in received:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    answer = received.decode("latin-1")
    assert answer.startswith("HTTP/1.1 413") and '"error"' in answer
    assert still_serving(server)


def test_ten_thousand_q_items_are_refused_with_the_limit_named(server) -> None:
    answer = httpx.post(server.url + "/translate", json={"q": ["مرحبا"] * 10_000, "source": "ar", "target": "en"}, timeout=30)
    assert (answer.status_code, answer.json()) == (400, {"error": "Invalid request: request (10000) exceeds text limit (128)"})
    assert still_serving(server)


def test_a_json_bomb_of_nested_arrays_is_400(server) -> None:
    body = b'{"q": ' + b"[" * 200_000 + b"]" * 200_000 + b', "source": "ar", "target": "en"}'
    answer = httpx.post(server.url + "/translate", content=body, headers={"content-type": "application/json"}, timeout=30)
    assert answer.status_code == 400 and set(answer.json()) == {"error"}
    assert still_serving(server)


def test_billion_laughs_in_an_html_body_expands_nothing(server) -> None:
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(f'<!ENTITY lol{i} "{"&lol{};".format(i - 1 if i > 1 else "") * 10}">' for i in range(1, 10)) + "]>"
    fragment = laughs + "<p>قال الرئيس &lol9; إن الاجتماع كان مثمرا.</p>"
    started = time.monotonic()
    answer = httpx.post(server.url + "/translate", json={"q": fragment, "source": "ar", "target": "en", "format": "html"}, timeout=60)
    assert time.monotonic() - started < 30
    assert answer.status_code in (200, 400)
    if answer.status_code == 200:
        assert len(answer.json()["translatedText"]) < 10 * len(fragment)  # nothing was expanded
    else:
        assert set(answer.json()) == {"error"}
    assert still_serving(server)
