"""Deciding sync conflicts and operations the server rejected.

A decision is an ordinary edit: it is written with history and an outbox operation, and that
operation carries the conflict's id to the server, so every device learns the decision. Nothing
local is ever discarded without a person choosing it.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, delete, select, update

from ozg_desk.domain.entities import ENTITIES
from ozg_desk.domain.errors import DomainError
from ozg_desk.store import meta, schema
from ozg_desk.store.changes import DELETED, Changes, Edit, RecordRef
from ozg_desk.store.records import anbindung_of, load_row, write_record_change
from ozg_desk.store.repository import Repository

FIELD_DECISIONS = ("mine", "theirs", "value")
DELETION_DECISIONS = ("restore", "accept_deletion", "delete", "keep")


def resolve_conflict(
    repository: Repository, conflict_id: str, decision: str, value: object = None
) -> Changes:
    """Decide a conflict: keep mine, take theirs, enter another value, or (for deletions)
    restore / let go / delete / keep."""
    with repository.store.write() as connection:
        conflict = connection.execute(
            select(schema.conflict).where(schema.conflict.c.id == conflict_id)
        ).first()
        if conflict is None or conflict.state != "open":
            raise DomainError("Dieser Konflikt ist bereits entschieden.")
        ref = RecordRef(conflict.entity, conflict.entity_id)
        decided = [conflict]
        fields: dict[str, Any] = {}
        if conflict.field == DELETED:
            changes = _decide_deletion(repository, connection, conflict, decision)
        else:
            if decision not in FIELD_DECISIONS:
                raise DomainError("Unbekannte Entscheidung.")
            if decision != "value":
                decided = [*open_partners(connection, conflict), conflict]
            chosen = {}
            for item in decided:  # oldest first; the clicked conflict last, so its value wins
                mine, theirs = oriented(connection, item)
                chosen[item.field] = {"mine": mine, "theirs": theirs, "value": value}[decision]
            fields = _settled(connection, ref, chosen)
            edit = Edit(ref.entity, ref.entity_id, fields)
            changes = repository._apply(connection, [edit], check_workflow=False)
        op_id = changes.op_ids[-1] if changes.op_ids else _carrier(repository, connection, ref)
        ids = [item.id for item in decided]
        # The decided values always travel, also where this PC already shows them (its own
        # value kept while the conflict was open): the server holds the other side's.
        outbox = schema.outbox.c
        sent = connection.execute(select(outbox.fields).where(outbox.op_id == op_id)).scalar_one()
        connection.execute(
            update(schema.outbox)
            .where(outbox.op_id == op_id)
            .values(resolves=ids, fields={**fields, **(sent or {})})
        )
        connection.execute(
            update(schema.conflict).where(schema.conflict.c.id.in_(ids)).values(state="resolved")
        )
        return changes.merged(Changes(synced=(ref,)))


def open_partners(connection: Connection, conflict: Any) -> list[Any]:
    """Other open conflicts on the same record whose fields belong with this one (a paper's
    state and its dates, or the same field from another operation), oldest first: keeping
    mine or taking theirs decides them together, so the record never ends up half one side,
    half the other."""
    kind = ENTITIES.get(conflict.entity)
    names = {conflict.field, *(kind.together_with(conflict.field) if kind else ())}
    table = schema.conflict.c
    return list(
        connection.execute(
            select(schema.conflict)
            .where(
                (table.entity_id == conflict.entity_id)
                & (table.state == "open")
                & (table.id != conflict.id)
                & table.field.in_(sorted(names))
            )
            .order_by(table.received_at, table.id)
        )
    )


def _settled(connection: Connection, ref: RecordRef, chosen: dict[str, Any]) -> dict[str, Any]:
    """The chosen values and, for fields that belong together, the whole group as they imply
    it: a paper taken back to „erzeugt“ loses the „versandt“ date the other side recorded. The
    whole group is sent, because this PC may not show what the server holds for all of it."""
    kind = ENTITIES.get(ref.entity)
    group = set().union(*(kind.together_with(name) for name in chosen)) if kind else set()
    row = load_row(connection, ref.entity, ref.entity_id) if group else None
    if kind is None or row is None:
        return chosen
    settled = kind.settle({**row._mapping, **chosen})
    return {**chosen, **{name: settled[name] for name in group - chosen.keys()}}


def seen_from_the_other_side(my_device: str | None, local_device: str | None) -> bool:
    """The server stores a conflict as the device whose operation met it saw it; every other
    device sees mine and theirs the other way round."""
    return bool(my_device and local_device and my_device != local_device)


def oriented(connection: Connection, conflict: Any) -> tuple[Any, Any]:
    """(mine, theirs) seen from this device."""
    if seen_from_the_other_side(conflict.my_device, meta.get(connection, meta.DEVICE_ID)):
        return conflict.theirs, conflict.mine
    return conflict.mine, conflict.theirs


def _decide_deletion(
    repository: Repository, connection: Connection, conflict: Any, decision: str
) -> Changes:
    """The choice is absolute, whichever side deleted: the record stays (with the edit that
    met the deletion) or it goes."""
    ref = RecordRef(conflict.entity, conflict.entity_id)
    if decision not in DELETION_DECISIONS:
        raise DomainError("Unbekannte Entscheidung.")
    if decision in ("accept_deletion", "delete"):
        return repository._set_deleted(connection, ref, deleted=True)
    changes = repository._set_deleted(connection, ref, deleted=False)
    edit = next((side for side in (conflict.mine, conflict.theirs) if isinstance(side, dict)), None)
    if edit:
        changes = changes.merged(
            repository._apply(
                connection, [Edit(ref.entity, ref.entity_id, edit)], check_workflow=False
            )
        )
    return changes


def _carrier(repository: Repository, connection: Connection, ref: RecordRef) -> str:
    """An operation without field changes that only carries the decision to the server."""
    row = load_row(connection, ref.entity, ref.entity_id)
    if row is None:
        raise DomainError("Der Datensatz zu diesem Konflikt fehlt.")
    _, op_id = write_record_change(
        connection,
        entity=ref.entity,
        entity_id=ref.entity_id,
        row_values={},
        anbindung_id=anbindung_of(ref.entity, ref.entity_id, row._mapping),
        diff={},
        base_version=row.server_version,
        author=repository.author,
        at=repository.clock(),
    )
    return op_id


def retry_rejected(repository: Repository, op_id: str) -> None:
    """Send a rejected operation again (e.g. after the server was fixed).

    It goes out as a new operation: the server answers a known op_id with its stored answer
    (the rejection), and it is based on the record's state as this store knows it now.
    """
    with repository.store.write() as connection:
        operation = connection.execute(
            select(schema.outbox).where(
                (schema.outbox.c.op_id == op_id) & (schema.outbox.c.state == "rejected")
            )
        ).first()
        if operation is None:
            return
        row = load_row(connection, operation.entity, operation.entity_id)
        known = row.server_version if row is not None else None
        if operation.resolves:  # a decision sent again: its conflicts count as decided again
            connection.execute(
                update(schema.conflict)
                .where(schema.conflict.c.id.in_(list(operation.resolves)))
                .values(state="resolved")
            )
        connection.execute(
            update(schema.outbox)
            .where(schema.outbox.c.seq == operation.seq)
            .values(
                op_id=str(uuid.uuid4()),
                base_version=known if known is not None else operation.base_version,
                state="pending",
                error=None,
            )
        )


def discard_rejected(repository: Repository, op_id: str) -> None:
    """Give up a rejected change; the next sync fetches the server's state again in full."""
    with repository.store.write() as connection:
        connection.execute(
            delete(schema.outbox).where(
                (schema.outbox.c.op_id == op_id) & (schema.outbox.c.state == "rejected")
            )
        )
        meta.put(connection, meta.SYNC_CURSOR, "0")
