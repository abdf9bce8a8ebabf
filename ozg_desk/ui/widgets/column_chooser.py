"""Columns of a list that the user can hide and show again (right-click on the header, or the
„Ansicht“ menu by keyboard); the choice is kept per installation."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView

from ozg_desk.store import settings
from ozg_desk.ui.desk import Desk


class ColumnChooser(QObject):
    """`menu` holds one checkable entry per column that may be hidden (`fixed` ones may not)."""

    def __init__(
        self, desk: Desk, table: QTableView, key: str, title: str, fixed: tuple[int, ...] = ()
    ) -> None:
        super().__init__(table)
        self.desk, self.table, self.key = desk, table, key
        self.menu = QMenu(title, table)
        self.actions: dict[int, QAction] = {}
        model = table.model()
        for column in range(model.columnCount()):
            if column in fixed:
                continue
            name = str(model.headerData(column, Qt.Orientation.Horizontal))
            action = QAction(name, self.menu)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda shown, c=column: self._toggled(c, shown))
            self.menu.addAction(action)
            self.actions[column] = action
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        desk.read(lambda connection: settings.load_json(connection, key), self._loaded)

    def hidden(self) -> list[str]:
        return [action.text() for action in self.actions.values() if not action.isChecked()]

    def _loaded(self, stored: object) -> None:
        names = set(stored) if isinstance(stored, list) else set()
        for action in self.actions.values():
            action.setChecked(action.text() not in names)

    def _toggled(self, column: int, shown: bool) -> None:
        self.table.setColumnHidden(column, not shown)
        hidden, store, key = self.hidden(), self.desk.session.store, self.key
        self.desk.tasks.run_db(lambda: settings.save_json(store, key, hidden))

    def _header_menu(self, position: QPoint) -> None:
        self.menu.popup(self.table.horizontalHeader().mapToGlobal(position))
