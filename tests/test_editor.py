"""The Anbindung editor saves every finished edit at once, refuses bad input visibly, undoes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from ozg_desk.app.paths import DataDir
from ozg_desk.store import queries
from tests.conftest import content_dump
from tests.helpers.gui import Running, open_window


@pytest.fixture
def running(qtbot: QtBot, data_dir: DataDir) -> Running:
    running = open_window(qtbot, data_dir, demo=True)
    running.window.show_page(1)
    yield running
    running.close(qtbot)


def stored(running: Running, ozg_id: str) -> dict[str, object]:
    with running.session.store.read() as connection:
        behoerde = queries.local_behoerde(connection)
        assert behoerde is not None
        (row,) = queries.leistungen(connection, behoerde.id, only={ozg_id})
    return dict(row.values)


def test_a_field_is_saved_when_left_and_undo_restores_it(qtbot: QtBot, running: Running) -> None:
    page = running.window.leistungen
    assert page.select_ozg_id("10235")
    running.settle(qtbot)
    editor = page.editor
    editor.tabs.setCurrentIndex(1)
    owner = editor.details.widgets["verantwortlich"]
    assert isinstance(owner, QLineEdit)
    before = stored(running, "10235")["verantwortlich"]
    owner.setFocus()
    owner.selectAll()
    qtbot.keyClicks(owner, "Standesamt Crivitz")
    qtbot.keyClick(owner, Qt.Key.Key_Return)
    running.settle(qtbot)
    assert stored(running, "10235")["verantwortlich"] == "Standesamt Crivitz"
    row = page.model.row_at(page.model.position_of("10235") or 0)
    assert row.values["verantwortlich"] == "Standesamt Crivitz"  # the list shows it too
    qtbot.keyClick(running.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    running.settle(qtbot)
    assert stored(running, "10235")["verantwortlich"] == before
    assert owner.text() == before


def test_bad_input_is_refused_visibly_and_changes_nothing(qtbot: QtBot, running: Running) -> None:
    page = running.window.leistungen
    assert page.select_ozg_id("10235")
    running.settle(qtbot)
    editor = page.editor
    editor.tabs.setCurrentIndex(1)
    link = editor.reifegrad.evidence.widgets["nachweis_link"]
    assert isinstance(link, QLineEdit)
    before = content_dump(running.session.store.path)
    link.setText("javascript:alert(1)")
    link.editingFinished.emit()
    running.settle(qtbot)
    assert editor.error.isVisibleTo(editor)
    assert "https://" in editor.error.text()
    assert content_dump(running.session.store.path) == before


def test_a_status_that_needs_data_asks_for_it(
    qtbot: QtBot, running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From „offen“ to „geplant“: the Zieltermin is asked for, then both are saved."""
    from ozg_desk.ui.editor import pane

    page = running.window.leistungen
    assert page.select_ozg_id("10227")  # Bestattung: offen in the demo
    running.settle(qtbot)

    class Answering(pane.TransitionDialog):
        def exec(self) -> int:
            self.form.widgets["zieltermin"].set_value("2027-03-31")  # type: ignore[attr-defined]
            self._check()
            return int(self.result())

    monkeypatch.setattr(pane, "TransitionDialog", Answering)
    page.editor.stepper.forward.click()
    running.settle(qtbot)
    values = stored(running, "10227")
    assert (values["status"], values["zieltermin"]) == ("geplant", "2027-03-31")


def test_channel_details_follow_the_chosen_channel(qtbot: QtBot, running: Running) -> None:
    page = running.window.leistungen
    assert page.select_ozg_id("10124")  # FIT-Connect in the demo
    running.settle(qtbot)
    channel: QComboBox = page.editor.channel.channel
    channel.setCurrentIndex(channel.findData("osci_xta"))
    channel.activated.emit(channel.currentIndex())
    running.settle(qtbot)
    dvdv = page.editor.channel.details["dvdv_key"]
    dvdv.setText("ags:13076005")
    dvdv.editingFinished.emit()
    running.settle(qtbot)
    values = stored(running, "10124")
    assert values["empfangskanal"] == "osci_xta"
    assert values["kanal_details"] == {"dvdv_key": "ags:13076005"}


def test_the_kennzahlen_inputs_are_typed_in_the_editor(qtbot: QtBot, running: Running) -> None:
    """„Wirtschaftlichkeit“ below the Angaben: a rating typed as „4,3“ is saved as 4.3 and shown
    as typed; a rating of 6 is refused visibly and nothing changes."""
    page = running.window.leistungen
    assert page.select_ozg_id("10235")
    running.settle(qtbot)
    editor = page.editor
    editor.tabs.setCurrentIndex(1)
    rating = editor.economics.widgets["zufriedenheit"]
    assert isinstance(rating, QLineEdit)
    rating.setFocus()
    qtbot.keyClicks(rating, "4,3")
    qtbot.keyClick(rating, Qt.Key.Key_Return)
    running.settle(qtbot)
    assert stored(running, "10235")["zufriedenheit"] == 4.3
    editor.reload()
    running.settle(qtbot)
    assert rating.text() == "4,3"
    before = content_dump(running.session.store.path)
    rating.selectAll()
    qtbot.keyClicks(rating, "6")
    qtbot.keyClick(rating, Qt.Key.Key_Return)
    running.settle(qtbot)
    assert editor.error.isVisibleTo(editor) and "höchstens 5" in editor.error.text()
    assert content_dump(running.session.store.path) == before
