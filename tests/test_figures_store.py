"""The Kennzahlen's inputs as a coordinator enters them: typed German numbers, stored, synced,
and `ozg-desk figures --json` counting exactly the records behind each figure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ozg_desk.app.paths import DataDir
from ozg_desk.domain.anbindung import ANBINDUNG_FIELDS
from ozg_desk.domain.errors import ValidationError
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
