"""Test support for sync: a real server (uvicorn on loopback) over SQLite or PostgreSQL, and
client stores that talk to it over real HTTP."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import uvicorn
from sqlalchemy import Engine

from ozg_desk.app.paths import prepare_data_dir
from ozg_desk.app.session import Session, open_session
from ozg_desk.store import meta
from ozg_desk.store.changes import Edit
from ozg_desk.store.repository import Repository
from ozg_desk.sync.engine import SyncEngine, SyncReport
from ozg_desk.sync.errors import Offline, ServerFailed
from ozg_desk.sync.transport import HttpTransport, Reply, Transport
from ozg_server.api.application import create_app
from ozg_server.config import load_config
from ozg_server.db import schema
from ozg_server.db.database import make_engine
from ozg_server.db.migrate import upgrade
from ozg_server.services.accounts import add_tenant, issue_token
from tests.helpers import seed_catalogue

POSTGRES_URL = os.environ.get("OZG_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
AMT_A, AMT_B = "130765668000", "130715154000"


def postgres_reachable() -> bool:
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test session; dropped afterwards."""
    name = f"ozg_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    try:
        yield "postgresql+psycopg://" + url.split("://", 1)[1]
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_engine(kind: str, folder: Path, postgres_url: str | None) -> Engine:
    config = load_config(folder, postgres_url if kind == "postgresql" else None)
    engine = make_engine(config)
    upgrade(engine)
    return engine


def empty_tables(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(schema.metadata.sorted_tables):
            connection.execute(table.delete())


class LiveServer:
    """uvicorn serving the real app on a free loopback port, in a thread."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(
            create_app(engine),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.01)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@dataclass
class Client:
    """One desktop installation: its store, write API and sync engine."""

    name: str
    session: Session
    transport: Transport
    engine: SyncEngine

    @property
    def repository(self) -> Repository:
        return self.session.repository

    def sync(self) -> SyncReport:
        return self.engine.run()

    def edit(self, record_id: str, **fields: object) -> None:
        self.repository.apply([Edit("anbindung", record_id, fields)])

    def close(self) -> None:
        if isinstance(self.transport, HttpTransport):
            self.transport.close()
        self.session.close()


def make_client(
    name: str,
    folder: Path,
    url: str,
    token: str,
    *,
    transport: Transport | None = None,
    round_seconds: float = 30,
) -> Client:
    session = open_session(prepare_data_dir(folder / name))
    session.repository.author = name
    with session.store.write() as connection:
        device = meta.device_id(connection)  # the installation's id, as the app uses it
    transport = transport or HttpTransport(url, token, attempts=2)
    engine = SyncEngine(session.store, transport, device, round_seconds=round_seconds)
    return Client(name, session, transport, engine)


def tenant_with_token(engine: Engine, ars: str, name: str, device: str = "pc") -> str:
    add_tenant(engine, ars, name)
    return issue_token(engine, "behoerde", device, ars)


def amt_client(
    live_server: LiveServer, folder: Path, name: str = "Anna", **profile: object
) -> Client:
    """A PC of Amt Crivitz with the small test catalogue, its Behörde set up, and a key."""
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    client = make_client(name, folder, live_server.url, token)
    seed_catalogue(client.session.store)
    client.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz", **profile})
    return client


class FaultyTransport:
    """Wraps a real transport and injects the faults of a bad link, one planned per request.

    `drop_request`: the request never reaches the server. `drop_response`: the server handles
    it, the answer is lost. `duplicate`: the request arrives twice. `server_error`: the server
    answers 500 before doing anything.
    """

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.plan: list[str] = []
        self.calls: list[str] = []

    def request(
        self,
        method: str,
        path: str,
        *,
        deadline: float,
        params: Mapping[str, object] | None = None,
        body: Mapping[str, object] | None = None,
    ) -> Reply:
        fault = self.plan.pop(0) if self.plan else "ok"
        self.calls.append(f"{method} {path} {fault}")
        if fault == "drop_request":
            raise Offline("Verbindung unterbrochen (Test).")
        if fault == "server_error":
            raise ServerFailed("Interner Fehler (Test).", 500)
        reply = self.inner.request(method, path, deadline=deadline, params=params, body=body)
        if fault == "duplicate":
            reply = self.inner.request(method, path, deadline=deadline, params=params, body=body)
        if fault == "drop_response":
            raise Offline("Antwort verloren (Test).")
        return reply
