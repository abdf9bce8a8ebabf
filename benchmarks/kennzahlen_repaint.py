"""kennzahlen_repaint: a status edit in the editor → the Kennzahlen cards show the new
Anbindungsquote, painted. Target ≤ 100 ms, on the Landkreis-size store of `figures`.

The path is the real one (docs/architecture.md, „A Kennzahl“): the editor's step button, the
write on the database worker, the Leistungen page's `rows_changed`, the Übersicht's counts,
`read_figures` reading and computing every figure on the worker again, the rebuilt cards. The
floor, measured in the same run: a bare sqlite3 UPDATE with commit (synchronous=FULL), one
event-loop round trip, and painting the same Übersicht once.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks import figures
from benchmarks.common import WORK, Result
from benchmarks.gui import Desktop

TARGET_MS = 100.0
ROUNDS = 20


def _wait_idle(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Like `gui.wait_until`, but sleeping in the event loop between events, as the program
    does: a busy loop would take the GIL from the database worker computing the figures."""
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError("GUI did not react in time")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)


def _changed(desktop: Desktop, before: float | None) -> bool:
    return _quote_numerator(desktop) != before


def _quote_numerator(desktop: Desktop) -> float | None:
    cards = desktop.window.overview.cards.cards
    quote = next((c for c in cards if c.figure.id == "anbindungsquote"), None)
    return None if quote is None else quote.figure.numerator


def run() -> Result:
    source = figures.build().path.parent
    copy = WORK / "kennzahlen_repaint"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(source, copy)
    desktop = Desktop(str(copy))
    try:
        window = desktop.window
        page = window.leistungen
        window.show_page(1)
        page.filter_bar.apply(page.filter_bar.current().__class__(relevance="alle"))
        ozg_id = next(
            row.ozg_id for row in page.model.rows() if row.values.get("status") == "golive_geplant"
        )
        page.select_ozg_id(ozg_id)
        desktop.settle()
        page.editor.save({"golive_datum": "2026-05-04", "empfangskanal": "xfall"})  # for „online“
        desktop.settle()
        overview = window.overview
        samples = []
        for round_number in range(ROUNDS):
            before = _quote_numerator(desktop)
            stepper = page.editor.stepper
            button = stepper.forward if round_number % 2 == 0 else stepper.back
            start = time.perf_counter()
            button.click()
            _wait_idle(partial(_changed, desktop, before))
            overview.grab()  # paint the Übersicht with its new cards (hidden behind the list)
            samples.append((time.perf_counter() - start) * 1000)
            desktop.settle()  # the editor reloads the record; „Fällig“ arrives
        median = statistics.median(samples)
        floor = _bare_floor(desktop, copy / "floor.sqlite")
    finally:
        desktop.close()
    return Result(
        "kennzahlen_repaint",
        round(median, 1),
        "ms",
        TARGET_MS,
        baseline=round(floor, 1),
        ratio=round(median / floor, 2),
        note=f"Median aus {ROUNDS} Statuswechseln Go-live geplant ↔ online im Editor bis die "
        f"Karten die neue Anbindungsquote zeigen (alle Kennzahlen neu aus {figures.ANBINDUNGEN:,} "
        f"Anbindungen, {figures.HISTORY:,} Verlaufseinträgen); Vergleich: nacktes "
        "sqlite3-UPDATE mit Commit, ein Durchlauf der Ereignisschleife und die Übersicht einmal "
        "zeichnen",
    )


def _bare_floor(desktop: Desktop, path: object) -> float:
    """Median ms of an UPDATE + commit (synchronous=FULL), one event-loop pass, one paint."""
    connection = sqlite3.connect(str(path), isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("CREATE TABLE anbindung (id TEXT PRIMARY KEY, status TEXT)")
        connection.execute("INSERT INTO anbindung VALUES ('1', 'golive_geplant')")
        samples = []
        for round_number in range(ROUNDS):
            status = "online" if round_number % 2 == 0 else "golive_geplant"
            start = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("UPDATE anbindung SET status = ? WHERE id = '1'", (status,))
            connection.execute("COMMIT")
            arrived: list[bool] = []
            QTimer.singleShot(0, partial(arrived.append, True))
            _wait_idle(partial(bool, arrived))
            desktop.window.overview.grab()
            samples.append((time.perf_counter() - start) * 1000)
    finally:
        connection.close()
    return statistics.median(samples)
