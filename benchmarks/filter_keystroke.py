"""filter_keystroke: keystroke in the search field → updated, repainted list. Target ≤ 16 ms."""

from __future__ import annotations

import statistics
import time

from benchmarks.common import Result
from benchmarks.gui import Desktop
from benchmarks.startup import prepare_full_store

TARGET_MS = 16.0
TYPED = ("hundesteuer", "melde", "sterbeurkunde", "99102013", "bau", "geburt")


def run() -> Result:
    from PySide6.QtCore import Qt  # noqa: PLC0415 - after the offscreen set-up in gui
    from PySide6.QtTest import QTest  # noqa: PLC0415

    desktop = Desktop(prepare_full_store())
    try:
        page = desktop.window.leistungen
        desktop.window.show_page(1)
        search = page.filter_bar.search
        search.setFocus()
        samples = []
        for word in TYPED:
            keys = [*word, *(["\b"] * len(word))]
            for key in keys:
                start = time.perf_counter()
                if key == "\b":
                    QTest.keyClick(search, Qt.Key.Key_Backspace)
                else:
                    QTest.keyClicks(search, key)
                page.table.viewport().repaint()  # synchronous paint of the updated rows
                samples.append((time.perf_counter() - start) * 1000)
        median = statistics.median(samples)
    finally:
        desktop.close()
    return Result(
        "filter_keystroke",
        round(median, 2),
        "ms",
        TARGET_MS,
        note=f"Median aus {len(samples)} Tastendrücken, 557 OZG-/4.813 LeiKa-Leistungen",
    )
