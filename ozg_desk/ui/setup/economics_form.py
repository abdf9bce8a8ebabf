"""„Wirtschaftlichkeit“ in the Behörde dialog: the Behörde's own hourly rates and the overhead
switch, each beside the documented default it replaces."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ozg_desk.domain.behoerde import BEHOERDE_FIELDS, RATE_FIELDS
from ozg_desk.domain.fields import JsonValue
from ozg_desk.figures.defaults import Defaults
from ozg_desk.ui.editor.field_form import FieldForm

FIELDS = (*RATE_FIELDS.values(), "gemeinkosten")


class EconomicsForm(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.form = FieldForm([BEHOERDE_FIELDS[name] for name in FIELDS])
        self.defaults = QLabel()  # filled with the defaults the dialog reads in the background
        self.defaults.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Für die Kennzahlen (freigesetzte Kapazität, Digitalisierungsrendite).")
        )
        layout.addWidget(self.form)
        layout.addWidget(self.defaults)
        layout.addStretch()

    def set_values(self, values: Mapping[str, JsonValue], defaults: Defaults | None) -> None:
        self.form.set_values(values)
        if defaults is not None:
            cited = [defaults.hourly_rates[group].cite() for group in RATE_FIELDS]
            self.defaults.setText(
                "Leer gelassene Stundensätze nehmen den Standardwert:\n"
                + "\n".join(f"• {text}" for text in cited)
                + f"\nGemeinkosten: {defaults.overhead.cite()}"
            )

    def values(self) -> dict[str, object]:
        return self.form.values()
