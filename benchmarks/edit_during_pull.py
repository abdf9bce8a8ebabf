"""edit_during_pull: an edit saved while a sync round applies a 10,000-entry pull. Target ≤ 200 ms.

As in the GUI (decision 0006): the round runs on the task manager's network pool and takes its
turns on the database worker for its writes, a feed page in slices of `APPLY_ITEMS` entries; the
edits go to the database worker through the same `Repository.apply` the editor uses, one every
20 ms, each timed from being handed to the worker until it has committed. The floor is the same
edit with no round running.
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication
from sqlalchemy import Connection

from benchmarks.common import WORK, Result
from benchmarks.sync_setup import prepare_amt, push_all, server_process
from ozg_desk.app.paths import prepare_data_dir
from ozg_desk.app.session import open_session
from ozg_desk.store import meta
from ozg_desk.store.changes import Edit
from ozg_desk.store.database import Store
from ozg_desk.store.repository import Repository
from ozg_desk.sync.engine import APPLY_ITEMS, SyncEngine, SyncReport
from ozg_desk.sync.transport import HttpTransport
from ozg_desk.ui.tasks import TaskManager

TARGET_MS = 200.0
FLOOR_EDITS = 60
GAP_SECONDS = 0.02  # a quick typist's pace; leaves the round room to run between edits


class _TimedStore(Store):
    """The store of the session, noting how long each of the round's write transactions took."""

    def __init__(self, store: Store) -> None:
        super().__init__(store.path, foreign_keys=store.foreign_keys)
        self.writes_ms: list[float] = []

    @contextmanager
    def write(self) -> Iterator[Connection]:
        start = time.perf_counter()
        with super().write() as connection:
            yield connection
        self.writes_ms.append((time.perf_counter() - start) * 1000)


def _wait(condition: Callable[[], bool]) -> None:
    """Deliver the workers' results like the GUI's event loop, without spinning on the GIL."""
    while not condition():
        QCoreApplication.processEvents()
        time.sleep(0.001)


def _edit(tasks: TaskManager, repository: Repository, ids: list[str], number: int) -> float:
    """One field edit as the editor hands it to the database worker; milliseconds until it has
    committed (its result is back on this, the GUI thread, before the next one starts)."""
    edit = Edit(
        "anbindung", ids[number % len(ids)], {"verantwortlich": f"Sachbearbeitung {number}"}
    )
    done: list[float] = []
    start = time.perf_counter()

    def save() -> float:
        repository.apply([edit])
        return time.perf_counter()

    tasks.run_db(save, on_done=done.append)
    _wait(lambda: bool(done))
    return (done[0] - start) * 1000


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def run() -> tuple[Result, Result]:
    folder = WORK / "edit_during_pull"
    token = prepare_amt(folder)
    with server_process(folder / "server") as url:
        push_all(folder, url, token)
        shutil.rmtree(folder / "second", ignore_errors=True)
        session = open_session(prepare_data_dir(folder / "second"))
        transport = HttpTransport(url, token, read_timeout=60)
        SyncEngine(session.store, transport, "zweiter-pc", round_seconds=600).run()
        with session.store.read() as connection:
            ids = [row[0] for row in connection.execute("SELECT id FROM anbindung ORDER BY id")]
        repository = session.repository
        application = QCoreApplication.instance() or QCoreApplication([])
        tasks = TaskManager(application)
        floor = []
        for number in range(FLOOR_EDITS):
            floor.append(_edit(tasks, repository, ids, number))
            time.sleep(GAP_SECONDS)
        # Read the whole feed again, as after the server moved to a new address (see
        # `service.login`): every entry is applied over an existing record, the longest writes.
        # Push the floor's edits first, so that the round below only pulls.
        SyncEngine(session.store, transport, "zweiter-pc", round_seconds=600).run()
        timed = _TimedStore(session.store)
        engine = SyncEngine(
            timed, transport, "zweiter-pc", round_seconds=600, turn=tasks.database_turn
        )
        with session.store.write() as connection:
            meta.put(connection, meta.SYNC_CURSOR, "0")
        timed.writes_ms.clear()
        reports: list[SyncReport | BaseException] = []
        start = time.perf_counter()
        tasks.run_network(engine.run, on_done=reports.append, on_error=reports.append)
        during, number = [], FLOOR_EDITS
        while not reports:
            during.append(_edit(tasks, repository, ids, number))
            number += 1
            time.sleep(GAP_SECONDS)
        round_seconds = time.perf_counter() - start
        tasks.wait()
        transport.close()
        session.close()
        timed.close()
    report = reports[0]
    if isinstance(report, BaseException):
        raise report
    assert report.pulled >= 10_000, "the round did not pull the whole feed"
    pulled, longest = report.pulled, max(timed.writes_ms)
    worst, floor_worst = max(during), max(floor)
    return (
        Result(
            "edit_during_pull",
            round(worst, 1),
            "ms",
            TARGET_MS,
            baseline=round(floor_worst, 1),
            note=f"längste von {len(during)} Änderungen, während eine Runde {pulled} "
            f"Feed-Einträge übernimmt ({round_seconds:.1f} s, längste ihrer "
            f"{len(timed.writes_ms)} Schreibtransaktionen {longest:.0f} ms); "
            f"Vergleichswert: längste von {FLOOR_EDITS} ohne Runde, Verhältnis "
            f"{worst / floor_worst:.1f}; je Transaktion bis {APPLY_ITEMS} Einträge, "
            "synchronous=FULL",
        ),
        Result(
            "edit_during_pull_p95",
            round(_p95(during), 1),
            "ms",
            None,
            baseline=round(_p95(floor), 1),
            ratio=round(_p95(during) / _p95(floor), 2),
            note="p95 derselben Änderungen; Vergleichswert: p95 ohne Runde",
        ),
    )
