"""Menus and keyboard shortcuts of the main window, declared in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


@dataclass(frozen=True)
class ActionSpec:
    """One menu entry: menu title, text (with & mnemonic), shortcut(s), handler."""

    menu: str
    key: str
    text: str
    shortcuts: tuple[str | QKeySequence.StandardKey, ...]
    handler: Callable[[], object]


def build_menus(window: QMainWindow, specs: list[ActionSpec]) -> dict[str, QAction]:
    """Create the menu bar from `specs`; return the actions by key."""
    menus: dict[str, QMenu] = {}
    actions: dict[str, QAction] = {}
    for spec in specs:
        menu = menus.get(spec.menu)
        if menu is None:
            menu = menus[spec.menu] = window.menuBar().addMenu(spec.menu)
        if spec.key.startswith("-"):
            menu.addSeparator()
            continue
        action = QAction(spec.text, window)
        action.setShortcuts(_unique(spec.shortcuts))
        action.triggered.connect(lambda _checked=False, handler=spec.handler: handler())
        menu.addAction(action)
        window.addAction(action)  # shortcuts work wherever the focus is
        actions[spec.key] = action
    return actions


def _unique(shortcuts: tuple[str | QKeySequence.StandardKey, ...]) -> list[QKeySequence]:
    """Platform standard keys may repeat an explicit one (Ctrl+Y is Redo on Windows)."""
    result: list[QKeySequence] = []
    for shortcut in shortcuts:
        sequences = (
            QKeySequence.keyBindings(shortcut)
            if isinstance(shortcut, QKeySequence.StandardKey)
            else [QKeySequence(shortcut)]
        )
        result += [seq for seq in sequences if not seq.isEmpty() and seq not in result]
    return result


def shortcut_table(actions: dict[str, QAction]) -> list[tuple[str, str]]:
    """(Tastenkürzel, Aktion) pairs for the help dialog."""
    rows = []
    for action in actions.values():
        keys = ", ".join(
            sequence.toString(QKeySequence.SequenceFormat.NativeText)
            for sequence in action.shortcuts()
        )
        if keys:
            rows.append((keys, action.text().replace("&", "").rstrip(" …")))
    return rows
