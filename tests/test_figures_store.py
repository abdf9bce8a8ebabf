"""The Kennzahlen's inputs as a coordinator enters them: typed German numbers, stored, synced,
and `ozg-desk figures --json` counting exactly the records behind each figure."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ozg_desk.app.paths import DataDir
from ozg_desk.app.session import Session
from ozg_desk.domain.anbindung import ANBINDUNG_FIELDS
from ozg_desk.domain.errors import ValidationError
from ozg_desk.figures.model import Figure
from ozg_desk.store.changes import Edit
from ozg_desk.store.repository import Repository

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("4,25", 4.25), ("1.234,50", 1234.5), ("1234.5", 1234.5), ("12 €", 12.0), (3, 3.0)],
)
def test_costs_are_typed_as_germans_type_them(typed: object, stored: float) -> None:
    assert ANBINDUNG_FIELDS["kosten_jaehrlich"].clean(typed) == stored


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("kosten_jaehrlich", "viel", "muss eine Zahl sein"),
        ("kosten_jaehrlich", float("nan"), "muss eine Zahl sein"),
        ("kosten_jaehrlich", "-5", "mindestens 0"),
        ("zufriedenheit", "5,5", "höchstens 5"),
        ("minuten_papier", "zwanzig", "ganze Zahl"),
        ("laufbahngruppe", "Beamte", "nicht zulässig"),
    ],
)
def test_impossible_inputs_are_refused_in_german(field: str, typed: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ANBINDUNG_FIELDS[field].clean(typed)


def test_the_command_counts_the_records_behind_each_figure(
    repository: Repository, data_dir: DataDir
) -> None:
    repository.save_profile({"ars": "130765668000", "typ": "amt", "name": "Amt Crivitz"}, [])
    gewerbe = repository.create_anbindung("10124").created[0].entity_id
    hunde = repository.create_anbindung("10160").created[0].entity_id
    repository.create_anbindung("10235")  # tracked, „offen“, without any figures' data
    repository.apply(
        [
            Edit(
                "anbindung",
                gewerbe,
                {
                    "status": "online",
                    "golive_datum": "2026-05-04",
                    "empfangskanal": "xfall",
                    "fallzahl": "400",
                    "online_antraege": "240",
                    "minuten_papier": "27",
                    "minuten_online": "14",
                    "laufbahngruppe": "einfach_mittel",
                    "kosten_jaehrlich": "500,00",
                },
            ),
            # online, but none of the figures' data entered
            Edit(
                "anbindung",
                hunde,
                {"status": "online", "golive_datum": "2026-06-01", "empfangskanal": "bebpo"},
            ),
        ]
    )
    repository.store.close()
    result = subprocess.run(
        [sys.executable, "-m", "ozg_desk", "--data-dir", str(data_dir.root), "figures", "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    figures = {figure["id"]: figure for figure in json.loads(result.stdout)}
    quote = figures["anbindungsquote"]
    assert (quote["numerator"], quote["denominator"]) == (2, 3)
    assert figures["zeiteffizienz"]["value"] == 52.0
    assert figures["zeiteffizienz"]["counted"] == ["10124"]
    left_out = figures["zeiteffizienz"]["left_out"]
    assert left_out == [{"reason": "ohne Fallzahl", "ozg_ids": ["10160"]}]
    assert figures["prozesskosteneffizienz"]["value"] == 1326.0
    assert figures["digitalisierungsrendite"]["value"] == 826.0
    assert "Quelle" not in figures["digitalisierungsrendite"]  # sources are fields, not prose
    assert figures["digitalisierungsrendite"]["source"].startswith("Leitfaden")
    text = subprocess.run(
        [sys.executable, "-m", "ozg_desk", "--data-dir", str(data_dir.root), "figures"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    assert "Zeiteffizienz: 52 h/Jahr" in text
    assert "Nicht berücksichtigt, ohne Fallzahl: 1 Leistung" in text


def test_the_behoerde_sets_its_own_hourly_rate_in_the_dialog(
    qtbot: object, data_dir: DataDir
) -> None:
    """„Wirtschaftlichkeit“ in „Behörde bearbeiten“: 45,00 € for the gehobener Dienst replaces
    the default in the freed capacity, and „Wie berechnet?“ says it is the Behörde's figure."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    from ozg_desk.app.session import open_session
    from ozg_desk.store.figure_inputs import compute_figures
    from ozg_desk.ui.desk import Desk
    from ozg_desk.ui.setup.behoerde_dialog import BehoerdeDialog
    from ozg_desk.ui.tasks import TaskManager
    from tests.test_setup_wizard import wait_until

    session = open_session(data_dir, demo=True)
    tasks = TaskManager()
    desk = Desk(session, tasks)
    dialog = BehoerdeDialog(desk)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.show()
    wait_until(dialog.save_button.isEnabled)
    dialog.tabs.setCurrentWidget(dialog.economics)
    rate = dialog.economics.form.widgets["stundensatz_gehoben"]
    assert isinstance(rate, QLineEdit) and rate.text() == ""
    shown = dialog.economics.defaults.text()
    assert "Stundensatz gehobener Dienst (Kommunen): 42,20 €/h" in shown and "zu prüfen" in shown
    rate.setFocus()
    qtbot.keyClicks(rate, "45,00")  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    wait_until(lambda: not dialog.isVisible())
    with session.store.read() as connection:
        capacity = {f.id: f for f in compute_figures(connection)}["prozesskosteneffizienz"]
    assert any(
        text.startswith("Stundensatz gehobener Dienst: 45") and "Angabe der Behörde" in text
        for text in capacity.assumptions
    )
    wait_until(lambda: tasks.pending() == 0)
    tasks.wait()
    session.close()


