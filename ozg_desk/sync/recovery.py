"""Recovery after the server lost history (it was restored from an older backup).

The PC reads the whole feed anew. Records it already holds are not overwritten on the way: the
server's state is set aside (`recovery_record`) until the last page has arrived. Then every
history entry the server did not deliver back, and that no queued operation still carries, is
one the server lost; each field whose value here is the value such an entry set goes back to the
server as an ordinary operation, based on the version this PC had from the lost history. The
server's merge rule treats every change made since the restore as newer than that, so a field
changed on both sides is a conflict, never overwritten (docs/sync-protocol.md, "Restore").
Records the server lacks entirely are created again.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, delete, func, insert, literal, select, update

from ozg_desk.domain.entities import ENTITIES
from ozg_desk.protocol import CREATED, DELETED
from ozg_desk.store import meta, schema
from ozg_desk.store.database import utc_now
from ozg_desk.store.records import field_values

Record = tuple[str, str, int, bool, dict[str, Any]]
RECOVERY = schema.recovery_record


def active(connection: Connection) -> bool:
    return meta.get(connection, meta.SYNC_RECOVERING) == "1"


def begin(connection: Connection, epoch: str, epoch_start: int) -> None:
    """Start reading the feed of the server's new epoch from the beginning."""
    for key, value in (
        (meta.SYNC_EPOCH, epoch),
        (meta.SYNC_EPOCH_START, str(epoch_start)),
        (meta.SYNC_CURSOR, "0"),
        (meta.SYNC_SEEN, "0"),
        (meta.SYNC_RECOVERING, "1"),
    ):
        meta.put(connection, key, value)
    connection.execute(delete(RECOVERY))
    connection.execute(delete(schema.recovery_history))
    # Every record but those whose creation is still queued: a creation the server answered
    # but this PC has not read back yet has no server version here, and may be lost too.
    queued = select(schema.outbox.c.entity_id).where(schema.outbox.c.kind == "create")
    for entity, table in schema.SYNCED_TABLES.items():
        connection.execute(
            insert(RECOVERY).from_select(
                ["entity_id", "entity", "old_version"],
                select(table.c.id, literal(entity), func.coalesce(table.c.server_version, 0)).where(
                    table.c.server_version.is_not(None) | table.c.id.not_in(queued)
                ),
            )
        )
    connection.execute(
        insert(schema.recovery_history).from_select(["id"], select(schema.history.c.id))
    )


def stage(connection: Connection, records: list[Record]) -> list[Record]:
    """Set aside the server's state of records this PC held before; return the others."""
    held = set(
        connection.execute(
            select(RECOVERY.c.entity_id).where(RECOVERY.c.entity_id.in_([r[1] for r in records]))
        ).scalars()
    )
    for _entity, entity_id, version, deleted, values in records:
        if entity_id in held:
            connection.execute(
                update(RECOVERY)
                .where(RECOVERY.c.entity_id == entity_id)
                .values(server_version=version, server_deleted=deleted, server_fields=values)
            )
    return [record for record in records if record[1] not in held]


def delivered(connection: Connection, history_ids: Iterable[str]) -> None:
    ids = list(history_ids)
    for start in range(0, len(ids), 500):
        connection.execute(
            delete(schema.recovery_history).where(
                schema.recovery_history.c.id.in_(ids[start : start + 500])
            )
        )


def finish(connection: Connection, write_records: Any, protected: dict[str, set[str]]) -> int:
    """After the last page: take the server's values where this PC has nothing the server lost,
    queue what it lost (ahead of the PC's own queued edits); returns how many operations."""
    lost = _lost_entries(connection)
    staged = connection.execute(select(RECOVERY)).all()
    operations: list[dict[str, Any]] = []
    records: list[Record] = []
    for row in staged:
        local = connection.execute(
            select(schema.SYNCED_TABLES[row.entity]).where(
                schema.SYNCED_TABLES[row.entity].c.id == row.entity_id
            )
        ).first()
        if local is None:
            continue
        entries = lost.get(row.entity_id, {})
        if row.server_version is None:
            operations += _recreate(row.entity, local, entries)
            continue
        keep = _lost_fields(row, local, entries)
        protected.setdefault(row.entity_id, set()).update(keep)
        server_fields = dict(row.server_fields or {})
        records.append(
            (row.entity, row.entity_id, row.server_version, bool(row.server_deleted), server_fields)
        )
        operations += _resend(row, local, keep, entries)
    write_records(connection, records, protected)
    _queue(connection, operations)
    connection.execute(delete(RECOVERY))
    connection.execute(delete(schema.recovery_history))
    meta.put(connection, meta.SYNC_RECOVERING, "")
    return len(operations)


