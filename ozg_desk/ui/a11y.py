"""Accessibility helpers: every interactive widget gets a German accessible name, and a label
becomes its buddy so that screen readers and Alt+letter shortcuts reach the field."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QLabel, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, description: str | None = None) -> W:
    """Set the accessible name (and optional description) and return the widget."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    return widget


def buddy_label(text: str, widget: QWidget) -> QLabel:
    """A label (`&` marks the Alt shortcut) bound to `widget`, which gets its name."""
    label = QLabel(text)
    label.setBuddy(widget)
    if not widget.accessibleName():
        widget.setAccessibleName(text.replace("&", "").rstrip(":"))
    return label
