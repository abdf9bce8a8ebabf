"""„Wirtschaftlichkeit“ in the editor: the Anbindung's inputs of the Kennzahlen, and beside each
one that has a default the value the figures use for it and its source (the Behörde's own where
it has one), as a line under the field and as the field's accessible description."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from ozg_desk.domain.anbindung import ANBINDUNG_FIELDS, ECONOMIC_FIELDS
from ozg_desk.figures.assumptions import Hint
from ozg_desk.ui.editor.field_form import FieldForm

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
