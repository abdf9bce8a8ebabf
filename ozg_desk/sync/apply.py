"""Apply a page of the server's change feed to the local store.

The server is not trusted: every item is checked with the same field rules as a local edit
before anything is written (`check_page`, no transaction needed), and one bad item refuses the
whole page. The engine then writes the page in slices of whole `seq`s (`slices`), each with its
cursor in one short transaction, so an edit never waits long for the write lock (decision 0006).
What only the store can tell (a new record that arrives incomplete, two records for one
service) refuses its slice and the rest of the page. Fields that local operations not yet
accepted by the server have changed keep their local value; the server will merge them when
they arrive.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from ozg_desk.domain.entities import ENTITIES
from ozg_desk.domain.errors import DomainError
from ozg_desk.store import meta, schema
from ozg_desk.store.changes import RecordRef
from ozg_desk.store.database import utc_now
from ozg_desk.sync import recovery
from ozg_desk.sync.errors import BadServerResponse
from ozg_desk.sync.outbox import checked_conflict, store_conflict

Record = tuple[str, str, int, bool, dict[str, Any]]


def _bad(message: str) -> BadServerResponse:
    return BadServerResponse(
        f"Ungültige Daten vom Server: {message} Nichts davon wurde übernommen."
    )


def checked_record(item: Mapping[str, Any]) -> Record:
    entity, fields = item.get("entity"), item.get("fields")
    if entity not in ENTITIES or not isinstance(fields, dict):
        raise _bad("unbekannte Art von Datensatz.")
    try:
        entity_id = str(uuid.UUID(str(item.get("entity_id"))))
    except ValueError:
        raise _bad("ungültige Kennung.") from None
    version, deleted = item.get("version"), item.get("deleted")
    if not isinstance(version, int) or isinstance(version, bool) or not isinstance(deleted, bool):
        raise _bad("ungültige Version.")
    specs = ENTITIES[str(entity)].fields
    # The server leaves out empty values; a record always arrives whole.
    values: dict[str, Any] = {
        name: spec.clean(None)
        for name, spec in specs.items()
        if name not in fields and not spec.required
    }
    for name, value in fields.items():
        if name in ENTITIES[str(entity)].identity:
            if value is not None and (not isinstance(value, str) or len(value) > 50):
                raise _bad(f"ungültiger Wert für {name}.")
            values[name] = value
            continue
        spec = specs.get(name)
        if spec is None:
            raise _bad(f"unbekanntes Feld „{name}“.")
        try:
            values[name] = spec.clean(value)
        except DomainError as error:
            raise _bad(str(error)) from None
    return str(entity), entity_id, version, deleted, values


@dataclass(frozen=True)
class CheckedPage:
    """A slice of the feed whose items passed every check that needs no database."""

    records: list[Record]
    history: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]
    remarks: list[dict[str, Any]]


def slices(
    items: Sequence[object], cursor: int, next_cursor: int, size: int
) -> list[tuple[Sequence[object], int]]:
    """The page cut into runs of about `size` items, never inside one `seq`, each with the
    cursor it completes; the last one completes the page's own cursor."""
    runs: list[tuple[Sequence[object], int]] = []
    start, previous = 0, cursor
    for index, item in enumerate(items):
        seq = item.get("seq") if isinstance(item, dict) else None
        # In order, after the cursor asked for and up to the one the answer names.
        if (
            not isinstance(seq, int)
            or isinstance(seq, bool)
            or not max(cursor + 1, previous) <= seq <= next_cursor
        ):
            raise _bad("ungültige Reihenfolge.")
        if index - start >= size and seq != previous:
            runs.append((items[start:index], previous))
            start = index
        previous = seq
    runs.append((items[start:], next_cursor))
    return runs


def check_page(items: Sequence[object]) -> CheckedPage:
    """Check every item of `items` (see module docstring); raise on the first bad one."""
    entries: list[dict[str, Any]] = [item for item in items if isinstance(item, dict)]
    if len(entries) != len(items):
        raise _bad("ungültiger Eintrag.")
    page = CheckedPage([], [], [], [])
    for item in entries:
        kind = item.get("type")
        if kind == "record":
            page.records.append(checked_record(item))
        elif kind == "history":
            page.history.append(_history_row(item.get("entry")))
        elif kind == "conflict":
            page.conflicts.append(checked_conflict(item.get("conflict")))
        elif kind == "remark":
            page.remarks.append(_remark_row(item.get("remark")))
        else:
            raise _bad("unbekannte Art von Änderung.")
    return page


def write_page(
    connection: Connection, page: CheckedPage, *, recovering: bool = False
) -> list[RecordRef]:
    """Write a checked page (records, history, conflicts, remarks); return the records touched.

    While `recovering` (see `recovery`), records this PC held are set aside instead.
    """
    records = page.records
    touched = [RecordRef(record[0], record[1]) for record in records]
    if recovering:
        records = recovery.stage(connection, records)
    protected = _locally_changed(connection)
    try:
        _write_records(connection, records, protected)
    except IntegrityError:
        raise _bad("widersprüchliche Datensätze (z. B. dieselbe Leistung zweimal).") from None
    for conflict in page.conflicts:
        store_conflict(connection, conflict)
    for remark in page.remarks:
        _insert_remark(connection, remark)
    _insert_history(connection, page.history)
    if recovering:
        recovery.delivered(connection, (row["id"] for row in page.history))
    return touched


