"""The client's side of pushing: read pending operations, record the server's answers."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from ozg_desk.protocol import MAX_SEQ
from ozg_desk.store import meta, schema
from ozg_desk.store.database import utc_now
from ozg_desk.store.queries import json_value
from ozg_desk.sync.errors import BadServerResponse

BATCH = 200
RESULT_STATES = frozenset({"applied", "conflict", "rejected"})


def pending_operations(connection: sqlite3.Connection, limit: int = BATCH) -> list[dict[str, Any]]:
    """The oldest pending operations with their history entries, as the protocol sends them."""
    rows = connection.execute(
        "SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?", (limit,)
    ).fetchall()
    ids = [entry for row in rows for entry in json_value(row["history_ids"])]
    history: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):  # SQLite limits the number of parameters
        chunk = ids[start : start + 500]
        for entry in connection.execute(
            f"SELECT * FROM history WHERE id IN ({', '.join('?' * len(chunk))})",  # noqa: S608
            chunk,
        ):
            history[entry["id"]] = {
                "id": entry["id"],
                "field": entry["field"],
                "old": json_value(entry["old"]),
                "new": json_value(entry["new"]),
                "author": entry["author"],
                "at": entry["at"],
            }
    return [_operation(row, history) for row in rows]


def _operation(row: sqlite3.Row, history: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One operation as sent; defaults are left out to keep a push small on slow links."""
    author, at = row["author"], row["created_at"]
    defaults = {"author": author, "at": at}  # the server fills them in from the operation
    entries = []
    for entry_id in json_value(row["history_ids"]):
        entry = history.get(entry_id)
        if entry is None:
            continue
        lean = {
            key: value
            for key, value in entry.items()
            if key not in defaults or defaults[key] != value
        }
        entries.append(lean)
    operation: dict[str, Any] = {
        "op_id": row["op_id"],
        "entity": row["entity"],
        "entity_id": row["entity_id"],
        "kind": row["kind"],
        "fields": json_value(row["fields"]),
        "history": entries,
        "author": author,
        "at": at,
    }
    if row["base_version"] is not None:
        operation["base_version"] = row["base_version"]
    resolves = json_value(row["resolves"]) or []
    if resolves:
        operation["resolves"] = resolves
    return operation


def record_results(
    connection: Connection, sent: Sequence[Mapping[str, Any]], results: object
) -> tuple[int, int, list[tuple[str, str]]]:
    """Apply the server's answers; returns (applied, conflicts, rejected [(op_id, reason)])."""
    if not isinstance(results, list) or len(results) != len(sent):
        raise BadServerResponse("Der Server hat nicht auf jede Änderung geantwortet.")
    applied = conflicts = 0
    rejected: list[tuple[str, str]] = []
    for op, result in zip(sent, results, strict=True):
        if (
            not isinstance(result, dict)
            or result.get("op_id") != op["op_id"]
            or result.get("status") not in RESULT_STATES
        ):
            raise BadServerResponse("Die Antwort des Servers passt nicht zu den Änderungen.")
        if result["status"] == "rejected":
            reason = str(result.get("reason") or "ohne Begründung")[:1000]
            rejected += set_aside(connection, [(op["op_id"], reason)])
            continue
        version = result.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or not 0 <= version <= MAX_SEQ:
            raise BadServerResponse("Der Server hat eine ungültige Version gemeldet.")
        raise_seen(connection, version)
        # The record's server_version is NOT raised here: the server may have merged other
        # devices' changes into this version, which this store has not seen yet; a later edit
        # based on it would overwrite them silently. Only a pulled record state raises it.
        connection.execute(delete(schema.outbox).where(schema.outbox.c.op_id == op["op_id"]))
        for item in result.get("conflicts") or []:
            store_conflict(connection, item)
            conflicts += 1
        applied += 1
    return applied, conflicts, rejected


def set_aside(connection: Connection, refused: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Mark operations the server refused (op_id, German reason) as rejected; they wait for the
    user (send again or discard) and hold up no other operation."""
    for op_id, reason in refused:
        connection.execute(
            update(schema.outbox)
            .where(schema.outbox.c.op_id == op_id)
            .values(state="rejected", error=reason)
        )
        resolves = connection.execute(
            select(schema.outbox.c.resolves).where(schema.outbox.c.op_id == op_id)
        ).scalar()
        if resolves:
            # The server did not take the decision: its conflicts are open again here, as
            # they still are there, so nobody believes them decided.
            connection.execute(
                update(schema.conflict)
                .where(schema.conflict.c.id.in_(list(resolves)))
                .values(state="open")
            )
    return list(refused)


def raise_seen(connection: Connection, version: int) -> None:
    """Remember the highest version this PC has seen from the server (its position)."""
    if version > int(meta.get(connection, meta.SYNC_SEEN) or 0):
        meta.put(connection, meta.SYNC_SEEN, str(version))


def checked_conflict(item: object) -> dict[str, Any]:
    """A conflict the server reported, if it has the form `store_conflict` can take."""
    if (
        not isinstance(item, dict)
        or not isinstance(item.get("id"), str)
        or item.get("entity") not in schema.SYNCED_TABLES
        or item.get("state", "open") not in ("open", "resolved")
    ):
        raise BadServerResponse("Der Server hat einen ungültigen Konflikt gemeldet.")
    return item


def store_conflict(connection: Connection, reported: object) -> None:
    """Insert or update a conflict the server reported (answers and feed both carry them)."""
    item = checked_conflict(reported)
    values = {
        "entity": item["entity"],
        "entity_id": str(item.get("entity_id"))[:36],
        "field": str(item.get("field"))[:60],
        "mine": item.get("mine"),
        "theirs": item.get("theirs"),
        "my_author": str(item.get("my_author") or "")[:200],
        "my_at": str(item.get("my_at") or "")[:32],
        "my_device": str(item.get("my_device") or "")[:100] or None,
        "their_author": str(item.get("their_author") or "")[:200] or None,
        "their_at": str(item.get("their_at") or "")[:32] or None,
        "state": item.get("state", "open"),
    }
    table = schema.conflict
    exists = connection.execute(select(table.c.id).where(table.c.id == item["id"][:36])).first()
    if exists is None:
        connection.execute(
            insert(table).values(id=item["id"][:36], received_at=utc_now(), **values)
        )
    else:
        connection.execute(
            update(table).where(table.c.id == item["id"][:36]).values(state=values["state"])
        )
