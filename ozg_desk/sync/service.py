"""Sync set-up and rounds for the GUI and the command line: settings, login, run, status."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from ozg_desk.store import meta
from ozg_desk.store.database import Store
from ozg_desk.store.land_templates import write_land_templates
from ozg_desk.store.queries import local_behoerde
from ozg_desk.sync import credentials, https
from ozg_desk.sync.engine import RELEASE_KINDS, SyncEngine, SyncReport
from ozg_desk.sync.errors import NotConfigured
from ozg_desk.sync.status import SyncStatus, read_status, settings
from ozg_desk.sync.transport import (
    HttpTransport,
    Identity,
    check_server_url,
    token_problem,
    whoami,
)


def status(store: Store) -> SyncStatus:
    return read_status(store)


def login(store: Store, server_url: str, token: str, proxy: str | None = None) -> Identity:
    """Check the token with the server, then keep it in the keyring and the URL in settings."""
    url = check_server_url(server_url)
    token = token.strip()
    problem = token_problem(token)
    if problem is not None:
        raise NotConfigured(problem)
    stored_proxy, proxy_password = _split_proxy(proxy)
    effective_proxy = _with_stored_password(stored_proxy, proxy_password)
    transport = HttpTransport(url, token, proxy=effective_proxy, attempts=2)
    try:
        identity = whoami(transport, deadline=time.monotonic() + 30)
    finally:
        transport.close()
    with store.read() as connection:
        behoerde = local_behoerde(connection)
    if behoerde is not None and identity.role == "behoerde" and identity.tenant != behoerde.ars:
        raise NotConfigured(
            f"Der Zugangsschlüssel gehört zu {identity.tenant_name} (ARS {identity.tenant}), "
            f"dieser Datenbestand aber zu {behoerde.name} (ARS {behoerde.ars})."
        )
    credentials.store_token(url, token)
    if stored_proxy and proxy_password:
        credentials.store_proxy_password(stored_proxy, proxy_password)
    with store.write() as connection:
        previous = meta.get(connection, meta.SYNC_SERVER_URL)
        if previous and previous != url:
            # Another server, or this one under a new address: its feed positions and release
            # numbers are not ours, so read both from the start (applying them again is harmless).
            meta.put(connection, meta.SYNC_CURSOR, "0")
            meta.put(connection, meta.SYNC_SEEN, "0")  # its numbers are not this one's
            connection.exec_driver_sql(
                "DELETE FROM meta WHERE key IN (?, ?)", (meta.SYNC_EPOCH, meta.SYNC_EPOCH_START)
            )
            for kind in RELEASE_KINDS:
                meta.put(connection, meta.SYNC_RELEASE_PREFIX + kind, "0")
            # Templates are wording, not reference data: another server's must not linger.
            write_land_templates(connection, {})
        meta.put(connection, meta.SYNC_SERVER_URL, url)
        meta.put(connection, meta.SYNC_PROXY, stored_proxy or "")
    return identity


def _split_proxy(proxy: str | None) -> tuple[str | None, str | None]:
    """The proxy as kept in settings (no password) and the password for the keyring."""
    if not proxy or not proxy.strip():
        return None, None
    return https.split_password(proxy.strip())


def _with_stored_password(proxy: str | None, password: str | None) -> str | None:
    if proxy is None:
        return None
    return https.with_password(proxy, password or credentials.load_proxy_password(proxy))


def engine_for(
    store: Store,
    *,
    round_seconds: float = 120.0,
    turn: Callable[[], AbstractContextManager[object]] = nullcontext,
) -> tuple[SyncEngine, HttpTransport]:
    """A sync engine over real HTTP with the stored settings and the token from the keyring;
    `turn`: see `SyncEngine`."""
    with store.read() as connection:
        url, proxy = settings(connection)
    if not url:
        raise NotConfigured("Es ist noch kein Server eingerichtet (Synchronisation → Verbindung).")
    transport = HttpTransport(
        url, credentials.load_token(url), proxy=_with_stored_password(proxy, None)
    )
    with store.write() as connection:
        device = meta.device_id(connection)
    engine = SyncEngine(store, transport, device, round_seconds=round_seconds, turn=turn)
    return engine, transport


def run_round(
    store: Store, turn: Callable[[], AbstractContextManager[object]] = nullcontext
) -> SyncReport:
    engine, transport = engine_for(store, turn=turn)
    try:
        return engine.run()
    finally:
        transport.close()
