"""Oversized bodies cost the server bounded memory: refused by their declared length before
anything is read, or once a chunked body passes the limit."""

from __future__ import annotations

import gzip
import http.client
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ozg_server.api.body import MAX_BODY
from ozg_server.config import load_config
from ozg_server.db.database import make_engine
from ozg_server.db.migrate import upgrade
from tests.helpers.server_process import ServerProcess
from tests.helpers.sync import AMT_A, tenant_with_token

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
MB = 1024 * 1024


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[ServerProcess, str]]:
    engine = make_engine(load_config(tmp_path / "server"))
    upgrade(engine)
    token = tenant_with_token(engine, AMT_A, "Amt Crivitz")
    engine.dispose()
    with ServerProcess(tmp_path / "server") as process:
        yield process, token


def chunked_body(size: int) -> Iterator[bytes]:
    """A push body of `size` bytes in 1 MB chunks (no Content-Length: Transfer-Encoding chunked)."""
    yield b'{"ops": [], "device_id": "'
    chunk = b"x" * MB
    for _ in range(size // MB):
        yield chunk
    yield b'"}'


def test_a_declared_length_over_the_limit_is_refused_before_reading(
    server: tuple[ServerProcess, str],
) -> None:
    process, token = server
    connection = http.client.HTTPConnection("127.0.0.1", process.port, timeout=10)
    connection.putrequest("POST", "/api/v1/push")
    for name, value in (
        ("Authorization", f"Bearer {token}"),
        ("OZG-Desk-Protocol", "1"),
        ("Content-Type", "application/json"),
        ("Content-Length", str(120 * MB)),
    ):
        connection.putheader(name, value)
    connection.endheaders()  # not one byte of the body is sent
    answer = connection.getresponse()
    assert answer.status == 413
    assert "zu groß" in answer.read().decode()
    connection.close()


def test_a_chunked_body_is_cut_off_at_the_limit_and_memory_stays_bounded(
    server: tuple[ServerProcess, str],
) -> None:
    process, token = server
    headers = {"Authorization": f"Bearer {token}", "OZG-Desk-Protocol": "1"}
    requests.get(f"{process.url}/api/v1/changes", headers=headers, timeout=10)  # warm up
    before = process.memory_kb("VmHWM")
    for size in (120 * MB, 300 * MB):
        try:
            answer = requests.post(
                f"{process.url}/api/v1/push",
                headers={**headers, "Content-Type": "application/json"},
                data=chunked_body(size),
                timeout=30,
            )
        except requests.ConnectionError:
            pass  # the server answered 413 and closed while the client was still sending
        else:
            assert answer.status_code == 413, answer.text
    grown = (process.memory_kb("VmHWM") - before) // 1024
    # The limit is 20 MB; before the fix a 120 MB body grew the server by ~100 MB, 300 MB by 300.
    assert grown < 60, f"the server grew by {grown} MB"
    assert requests.get(f"{process.url}/api/v1/status", timeout=10).status_code == 200


def test_a_small_compressed_body_cannot_make_the_server_build_millions_of_values(
    server: tuple[ServerProcess, str],
) -> None:
    """20 kB of gzip inflate to 20 MB of `[],[],…`: 7 million values, about a gigabyte."""
    process, token = server
    plain = b'{"ops":[' + b",".join([b"[]"] * ((MAX_BODY - 20) // 3)) + b"]}"
    wire = gzip.compress(plain, 9)
    assert len(wire) < 100_000
    headers = {"OZG-Desk-Protocol": "1", "Content-Type": "application/json"}
    before = process.memory_kb("VmHWM")
    for extra in ({}, {"Authorization": f"Bearer {token}"}):  # without a token, and with one
        answer = requests.post(
            f"{process.url}/api/v1/push",
            data=wire,
            headers={**headers, **extra, "Content-Encoding": "gzip"},
            timeout=60,
        )
        assert answer.status_code == (413 if extra else 401), answer.text
    grown = (process.memory_kb("VmHWM") - before) // 1024
    assert grown < 100, f"{len(wire)} bytes on the wire made the server grow by {grown} MB"
