"""Push: apply a client's operations, each in its own transaction, idempotently by `op_id`."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, and_, insert, select, update

from ozg_desk.domain.entities import ENTITIES
from ozg_desk.protocol import CREATED, DELETED
from ozg_server.db import schema
from ozg_server.db.database import read_transaction
from ozg_server.services.ledger import TenantTransaction, tenant_transaction
from ozg_server.services.merge import Current, Incoming, Merged, merge
from ozg_server.services.validation import Operation, Refused, check_operation, check_record


class IdempotencyMismatch(ValueError):
    """An op_id was reused with a different payload (a client bug): HTTP 422."""


def payload_hash(raw: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(raw, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()


@dataclass(frozen=True)
class Device:
    """Who pushes: the installation's own id (it orients conflicts on the desktop) and the token.

    Merging treats changes by the same `identity` as one's own; it includes the token, so a
    device cannot pass off another's changes as its own by sending that device's id.
    """

    token_id: str
    device_id: str
    role: str = "behoerde"
    name: str = ""  # the token's device name, recorded with every history entry it sends

    @property
    def identity(self) -> str:
        return f"{self.token_id}/{self.device_id}"


def push(
    engine: Engine,
    tenant: str,
    device: Device,
    operations: Sequence[Operation],
    epoch_start: int = 0,
) -> list[dict[str, Any]]:
    """Apply `operations` in order; the answer lists one result per operation."""
    hashes: dict[str, str] = {}
    for op in operations:  # one key, one content, also within a request
        digest = payload_hash(op.raw)
        if hashes.setdefault(op.op_id, digest) != digest:
            raise IdempotencyMismatch(op.op_id)
    if len(operations) > 1:  # refuse a reused key before any operation of the batch is applied
        with read_transaction(engine) as connection:
            known = _logged(connection, tenant, list(hashes))
        for op_id, (digest, _response) in known.items():
            if digest != hashes[op_id]:
                raise IdempotencyMismatch(op_id)
    return [
        _push_one(engine, op, tenant, device, digest=hashes[op.op_id], epoch_start=epoch_start)
        for op in operations
    ]


def _logged(
    connection: Connection, tenant: str, op_ids: list[str]
) -> dict[str, tuple[str, dict[str, Any]]]:
    table = schema.op_log
    rows = connection.execute(
        select(table).where(and_(table.c.tenant == tenant, table.c.op_id.in_(op_ids)))
    )
    return {row.op_id: (row.payload_hash, row.response) for row in rows}


def _push_one(
    engine: Engine, op: Operation, tenant: str, device: Device, *, digest: str, epoch_start: int
) -> dict[str, Any]:
    with tenant_transaction(engine, tenant) as tx:
        _ = tx.seq  # take the tenant's lock first: a concurrent retry of this op waits here
        logged = _logged(tx.connection, tenant, [op.op_id]).get(op.op_id)
        if logged is not None:
            if logged[0] != digest:
                raise IdempotencyMismatch(op.op_id)
            return logged[1]
        try:
            check_operation(op, tenant, device.role)
            response = _apply(tx, op, device, epoch_start)
        except Refused as refusal:
            response = {"op_id": op.op_id, "status": "rejected", "reason": str(refusal)}
        tx.connection.execute(
            insert(schema.op_log).values(
                tenant=tenant, op_id=op.op_id, payload_hash=digest, response=response
            )
        )
        return response


def _apply(
    tx: TenantTransaction, op: Operation, device: Device, epoch_start: int
) -> dict[str, Any]:
    table = schema.record
    connection, tenant, seq = tx.connection, tx.tenant, tx.seq
    row = connection.execute(
        select(table).where(and_(table.c.tenant == tenant, table.c.id == op.entity_id))
    ).first()
    if row is not None and row.entity != op.entity:
        raise Refused("Die Kennung gehört zu einem anderen Datensatz.")
    current = Current(
        exists=row is not None,
        deleted=bool(row and row.deleted),
        fields=dict(row.fields) if row else {},
        meta=dict(row.field_meta) if row else {},
    )
    if op.kind != "create" and row is None:
        raise Refused("Der Datensatz ist auf dem Server nicht bekannt.")
    _check_base(op, int(row.seq) if row is not None else 0, epoch_start)
    kind = ENTITIES[op.entity]
    fresh = {name: kind.fresh_value(name) for name in op.fields}
    merged = merge(
        current,
        Incoming(op.kind, op.base_version, op.fields, device.identity, fresh, kind.together),
    )
    fields = {**current.fields, **merged.apply}
    check_record(op.entity, fields)
    stamp = {"v": seq, "d": device.identity, "a": op.author, "t": op.at}
    meta = {**current.meta, **{name: stamp for name in merged.apply}}
    deleted = current.deleted if merged.deleted is None else merged.deleted
    if merged.deleted is not None:
        meta[DELETED] = stamp
    if merged.apply or merged.deleted is not None:
        values = {"seq": seq, "deleted": deleted, "fields": fields, "field_meta": meta}
        if row is None:
            connection.execute(
                insert(table).values(tenant=tenant, id=op.entity_id, entity=op.entity, **values)
            )
        else:
            connection.execute(
                update(table)
                .where(and_(table.c.tenant == tenant, table.c.id == op.entity_id))
                .values(**values)
            )
    _store_history(tx, op, current, merged, device)
    conflicts = [_store_conflict(tx, op, device.device_id, item) for item in merged.conflicts]
    _resolve(tx, op)
    result: dict[str, Any] = {
        "op_id": op.op_id,
        "status": "conflict" if conflicts else "applied",
        "version": seq,
    }
    if conflicts:
        result["conflicts"] = conflicts
    return result


def _check_base(op: Operation, version: int, epoch_start: int) -> None:
    """A base version must be one the server issued for this record. One from before the
    current epoch comes from a lost history (after a restore): the merge then treats every
    change of this epoch as newer, so nothing written since is overwritten silently."""
    base = op.base_version or 0
    if base > version and base >= epoch_start:
        raise Refused(
            f"Die Basisversion {base} hat der Server für diesen Datensatz nie vergeben "
            f"(aktuell Version {version})."
        )


def _store_history(
    tx: TenantTransaction, op: Operation, current: Current, merged: Merged, device: Device
) -> None:
    """The operation's history entries for what it really changed here, old values taken from
    the server's state; what was not applied (unchanged, or a conflict) gets no entry, since
    other devices would read it as a change. Each entry names the token that sent it."""
    conflicted = {name for name, *_ in merged.conflicts}
    entries = []
    for entry in op.history:
        name = entry["field"]
        if name == CREATED:
            if DELETED not in conflicted:
                entries.append(entry)
        elif name == DELETED:
            if merged.deleted is not None:
                entries.append({**entry, "old": current.deleted, "new": merged.deleted})
        elif name in merged.apply:
            entries.append({**entry, "old": current.fields.get(name), "new": merged.apply[name]})
    if not entries:
        return
    table = schema.history
    ids = [entry["id"] for entry in entries]
    known = select(table.c.id).where(and_(table.c.tenant == tx.tenant, table.c.id.in_(ids)))
    existing = set(tx.connection.execute(known).scalars())
    fields = {**current.fields, **merged.apply}
    anbindung = op.entity_id if op.entity == "anbindung" else fields.get("anbindung_id")
    rows = [
        {
            **entry,
            "tenant": tx.tenant,
            "seq": tx.seq,
            "entity": op.entity,
            "entity_id": op.entity_id,
            "anbindung_id": anbindung,
            "op_id": op.op_id,
            "role": device.role,
            "device": device.name[:200],
        }
        for entry in entries
        if entry["id"] not in existing
    ]
    if rows:
        tx.connection.execute(insert(table), rows)


def _store_conflict(
    tx: TenantTransaction,
    op: Operation,
    device: str,
    item: tuple[str, Any, Any, Mapping[str, Any]],
) -> dict[str, Any]:
    name, mine, theirs, meta = item
    conflict = {
        "id": str(uuid.uuid4()),
        "entity": op.entity,
        "entity_id": op.entity_id,
        "field": name,
        "mine": mine,
        "theirs": theirs,
        "my_author": op.author,
        "my_at": op.at,
        "my_device": device,
        "their_author": meta.get("a"),
        "their_at": meta.get("t"),
        "state": "open",
    }
    tx.connection.execute(insert(schema.conflict).values(tenant=tx.tenant, seq=tx.seq, **conflict))
    return conflict


def _resolve(tx: TenantTransaction, op: Operation) -> None:
    if not op.resolves:
        return
    table = schema.conflict
    tx.connection.execute(
        update(table)
        .where(
            and_(
                table.c.tenant == tx.tenant,
                table.c.id.in_(op.resolves),
                table.c.entity_id == op.entity_id,  # a decision settles its own record's only
                table.c.state == "open",
            )
        )
        .values(state="resolved", resolved_by=op.op_id, seq=tx.seq)
    )
