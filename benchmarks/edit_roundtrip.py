"""edit_roundtrip: status change in the editor → database write → repainted row. Target ≤ 30 ms."""

from __future__ import annotations

import shutil
import statistics
import time
from functools import partial

from benchmarks.common import WORK, Result
from benchmarks.gui import Desktop, wait_until
from benchmarks.startup import prepare_full_store
from ozg_desk.ui.leistungen.page import LeistungenPage

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
    finally:
        desktop.close()
    return Result(
        "edit_roundtrip",
        round(median, 2),
        "ms",
        TARGET_MS,
        note=f"Median aus {ROUNDS} Statuswechseln offen ↔ geplant, inkl. Schreiben "
        "mit synchronous=FULL",
    )
