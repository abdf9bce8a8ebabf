"""The Diagramme on the Übersicht, by keyboard and screen reader: Tab reaches each chart's table,
named by the chart's title, holding the figures' data; the page passes the accessibility audit."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QTableWidget
from pytestqt.qtbot import QtBot

from ozg_desk.app.paths import DataDir
from ozg_desk.app.session import load_snapshot, open_session
from ozg_desk.charts import charts_for
from ozg_desk.store.figure_inputs import compute_figures
from ozg_desk.ui.main_window import MainWindow
from ozg_desk.ui.overview import charts_view
from ozg_desk.ui.overview.charts_panel import ChartPanel
from ozg_desk.ui.tasks import TaskManager
from tests.helpers.a11y_audit import audit
from tests.helpers.gui import Running, open_window

TITLES = [
    "Fortschritt gegen die Zieltermine",
    "Verfügbarkeit nach Reifegrad je Modell",
    "Anbindungsquote je Themenfeld",
    "Digitalisierungsrendite je Szenario",
]


@pytest.fixture
def running(qtbot: QtBot, data_dir: DataDir) -> Running:
    running = open_window(qtbot, data_dir, demo=True)
    running.window.show_page(0)
    qtbot.waitUntil(lambda: len(running.window.overview.charts.panels) == len(TITLES))
    running.settle(qtbot)
    yield running
    running.close(qtbot)


def panels(running: Running) -> list[ChartPanel]:
    return running.window.overview.charts.panels


def text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def cells(table: QTableWidget) -> list[tuple[str, ...]]:
    return [
        tuple(text(table, row, column) for column in range(table.columnCount()))
        for row in range(table.rowCount())
    ]


def test_tab_reaches_each_charts_table_by_its_title(qtbot: QtBot, running: Running) -> None:
    with qtbot.waitActive(running.window):
        running.window.activateWindow()
    last_card = running.window.overview.cards.cards[-1]
    last_card.records.setFocus()
    reached: list[QTableWidget] = []
    for _ in range(10):  # the cards' last button, then the tables one after the other
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if not isinstance(focused, QTableWidget):
            break
        reached.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Down)  # arrows move inside, Tab goes on
        assert QApplication.focusWidget() is focused
    assert [table.accessibleName() for table in reached] == TITLES
    for table, panel in zip(reached, panels(running), strict=True):
        assert table is panel.table
        interface = QAccessible.queryAccessibleInterface(table)
        assert interface.text(QAccessible.Text.Name) == panel.chart.title
        assert interface.text(QAccessible.Text.Description) == panel.chart.summary
        picture = panel.picture
        assert picture.accessibleName() == f"Diagramm: {panel.chart.title}"
        assert picture.accessibleDescription() == panel.chart.summary


def test_the_tables_hold_the_data_of_the_figures(qtbot: QtBot, running: Running) -> None:
    with running.session.store.read() as connection:
        figures = compute_figures(connection)
    today = dt.datetime.now().astimezone().date()
    expected = charts_for(figures, today)
    for panel, chart in zip(panels(running), expected, strict=True):
        table = panel.table
        model = table.model()
        orientation = Qt.Orientation.Horizontal
        headers = [model.headerData(i, orientation) for i in range(table.columnCount())]
        assert tuple(headers) == chart.headers
        assert cells(table) == list(chart.rows)
    quote = next(f for f in figures if f.id == "anbindungsquote")
    themen = [part.key for part in quote.parts if not part.key.startswith("Gemeinde ")]
    table = panels(running)[2].table
    assert [text(table, row, 0) for row in range(table.rowCount())] == themen
    progress = next(f for f in figures if f.id == "fortschritt")
    assert panels(running)[0].table.rowCount() == len(progress.parts)


def test_the_page_with_its_charts_passes_the_accessibility_audit(
    qtbot: QtBot, running: Running
) -> None:
    assert all(panel.picture.isVisibleTo(running.window) for panel in panels(running))
    assert all(not panel.picture.renderer().viewBox().isEmpty() for panel in panels(running))
    assert audit(running.window) == []


def test_the_window_opens_on_the_uebersicht_with_its_charts(
    qtbot: QtBot, data_dir: DataDir
) -> None:
    """The navigation takes its first row when it gets the focus while the data still loads;
    the Übersicht must show all the same, not „Daten werden geladen …“ until a click."""
    tasks = TaskManager()
    window = MainWindow(tasks)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(0)  # what focusing the list does before the session is there
    session = open_session(data_dir, demo=True)
    window.show_session(session, load_snapshot(session.store))
    running = Running(session, tasks, window)
    running.settle(qtbot)
    assert window.pages.currentWidget() is window.overview
    qtbot.waitUntil(lambda: len(window.overview.charts.panels) == len(TITLES))
    running.close(qtbot)


def test_the_first_charts_wait_until_they_are_scrolled_into_view(
    qtbot: QtBot, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At start the charts below the fold are not drawn (their drawing would compete with the
    user's first steps); Bild ab (Page Down) to them draws them."""
    monkeypatch.setattr(charts_view, "FIRST_DRAW_DELAY_MS", 600_000)
    running = open_window(qtbot, data_dir, demo=True)
    window = running.window
    window.show_page(0)
    overview = window.overview
    qtbot.waitUntil(lambda: bool(overview.cards.cards))
    running.settle(qtbot)
    assert overview.charts.panels == []
    scroll = overview._scroll
    scroll.setFocus()
    for _ in range(40):
        if overview.charts.panels:
            break
        qtbot.keyClick(scroll, Qt.Key.Key_PageDown)
        running.settle(qtbot)
    qtbot.waitUntil(lambda: len(overview.charts.panels) == len(TITLES))
    running.close(qtbot)
