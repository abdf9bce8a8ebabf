"""Every key of the meta table, declared once, and its small helpers (device id, author)."""

from __future__ import annotations

import getpass
import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection

LOCAL_BEHOERDE = "local_behoerde_id"
DEVICE_ID = "device_id"
AUTHOR = "author"
DEMO = "demo"
SYNC_CURSOR = "sync_cursor"  # the sync client's position in the server's change feed
# The server's feed epoch this PC reads, where its numbers begin, and the highest version this
# PC has seen from it (cursor or acknowledged push): together the PC's position in the server's
# history, which the server checks (docs/sync-protocol.md, "Restore").
SYNC_EPOCH = "sync_epoch"
SYNC_EPOCH_START = "sync_epoch_start"
SYNC_SEEN = "sync_seen"
# Where the catalogue in the store came from: shipped with the program, a file, the Land.
CATALOGUE_SOURCE = "catalogue_source"
CATALOGUE_SHIPPED, CATALOGUE_FILE, CATALOGUE_LAND = "mitgeliefert", "datei", "land"
SYNC_RECOVERING = "sync_recovering"  # "1" while re-reading the feed after a lost history
SYNC_SERVER_URL = "sync_server_url"
SYNC_PROXY = "sync_proxy"
SYNC_LAST_SUCCESS = "sync_last_success"
SYNC_RELEASE_PREFIX = "sync_release_"  # + the release kind: the version of it that is applied
# Why the Land's last template release was not applied (empty if it was).
LAND_TEMPLATE_PROBLEM = "land_template_problem"
DOCUMENTS_SEQUENCE = "documents_sequence_{year}"  # the last number given out in that year
# Per-installation preferences as JSON (`store.settings`): not synced, not in the history.
SAVED_VIEWS = "saved_views"
HIDDEN_COLUMNS = "hidden_columns"  # of the Leistungen list


def get(connection: Connection, key: str) -> str | None:
    """A value inside a write transaction (reads outside use `queries.meta_value`)."""
    value = connection.exec_driver_sql("SELECT value FROM meta WHERE key = ?", (key,)).scalar()
    return None if value is None else str(value)


def put(connection: Connection, key: str, value: str) -> None:
    connection.exec_driver_sql(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def device_id(connection: Connection) -> str:
    """This installation's id, created on first use."""
    existing = get(connection, DEVICE_ID)
    if existing is not None:
        return existing
    created = str(uuid.uuid4())
    put(connection, DEVICE_ID, created)
    return created


def default_author() -> str:
    """The name recorded in the history when the user has not entered one: the login name."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unbekannt"
