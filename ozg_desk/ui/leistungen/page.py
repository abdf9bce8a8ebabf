"""Leistungen: the filterable list of all OZG-Leistungen beside the Anbindung editor."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.domain.anbindung import anbindung_id
from ozg_desk.domain.behoerde import Behoerde
from ozg_desk.domain.catalogue import LeistungRow
from ozg_desk.domain.lifecycle import Status, Workflow
from ozg_desk.domain.listing import (
    ListFilter,
    SavedView,
    builtin_views,
    views_from_json,
    views_to_json,
)
from ozg_desk.store import meta, queries, settings
from ozg_desk.store.changes import Changes
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.editor.pane import AnbindungEditor
from ozg_desk.ui.editor.transition_dialog import TransitionDialog
from ozg_desk.ui.leistungen.bulk_dialog import BulkEditDialog
from ozg_desk.ui.leistungen.model import LeistungenModel
from ozg_desk.ui.leistungen.proxy import LeistungenProxy
from ozg_desk.ui.widgets.a11y import down_to, named
from ozg_desk.ui.widgets.column_chooser import ColumnChooser
from ozg_desk.ui.widgets.filter_bar import FilterBar

COLUMN_CHARS = (12, 44, 22, 24, 14, 18, 22, 18)  # OZG-ID: room for the sort arrow too


ZIELTERMIN = 5  # the column that must stay in view beside the editor


class LeistungenPage(QWidget):
    """Owns the list model; refreshes only the rows a write touched."""

    rows_changed = Signal()
    documents_requested = Signal(list)  # OZG-IDs of tracked Leistungen to preselect

    def __init__(self, desk: Desk, workflow: Workflow) -> None:
        super().__init__()
        self.desk, self.workflow = desk, workflow
        self.behoerde: Behoerde | None = None
        self.model = LeistungenModel()
        self.proxy = LeistungenProxy(self.model)
        self.filter_bar = FilterBar()
        self.table = named(
            QTableView(), "Leistungen", "Liste der OZG-Leistungen; Kontextmenü mit Umschalt+F10"
        )
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(
            int(self.table.fontMetrics().height() * 1.7)
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        # The name takes what is left (at least 20 characters) and is shortened with „…“ (its
        # tooltip shows it whole), so that the other columns stay in view on a narrow screen.
        self.table.viewport().installEventFilter(self)
        char = self.table.fontMetrics().averageCharWidth()
        for column, characters in enumerate(COLUMN_CHARS):
            self.table.setColumnWidth(column, characters * char)
        # Connected before the editor exists, so that the list row is refreshed first.
        desk.changed.connect(self.on_changed)
        self.editor = AnbindungEditor(desk, workflow)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_bar)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self._left = left
        self._sized = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._allow_stacking()
        self._connect()

    def _connect(self) -> None:
        self.filter_bar.changed.connect(self.proxy.set_filter)
        self.filter_bar.save_view_requested.connect(self._save_view)
        self.filter_bar.delete_view_requested.connect(self._delete_view)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.customContextMenuRequested.connect(self._context_menu)
        down_to(self.filter_bar.search, self.table)
        # OZG-ID and name stay; the others can be hidden where the screen is narrow.
        self.columns = ColumnChooser(
            self.desk, self.table, meta.HIDDEN_COLUMNS, "&Spalten der Leistungsliste", fixed=(0, 1)
        )
        self.editor.create_requested.connect(self.track)
        self.editor.not_relevant_requested.connect(self.decide_not_relevant)
        self.editor.document_requested.connect(
            lambda ozg_id: self.documents_requested.emit([ozg_id])
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._arrange()
        if not self._sized:  # the first time the real width is known: 58 % list, 42 % editor
            self._sized = True
            self._share()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_name()
            if self.splitter.orientation() == Qt.Orientation.Horizontal and self.isVisible():
                self._arrange()  # the editor grew (a record with more to show): room again?
        return super().eventFilter(watched, event)

    def _fit_name(self) -> None:
        header = self.table.horizontalHeader()
        others = sum(
            header.sectionSize(column)
            for column in range(header.count())
            if column != 1 and not header.isSectionHidden(column)
        )
        least = self.table.fontMetrics().averageCharWidth() * 20
        self.table.setColumnWidth(1, max(least, self.table.viewport().width() - others))

    def list_width(self) -> int:
        """The list with its columns up to the Zieltermin in view (the name shortened to 20
        characters)."""
        header = self.table.horizontalHeader()
        visible = [c for c in range(ZIELTERMIN + 1) if c != 1 and not header.isSectionHidden(c)]
        width = sum(header.sectionSize(column) for column in visible)
        width += self.table.fontMetrics().averageCharWidth() * 20  # the name, shortened
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width += scrollbar + 2 * self.table.frameWidth() + 8
        return max(width, self._left.minimumSizeHint().width())

    def side_by_side_width(self) -> int:
        """The width list and editor need beside each other; below it the editor goes under
        the list, so that a small office screen (1024 pixels) cuts nothing off."""
        editor = self.editor.minimumSizeHint().width()
        return self.list_width() + editor + self.splitter.handleWidth()

    def _allow_stacking(self) -> None:
        """The splitter may get narrower than both panes side by side: then they stack."""
        stacked = max(self._left.minimumSizeHint().width(), self.editor.minimumSizeHint().width())
        self.splitter.setMinimumWidth(stacked)

    def _arrange(self) -> None:
        self._allow_stacking()
        wide = self.width() >= self.side_by_side_width()
        wanted = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            self._share()
        elif wide and self.splitter.sizes()[0] < self.list_width():
            self._share()  # keep the Zieltermin in view when the window gets narrower

    def _share(self) -> None:
        if self.splitter.orientation() == Qt.Orientation.Horizontal:
            width = self.splitter.width()
            room = width - self.editor.minimumSizeHint().width() - self.splitter.handleWidth()
            left = min(max(int(width * 0.58), self.list_width()), room)
            self.splitter.setSizes([left, width - left])
        else:  # the list above with its filters, the editor below
            height = self.splitter.height()
            self.splitter.setSizes([int(height * 0.6), int(height * 0.4)])

    # --- data ----------------------------------------------------------------------------

    def show_rows(self, behoerde: Behoerde | None, rows: Sequence[LeistungRow]) -> None:
        self.behoerde = behoerde
        self.model.set_rows(rows)
        self.filter_bar.set_options(rows)
        self.desk.read(lambda c: settings.load_json(c, meta.SAVED_VIEWS), self._views_loaded)
        self.rows_changed.emit()

    def on_changed(self, changes: Changes) -> None:
        if self.behoerde is None:
            return
        ars, behoerde_id = self.behoerde.ars, self.behoerde.id
        touched = changes.ids("anbindung")
        ozg_ids = {
            row.ozg_id for row in self.model.rows() if anbindung_id(ars, row.ozg_id) in touched
        }
        if not ozg_ids:
            return
        self.desk.read(lambda c: queries.leistungen(c, behoerde_id, only=ozg_ids), self._refresh)

    def _refresh(self, rows: list[LeistungRow]) -> None:
        self.model.update_rows(rows)
        current = self.editor.row
        for row in rows:
            if (
                current is not None
                and row.ozg_id == current.ozg_id
                and row.anbindung_id != current.anbindung_id
            ):
                self.editor.show_row(row)  # became tracked (or was removed)
        self.filter_bar.set_options(self.model.rows())
        self.rows_changed.emit()

    def selected_rows(self) -> list[LeistungRow]:
        positions = {
            self.proxy.mapToSource(index).row()
            for index in self.table.selectionModel().selectedRows()
        }
        return [self.model.row_at(position) for position in sorted(positions)]

    def select_ozg_id(self, ozg_id: str) -> bool:
        position = self.model.position_of(ozg_id)
        if position is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(position, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        self.table.horizontalScrollBar().setValue(0)  # the row from its OZG-ID on
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.editor.show_row(None)
            return
        self.editor.show_row(self.model.row_at(self.proxy.mapToSource(current).row()))

    # --- actions -------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.filter_bar.search.setFocus()
        self.filter_bar.search.selectAll()

    def reset_filter(self) -> None:
        self.filter_bar.apply(ListFilter())

    def track(self, ozg_id: str) -> None:
        self.desk.write(
            f"Erfasst: {ozg_id}", lambda repository: repository.create_anbindung(ozg_id)
        )

    def decide_not_relevant(self, ozg_id: str) -> None:
        dialog = TransitionDialog(Status.NOT_RELEVANT, ("status_begruendung",), {}, self)
        if dialog.exec() != TransitionDialog.DialogCode.Accepted:
            return
        fields = {"status": Status.NOT_RELEVANT.value, **dialog.fields()}
        row = self.model.row_at(self.model.position_of(ozg_id) or 0)
        if row.anbindung_id is None:
            self.desk.write(
                f"Nicht relevant: {ozg_id}",
                lambda repository: repository.create_anbindung(ozg_id, fields),
            )
        else:
            self.desk.write(
                f"Nicht relevant: {ozg_id}",
                lambda repository: repository.bulk_update([(ozg_id, fields)]),
            )

    def bulk_edit(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        owners = sorted(
            {
                str(row.values["verantwortlich"])
                for row in self.model.rows()
                if row.values.get("verantwortlich")
            }
        )
        BulkEditDialog(self.desk, rows, self.workflow, owners, self).exec()

    def _context_menu(self, position: QPoint) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        menu = QMenu(self)
        untracked = [row for row in rows if row.anbindung_id is None]
        if len(rows) == 1 and untracked:
            self._add(menu, "&Erfassen", lambda: self.track(rows[0].ozg_id))
        if len(rows) == 1:
            self._add(
                menu,
                "Als &nicht relevant entscheiden …",
                lambda: self.decide_not_relevant(rows[0].ozg_id),
            )
        self._add(menu, f"&Sammelbearbeitung ({len(rows)}) …", self.bulk_edit)
        tracked = [row.ozg_id for row in rows if row.anbindung_id is not None]
        if tracked:
            self._add(
                menu,
                f"&Dokumente erzeugen ({len(tracked)}) …"
                if len(rows) > 1
                else "&Dokument erzeugen …",
                lambda: self.documents_requested.emit(tracked),
            )
        menu.addSeparator()
        self._add(menu, "Filter &zurücksetzen", self.reset_filter)
        menu.exec(self.table.viewport().mapToGlobal(position))

    @staticmethod
    def _add(menu: QMenu, text: str, slot: object) -> None:
        action = QAction(text, menu)
        action.triggered.connect(slot)
        menu.addAction(action)

    # --- saved views ---------------------------------------------------------------------

    def _views_loaded(self, stored: object) -> None:
        self.filter_bar.set_views([*builtin_views(self.desk.author), *views_from_json(stored)])

    def _user_views(self) -> list[SavedView]:
        return [view for view in self.filter_bar.views_list() if not view.builtin]

    def _save_view(self) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Ansicht speichern")
        dialog.setLabelText("&Name der Ansicht:")
        dialog.setAccessibleName("Ansicht speichern")
        edit = dialog.findChild(QLineEdit)
        if edit is not None:
            edit.setAccessibleName("Name der Ansicht")
        if dialog.exec() != QInputDialog.DialogCode.Accepted:
            return
        name = dialog.textValue().strip()
        if not name:
            return
        views = [view for view in self._user_views() if view.name != name]
        views.append(SavedView(name, self.filter_bar.current()))
        self._store_views(views)

    def _delete_view(self, name: str) -> None:
        self._store_views([view for view in self._user_views() if view.name != name])

    def _store_views(self, views: list[SavedView]) -> None:
        store, data = self.desk.session.store, views_to_json(views)
        self.desk.run_background(
            lambda: settings.save_json(store, meta.SAVED_VIEWS, data),
            lambda _result: self._views_loaded(data),
            label="Ansichten speichern",
        )
