"""Which member Gemeinden an Anbindung covers: all of them, or a chosen few."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ozg_desk.domain.behoerde import Gemeinde
from ozg_desk.domain.fields import JsonValue
from ozg_desk.ui.widgets.a11y import named


class GemeindenForm(QWidget):
    """Emits `committed(fields)` with `alle_gemeinden` and `gemeinden`."""

    committed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.all = named(QCheckBox("&alle Gemeinden des Amtes"), "alle Gemeinden des Amtes")
        self.list = named(
            QListWidget(), "erfasste Gemeinden", "Leertaste hakt die markierte Gemeinde an oder ab"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.all)
        layout.addWidget(self.list)
        self.all.clicked.connect(self._changed)
        self.list.itemChanged.connect(lambda _item: self._changed())

    def set_values(self, values: Mapping[str, JsonValue], gemeinden: Sequence[Gemeinde]) -> None:
        chosen = set(values.get("gemeinden") or [])  # type: ignore[arg-type]
        every = bool(values.get("alle_gemeinden"))
        self.blockSignals(True)
        self.list.blockSignals(True)
        self.all.setChecked(every)
        self.list.clear()
        for gemeinde in gemeinden:
            item = QListWidgetItem(f"{gemeinde.name} ({gemeinde.ars})")
            item.setData(Qt.ItemDataRole.UserRole, gemeinde.ars)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = every or gemeinde.ars in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setEnabled(not every)
        self.list.blockSignals(False)
        self.blockSignals(False)

    def _changed(self) -> None:
        every = self.all.isChecked()
        self.list.setEnabled(not every)
        chosen = (
            []
            if every
            else [
                self.list.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(self.list.count())
                if self.list.item(row).checkState() == Qt.CheckState.Checked
            ]
        )
        self.committed.emit({"alle_gemeinden": every, "gemeinden": chosen})
