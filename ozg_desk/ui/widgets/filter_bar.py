"""The search field, filters and saved views above the Leistungen list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ozg_desk.domain.catalogue import LeistungRow, code_order
from ozg_desk.domain.lifecycle import STATUS_LABELS
from ozg_desk.domain.listing import NOT_TRACKED, RELEVANCE_LABELS, ListFilter, SavedView
from ozg_desk.ui.widgets.a11y import buddy_label, clearable, named

ALL = "Alle"


def _combo(name: str, characters: int = 12) -> QComboBox:
    combo = named(QComboBox(), name)
    # A fixed width in characters keeps the bar from pushing the editor off the screen.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    return combo


class FilterBar(QWidget):
    """Emits `changed` with the new ListFilter on every edit; views are applied as a whole."""

    changed = Signal(object)  # ListFilter
    save_view_requested = Signal()
    delete_view_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._updating = False
        self.search = named(
            QLineEdit(),
            "Leistungen durchsuchen",
            "Sucht in Name, OZG-ID, LeiKa-Schlüssel und LeiKa-Bezeichnungen",
        )
        self.search.setPlaceholderText(
            "Suchen: Name, OZG-ID, LeiKa-Schlüssel oder -Bezeichnung (Strg+F)"
        )
        clearable(self.search, "Suche leeren")
        self.views = _combo("Gespeicherte Ansicht", 12)
        self.save_view = named(QPushButton("Ansicht spei&chern …"), "Ansicht speichern")
        self.delete_view = named(QPushButton("Ansicht &löschen"), "Ansicht löschen")
        self.reset = named(QPushButton("Filter &zurücksetzen"), "Filter zurücksetzen")
        self.relevance = _combo("Relevanz", 14)
        for key, label in RELEVANCE_LABELS.items():
            self.relevance.addItem(label, key)
        self.themenfeld = _combo("Themenfeld")
        self.status = _combo("Status")
        self.status.addItem(ALL, None)
        self.status.addItem("nicht erfasst", NOT_TRACKED)
        for status, label in STATUS_LABELS.items():
            self.status.addItem(label, status.value)
        self.typ = _combo("Typisierung")
        self.owner = _combo("verantwortlich")
        self.overdue = named(QCheckBox("nur überfälli&ge"), "nur überfällige")
        self.open_only = named(QCheckBox("nur o&ffene"), "nur offene (erfasst, nicht online)")
        # Shown only while the list holds exactly the records behind a Kennzahl.
        self.records_note = QLabel()
        self.records_note.setWordWrap(True)
        self.all_records = named(
            QPushButton("Kom&plette Liste zeigen"), "Auswahl der Kennzahl aufheben"
        )
        self._records: tuple[tuple[str, ...] | None, str] = (None, "")
        self._layout()
        self._views: list[SavedView] = []
        self._connect()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(buddy_label("&Suche:", self.search))
        top.addWidget(self.search, 1)
        top.addWidget(self.overdue)
        top.addWidget(self.open_only)
        top.addWidget(self.reset)
        grid = QGridLayout()
        pairs = (
            ("&Relevanz:", self.relevance),
            ("&Themenfeld:", self.themenfeld),
            ("Stat&us:", self.status),
            ("T&ypisierung:", self.typ),
            ("&verantwortlich:", self.owner),
        )
        # Two pairs per row: the bar fits beside the editor on a 1024-pixel screen.
        for index, (text, widget) in enumerate(pairs):
            row, column = divmod(index, 2)
            grid.addWidget(buddy_label(text, widget), row, 2 * column)
            grid.addWidget(widget, row, 2 * column + 1)
        # The views share the third row with „verantwortlich“: one row less for a short screen.
        views = QHBoxLayout()
        views.addWidget(self.views, 1)
        views.addWidget(self.save_view)
        views.addWidget(self.delete_view)
        grid.addWidget(buddy_label("Ans&icht:", self.views), 2, 2)
        grid.addLayout(views, 2, 3)
        for column in (1, 3):
            grid.setColumnStretch(column, 1)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top, 0, 0)
        layout.addLayout(grid, 1, 0)
        records = QHBoxLayout()
        records.addWidget(self.records_note, 1)
        records.addWidget(self.all_records)
        layout.addLayout(records, 2, 0)
        self._show_records_note()

    def _connect(self) -> None:
        self.search.textChanged.connect(self._emit)
        for combo in (self.relevance, self.themenfeld, self.status, self.typ, self.owner):
            combo.currentIndexChanged.connect(self._emit)
        self.overdue.toggled.connect(self._emit)
        self.open_only.toggled.connect(self._emit)
        self.reset.clicked.connect(lambda: self.apply(ListFilter()))
        self.all_records.clicked.connect(lambda: self.apply(replace(self.current(), ozg_ids=None)))
        self.views.activated.connect(self._view_chosen)
        self.save_view.clicked.connect(self.save_view_requested)
        self.delete_view.clicked.connect(
            lambda: self.delete_view_requested.emit(self.views.currentText())
        )

    def set_options(self, rows: Sequence[LeistungRow]) -> None:
        """Fill the choice lists from the data (Themenfelder, types, owners)."""
        current = self.current()
        self._updating = True
        themen = sorted({row.themenfeld for row in rows}, key=str.casefold)
        codes = sorted({code for row in rows for code in row.typisierung}, key=code_order)
        owners = sorted(
            {str(row.values["verantwortlich"]) for row in rows if row.values.get("verantwortlich")},
            key=str.casefold,
        )
        for combo, values, prefix in (
            (self.themenfeld, themen, ""),
            (self.typ, codes, "Typ "),
            (self.owner, owners, ""),
        ):
            combo.clear()
            combo.addItem(ALL, None)
            for value in values:
                combo.addItem(prefix + value, value)
        self._updating = False
        self.apply(current, announce=False)

    def set_views(self, views: Sequence[SavedView]) -> None:
        self._views = list(views)
        self.views.clear()
        for view in views:
            self.views.addItem(view.name)
        self.views.setCurrentIndex(-1)
        self.delete_view.setEnabled(False)

    def views_list(self) -> list[SavedView]:
        return list(self._views)

    def current(self) -> ListFilter:
        return ListFilter(
            text=self.search.text(),
            relevance=self.relevance.currentData() or "relevant",
            themenfeld=self.themenfeld.currentData(),
            status=self.status.currentData(),
            typ=self.typ.currentData(),
            owner=self.owner.currentData(),
            overdue=self.overdue.isChecked(),
            open_only=self.open_only.isChecked(),
            ozg_ids=self._records[0],
            ids_label=self._records[1] if self._records[0] is not None else "",
        )

    def apply(self, list_filter: ListFilter, *, announce: bool = True) -> None:
        """Show `list_filter` in the widgets (adding an owner choice if needed)."""
        self._updating = True
        self.search.setText(list_filter.text)
        for combo, value in (
            (self.relevance, list_filter.relevance),
            (self.themenfeld, list_filter.themenfeld),
            (self.status, list_filter.status),
            (self.typ, list_filter.typ),
            (self.owner, list_filter.owner),
        ):
            index = combo.findData(value)
            if index < 0 and value is not None:
                combo.addItem(str(value), value)
                index = combo.count() - 1
            combo.setCurrentIndex(max(index, 0))
        self.overdue.setChecked(list_filter.overdue)
        self.open_only.setChecked(list_filter.open_only)
        self._records = (list_filter.ozg_ids, list_filter.ids_label)
        self._show_records_note()
        self._updating = False
        if announce:
            self._emit()

    def _show_records_note(self) -> None:
        ids, label = self._records
        active = ids is not None
        if active:
            count = len(ids or ())
            self.records_note.setText(
                f"Nur die {count} Leistung{'en' if count != 1 else ''} hinter „{label}“."
            )
        self.records_note.setVisible(active)
        self.all_records.setVisible(active)

    def _view_chosen(self, index: int) -> None:
        view = self._views[index]
        self.apply(replace(view.filter))
        self.views.setCurrentIndex(index)
        self.delete_view.setEnabled(not view.builtin)

    def _emit(self) -> None:
        if not self._updating:
            self.changed.emit(self.current())
