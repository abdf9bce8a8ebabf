"""The checklist of an Anbindung: each item with its own state, dates and note."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from ozg_desk.domain.anbindung import CHECK_STATE_LABELS, ChecklistItem
from ozg_desk.ui.widgets.a11y import buddy_label, named
from ozg_desk.ui.widgets.date_field import DateField


class ChecklistForm(QWidget):
    """Emits `committed(item_id, fields)`."""

    committed = Signal(str, object)

    def __init__(self) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.rows: dict[str, tuple[QComboBox, DateField, DateField, QLineEdit]] = {}

    def set_items(self, items: Sequence[ChecklistItem]) -> None:
        if [item.id for item in items] != list(self.rows):
            self._rebuild(items)
        for item in items:
            state, due, done, note = self.rows[item.id]
            state.blockSignals(True)
            state.setCurrentIndex(max(state.findData(item.zustand), 0))
            state.blockSignals(False)
            due.set_value(item.faellig)
            done.set_value(item.erledigt_am)
            note.blockSignals(True)
            note.setText(item.notiz or "")
            note.setProperty("loaded", item.notiz or "")
            note.blockSignals(False)

    def _rebuild(self, items: Sequence[ChecklistItem]) -> None:
        while self.grid.count():
            child = self.grid.takeAt(0)
            if child is not None and child.widget() is not None:
                child.widget().deleteLater()  # type: ignore[union-attr]
        self.rows = {}
        for number, item in enumerate(items):
            title = QLabel(f"<b>{number + 1}. {item.titel}</b>")
            title.setWordWrap(True)
            state = named(QComboBox(), f"Zustand: {item.titel}")
            for key, text in CHECK_STATE_LABELS.items():
                state.addItem(text, key)
            due = named(DateField(), f"fällig am: {item.titel}")
            done = named(DateField(), f"erledigt am: {item.titel}")
            note = named(QLineEdit(), f"Notiz: {item.titel}")
            note.setMaxLength(2000)
            title.setBuddy(state)
            state.activated.connect(
                lambda _i, i=item.id, w=state: self.committed.emit(i, {"zustand": w.currentData()})
            )
            due.committed.connect(
                lambda value, i=item.id: self.committed.emit(i, {"faellig": value})
            )
            done.committed.connect(
                lambda value, i=item.id: self.committed.emit(i, {"erledigt_am": value})
            )
            note.editingFinished.connect(lambda i=item.id, w=note: self._note_finished(i, w))
            # Two lines per item: the title, then its fields with short labels.
            base = number * 3
            self.grid.addWidget(title, base, 0, 1, 4)
            for column, (text, widget) in enumerate(
                (("Zustand", state), ("fällig", due), ("erledigt", done), ("Notiz", note))
            ):
                self.grid.addWidget(buddy_label(text, widget), base + 1, column)
                self.grid.addWidget(widget, base + 2, column)
            self.rows[item.id] = (state, due, done, note)
        self.grid.setColumnStretch(3, 1)

    def _note_finished(self, item_id: str, note: QLineEdit) -> None:
        if note.text() != note.property("loaded"):
            note.setProperty("loaded", note.text())
            self.committed.emit(item_id, {"notiz": note.text()})
