"""The main window: a composition of header, navigation, pages, menus and status bar."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ozg_desk import __version__
from ozg_desk.app.session import Session, Snapshot, load_snapshot
from ozg_desk.domain.behoerde import Behoerde
from ozg_desk.domain.catalogue import LeistungRow
from ozg_desk.domain.fields import german_int
from ozg_desk.domain.lifecycle import DEFAULT_WORKFLOW
from ozg_desk.domain.listing import ListFilter
from ozg_desk.store import queries
from ozg_desk.store.changes import Changes
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.documents.actions import menu_specs
from ozg_desk.ui.documents.page import DocumentsPage
from ozg_desk.ui.leistungen.page import LeistungenPage
from ozg_desk.ui.overview.page import OverviewPage
from ozg_desk.ui.sync.controller import SyncController
from ozg_desk.ui.tasks import TaskManager
from ozg_desk.ui.widgets.a11y import named
from ozg_desk.ui.widgets.header import Header
from ozg_desk.ui.widgets.menus import ActionSpec, build_menus, shortcut_table

PAGES = ("Übersicht", "Leistungen", "Dokumente", "Synchronisation")


class MainWindow(QMainWindow):
    """Shows 'Daten werden geladen …' until a session and its first snapshot arrive."""

    loaded = Signal()
    setup_requested = Signal()

    def __init__(self, tasks: TaskManager) -> None:
        super().__init__()
        self.tasks = tasks
        self.setWindowTitle("OZG-Desk")
        self.session: Session | None = None
        self.desk: Desk | None = None
        self.behoerde: Behoerde | None = None
        self.catalogue: queries.CatalogueInfo | None = None
        self.header = Header()
        self.navigation = named(QListWidget(), "Navigation")
        self.navigation.addItems(list(PAGES))
        metrics = self.fontMetrics()
        self.navigation.setSpacing(int(metrics.height() * 0.35))
        font = self.navigation.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.navigation.setFont(font)
        # Wide enough for the longest entry in the navigation's own (larger) font, so that no
        # entry is cut and no scroll bar appears, whatever the system font.
        widest = max(self.navigation.fontMetrics().horizontalAdvance(page) for page in PAGES)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setFixedWidth(widest + metrics.averageCharWidth() * 4)
        self.pages = QStackedWidget()
        self.loading = QLabel("Daten werden geladen …")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(self.loading)
        body = QHBoxLayout()
        body.addWidget(self.navigation)
        body.addWidget(self.pages, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.header)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)
        self.busy = named(QProgressBar(), "Arbeit läuft")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(self.fontMetrics().averageCharWidth() * 20)
        self.busy.hide()
        self.statusBar().addPermanentWidget(self.busy)
        self._status_text = ""
        self._due_notice: str | None = None  # said once per start, in the status bar
        self.resize(1360, 860)

    # --- session -------------------------------------------------------------------------

    def show_session(self, session: Session, snapshot: Snapshot) -> None:
        self.session = session
        self.desk = desk = Desk(session, self.tasks, self)
        self.overview = OverviewPage()
        self.leistungen = LeistungenPage(desk, DEFAULT_WORKFLOW)
        self.documents = DocumentsPage(desk)
        self.sync = SyncController(desk)
        # The sync page (and with it the sync client) is built when it is first shown.
        self.sync_page: QWidget | None = None
        self.sync_placeholder = QWidget()
        for page in (self.overview, self.leistungen, self.documents, self.sync_placeholder):
            self.pages.addWidget(page)
        self.sync_status = named(
            QPushButton(), "Stand der Synchronisation", "Zur Seite Synchronisation"
        )
        self.sync_status.setFlat(True)
        self.sync_status.clicked.connect(lambda: self.show_page(3))
        self.statusBar().addPermanentWidget(self.sync_status)
        self.sync.changed.connect(lambda view: self.sync_status.setText(view.text()))
        self.navigation.currentRowChanged.connect(self.show_page)
        self.overview.setup_requested.connect(self.setup_requested)
        self.overview.show_records.connect(self._show_figure_records)
        self.overview.open_leistung.connect(self._open_leistung)
        self.overview.due_notice.connect(self._show_due_notice)
        self.leistungen.rows_changed.connect(self._refresh_overview)
        self.leistungen.documents_requested.connect(self.documents.commands.new_document)
        self.documents.reveal_requested.connect(lambda: self.show_page(2))
        desk.changed.connect(self._on_changed)
        desk.undo_changed.connect(self._update_undo)
        self.actions_by_key = build_menus(self, self._menu_specs())
        view_menu = self.actions_by_key["page0"].associatedObjects()[0]
        if isinstance(view_menu, QMenu):
            view_menu.addSeparator()
            view_menu.addMenu(self.leistungen.columns.menu)
        self._update_undo()
        self.show_snapshot(snapshot)
        # Not only setCurrentRow(0): the list may be at row 0 already (it takes its first row
        # when it gets the focus while the data loads), and then no signal would show the page.
        self.show_page(0)
        self.loaded.emit()

    def start_background_sync(self) -> None:
        self.sync.start()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        assert self.session is not None
        self.behoerde, self.catalogue = snapshot.behoerde, snapshot.catalogue
        self.header.show_behoerde(snapshot.behoerde, demo=self.session.demo)
        self.leistungen.show_rows(snapshot.behoerde, snapshot.leistungen)
        title = snapshot.behoerde.name if snapshot.behoerde else "keine Behörde"
        self.setWindowTitle(f"OZG-Desk – {title}" + (" (Demo)" if self.session.demo else ""))

    def _build_sync_page(self) -> None:
        from ozg_desk.ui.sync.page import SyncPage  # noqa: PLC0415 - see __init__

        assert self.desk is not None
        self.sync_page = SyncPage(self.desk, self.sync)
        index = self.pages.indexOf(self.sync_placeholder)
        self.pages.insertWidget(index, self.sync_page)
        self.pages.removeWidget(self.sync_placeholder)
        self.sync_placeholder.deleteLater()

    def reload(self) -> None:
        """Read everything again (after an import or a changed Behörde)."""
        if self.session is None or self.desk is None:
            return
        store = self.session.store
        self.desk.run_background(
            lambda: load_snapshot(store), self.show_snapshot, label="Daten werden geladen"
        )

    def _on_changed(self, changes: Changes) -> None:
        if changes.catalogue or changes.touches("behoerde") or changes.touches("gemeinde"):
            self.reload()

    def _refresh_overview(self) -> None:
        if self.catalogue is None or self.session is None:
            return
        rows = self.leistungen.model.rows()
        self.overview.show_data(self.behoerde, self.catalogue, rows)
        if self.behoerde is not None and self.desk is not None:
            self.overview.read_figures(self.desk)
        self._show_status(rows)

    def _show_status(self, rows: Sequence[LeistungRow] | None = None) -> None:
        rows = self.leistungen.model.rows() if rows is None else rows
        tracked = sum(1 for row in rows if row.anbindung_id)
        self._status_text = (
            f"{german_int(len(rows))} Leistungen im Katalog, {german_int(tracked)} erfasst · "
            f"Daten: {self.session.data_dir.root if self.session else ''}"
            + (f" · {self._due_notice}" if self._due_notice else "")
        )
        self.statusBar().showMessage(self._status_text)

    def _show_due_notice(self, text: str) -> None:
        self._due_notice = text
        self._show_status()

    def _open_leistung(self, ozg_id: str) -> None:
        """From „Fällig“ to the Leistung in the editor, whatever the list's filter hid."""
        self.show_page(1)
        if not self.leistungen.select_ozg_id(ozg_id):
            self.leistungen.filter_bar.apply(ListFilter(relevance="alle"))
            self.leistungen.select_ozg_id(ozg_id)
        self.leistungen.table.setFocus()

    def _show_figure_records(self, ozg_ids: tuple[str, ...], name: str) -> None:
        """From a Kennzahl to the Leistungen list holding exactly the records behind it."""
        self.show_page(1)
        self.leistungen.filter_bar.apply(ListFilter.records(ozg_ids, name))
        self.leistungen.table.setFocus()

    def show_page(self, row: int) -> None:
        if self.session is not None and 0 <= row < len(PAGES):
            if row == 3 and self.sync_page is None:
                self._build_sync_page()
            self.pages.setCurrentIndex(row + 1)
            if self.navigation.currentRow() != row:
                self.navigation.setCurrentRow(row)

    # --- menus ---------------------------------------------------------------------------

    def _menu_specs(self) -> list[ActionSpec]:
        page = self.leistungen
        desk = self.desk
        assert desk is not None
        key = QKeySequence.StandardKey
        return [
            ActionSpec(
                "&Datei",
                "import_catalogue",
                "Leistungskatalog &importieren …",
                ("Ctrl+I",),
                self.import_catalogue,
            ),
            ActionSpec(
                "&Datei", "import_areas", "&Gebietsdaten importieren …", (), self.import_areas
            ),
            ActionSpec("&Datei", "-1", "", (), lambda: None),
            ActionSpec("&Datei", "quit", "&Beenden", ("Ctrl+Q",), self.close),
            ActionSpec("&Bearbeiten", "undo", "&Rückgängig", (key.Undo,), desk.undo),
            ActionSpec("&Bearbeiten", "redo", "&Wiederholen", ("Ctrl+Y", key.Redo), desk.redo),
            ActionSpec("&Bearbeiten", "-1", "", (), lambda: None),
            ActionSpec("&Bearbeiten", "search", "&Suchen", (key.Find,), self._search),
            ActionSpec("&Bearbeiten", "track", "&Erfassen", ("Ctrl+N",), self._track_current),
            ActionSpec("&Bearbeiten", "bulk", "S&ammelbearbeitung …", ("Ctrl+E",), self._bulk),
            ActionSpec(
                "&Bearbeiten", "reset", "&Filter zurücksetzen", ("Ctrl+R",), page.reset_filter
            ),
            *(
                ActionSpec(
                    "&Ansicht",
                    f"page{index}",
                    f"&{index + 1} {name}",
                    (f"Ctrl+{index + 1}",),
                    partial(self.show_page, index),
                )
                for index, name in enumerate(PAGES)
            ),
            *menu_specs(self.documents.commands, lambda: self.show_page(2), self._new_document),
            ActionSpec(
                "Sy&nchronisation",
                "sync_now",
                "&Jetzt synchronisieren",
                ("F5",),
                self.sync.sync_now,
            ),
            ActionSpec(
                "Sy&nchronisation",
                "sync_page",
                "&Verbindung und Konflikte …",
                (),
                lambda: self.show_page(3),
            ),
            ActionSpec(
                "B&ehörde", "behoerde", "Behörde &bearbeiten …", ("Ctrl+B",), self.edit_behoerde
            ),
            ActionSpec(
                "B&ehörde", "setup", "&Einrichtungsassistent …", (), self.setup_requested.emit
            ),
            ActionSpec(
                "&Hilfe", "keys", "&Tastenkürzel", (key.HelpContents, "F1"), self._show_shortcuts
            ),
            ActionSpec("&Hilfe", "about", "Ü&ber OZG-Desk", (), self._about),
        ]

    def _new_document(self) -> None:
        """On the Leistungen page the selected tracked Leistungen are preselected."""
        chosen: list[str] = []
        if self.pages.currentWidget() is self.leistungen:
            chosen = [row.ozg_id for row in self.leistungen.selected_rows() if row.anbindung_id]
        self.documents.commands.new_document(chosen)

    def _update_undo(self) -> None:
        assert self.desk is not None
        for key, label, text in (
            ("undo", "&Rückgängig", self.desk.undo_text()),
            ("redo", "&Wiederholen", self.desk.redo_text()),
        ):
            action = self.actions_by_key[key]
            action.setEnabled(text is not None)
            action.setText(f"{label}: {text}" if text else label)

    def _search(self) -> None:
        self.show_page(1)
        self.leistungen.focus_search()

    def _track_current(self) -> None:
        row = self.leistungen.editor.row
        if row is not None and row.anbindung_id is None:
            self.leistungen.track(row.ozg_id)

    def _bulk(self) -> None:
        self.show_page(1)
        self.leistungen.bulk_edit()

    def import_catalogue(self) -> None:
        from ozg_desk.ui.setup.import_dialogs import open_catalogue_import  # noqa: PLC0415

        assert self.desk is not None
        open_catalogue_import(self, self.desk, lambda _report: self.reload())

    def import_areas(self) -> None:
        from ozg_desk.ui.setup.import_dialogs import open_areas_import  # noqa: PLC0415

        assert self.desk is not None
        open_areas_import(self, self.desk, lambda _report: None)

    def edit_behoerde(self) -> None:
        from ozg_desk.ui.setup.behoerde_dialog import BehoerdeDialog  # noqa: PLC0415

        assert self.desk is not None
        BehoerdeDialog(self.desk, self).exec()

    def _show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td><b>{keys}</b></td><td>{text}</td></tr>"
            for keys, text in shortcut_table(self.actions_by_key)
        )
        QMessageBox.information(
            self,
            "Tastenkürzel",
            f"<table cellspacing='6'>{rows}</table>"
            "<p>Im Editor: Strg+Tab wechselt den Bereich, Strg+Entf leert "
            "ein Datum. In der Liste: Umschalt+F10 öffnet das Kontextmenü."
            "</p>",
        )

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "Über OZG-Desk",
            f"<p><b>OZG-Desk {__version__}</b></p>"
            "<p>Anbindung der OZG-Leistungen an das MV-Serviceportal verfolgen.</p>"
            "<p>Gebietsdaten: © Statistisches Bundesamt (Destatis), "
            "Datenlizenz Deutschland – Namensnennung 2.0.</p>",
        )

    # --- busy indicator ------------------------------------------------------------------

    def show_busy(self, label: str) -> None:
        self.statusBar().showMessage(label)
        self.busy.show()

    def hide_busy(self) -> None:
        self.busy.hide()
        self.statusBar().showMessage(self._status_text)
