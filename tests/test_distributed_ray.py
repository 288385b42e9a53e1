"""The archive on Ray: the same articles through --backend local and --backend ray give identical
pairs; a missing Ray or a cluster that is not there is one line. One local Ray (2 CPUs) per module."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install -e '.[ray]'")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield
    ray.shutdown()


def archive(folder: Path, count: int = 30) -> Path:
    for n in range(count):
        day = folder / "2015" / "10" / f"{14 + n % 3:02d}"
        day.mkdir(parents=True, exist_ok=True)
        (day / f"story{n:02d}.txt").write_text(f"عنوان الخبر {n}\n\nقال الوزير إن المحادثات رقم {n} مفيدة. وأضاف أنه سيعود غدا.\n", encoding="utf-8")
    return folder


def pairs(out: Path) -> dict[str, list[dict]]:
    found = {}
    for path in sorted(out.rglob("*.jsonl")):
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        found[str(path.relative_to(out))] = [record for record in records if record["type"] == "pair"]
    return found


def test_ray_and_local_give_identical_pairs(local_ray, tmp_path: Path, tiny_model_dir: Path) -> None:
    inputs = archive(tmp_path / "in")
    common = ["--model", str(tiny_model_dir), "--beam", "1", "--no-cache", "--quiet"]
    local = CliRunner().invoke(app, ["run", str(inputs), "--out", str(tmp_path / "local"), *common])
    assert local.exit_code == 0, local.output
    distributed = CliRunner().invoke(app, ["run", str(inputs), "--out", str(tmp_path / "ray"), "--backend", "ray", "--workers", "2", *common])
    assert distributed.exit_code == 0, distributed.output
    local_pairs, ray_pairs = pairs(tmp_path / "local"), pairs(tmp_path / "ray")
    assert len(local_pairs) == 30 and local_pairs == ray_pairs
    rows = (tmp_path / "ray" / "run-summary.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == 30 and {row.split("\t")[2] for row in rows} == {"translated"}
    # The resume rule holds on Ray too: a rerun skips every article.
    again = CliRunner().invoke(app, ["run", str(inputs), "--out", str(tmp_path / "ray"), "--backend", "ray", *common])
    assert again.exit_code == 0
    rows = (tmp_path / "ray" / "run-summary.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert {row.split("\t")[2] for row in rows} == {"skipped"}


def test_bad_articles_are_failed_rows_on_ray_too(local_ray, tmp_path: Path, tiny_model_dir: Path) -> None:
    inputs = archive(tmp_path / "in", 4)
    (inputs / "empty.txt").write_text("  \n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(inputs), "--out", str(tmp_path / "out"), "--backend", "ray", "--model", str(tiny_model_dir), "--beam", "1", "--no-cache", "--quiet"])
    assert result.exit_code == 1
    status = {Path(row.split("\t")[0]).name: row.split("\t")[2] for row in (tmp_path / "out" / "run-summary.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    assert status.pop("empty.txt") == "failed" and set(status.values()) == {"translated"} and len(status) == 4


def test_without_ray_installed_the_backend_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "a.txt"
    article.write_text("قال الوزير ذلك.\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    monkeypatch.setitem(sys.modules, "ray.data", None)
    result = CliRunner().invoke(app, ["run", str(article), "--out", str(tmp_path / "out"), "--backend", "ray", "--model", "none"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "pip install -e '.[ray]'" in result.output


def test_a_ray_address_with_nothing_there_is_one_line(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("قال الوزير ذلك.\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "translate", "run", str(article), "--out", str(tmp_path / "out"), "--backend", "ray", "--ray-address", "127.0.0.1:9", "--model", "none"],
        capture_output=True, text=True, timeout=60,
    )
    assert completed.returncode == 1
    assert "no Ray head answers there" in completed.stderr and completed.stderr.strip().count("\n") == 0
