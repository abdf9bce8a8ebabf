"""What the desktop's and the server's databases must agree on: the naming convention of
constraints and the columns of a history entry, a conflict and a remark, which travel between
them as they are."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, String, Text

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
ENTITY = String(40)
FIELD = String(60)
AUTHOR = String(200)
DEVICE = String(100)
STATE = String(10)


def conflict_columns(uuid: Any, json: Any, time: Any, *, device_known: bool) -> list[Column[Any]]:
    """A conflict as both sides keep it; the desktop may not know the device of old ones."""
    return [
        Column("entity", ENTITY, nullable=False),
        Column("entity_id", uuid, nullable=False),
        Column("field", FIELD, nullable=False),
        Column("mine", json, nullable=True),
        Column("theirs", json, nullable=True),
        Column("my_author", AUTHOR, nullable=False),
        Column("my_at", time, nullable=False),
        # The device whose operation met the conflict: "mine" is mine only on that device.
        Column("my_device", DEVICE, nullable=not device_known),
        Column("their_author", AUTHOR, nullable=True),
        Column("their_at", time, nullable=True),
        Column("state", STATE, nullable=False),
    ]


def history_columns(uuid: Any, json: Any, time: Any) -> list[Column[Any]]:
    """A history entry as both sides keep it: which field of which record changed how, by whom."""
    return [
        Column("entity", ENTITY, nullable=False),
        Column("entity_id", uuid, nullable=False),
        Column("anbindung_id", uuid, nullable=True),
        Column("field", FIELD, nullable=False),
        Column("old", json, nullable=True),
        Column("new", json, nullable=True),
        Column("author", AUTHOR, nullable=False),
        Column("at", time, nullable=False),
        Column("op_id", uuid, nullable=True),
    ]


def remark_columns(uuid: Any, time: Any) -> list[Column[Any]]:
    """A remark of the Land on a Behörde or one of its Anbindungen."""
    return [
        Column("anbindung_id", uuid, nullable=True),
        Column("text", Text, nullable=False),
        Column("author", AUTHOR, nullable=False),
        Column("at", time, nullable=False),
    ]
