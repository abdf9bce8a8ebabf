"""Sync set-up and rounds for the GUI and the command line: settings, login, run, status."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from ozg_desk.store import meta
from ozg_desk.store.database import Store
from ozg_desk.store.queries import local_behoerde, meta_value
from ozg_desk.sync import credentials
from ozg_desk.sync.engine import LAST_SUCCESS, SyncEngine, SyncReport
from ozg_desk.sync.errors import NotConfigured
from ozg_desk.sync.transport import HttpTransport, check_server_url

SERVER_URL = "sync_server_url"
PROXY = "sync_proxy"


@dataclass(frozen=True)
class Identity:
    """What the server says about a token."""

    tenant: str | None
    tenant_name: str | None
    role: str


@dataclass(frozen=True)
class SyncStatus:
    """For the status bar and `ozg-desk sync status`."""

    configured: bool
    server_url: str | None
    pending: int
    rejected: int
    open_conflicts: int
    last_success: str | None


def settings(connection: sqlite3.Connection) -> tuple[str | None, str | None]:
    return meta_value(connection, SERVER_URL), meta_value(connection, PROXY)


def status(store: Store) -> SyncStatus:
    with store.read() as connection:
        url, _proxy = settings(connection)
        counts = dict(
            connection.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
        )
        conflicts = connection.execute(
            "SELECT count(*) FROM conflict WHERE state = 'open'"
        ).fetchone()[0]
        last = meta_value(connection, LAST_SUCCESS)
    return SyncStatus(
        url is not None,
        url,
        int(counts.get("pending", 0)),
        int(counts.get("rejected", 0)),
        int(conflicts),
        last,
    )


def login(store: Store, server_url: str, token: str, proxy: str | None = None) -> Identity:
    """Check the token with the server, then keep it in the keyring and the URL in settings."""
    url = check_server_url(server_url)
    token = token.strip()
    if not token or len(token) > 200 or any(character.isspace() for character in token):
        raise NotConfigured("Der Zugangsschlüssel hat keine gültige Form.")
    transport = HttpTransport(url, token, proxy=proxy, attempts=2)
    try:
        reply = transport.request("GET", "/api/v1/whoami", deadline=time.monotonic() + 30)
    finally:
        transport.close()
    identity = Identity(
        reply.data.get("tenant"), reply.data.get("tenant_name"), str(reply.data.get("role"))
    )
    with store.read() as connection:
        behoerde = local_behoerde(connection)
    if behoerde is not None and identity.role == "behoerde" and identity.tenant != behoerde.ars:
        raise NotConfigured(
            f"Der Zugangsschlüssel gehört zu {identity.tenant_name} (ARS {identity.tenant}), "
            f"dieser Datenbestand aber zu {behoerde.name} (ARS {behoerde.ars})."
        )
    credentials.store_token(url, token)
    with store.write() as connection:
        meta.put(connection, SERVER_URL, url)
        meta.put(connection, PROXY, proxy or "")
    return identity


def engine_for(store: Store, *, round_seconds: float = 120.0) -> tuple[SyncEngine, HttpTransport]:
    """A sync engine over real HTTP with the stored settings and the token from the keyring."""
    with store.read() as connection:
        url, proxy = settings(connection)
    if not url:
        raise NotConfigured("Es ist noch kein Server eingerichtet (Synchronisation → Verbindung).")
    transport = HttpTransport(url, credentials.load_token(url), proxy=proxy or None)
    with store.write() as connection:
        device = meta.device_id(connection)
    return SyncEngine(store, transport, device, round_seconds=round_seconds), transport


def run_round(store: Store) -> SyncReport:
    engine, transport = engine_for(store)
    try:
        return engine.run()
    finally:
        transport.close()
