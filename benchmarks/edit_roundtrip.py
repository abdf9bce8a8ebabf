"""edit_roundtrip: status change in the editor → database write → repainted row. Target ≤ 30 ms.

The floor, measured in the same run: a bare sqlite3 UPDATE and commit with synchronous=FULL
(WAL, as the store) plus one synchronous repaint of the same table.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import time
from functools import partial
from typing import TYPE_CHECKING

from benchmarks.common import WORK, Result
from benchmarks.gui import Desktop, wait_until
from benchmarks.startup import prepare_full_store
from ozg_desk.ui.leistungen.page import LeistungenPage

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

TARGET_MS = 30.0
ROUNDS = 40


def _has_status(page: LeistungenPage, position: int, status: str) -> bool:
    return bool(page.model.row_at(position).values["status"] == status)


def run() -> Result:
    # Edits change the store, so work on a copy of the shared full store.
    copy = WORK / "edit_roundtrip"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(prepare_full_store(), copy)
    desktop = Desktop(str(copy))
    try:
        window = desktop.window
        page = window.leistungen
        window.show_page(1)
        page.filter_bar.apply(page.filter_bar.current().__class__(relevance="alle"))
        page.select_ozg_id("10235")
        desktop.settle()
        page.editor.save({"zieltermin": "2027-06-30"})  # „geplant“ needs a Zieltermin
        desktop.settle()
        position = page.model.position_of("10235")
        assert position is not None
        samples = []
        for round_number in range(ROUNDS):
            target = "geplant" if round_number % 2 == 0 else "offen"
            button = (
                page.editor.stepper.forward if target == "geplant" else page.editor.stepper.back
            )
            start = time.perf_counter()
            button.click()
            wait_until(partial(_has_status, page, position, target))
            page.table.viewport().repaint()
            samples.append((time.perf_counter() - start) * 1000)
            desktop.settle()  # the editor reloads the record; not part of the row round trip
        median = statistics.median(samples)
        floor = _bare_commit(page.table)
    finally:
        desktop.close()
    return Result(
        "edit_roundtrip",
        round(median, 2),
        "ms",
        TARGET_MS,
        baseline=round(floor, 2),
        ratio=round(median / floor, 2),
        note=f"Median aus {ROUNDS} Statuswechseln offen ↔ geplant, inkl. Schreiben "
        "mit synchronous=FULL; Vergleich: nacktes sqlite3-UPDATE mit Commit "
        "(synchronous=FULL) und ein Neuzeichnen derselben Tabelle",
    )


def _bare_commit(table: QTableView) -> float:
    """Median ms of one UPDATE + commit with synchronous=FULL and one repaint of `table`."""
    path = WORK / "edit_roundtrip_floor.sqlite"
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("CREATE TABLE anbindung (id TEXT PRIMARY KEY, status TEXT)")
        connection.execute("INSERT INTO anbindung VALUES ('10235', 'offen')")
        samples = []
        for round_number in range(ROUNDS):
            status = "geplant" if round_number % 2 == 0 else "offen"
            start = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("UPDATE anbindung SET status = ? WHERE id = '10235'", (status,))
            connection.execute("COMMIT")
            table.viewport().repaint()
            samples.append((time.perf_counter() - start) * 1000)
    finally:
        connection.close()
    return statistics.median(samples)
