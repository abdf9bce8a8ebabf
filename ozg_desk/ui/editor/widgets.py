"""Field widgets the editor needs beyond Qt's own: a date field that can be empty."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QDateEdit, QPlainTextEdit, QWidget

_EMPTY = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A German date field with a calendar; shows „—“ when empty; Strg+Entf empties it.

    `committed` fires once when the user finished editing (focus out or Enter), with the ISO
    date or None, so that an edit is saved once and not for every typed digit.
    """

    committed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd.MM.yyyy")
        self.setMinimumDate(_EMPTY)
        self.setSpecialValueText("—")
        self.setDate(_EMPTY)
        self._last: str | None = None
        self.editingFinished.connect(self._finish)
        self.calendarWidget().clicked.connect(lambda _date: self._finish())

    def value(self) -> str | None:
        date = self.date()
        if date == _EMPTY:
            return None
        return dt.date(date.year(), date.month(), date.day()).isoformat()

    def set_value(self, iso: str | None) -> None:
        """Show a stored value without announcing it as an edit."""
        self.blockSignals(True)
        if iso:
            day = dt.date.fromisoformat(iso)
            self.setDate(QDate(day.year, day.month, day.day))
        else:
            self.setDate(_EMPTY)
        self.blockSignals(False)
        self._last = iso

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            self.setDate(_EMPTY)
            self._finish()
            return
        super().keyPressEvent(event)

    def _finish(self) -> None:
        value = self.value()
        if value != self._last:
            self._last = value
            self.committed.emit(value)


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
