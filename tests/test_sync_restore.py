"""A server restored from an older backup: desktops notice, read its feed anew and send again
what it lost; nothing acknowledged is lost, nothing is missed, a real conflict stays one."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select

from ozg_desk.store.changes import Edit
from ozg_desk.sync.errors import SyncError
from ozg_desk.sync.inbox import open_conflicts
from ozg_desk.sync.transport import HttpTransport
from ozg_server.db import schema
from ozg_server.services.accounts import issue_token
from ozg_server.services.epochs import start_new_epochs
from tests.helpers import seed_catalogue
from tests.helpers.sync import (
    AMT_A,
    Client,
    FaultyTransport,
    LiveServer,
    amt_client,
    make_client,
    tenant_with_token,
)

# Every test here restores the server: it says so in its log (tests/helpers/logfail.py).
pytestmark = pytest.mark.expected_log("ozg_server.services.epochs", "neue Epoche")

Backup = dict[str, list[dict[str, Any]]]


def backup(engine: Engine) -> Backup:
    """Every row of every server table, as a backup holds them."""
    with engine.connect() as connection:
        return {
            table.name: [dict(row._mapping) for row in connection.execute(select(table))]
            for table in schema.metadata.sorted_tables
        }


def restore(engine: Engine, saved: Backup) -> None:
    """Put the database back to the backup, as an administrator's restore would."""
    with engine.begin() as connection:
        for table in reversed(schema.metadata.sorted_tables):
            connection.execute(table.delete())
        for table in schema.metadata.sorted_tables:
            if saved[table.name]:
                connection.execute(insert(table), saved[table.name])


def second_pc(live_server: LiveServer, tmp_path: Path, name: str = "Bob") -> Client:
    """Another PC of Amt Crivitz that has read everything so far."""
    token = issue_token(live_server.engine, "behoerde", f"pc-{name}", AMT_A)
    other = make_client(name, tmp_path, live_server.url, token)
    seed_catalogue(other.session.store)
    other.sync()
    return other


def field(client: Client, record: str, name: str) -> object:
    with client.session.store.read() as connection:
        row = connection.execute(f"SELECT {name} FROM anbindung WHERE id = ?", (record,)).fetchone()
    return None if row is None else row[0]


def server_field(engine: Engine, record: str, name: str) -> object:
    with engine.connect() as connection:
        fields = connection.execute(
            select(schema.record.c.fields).where(schema.record.c.id == record)
        ).scalar()
    return None if fields is None else fields.get(name)


def test_after_a_restore_nothing_acknowledged_is_lost_and_nothing_missed(
    live_server: LiveServer, tmp_path: Path
) -> None:
    anna = amt_client(live_server, tmp_path)
    hund = anna.repository.create_anbindung("10160").created[0].entity_id
    anna.sync()
    bob = second_pc(live_server, tmp_path)
    saved = backup(live_server.engine)

    # After the backup: Anna's and Bob's edits are acknowledged, and Anna creates a service.
    anna.edit(hund, verantwortlich="Ordnungsamt")
    tod = anna.repository.create_anbindung("10235").created[0].entity_id
    anna.sync()
    bob.repository.apply([Edit("anbindung", hund, {"notizen": "Satzung prüfen"})])
    bob.sync()
    anna.sync()
    assert field(anna, hund, "notizen") == "Satzung prüfen"

    restore(live_server.engine, saved)
    assert server_field(live_server.engine, hund, "verantwortlich") is None

    # Anna edits and syncs first: she is ahead of the restored server.
    anna.edit(hund, zieltermin="2027-12-31")
    report = anna.sync()
    assert report.recovered and report.resent >= 2
    bob_report = bob.sync()
    assert bob_report.recovered
    for client in (anna, bob, anna, bob):
        client.sync()

    engine = live_server.engine
    for name, value in (
        ("verantwortlich", "Ordnungsamt"),
        ("notizen", "Satzung prüfen"),
        ("zieltermin", "2027-12-31"),
    ):
        assert server_field(engine, hund, name) == value, name
        assert field(anna, hund, name) == value, name
        assert field(bob, hund, name) == value, name  # Bob did not miss Anna's new edit
    assert server_field(engine, tod, "status") == "offen"  # created again on the server
    assert field(bob, tod, "status") == "offen"
    for client in (anna, bob):
        with client.session.store.read() as connection:
            assert open_conflicts(connection) == []
            assert connection.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    anna.close()
    bob.close()


