"""`translate review` as a user starts it: a real process on 127.0.0.1, the one line it prints, the token
it was given, a save, a conflict, Ctrl-C with the edits on disk, and the evaluation of what was saved."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from export_samples import sample_run
from translate.cli import app
from translate.postedit import post_edit_path, read_post_edits
from translate.records import run_to_jsonl

ADDRESS = re.compile(r"Review at (http://127\.0\.0\.1:(\d+)/\?token=(\S+))")


def _start(run_path: Path, *extra: str) -> tuple[subprocess.Popen[str], str, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "translate", "review", str(run_path), "--no-browser", "--port", "0", *extra],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 60
    assert process.stderr is not None
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line and process.poll() is not None:
            raise AssertionError(f"translate review exited with {process.returncode}")
        match = ADDRESS.search(line)
        if match:
            return process, f"http://127.0.0.1:{match.group(2)}", match.group(3)
    process.kill()
    raise AssertionError("translate review printed no address")


@pytest.fixture()
def run_path(tmp_path: Path) -> Path:
    path = tmp_path / "article.jsonl"
    path.write_text(run_to_jsonl(sample_run()), encoding="utf-8")
    return path


def test_started_with_a_token_it_guards_saves_and_stops_on_ctrl_c_with_the_edits_on_disk(run_path: Path) -> None:
    process, base, token = _start(run_path, "--token", "given-token-42", "--editor", "Desk One")
    try:
        assert token == "given-token-42"
        url = f"{base}/api/runs/article/segments/0"
        assert httpx.put(url, json={"target": "x", "base": None}).status_code == 403
        assert httpx.put(url, json={"target": "x", "base": None}, headers={"Authorization": "Bearer wrong"}).status_code == 403
        auth = {"Authorization": f"Bearer {token}"}
        saved = httpx.put(url, json={"target": "Lavrov: Washington rejected coordination on Syria", "base": None}, headers=auth)
        assert saved.status_code == 200 and saved.json()["version"] == 1
        assert httpx.put(url, json={"target": "stale", "base": None}, headers=auth).status_code == 409
        # Another site's page rebinding its name to 127.0.0.1 sends its own Host: refused.
        assert httpx.get(f"{base}/api/runs", headers={**auth, "Host": "rebind.example"}).status_code == 403
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "1 confirmed segment(s) on disk" in stderr
    edits = read_post_edits(post_edit_path(run_path), run_path)
    assert [(e.id, e.post_edit, e.editor, e.version) for e in edits.records] == [(0, "Lavrov: Washington rejected coordination on Syria", "Desk One", 1)]
    result = CliRunner().invoke(app, ["eval", str(run_path), str(post_edit_path(run_path)), "--format", "json", "--bootstrap", "0"])
    assert result.exit_code == 0 and json.loads(result.stdout)["edits"]["hter"] > 0


def test_without_token_a_random_one_is_made_and_printed(run_path: Path) -> None:
    process, base, token = _start(run_path)
    try:
        assert len(token) >= 20
        assert httpx.get(f"{base}/api/runs").status_code == 403
        assert httpx.get(f"{base}/api/runs", headers={"Authorization": f"Bearer {token}"}).json()[0]["run"] == "article"
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


def test_a_post_edit_file_from_another_run_stops_the_server_before_it_starts(run_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    foreign = other / "article.jsonl"
    foreign.write_text(run_path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (other / "article.post-edit.jsonl").write_text(json.dumps({"type": "post-edit-header", "run": "article.jsonl", "run_sha256": "0" * 64, "created": "x"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(foreign), "--no-browser"])
    assert result.exit_code == 1
    assert "was made for another version of the run" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_short_token_is_a_usage_error(run_path: Path) -> None:
    result = CliRunner().invoke(app, ["review", str(run_path), "--token", "abc", "--no-browser"])
    assert result.exit_code == 2 and "at least 8" in result.output


def test_sigterm_stops_it_as_ctrl_c_does(run_path: Path) -> None:
    # A service manager stops servers with SIGTERM: a clean stop, exit 0, the saves on disk.
    process, base, token = _start(run_path)
    try:
        saved = httpx.put(f"{base}/api/runs/article/segments/0", json={"target": "Saved before SIGTERM.", "base": None}, headers={"Authorization": f"Bearer {token}"})
        assert saved.status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "1 confirmed segment(s) on disk" in stderr
    assert read_post_edits(post_edit_path(run_path)).latest[0].post_edit == "Saved before SIGTERM."


@pytest.mark.parametrize("token", ["pass+word1", "abc&def123", "percent%20x", "ملفسريجدا"])
def test_a_token_the_address_would_change_is_a_usage_error(run_path: Path, token: str) -> None:
    result = CliRunner().invoke(app, ["review", str(run_path), "--token", token, "--no-browser"])
    assert result.exit_code == 2 and "A-Z a-z 0-9" in result.output


def test_a_glob_that_matches_the_post_edit_file_too_serves_the_run_once(run_path: Path) -> None:
    from translate.server.review_store import ReviewStore

    ReviewStore([run_path], "E")  # a first review leaves article.post-edit.jsonl beside the run
    matched = sorted(run_path.parent.glob("*.jsonl"))  # what the shell makes of out/*.jsonl
    assert [p.name for p in matched] == ["article.jsonl", "article.post-edit.jsonl"]
    process = subprocess.Popen(
        [sys.executable, "-m", "translate", "review", *map(str, matched), "--no-browser", "--port", "0"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stderr is not None
        lines = [process.stderr.readline() for _ in range(2)]
        assert "note: article.post-edit.jsonl: a post-edit file, opened with its run" in lines[0]
        match = ADDRESS.search(lines[1])
        assert match, lines
        listing = httpx.get(f"http://127.0.0.1:{match.group(2)}/api/runs", headers={"Authorization": f"Bearer {match.group(3)}"}).json()
        assert [entry["run"] for entry in listing] == ["article"]
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
