"""Minutes per case from the Zeitwerttabelle Verwaltung: the shipped table with its source, the
sum of the chosen activities, and the dialog in the editor that takes the sum over by keyboard as
one undoable edit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from ozg_desk.app.errors import KnownError
from ozg_desk.figures.defaults import defaults_file, parse, shipped_defaults
from ozg_desk.figures.time_values import describe, estimate
from ozg_desk.ui.editor.time_values_dialog import TimeValuesDialog
from tests.helpers.a11y_audit import audit
from tests.helpers.gui import Running
from tests.test_editor import running, stored

__all__ = ["running"]


def test_the_shipped_table_has_its_activities_source_and_check_mark() -> None:
    table = shipped_defaults().time_values
    assert len(table.activities) == 17
    first = table.activities[0]
    assert first.name == "Einarbeiten in die Vorgabe"
    assert dict(first.minutes) == {"einfach": 2, "mittel": 13, "hoch": 413}
    calculations = table.activities[5]
    assert calculations.levels() == ("einfach", "mittel")  # the table gives no „hoch“ there
    assert "Zeitwerttabelle Verwaltung" in table.cite() and "zu prüfen" in table.cite()


def test_the_sum_counts_only_what_was_chosen_and_refuses_a_missing_level() -> None:
    table = shipped_defaults().time_values
    assert estimate(table, {}) == 0
    assert describe(table, {}) == "Keine Tätigkeit gewählt."
    assert estimate(table, {2: "mittel", 4: "einfach", 10: "mittel"}) == 30 + 8 + 60
    assert describe(table, {2: "mittel", 4: "einfach", 10: "mittel"}) == (
        "3 Tätigkeiten: 98 Minuten je Fall"
    )
    with pytest.raises(ValueError, match="keinen Wert"):
        estimate(table, {5: "hoch"})


def test_a_malformed_table_in_the_defaults_file_is_a_clear_error() -> None:
    text = defaults_file().read_text(encoding="utf-8")
    broken = text.replace("minuten = [2, 13, 413]", "minuten = [2]")
    with pytest.raises(KnownError, match="Standardwerte der Kennzahlen sind fehlerhaft"):
        parse(broken)


def _dialog(qtbot: QtBot) -> TimeValuesDialog:
    """The open dialog, active (offscreen, an opened dialog does not always get activated)."""
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, TimeValuesDialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_the_estimate_is_taken_over_by_keyboard_and_undone(qtbot: QtBot, running: Running) -> None:
    page = running.window.leistungen
    assert page.select_ozg_id("10235")
    running.settle(qtbot)
    editor = page.editor
    editor.tabs.setCurrentIndex(1)
    economics = editor.economics
    button = economics.estimate_button
    qtbot.waitUntil(button.isEnabled)  # the table comes with the record, read in the background
    before = stored(running, "10235")["minuten_papier"]
    assert "Zeitwerttabelle" in button.accessibleDescription()
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), TimeValuesDialog))
    dialog = _dialog(qtbot)
    assert not dialog.paper.isEnabled()  # nothing chosen, nothing to take over
    assert audit(dialog) == []
    first, second = dialog.choices[0], dialog.choices[1]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Down)
    qtbot.keyClick(first, Qt.Key.Key_Down)  # mittel: 13 Min.
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert second.hasFocus()
    qtbot.keyClick(second, Qt.Key.Key_Down)  # einfach: 3 Min.
    assert dialog.total.text() == "Summe: 2 Tätigkeiten: 16 Minuten je Fall"
    assert dialog.total.accessibleDescription() == "2 Tätigkeiten: 16 Minuten je Fall"
    qtbot.keyClick(second, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    running.settle(qtbot)
    field = economics.widgets["minuten_papier"]
    assert isinstance(field, QLineEdit) and field.text() == "16"
    assert stored(running, "10235")["minuten_papier"] == 16
    running.window.activateWindow()
    qtbot.waitUntil(running.window.isActiveWindow)
    qtbot.keyClick(running.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    running.settle(qtbot)
    assert stored(running, "10235")["minuten_papier"] == before


def test_cancelling_the_estimate_changes_nothing(qtbot: QtBot, running: Running) -> None:
    page = running.window.leistungen
    assert page.select_ozg_id("10235")
    running.settle(qtbot)
    editor = page.editor
    editor.tabs.setCurrentIndex(1)
    button = editor.economics.estimate_button
    qtbot.waitUntil(button.isEnabled)
    before = stored(running, "10235")
    button.click()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), TimeValuesDialog))
    dialog = _dialog(qtbot)
    first = dialog.choices[0]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Down)
    qtbot.keyClick(first, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    running.settle(qtbot)
    assert stored(running, "10235") == before
