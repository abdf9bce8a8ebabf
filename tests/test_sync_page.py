"""The Synchronisation page on real widgets against a real server over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from ozg_desk.app.paths import DataDir
from ozg_desk.app.session import Session, open_session
from ozg_desk.store import schema
from ozg_desk.store.changes import Changes, Edit, RecordRef
from ozg_desk.sync import service
from ozg_desk.sync.inbox import ConflictItem, RejectedItem, load_inbox
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.sync import controller as sync_controller
from ozg_desk.ui.sync.controller import SyncController
from ozg_desk.ui.sync.page import CONFLICTS, REJECTED, SyncPage
from ozg_desk.ui.sync.value_dialog import ValueDialog
from ozg_desk.ui.tasks import TaskManager
from ozg_server.services.accounts import issue_token, revoke_token
from ozg_server.services.remarks import add_remark
from tests.helpers import seed_catalogue
from tests.helpers.a11y_audit import audit
from tests.helpers.memory_keyring import MemoryKeyring
from tests.helpers.sync import AMT_A, AMT_B, Client, LiveServer, tenant_with_token
from tests.test_sync_documents import entry, racing_undo
from tests.test_sync_roundtrip import anbindung, conflicts, owner_conflict, two_clients

PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def no_system_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own proxy settings must not steer loopback tests."""
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@dataclass
class OpenPage:
    """A SyncPage over one session, with what the test has to close afterwards."""

    session: Session
    tasks: TaskManager
    desk: Desk
    controller: SyncController
    page: SyncPage
    clients: list[Client] = field(default_factory=list)

    def settle(self, qtbot: QtBot) -> None:
        qtbot.waitUntil(lambda: self.tasks.pending() == 0, timeout=10_000)

    def close(self, qtbot: QtBot) -> None:
        self.settle(qtbot)
        self.controller.timer.stop()
        self.page.close()
        self.tasks.wait()
        for client in self.clients:
            client.close()
        if not self.clients:
            self.session.close()


def open_page(qtbot: QtBot, session: Session) -> OpenPage:
    tasks = TaskManager()
    desk = Desk(session, tasks)
    controller = SyncController(desk)
    page = SyncPage(desk, controller)
    qtbot.addWidget(page)
    page.resize(page.fontMetrics().averageCharWidth() * 150, page.fontMetrics().height() * 50)
    page.show()
    opened = OpenPage(session, tasks, desk, controller, page)
    controller.refresh()
    opened.settle(qtbot)
    return opened


def bernd_in_conflict(live_server: LiveServer, tmp_path: Path) -> tuple[Client, Client, str]:
    """Anna and Bernd changed „verantwortlich“ differently; Bernd is logged in for the GUI."""
    anna, bernd, record = owner_conflict(live_server, tmp_path)
    log_in(live_server, bernd.session)
    return anna, bernd, record


def log_in(live_server: LiveServer, session: Session, device: str = "gui") -> str:
    token = issue_token(live_server.engine, "behoerde", device, AMT_A)
    service.login(session.store, live_server.url, token)
    return token


def conflict_page(qtbot: QtBot, live_server: LiveServer, tmp_path: Path) -> OpenPage:
    anna, bernd, _record = bernd_in_conflict(live_server, tmp_path)
    opened = open_page(qtbot, bernd.session)
    opened.clients += [anna, bernd]
    qtbot.waitUntil(lambda: len(opened.page.conflicts.items) == 1, timeout=5_000)
    return opened


def round_done(opened: OpenPage) -> bool:
    view = opened.controller.view()
    return (
        not view.running
        and view.status.configured
        and view.status.pending == 0
        and opened.tasks.pending() == 0
    )


@pytest.fixture
def amt_session(data_dir: DataDir) -> Iterator[Session]:
    session = open_session(data_dir)
    seed_catalogue(session.store)
    session.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
    yield session
    session.close()


# --- conflicts ---------------------------------------------------------------------------


