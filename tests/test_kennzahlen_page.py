"""The Kennzahlen on the Übersicht, used by keyboard: each card says what it counted, explains
itself, shows its definition on F1 and opens the list of exactly the records behind it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from ozg_desk.app.paths import DataDir
from ozg_desk.store.figure_inputs import compute_figures
from ozg_desk.ui.overview.figure_cards import ExplanationDialog, FigureCard
from tests.helpers.a11y_audit import audit
from tests.helpers.gui import Running, open_window


@pytest.fixture
def running(qtbot: QtBot, data_dir: DataDir) -> Running:
    running = open_window(qtbot, data_dir, demo=True)
    running.window.show_page(0)
    running.settle(qtbot)
    yield running
    running.close(qtbot)


def card(running: Running, name: str) -> FigureCard:
    cards = running.window.overview.cards.cards
    return next(card for card in cards if card.figure.definition.name == name)


def test_the_cards_show_the_figures_of_the_store(qtbot: QtBot, running: Running) -> None:
    with running.session.store.read() as connection:
        figures = {figure.id: figure for figure in compute_figures(connection)}
    time = card(running, "Zeiteffizienz")
    assert time.figure.to_json() == figures["zeiteffizienz"].to_json()
    assert "20 %:" in time.value.text()  # usage not entered everywhere: scenarios, no guess
    assert time.counted.text() == "3 Leistungen gezählt, 1 ohne Angabe"
    assert time.accessibleName().startswith("Zeiteffizienz: 20 %:")
    assert audit(running.window) == []


def test_a_figure_opens_the_list_of_its_records_and_back(qtbot: QtBot, running: Running) -> None:
    with qtbot.waitActive(running.window):  # Alt shortcuts reach only the active window
        running.window.activateWindow()
    time = card(running, "Zeiteffizienz")
    behind = {*time.figure.counted, *time.figure.left_out_ids}
    time.records.setFocus()
    qtbot.keyClick(time.records, Qt.Key.Key_Space)
    running.settle(qtbot)
    page = running.window.leistungen
    assert running.window.pages.currentWidget() is page
    proxy = page.proxy
    shown = {
        page.model.row_at(proxy.mapToSource(proxy.index(row, 0)).row()).ozg_id
        for row in range(proxy.rowCount())
    }
    assert shown == behind
    bar = page.filter_bar
    assert bar.records_note.isVisible()
    assert bar.records_note.text() == f"Nur die {len(behind)} Leistungen hinter „Zeiteffizienz“."
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # „Kom&plette …“
    qtbot.waitUntil(lambda: not bar.records_note.isVisible(), timeout=2000)  # an animated click
    running.settle(qtbot)
    assert page.proxy.rowCount() > len(behind)


def test_how_it_was_computed_and_the_definition_on_f1(qtbot: QtBot, running: Running) -> None:
    rendite = card(running, "Digitalisierungsrendite")
    dialog = ExplanationDialog(rendite.figure)
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert "Formel: Prozesskosteneffizienz − Σ laufende Kosten pro Jahr" in text
    assert "Annahme: Stundensatz einfacher/mittlerer Dienst" in text and "zu prüfen" in text
    assert "Nicht berücksichtigt, ohne" in text
    assert audit(dialog) == []
    quote = card(running, "Anbindungsquote")
    quote.how.setFocus()
    qtbot.keyClick(quote.how, Qt.Key.Key_F1)
    assert QToolTip.text().startswith("Anbindungsquote: Anteil der relevanten Leistungen")
    assert not any(
        w.isVisible() and "Tastenkürzel" in w.windowTitle() for w in QApplication.topLevelWidgets()
    )
