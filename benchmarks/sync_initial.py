"""sync_initial: the first sync of a new device of an Amt through a 1 Mbit/s, 300 ms link.

Catalogue release (557 OZG-/4.813 LeiKa-Leistungen) + one Anbindung per OZG-Leistung with its
checklist and history. Target ≤ 10 s.

The floor, measured in the same run: the raw transfer of the same bytes (what the client sent
and received) over the same simulated link, on one connection: send, then receive.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time

from benchmarks.common import WORK, Result
from benchmarks.sync_setup import prepare_amt, push_all, server_process
from ozg_desk.app.paths import prepare_data_dir
from ozg_desk.app.session import open_session
from ozg_desk.sync.engine import SyncEngine
from ozg_desk.sync.transport import HttpTransport
from tests.helpers.faultproxy import FaultProxy

TARGET_SECONDS = 10.0
LATENCY = 0.15  # one way: 300 ms round trip
BANDWIDTH = 1_000_000 / 8  # 1 Mbit/s in bytes per second


def run() -> Result:
    folder = WORK / "sync_initial"
    token = prepare_amt(folder)
    with server_process(folder / "server") as url:
        push_all(folder, url, token)
        port = int(url.rsplit(":", 1)[1])
        with FaultProxy(("127.0.0.1", port), latency=LATENCY, bandwidth=BANDWIDTH) as proxy:
            shutil.rmtree(folder / "new", ignore_errors=True)
            session = open_session(prepare_data_dir(folder / "new"))
            transport = HttpTransport(proxy.url, token, read_timeout=60)
            engine = SyncEngine(session.store, transport, "neuer-pc", round_seconds=600)
            start = time.perf_counter()
            report = engine.run()
            seconds = time.perf_counter() - start
            received, sent = proxy.bytes_down, proxy.bytes_up
            transport.close()
            with session.store.read() as connection:
                count = connection.execute("SELECT count(*) FROM anbindung").fetchone()[0]
            session.close()
    assert count == 557 and report.changes.catalogue, "initial sync incomplete"
    floor = raw_transfer(sent, received)
    return Result(
        "sync_initial",
        round(seconds, 2),
        "s",
        TARGET_SECONDS,
        baseline=round(floor, 2),
        ratio=round(seconds / floor, 2),
        note=f"{report.pulled} Feed-Einträge + Katalog; {received // 1024} KB "
        f"empfangen, {sent // 1024} KB gesendet; 1 Mbit/s, 300 ms RTT; Vergleich: "
        "dieselben Bytes roh über dieselbe Leitung",
    )


def raw_transfer(up: int, down: int) -> float:
    """Seconds to send `up` bytes and receive `down` bytes through the same simulated link."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def serve() -> None:
            peer, _ = listener.accept()
            with peer:
                _read(peer, up)
                peer.sendall(b"x" * down)

        server = threading.Thread(target=serve, daemon=True)
        server.start()
        link = FaultProxy(("127.0.0.1", port), latency=LATENCY, bandwidth=BANDWIDTH)
        with link as proxy, socket.create_connection(("127.0.0.1", proxy.port)) as client:
            start = time.perf_counter()
            client.sendall(b"x" * up)
            _read(client, down)
            seconds = time.perf_counter() - start
        server.join(timeout=10)
    return seconds


def _read(connection: socket.socket, size: int) -> None:
    left = size
    while left > 0:
        chunk = connection.recv(min(left, 65536))
        if not chunk:
            raise ConnectionError("raw transfer ended early")
        left -= len(chunk)