def test_keep_my_value_reaches_the_server_and_the_other_device(
    qtbot: QtBot, live_server: LiveServer, tmp_path: Path
) -> None:
    opened = conflict_page(qtbot, live_server, tmp_path)
    anna, bernd = opened.clients
    page = opened.page
    assert page.tabs.currentIndex() == CONFLICTS  # opens where a decision waits
    assert page.tabs.tabText(CONFLICTS) == "Konflikte (1)"
    section = page.conflicts
    section.list.setCurrentRow(0)
    item = section.current()
    assert item is not None
    assert (item.record_label, item.field_label) == ("10160 Hundehaltung", "verantwortlich")
    assert section.mine_value.toPlainText() == "Kämmerei"
    assert section.theirs_value.toPlainText() == "Ordnungsamt"
    assert "Anna" in section.theirs_who.text() and "Bernd" in section.mine_who.text()
    assert section.keep_mine.isVisible() and not section.restore.isVisible()
    assert section.enter_value.isEnabled()  # a text field can take another value

    qtbot.mouseClick(section.keep_mine, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not section.items and round_done(opened), timeout=10_000)
    assert opened.controller.view().message is None
    assert page.tabs.tabText(CONFLICTS) == "Konflikte (0)"
    assert section.empty.isVisible() and not section.detail.isVisible()
    anna.sync()
    for client in (anna, bernd):
        assert anbindung(client, "10160")["verantwortlich"] == "Kämmerei"
        assert conflicts(client) == []
    opened.close(qtbot)


