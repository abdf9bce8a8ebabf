"""A button that starts an import, a busy bar while it runs, and the German result below."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ozg_desk.ui.setup.import_dialogs import NOTHING_CHANGED
from ozg_desk.ui.widgets.a11y import named
from ozg_desk.ui.widgets.form_support import MessageLabel, chars


class ImportRow(QWidget):
    """`finished(ok)` fires on the GUI thread when the import succeeded or was refused."""

    finished = Signal(bool)

    def __init__(self, text: str, name: str, description: str) -> None:
        super().__init__()
        self.button = named(QPushButton(text), name, description)
        self.busy = named(QProgressBar(), "Import läuft")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(chars(self, 16))
        self.busy.hide()
        self.result = MessageLabel()
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addWidget(self.busy)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.result)

    def running(self) -> bool:
        return not self.busy.isHidden()

    def start(self, names: str) -> None:
        self.button.setEnabled(False)
        self.busy.show()
        self.result.show_info(f"{names}: Import läuft …")

    def succeeded(self, heading: str, report: str) -> None:
        self._stop()
        self.result.show_info(f"{heading}\n{report}")
        self.finished.emit(True)

    def refused(self, message: str) -> None:
        self._stop()
        self.result.show_error(f"Import abgelehnt: {message}\n{NOTHING_CHANGED}")
        self.finished.emit(False)

    def _stop(self) -> None:
        self.button.setEnabled(True)
        self.busy.hide()
