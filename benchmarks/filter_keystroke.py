"""filter_keystroke: keystroke in the search field → updated, repainted list. Target ≤ 16 ms.

The floor, measured in the same run: a bare QSortFilterProxyModel over the same 5,370 names
(OZG and LeiKa) in a plain QTableView of the same size, filtered by the same keystrokes.
"""

from __future__ import annotations

import statistics
import time
from typing import TYPE_CHECKING

from benchmarks.common import Result
from benchmarks.gui import Desktop
from benchmarks.startup import prepare_full_store
from ozg_desk.store.database import Store

if TYPE_CHECKING:
    from PySide6.QtCore import QSize

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
        names = _names(desktop.session.store)
        floor = _bare_proxy(names, page.table.size())
    finally:
        desktop.close()
    return Result(
        "filter_keystroke",
        round(median, 2),
        "ms",
        TARGET_MS,
        baseline=round(floor, 2),
        ratio=round(median / floor, 2),
        note=f"Median aus {len(samples)} Tastendrücken, 557 OZG-/4.813 LeiKa-Leistungen; "
        f"Vergleich: nacktes QSortFilterProxyModel über dieselben {len(names)} Namen",
    )


def _names(store: Store) -> list[str]:
    with store.read() as connection:
        return [
            row[0]
            for row in connection.execute(
                "SELECT name FROM ozg_leistung UNION ALL SELECT name FROM leika_leistung"
            )
        ]


def _bare_proxy(names: list[str], size: QSize) -> float:
    """Median ms per keystroke: set the fixed filter string, repaint the view synchronously."""
    from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt  # noqa: PLC0415
    from PySide6.QtWidgets import QTableView  # noqa: PLC0415

    source = QStringListModel(names)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(source)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QTableView()
    view.setModel(proxy)
    view.resize(size)
    view.show()
    samples = []
    for word in TYPED:
        texts = [word[:end] for end in range(1, len(word) + 1)]
        texts += [word[:end] for end in range(len(word) - 1, -1, -1)]
        for text in texts:
            start = time.perf_counter()
            proxy.setFilterFixedString(text)
            view.viewport().repaint()
            samples.append((time.perf_counter() - start) * 1000)
    view.close()
    return statistics.median(samples)
