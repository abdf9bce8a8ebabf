"""The main window on the small screens of an Amt: 1024×768 at 100 %, 1366×768 at 125 % (1093×614
logical pixels); nothing cut off, the editor below the list when side by side does not fit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QWidget
from pytestqt.qtbot import QtBot

from ozg_desk.app.paths import DataDir
from tests.helpers.gui import Running, open_window

TASKBAR = 40  # logical pixels Windows keeps for its taskbar


@pytest.fixture
def running(qtbot: QtBot, data_dir: DataDir) -> Running:
    opened = open_window(qtbot, data_dir, demo=True)
    yield opened
    opened.close(qtbot)


def cut_off(window: QWidget) -> list[str]:
    """Visible widgets that reach beyond the window (contents of scroll areas may: they scroll)."""
    area = QRect(QPoint(0, 0), window.size())
    problems = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or _scrolled(widget, window):
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not area.contains(rect):
            problems.append(f"{type(widget).__name__} {widget.accessibleName()!r} {rect}")
    return problems


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


@pytest.mark.parametrize(
    ("width", "height"),
    [(1024, 768 - TASKBAR), (1093, 614 - TASKBAR)],
    ids=["1024x768", "1366x768@125"],
)
def test_the_window_fits_a_small_office_screen(
    qtbot: QtBot, running: Running, width: int, height: int
) -> None:
    window = running.window
    assert window.minimumSizeHint().width() <= width
    assert window.minimumSizeHint().height() <= height
    for page in range(4):
        window.show_page(page)
        window.resize(width, height)
        running.settle(qtbot)
        assert (window.width(), window.height()) == (width, height)
        assert cut_off(window) == [], page
    window.show_page(1)
    leistungen = window.leistungen
    assert leistungen.select_ozg_id("10235")
    running.settle(qtbot)
    if width < 1050:  # the editor goes below the list; on a wider screen it may stay beside
        assert leistungen.splitter.orientation() == Qt.Orientation.Vertical
    table, header = leistungen.table, leistungen.table.horizontalHeader()
    zieltermin = 5
    assert header.sectionViewportPosition(zieltermin) + header.sectionSize(zieltermin) <= (
        table.viewport().width()
    ), "the Zieltermin column must be in view"
    assert cut_off(window) == []


def test_on_a_wide_screen_list_and_editor_stand_side_by_side(
    qtbot: QtBot, running: Running
) -> None:
    window = running.window
    window.show_page(1)
    window.resize(1600, 900)
    running.settle(qtbot)
    assert window.leistungen.splitter.orientation() == Qt.Orientation.Horizontal
    assert cut_off(window) == []


def test_columns_can_be_hidden_and_the_choice_is_kept(qtbot: QtBot, running: Running) -> None:
    window = running.window
    window.show_page(1)
    columns = window.leistungen.columns
    names = [action.text() for action in columns.actions.values()]
    assert "OZG-ID" not in names and "Leistung" not in names  # those always stay
    themenfeld = next(
        action for action in columns.actions.values() if action.text() == "Themenfeld"
    )
    themenfeld.trigger()
    running.settle(qtbot)
    assert window.leistungen.table.isColumnHidden(2)
    view_menu = window.actions_by_key["page0"].associatedObjects()[0]
    assert columns.menu.menuAction() in view_menu.actions()  # reachable by keyboard: Alt+A, S
    again = open_window(qtbot, running.session.data_dir)
    again.settle(qtbot)
    assert again.window.leistungen.table.isColumnHidden(2)
    again.window.close()
