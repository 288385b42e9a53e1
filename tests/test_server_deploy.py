"""`translate serve` deployed as LibreTranslate is: behind a real reverse proxy (Debian's nginx, started
here on 127.0.0.1 with a sub-path, its own Host name and TLS terminated in front), over HTTPS itself, with
the web page, /spec, /metrics and JSON access logs — the deployment probe, on a real process. Loopback
only; without nginx or openssl the tests that need them skip."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").is_file() else None)
ADDRESS = re.compile(r"LibreTranslate API at (https?)://127\.0\.0\.1:(\d+)")
SENTENCE = "قال الرئيس إن الاجتماع كان مثمرا."


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Served:
    def __init__(self, process: subprocess.Popen[str], url: str, log: Path) -> None:
        self.process, self.url, self.log = process, url, log

    def access_records(self) -> list[dict]:
        records = []
        for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and "route" in record:
                records.append(record)
        return records


def _serve(tmp_path: Path, model: Path, *extra: str) -> Served:
    log = tmp_path / f"serve-{len(list(tmp_path.glob('serve-*.log')))}.log"
    with log.open("w", encoding="utf-8") as stream:  # the child keeps its own descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", "translate", "serve", "--model", str(model), "--beam", "1", "--port", "0", "--no-cache", "--log-format", "json", *extra],
            stderr=stream, stdout=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1"},
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        match = ADDRESS.search(log.read_text(encoding="utf-8", errors="replace"))
        if match:
            url = f"{match.group(1)}://127.0.0.1:{match.group(2)}"
            # The address is printed before uvicorn starts listening: wait for it.
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", int(match.group(2))), timeout=1).close()
                    return Served(process, url, log)
                except OSError:
                    time.sleep(0.05)
        if process.poll() is not None:
            raise AssertionError(f"translate serve exited with {process.returncode}: {log.read_text()}")
        time.sleep(0.1)
    process.kill()
    raise AssertionError("translate serve printed no address")


def _stop(served: Served) -> None:
    served.process.send_signal(signal.SIGTERM)
    served.process.wait(timeout=30)


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory, tiny_model_dir):
    if NGINX is None:
        pytest.skip("nginx is not installed (apt-get install -y nginx-light)")
    tmp = tmp_path_factory.mktemp("nginx")
    served = _serve(tmp, tiny_model_dir, "--allowed-host", "news.test", "--forwarded-allow-ips", "127.0.0.1", "--root-path", "/mt", "--metrics", "--req-limit", "3")
    api_port = served.url.rsplit(":", 1)[1]
    port = _free_port()
    config = tmp / "nginx.conf"
    config.write_text(
        f"""worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    location /mt/ {{
      proxy_pass http://127.0.0.1:{api_port}/;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;
      proxy_buffering off;
    }}
  }}
}}
""",
        encoding="utf-8",
    )
    nginx = subprocess.Popen([NGINX, "-c", str(config), "-p", str(tmp)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if nginx.poll() is not None:
                raise AssertionError(f"nginx exited: {(tmp / 'error.log').read_text() if (tmp / 'error.log').is_file() else ''}")
            time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", served
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(timeout=30)
        _stop(served)


def _via(proxy: str, path: str, method: str = "GET", host: str = "news.test", **kwargs):
    return httpx.request(method, proxy + path, headers={"Host": host, **kwargs.pop("headers", {})}, timeout=60, **kwargs)


def test_behind_nginx_the_named_host_is_served_and_others_refused(behind_nginx) -> None:
    proxy, _ = behind_nginx
    assert (_via(proxy, "/mt/health").status_code, _via(proxy, "/mt/health").json()) == (200, {"status": "ok"})
    refused = _via(proxy, "/mt/health", host="evil.test")
    assert refused.status_code == 403 and "--allowed-host" in refused.json()["error"]


def test_behind_nginx_urls_carry_the_public_scheme_host_and_sub_path(behind_nginx) -> None:
    proxy, _ = behind_nginx
    answer = _via(proxy, "/mt/translate_file", "POST", files={"file": ("a.txt", SENTENCE.encode("utf-8"))}, data={"source": "AR", "target": "EN"})
    assert answer.status_code == 200, answer.text
    url = answer.json()["translatedFileUrl"]
    assert url.startswith("https://news.test/mt/download_file/") and url.endswith("a_en.txt")
    download = _via(proxy, "/mt/" + url.split("/mt/", 1)[1])
    assert download.status_code == 200 and "a_en.txt" in download.headers["content-disposition"]
    spec = _via(proxy, "/mt/spec").json()
    assert spec["servers"] == [{"url": "https://news.test/mt"}] and "/translate" in spec["paths"]


def test_behind_nginx_the_client_address_is_the_forwarded_one(behind_nginx) -> None:
    proxy, served = behind_nginx
    _via(proxy, "/mt/languages", headers={"X-Forwarded-For": "203.0.113.7"})
    time.sleep(0.3)
    records = [r for r in served.access_records() if r["route"] == "/languages"]
    assert records and records[-1]["client"] == "203.0.113.7" and records[-1]["status"] == 200


def test_behind_nginx_limits_are_per_route(behind_nginx) -> None:
    proxy, _ = behind_nginx
    headers = {"X-Forwarded-For": "198.51.100.4"}  # its own budget of 3 a minute per route
    codes = [_via(proxy, "/mt/detect", "POST", data={"q": SENTENCE}, headers=headers).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert _via(proxy, "/mt/translate", "POST", data={"q": SENTENCE, "source": "ar", "target": "en"}, headers=headers).status_code == 200


def test_behind_nginx_the_page_the_spec_and_metrics(behind_nginx) -> None:
    proxy, _ = behind_nginx
    page = _via(proxy, "/mt/")
    assert page.status_code == 200 and "<textarea" in page.text and "script-src 'sha256-" in page.headers["content-security-policy"]
    assert _via(proxy, "/mt/docs").status_code == 200 and "/translate_file" in _via(proxy, "/mt/docs").text
    assert _via(proxy, "/mt/spec", "POST").status_code == 405 and _via(proxy, "/mt/languages", "POST").status_code == 405
    metrics = _via(proxy, "/mt/metrics").text
    assert re.search(r'translate_requests_total\{route="/health",method="GET",status="200"\} \d+', metrics)
    assert 'translate_request_duration_seconds_bucket{route="/download_file/{filename}"' in metrics
    assert re.search(r"^translate_model_load_seconds \d", metrics, re.M) and re.search(r"^translate_queue_depth 0$", metrics, re.M)


def test_a_forwarded_header_from_an_untrusted_address_is_ignored(tmp_path: Path, tiny_model_dir: Path) -> None:
    served = _serve(tmp_path, tiny_model_dir)  # no --forwarded-allow-ips: no proxy is believed
    try:
        httpx.get(served.url + "/languages", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
        answer = httpx.post(served.url + "/translate_file", files={"file": ("b.txt", SENTENCE.encode("utf-8"))}, data={"source": "ar", "target": "en"}, headers={"X-Forwarded-Proto": "https"}, timeout=60)
        assert answer.json()["translatedFileUrl"].startswith("http://127.0.0.1:")
        time.sleep(0.3)
        record = [r for r in served.access_records() if r["route"] == "/languages"][-1]
        assert record["client"] == "127.0.0.1"
        assert httpx.get(served.url + "/metrics").status_code == 404  # off unless --metrics
    finally:
        _stop(served)


def test_https_with_a_certificate(tmp_path: Path, tiny_model_dir: Path) -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    served = _serve(tmp_path, tiny_model_dir, "--ssl-certfile", str(cert), "--ssl-keyfile", str(key), "--disable-web-ui")
    try:
        assert served.url.startswith("https://")
        import ssl

        trusted = ssl.create_default_context(cafile=str(cert))
        assert httpx.get(served.url + "/health", verify=trusted).json() == {"status": "ok"}
        assert httpx.get(served.url + "/", verify=trusted).status_code == 404  # --disable-web-ui
        with pytest.raises(httpx.HTTPError):
            httpx.get(served.url.replace("https://", "http://") + "/health", timeout=5)
    finally:
        _stop(served)


def test_the_dockerfile_runs_options_the_command_has(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from translate.cli import app

    dockerfile = (Path(__file__).resolve().parents[1] / "Dockerfile").read_text(encoding="utf-8")
    command = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1))
    assert command[:2] == ["translate", "serve"]
    options = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "300"}).output
    for option in (word for word in command[2:] if word.startswith("--")):
        assert option in options, option
    assert "torch==2.13.0" in dockerfile and "COPY translate /app/translate" in dockerfile


def test_the_image_builds_and_serves_where_docker_runs(tmp_path: Path) -> None:
    docker = shutil.which("docker")
    if docker is None or subprocess.run([docker, "info"], capture_output=True).returncode != 0:
        pytest.skip("no Docker daemon here")
    root = Path(__file__).resolve().parents[1]
    built = subprocess.run([docker, "build", "-q", "-t", "translate-test", str(root)], capture_output=True, text=True, timeout=1800)
    assert built.returncode == 0, built.stderr
    shown = subprocess.run([docker, "run", "--rm", "translate-test", "translate", "serve", "--help"], capture_output=True, text=True, timeout=300)
    assert shown.returncode == 0 and "--allowed-host" in shown.stdout
