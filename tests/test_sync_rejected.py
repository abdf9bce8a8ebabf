"""A change the server refuses: shown with the reason, never holds up others, sent again or
given up only when a person decides."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from ozg_desk.store import schema
from ozg_desk.store.resolution import discard_rejected, resolve_conflict, retry_rejected
from ozg_desk.sync.inbox import rejected_operations
from ozg_desk.sync.transport import Reply, Transport
from ozg_server.services import push
from ozg_server.services.accounts import issue_token
from ozg_server.services.validation import Operation, Refused
from tests.helpers import seed_catalogue
from tests.helpers.sync import (
    AMT_A,
    Client,
    LiveServer,
    make_client,
    tenant_with_token,
)
from tests.test_sync_roundtrip import anbindung, conflicts, owner_conflict

REASON = "Wartungsarbeiten: Verantwortliche können gerade nicht geändert werden."


@pytest.fixture
def server(sqlite_server: LiveServer) -> LiveServer:
    return sqlite_server


@pytest.fixture
def client(server: LiveServer, tmp_path: Path) -> Iterator[Client]:
    token = tenant_with_token(server.engine, AMT_A, "Amt Crivitz")
    anna = make_client("Anna", tmp_path, server.url, token)
    seed_catalogue(anna.session.store)
    anna.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
    anna.repository.create_anbindung("10160")
    anna.sync()
    yield anna
    anna.close()


def refuse_owner_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The server (same process) refuses every change of `verantwortlich`, as after a bad update."""
    original = push.check_operation

    def check(op: Operation, tenant: str, role: str) -> None:
        if "verantwortlich" in op.fields:
            raise Refused(REASON)
        original(op, tenant, role)

    monkeypatch.setattr(push, "check_operation", check)


def local(client: Client, column: str) -> Any:
    with client.session.store.read() as connection:
        return connection.execute(f"SELECT {column} FROM anbindung").fetchone()[0]


def on_server(server: LiveServer, tmp_path: Path, name: str, column: str) -> Any:
    """What a fresh device of the same Behörde gets from the server."""
    other = make_client(
        name, tmp_path, server.url, issue_token(server.engine, "behoerde", name, AMT_A)
    )
    seed_catalogue(other.session.store)
    other.sync()
    value = local(other, column)
    other.close()
    return value


def test_a_refused_change_holds_up_nothing_and_can_be_sent_again(
    server: LiveServer, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = local(client, "id")
    refuse_owner_changes(monkeypatch)
    client.edit(record, verantwortlich="Frau Klee")
    client.edit(record, zieltermin="2027-03-31")

    report = client.sync()

    assert [reason for _op, reason in report.rejected] == [REASON]
    with client.session.store.read() as connection:
        shown = rejected_operations(connection)
    assert [item.reason for item in shown] == [REASON]
    assert local(client, "verantwortlich") == "Frau Klee"  # nothing local is thrown away
    assert on_server(server, tmp_path, "Bob", "zieltermin") == "2027-03-31"  # the other went on

    monkeypatch.undo()  # the server is fixed
    retry_rejected(client.repository, report.rejected[0][0])
    again = client.sync()
    assert again.pushed == 1 and again.rejected == []
    assert on_server(server, tmp_path, "Carla", "verantwortlich") == "Frau Klee"


class DiscardWhilePulling:
    """The user clicks "Verwerfen" while a page of the feed is on its way."""

    def __init__(self, inner: Transport, discard: Any) -> None:
        self.inner, self.discard, self.armed = inner, discard, False

    def request(self, method: str, path: str, **options: Any) -> Reply:
        reply = self.inner.request(method, path, **options)
        if self.armed and path == "/api/v1/changes":
            self.armed = False
            self.discard()
        return reply


def test_discarding_during_a_pull_brings_back_the_servers_value(
    server: LiveServer, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = local(client, "id")
    refuse_owner_changes(monkeypatch)
    client.edit(record, verantwortlich="Frau Klee")
    op_id = client.sync().rejected[0][0]
    assert local(client, "verantwortlich") == "Frau Klee"

    racing = DiscardWhilePulling(
        client.engine.transport, lambda: discard_rejected(client.repository, op_id)
    )
    client.engine.transport, racing.armed = racing, True
    client.sync()

    assert local(client, "verantwortlich") is None  # the server's value, not the discarded one
    with client.session.store.read() as connection:
        assert rejected_operations(connection) == []


def test_a_refused_decision_leaves_its_conflict_open_until_it_goes_through(
    server: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna, bernd, _record = owner_conflict(server, tmp_path)
    with bernd.session.store.read() as connection:
        conflict_id = connection.execute("SELECT id FROM conflict").fetchone()[0]

    refuse_owner_changes(monkeypatch)
    resolve_conflict(bernd.repository, conflict_id, "mine")
    assert conflicts(bernd) == []  # decided here, waiting for the server
    report = bernd.sync()
    assert [reason for _op, reason in report.rejected] == [REASON]
    assert len(conflicts(bernd)) == 1  # the server did not take it: still to be decided

    monkeypatch.undo()
    retry_rejected(bernd.repository, report.rejected[0][0])
    assert conflicts(bernd) == []
    assert not bernd.sync().rejected
    anna.sync()
    for client in (anna, bernd):
        assert anbindung(client, "10160")["verantwortlich"] == "Kämmerei"
        assert conflicts(client) == []
    anna.close()
    bernd.close()


def test_an_operation_outside_the_contract_is_set_aside_and_the_others_go_on(
    server: LiveServer, client: Client, tmp_path: Path
) -> None:
    """The server refuses a request with an operation that breaks the contract, naming it;
    the PC keeps that one as rejected and sends the others in the same round."""
    record = local(client, "id")
    client.edit(record, verantwortlich="Frau Klee")
    client.edit(record, zieltermin="2027-03-31")
    with client.session.store.write() as connection:  # as a damaged or tampered queue holds it
        first = (
            connection.execute(select(schema.outbox.c.op_id).order_by(schema.outbox.c.seq))
            .scalars()
            .first()
        )
        connection.execute(
            update(schema.outbox)
            .where(schema.outbox.c.op_id == first)
            .values(fields={"verantwortlich": "x" * 201})
        )

    report = client.sync()

    assert [op for op, _reason in report.rejected] == [first]
    assert "verantwortlich" in report.rejected[0][1] and "zu lang" in report.rejected[0][1]
    assert report.pushed == 1
    assert on_server(server, tmp_path, "Bob", "zieltermin") == "2027-03-31"
    with client.session.store.read() as connection:
        assert [item.op_id for item in rejected_operations(connection)] == [first]
