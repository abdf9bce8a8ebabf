"""Accessibility helpers: every interactive widget gets a German accessible name, and a label
becomes its buddy so that screen readers and Alt+letter shortcuts reach the field."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QTabWidget,
    QToolButton,
    QWidget,
)

W = TypeVar("W", bound=QWidget)


class _AltShortcuts(QObject):
    """Item views claim Alt+letter for themselves (ShortcutOverride), so that „Alle auswählen“
    (Alt+A) did nothing while the list had the focus; Alt+letter belongs to the window's
    mnemonics. (Ctrl+Alt is AltGr on Windows and stays with the view.)"""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            modifiers = event.modifiers()
            alt = Qt.KeyboardModifier.AltModifier
            if modifiers & alt and not modifiers & Qt.KeyboardModifier.ControlModifier:
                event.ignore()
                return True
        return False


_ALT_SHORTCUTS: _AltShortcuts | None = None


def named(widget: W, name: str, description: str | None = None) -> W:
    """Set the accessible name (and optional description) and return the widget."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    if isinstance(widget, QTabWidget):
        # Qt's AT-SPI and UI Automation bridges read a tab bar by its current tab ("1 Status"),
        # the tab widget by this name; the bar's own name serves tools that ask the widget.
        widget.tabBar().setAccessibleName(f"Reiter: {name}")
    if isinstance(widget, QAbstractItemView):
        global _ALT_SHORTCUTS  # noqa: PLW0603 - one filter object serves every view
        if _ALT_SHORTCUTS is None:
            _ALT_SHORTCUTS = _AltShortcuts()
        widget.installEventFilter(_ALT_SHORTCUTS)
    return widget


def clearable(edit: QLineEdit, name: str = "Eingabe leeren") -> QLineEdit:
    """Give the field Qt's clear button, named for screen readers (Qt leaves it nameless)."""
    edit.setClearButtonEnabled(True)
    for button in edit.findChildren(QToolButton):
        button.setAccessibleName(name)
        button.setToolTip(name)
    return edit


def down_to(field: QLineEdit, view: QAbstractItemView) -> None:
    """Arrow Down in `field` goes on into `view` (its first row if none is current), as in a
    search box above its results."""
    field.installEventFilter(_DownInto(field, view))


class _DownInto(QObject):
    def __init__(self, field: QLineEdit, view: QAbstractItemView) -> None:
        super().__init__(field)
        self.view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self.view.model() is not None
            and self.view.model().rowCount() > 0
        ):
            self.view.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.view.model().index(0, 0))
            return True
        return False


def buddy_label(text: str, widget: QWidget) -> QLabel:
    """A label (`&` marks the Alt shortcut) bound to `widget`, which gets its name."""
    label = QLabel(text)
    label.setBuddy(widget)
    if not widget.accessibleName():
        widget.setAccessibleName(text.replace("&", "").rstrip(":"))
    return label