def test_a_lost_edit_against_a_change_made_since_the_restore_is_a_conflict(
    live_server: LiveServer, tmp_path: Path
) -> None:
    anna = amt_client(live_server, tmp_path)
    hund = anna.repository.create_anbindung("10160").created[0].entity_id
    anna.sync()
    bob = second_pc(live_server, tmp_path)
    saved = backup(live_server.engine)
    anna.edit(hund, verantwortlich="Ordnungsamt")
    anna.sync()

    restore(live_server.engine, saved)
    start_new_epochs(live_server.engine)  # the administrator followed docs/operations.md
    # Bob never saw Anna's change; after the restore he sets the same field differently.
    bob.edit(hund, verantwortlich="Kämmerei")
    assert bob.sync().recovered
    report = anna.sync()
    assert report.recovered
    anna.sync()
    bob.sync()

    # Neither value overwrote the other: the server keeps Bob's, and both see the conflict.
    assert server_field(live_server.engine, hund, "verantwortlich") == "Kämmerei"
    for client, mine, theirs in (
        (anna, "Ordnungsamt", "Kämmerei"),
        (bob, "Kämmerei", "Ordnungsamt"),
    ):
        with client.session.store.read() as connection:
            conflicts = open_conflicts(connection)
        assert [(item.field, item.mine_text, item.theirs_text) for item in conflicts] == [
            ("verantwortlich", mine, theirs)
        ], client.name
    anna.close()
    bob.close()


# --- cases a review found --------------------------------------------------------------


def faulty_amt_client(
    live: LiveServer, tmp_path: Path, name: str = "Anna"
) -> tuple[Client, FaultyTransport]:
    """A PC of Amt Crivitz whose link the test can break, request by request."""
    token = tenant_with_token(live.engine, AMT_A, "Amt Crivitz")
    faulty = FaultyTransport(HttpTransport(live.url, token, attempts=1))
    client = make_client(name, tmp_path, live.url, token, transport=faulty)
    seed_catalogue(client.session.store)
    client.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
    return client, faulty


def sync_quietly(client: Client) -> None:
    """A round that may stop halfway, as on a bad link."""
    with contextlib.suppress(SyncError):
        client.sync()


def test_a_creation_acknowledged_but_not_yet_pulled_is_recreated_after_a_restore(
    sqlite_server: LiveServer, tmp_path: Path
) -> None:
    anna, faulty = faulty_amt_client(sqlite_server, tmp_path)
    hund = anna.repository.create_anbindung("10160").created[0].entity_id
    anna.sync()
    saved = backup(sqlite_server.engine)

    # Anna creates a service; the push is acknowledged, the pull after it fails.
    tod = anna.repository.create_anbindung("10235").created[0].entity_id
    faulty.plan = ["ok", "drop_request"]
    sync_quietly(anna)
    assert server_field(sqlite_server.engine, tod, "status") == "offen"  # acknowledged

    restore(sqlite_server.engine, saved)
    for _ in range(3):
        anna.sync()
    assert server_field(sqlite_server.engine, hund, "status") == "offen"
    # The acknowledged creation must be on the server again (it is still on Anna's PC).
    assert field(anna, tod, "status") == "offen"
    assert server_field(sqlite_server.engine, tod, "status") == "offen"
    anna.close()


