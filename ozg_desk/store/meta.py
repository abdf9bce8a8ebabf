"""Small settings kept inside the database (local Behörde, device id, author name)."""

from __future__ import annotations

import getpass
import uuid

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert

from ozg_desk.store import schema

LOCAL_BEHOERDE = "local_behoerde_id"
DEVICE_ID = "device_id"
AUTHOR = "author"


def get(connection: Connection, key: str) -> str | None:
    value = connection.execute(select(schema.meta.c.value).where(schema.meta.c.key == key)).scalar()
    return None if value is None else str(value)


def put(connection: Connection, key: str, value: str) -> None:
    statement = insert(schema.meta).values(key=key, value=value)
    connection.execute(
        statement.on_conflict_do_update(index_elements=["key"], set_={"value": value})
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