def _lost_entries(connection: Connection) -> dict[str, dict[str, list[Any]]]:
    """Per record and field, the history entries the server lost (not queued ones)."""
    history = schema.history
    queued = select(schema.outbox.c.op_id)
    rows = connection.execute(
        select(history)
        .join(schema.recovery_history, schema.recovery_history.c.id == history.c.id)
        .where(history.c.op_id.is_(None) | history.c.op_id.not_in(queued))
    ).all()
    found: dict[str, dict[str, list[Any]]] = {}
    for row in rows:
        found.setdefault(row.entity_id, {}).setdefault(row.field, []).append(row)
    return found


def _lost_fields(row: Any, local: Any, entries: Mapping[str, list[Any]]) -> set[str]:
    """Fields whose local value differs from the server's and was set by a lost entry (of the
    field, or of a creation: one that joined a record the server still has set its values)."""
    server = row.server_fields or {}
    mine = field_values(local, row.entity)
    created = [entry.new for entry in entries.get(CREATED, []) if isinstance(entry.new, dict)]
    keep = {
        name
        for name, value in mine.items()
        if value != server.get(name)
        and (
            any(entry.new == value for entry in entries.get(name, []))
            or any(name in values and values[name] == value for values in created)
        )
    }
    deletion = entries.get(DELETED, [])
    if bool(local.deleted) != bool(row.server_deleted) and any(
        entry.new == bool(local.deleted) for entry in deletion
    ):
        keep.add("deleted")
    return keep


def _resend(row: Any, local: Any, keep: set[str], entries: Mapping[str, list[Any]]) -> list[Any]:
    base, entity, entity_id = row.old_version, row.entity, row.entity_id
    operations = []
    fields = {name: getattr(local, name) for name in keep if name != "deleted"}
    if "deleted" in keep and not local.deleted:
        operations.append(
            _op(
                entity,
                entity_id,
                "restore",
                base=base,
                fields={},
                history_ids=_deletion(entries, False),
            )
        )
    if fields:
        found = [_setting(entries.get(name, []), value) for name, value in fields.items()]
        chosen = [entry for entry in found if entry is not None]
        operations.append(
            _op(entity, entity_id, "update", base=base, fields=fields, history_ids=chosen)
        )
    if "deleted" in keep and local.deleted:
        operations.append(
            _op(
                entity,
                entity_id,
                "delete",
                base=base,
                fields={},
                history_ids=_deletion(entries, True),
            )
        )
    return operations


def _setting(entries: list[Any], value: object) -> str | None:
    """The id of the latest lost entry of the field that set `value` (None: a creation did)."""
    return next((str(entry.id) for entry in reversed(entries) if entry.new == value), None)


def _deletion(entries: Mapping[str, list[Any]], deleted: bool) -> list[str]:
    found = [entry.id for entry in entries.get(DELETED, []) if entry.new == deleted]
    return found[-1:]


def _recreate(entity: str, local: Any, entries: Mapping[str, list[Any]]) -> list[Any]:
    """A record the server lacks: create it again as it is here (and delete it again)."""
    kind = ENTITIES[entity]
    fields = {name: getattr(local, name) for name in (*kind.identity, *kind.fields)}
    creation = [
        entry.id
        for entry in entries.get(CREATED, [])[-1:]
        if all(fields.get(name) == value for name, value in (entry.new or {}).items())
    ]
    operations = [_op(entity, local.id, "create", base=None, fields=fields, history_ids=creation)]
    if local.deleted:
        operations.append(
            _op(
                entity,
                local.id,
                "delete",
                base=None,
                fields={},
                history_ids=_deletion(entries, True),
            )
        )
    return operations


def _op(
    entity: str,
    entity_id: str,
    kind: str,
    *,
    base: int | None,
    fields: dict[str, Any],
    history_ids: list[str],
) -> dict[str, Any]:
    return {
        "op_id": str(uuid.uuid4()),
        "entity": entity,
        "entity_id": entity_id,
        "kind": kind,
        "base_version": base,
        "fields": fields,
        "history_ids": history_ids,
    }


def _queue(connection: Connection, operations: list[dict[str, Any]]) -> None:
    """Insert the operations before every queued one: a re-created record must reach the
    server before the edits made to it here since."""
    if not operations:
        return
    first = connection.execute(select(func.min(schema.outbox.c.seq))).scalar() or 1
    author = meta.get(connection, meta.AUTHOR) or meta.default_author()
    now = utc_now()
    connection.execute(
        insert(schema.outbox),
        [
            {
                **operation,
                "seq": first - len(operations) + index,
                "author": author,
                "created_at": now,
                "resolves": [],
            }
            for index, operation in enumerate(operations)
        ],
    )