@pytest.fixture
def behoerde_dialog(qtbot: object, data_dir: DataDir) -> Iterator[tuple[Session, Any]]:
    """The demo Amt's „Behörde bearbeiten“, loaded, on its tab „Wirtschaftlichkeit“."""
    from ozg_desk.app.session import open_session
    from ozg_desk.ui.desk import Desk
    from ozg_desk.ui.setup.behoerde_dialog import BehoerdeDialog
    from ozg_desk.ui.tasks import TaskManager
    from tests.test_setup_wizard import wait_until

    session = open_session(data_dir, demo=True)
    tasks = TaskManager()
    dialog = BehoerdeDialog(Desk(session, tasks))
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.show()
    wait_until(dialog.save_button.isEnabled)
    dialog.tabs.setCurrentWidget(dialog.economics)
    yield session, dialog
    wait_until(lambda: tasks.pending() == 0)
    tasks.wait()
    session.close()


def _figures(session: Session) -> dict[str, Figure]:
    from ozg_desk.store.figure_inputs import compute_figures

    with session.store.read() as connection:
        return {figure.id: figure for figure in compute_figures(connection)}


def _type_and_save(qtbot: Any, dialog: Any, field: str, text: str) -> None:
    """Type into a scenario field by keyboard and press Enter (the dialog's „Speichern“)."""
    from PySide6.QtCore import Qt

    edit = dialog.economics.scenarios.widgets[field]
    edit.setFocus()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_a_behoerde_that_counts_the_bebpo_postbox_as_automated_changes_the_quote(
    qtbot: Any, behoerde_dialog: tuple[Session, Any]
) -> None:
    """Ticking „beBPo“ by keyboard: every online Leistung on beBPo now counts as automated,
    and the figure names the choice as the Behörde's."""
    from PySide6.QtCore import Qt

    from tests.test_setup_wizard import wait_until

    session, dialog = behoerde_dialog
    before = _figures(session)["automatisierungsquote"]
    with session.store.read() as connection:
        on_bebpo = connection.execute(
            "SELECT count(*) FROM anbindung WHERE status = 'online' AND empfangskanal = 'bebpo'"
        ).fetchone()[0]
    assert on_bebpo, "the demo Amt receives some online applications by beBPo"
    bebpo = dialog.economics.channels["bebpo"]
    assert not bebpo.isChecked() and bebpo.text() == "beBPo (EGVP-Postfach)"
    assert "Standard: zählt nicht (Annahme von OZG-Desk" in bebpo.accessibleDescription()
    assert "FIT-Connect" in dialog.economics.channels_default.text()
    bebpo.setFocus()
    qtbot.keyClick(bebpo, Qt.Key.Key_Space)
    assert bebpo.isChecked()
    _type_and_save(qtbot, dialog, "szenario_niedrig", "")  # Enter saves
    wait_until(lambda: not dialog.isVisible())
    after = _figures(session)["automatisierungsquote"]
    assert after.numerator == (before.numerator or 0) + on_bebpo
    assert after.denominator == before.denominator
    assert after.assumptions[0].startswith("automatisiert: FIT-Connect, OSCI/XTA mit DVDV, beBPo")
    assert after.assumptions[0].endswith("(Angabe der Behörde)")
    with session.store.read() as connection:
        stored = connection.execute("SELECT kanaele_automatisiert FROM behoerde").fetchone()[0]
    assert json.loads(stored) == {"bebpo": "ja"}  # only where it differs from the default


