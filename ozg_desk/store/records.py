"""Low-level record writes: one changed record = row update + history rows + one outbox row.

Every user edit passes through `write_record_change`, which is why an edit can never reach the
database without its history entries and its outbox operation: all three are written together
inside the caller's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from ozg_desk.domain.entities import ENTITIES
from ozg_desk.domain.errors import DomainError
from ozg_desk.domain.fields import JsonValue
from ozg_desk.store import schema
from ozg_desk.store.changes import CREATED, DELETED, FieldChange


def load_row(connection: Connection, entity: str, entity_id: str) -> Row[Any] | None:
    table = schema.SYNCED_TABLES[entity]
    return connection.execute(select(table).where(table.c.id == entity_id)).first()


def require_row(connection: Connection, entity: str, entity_id: str) -> Row[Any]:
    row = load_row(connection, entity, entity_id)
    if row is None or row.deleted:
        label = ENTITIES[entity].label
        raise DomainError(f"{label} wurde nicht gefunden (möglicherweise gelöscht).")
    return row


def field_values(row: Row[Any], entity: str) -> dict[str, JsonValue]:
    """The editable field values of a row as JSON values."""
    mapping = row._mapping
    return {name: mapping[name] for name in ENTITIES[entity].fields}


def anbindung_of(entity: str, entity_id: str, row: Mapping[Any, Any]) -> str | None:
    """The Anbindung a record belongs to (for its history), from its row or creation values."""
    if entity == "anbindung":
        return entity_id
    if entity == "checklist_item":
        return str(row["anbindung_id"])
    return None


def write_record_change(
    connection: Connection,
    *,
    entity: str,
    entity_id: str,
    row_values: Mapping[str, Any],
    anbindung_id: str | None,
    diff: Mapping[str, tuple[JsonValue, JsonValue]],
    base_version: int | None,
    author: str,
    at: str,
    kind: str = "update",
) -> tuple[list[FieldChange], str]:
    """Write the row, one history entry per changed field, and one outbox operation.

    `kind` is the operation sync will carry: create, update, delete or restore.
    """
    table = schema.SYNCED_TABLES[entity]
    now = at
    if kind == "create":
        connection.execute(insert(table).values(**row_values, updated_at=now))
    else:
        connection.execute(
            update(table).where(table.c.id == entity_id).values(**row_values, updated_at=now)
        )
    op_id = str(uuid.uuid4())
    history_rows = [
        {
            "id": str(uuid.uuid4()),
            "entity": entity,
            "entity_id": entity_id,
            "anbindung_id": anbindung_id,
            "field": name,
            "old": old,
            "new": new,
            "author": author,
            "at": now,
            "op_id": op_id,
        }
        for name, (old, new) in diff.items()
    ]
    if history_rows:
        connection.execute(insert(schema.history), history_rows)
    if kind == "create":
        payload = {name: value for name, value in row_values.items() if name != "id"}
    else:
        payload = {name: new for name, (_old, new) in diff.items() if not name.startswith("_")}
    connection.execute(
        insert(schema.outbox).values(
            op_id=op_id,
            entity=entity,
            entity_id=entity_id,
            kind=kind,
            base_version=base_version,
            fields=payload,
            history_ids=[row["id"] for row in history_rows],
            author=author,
            created_at=now,
        )
    )
    changes = [
        FieldChange(entity, entity_id, name, old, new)
        for name, (old, new) in diff.items()
        if name not in (CREATED, DELETED)
    ]
    return changes, op_id
