"""The setup wizard, the Behörde dialog and the import dialogs, driven like a user would."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMessageBox,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from ozg_desk.app.paths import DataDir
from ozg_desk.app.session import open_session
from ozg_desk.domain.behoerde import Behoerde
from ozg_desk.store import meta, queries
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.setup import SetupWizard
from ozg_desk.ui.setup.behoerde_dialog import BehoerdeDialog
from ozg_desk.ui.setup.import_dialogs import open_catalogue_import
from ozg_desk.ui.setup.summary_page import summary_rows
from ozg_desk.ui.setup.wizard import Page
from ozg_desk.ui.tasks import TaskManager
from tests.conftest import content_dump
from tests.helpers import OZG_HEADER, write_csv
from tests.helpers.a11y_audit import audit

NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton
CRIVITZ = "130765668000"


@pytest.fixture
def desk(qtbot: QtBot, data_dir: DataDir) -> Iterator[Desk]:
    """A desk on a real session over an empty data directory."""
    session = open_session(data_dir)
    tasks = TaskManager()
    desk = Desk(session, tasks)
    yield desk
    wait_until(lambda: tasks.pending() == 0)  # no callback may outlive the test
    tasks.wait()
    session.close()


def wait_until(condition: Callable[[], object], timeout: int = 5000) -> None:
    """Process events until `condition()` holds (background results arrive as events)."""
    deadline = time.monotonic() + timeout / 1000
    while not condition():
        assert time.monotonic() < deadline, f"nach {timeout} ms nicht erfüllt"
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)


def patch_open_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_args, **_kw: (str(path), ""))
    )


def patch_open_files(monkeypatch: pytest.MonkeyPatch, paths: list[Path]) -> None:
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        staticmethod(lambda *_args, **_kw: ([str(path) for path in paths], "")),
    )


def start_wizard(qtbot: QtBot, desk: Desk) -> SetupWizard:
    wizard = SetupWizard(desk)
    qtbot.addWidget(wizard)
    with qtbot.waitActive(wizard):  # Alt shortcuts only reach the active window
        wizard.show()
        wizard.activateWindow()
    wait_until(lambda: wizard.reference_ready, timeout=15_000)  # the shipped areas, catalogue
    return wizard


def click_next(qtbot: QtBot, wizard: SetupWizard) -> None:
    button = wizard.button(NEXT)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def read(desk: Desk) -> tuple[Behoerde | None, queries.CatalogueInfo, str | None]:
    with desk.session.store.read() as connection:
        return (
            queries.local_behoerde(connection),
            queries.catalogue_info(connection),
            queries.meta_value(connection, meta.AUTHOR),
        )


def test_setup_of_amt_crivitz_from_an_empty_data_directory(
    qtbot: QtBot, desk: Desk, reference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard = start_wizard(qtbot, desk)
    choose = wizard.choose
    assert not wizard.button(NEXT).isEnabled()

    # The areas are shipped; a user may still choose a file (here the same data once more).
    patch_open_file(monkeypatch, reference / "mv_gebiete.csv")
    qtbot.mouseClick(choose.areas.button, Qt.MouseButton.LeftButton)
    wait_until(lambda: "Gebiete:" in choose.areas.result.text(), timeout=5000)
    assert "852 geändert" in choose.areas.result.text()  # without the shipped Gebietsstand

    qtbot.keyClicks(choose.search, "Crivitz")
    wait_until(lambda: "Treffer" in choose.status.text() and choose.results.count() == 1)
    qtbot.keyClick(choose.search, Qt.Key.Key_Down)  # on to the list, as a keyboard user would
    assert choose.results.hasFocus()
    assert choose.results.currentItem().text() == (
        "Crivitz – Amt im Landkreis Ludwigslust-Parchim (ARS 130765668000)"
    )
    click_next(qtbot, wizard)

    details = wizard.details.form
    assert wizard.currentId() == Page.DETAILS
    assert details.lines["name"].text() == "Amt Crivitz"
    assert details.typ.currentText() == "Amt"
    assert details.ars.text() == CRIVITZ and details.ars.isReadOnly()
    wait_until(lambda: details.lines["ort"].text() == "Crivitz")  # the Amt's seat
    assert details.lines["plz"].text() == "19089"
    qtbot.keyClicks(details.lines["strasse"], "Amtsstraße 5")
    qtbot.keyClicks(details.lines["funktionspostfach"], "ozg(at)crivitz")
    click_next(qtbot, wizard)
    assert wizard.currentId() == Page.DETAILS  # refused, with the reason and the input kept
    assert "keine E-Mail-Adresse" in wizard.details.message.text()
    assert wizard.details.message.isVisible()
    assert details.lines["strasse"].text() == "Amtsstraße 5"
    details.lines["funktionspostfach"].clear()
    qtbot.keyClicks(details.lines["funktionspostfach"], "ozg@amt-crivitz.de")
    click_next(qtbot, wizard)

    people = wizard.signatories
    assert wizard.currentId() == Page.SIGNATORIES
    assert people.form.titles["amtsvorsteher"].text() == "Amtsvorsteher/in"
    assert people.form.titles["lvb"].text() == "Leitende/r Verwaltungsbeamte/r"
    qtbot.keyClicks(people.form.names["amtsvorsteher"], "Maria Vorsteher")
    qtbot.keyClicks(people.form.names["stellvertreter"], "Klaus Vertreter")
    qtbot.keyClicks(people.form.names["lvb"], "Anna Leitend")
    people.author.clear()
    qtbot.keyClicks(people.author, "Petra Koordinatorin")
    click_next(qtbot, wizard)

    gemeinden = wizard.gemeinden.gemeinden
    wait_until(lambda: gemeinden.list.count() == 17)
    assert len(gemeinden.checked()) == 17
    assert "Banzkow" in {str(item["name"]) for item in gemeinden.checked()}
    assert gemeinden.count.text() == "17 von 17 ausgewählt"
    click_next(qtbot, wizard)

    catalogue = wizard.catalogue
    wait_until(lambda: "mit OZG-Desk mitgeliefert" in catalogue.info.text())
    files = [reference / "ozg_leistungen.csv", reference / "leika_leistungen.csv"]
    patch_open_files(monkeypatch, files)
    qtbot.keyClicks(catalogue.stand, "2019-12")
    qtbot.mouseClick(catalogue.files.button, Qt.MouseButton.LeftButton)
    wait_until(lambda: "Katalog importiert" in catalogue.files.result.text(), timeout=10_000)
    assert "OZG-Leistungen: 0 neu, 0 geändert, 557 unverändert" in catalogue.files.result.text()
    assert "4.813 unverändert" in catalogue.files.result.text()
    wait_until(lambda: "aus Dateien importiert" in catalogue.info.text())
    assert "557 OZG-Leistungen" in catalogue.info.text()
    assert "Stand 2019-12" in catalogue.info.text()
    assert not catalogue.warning.isVisible()
    click_next(qtbot, wizard)

    assert wizard.currentId() == Page.SUMMARY
    rows = summary_rows(wizard.state)
    assert ("Behörde", "Amt Crivitz") in rows and ("Gemeinden", "17") in rows
    assert "Amt Crivitz" in wizard.summary.summary.text()
    saved: list[object] = []
    wizard.saved.connect(saved.append)
    qtbot.mouseClick(wizard.button(FINISH), Qt.MouseButton.LeftButton)
    wait_until(lambda: not wizard.isVisible())
    assert wizard.result() == QDialog.DialogCode.Accepted and saved

    behoerde, info, author = read(desk)
    assert behoerde is not None
    assert behoerde.ars == CRIVITZ and behoerde.name == "Amt Crivitz"
    assert behoerde.values["typ"] == "amt"
    assert behoerde.values["funktionspostfach"] == "ozg@amt-crivitz.de"
    assert behoerde.values["plz"] == "19089"
    assert behoerde.values["amtsvorsteher_name"] == "Maria Vorsteher"
    assert len(behoerde.gemeinden) == 17
    assert "130765668005" in {g.ars for g in behoerde.gemeinden}  # Banzkow
    assert info.ozg_leistungen == 557
    assert author == "Petra Koordinatorin" == desk.session.author
    assert desk.undo_text() == "Behörde eingerichtet"
    with desk.session.store.read() as connection:
        authors = {row[0] for row in connection.execute("SELECT DISTINCT author FROM history")}
    assert authors == {"Petra Koordinatorin"}


def test_hand_entry_needs_a_valid_mv_ars(qtbot: QtBot, desk: Desk) -> None:
    wizard = start_wizard(qtbot, desk)
    choose = wizard.choose
    qtbot.keyClick(choose.search, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # „Von &Hand“
    wait_until(choose.by_hand.isChecked)  # a shortcut clicks with a short animation
    assert choose.ars.isEnabled() and choose.ars.hasFocus() and not choose.search.isEnabled()
    assert not wizard.button(NEXT).isEnabled()

    qtbot.keyClicks(choose.ars, "1307656")
    assert not wizard.button(NEXT).isEnabled()
    assert "7 statt 12 Ziffern" in choose.ars_error.text()
    assert choose.ars_error.isVisible()

    choose.ars.clear()
    qtbot.keyClicks(choose.ars, "091620000000")  # München
    assert not wizard.button(NEXT).isEnabled()
    assert "nicht zu Mecklenburg-Vorpommern" in choose.ars_error.text()

    choose.ars.clear()
    qtbot.keyClicks(choose.ars, "13 0765668 000")
    assert wizard.button(NEXT).isEnabled()
    assert not choose.ars_error.isVisible()
    choose.typ.setCurrentIndex(choose.typ.findData("amtsfreie_gemeinde"))
    click_next(qtbot, wizard)
    details = wizard.details.form
    assert details.ars.text() == "130765668000"
    assert details.typ.currentText() == "amtsfreie Gemeinde"
    assert details.lines["name"].text() == ""  # nothing to suggest a name from
    qtbot.keyClicks(details.lines["name"], "Gemeinde Beispiel")
    click_next(qtbot, wizard)
    people = wizard.signatories.form  # the titles follow the type
    assert people.labels["amtsvorsteher"].text() == "&Bürgermeister/in:"
    assert people.titles["amtsvorsteher"].text() == "Bürgermeister/in"


def test_finish_stays_open_when_saving_fails(qtbot: QtBot, desk: Desk) -> None:
    """A Behörde with another ARS exists: the save is refused and nothing typed is lost."""
    desk.session.repository.save_behoerde({"ars": "130715157000", "typ": "amt", "name": "Alt"})
    wizard = start_wizard(qtbot, desk)
    wizard.choose.by_hand.click()
    qtbot.keyClicks(wizard.choose.ars, CRIVITZ)
    click_next(qtbot, wizard)
    qtbot.keyClicks(wizard.details.form.lines["name"], "Amt Crivitz")
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)  # signatories: the login name is prefilled as author

    gemeinden = wizard.gemeinden.gemeinden
    assert gemeinden.list.count() == 0
    qtbot.keyClicks(gemeinden.new_ars, "130765668005")
    qtbot.keyClicks(gemeinden.new_name, "Banzkow")
    qtbot.mouseClick(gemeinden.add_button, Qt.MouseButton.LeftButton)
    assert [g["name"] for g in gemeinden.checked()] == ["Banzkow"]
    assert gemeinden.checked()[0]["ags"] == "13076005"
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)  # the catalogue import may be skipped

    qtbot.mouseClick(wizard.button(FINISH), Qt.MouseButton.LeftButton)
    message = wizard.summary.message
    wait_until(lambda: "Nicht gespeichert" in message.text())
    assert "kann nicht geändert werden" in message.text()
    assert wizard.isVisible() and wizard.currentId() == Page.SUMMARY
    assert wizard.button(FINISH).isEnabled()
    behoerde, _info, _author = read(desk)
    assert behoerde is not None and behoerde.name == "Alt"


def test_a_bad_catalogue_file_is_refused_and_changes_nothing(
    qtbot: QtBot, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = write_csv(
        tmp_path / "ozg_leistungen.csv",
        OZG_HEADER,
        [
            ("10235", "Sterbefallanzeige", "Tod", "Gesundheit", "1"),
            ("10300", "Führerschein", "Mobilität", "Mobilität & Reisen", "2"),
        ],
        encoding="cp1252",
    )
    patch_open_files(monkeypatch, [bad])

    wizard = SetupWizard(desk)
    qtbot.addWidget(wizard)
    wizard.setStartId(Page.CATALOGUE)
    wizard.show()
    wait_until(lambda: wizard.reference_ready, timeout=15_000)
    before = content_dump(desk.session.store.path)
    catalogue = wizard.catalogue
    qtbot.mouseClick(catalogue.files.button, Qt.MouseButton.LeftButton)
    wait_until(lambda: "Import abgelehnt" in catalogue.files.result.text())
    assert "nicht UTF-8-kodiert" in catalogue.files.result.text()
    assert "nichts importiert" in catalogue.files.result.text()
    assert catalogue.files.button.isEnabled() and wizard.button(NEXT).isEnabled()

    parent = QWidget()
    qtbot.addWidget(parent)
    open_catalogue_import(parent, desk)  # the same through the menu entry
    wait_until(lambda: bool(parent.findChildren(QMessageBox)))
    box = parent.findChildren(QMessageBox)[0]
    assert box.windowTitle() == "Import abgelehnt"
    assert "nicht UTF-8-kodiert" in box.text()
    box.close()
    assert content_dump(desk.session.store.path) == before


def test_behoerde_dialog_saves_an_undoable_change(qtbot: QtBot, desk: Desk) -> None:
    repository = desk.session.repository
    repository.save_behoerde(
        {"ars": CRIVITZ, "typ": "amt", "name": "Amt Crivitz", "funktionspostfach": "alt@crivitz.de"}
    )
    repository.set_gemeinden([{"ars": "130765668005", "ags": "13076005", "name": "Banzkow"}])
    dialog = BehoerdeDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_until(dialog.save_button.isEnabled)
    form = dialog.details
    assert form.ars.text() == CRIVITZ and form.ars.isReadOnly()
    assert [g["name"] for g in dialog.gemeinden.checked()] == ["Banzkow"]
    mailbox = form.lines["funktionspostfach"]
    assert mailbox.text() == "alt@crivitz.de"
    mailbox.clear()
    qtbot.keyClicks(mailbox, "ozg@amt-crivitz.de")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Accepted

    behoerde, _info, _author = read(desk)
    assert behoerde is not None
    assert behoerde.values["funktionspostfach"] == "ozg@amt-crivitz.de"
    assert len(behoerde.gemeinden) == 1  # untouched Gemeinden stay as they were
    assert desk.undo_text() == "Behörde geändert"
    desk.undo()
    wait_until(lambda: desk.undo_text() is None)
    behoerde, _info, _author = read(desk)
    assert behoerde is not None and behoerde.values["funktionspostfach"] == "alt@crivitz.de"


def test_ansprechpartner_are_entered_in_the_behoerde_dialog(qtbot: QtBot, desk: Desk) -> None:
    desk.session.repository.save_behoerde({"ars": CRIVITZ, "typ": "amt", "name": "Amt Crivitz"})
    dialog = BehoerdeDialog(desk)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    wait_until(dialog.save_button.isEnabled)
    dialog.tabs.setCurrentWidget(dialog.contacts)
    lines = dialog.contacts.lines
    qtbot.keyClick(dialog, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # Tec&hnisch
    assert lines[("technisch", "name")].hasFocus()
    lines[("technisch", "name")].insert("Jörg Weiß")  # QTest types ASCII only
    qtbot.keyClicks(lines[("technisch", "email")], "weiss@")
    dialog.tabs.setCurrentIndex(0)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    # Refused before anything is written, and the user is taken to the field.
    assert dialog.isVisible() and "Ansprechpartner/in technisch" in dialog.message.text()
    assert "keine E-Mail-Adresse" in dialog.message.text()
    assert dialog.tabs.currentWidget() is dialog.contacts
    assert lines[("technisch", "email")].hasFocus()
    assert read(desk)[0] is not None and read(desk)[0].kontakte == {}  # type: ignore[union-attr]

    qtbot.keyClicks(lines[("technisch", "email")], "amt-crivitz.de")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: not dialog.isVisible())
    behoerde = read(desk)[0]
    assert behoerde is not None
    assert behoerde.kontakte["technisch"]["name"] == "Jörg Weiß"
    assert behoerde.kontakte["technisch"]["email"] == "weiss@amt-crivitz.de"
    assert set(behoerde.kontakte) == {"technisch"}

    again = BehoerdeDialog(desk)  # shows what was saved
    qtbot.addWidget(again)
    wait_until(again.save_button.isEnabled)
    assert again.contacts.lines[("technisch", "name")].text() == "Jörg Weiß"
    assert desk.undo_text() == "Behörde geändert"


def test_every_page_passes_the_accessibility_audit(qtbot: QtBot, desk: Desk) -> None:
    wizard = start_wizard(qtbot, desk)
    problems = audit(wizard)
    wizard.choose.by_hand.click()
    qtbot.keyClicks(wizard.choose.ars, CRIVITZ)
    problems += audit(wizard)
    for _page in range(Page.SUMMARY):
        if wizard.currentId() == Page.DETAILS:
            qtbot.keyClicks(wizard.details.form.lines["name"], "Amt Crivitz")
        click_next(qtbot, wizard)
        wait_until(wizard.currentPage().isComplete)  # pages that load have finished
        problems += audit(wizard)
    assert wizard.currentId() == Page.SUMMARY

    desk.session.repository.save_behoerde({"ars": CRIVITZ, "typ": "amt", "name": "Amt Crivitz"})
    dialog = BehoerdeDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_until(dialog.save_button.isEnabled)
    problems += audit(dialog)
    assert problems == []
