"""The accessibility audit: every interactive widget has a German name and is reachable by Tab."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTextEdit,
    QPlainTextEdit,
    QAbstractSlider,
    QTabBar,
)
ENGLISH = {
    "ok",
    "cancel",
    "apply",
    "close",
    "yes",
    "no",
    "save",
    "open",
    "help",
    "reset",
    "next",
    "back",
    "finish",
    "next >",
    "< back",
    "commit",
    "done",
}


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader announces. On Linux Qt reports a combo box's text as its name
    (the label comes through a relation), on Windows the accessible name; take the explicit one.
    A tab bar or a line edit's icon button must have its own (Qt would report the current
    tab's title, or nothing)."""
    if widget.accessibleName().strip():
        return widget.accessibleName().strip()
    if isinstance(widget, QTabBar) or _is_icon_button(widget):
        return ""
    interface = QAccessible.queryAccessibleInterface(widget)
    return "" if interface is None else interface.text(QAccessible.Text.Name).strip()


def _is_icon_button(widget: QWidget) -> bool:
    """The clear button Qt puts into a line edit (setClearButtonEnabled)."""
    return isinstance(widget, QToolButton) and isinstance(widget.parentWidget(), QLineEdit)


def _inside_interactive(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, INTERACTIVE):
            return True  # an internal part, e.g. the line edit inside a spin box
        parent = parent.parentWidget()
    return False


def interactive_widgets(window: QWidget) -> list[QWidget]:
    return [
        widget
        for widget in window.findChildren(QWidget)
        if isinstance(widget, INTERACTIVE)
        and widget.isVisibleTo(window)
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and not _inside_interactive(widget, window)
    ]


def icon_buttons(window: QWidget) -> list[QWidget]:
    """Clickable icons inside line edits: no Tab stop, but a screen reader lists them."""
    return [
        widget
        for widget in window.findChildren(QToolButton)
        if _is_icon_button(widget) and widget.isVisibleTo(window)
    ]


def focus_chain(window: QWidget) -> list[QWidget]:
    chain: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not window and widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def describe(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    return f"{type(widget).__name__}({widget.objectName() or text!r})"


def audit_current(window: QWidget) -> list[str]:
    """Problems in what is visible now."""
    QApplication.processEvents()
    problems = []
    chain = set(focus_chain(window))
    for widget in interactive_widgets(window):
        name = accessible_name(widget)
        if not name:
            problems.append(f"{describe(widget)} hat keinen zugänglichen Namen")
        elif name.casefold().replace("&", "") in ENGLISH:
            problems.append(f"{describe(widget)} heißt englisch „{name}“")
        if widget not in chain:
            problems.append(f"{describe(widget)} ist mit Tab nicht erreichbar")
    for button in icon_buttons(window):
        if not accessible_name(button):
            problems.append(f"Symbolknopf in {describe(button.parentWidget())} hat keinen Namen")
    for label in window.findChildren(QLabel):
        text = re.sub(r"<[^>]+>", "", label.text()).strip()
        if label.isVisibleTo(window) and text.endswith(":") and label.buddy() is None:
            problems.append(f"Beschriftung „{text}“ ist keinem Feld zugeordnet")
    return problems


def audit(window: QWidget) -> list[str]:
    """Audit `window`, visiting every page of every tab widget in it."""
    problems = audit_current(window)
    for tabs in window.findChildren(QTabWidget):
        if not tabs.isVisibleTo(window):
            continue
        current = tabs.currentIndex()
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            problems += audit_current(window)
        tabs.setCurrentIndex(current)
    return sorted(set(problems))
