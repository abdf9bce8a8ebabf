"""„Wirtschaftlichkeit“ in the editor: the Anbindung's inputs of the Kennzahlen, and beside each
one that has a default the value the figures use for it and its source (the Behörde's own where
it has one), as a line under the field and as the field's accessible description; the minutes
per case can be estimated from the Zeitwerttabelle Verwaltung."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton

from ozg_desk.domain.anbindung import ANBINDUNG_FIELDS, ECONOMIC_FIELDS
from ozg_desk.figures.assumptions import Hint
from ozg_desk.figures.time_values import TimeValues
from ozg_desk.ui.editor.field_form import FieldForm

if TYPE_CHECKING:
    from ozg_desk.ui.editor.time_values_dialog import TimeValuesDialog

HINTED = ("online_antraege", "laufbahngruppe", "wegezeit_ebene")


class EconomicsForm(FieldForm):
    def __init__(self) -> None:
        super().__init__([ANBINDUNG_FIELDS[name] for name in ECONOMIC_FIELDS])
        self.hints: dict[str, QLabel] = {}
        layout = self.layout()
        assert isinstance(layout, QFormLayout)
        for name in HINTED:
            label = QLabel()
            label.setWordWrap(True)
            label.hide()  # until the defaults are read with the record
            position = layout.getWidgetPosition(self.widgets[name])
            layout.insertRow(int(position[0]) + 1, label)  # type: ignore[index]
            self.hints[name] = label
        self.time_values: TimeValues | None = None  # read with the record, off the GUI thread
        self.estimate_button = QPushButton("Minuten aus der &Zeitwerttabelle schätzen …")
        self.estimate_button.setEnabled(False)
        self.estimate_button.clicked.connect(self.open_estimate)
        position = layout.getWidgetPosition(self.widgets["minuten_online"])
        layout.insertRow(int(position[0]) + 1, "", self.estimate_button)  # type: ignore[index]

    def set_time_values(self, table: TimeValues) -> None:
        self.time_values = table
        self.estimate_button.setEnabled(True)
        self.estimate_button.setToolTip(table.cite())
        self.estimate_button.setAccessibleDescription(table.cite())

    def open_estimate(self) -> None:
        from ozg_desk.ui.editor.time_values_dialog import TimeValuesDialog  # noqa: PLC0415

        if self.time_values is None:
            return
        dialog = TimeValuesDialog(self.time_values, self)
        dialog.accepted.connect(lambda: self._take_estimate(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _take_estimate(self, dialog: TimeValuesDialog) -> None:
        """The sum goes in as if typed: through the field's own commit, so it is one undoable
        edit in the history."""
        widget = self.widgets.get(dialog.field or "")
        minutes = dialog.minutes
        if not isinstance(widget, QLineEdit) or minutes is None:
            return
        widget.setText(str(minutes))
        widget.editingFinished.emit()
        widget.setFocus()

    def set_hints(self, hints: Mapping[str, Hint]) -> None:
        for name, label in self.hints.items():
            hint = hints.get(name)
            widget = self.widgets[name]
            label.setText(hint.text if hint else "")
            label.setVisible(hint is not None)
            widget.setAccessibleDescription(hint.text if hint else "")
            widget.setToolTip(hint.text if hint else "")
            if isinstance(widget, QLineEdit):
                widget.setPlaceholderText(hint.short or "" if hint else "")