def test_values_a_creation_joined_in_the_lost_history_are_sent_again(
    sqlite_server: LiveServer, tmp_path: Path
) -> None:
    anna = amt_client(sqlite_server, tmp_path)
    hund = anna.repository.create_anbindung("10160").created[0].entity_id
    anna.sync()
    saved = backup(sqlite_server.engine)

    # Bob's PC, set up offline, tracks the same service with a value; his creation joins
    # Anna's record on the server (acknowledged), and Anna reads it.
    token = issue_token(sqlite_server.engine, "behoerde", "pc-bob", AMT_A)
    bob = make_client("Bob", tmp_path, sqlite_server.url, token)
    seed_catalogue(bob.session.store)
    bob.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
    bob.repository.create_anbindung("10160", {"verantwortlich": "Kämmerei"})
    bob.sync()
    anna.sync()
    assert server_field(sqlite_server.engine, hund, "verantwortlich") == "Kämmerei"
    assert field(anna, hund, "verantwortlich") == "Kämmerei"

    restore(sqlite_server.engine, saved)
    for client in (anna, bob, anna, bob):
        client.sync()
    assert field(bob, hund, "verantwortlich") == "Kämmerei"  # still held by both PCs ...
    assert field(anna, hund, "verantwortlich") == "Kämmerei"
    # ... so the server must have it again
    assert server_field(sqlite_server.engine, hund, "verantwortlich") == "Kämmerei"
    anna.close()
    bob.close()


def test_a_second_restore_to_the_same_backup_does_not_overwrite_a_change_silently(
    sqlite_server: LiveServer, tmp_path: Path
) -> None:
    engine = sqlite_server.engine
    anna = amt_client(sqlite_server, tmp_path)
    hund = anna.repository.create_anbindung("10160").created[0].entity_id
    anna.sync()
    bob = second_pc(sqlite_server, tmp_path)
    saved = backup(engine)

    # First restore, done by the book; Anna recovers and goes on working in the new epoch.
    anna.edit(hund, verantwortlich="Ordnungsamt")
    anna.sync()
    restore(engine, saved)
    start_new_epochs(engine)
    assert anna.sync().recovered
    anna.edit(hund, notizen="Anna")
    anna.sync()

    # The same backup is restored once more (again by the book).
    restore(engine, saved)
    start_new_epochs(engine)
    # Bob, who last synced before the backup, edits after this restore: acknowledged.
    bob.edit(hund, notizen="Bob")
    assert bob.sync().recovered
    assert server_field(engine, hund, "notizen") == "Bob"

    # Anna's lost edit meets Bob's change made after the restore: that must be a conflict.
    for client in (anna, bob, anna, bob):
        client.sync()
    with anna.session.store.read() as connection:
        conflicts = [item.field for item in open_conflicts(connection)]
    assert server_field(engine, hund, "notizen") == "Bob" or "notizen" in conflicts, (
        server_field(engine, hund, "notizen"),
        conflicts,
    )
    anna.close()
    bob.close()


def test_without_the_admin_command_a_desktop_ahead_of_the_backup_still_recovers(
    sqlite_server: LiveServer, tmp_path: Path
) -> None:
    engine = sqlite_server.engine
    anna = amt_client(sqlite_server, tmp_path)
    hund = anna.repository.create_anbindung("10160").created[0].entity_id
    tod = anna.repository.create_anbindung("10235").created[0].entity_id
    anna.sync()
    bob = second_pc(sqlite_server, tmp_path)
    saved = backup(engine)
    bob.edit(hund, verantwortlich="Ordnungsamt")  # acknowledged, then lost
    bob.sync()

    restore(engine, saved)  # the administrator forgot `ozg-desk-server restored`
    anna.edit(tod, notizen="Anna")  # Anna, behind the backup, works on before Bob syncs
    anna.sync()
    for number in range(3):
        anna.edit(hund, notizen=f"Stand {number}")
        anna.sync()
    for client in (bob, anna, bob, anna):
        client.sync()
    problems = []
    if field(bob, tod, "notizen") != "Anna":
        problems.append("Bob missed Anna's change")
    if field(bob, hund, "verantwortlich") != "Ordnungsamt":
        problems.append("Bob's acknowledged edit is gone from his own PC")
    if server_field(engine, hund, "verantwortlich") != "Ordnungsamt":
        problems.append("Bob's acknowledged edit is gone from the server")
    assert not problems, problems
