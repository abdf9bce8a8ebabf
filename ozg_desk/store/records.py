"""Records: the steps every write of user data is made of, inside the caller's transaction.

One changed record = row update + history rows + one outbox row, all written by
`write_record_change`; that is why an edit can never reach the database without its history
entries and its outbox operation. `RecordWriter` builds create, edit, delete and restore on it;
`repository.Repository` (the operations users trigger) and `resolution` (conflict decisions) use
these steps.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from ozg_desk.domain.entities import ENTITIES
from ozg_desk.domain.errors import DomainError, TransitionError
from ozg_desk.domain.fields import JsonValue
from ozg_desk.domain.lifecycle import DEFAULT_WORKFLOW, Status, Workflow
from ozg_desk.store import meta, schema
from ozg_desk.store.changes import CREATED, DELETED, Changes, Edit, FieldChange, RecordRef
from ozg_desk.store.database import Store, utc_now


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


IMMUTABLE: Mapping[str, frozenset[str]] = {
    "behoerde": frozenset({"ars"}),
    "gemeinde": frozenset({"ars"}),
}
EMPTY_VALUES: tuple[JsonValue, ...] = (None, "", [], {}, False)


class RecordWriter:
    """Record steps on behalf of `author`; each runs inside a given write transaction."""

    def __init__(
        self,
        store: Store,
        author: str,
        workflow: Workflow = DEFAULT_WORKFLOW,
        clock: Callable[[], str] = utc_now,
    ) -> None:
        self.store = store
        self.author = author
        self.workflow = workflow
        self.clock = clock

    def _revive_and_edit(
        self, connection: Connection, entity: str, row: Any, fields: Mapping[str, object]
    ) -> Changes:
        """Edit an existing record, first taking back its deletion if it was deleted."""
        changes = Changes()
        if row.deleted:
            ref = RecordRef(entity, row.id)
            changes = self._set_deleted(connection, ref, deleted=False)
        edit = Edit(entity, row.id, fields)
        return changes.merged(self._apply(connection, [edit], check_workflow=True))

    def create_in(
        self,
        connection: Connection,
        entity: str,
        record_id: str,
        parents: Mapping[str, Any],
        fields: Mapping[str, object],
    ) -> Changes:
        """Create a record inside the caller's write transaction (checked like any edit)."""
        return self._create(
            connection, entity, record_id, parents, self._new_values(entity, fields)
        )

    def local_behoerde_in(self, connection: Connection) -> Mapping[Any, Any]:
        """The local Behörde's row inside the caller's transaction; refuses if not set up."""
        return self._local_behoerde(connection)

    def _local_behoerde(self, connection: Connection) -> Mapping[Any, Any]:
        record_id = meta.get(connection, meta.LOCAL_BEHOERDE)
        row = load_row(connection, "behoerde", record_id) if record_id else None
        if row is None or row.deleted:
            raise DomainError("Bitte zuerst die Behörde einrichten.")
        return row._mapping

    def _new_values(self, entity: str, fields: Mapping[str, object]) -> dict[str, JsonValue]:
        kind = ENTITIES[entity]
        _refuse_unknown(entity, fields)
        cleaned = {name: spec.clean(fields.get(name)) for name, spec in kind.fields.items()}
        return kind.normalize(cleaned)

    def _create(
        self,
        connection: Connection,
        entity: str,
        record_id: str,
        parents: Mapping[str, Any],
        values: Mapping[str, JsonValue],
    ) -> Changes:
        # One history entry for the creation, holding the initial values.
        initial = {name: value for name, value in values.items() if value not in EMPTY_VALUES}
        diff: dict[str, tuple[JsonValue, JsonValue]] = {CREATED: (None, initial)}
        _, op_id = write_record_change(
            connection,
            entity=entity,
            entity_id=record_id,
            row_values={"id": record_id, **parents, **values},
            anbindung_id=anbindung_of(entity, record_id, parents),
            diff=diff,
            base_version=None,
            author=self.author,
            at=self.clock(),
            kind="create",
        )
        return Changes(created=(RecordRef(entity, record_id),), op_ids=(op_id,))

    def _set_deleted(self, connection: Connection, ref: RecordRef, *, deleted: bool) -> Changes:
        row = load_row(connection, ref.entity, ref.entity_id)
        if row is None:
            raise DomainError(f"{ENTITIES[ref.entity].label} wurde nicht gefunden.")
        if bool(row.deleted) == deleted:
            return Changes()
        _, op_id = write_record_change(
            connection,
            entity=ref.entity,
            entity_id=ref.entity_id,
            row_values={"deleted": deleted},
            anbindung_id=anbindung_of(ref.entity, ref.entity_id, row._mapping),
            diff={DELETED: (not deleted, deleted)},
            base_version=row.server_version,
            author=self.author,
            at=self.clock(),
            kind="delete" if deleted else "restore",
        )
        key = "deleted" if deleted else "restored"
        return Changes(**{key: (ref,)}, op_ids=(op_id,))  # type: ignore[arg-type]

    def _apply(
        self, connection: Connection, edits: Sequence[Edit], check_workflow: bool
    ) -> Changes:
        all_changes: list[FieldChange] = []
        op_ids: list[str] = []
        for edit in edits:
            changes, op_id = self._apply_one(connection, edit, check_workflow)
            all_changes += changes
            op_ids += [op_id] if op_id else []
        return Changes(fields=tuple(all_changes), op_ids=tuple(op_ids))

    def _apply_one(
        self, connection: Connection, edit: Edit, check_workflow: bool
    ) -> tuple[list[FieldChange], str | None]:
        kind = ENTITIES[edit.entity]
        _refuse_unknown(edit.entity, edit.fields)
        row = require_row(connection, edit.entity, edit.entity_id)
        current = field_values(row, edit.entity)
        cleaned = {name: kind.fields[name].clean(value) for name, value in edit.fields.items()}
        merged = kind.normalize({**current, **cleaned})
        diff = {
            name: (current[name], merged[name])
            for name in kind.fields
            if merged[name] != current[name]
        }
        if not diff:
            return [], None
        frozen = IMMUTABLE.get(edit.entity, frozenset()) & diff.keys()
        if frozen:
            raise DomainError(
                f"„{kind.fields[next(iter(frozen))].label}“ kann nicht geändert werden."
            )
        if check_workflow and edit.entity == "anbindung":
            self._check_workflow(current, merged, diff)
        return write_record_change(
            connection,
            entity=edit.entity,
            entity_id=edit.entity_id,
            row_values={name: merged[name] for name in diff},
            anbindung_id=anbindung_of(edit.entity, edit.entity_id, row._mapping),
            diff=diff,
            base_version=row.server_version,
            author=self.author,
            at=self.clock(),
        )

    def _check_workflow(
        self,
        current: Mapping[str, JsonValue],
        merged: Mapping[str, JsonValue],
        diff: Mapping[str, object],
    ) -> None:
        status = Status(str(merged["status"]))
        if "status" in diff:
            self.workflow.check(Status(str(current["status"])), status, merged)
            return
        cleared = set(self.workflow.missing_fields(status, merged)) & diff.keys()
        if cleared:
            labels = ", ".join(f"„{ENTITIES['anbindung'].fields[name].label}“" for name in cleared)
            raise TransitionError(
                f"{labels} wird im Status „{status.label}“ benötigt.", missing=tuple(cleared)
            )


def _refuse_unknown(entity: str, fields: Mapping[str, object]) -> None:
    unknown = set(fields) - set(ENTITIES[entity].fields)
    if unknown:
        raise DomainError(
            f"Unbekannte Felder für {ENTITIES[entity].label}: {', '.join(sorted(unknown))}"
        )
