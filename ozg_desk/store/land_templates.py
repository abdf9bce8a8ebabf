"""The Land's document templates as the last release brought them (file name → TOML text), and
why a newer release could not be taken, if so. Loaded by documents.templates; kept in the store
like all SQL (docs/decisions/0010)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from sqlalchemy import Connection, delete, insert

from ozg_desk.store import meta, schema
from ozg_desk.store.changes import Changes
from ozg_desk.store.queries import meta_value


def write_land_templates(connection: Connection, files: Mapping[str, str]) -> Changes:
    """Replace the stored release by `files` (a release always carries all of its files)."""
    connection.execute(delete(schema.land_template))
    meta.put(connection, meta.LAND_TEMPLATE_PROBLEM, "")
    if files:
        rows = [{"name": name, "text": text} for name, text in files.items()]
        connection.execute(insert(schema.land_template), rows)
    return Changes()


def land_templates(connection: sqlite3.Connection) -> dict[str, str]:
    return {
        str(row["name"]): str(row["text"])
        for row in connection.execute("SELECT name, text FROM land_template ORDER BY name")
    }


def note_release_problem(connection: Connection, reason: str) -> None:
    meta.put(connection, meta.LAND_TEMPLATE_PROBLEM, reason)


def release_problem(connection: sqlite3.Connection) -> str | None:
    """Why the newest template release of the Land could not be taken (None: it was)."""
    return meta_value(connection, meta.LAND_TEMPLATE_PROBLEM) or None