def test_the_behoerdes_own_scenarios_appear_in_the_rendite_parts(
    qtbot: Any, behoerde_dialog: tuple[Session, Any]
) -> None:
    session, dialog = behoerde_dialog
    low = dialog.economics.scenarios.widgets["szenario_niedrig"]
    assert low.placeholderText() == "Standard: 20 %"
    assert "Annahme von OZG-Desk" in low.accessibleDescription()
    low.setFocus()
    qtbot.keyClicks(low, "10")
    _type_and_save(qtbot, dialog, "szenario_hoch", "75,5")
    from tests.test_setup_wizard import wait_until

    wait_until(lambda: not dialog.isVisible())
    rendite = _figures(session)["digitalisierungsrendite"]
    assert [part.key for part in rendite.parts] == [
        "Szenario 10 %",
        "Szenario 40 %",
        "Szenario 76 %",
    ]
    assert "Szenarien der Online-Quote: 10 / 40 / 75,50 % (Angabe der Behörde)" in (
        rendite.assumptions
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [("150", "„Online-Quote im hohen Szenario (%)“ darf höchstens 100 sein."), ("viel", "Zahl")],
)
def test_an_impossible_behoerde_scenario_is_refused_and_changes_nothing(
    qtbot: Any, behoerde_dialog: tuple[Session, Any], typed: str, message: str
) -> None:
    session, dialog = behoerde_dialog
    before = _figures(session)["digitalisierungsrendite"]
    dialog.tabs.setCurrentIndex(0)
    _type_and_save(qtbot, dialog, "szenario_hoch", typed)
    assert dialog.isVisible()
    assert message in dialog.message.text()
    assert dialog.tabs.currentWidget() is dialog.economics
    assert dialog.economics.scenarios.widgets["szenario_hoch"].hasFocus()
    dialog.reject()
    with session.store.read() as connection:
        stored = connection.execute("SELECT szenario_hoch FROM behoerde").fetchone()[0]
    assert stored is None
    assert _figures(session)["digitalisierungsrendite"].parts == before.parts


@pytest.mark.parametrize(
    ("answers", "message"),
    [({"email": "ja"}, "„email“ ist kein Empfangskanal"), ({"bebpo": "oft"}, "„ja“ oder „nein“")],
)
def test_the_behoerdes_channel_answers_are_checked_wherever_they_come_from(
    repository: Repository, answers: dict[str, str], message: str
) -> None:
    """The same rule guards the dialog, the store and the server (it is the entity's check)."""
    from ozg_desk.app.errors import KnownError
    from ozg_desk.store import queries

    with repository.store.read() as connection:
        behoerde = queries.local_behoerde(connection)
    assert behoerde is not None
    with pytest.raises(KnownError, match=message):
        repository.apply([Edit("behoerde", behoerde.id, {"kanaele_automatisiert": answers})])
