"""Deadlines of an Anbindung: the certificate of its Empfangskanal, AVV and contract renewal —
typed in the editor by keyboard, listed in „Fällig“ in words, in the start notice within 14
days; and beside the Kennzahlen inputs the defaults they fall back on, with their sources."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from ozg_desk.app.german_time import german_date
from ozg_desk.app.paths import DataDir
from ozg_desk.figures.due import Renewal, due_items, notice
from ozg_desk.store.changes import Edit
from ozg_desk.ui.widgets.date_field import DateField
from tests.helpers.gui import Running, open_window
from tests.test_editor import running, stored

__all__ = ["running"]  # the demo Amt on the Leistungen page, shared with the editor tests

TODAY = dt.date(2026, 12, 3)


def days(count: int, today: dt.date = TODAY) -> dt.date:
    return today + dt.timedelta(days=count)


def test_expiring_certificates_and_renewals_read_as_words() -> None:
    items = due_items(
        [],
        [],
        [],
        TODAY,
        [
            Renewal("10124", "Wohnsitzmeldungen", "Zertifikat", days(10), "FIT-Connect"),
            Renewal("10160", "Hundehaltung", "Zertifikat", days(-1), "OSCI"),
            Renewal("10160", "Hundehaltung", "AVV", days(60)),
            Renewal("10235", "Sterbefallanzeige", "Vertrag", days(25)),
            Renewal("10235", "Sterbefallanzeige", "AVV", days(91)),  # beyond 90 days
        ],
    )
    assert [(item.group(TODAY), item.kind, item.what) for item in items] == [
        (
            "überfällig",
            "Zertifikat",
            "10160 Hundehaltung: Zertifikat (OSCI) ist abgelaufen am 02.12.2026",
        ),
        (
            "in den nächsten 30 Tagen",
            "Zertifikat",
            "10124 Wohnsitzmeldungen: Zertifikat (FIT-Connect) läuft ab am 13.12.2026",
        ),
        (
            "in den nächsten 30 Tagen",
            "Vertrag",
            "10235 Sterbefallanzeige: Vertrag zu verlängern bis 28.12.2026",
        ),
        ("in den nächsten 90 Tagen", "AVV", "10160 Hundehaltung: AVV zu verlängern bis 01.02.2027"),
    ]
    assert notice(items, TODAY) == (
        "Fällig: 1 Termin in den nächsten 14 Tagen, 1 überfällig – siehe Übersicht."
    )


def _type_date(qtbot: QtBot, field: DateField, day: dt.date) -> None:
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, german_date(day.isoformat()))
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)


def _due_rows(running: Running) -> list[QTreeWidgetItem]:
    due = running.window.overview.due
    return [row for index in range(due.topLevelItemCount()) if (row := due.topLevelItem(index))]


def test_deadlines_typed_in_the_editor_appear_in_faellig_and_open_the_leistung(
    qtbot: QtBot, running: Running
) -> None:
    today = dt.datetime.now().astimezone().date()
    page = running.window.leistungen
    assert page.select_ozg_id("10124")  # FIT-Connect in the demo
    running.settle(qtbot)
    editor = page.editor
    editor.tabs.setCurrentIndex(1)
    certificate = editor.channel.certificate
    assert certificate is not None
    assert certificate.edit.accessibleName() == "Zertifikat (FIT-Connect) gültig bis"
    _type_date(qtbot, certificate, days(10, today))
    running.settle(qtbot)
    _type_date(qtbot, editor.deadlines.widgets["avv_verlaengerung_am"], days(-2, today))  # type: ignore[arg-type]
    running.settle(qtbot)
    _type_date(qtbot, editor.deadlines.widgets["vertrag_verlaengerung_am"], days(60, today))  # type: ignore[arg-type]
    running.settle(qtbot)
    values = stored(running, "10124")
    assert values["zertifikat_gueltig_bis"] == days(10, today).isoformat()
    assert values["avv_verlaengerung_am"] == days(-2, today).isoformat()
    assert values["vertrag_verlaengerung_am"] == days(60, today).isoformat()
    running.window.show_page(0)
    running.settle(qtbot)
    mine = {row.text(2): row for row in _due_rows(running) if row.text(3).startswith("10124 ")}
    assert mine["Zertifikat"].text(1) == "in den nächsten 30 Tagen"
    assert (
        mine["Zertifikat"]
        .text(3)
        .endswith(
            f"Zertifikat (FIT-Connect) läuft ab am {german_date(days(10, today).isoformat())}"
        )
    )
    assert mine["AVV"].text(1) == "überfällig"
    assert "AVV zu verlängern bis" in mine["AVV"].text(3)
    assert mine["Vertrag"].text(1) == "in den nächsten 90 Tagen"
    due = running.window.overview.due
    due.setFocus()
    due.setCurrentItem(mine["AVV"])
    qtbot.keyClick(due, Qt.Key.Key_Return)
    running.settle(qtbot)
    assert running.window.pages.currentWidget() is page
    assert page.editor.row is not None and page.editor.row.ozg_id == "10124"


def test_another_channel_clears_the_certificate_and_old_text_is_kept(
    qtbot: QtBot, running: Running
) -> None:
    """The certificate belongs to its channel; a free-text date of older versions („zertifikat_bis“)
    stays in the details when another detail is edited, and is shown as a hint."""
    page = running.window.leistungen
    assert page.select_ozg_id("10124")
    running.settle(qtbot)
    editor = page.editor
    editor.tabs.setCurrentIndex(1)
    assert editor.channel.certificate is not None
    _type_date(qtbot, editor.channel.certificate, dt.date(2027, 3, 1))
    running.settle(qtbot)
    channel = editor.channel.channel
    channel.setFocus()
    qtbot.keyClick(channel, Qt.Key.Key_Down)  # FIT-Connect → OSCI/XTA
    running.settle(qtbot)
    values = stored(running, "10124")
    assert (values["empfangskanal"], values["zertifikat_gueltig_bis"]) == ("osci_xta", None)
    assert editor.record is not None
    running.session.repository.apply(
        [Edit("anbindung", editor.record.id, {"kanal_details": {"zertifikat_bis": "Ende 2027"}})]
    )
    editor.reload()
    running.settle(qtbot)
    certificate = editor.channel.certificate
    assert certificate is not None and certificate.edit.accessibleName().startswith(
        "Zertifikat (OSCI)"
    )
    assert "Früher als Text erfasst: „Ende 2027“" in certificate.accessibleDescription()
    dvdv = editor.channel.details["dvdv_key"]
    dvdv.setFocus()
    qtbot.keyClicks(dvdv, "ags:13076005")
    qtbot.keyClick(dvdv, Qt.Key.Key_Tab)
    running.settle(qtbot)
    details = stored(running, "10124")["kanal_details"]
    assert details == {"dvdv_key": "ags:13076005", "zertifikat_bis": "Ende 2027"}


def test_the_start_notice_counts_a_certificate_expiring_within_14_days(
    qtbot: QtBot, data_dir: DataDir
) -> None:
    first = open_window(qtbot, data_dir, demo=True)
    before = first.window.overview.due.topLevelItemCount()
    message = first.window.statusBar().currentMessage()
    with first.session.store.read() as connection:
        (record_id,) = connection.execute(
            "SELECT id FROM anbindung WHERE ozg_id = '10124'"
        ).fetchone()
    today = dt.datetime.now().astimezone().date()
    first.session.repository.apply(
        [Edit("anbindung", record_id, {"zertifikat_gueltig_bis": days(5, today).isoformat()})]
    )
    first.close(qtbot)
    again = open_window(qtbot, data_dir)
    assert again.window.overview.due.topLevelItemCount() == before + 1
    soon = again.window.statusBar().currentMessage()
    assert "in den nächsten 14 Tagen" in soon and soon != message
    again.close(qtbot)


def test_the_kennzahlen_inputs_show_their_defaults_and_sources(
    qtbot: QtBot, running: Running
) -> None:
    """Beside the Laufbahngruppe the hourly rates (the Behörde's own one marked), beside the
    Behördengang the Wegezeiten, in an empty „Online-Anträge“ the scenarios — all with their
    source, in the field's accessible description for screen readers."""
    with running.session.store.read() as connection:
        (behoerde_id,) = connection.execute("SELECT id FROM behoerde").fetchone()
    running.session.repository.apply(
        [Edit("behoerde", behoerde_id, {"stundensatz_gehoben": "45,00"})]
    )
    page = running.window.leistungen
    assert page.select_ozg_id("10235")
    running.settle(qtbot)
    economics = page.editor.economics
    group = economics.widgets["laufbahngruppe"]
    description = group.accessibleDescription()
    assert "einfacher/mittlerer Dienst 25,50 €/h" in description
    assert "gehobener Dienst 45,00 €/h (Angabe der Behörde; Standard 42,20 €/h)" in description
    assert "Lohnkostentabelle" in description and "zu prüfen" in description
    assert economics.hints["laufbahngruppe"].text() == description
    assert economics.hints["laufbahngruppe"].isVisibleTo(economics)
    travel = economics.widgets["wegezeit_ebene"].accessibleDescription()
    assert "zur Gemeinde 15 min und 1,10 € Wegekosten" in travel and "Wegezeiten" in travel
    online = economics.widgets["online_antraege"]
    assert isinstance(online, QLineEdit)
    assert online.placeholderText() == "leer: Szenarien 20 / 40 / 60 %"
    assert "Annahme von OZG-Desk" in online.accessibleDescription()
    page.editor.tabs.setCurrentIndex(1)
    online.setFocus()
    qtbot.keyClicks(online, "120")
    qtbot.keyClick(online, Qt.Key.Key_Tab)
    running.settle(qtbot)
    assert stored(running, "10235")["online_antraege"] == 120
