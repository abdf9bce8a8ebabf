"""The Ansprechpartner of the Behörde: one row per role with name, function, phone and e-mail."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ozg_desk.domain.errors import ValidationError
from ozg_desk.domain.fields import JsonValue
from ozg_desk.domain.kontakte import KONTAKT_FIELDS, ROLLEN
from ozg_desk.ui.widgets.a11y import buddy_label, named
from ozg_desk.ui.widgets.form_support import chars

# Row labels with their Alt letters (none of the dialog's other tabs are visible at the same time).
ROW_LABELS = {
    "fachlich": "&Fachlich:",
    "technisch": "Tec&hnisch:",
    "redaktion": "&Redaktion:",
    "epayment": "e&Payment:",
}
# Columns share the width by these weights; a phone number needs a fixed, small room.
STRETCH = {"name": 3, "funktion": 3, "telefon": 0, "email": 4}
MIN_CHARS = {"name": 14, "funktion": 14, "telefon": 16, "email": 18}
PLACEHOLDERS = {"telefon": "z. B. 03863 5450-40", "email": "name@amt-beispiel.de"}
HINT = (
    "Diese Angaben stehen in der Ansprechpartner-Meldung, im Antrag auf Zugang zur "
    "Testumgebung, im ePayment-Antrag und im Anbindungsfragebogen. Leere Angaben werden dort "
    "zur Schreiblinie."
)


class ContactsForm(QWidget):
    """A grid of line edits; `values()` gives role → fields, `error()` the first bad value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: dict[tuple[str, str], QLineEdit] = {}
        grid = QGridLayout()
        for column, spec in enumerate(KONTAKT_FIELDS.values(), start=1):
            grid.addWidget(QLabel(spec.label), 0, column)
            grid.setColumnStretch(column, STRETCH[spec.name])
        for row, (rolle, label) in enumerate(ROLLEN.items(), start=1):
            for column, (name, spec) in enumerate(KONTAKT_FIELDS.items(), start=1):
                line = named(QLineEdit(), f"{spec.label} Ansprechpartner/in {label}")
                line.setMaxLength(spec.max_length)
                line.setPlaceholderText(PLACEHOLDERS.get(name, ""))
                line.setMinimumWidth(chars(self, MIN_CHARS[name]))
                self.lines[(rolle, name)] = line
                grid.addWidget(line, row, column)
            grid.addWidget(buddy_label(ROW_LABELS[rolle], self.lines[(rolle, "name")]), row, 0)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(hint)
        layout.addStretch()

    def set_values(self, kontakte: Mapping[str, Mapping[str, JsonValue]]) -> None:
        for (rolle, name), line in self.lines.items():
            line.setText(str(kontakte.get(rolle, {}).get(name) or ""))
            line.setCursorPosition(0)  # a long value shows its beginning

    def values(self) -> dict[str, dict[str, object]]:
        result: dict[str, dict[str, object]] = {rolle: {} for rolle in ROLLEN}
        for (rolle, name), line in self.lines.items():
            result[rolle][name] = line.text()
        return result

    def error(self) -> tuple[QLineEdit, str] | None:
        """The first line whose value the field rules refuse and the message; else None."""
        for (rolle, name), line in self.lines.items():
            try:
                KONTAKT_FIELDS[name].clean(line.text())
            except ValidationError as error:
                return line, f"Ansprechpartner/in {ROLLEN[rolle]}: {error}"
        return None
