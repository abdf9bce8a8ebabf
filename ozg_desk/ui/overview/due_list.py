"""„Fällig“ on the Übersicht: a table of what is overdue or due within 90 days; Enter or a
double click opens the Leistung in the editor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

from ozg_desk.app.german_time import german_date
from ozg_desk.figures.due import DueItem
from ozg_desk.ui.widgets.a11y import named

HEADERS = ("Fällig am", "Wann", "Art", "Was")


class DueList(QTreeWidget):
    """Flat rows (no tree); the group („überfällig“, „in 30 Tagen“) is a column, not a colour."""

    open_leistung = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        named(self, "Fällig", "Eingabetaste öffnet die Leistung im Editor")
        self.setColumnCount(len(HEADERS))
        self.setHeaderLabels(list(HEADERS))
        self.setRootIsDecorated(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.itemActivated.connect(self._activated)

    def show_items(self, items: Sequence[DueItem], today: dt.date) -> None:
        self.clear()
        for item in items:
            row = QTreeWidgetItem(
                [german_date(item.day.isoformat()), item.group(today), item.kind, item.what]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, item.ozg_id)
            self.addTopLevelItem(row)
        for column in range(3):
            self.resizeColumnToContents(column)
        if not items:
            empty = QTreeWidgetItem(["", "", "", "Nichts fällig in den nächsten 90 Tagen."])
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(empty)
        rows = max(len(items), 1)
        self.setMinimumHeight(self.fontMetrics().height() * (min(rows, 8) + 2))

    def _activated(self, row: QTreeWidgetItem, _column: int) -> None:
        ozg_id = row.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(ozg_id, str):
            self.open_leistung.emit(ozg_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current is not None:
            self._activated(current, 0)
            return
        super().keyPressEvent(event)
