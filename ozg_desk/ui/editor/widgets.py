"""Field widgets the editor needs beyond Qt's own (the date field is `ui.widgets.date_field`)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QFormLayout, QPlainTextEdit, QWidget


def narrow_form(parent: QWidget | None = None) -> QFormLayout:
    """A form whose labels go above their fields when the editor is narrow (beside the list
    on a 1366-pixel screen) rather than pushing the fields out of sight sideways."""
    form = QFormLayout(parent) if parent is not None else QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    return form


class CommitTextEdit(QPlainTextEdit):
    """Multi-line text that announces `committed` when the user leaves the field."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)  # Tab leaves the field: keyboard users are not trapped
        self._last = ""

    def set_value(self, text: str | None) -> None:
        self.blockSignals(True)
        self.setPlainText(text or "")
        self.blockSignals(False)
        self._last = text or ""

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        text = self.toPlainText()
        if text != self._last:
            self._last = text
            self.committed.emit(text)
