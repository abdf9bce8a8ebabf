"""The one date field: typed as people type dates, picked from a calendar by keyboard, and
readable in every dialog that asks for a date."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ozg_desk.ui.widgets.date_field import PLACEHOLDER, DateField
from tests.helpers.gui import Running, open_window
from tests.test_editor import stored

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def field(qtbot: QtBot) -> DateField:
    widget = DateField()
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


@pytest.mark.parametrize("typed", ["31.12.2027", "31.12.27", "31122027", "2027-12-31", "311227"])
def test_typed_dates_in_every_usual_form(qtbot: QtBot, field: DateField, typed: str) -> None:
    seen: list[object] = []
    field.committed.connect(seen.append)
    qtbot.keyClicks(field.edit, typed)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert field.value() == "2027-12-31" and seen == ["2027-12-31"]
    assert field.edit.text() == "31.12.2027"  # shown the German way once read
    assert field.error() is None


def test_what_is_not_a_date_stays_as_typed_with_the_reason(qtbot: QtBot, field: DateField) -> None:
    field.set_value("2026-06-30")
    seen: list[object] = []
    field.committed.connect(seen.append)
    field.edit.clear()
    qtbot.keyClicks(field.edit, "31.02.2027")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert field.value() == "2026-06-30" and seen == []  # nothing changed
    assert field.edit.text() == "31.02.2027"  # nothing typed is lost
    assert "kein gültiges Datum" in str(field.error())
    qtbot.keyClick(field.edit, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert field.value() is None and seen == [None] and field.error() is None


def test_the_field_shows_its_format_fits_its_text_and_opens_its_calendar(
    qtbot: QtBot, field: DateField
) -> None:
    assert field.edit.placeholderText() == PLACEHOLDER
    field.set_value("2027-12-31")
    metrics = field.edit.fontMetrics()
    assert field.edit.width() > metrics.horizontalAdvance("31.12.2027")
    for key, modifiers in ((Qt.Key.Key_Down, ALT), (Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier)):
        qtbot.keyClick(field.edit, key, modifiers)
        qtbot.waitUntil(lambda: field.calendar.isVisible(), timeout=2000)  # noqa: PLW0108 - made anew
        focus = QApplication.focusWidget()
        assert focus is not None and field.calendar.isAncestorOf(focus)  # keys go to the days
        qtbot.keyClick(focus, Qt.Key.Key_Right)  # the next day …
        qtbot.keyClick(focus, Qt.Key.Key_Return)  # … taken with Enter
        qtbot.waitUntil(lambda: not field.calendar.isVisible(), timeout=2000)
    assert field.value() == "2028-01-02"
    assert field.button.accessibleName().startswith("Kalender öffnen")


def test_a_planned_status_takes_a_typed_zieltermin(qtbot: QtBot, tmp_path: object) -> None:
    """„Status „geplant“ setzen“: the Zieltermin typed by keyboard, confirmed with Enter."""
    from ozg_desk.app.paths import prepare_data_dir

    running: Running = open_window(qtbot, prepare_data_dir(tmp_path / "data"), demo=True)  # type: ignore[operator]
    page = running.window.leistungen
    assert page.select_ozg_id("10227")  # Bestattung: offen in the demo
    running.settle(qtbot)
    typed: list[str] = []

    def type_the_date() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and "geplant" in dialog.windowTitle()
        date = dialog.form.widgets["zieltermin"]  # type: ignore[attr-defined]
        assert date.edit.hasFocus() or date.edit.setFocus() is None
        qtbot.keyClicks(date.edit, "31.12.2027")
        typed.append(date.edit.text())
        qtbot.keyClick(date.edit, Qt.Key.Key_Return)  # reads the date, then „Status setzen“

    QTimer.singleShot(0, type_the_date)
    page.editor.stepper.forward.click()
    running.settle(qtbot)
    assert typed == ["31.12.2027"]
    values = stored(running, "10227")
    assert (values["status"], values["zieltermin"]) == ("geplant", "2027-12-31")
    assert dt.date.fromisoformat(str(values["zieltermin"])).year == 2027
    running.close(qtbot)
