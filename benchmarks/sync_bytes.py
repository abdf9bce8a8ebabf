"""sync_idle_bytes and sync_edit_bytes: bytes on the wire (both directions, headers included)
for a sync round with nothing to do, and for a round that pushes one status change."""

from __future__ import annotations

import time

from benchmarks.common import WORK, Result
from benchmarks.sync_setup import prepare_amt, push_all, server_process
from ozg_desk.app.paths import prepare_data_dir
from ozg_desk.app.session import open_session
from ozg_desk.domain.anbindung import anbindung_id
from ozg_desk.store.changes import Edit
from ozg_desk.sync.engine import SyncEngine, SyncReport
from ozg_desk.sync.transport import HttpTransport
from tests.helpers.faultproxy import FaultProxy

IDLE_TARGET, EDIT_TARGET = 2048, 1024


def run() -> tuple[Result, Result]:
    folder = WORK / "sync_bytes"
    token = prepare_amt(folder)
    with server_process(folder / "server") as url:
        push_all(folder, url, token)
        port = int(url.rsplit(":", 1)[1])
        session = open_session(prepare_data_dir(folder / "first"))
        with FaultProxy(("127.0.0.1", port)) as proxy:
            transport = HttpTransport(proxy.url, token)
            engine = SyncEngine(session.store, transport, "erster-pc")
            engine.run()  # settle: the first round after the push fetches the own changes
            proxy.reset_counters()
            engine.run()
            idle = proxy.bytes_up + proxy.bytes_down
            record = anbindung_id("130765668000", "10235")
            session.repository.apply([Edit("anbindung", record, {"status": "unterlagen"})])
            proxy.reset_counters()
            report = SyncReport()
            engine.push(report, time.monotonic() + 60)
            edit = proxy.bytes_up + proxy.bytes_down
            proxy.reset_counters()
            engine.run()  # the rest of the round: fetch the change back (for the note)
            echo = proxy.bytes_up + proxy.bytes_down
            transport.close()
        session.close()
    assert report.pushed == 1
    return (
        Result(
            "sync_idle_bytes",
            idle,
            "B",
            IDLE_TARGET,
            note="eine Abfrage ohne Änderungen, Kopfzeilen eingerechnet",
        ),
        Result(
            "sync_edit_bytes",
            edit,
            "B",
            EDIT_TARGET,
            note=f"Übertragen einer Statusänderung (Anfrage und Antwort mit Kopfzeilen); "
            f"das anschließende Abholen der Runde: {echo} B",
        ),
    )
