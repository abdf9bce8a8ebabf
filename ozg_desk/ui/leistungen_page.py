"""Leistungen: the catalogue as a searchable, sortable table with the Anbindung status."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.session import Snapshot
from ozg_desk.ui.leistungen_model import LeistungenModel


class LeistungenPage(QWidget):
    """A table view over `LeistungenModel` with a plain text filter."""

    def __init__(self) -> None:
        super().__init__()
        self.model = LeistungenModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Suchen nach Name, OZG-ID, Themenfeld …")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Leistungen durchsuchen")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        label = QLabel("&Suche:")
        label.setBuddy(self.search)
        self.table = QTableView()
        self.table.setAccessibleName("Leistungen")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        self.setAccessibleName("Leistungen")

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self.model.set_rows(snapshot.leistungen)
        # Widths in characters of the current font, so they grow with the system font size.
        char = self.table.fontMetrics().averageCharWidth()
        for column, characters in enumerate((8, 48, 26, 24, 14, 20, 24)):
            self.table.setColumnWidth(column, characters * char)
