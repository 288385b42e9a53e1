"""Temporary files carry their writer (host and pid): a writer killed outright leaves one behind, and
the next run sweeps it — never a live writer's, never another host's, never a file of the user's."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from translate.atomic import sweep_leftovers, write_atomic

HOST = socket.gethostname()


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_temporary_name_says_who_writes_it(tmp_path: Path, monkeypatch) -> None:
    seen = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda source, target: (seen.append(Path(source).name), real_replace(source, target)))
    write_atomic(tmp_path / "story.jsonl", "{}\n")
    assert seen[0].startswith(f".story.jsonl.{HOST}-{os.getpid()}.") and seen[0].endswith(".tmp")


def test_only_dead_local_writers_leftovers_are_swept(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "2015"
    folder.mkdir(parents=True)
    dead = folder / f".story.jsonl.{HOST}-{_dead_pid()}.abc123.tmp"
    alive = folder / f".story2.jsonl.{HOST}-{os.getpid()}.def456.tmp"
    elsewhere = folder / ".story3.jsonl.another-host-1.ghi789.tmp"
    users = [folder / ".notes.tmp", folder / "story.jsonl", folder / f".x.{HOST}-12ab.tmp"]
    for path in (dead, alive, elsewhere, *users):
        path.write_text("x", encoding="utf-8")
    assert sweep_leftovers([tmp_path / "out"]) == [dead]
    assert not dead.exists() and alive.exists() and elsewhere.exists() and all(path.exists() for path in users)


def test_a_run_sweeps_what_a_killed_run_left(tmp_path: Path, seed_path: Path, tiny_model_dir: Path) -> None:
    from typer.testing import CliRunner

    from translate.cli import app

    out = tmp_path / "out"
    out.mkdir()
    leftover = out / f".{seed_path.stem}.jsonl.{HOST}-{_dead_pid()}.zz9.tmp"
    leftover.write_text('{"type": "manifest"', encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(seed_path), "--model", str(tiny_model_dir), "--out", str(out), "--beam", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert not leftover.exists() and (out / f"{seed_path.stem}.jsonl").is_file()
