"""A server restored from an older backup: desktops notice, read its feed anew and send again
what it lost; nothing acknowledged is lost, nothing is missed, a real conflict stays one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select

from ozg_desk.store.changes import Edit
from ozg_desk.sync.inbox import open_conflicts
from ozg_server import schema
from ozg_server.accounts import issue_token
from ozg_server.epochs import start_new_epochs
from tests.helpers import seed_catalogue
from tests.sync_support import AMT_A, Client, LiveServer, amt_client, make_client

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
