"""Pull: a tenant's changes after a cursor, in `seq` order, paged only at `seq` boundaries.

Records appear once with their latest state (the row carries the `seq` of its last change);
history entries, conflicts and remarks appear with the `seq` of the transaction that wrote them.
A page never splits the items of one `seq`, so the next page can start strictly after it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, Table, and_, select

from ozg_server.db import schema
from ozg_server.db.database import read_transaction
from ozg_server.services.epochs import placement_in, verify


def _items(table: Table, row: Any) -> dict[str, Any]:
    if table is schema.record:
        return {
            "seq": row.seq,
            "type": "record",
            "entity": row.entity,
            "entity_id": row.id,
            "version": row.seq,
            "deleted": row.deleted,
            "fields": row.fields,
        }
    if table is schema.history:
        return {
            "seq": row.seq,
            "type": "history",
            "entry": {
                "id": row.id,
                "entity": row.entity,
                "entity_id": row.entity_id,
                "anbindung_id": row.anbindung_id,
                "field": row.field,
                "old": row.old,
                "new": row.new,
                "author": row.author,
                "at": row.at,
                "op_id": row.op_id,
                "role": row.role,
                "device": row.device,
            },
        }
    if table is schema.conflict:
        return {
            "seq": row.seq,
            "type": "conflict",
            "conflict": {
                "id": row.id,
                "entity": row.entity,
                "entity_id": row.entity_id,
                "field": row.field,
                "mine": row.mine,
                "theirs": row.theirs,
                "my_author": row.my_author,
                "my_at": row.my_at,
                "my_device": row.my_device,
                "their_author": row.their_author,
                "their_at": row.their_at,
                "state": row.state,
            },
        }
    return {
        "seq": row.seq,
        "type": "remark",
        "remark": {
            "id": row.id,
            "anbindung_id": row.anbindung_id,
            "text": row.text,
            "author": row.author,
            "at": row.at,
        },
    }


def changes(
    engine: Engine, tenant: str, since: int, limit: int, *, epoch: str | None = None, seen: int = 0
) -> dict[str, Any]:
    """At most about `limit` items after `since` (more only if one `seq` has more items), for
    a client at the position (`epoch`, `seen`); raises HistoryLost for a position this server's
    history does not have.

    All queries run in one snapshot: otherwise a transaction committing between the record
    query and the history query would show its history without its record, and the cursor
    would move past the record for good.
    """
    with read_transaction(engine, snapshot=True) as connection:
        placement = placement_in(connection, tenant)
        verify(connection, tenant, placement, epoch, max(since, seen))
        latest, placed = placement.latest, placement.as_json()
        if latest <= since:  # nothing new: the common case costs one query
            return {"cursor": since, "has_more": False, "changes": [], **placed}
        candidates: list[dict[str, Any]] = []
        complete: dict[str, bool] = {}
        for table in schema.FEED_TABLES:
            rows = connection.execute(
                select(table)
                .where(and_(table.c.tenant == tenant, table.c.seq > since))
                .order_by(table.c.seq)
                .limit(limit + 1)
            ).all()
            complete[table.name] = len(rows) <= limit
            candidates += [_items(table, row) for row in rows]
        candidates.sort(key=lambda item: item["seq"])
        page = candidates[:limit]
        if not page:
            cursor = since
        else:
            cursor = page[-1]["seq"]
            if len(candidates) > limit and candidates[limit]["seq"] == cursor:
                # Never split one transaction: take every item of the last seq.
                page = [item for item in candidates if item["seq"] <= cursor]
                page += _rest_of(connection, tenant, cursor, page)
        has_more = len(candidates) > len(page) or not all(complete.values())
    if not has_more:
        # Numbers taken by transactions that wrote no feed rows (rejected or repeated
        # operations) are skipped too, so that the next idle pull costs one query.
        cursor = latest
    return {
        "cursor": cursor,
        "has_more": has_more and cursor < latest,
        "changes": page,
        **placed,
    }


def _key(item: dict[str, Any]) -> tuple[str, str]:
    inner = item.get("entry") or item.get("conflict") or item.get("remark") or {}
    return item["type"], str(item.get("entity_id") or inner.get("id"))


def _rest_of(
    connection: Any, tenant: str, seq: int, taken: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Items of `seq` beyond the per-table limit (only for a transaction larger than a page)."""
    seen = {_key(item) for item in taken}
    rest = []
    for table in schema.FEED_TABLES:
        for row in connection.execute(
            select(table).where(and_(table.c.tenant == tenant, table.c.seq == seq))
        ):
            item = _items(table, row)
            if _key(item) not in seen:
                rest.append(item)
    return rest
