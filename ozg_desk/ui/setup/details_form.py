"""The Behörde's identity and address: type, name, Straße, PLZ, Ort, Funktionspostfach, Telefon."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from ozg_desk.app.errors import KnownError
from ozg_desk.domain.behoerde import BEHOERDE_FIELDS, TYP_LABELS, check_behoerde
from ozg_desk.domain.errors import ValidationError
from ozg_desk.domain.fields import JsonValue
from ozg_desk.ui.widgets.a11y import buddy_label, named
from ozg_desk.ui.widgets.form_support import chars

# Field name → label text with its Alt shortcut (W, Z and F belong to the wizard buttons).
TEXT_FIELDS = {
    "name": "&Name der Behörde:",
    "strasse": "&Straße und Hausnummer:",
    "plz": "&Postleitzahl:",
    "ort": "&Ort:",
    "funktionspostfach": "Funktionspostfach (&E-Mail):",
    "telefon": "&Telefon:",
}
PLACEHOLDERS = {
    "strasse": "z. B. Amtsstraße 5",
    "funktionspostfach": "z. B. ozg@amt-beispiel.de",
    "telefon": "z. B. 03863 5570",
}


def first_error(values: Mapping[str, object]) -> tuple[str, str] | None:
    """(field, German message) of the first value the Behörde rules refuse, else None."""
    cleaned: dict[str, JsonValue] = {}
    for name, value in values.items():
        try:
            cleaned[name] = BEHOERDE_FIELDS[name].clean(value)
        except ValidationError as error:
            return error.field, str(error)
    for name in ("plz", "ars"):  # the cross checks that are not part of a field's own rule
        try:
            check_behoerde({name: cleaned.get(name)})
        except KnownError as error:
            return name, str(error)
    return None


class DetailsForm(QWidget):
    """Edits the details; `typ_changed(key)` lets the signatories follow the type."""

    typ_changed = Signal(str)
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ars = named(
            QLineEdit(), "Amtlicher Regionalschlüssel (ARS)", "Der ARS kann nicht geändert werden."
        )
        self.ars.setReadOnly(True)
        self.typ = QComboBox()
        for key, label in TYP_LABELS.items():
            self.typ.addItem(label, key)
        self.lines = {name: QLineEdit() for name in TEXT_FIELDS}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.addRow(buddy_label("ARS:", self.ars), self.ars)
        layout.addRow(buddy_label("A&rt der Behörde:", self.typ), self.typ)
        for name, label in TEXT_FIELDS.items():
            line = self.lines[name]
            line.setPlaceholderText(PLACEHOLDERS.get(name, ""))
            line.setMaxLength(BEHOERDE_FIELDS[name].max_length)
            line.textEdited.connect(lambda _text: self.edited.emit())
            layout.addRow(buddy_label(label, line), line)
        self.ars.setMaximumWidth(chars(self, 20))
        self.lines["plz"].setMaximumWidth(chars(self, 10))
        self.typ.currentIndexChanged.connect(lambda _index: self.typ_changed.emit(self.typ_key()))
        self.typ.currentIndexChanged.connect(lambda _index: self.edited.emit())

    def typ_key(self) -> str:
        return str(self.typ.currentData())

    def set_typ(self, typ: str) -> None:
        index = self.typ.findData(typ)
        if index >= 0:
            self.typ.setCurrentIndex(index)

    def set_values(self, values: Mapping[str, JsonValue]) -> None:
        self.ars.setText(str(values.get("ars") or ""))
        self.set_typ(str(values.get("typ") or "amt"))
        for name, line in self.lines.items():
            line.setText(str(values.get(name) or ""))

    def values(self) -> dict[str, object]:
        """Type and text fields as typed (the repository trims and checks them again)."""
        return {"typ": self.typ_key(), **{name: line.text() for name, line in self.lines.items()}}

    def error(self) -> str | None:
        """The first problem as German text, with the focus moved to the field concerned."""
        found = first_error(self.values())
        if found is None:
            return None
        name, message = found
        widget = self.lines.get(name)
        if widget is not None:
            widget.setFocus()
            widget.selectAll()
        return message
