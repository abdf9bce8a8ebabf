"""The real server as its own process (`ozg-desk-server run`), for faults a thread cannot show:
SIGKILL in the middle of a push, two processes on one database, the memory a request costs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from ozg_server.config import ENV_DATABASE_URL


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class ServerProcess:
    """`python -m ozg_server run` on a loopback port, over SQLite in `data_dir` or the
    PostgreSQL database at `database_url`."""

    def __init__(self, data_dir: Path, database_url: str | None = None) -> None:
        self.data_dir, self.database_url = data_dir, database_url
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerProcess:
        env = {key: value for key, value in os.environ.items() if key != ENV_DATABASE_URL}
        if self.database_url:
            env[ENV_DATABASE_URL] = self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "ozg_server", "--data-dir", str(self.data_dir), "run"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*command, "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(self.url + "/api/v1/status", timeout=1).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"server did not start: {self.log.read_text()[-2000:]}")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no cleanup, as a power cut or the OOM killer would."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def memory_kb(self, field: str = "VmRSS") -> int:
        """Resident memory (VmRSS) or its peak (VmHWM) of the server process, from /proc."""
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise AssertionError(f"{field} not found")

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
