"""Helpers for forms and dialogs: message labels, widths in characters, error texts, guards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from shiboken6 import isValid

from ozg_desk.app.errors import KnownError

UNEXPECTED = "Es ist ein unerwarteter Fehler aufgetreten; Einzelheiten stehen im Protokoll."


def chars(widget: QWidget, count: int) -> int:
    """A width of `count` average characters in the widget's font (follows font scaling)."""
    return widget.fontMetrics().averageCharWidth() * count


def user_message(error: BaseException) -> str | None:
    """The German text of an error the user can act on; None for a bug."""
    if isinstance(error, KnownError):
        return str(error)
    return None


def guarded(widget: QWidget, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    """Drop a background result that arrives after `widget` was deleted (dialog closed)."""

    def call(result: Any) -> None:
        if isValid(widget):
            callback(result)

    return call


class MessageLabel(QLabel):
    """A wrapped text line for hints and errors; errors are bold and say so in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, text: str) -> None:
        self._show(text, bold=True)

    def show_info(self, text: str) -> None:
        self._show(text, bold=False)

    def clear_message(self) -> None:
        self.setText("")
        self.hide()

    def _show(self, text: str, *, bold: bool) -> None:
        font = self.font()
        font.setBold(bold)
        self.setFont(font)
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))
