"""Hypothesis stateful test: several clients edit, create and delete while the link drops
requests and answers, duplicates requests, and clients crash mid-sync.

Invariants: no acknowledged edit is lost, no record is duplicated, and once the faults stop
two rounds bring every replica to the same state as the server.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlalchemy import select

from ozg_desk.app.paths import prepare_data_dir
from ozg_desk.app.session import open_session
from ozg_desk.domain.anbindung import anbindung_id
from ozg_desk.domain.entities import ENTITIES
from ozg_desk.domain.errors import DomainError
from ozg_desk.store import meta, queries
from ozg_desk.store.changes import DELETED, Edit
from ozg_desk.sync.engine import SyncEngine
from ozg_desk.sync.errors import SyncError
from ozg_desk.sync.transport import HttpTransport
from ozg_server.db import schema
from tests.helpers import seed_catalogue
from tests.helpers.sync import (
    AMT_A,
    Client,
    FaultyTransport,
    LiveServer,
    server_engine,
    tenant_with_token,
)

SERVICES = ("10124", "10160", "10235", "10237")
FAULTS = ("ok", "ok", "drop_request", "drop_response", "duplicate", "server_error", "crash")
EDITS = {
    "verantwortlich": st.sampled_from(["Bürgeramt", "Standesamt", "Ordnungsamt", ""]),
    "prioritaet": st.sampled_from(["hoch", "mittel", "niedrig", None]),
    "notizen": st.text(alphabet="abc äöü", max_size=12),
    "fallzahl": st.integers(min_value=0, max_value=500),
}


class SimulatedCrash(Exception):
    """The program dies after the server handled the request, before anything local."""


class CrashingTransport(FaultyTransport):
    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        if self.plan and self.plan[0] == "crash":
            self.plan.pop(0)
            self.inner.request(method, path, **kwargs)
            raise SimulatedCrash
        return super().request(method, path, **kwargs)


def template_store(folder: Path) -> Path:
    """A migrated store with the Behörde and a mini catalogue, copied for every client."""
    session = open_session(prepare_data_dir(folder / "template"))
    seed_catalogue(session.store)
    session.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
    path = session.store.path
    session.close()
    return path


class SyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="ozg-stateful-"))
        engine = server_engine("sqlite", self.folder / "server", None)
        self.server = LiveServer(engine).__enter__()
        self.token = tenant_with_token(engine, AMT_A, "Amt Crivitz")
        template = template_store(self.folder)
        self.clients: list[Client] = []
        for number in range(3):
            data_dir = prepare_data_dir(self.folder / f"client{number}")
            shutil.copy(template, data_dir.database)
            self.clients.append(self._open(number))
        self.acknowledged: set[tuple[str, str, str]] = set()

    def _open(self, number: int) -> Client:
        session = open_session(prepare_data_dir(self.folder / f"client{number}"))
        session.repository.author = f"Person {number}"
        transport = CrashingTransport(HttpTransport(self.server.url, self.token, attempts=1))
        with session.store.write() as connection:
            device = meta.device_id(connection)
        engine = SyncEngine(session.store, transport, device, round_seconds=20)
        return Client(f"client{number}", session, transport, engine)

    @rule(client=st.integers(0, 2), service=st.sampled_from(SERVICES), data=st.data())
    def edit(self, client: int, service: str, data: st.DataObject) -> None:
        repository = self.clients[client].repository
        record = anbindung_id(AMT_A, service)
        with self.clients[client].session.store.read() as connection:
            tracked = queries.anbindung(connection, record) is not None
        if not tracked:
            repository.create_anbindung(service)
            return
        name = data.draw(st.sampled_from(sorted(EDITS)))
        with contextlib.suppress(DomainError):  # a value the rules refuse changes nothing
            repository.apply([Edit("anbindung", record, {name: data.draw(EDITS[name])})])

    @rule(client=st.integers(0, 2), service=st.sampled_from(SERVICES))
    def delete(self, client: int, service: str) -> None:
        with self.clients[client].session.store.read() as connection:
            tracked = queries.anbindung(connection, anbindung_id(AMT_A, service)) is not None
        if tracked:
            self.clients[client].repository.delete("anbindung", anbindung_id(AMT_A, service))

    @rule(client=st.integers(0, 2), faults=st.lists(st.sampled_from(FAULTS), max_size=3))
    def sync(self, client: int, faults: list[str]) -> None:
        target = self.clients[client]
        assert isinstance(target.transport, FaultyTransport)
        target.transport.plan = list(faults)
        before = self._outbox_history(target)
        try:
            target.sync()
        except SyncError:
            pass
        except SimulatedCrash:
            target.close()
            target = self.clients[client] = self._open(client)  # restart from disk
        self.acknowledged |= before - self._outbox_history(target)

    @staticmethod
    def _outbox_history(client: Client) -> set[tuple[str, str, str]]:
        """(history id, record id, field) of the edits still waiting in the outbox."""
        with client.session.store.read() as connection:
            ids = {
                entry
                for row in connection.execute("SELECT history_ids FROM outbox")
                for entry in queries.json_value(row[0])
            }
            rows = connection.execute("SELECT id, entity_id, field FROM history").fetchall()
        return {(row[0], row[1], row[2]) for row in rows if row[0] in ids}

    @invariant()
    def no_acknowledged_edit_is_lost(self) -> None:
        """Each acknowledged edit is in the server's history, or waits in a conflict there."""
        with self.server.engine.connect() as connection:
            stored = set(connection.execute(select(schema.history.c.id)).scalars())
            conflicts = set(
                connection.execute(select(schema.conflict.c.entity_id, schema.conflict.c.field))
            )
        lost = [
            (entry, record, field)
            for entry, record, field in self.acknowledged
            if entry not in stored
            and (record, field) not in conflicts
            and (record, DELETED) not in conflicts
        ]
        assert lost == []

    def teardown(self) -> None:
        try:
            for _round in range(2):
                for client in self.clients:
                    client.transport.plan = []  # type: ignore[attr-defined]
                    client.sync()
            server = self._server_state()
            anbindungen = [
                fields.get("ozg_id")
                for (entity, _), (_, fields) in server.items()
                if entity == "anbindung"
            ]
            assert len(anbindungen) == len(set(anbindungen))  # no duplicate records
            for client in self.clients:
                assert not self._outbox_history(client)
                assert self._client_state(client) == server
        finally:
            for client in self.clients:
                client.close()
            self.server.__exit__(None, None, None)
            self.server.engine.dispose()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _server_state(self) -> dict[tuple[str, str], tuple[bool, dict[str, Any]]]:
        with self.server.engine.connect() as connection:
            rows = connection.execute(select(schema.record)).all()
        return {
            (row.entity, row.id): (row.deleted, _editable(row.entity, row.fields)) for row in rows
        }

    @staticmethod
    def _client_state(client: Client) -> dict[tuple[str, str], tuple[bool, dict[str, Any]]]:
        state = {}
        with client.session.store.read() as connection:
            for entity in ENTITIES:
                for row in connection.execute(f"SELECT * FROM {entity}"):
                    values = queries.decode(entity, row)
                    if entity == "anbindung":
                        values["ozg_id"] = row["ozg_id"]
                    state[(entity, row["id"])] = (bool(row["deleted"]), _editable(entity, values))
        return state


def _editable(entity: str, fields: dict[str, Any]) -> dict[str, Any]:
    keep = set(ENTITIES[entity].fields) | ({"ozg_id"} if entity == "anbindung" else set())
    return {name: value for name, value in fields.items() if name in keep}


TestSync = SyncMachine.TestCase
TestSync.settings = settings(
    max_examples=12,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
