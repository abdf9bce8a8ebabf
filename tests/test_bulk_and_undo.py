"""Bulk edit with preview in the real dialog; one undo restores every row exactly."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel
from pytestqt.qtbot import QtBot

from ozg_desk.app.paths import DataDir
from ozg_desk.ui.leistungen.bulk_dialog import BulkEditDialog
from tests.helpers.gui import Running, open_window


@pytest.fixture
def running(qtbot: QtBot, data_dir: DataDir) -> Running:
    """The demo Amt (real catalogue when the reference data is there)."""
    running = open_window(qtbot, data_dir, demo=True)
    yield running
    running.close(qtbot)


def select(running: Running, ozg_ids: list[str]) -> None:
    page = running.window.leistungen
    page.filter_bar.apply(page.filter_bar.current().__class__(relevance="alle"))
    selection = QItemSelection()
    for ozg_id in ozg_ids:
        index = page.proxy.mapFromSource(page.model.index(page.model.position_of(ozg_id) or 0, 0))
        selection.select(index, index)
    page.table.selectionModel().select(
        selection,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def test_bulk_edit_preview_apply_and_undo(qtbot: QtBot, running: Running) -> None:
    page = running.window.leistungen
    # Untracked, open, tracked-and-online (which may not go back to "geplant") and planned.
    chosen = ["10227", "10029", "10237", "10117"]
    before = {row.ozg_id: row for row in page.model.rows()}
    select(running, chosen)
    assert sorted(row.ozg_id for row in page.selected_rows()) == sorted(chosen)
    assert running.window.desk is not None
    dialog = BulkEditDialog(
        running.window.desk, page.selected_rows(), page.workflow, ["Bürgeramt"], page
    )
    qtbot.addWidget(dialog)
    dialog.status.setCurrentIndex(dialog.status.findData("geplant"))
    dialog.set_owner.setChecked(True)
    dialog.owner.setCurrentText("Bürgeramt")
    dialog.set_date.setChecked(True)
    dialog.date.set_value("2026-12-31")
    dialog.refresh()
    preview = {
        dialog.preview.topLevelItem(i).text(0)[:5]: dialog.preview.topLevelItem(i)
        for i in range(dialog.preview.topLevelItemCount())
    }
    assert "übersprungen" in preview["10237"].text(dialog.preview.columnCount() - 1)
    assert preview["10029"].text(1) == "offen → geplant"
    assert "Zielterm" in dialog.preview.headerItem().text(3)
    assert dialog.apply_button.text() == "Ü&bernehmen (3)"
    nothing_yet = {row.ozg_id: row for row in page.model.rows()}
    assert nothing_yet == before  # the preview wrote nothing
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: dialog.result() == BulkEditDialog.DialogCode.Accepted)
    running.settle(qtbot)
    after = {row.ozg_id: row for row in page.model.rows()}
    for ozg_id in ("10227", "10029", "10117"):
        assert after[ozg_id].values["status"] == "geplant"
        assert after[ozg_id].values["verantwortlich"] == "Bürgeramt"
        assert after[ozg_id].values["zieltermin"] == "2026-12-31"
    assert after["10237"] == before["10237"]
    undo = running.window.actions_by_key["undo"]
    assert undo.text().startswith("&Rückgängig: Sammelbearbeitung (3")
    undo.trigger()
    running.settle(qtbot)
    restored = {row.ozg_id: row for row in page.model.rows()}
    assert restored == before
    redo = running.window.actions_by_key["redo"]
    assert redo.isEnabled()
    redo.trigger()
    running.settle(qtbot)
    assert {row.ozg_id: row for row in page.model.rows()} == after


def test_one_avv_renewal_date_for_several_leistungen_by_keyboard(
    qtbot: QtBot, running: Running
) -> None:
    """An AVV covers several Leistungen: Alt+V, the date typed, Tab — the preview shows it, and
    „Übernehmen“ sets it on each tracked one."""
    from PySide6.QtCore import Qt

    page = running.window.leistungen
    chosen = ["10124", "10160"]
    select(running, chosen)
    assert running.window.desk is not None
    dialog = BulkEditDialog(running.window.desk, page.selected_rows(), page.workflow, [], page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.status, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.set_avv.isChecked)
    dialog.avv.edit.setFocus()
    qtbot.keyClicks(dialog.avv.edit, "30.06.2027")
    qtbot.keyClick(dialog.avv.edit, Qt.Key.Key_Tab)
    assert "AVV zu verlängern bis" in dialog.preview.headerItem().text(1)
    cells = {dialog.preview.topLevelItem(i).text(1) for i in range(2)}
    assert cells == {"— → 30.06.2027"}
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: dialog.result() == BulkEditDialog.DialogCode.Accepted)
    running.settle(qtbot)
    after = {row.ozg_id: row for row in page.model.rows()}
    assert {after[ozg_id].values["avv_verlaengerung_am"] for ozg_id in chosen} == {"2027-06-30"}
