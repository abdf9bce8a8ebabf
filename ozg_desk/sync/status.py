"""The sync state as stored locally (settings, outbox, conflicts), read without the heavy parts
of the sync client, so that the window can show it at start-up without loading them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ozg_desk.store import meta
from ozg_desk.store.database import Store
from ozg_desk.store.queries import meta_value


@dataclass(frozen=True)
class SyncStatus:
    """For the status bar and `ozg-desk sync status`."""

    configured: bool
    server_url: str | None
    pending: int
    rejected: int
    open_conflicts: int
    last_success: str | None
    recovering: bool = False  # reading the feed anew after the server lost history


def settings(connection: sqlite3.Connection) -> tuple[str | None, str | None]:
    """Server URL and proxy (None: not set up / the system's proxy)."""
    return meta_value(connection, meta.SYNC_SERVER_URL), meta_value(
        connection, meta.SYNC_PROXY
    ) or None


def read_status(store: Store) -> SyncStatus:
    with store.read() as connection:
        url, _proxy = settings(connection)
        counts = dict(
            connection.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
        )
        conflicts = connection.execute(
            "SELECT count(*) FROM conflict WHERE state = 'open'"
        ).fetchone()[0]
        last = meta_value(connection, meta.SYNC_LAST_SUCCESS)
        recovering = meta_value(connection, meta.SYNC_RECOVERING) == "1"
    return SyncStatus(
        url is not None,
        url,
        int(counts.get("pending", 0)),
        int(counts.get("rejected", 0)),
        int(conflicts),
        last,
        recovering,
    )
