"""Bugs end up here: logged with their traceback and shown in a crash dialog (never silently)."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ozg_desk import __version__

log = logging.getLogger(__name__)


class CrashDialog(QDialog):
    """Tells the user what happened, that their data is safe, and how to report it."""

    def __init__(self, details: str, log_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("OZG-Desk – unerwarteter Fehler")
        self.setAccessibleName("Unerwarteter Fehler")
        text = QLabel(
            "<p><b>In OZG-Desk ist ein unerwarteter Fehler aufgetreten.</b></p>"
            "<p>Alle bis jetzt gespeicherten Änderungen sind sicher. Bitte senden Sie die "
            "Angaben unten an Ihren IT-Support; sie stehen auch im Protokoll:<br>"
            f"{log_path}</p>"
        )
        text.setWordWrap(True)
        self.details = QPlainTextEdit(f"OZG-Desk {__version__}\n\n{details}")
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Fehlerdetails")
        text.setBuddy(self.details)
        buttons = QDialogButtonBox()
        copy = QPushButton("Details &kopieren")
        copy.setAccessibleName("Details kopieren")
        copy.clicked.connect(self._copy)
        open_logs = QPushButton("&Protokollordner öffnen")
        open_logs.setAccessibleName("Protokollordner öffnen")
        open_logs.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_path.parent)))
        )
        proceed = QPushButton("&Weiterarbeiten")
        proceed.setAccessibleName("Weiterarbeiten")
        proceed.setDefault(True)
        proceed.clicked.connect(self.accept)
        for button in (copy, open_logs):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(proceed, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


class CrashHandler:
    """Installed as `sys.excepthook` while the GUI runs."""

    def __init__(self, log_path: Path, *, headless: bool) -> None:
        self.log_path = log_path
        self.headless = headless
        self.crashed = False
        self._showing = False

    def install(self) -> None:
        sys.excepthook = self.handle

    def handle(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        self.crashed = True
        log.critical("Unbehandelter Fehler", exc_info=(kind, error, trace))
        details = "".join(traceback.format_exception(kind, error, trace))
        if self.headless:
            print(details, file=sys.stderr)
            QApplication.exit(1)
            return
        if self._showing:
            return
        self._showing = True
        try:
            CrashDialog(details, self.log_path, QApplication.activeWindow()).exec()
        finally:
            self._showing = False

    def report(self, error: BaseException) -> None:
        """Handle an exception that a background task delivered."""
        self.handle(type(error), error, error.__traceback__)
