"""The whole day of an IT coordinator, through the real application window.

First start → set-up wizard → find a service by part of a LeiKa name → take it through the
lifecycle to „online“ → the history shows each step → close, reopen → everything is there.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QWizard
from pytestqt.qtbot import QtBot

from ozg_desk.app.paths import DataDir
from ozg_desk.domain.lifecycle import MAIN_LINE, Status
from ozg_desk.ui.app import GuiRun
from ozg_desk.ui.editor.transition_dialog import TransitionDialog
from ozg_desk.ui.setup import SetupWizard

NEXT = QWizard.WizardButton.NextButton


def start(qtbot: QtBot, data_dir: DataDir) -> GuiRun:
    run = GuiRun(data_dir, demo=False, smoke_test=False, screenshot=None)
    qtbot.addWidget(run.window)
    run.start()
    qtbot.waitUntil(lambda: run.session is not None and run.tasks.pending() == 0, timeout=10_000)
    return run


def stop(qtbot: QtBot, run: GuiRun) -> None:
    qtbot.waitUntil(lambda: run.tasks.pending() == 0, timeout=10_000)
    run.window.close()
    run.shutdown()


def answer_next_dialog(fill: Callable[[TransitionDialog], None]) -> None:
    """Fill the modal dialog that the next click opens, then confirm it."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TransitionDialog):
            QTimer.singleShot(20, answer)
            return
        fill(dialog)
        dialog._check()  # the same as clicking „Status setzen“

    QTimer.singleShot(0, answer)


def set_up_amt_crivitz(
    qtbot: QtBot, run: GuiRun, reference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.waitUntil(lambda: run.window.findChild(SetupWizard) is not None, timeout=5000)
    wizard = run.window.findChild(SetupWizard)
    assert wizard is not None and wizard.isVisible()
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *_a, **_k: (str(reference / "mv_gebiete.csv"), "")),
    )
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        staticmethod(
            lambda *_a, **_k: (
                [str(reference / "ozg_leistungen.csv"), str(reference / "leika_leistungen.csv")],
                "",
            )
        ),
    )
    choose = wizard.choose
    qtbot.waitUntil(lambda: wizard.reference_ready, timeout=15_000)  # shipped areas, catalogue
    qtbot.keyClicks(choose.search, "Crivitz")
    qtbot.waitUntil(lambda: choose.results.count() == 1, timeout=5000)
    choose.results.setCurrentRow(0)
    wizard.button(NEXT).click()
    qtbot.keyClicks(wizard.details.form.lines["funktionspostfach"], "ozg@amt-crivitz.example")
    wizard.button(NEXT).click()
    people = wizard.signatories
    qtbot.keyClicks(people.form.names["amtsvorsteher"], "Maria Vorsteher")
    people.author.clear()
    qtbot.keyClicks(people.author, "Petra Koordinatorin")
    wizard.button(NEXT).click()
    qtbot.waitUntil(lambda: wizard.gemeinden.gemeinden.list.count() == 17, timeout=5000)
    wizard.button(NEXT).click()
    qtbot.waitUntil(lambda: "557 OZG-Leistungen" in wizard.catalogue.info.text(), timeout=5000)
    wizard.button(NEXT).click()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: len(run.window.leistungen.model.rows()) == 557, timeout=10_000)
    qtbot.waitUntil(lambda: run.tasks.pending() == 0, timeout=10_000)


def test_first_start_to_online_and_back_again(
    qtbot: QtBot, data_dir: DataDir, reference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = start(qtbot, data_dir)
    set_up_amt_crivitz(qtbot, run, reference, monkeypatch)
    window = run.window
    assert window.header.title.text() == "Amt Crivitz"

    # Find the Hundehaltung by typing part of its LeiKa-Leistung „Hundesteuer“.
    with qtbot.waitActive(window):  # keyboard focus needs the active window
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = window.leistungen
    assert page.filter_bar.search.hasFocus()
    qtbot.keyClicks(page.filter_bar.search, "hundest")
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, 1).data() == "Hundehaltung"
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    editor = page.editor
    assert editor.row is not None and editor.row.ozg_id == "10160"
    editor.create_button.click()
    qtbot.waitUntil(lambda: editor.record is not None, timeout=5000)
    assert page.proxy.index(0, 3).data() == "offen"

    # Through the whole lifecycle with „Weiter“; the steps that need data ask for it.
    answers: dict[Status, Callable[[TransitionDialog], None]] = {
        Status.PLANNED: lambda d: d.form.widgets["zieltermin"].set_value("2027-03-31"),
        Status.CHANNEL: lambda d: _choose(d.form.widgets["empfangskanal"], "fit_connect"),
        Status.GO_LIVE_PLANNED: lambda d: d.form.widgets["golive_datum"].set_value("2027-02-01"),
    }
    for step in MAIN_LINE[1:]:
        if step in answers:
            answer_next_dialog(answers[step])
        assert editor.stepper.forward.text().endswith(step.label)
        editor.stepper.forward.click()
        qtbot.waitUntil(
            lambda s=step: editor.record is not None and editor.record.values["status"] == s.value,
            timeout=5000,
        )
        qtbot.waitUntil(lambda: run.tasks.pending() == 0, timeout=5000)
    assert page.proxy.index(0, 3).data() == "online"

    history = [editor.history.item(i).text() for i in range(editor.history.count())]
    steps = [f"Status: {a.label} → {b.label}" for a, b in pairwise(MAIN_LINE)]
    for expected in steps:
        assert any(line.startswith(expected) for line in history), expected
    assert all("Petra Koordinatorin" in line for line in history)
    stop(qtbot, run)

    # Reopen: everything is still there.
    again = start(qtbot, data_dir)
    assert again.window.findChild(SetupWizard) is None  # no second set-up
    assert again.window.header.title.text() == "Amt Crivitz"
    page = again.window.leistungen
    row = page.model.row_at(page.model.position_of("10160") or 0)
    assert row.values["status"] == "online"
    assert row.values["empfangskanal"] == "fit_connect"
    assert page.select_ozg_id("10160")
    qtbot.waitUntil(lambda: page.editor.history.count() > 0, timeout=5000)
    reopened = [page.editor.history.item(i).text() for i in range(page.editor.history.count())]
    assert reopened == history
    stop(qtbot, again)


def _choose(combo: object, key: str) -> None:
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(key))
