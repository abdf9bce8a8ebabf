"""A new coordinator's first run, by keyboard, with no file at hand: the shipped areas and
catalogue, the Behörde found by its official name, every page telling the truth."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ozg_desk.app.paths import DataDir
from ozg_desk.app.session import open_session
from ozg_desk.store import queries
from ozg_desk.store.area_queries import behoerde_candidates
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.setup import SetupWizard
from ozg_desk.ui.setup.wizard import Page
from tests.helpers import LEIKA_HEADER, OZG_HEADER, write_csv
from tests.test_setup_wizard import FINISH, NEXT, desk, patch_open_files, start_wizard, wait_until

__all__ = ["desk"]  # the fixture, shared with the wizard's other tests
ALT = Qt.KeyboardModifier.AltModifier


def press(qtbot: QtBot, wizard: SetupWizard, letter: Qt.Key) -> None:
    """Alt+letter wherever the focus is, as the user presses it."""
    qtbot.keyClick(wizard.focusWidget() or wizard, letter, ALT)


def to_gemeinden_page(qtbot: QtBot, wizard: SetupWizard) -> None:
    """Find „Amt Crivitz“ by its official name and go on, by keyboard only."""
    choose = wizard.choose
    wait_until(lambda: choose.results.count() > 50, timeout=15_000)  # the shipped areas
    assert "Destatis" in choose.attribution.text()
    choose.search.setFocus()
    qtbot.keyClicks(choose.search, "Amt Crivitz")
    wait_until(lambda: choose.results.count() == 1)
    qtbot.keyClick(choose.search, Qt.Key.Key_Down)
    assert choose.results.hasFocus()
    assert choose.results.currentItem().text().startswith("Crivitz – Amt")
    for page in (Page.DETAILS, Page.SIGNATORIES, Page.GEMEINDEN):
        press(qtbot, wizard, Qt.Key.Key_W)  # „&Weiter >“
        wait_until(lambda page=page: wizard.currentId() == page)
    # „Weiter“ stays disabled while the Gemeinden load, as the user sees; a slow machine
    # must not turn the next Alt+W into a press on a disabled button.
    wait_until(lambda: wizard.button(NEXT).isEnabled(), timeout=10_000)


def test_a_first_run_needs_no_file_and_works_by_keyboard(qtbot: QtBot, desk: Desk) -> None:
    wizard = start_wizard(qtbot, desk)
    to_gemeinden_page(qtbot, wizard)
    gemeinden = wizard.gemeinden.gemeinden
    wait_until(lambda: gemeinden.list.count() == 17)
    gemeinden.list.setFocus()
    qtbot.keyClick(gemeinden.list, Qt.Key.Key_Space)  # one Gemeinde unticked …
    assert gemeinden.count.text() == "16 von 17 ausgewählt"
    qtbot.keyClick(gemeinden.list, Qt.Key.Key_A, ALT)  # … and „&Alle auswählen“ from the list
    wait_until(lambda: gemeinden.count.text() == "17 von 17 ausgewählt")
    press(qtbot, wizard, Qt.Key.Key_W)
    wait_until(lambda: wizard.currentId() == Page.CATALOGUE)

    catalogue = wizard.catalogue
    wait_until(lambda: "557 OZG-Leistungen" in catalogue.info.text())
    assert "mit OZG-Desk mitgeliefert" in catalogue.info.text()
    assert "Stand 2019-12" in catalogue.info.text()
    assert "Quelle: OZG-Umsetzungskatalog" in catalogue.info.text()
    assert not catalogue.warning.isVisible()
    press(qtbot, wizard, Qt.Key.Key_W)
    wait_until(lambda: wizard.currentId() == Page.SUMMARY)
    assert wizard.button(FINISH).isEnabled()
    press(qtbot, wizard, Qt.Key.Key_F)  # „&Fertigstellen“
    wait_until(lambda: not wizard.isVisible(), timeout=10_000)

    with desk.session.store.read() as connection:
        behoerde = queries.local_behoerde(connection)
        assert behoerde is not None and behoerde.name == "Amt Crivitz"
        assert len(behoerde.gemeinden) == 17
        assert len(queries.leistungen(connection, behoerde.id)) == 557


def test_the_catalogue_page_says_what_the_store_holds_after_each_step(
    qtbot: QtBot, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard = start_wizard(qtbot, desk)
    to_gemeinden_page(qtbot, wizard)
    press(qtbot, wizard, Qt.Key.Key_W)
    wait_until(lambda: wizard.currentId() == Page.CATALOGUE)
    catalogue = wizard.catalogue
    wait_until(lambda: "mitgeliefert" in catalogue.info.text())
    ozg = write_csv(
        tmp_path / "ozg_leistungen.csv",
        OZG_HEADER,
        [("10160", "Hundehaltung (neu benannt)", "Tierhaltung", "Engagement & Hobby", "1")],
    )
    leika = write_csv(
        tmp_path / "leika_leistungen.csv",
        LEIKA_HEADER,
        [("99001001000000", "Hundesteuer", "5", "10160", "")],
    )
    patch_open_files(monkeypatch, [ozg, leika])
    qtbot.keyClick(catalogue.stand, Qt.Key.Key_S, ALT)  # „&Stand der Dateien“
    assert catalogue.stand.hasFocus()
    qtbot.keyClicks(catalogue.stand, "2026-11")
    press(qtbot, wizard, Qt.Key.Key_I)  # „Andere Katalogdateien &importieren …“
    wait_until(lambda: "Katalog importiert" in catalogue.files.result.text(), timeout=10_000)
    wait_until(lambda: "aus Dateien importiert" in catalogue.info.text())
    assert "Stand 2026-11" in catalogue.info.text()
    assert "mitgeliefert" not in catalogue.info.text()
    assert not catalogue.warning.isVisible()


def test_a_behoerde_is_found_by_its_official_name_its_key_and_its_gemeinden(
    data_dir: DataDir,
) -> None:
    from ozg_desk.importers.shipped import import_shipped

    session = open_session(data_dir)
    import_shipped(session.store)
    with session.store.read() as connection:

        def first(text: str) -> str:
            found = behoerde_candidates(connection, text)
            return f"{found[0].name}/{found[0].suggested_typ}" if found else "—"

        assert first("Amt Crivitz") == first("Crivitz") == "Crivitz/amt"
        assert first("130765668000") == "Crivitz/amt"
        assert first("Banzkow") == "Crivitz/amt"  # a member Gemeinde
        assert first("Stadt Parchim") == "Parchim, Stadt/amtsfreie_gemeinde"
        assert first("Parchim, Stadt") == "Parchim, Stadt/amtsfreie_gemeinde"
        assert first("Landkreis Ludwigslust-Parchim") == "Ludwigslust-Parchim/landkreis"
        assert first("Ludwigslust-Parchim") == "Ludwigslust-Parchim/landkreis"
        assert first("Hansestadt Rostock") == "Rostock/kreisfreie_stadt"
        assert first("Landeshauptstadt Schwerin") == "Schwerin/kreisfreie_stadt"
        assert first("Amt Atlantis") == "—"
    session.close()
