"""Reifegrad: the level always together with its model version, and the evidence for it."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from ozg_desk.domain import reifegrad
from ozg_desk.domain.anbindung import ANBINDUNG_FIELDS
from ozg_desk.domain.fields import JsonValue
from ozg_desk.ui.editor.field_form import FieldForm
from ozg_desk.ui.editor.widgets import narrow_form
from ozg_desk.ui.widgets.a11y import buddy_label, named


class ReifegradForm(QWidget):
    """Emits `committed(fields)`."""

    committed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.model = named(QComboBox(), "Reifegradmodell")
        for version, model in reifegrad.MODELS.items():
            self.model.addItem(model.title, version)
        self.level = named(QComboBox(), "Reifegrad")
        form = narrow_form()
        form.addRow(buddy_label("Reifegrad&modell:", self.model), self.model)
        form.addRow(buddy_label("&Reifegrad:", self.level), self.level)
        self.evidence = FieldForm(
            [
                ANBINDUNG_FIELDS[name]
                for name in ("nachweis_link", "nachweis_notiz", "nachweis_datum")
            ]
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.evidence)
        self.model.activated.connect(self._model_chosen)
        self.level.activated.connect(
            lambda _index: self.committed.emit({"reifegrad": self.level.currentData()})
        )
        self.evidence.committed.connect(lambda name, value: self.committed.emit({name: value}))

    def set_values(self, values: Mapping[str, JsonValue]) -> None:
        version = str(values.get("reifegrad_modell") or reifegrad.DEFAULT_MODEL.version)
        self.model.blockSignals(True)
        self.model.setCurrentIndex(max(self.model.findData(version), 0))
        self.model.blockSignals(False)
        self._fill_levels(version, values.get("reifegrad"))
        self.evidence.set_values(values)

    def _fill_levels(self, version: str, level: JsonValue) -> None:
        model = reifegrad.MODELS.get(version, reifegrad.DEFAULT_MODEL)
        self.level.blockSignals(True)
        self.level.clear()
        self.level.addItem("— nicht bewertet —", None)
        for number, name in model.levels.items():
            self.level.addItem(f"{number} – {name}", number)
        self.level.setCurrentIndex(max(self.level.findData(level), 0))
        self.level.blockSignals(False)

    def _model_chosen(self, _index: int) -> None:
        # A level means nothing in another model: changing the model clears it.
        version = self.model.currentData()
        self._fill_levels(version, None)
        self.committed.emit({"reifegrad_modell": version, "reifegrad": None})
