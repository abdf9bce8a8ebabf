"""The member Gemeinden as a checkable list, with „Alle auswählen“/„Keine“ and manual adding."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.domain.errors import InvalidKey
from ozg_desk.domain.keys import ags_from_ars, normalize_ars
from ozg_desk.ui.widgets.a11y import buddy_label, named
from ozg_desk.ui.widgets.form_support import MessageLabel, chars

ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class GemeindeEntry:
    """A Gemeinde that can be ticked: ARS, AGS and name."""

    ars: str
    ags: str | None
    name: str

    def as_fields(self) -> dict[str, object]:
        return {"ars": self.ars, "ags": self.ags, "name": self.name}


class GemeindenList(QWidget):
    """`changed` fires whenever the set of ticked Gemeinden may have changed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = named(
            QListWidget(), "Gemeinden", "Leertaste hakt die markierte Gemeinde an oder ab."
        )
        self.count = QLabel()
        self.all_button = named(QPushButton("&Alle auswählen"), "Alle Gemeinden auswählen")
        self.none_button = named(QPushButton("&Keine"), "Keine Gemeinde auswählen")
        self.new_ars = QLineEdit()
        self.new_ars.setPlaceholderText("z. B. 130765668005")
        self.new_ars.setMaximumWidth(chars(self, 24))
        self.new_name = QLineEdit()
        self.add_button = named(QPushButton("&Hinzufügen"), "Gemeinde hinzufügen")
        self.add_error = MessageLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.none_button)
        buttons.addStretch()
        buttons.addWidget(self.count)
        manual = QGridLayout()
        manual.addWidget(buddy_label("ARS der Ge&meinde:", self.new_ars), 0, 0)
        manual.addWidget(self.new_ars, 0, 1)
        manual.addWidget(buddy_label("&Name der Gemeinde:", self.new_name), 1, 0)
        manual.addWidget(self.new_name, 1, 1)
        manual.addWidget(self.add_button, 1, 2)
        manual.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(buddy_label("&Gemeinden:", self.list))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(
            QLabel(
                "Fehlt eine Gemeinde in der Liste? Dann bitte hier ihren ARS und Namen eingeben."
            )
        )
        layout.addLayout(manual)
        layout.addWidget(self.add_error)
        self.all_button.clicked.connect(lambda: self.check_all(True))
        self.none_button.clicked.connect(lambda: self.check_all(False))
        self.add_button.clicked.connect(self.add_manual)
        self.new_name.returnPressed.connect(self.add_manual)
        self.list.itemChanged.connect(lambda _item: self._changed())
        self._changed()

    def set_gemeinden(
        self, entries: Sequence[GemeindeEntry], checked: Collection[str] | None = None
    ) -> None:
        """Show `entries`, ticking those whose ARS is in `checked` (all when None)."""
        self.list.blockSignals(True)
        self.list.clear()
        for entry in entries:
            self._add_item(entry, checked is None or entry.ars in checked)
        self.list.blockSignals(False)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._changed()

    def entries(self) -> list[tuple[GemeindeEntry, bool]]:
        result = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            entry = item.data(ROLE)
            result.append((entry, item.checkState() == Qt.CheckState.Checked))
        return result

    def checked(self) -> list[dict[str, object]]:
        """The ticked Gemeinden as repository fields."""
        return [entry.as_fields() for entry, ticked in self.entries() if ticked]

    def check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            self.list.item(row).setCheckState(state)
        self.list.blockSignals(False)
        self._changed()

    def add_manual(self) -> None:
        """Add (or tick, if listed already) the Gemeinde typed into the two fields."""
        try:
            ars = normalize_ars(self.new_ars.text())
        except InvalidKey as error:
            self.add_error.show_error(str(error))
            self.new_ars.setFocus()
            return
        name = self.new_name.text().strip()
        if not name:
            self.add_error.show_error("Bitte den Namen der Gemeinde eingeben.")
            self.new_name.setFocus()
            return
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ROLE).ars == ars:
                item.setCheckState(Qt.CheckState.Checked)
                self.list.setCurrentItem(item)
                self.add_error.show_info(f"{item.data(ROLE).name} ist schon in der Liste.")
                return
        item = self._add_item(GemeindeEntry(ars, ags_from_ars(ars), name), checked=True)
        self.list.setCurrentItem(item)
        self.new_ars.clear()
        self.new_name.clear()
        self.add_error.show_info(f"{name} wurde hinzugefügt und ausgewählt.")
        self.new_ars.setFocus()
        self._changed()

    def _add_item(self, entry: GemeindeEntry, checked: bool) -> QListWidgetItem:
        item = QListWidgetItem(f"{entry.name} (ARS {entry.ars})")
        item.setData(ROLE, entry)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.addItem(item)
        return item

    def _changed(self) -> None:
        ticked = sum(1 for _entry, checked in self.entries() if checked)
        self.count.setText(f"{ticked} von {self.list.count()} ausgewählt")
        self.none_button.setEnabled(ticked > 0)
        self.all_button.setEnabled(ticked < self.list.count())
        self.changed.emit()