def test_another_value_is_entered_in_a_dialog(
    qtbot: QtBot, live_server: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = conflict_page(qtbot, live_server, tmp_path)
    anna, bernd = opened.clients
    section = opened.page.conflicts
    item = section.current()
    assert item is not None

    dialog = ValueDialog(item, opened.page)
    qtbot.addWidget(dialog)
    assert dialog.form.value("verantwortlich") == "Kämmerei"  # starts from my value
    dialog.form.set_values({"verantwortlich": "Amt\x00"})
    dialog._check()
    assert "Steuerzeichen" in dialog.error.text() and dialog.result() != QDialog.DialogCode.Accepted

    def enter(self: ValueDialog) -> int:
        self.form.set_values({"verantwortlich": "  Bürgerbüro  "})
        self._check()
        return int(self.result())

    monkeypatch.setattr(ValueDialog, "exec", enter)
    qtbot.mouseClick(section.enter_value, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not section.items and round_done(opened), timeout=10_000)
    anna.sync()
    for client in (anna, bernd):
        assert anbindung(client, "10160")["verantwortlich"] == "Bürgerbüro"
    opened.close(qtbot)


def test_a_deletion_conflict_offers_restore_and_restores_the_edit(
    qtbot: QtBot, live_server: LiveServer, tmp_path: Path
) -> None:
    anna, bernd = two_clients(live_server, tmp_path)
    record = anna.repository.create_anbindung("10160").created[0].entity_id
    anna.sync()
    bernd.sync()
    anna.repository.delete("anbindung", record)
    bernd.edit(record, notizen="Termin mit dem Landkreis am Montag")
    anna.sync()
    assert bernd.sync().conflicts == 1
    log_in(live_server, bernd.session)
    opened = open_page(qtbot, bernd.session)
    opened.clients += [anna, bernd]
    section = opened.page.conflicts
    qtbot.waitUntil(lambda: len(section.items) == 1, timeout=5_000)
    item = section.current()
    assert item is not None and item.is_deletion and not item.mine_is_deletion
    assert item.mine_text == "geändert: Notizen „Termin mit dem Landkreis am Montag“"
    assert item.theirs_text.startswith("gelöscht (von Anna am ")
    assert section.restore.isVisible() and section.accept_deletion.isVisible()
    assert not section.keep_mine.isVisible() and not section.delete.isVisible()

    qtbot.mouseClick(section.restore, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not section.items and round_done(opened), timeout=10_000)
    anna.sync()
    for client in (anna, bernd):
        assert anbindung(client, "10160")["notizen"] == "Termin mit dem Landkreis am Montag"
        assert conflicts(client) == []
    opened.close(qtbot)


def test_a_papers_state_and_its_date_are_decided_with_one_click(
    qtbot: QtBot, live_server: LiveServer, tmp_path: Path
) -> None:
    anna, bernd, nummer = racing_undo(live_server, tmp_path)
    log_in(live_server, anna.session)
    opened = open_page(qtbot, anna.session)
    opened.clients += [anna, bernd]
    section = opened.page.conflicts
    qtbot.waitUntil(lambda: len(section.items) == 2, timeout=5_000)
    section.list.setCurrentRow([item.field for item in section.items].index("zustand"))
    assert section.mine_value.toPlainText() == "erzeugt"
    assert section.theirs_value.toPlainText() == "versandt"
    explanation = section.explanation.text()
    assert "„unterschrieben zurück am“ zusammen" in explanation and "über beide" in explanation
    assert "entfallen die Daten späterer Schritte" in explanation  # „versandt am“ would go too

    qtbot.mouseClick(section.take_theirs, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not section.items and round_done(opened), timeout=10_000)
    bernd.sync()
    for client in (anna, bernd):
        paper = entry(client, nummer)
        assert (paper.zustand, paper.dates["unterschrieben"]) == ("versandt", "2026-12-01")
        assert conflicts(client) == []
    opened.close(qtbot)


def test_a_refused_decision_is_shown_inline(
    qtbot: QtBot, live_server: LiveServer, tmp_path: Path
) -> None:
    opened = conflict_page(qtbot, live_server, tmp_path)
    section = opened.page.conflicts
    item = section.current()
    assert item is not None
    # Decided meanwhile elsewhere (here: behind the page's back) – the page still shows it.
    with opened.session.store.write() as connection:
        connection.execute(update(schema.conflict).values(state="resolved"))
    qtbot.mouseClick(section.take_theirs, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.message.isVisible() and opened.tasks.pending() == 0)
    assert section.message.text() == "Nicht entschieden: Dieser Konflikt ist bereits entschieden."
    opened.close(qtbot)


# --- rejected changes and remarks --------------------------------------------------------


def test_rejected_changes_are_sent_again_or_discarded(
    qtbot: QtBot, live_server: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna, bernd = two_clients(live_server, tmp_path)
    record = anna.repository.create_anbindung("10160").created[0].entity_id
    anna.sync()
    bernd.sync()
    bernd.edit(record, verantwortlich="Kämmerei")
    bernd.edit(record, fallzahl=120)
    reason = "Der Server kennt dieses Feld noch nicht (Test)."
    with bernd.session.store.write() as connection:  # as record_results stores a rejection
        connection.execute(update(schema.outbox).values(state="rejected", error=reason))
    add_remark(live_server.engine, AMT_A, "Bitte bis Ende März melden.", "Land MV", record)
    log_in(live_server, bernd.session)
    opened = open_page(qtbot, bernd.session)
    opened.clients += [anna, bernd]
    page, section = opened.page, opened.page.rejected
    qtbot.waitUntil(lambda: len(section.items) == 2, timeout=5_000)
    assert page.tabs.currentIndex() == REJECTED
    first, second = section.items
    assert (first.record_label, first.fields_text) == (
        "10160 Hundehaltung",
        "verantwortlich „Kämmerei“",
    )
    assert first.reason == reason and reason in section.list.item(0).text()

    section.list.setCurrentRow(0)
    qtbot.mouseClick(section.retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(section.items) == 1 and round_done(opened), timeout=10_000)
    assert section.items[0].op_id == second.op_id
    assert page.remarks.list.count() == 1  # the round brought the Land's remark
    assert "Bitte bis Ende März melden." in page.remarks.list.item(0).text()
    assert "zu 10160 Hundehaltung" in page.remarks.list.item(0).text()

    asked: list[str] = []
    monkeypatch.setattr(section, "confirm_discard", lambda item: asked.append(item.op_id))
    qtbot.mouseClick(section.discard, Qt.MouseButton.LeftButton)
    assert asked == [second.op_id] and len(section.items) == 1  # not confirmed: kept
    monkeypatch.setattr(section, "confirm_discard", lambda item: True)
    qtbot.mouseClick(section.discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not section.items and round_done(opened), timeout=10_000)
    anna.sync()
    values = anbindung(bernd, "10160")
    assert (values["verantwortlich"], values["fallzahl"]) == ("Kämmerei", None)
    assert anbindung(anna, "10160")["verantwortlich"] == "Kämmerei"
    opened.close(qtbot)


# --- connection --------------------------------------------------------------------------


def test_connection_test_passes_every_stage_with_the_stored_key(
    qtbot: QtBot, live_server: LiveServer, amt_session: Session
) -> None:
    tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    log_in(live_server, amt_session)
    opened = open_page(qtbot, amt_session)
    connection = opened.page.connection
    assert connection.url.text() == live_server.url
    assert connection.token.placeholderText() == "im Schlüsselbund gespeichert"
    assert connection.token.echoMode() == connection.token.EchoMode.Password
    assert opened.page.sync_button.isEnabled()

    qtbot.mouseClick(connection.test, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: connection.stages.count() > 0 and connection.test.isEnabled())
    lines = [connection.stages.item(row).text() for row in range(connection.stages.count())]
    assert all(line.startswith("✓ ") for line in lines), lines
    assert lines[-1].startswith("✓ Zugangsschlüssel: Der Zugangsschlüssel gilt für „Amt Crivitz“")
    assert connection.summary.text() == "Alle Schritte sind gelungen."
    opened.close(qtbot)


def test_connection_test_with_a_wrong_key_names_the_key_stage(
    qtbot: QtBot, live_server: LiveServer, amt_session: Session
) -> None:
    opened = open_page(qtbot, amt_session)
    connection = opened.page.connection
    assert connection.token.placeholderText() != "im Schlüsselbund gespeichert"
    assert not opened.page.sync_button.isEnabled()  # no server yet
    connection.url.setText(live_server.url)
    connection.token.setText("falscher-schluessel-0123456789")
    qtbot.mouseClick(connection.test, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: connection.stages.count() > 0 and connection.test.isEnabled())
    lines = [connection.stages.item(row).text() for row in range(connection.stages.count())]
    assert all(line.startswith("✓ ") for line in lines[:-1]), lines
    assert lines[-1].startswith("✗ Zugangsschlüssel: Der Zugangsschlüssel ist ungültig")
    assert connection.summary.text() == "Gescheitert beim Schritt „Zugangsschlüssel“."
    assert all("falscher-schluessel" not in line for line in lines)
    opened.close(qtbot)


def test_login_with_a_key_of_another_behoerde_is_refused(
    qtbot: QtBot, live_server: LiveServer, amt_session: Session, memory_keyring: MemoryKeyring
) -> None:
    other = tenant_with_token(live_server.engine, AMT_B, "Amt Anderswo")
    opened = open_page(qtbot, amt_session)
    connection = opened.page.connection
    connection.url.setText(live_server.url)
    connection.token.setText(other)
    qtbot.mouseClick(connection.login, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: connection.login.isEnabled() and opened.tasks.pending() == 0)
    assert connection.message.text().startswith("Nicht angemeldet: Der Zugangsschlüssel gehört")
    assert "Amt Anderswo" in connection.message.text()
    assert memory_keyring.passwords == {}
    with amt_session.store.read() as db:
        assert service.settings(db) == (None, None)
    assert not opened.controller.view().status.configured
    opened.close(qtbot)


def test_login_stores_the_key_clears_the_field_and_starts_syncing(
    qtbot: QtBot,
    live_server: LiveServer,
    amt_session: Session,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sync_controller, "FIRST_ROUND_MS", 0)
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    opened = open_page(qtbot, amt_session)
    connection = opened.page.connection
    connection.url.setText(live_server.url + "/")
    connection.token.setText(token)
    qtbot.mouseClick(connection.login, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: opened.controller.view().status.last_success is not None and round_done(opened),
        timeout=10_000,
    )
    assert connection.message.text() == "Angemeldet bei Amt Crivitz (ARS 130765668000)."
    assert connection.token.text() == ""
    assert connection.token.placeholderText() == "im Schlüsselbund gespeichert"
    assert connection.url.text() == live_server.url
    assert list(memory_keyring.passwords.values()) == [token]
    database = amt_session.data_dir.database
    for path in database.parent.glob(database.name + "*"):  # with the WAL file
        assert token.encode() not in path.read_bytes()
    assert opened.page.state.text().startswith("Online")

    revoke_token(live_server.engine, tenant=AMT_A, device="pc")
    opened.controller.sync_now()
    qtbot.waitUntil(lambda: round_done(opened) and opened.controller.key_refused, timeout=10_000)
    # The server answers, so "Offline" would send the user looking at the network cable.
    assert opened.page.state.text().startswith("Anmeldung abgelehnt – Zugangsschlüssel prüfen")
    opened.close(qtbot)


# --- the read side -----------------------------------------------------------------------


def test_inbox_texts_for_checklist_items_behoerde_and_created_records(
    amt_session: Session,
) -> None:
    repository = amt_session.repository
    record = repository.create_anbindung("10160").created[0].entity_id
    with amt_session.store.read() as connection:
        item_id, titel = connection.execute(
            "SELECT id, titel FROM checklist_item WHERE anbindung_id = ? ORDER BY position",
            (record,),
        ).fetchone()
        behoerde_id = connection.execute("SELECT id FROM behoerde").fetchone()[0]
    repository.apply([Edit("checklist_item", item_id, {"faellig": "2026-05-04"})])
    rows = [
        ("c1", "checklist_item", item_id, "faellig", "2026-05-04", "2026-06-01"),
        ("c2", "behoerde", behoerde_id, "telefon", "03863 1234", None),
        ("c3", "anbindung", record, "_geloescht", True, False),
    ]
    with amt_session.store.write() as connection:
        for conflict_id, entity, entity_id, name, mine, theirs in rows:
            connection.execute(
                schema.conflict.insert().values(
                    id=conflict_id,
                    entity=entity,
                    entity_id=entity_id,
                    field=name,
                    mine=mine,
                    theirs=theirs,
                    my_author="Bernd",
                    my_at="2026-03-12T09:15:00+00:00",
                    their_author="Anna",
                    their_at="2026-03-12T09:20:00+00:00",
                    state="open",
                    received_at=f"2026-03-12T10:00:0{conflict_id[1]}+00:00",
                )
            )
        connection.execute(update(schema.outbox).values(state="rejected", error="Test"))
    with amt_session.store.read() as connection:
        inbox = load_inbox(connection)
    checklist, behoerde, deletion = inbox.conflicts
    assert checklist.record_label == f"Checkliste „{titel}“ (10160 Hundehaltung)"
    assert (checklist.field_label, checklist.mine_text, checklist.theirs_text) == (
        "fällig am",
        "04.05.2026",
        "01.06.2026",
    )
    assert checklist.enterable
    assert (behoerde.record_label, behoerde.theirs_text) == ("Amt Crivitz", "—")
    assert deletion.mine_is_deletion and not deletion.enterable
    assert deletion.mine_text.startswith("gelöscht (von Bernd am 12.03.2026 ")
    assert deletion.theirs_text.startswith("geändert und behalten (von Anna am ")
    created = [
        item
        for item in inbox.rejected
        if item.record_label == "10160 Hundehaltung" and item.fields_text.startswith("angelegt: ")
    ]
    assert len(created) == 1 and "Status „" in created[0].fields_text
    assert inbox.remarks == ()


def test_a_hidden_page_reads_only_when_shown(qtbot: QtBot, amt_session: Session) -> None:
    opened = open_page(qtbot, amt_session)
    page = opened.page
    record = amt_session.repository.create_anbindung("10160").created[0].entity_id
    page.hide()
    with amt_session.store.write() as connection:
        connection.execute(
            schema.conflict.insert().values(
                id="c1",
                entity="anbindung",
                entity_id=record,
                field="fallzahl",
                mine=120,
                theirs=80,
                my_author="Bernd",
                my_at="2026-03-12T09:15:00+00:00",
                their_author="Anna",
                their_at="2026-03-12T09:20:00+00:00",
                state="open",
                received_at="2026-03-12T10:00:00+00:00",
            )
        )
    opened.desk.changed.emit(Changes(synced=(RecordRef("anbindung", record),)))
    opened.settle(qtbot)
    assert page.conflicts.items == ()  # nobody looks: nothing read
    page.show()
    qtbot.waitUntil(lambda: len(page.conflicts.items) == 1)
    assert page.conflicts.mine_value.toPlainText() == "120"
    opened.close(qtbot)


def test_dialogs_of_the_page_are_accessible_and_answer(qtbot: QtBot, amt_session: Session) -> None:
    opened = open_page(qtbot, amt_session)
    item = RejectedItem("op", "10160 Hundehaltung", "Fallzahl pro Jahr „120“", "Test", "", "Bernd")
    problems: list[str] = []

    def answer(text: str) -> None:
        box = QApplication.activeModalWidget()
        assert box is not None
        problems.extend(audit(box))
        buttons = [b for b in box.findChildren(QPushButton) if b.text() == text]
        buttons[0].click()

    for text, expected in (("&Verwerfen", True), ("&Abbrechen", False)):
        QTimer.singleShot(0, lambda text=text: answer(text))
        assert opened.page.rejected.confirm_discard(item) is expected
    conflict = ConflictItem(
        "c1", "anbindung", "a1", "zieltermin", "Zieltermin", "10160 Hundehaltung",
        "30.06.2026", "30.09.2026", "Anna", "", "Bernd", "", False, "2026-06-30", "2026-09-30",
    )  # fmt: skip
    dialog = ValueDialog(conflict, opened.page)
    dialog.show()
    problems += audit(dialog)
    assert dialog.form.value("zieltermin") == "2026-06-30"
    dialog._check()
    assert dialog.value() == "2026-06-30"
    dialog.close()
    assert problems == []
    opened.close(qtbot)


# --- a server restored from a backup ------------------------------------------------------


@pytest.mark.expected_log("ozg_server.services.epochs", "neue Epoche")
def test_after_a_restore_the_page_says_what_was_sent_again(
    qtbot: QtBot, sqlite_server: LiveServer, tmp_path: Path
) -> None:
    from tests.test_sync_restore import backup, restore

    anna, _bernd = two_clients(sqlite_server, tmp_path)
    record = anna.repository.create_anbindung("10160").created[0].entity_id
    log_in(sqlite_server, anna.session)
    anna.sync()
    saved = backup(sqlite_server.engine)
    anna.edit(record, verantwortlich="Ordnungsamt")
    anna.sync()
    restore(sqlite_server.engine, saved)
    opened = open_page(qtbot, anna.session)
    opened.clients.append(anna)

    qtbot.keyClick(opened.page, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: round_done(opened) and opened.page.error.isVisible(), timeout=15_000)

    shown = opened.page.error.text()
    assert "auf einen älteren Stand zurückgesetzt" in shown
    assert "1 Änderung, die ihm fehlte, erneut gesendet" in shown
    assert anbindung(anna, "10160")["verantwortlich"] == "Ordnungsamt"
    opened.close(qtbot)
