"""Per-installation preferences kept as JSON in the meta table (not synced, not in the history)."""

from __future__ import annotations

import json
import sqlite3

from ozg_desk.store import meta
from ozg_desk.store.database import Store
from ozg_desk.store.queries import meta_value


def load_json(connection: sqlite3.Connection, key: str) -> object:
    """The stored value, or None if absent or unreadable (a damaged preference is not fatal)."""
    text = meta_value(connection, key)
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def save_json(store: Store, key: str, value: object) -> None:
    with store.write() as connection:
        meta.put(connection, key, json.dumps(value, ensure_ascii=False))
