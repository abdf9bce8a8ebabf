"""A form built from FieldSpecs: one suitable widget per field, labelled, committing edits."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from ozg_desk.domain.fields import FieldSpec, JsonValue, Kind
from ozg_desk.ui.editor.widgets import CommitTextEdit, narrow_form
from ozg_desk.ui.widgets.a11y import buddy_label
from ozg_desk.ui.widgets.date_field import DateField

LONG_TEXT_FROM = 1000
EMPTY_CHOICE = "—"


class FieldForm(QWidget):
    """`committed(name, value)` fires once per finished user edit, never for loaded values."""

    committed = Signal(str, object)

    def __init__(self, specs: Sequence[FieldSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.specs = {spec.name: spec for spec in specs}
        self.widgets: dict[str, QWidget] = {}
        self._setters: dict[str, Callable[[JsonValue], None]] = {}
        self._getters: dict[str, Callable[[], object]] = {}
        layout = narrow_form(self)
        for spec in specs:
            widget = self._make(spec)
            self.widgets[spec.name] = widget
            layout.addRow(buddy_label(f"{spec.label}:", widget), widget)

    def set_values(self, values: Mapping[str, JsonValue]) -> None:
        for name, setter in self._setters.items():
            setter(values.get(name))

    def value(self, name: str) -> object:
        return self._getters[name]()

    def values(self) -> dict[str, object]:
        return {name: getter() for name, getter in self._getters.items()}

    def _make(self, spec: FieldSpec) -> QWidget:
        if spec.kind is Kind.DATE:
            return self._date(spec)
        if spec.kind is Kind.CHOICE:
            return self._choice(spec)
        if spec.kind is Kind.BOOL:
            return self._bool(spec)
        if spec.kind is Kind.TEXT and spec.max_length >= LONG_TEXT_FROM:
            return self._long_text(spec)
        return self._line(spec)

    def _date(self, spec: FieldSpec) -> QWidget:
        widget = DateField(optional=not spec.required)
        widget.committed.connect(lambda value: self.committed.emit(spec.name, value))
        self._setters[spec.name] = lambda value: widget.set_value(str(value) if value else None)
        self._getters[spec.name] = widget.value
        return widget

    def _choice(self, spec: FieldSpec) -> QWidget:
        widget = QComboBox()
        if not spec.required:
            widget.addItem(EMPTY_CHOICE, None)
        for key, label in spec.choices.items():
            widget.addItem(label, key)
        widget.activated.connect(
            lambda _index: self.committed.emit(spec.name, widget.currentData())
        )

        def set_choice(value: JsonValue) -> None:
            widget.blockSignals(True)
            widget.setCurrentIndex(max(widget.findData(value), 0))
            widget.blockSignals(False)

        self._setters[spec.name] = set_choice
        self._getters[spec.name] = widget.currentData
        return widget

    def _bool(self, spec: FieldSpec) -> QWidget:
        widget = QCheckBox()
        widget.clicked.connect(lambda checked: self.committed.emit(spec.name, checked))

        def set_checked(value: JsonValue) -> None:
            widget.blockSignals(True)
            widget.setChecked(bool(value))
            widget.blockSignals(False)

        self._setters[spec.name] = set_checked
        self._getters[spec.name] = widget.isChecked
        return widget

    def _long_text(self, spec: FieldSpec) -> QWidget:
        widget = CommitTextEdit()
        widget.setMinimumHeight(widget.fontMetrics().lineSpacing() * 5)
        widget.committed.connect(lambda text: self.committed.emit(spec.name, text))
        self._setters[spec.name] = lambda value: widget.set_value(
            None if value is None else str(value)
        )
        self._getters[spec.name] = widget.toPlainText
        return widget

    def _line(self, spec: FieldSpec) -> QWidget:
        widget = QLineEdit()
        widget.setMaxLength(spec.max_length)
        if spec.kind is Kind.INT:
            widget.setValidator(QIntValidator(spec.minimum or 0, spec.maximum or 2**31 - 1))
        loaded: dict[str, Any] = {"text": ""}

        def finished() -> None:
            if widget.text() != loaded["text"]:
                loaded["text"] = widget.text()
                self.committed.emit(spec.name, widget.text())

        def set_text(value: JsonValue) -> None:
            text = (
                ""
                if value is None
                else spec.display(value)
                if spec.kind is Kind.DECIMAL
                else str(value)
            )
            loaded["text"] = text
            widget.blockSignals(True)
            widget.setText(text)
            widget.blockSignals(False)

        widget.editingFinished.connect(finished)
        self._setters[spec.name] = set_text
        self._getters[spec.name] = widget.text
        return widget
