"""Dokumente: the register of generated papers beside a preview of the selected one, with
„Neues Dokument“, printing at 100 %, saving a copy, „Rücklauf erfassen“ and „Stand setzen“."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.domain.documents import STATE_LABELS
from ozg_desk.store.changes import Changes
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.documents.actions import SETTABLE, DocumentActions, ahead
from ozg_desk.ui.documents.model import ERZEUGT, TITEL, RegisterModel, RegisterProxy
from ozg_desk.ui.documents.ops import read_register
from ozg_desk.ui.documents.preview import PreviewWidget
from ozg_desk.ui.widgets.a11y import clearable, named
from ozg_desk.ui.widgets.form_support import MessageLabel, chars, guarded

if TYPE_CHECKING:
    from ozg_desk.store.register import RegisterEntry

# The widest usual content per column (the title column stretches instead).
COLUMN_SAMPLES = (
    "2026-WWWW-0000",
    "Antrag auf Anbindung",
    "10124, 10160",
    "unterschrieben zurück",
    "00.00.0000",
    "00.00.0000",
)


class DocumentsPage(QWidget):
    """Reads the register when shown and after every write that touched a document; the
    `RegisterView` its actions talk to."""

    reveal_requested = Signal()  # something happened here the user should see

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.setAccessibleName("Dokumente")
        self.model = RegisterModel()
        self.commands = DocumentActions(self, desk, self)
        self.proxy = RegisterProxy(self.model)
        heading = QLabel("Dokumente")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        self.count = QLabel()
        self.message = MessageLabel()
        self.new_button = self._button("Ne&ues Dokument …", "Neues Dokument", "Strg+Umschalt+N")
        self.preview_button = self._button("&Vorschau", "Vorschau", "Strg+Umschalt+V")
        self.print_button = self._button("D&rucken …", "Drucken", "Strg+P; in Originalgröße")
        self.save_button = self._button(
            "Als &PDF speichern …", "Als PDF speichern", "Strg+Umschalt+S"
        )
        self.return_button = self._button(
            "Rück&lauf erfassen …", "Rücklauf erfassen", "Strg+Umschalt+R; Nummer oder QR-Code"
        )
        self.state_button = self._button(
            "&Stand setzen", "Stand setzen", "gedruckt, versandt oder bestätigt"
        )
        self.state_menu = QMenu(self.state_button)
        self.state_actions = {
            state: self.state_menu.addAction(STATE_LABELS[state]) for state in SETTABLE
        }
        for state, action in self.state_actions.items():
            action.triggered.connect(partial(self.commands.set_state, state))
        self.state_menu.aboutToShow.connect(self._update_state_menu)
        self.state_button.setMenu(self.state_menu)
        self.search = named(
            QLineEdit(), "Register durchsuchen", "Nach Nummer, Dokument, OZG-ID, Stand, Bemerkung"
        )
        self.search.setPlaceholderText("Suchen: Nummer, Dokument, OZG-ID, Stand …")
        clearable(self.search, "Suche leeren")
        self.table = named(
            QTableView(),
            "Dokumentenregister",
            "Enter zeigt die Vorschau; Kontextmenü mit Umschalt+F10",
        )
        self._setup_table()
        self.preview = PreviewWidget(desk)
        self._layout(heading)
        self._connect()
        self._stale = True
        self._loaded = False
        self._generation = 0
        self._select_id: str | None = None
        self._sized = False
        self.update_actions()

    def _button(self, text: str, name: str, description: str) -> QPushButton:
        return named(QPushButton(text), name, description)

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(ERZEUGT, Qt.SortOrder.DescendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(int(table.fontMetrics().height() * 1.7))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITEL, QHeaderView.ResizeMode.Stretch)  # takes what is left
        header.setMinimumSectionSize(chars(table, 8))
        # Measured on what the columns hold, so the number and the dates are never cut off
        # (an average character is narrower than a digit or a capital).
        heading = QFont(header.font())
        heading.setBold(True)  # as many styles draw it
        metrics, bold = table.fontMetrics(), QFontMetrics(heading)
        margin = chars(table, 3)
        for column, sample in enumerate(COLUMN_SAMPLES):
            label = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), bold.horizontalAdvance(label))
            table.setColumnWidth(column, width + margin)

    def _layout(self, heading: QLabel) -> None:
        title = QHBoxLayout()
        title.addWidget(heading)
        title.addSpacing(chars(self, 2))
        title.addWidget(self.count, 1, Qt.AlignmentFlag.AlignBottom)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.preview_button, self.print_button, self.save_button):
            buttons.addWidget(button)
        buttons.addSpacing(chars(self, 2))
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.state_button)
        buttons.addStretch()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(title)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        actions = self.commands
        self.new_button.clicked.connect(lambda _checked=False: actions.new_document())
        self.preview_button.clicked.connect(actions.open_preview)
        self.print_button.clicked.connect(actions.print_selected)
        self.save_button.clicked.connect(actions.save_selected)
        self.return_button.clicked.connect(actions.record_returns)
        self.search.textChanged.connect(self.proxy.set_text)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(lambda _index: actions.open_preview())
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.desk.changed.connect(self.on_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            width = self.splitter.width()
            self.splitter.setSizes([int(width * 0.63), int(width * 0.37)])
        if self._stale:
            self.refresh()

    # --- the register ----------------------------------------------------------------------

    def on_changed(self, changes: Changes) -> None:
        if changes.touches("dokument"):
            self.refresh()

    def refresh(self) -> None:
        """Read the register again; an answer overtaken by a newer read is dropped."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._generation += 1
        generation = self._generation

        def show(entries: list[RegisterEntry]) -> None:
            if generation == self._generation:
                self.show_entries(entries)

        self.desk.read(read_register, guarded(self, show))

    def show_entries(self, entries: Sequence[RegisterEntry]) -> None:
        current = self.selected()
        wanted = self._select_id or (current.id if current else None)
        self.model.set_entries(entries)
        self._loaded = True
        total = len(entries)
        self.count.setText(
            f"{total} Dokument{'e' if total != 1 else ''} im Register"
            if total
            else "Noch keine Dokumente: „Neues Dokument …“ erzeugt das erste."
        )
        if wanted is not None and self.select_entry(wanted):
            self._select_id = None
        elif self.selected() is None:
            self.preview.show_entry(None)
        self.update_actions()

    def selected(self) -> RegisterEntry | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.entry_at(self.proxy.mapToSource(index).row())

    def select_entry(self, entry_id: str) -> bool:
        position = self.model.position_of(entry_id)
        if position is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(position, 0))
        if not index.isValid():
            self.search.clear()  # the filter hides it
            index = self.proxy.mapFromSource(self.model.index(position, 0))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        self.preview.show_entry(self.model.entry_at(position))
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = (
            self.model.entry_at(self.proxy.mapToSource(current).row())
            if current.isValid()
            else None
        )
        self.preview.show_entry(entry)
        self.update_actions()

    def update_actions(self) -> None:
        chosen = self.selected() is not None
        for button in (self.preview_button, self.save_button, self.state_button):
            button.setEnabled(chosen)
        self.print_button.setEnabled(chosen and not self.commands.printing)

    def _update_state_menu(self) -> None:
        entry = self.selected()
        for state, action in self.state_actions.items():
            action.setEnabled(entry is not None and ahead(entry, state))

    def entry_by_id(self, entry_id: str) -> RegisterEntry | None:
        position = self.model.position_of(entry_id)
        return None if position is None else self.model.entry_at(position)

    def show_message(self, text: str, *, error: bool = False, reveal: bool = False) -> None:
        if reveal:
            self.reveal_requested.emit()
        if error:
            self.message.show_error(text)
        else:
            self.message.show_info(text)

    def show_generated(self, created: list[str], report: str, *, failed: bool) -> None:
        """After „Neues Dokument“: say what happened, select the newest and show it."""
        self.show_message(report, error=failed)
        if created:
            self._select_id = created[-1]
        self.reveal_requested.emit()
        if self._select_id is not None and self._loaded and self.select_entry(self._select_id):
            self._select_id = None
        else:
            self.refresh()

    def _context_menu(self, position: QPoint) -> None:
        entry, actions = self.selected(), self.commands
        menu = QMenu(self)
        if entry is not None:
            self._add(menu, "&Vorschau", actions.open_preview)
            self._add(menu, "&Drucken …", actions.print_selected).setEnabled(not actions.printing)
            self._add(menu, "Als &PDF speichern …", actions.save_selected)
            states = menu.addMenu("&Stand setzen")
            for state in SETTABLE:
                action = self._add(states, STATE_LABELS[state], partial(actions.set_state, state))
                action.setEnabled(ahead(entry, state))
            menu.addSeparator()
        self._add(menu, "&Neues Dokument …", actions.new_document)
        self._add(menu, "&Rücklauf erfassen …", actions.record_returns)
        menu.exec(self.table.viewport().mapToGlobal(position))

    @staticmethod
    def _add(menu: QMenu, text: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, menu)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action
