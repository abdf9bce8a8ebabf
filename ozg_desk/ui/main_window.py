"""The main window: a composition of header, navigation, pages, menus and status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ozg_desk import __version__
from ozg_desk.domain.fields import german_int
from ozg_desk.session import Session, Snapshot
from ozg_desk.ui.header import Header
from ozg_desk.ui.leistungen_page import LeistungenPage
from ozg_desk.ui.overview_page import OverviewPage


class MainWindow(QMainWindow):
    """Shows 'Lade …' until a session and its first snapshot arrive."""

    loaded = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("OZG-Desk")
        self.session: Session | None = None
        self.header = Header()
        self.navigation = QListWidget()
        self.navigation.setAccessibleName("Navigation")
        self.navigation.addItems(["Übersicht", "Leistungen"])
        self.navigation.setMaximumWidth(self.fontMetrics().horizontalAdvance("x") * 22)
        self.pages = QStackedWidget()
        self.overview = OverviewPage()
        self.leistungen = LeistungenPage()
        self.loading = QLabel("Daten werden geladen …")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for page in (self.overview, self.leistungen, self.loading):
            self.pages.addWidget(page)
        self.pages.setCurrentWidget(self.loading)
        self.navigation.currentRowChanged.connect(self._show_page)
        body = QHBoxLayout()
        body.addWidget(self.navigation)
        body.addWidget(self.pages, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.header)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(self.fontMetrics().horizontalAdvance("x") * 20)
        self.busy.setAccessibleName("Arbeit läuft")
        self.busy.hide()
        self.statusBar().addPermanentWidget(self.busy)
        self._build_menus()
        self.resize(1280, 800)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Datei")
        quit_action = QAction("&Beenden", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&Ansicht")
        for row, (title, key) in enumerate((("Ü&bersicht", "Ctrl+1"), ("&Leistungen", "Ctrl+2"))):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _checked=False, r=row: self.navigation.setCurrentRow(r))
            view_menu.addAction(action)
        help_menu = self.menuBar().addMenu("&Hilfe")
        about = QAction("Ü&ber OZG-Desk", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _show_page(self, row: int) -> None:
        if self.session is not None and row >= 0:
            self.pages.setCurrentIndex(row)

    def show_busy(self, label: str) -> None:
        self.statusBar().showMessage(label)
        self.busy.show()

    def hide_busy(self) -> None:
        self.statusBar().clearMessage()
        self.busy.hide()

    def show_session(self, session: Session, snapshot: Snapshot) -> None:
        self.session = session
        self.header.show_behoerde(snapshot.behoerde, demo=session.demo)
        self.overview.show_snapshot(snapshot)
        self.leistungen.show_snapshot(snapshot)
        title = snapshot.behoerde.name if snapshot.behoerde else "keine Behörde"
        self.setWindowTitle(f"OZG-Desk – {title}" + (" (Demo)" if session.demo else ""))
        tracked = sum(1 for row in snapshot.leistungen if row.anbindung_id)
        self.statusBar().showMessage(
            f"{german_int(len(snapshot.leistungen))} Leistungen im Katalog, "
            f"{german_int(tracked)} erfasst · Daten: {session.data_dir.root}"
        )
        self.navigation.setCurrentRow(0)
        self.pages.setCurrentWidget(self.overview)
        self.loaded.emit()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "Über OZG-Desk",
            f"<p><b>OZG-Desk {__version__}</b></p>"
            "<p>Anbindung der OZG-Leistungen an das MV-Serviceportal verfolgen.</p>"
            "<p>Gebietsdaten: © Statistisches Bundesamt (Destatis), "
            "Datenlizenz Deutschland – Namensnennung 2.0.</p>",
        )