def finish_recovery(connection: Connection) -> int:
    """After the last page of a recovery: see `recovery.finish`."""
    return recovery.finish(connection, _write_records, _locally_changed(connection))


def _existing(connection: Connection, table: Any, ids: list[str]) -> dict[str, Any]:
    """Rows by id, fetched in chunks (one query per 500 ids instead of one per record)."""
    found: dict[str, Any] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(
            (row.id, row) for row in connection.execute(select(table).where(table.c.id.in_(chunk)))
        )
    return found


def _locally_changed(connection: Connection) -> dict[str, set[str]]:
    """Fields of records that operations not yet accepted by the server change."""
    protected: dict[str, set[str]] = {}
    for row in connection.execute(
        select(schema.outbox.c.entity_id, schema.outbox.c.fields, schema.outbox.c.kind).where(
            schema.outbox.c.state.in_(("pending", "rejected"))
        )
    ):
        names = protected.setdefault(row.entity_id, set())
        names.update(row.fields or {})
        if row.kind in ("delete", "restore", "create"):
            names.add("deleted")
    return protected


_OWN_COLUMNS = frozenset({"id", "server_version", "deleted", "updated_at"})


def _write_records(
    connection: Connection, records: list[Record], protected: dict[str, set[str]]
) -> None:
    if (
        any(record[0] == "behoerde" for record in records)
        and meta.get(connection, meta.LOCAL_BEHOERDE) is None
    ):
        # A new device joins its Behörde with the first sync.
        meta.put(
            connection,
            meta.LOCAL_BEHOERDE,
            next(record[1] for record in records if record[0] == "behoerde"),
        )
    for entity in ENTITIES:
        group = [record for record in records if record[0] == entity]
        if not group:
            continue
        table = schema.SYNCED_TABLES[entity]
        existing = _existing(connection, table, [record[1] for record in group])
        required = {
            column.name
            for column in table.columns
            if not column.nullable
            and column.server_default is None
            and column.name not in _OWN_COLUMNS
        }
        new_rows, now = [], utc_now()
        for _entity, entity_id, version, deleted, values in group:
            row = existing.get(entity_id)
            if row is None:
                if not required <= values.keys():
                    raise _bad("unvollständiger Datensatz.")
                new_rows.append(
                    {column.name: None for column in table.columns if column.nullable}
                    | {
                        **values,
                        "id": entity_id,
                        "server_version": version,
                        "deleted": deleted,
                        "updated_at": now,
                    }
                )
                continue
            locked = protected.get(entity_id, set())
            changed = {name: value for name, value in values.items() if name not in locked}
            if "deleted" not in locked:
                changed["deleted"] = deleted
            if (row.server_version or 0) < version:
                changed["server_version"] = version
            connection.execute(
                update(table).where(table.c.id == entity_id).values(updated_at=now, **changed)
            )
        if new_rows:
            connection.execute(insert(table), new_rows)


def _uuid(value: object, *, optional: bool = False) -> str | None:
    """A canonical UUID string; anything else from the server is refused."""
    if value is None and optional:
        return None
    if isinstance(value, str):
        try:
            return str(uuid.UUID(value))
        except ValueError:
            pass
    raise _bad("ungültige Kennung.")


def _history_row(entry: object) -> dict[str, Any]:
    if (
        not isinstance(entry, dict)
        or entry.get("entity") not in ENTITIES
        or not isinstance(entry.get("field"), str)
    ):
        raise _bad("ungültiger Historieneintrag.")
    return {
        "id": _uuid(entry.get("id")),
        "entity": entry["entity"],
        "entity_id": _uuid(entry.get("entity_id")),
        "anbindung_id": _uuid(entry.get("anbindung_id"), optional=True),
        "field": entry["field"][:60],
        "old": entry.get("old"),
        "new": entry.get("new"),
        "author": str(entry.get("author") or "")[:200],
        "at": str(entry.get("at") or "")[:32],
        "op_id": _uuid(entry.get("op_id"), optional=True),
        "via_role": _short(entry.get("role"), 20),
        "via_device": _short(entry.get("device"), 200),
    }


def _short(value: object, limit: int) -> str | None:
    return value[:limit] if isinstance(value, str) and value else None


def _insert_history(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Append the entries this store does not have yet (its own come back from the server)."""
    known = _existing(connection, schema.history, [row["id"] for row in rows])
    fresh = {row["id"]: row for row in rows if row["id"] not in known}
    if fresh:
        connection.execute(insert(schema.history), list(fresh.values()))


def _remark_row(remark: object) -> dict[str, Any]:
    if not isinstance(remark, dict) or not isinstance(remark.get("text"), str):
        raise _bad("ungültige Bemerkung.")
    return {
        "id": _uuid(remark.get("id")),
        "anbindung_id": _uuid(remark.get("anbindung_id"), optional=True),
        "text": remark["text"][:5000],
        "author": str(remark.get("author") or "")[:200],
        "at": str(remark.get("at") or "")[:32],
    }


def _insert_remark(connection: Connection, row: dict[str, Any]) -> None:
    table = schema.remark
    if connection.execute(select(table.c.id).where(table.c.id == row["id"])).first():
        return
    connection.execute(insert(table).values(**row))
