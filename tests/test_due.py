"""„Fällig“: overdue and upcoming Zieltermine, checklist items and papers waiting for their
signed return; a quiet notice at start; Enter opens the Leistung."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ozg_desk.figures.due import ChecklistDue, PrintedPaper, Target, due_items, notice
from tests.helpers.gui import Running
from tests.test_kennzahlen_page import running

__all__ = ["running"]  # the demo Amt on its Übersicht, shared with the Kennzahlen tests

TODAY = dt.date(2026, 12, 3)


def days(count: int) -> dt.date:
    return TODAY + dt.timedelta(days=count)


def test_what_is_due_is_grouped_and_what_is_far_is_left_for_later() -> None:
    items = due_items(
        [
            Target("10160", "Hundehaltung", days(-3)),
            Target("10124", "Wohnsitzmeldungen", days(20)),
            Target("10235", "Sterbefallanzeige", days(200)),  # beyond 90 days
        ],
        [ChecklistDue("10124", "Wohnsitzmeldungen", "ePayment beantragt", days(45))],
        [
            PrintedPaper("2026-AB12-0003", "Antrag auf Anbindung", days(-40)),  # 10 days late
            PrintedPaper("2026-AB12-0004", "AVV", days(-5)),  # back within 30 days: not yet
        ],
        TODAY,
    )
    assert [(item.kind, item.group(TODAY)) for item in items] == [
        ("Rücklauf", "überfällig"),
        ("Zieltermin", "überfällig"),
        ("Zieltermin", "in den nächsten 30 Tagen"),
        ("Rücklauf", "in den nächsten 30 Tagen"),
        ("Checkliste", "in den nächsten 90 Tagen"),
    ]
    assert items[0].what.startswith("2026-AB12-0003 Antrag auf Anbindung: gedruckt am 24.10.2026")
    assert notice(items, TODAY) == "Fällig: 2 überfällig – siehe Übersicht."
    soon = due_items([Target("10160", "Hundehaltung", days(7))], [], [], TODAY)
    assert notice(soon, TODAY) == "Fällig: 1 Termin in den nächsten 14 Tagen – siehe Übersicht."
    assert notice([], TODAY) is None


def test_the_overdue_target_of_the_demo_opens_in_the_editor(qtbot: QtBot, running: Running) -> None:
    due = running.window.overview.due
    rows = [due.topLevelItem(index) for index in range(due.topLevelItemCount())]
    overdue = [row for row in rows if row is not None and row.text(1) == "überfällig"]
    assert overdue, "the demo Amt has a Zieltermin in the past"
    assert "überfällig" in running.window.statusBar().currentMessage()
    target = overdue[0]
    ozg_id = target.data(0, Qt.ItemDataRole.UserRole)
    due.setFocus()
    due.setCurrentItem(target)
    qtbot.keyClick(due, Qt.Key.Key_Return)
    running.settle(qtbot)
    page = running.window.leistungen
    assert running.window.pages.currentWidget() is page
    assert page.editor.row is not None and page.editor.row.ozg_id == ozg_id
    assert page.table.hasFocus()
