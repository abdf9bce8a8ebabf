"""The one write API for user data: every method runs in one transaction and returns `Changes`.

Each changed record gets its history entries and one outbox operation in the same transaction
(see `records.write_record_change`, in the steps of `records.RecordWriter`); views refresh from the
returned `Changes`, and undo applies `Changes.inverse()` through `undo` like any other edit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, select

from ozg_desk.domain.anbindung import (
    DEFAULT_CHECKLIST,
    NEW_ANBINDUNG_DEFAULTS,
    anbindung_id,
    checklist_item_id,
)
from ozg_desk.domain.behoerde import behoerde_id, gemeinde_id
from ozg_desk.domain.entities import ENTITIES
from ozg_desk.domain.errors import DomainError
from ozg_desk.domain.fields import JsonValue
from ozg_desk.domain.kontakte import kontakt_id
from ozg_desk.domain.lifecycle import Status
from ozg_desk.store import meta, schema
from ozg_desk.store.changes import Changes, Edit, RecordRef
from ozg_desk.store.records import EMPTY_VALUES, RecordWriter, field_values, load_row


class Repository(RecordWriter):
    """Writes user data on behalf of `author`; all methods are safe to call from a worker."""

    # --- generic -------------------------------------------------------------------------

    def apply(self, edits: Sequence[Edit]) -> Changes:
        """Apply field edits to existing records, all or nothing, with workflow checks."""
        with self.store.write() as connection:
            return self._apply(connection, edits, check_workflow=True)

    def delete(self, entity: str, entity_id: str) -> Changes:
        """Mark a record deleted (a tombstone that sync carries); undo restores it."""
        with self.store.write() as connection:
            return self._set_deleted(connection, RecordRef(entity, entity_id), deleted=True)

    def undo(self, changes: Changes) -> Changes:
        """Take back `changes` exactly (no workflow checks: the old state was valid).

        Refused if a field has been changed since (for example by another device through a
        sync): undo must never silently overwrite someone else's edit.
        """
        inverse = changes.inverse()
        with self.store.write() as connection:
            self._refuse_if_changed_since(connection, changes)
            result = Changes()
            for ref in inverse.restore:
                result = result.merged(self._set_deleted(connection, ref, deleted=False))
            result = result.merged(self._apply(connection, inverse.edits, check_workflow=False))
            for ref in inverse.delete:
                result = result.merged(self._set_deleted(connection, ref, deleted=True))
            return result

    def _refuse_if_changed_since(self, connection: Connection, changes: Changes) -> None:
        latest: dict[tuple[str, str, str], JsonValue] = {}
        for change in changes.fields:
            latest[(change.entity, change.entity_id, change.field)] = change.new
        for (entity, entity_id, name), expected in latest.items():
            row = load_row(connection, entity, entity_id)
            if row is not None and field_values(row, entity).get(name) != expected:
                label = ENTITIES[entity].fields[name].label
                raise DomainError(
                    f"Rückgängig nicht möglich: „{label}“ wurde inzwischen geändert "
                    "(z. B. auf einem anderen Gerät). Bitte den Wert von Hand anpassen."
                )

    # --- Anbindung -----------------------------------------------------------------------

    def create_anbindung(self, ozg_id: str, fields: Mapping[str, object] | None = None) -> Changes:
        """Start tracking an OZG-Leistung for the local Behörde, with the default checklist."""
        with self.store.write() as connection:
            behoerde = self._local_behoerde(connection)
            record_id = anbindung_id(str(behoerde["ars"]), ozg_id)
            existing = load_row(connection, "anbindung", record_id)
            if existing is not None and not existing.deleted:
                raise DomainError(f"Für die OZG-Leistung {ozg_id} gibt es schon eine Anbindung.")
            return self._create_anbindung(connection, behoerde, ozg_id, fields or {})

    def bulk_update(self, items: Sequence[tuple[str, Mapping[str, object]]]) -> Changes:
        """Set fields on the Anbindungen of many OZG-Leistungen in one transaction, creating
        those not tracked yet; all or nothing."""
        with self.store.write() as connection:
            behoerde = self._local_behoerde(connection)
            changes = Changes()
            for ozg_id, fields in items:
                record_id = anbindung_id(str(behoerde["ars"]), ozg_id)
                existing = load_row(connection, "anbindung", record_id)
                if existing is None or existing.deleted:
                    step = self._create_anbindung(connection, behoerde, ozg_id, fields)
                else:
                    step = self._apply(connection, [Edit("anbindung", record_id, fields)], True)
                changes = changes.merged(step)
            return changes

    def _create_anbindung(
        self,
        connection: Connection,
        behoerde: Mapping[Any, Any],
        ozg_id: str,
        fields: Mapping[str, object],
    ) -> Changes:
        known = connection.exec_driver_sql(
            "SELECT 1 FROM ozg_leistung WHERE ozg_id = ?", (ozg_id,)
        ).first()
        if known is None:
            raise DomainError(f"Die OZG-Leistung {ozg_id} ist nicht im Katalog.")
        record_id = anbindung_id(str(behoerde["ars"]), ozg_id)
        if load_row(connection, "anbindung", record_id) is not None:
            # A tombstone: bring the same record back, so history and sync stay one record.
            ref = RecordRef("anbindung", record_id)
            changes = self._set_deleted(connection, ref, deleted=False)
            edit = Edit("anbindung", record_id, fields)
            return changes.merged(self._apply(connection, [edit], check_workflow=True))
        values = self._new_values("anbindung", {**NEW_ANBINDUNG_DEFAULTS, **fields})
        target = Status(str(values["status"]))
        if target is not Status.OPEN:
            self.workflow.check(Status.OPEN, target, values)
        parents = {"behoerde_id": behoerde["id"], "ozg_id": ozg_id}
        changes = self._create(connection, "anbindung", record_id, parents, values)
        for position, item in enumerate(DEFAULT_CHECKLIST):
            item_values = self._new_values(
                "checklist_item", {"titel": item.titel, "zustand": "fehlt", "position": position}
            )
            item_parents = {"anbindung_id": record_id, "key": item.key}
            item_id = checklist_item_id(record_id, item.key)
            changes = changes.merged(
                self._create(connection, "checklist_item", item_id, item_parents, item_values)
            )
        return changes

    # --- Behörde and Gemeinden -----------------------------------------------------------

    def save_behoerde(self, fields: Mapping[str, object]) -> Changes:
        """Create the local Behörde on first use, afterwards update its profile."""
        return self.save_profile(fields)

    def set_gemeinden(self, gemeinden: Sequence[Mapping[str, object]]) -> Changes:
        """Make the member Gemeinden exactly `gemeinden` (each with ars, name, optional ags)."""
        with self.store.write() as connection:
            return self._set_gemeinden(connection, gemeinden)

    def save_profile(
        self,
        fields: Mapping[str, object],
        gemeinden: Sequence[Mapping[str, object]] | None = None,
        author: str | None = None,
        kontakte: Mapping[str, Mapping[str, object]] | None = None,
    ) -> Changes:
        """Behörde, Gemeinden, Ansprechpartner (role → fields) and the author's name in one
        transaction and one undo step."""
        previous = self.author
        if author is not None:
            self.author = author  # the history of this very save already names them
        try:
            with self.store.write() as connection:
                if author is not None:
                    meta.put(connection, meta.AUTHOR, author)
                changes = self._save_behoerde(connection, fields)
                if gemeinden is not None:
                    changes = changes.merged(self._set_gemeinden(connection, gemeinden))
                if kontakte is not None:
                    changes = changes.merged(self._set_kontakte(connection, kontakte))
                return changes
        except BaseException:
            self.author = previous
            raise

    def _save_behoerde(self, connection: Connection, fields: Mapping[str, object]) -> Changes:
        current = meta.get(connection, meta.LOCAL_BEHOERDE)
        row = load_row(connection, "behoerde", current) if current else None
        if row is not None and not row.deleted:
            return self._apply(connection, [Edit("behoerde", row.id, fields)], True)
        # First set-up, or again after the set-up was undone (the record is a tombstone then).
        values = self._new_values("behoerde", fields)
        record_id = behoerde_id(str(values["ars"]))
        meta.put(connection, meta.LOCAL_BEHOERDE, record_id)
        existing = load_row(connection, "behoerde", record_id)
        if existing is None:
            return self._create(connection, "behoerde", record_id, {}, values)
        changes = Changes()
        if existing.deleted:
            ref = RecordRef("behoerde", record_id)
            changes = self._set_deleted(connection, ref, deleted=False)
        edit = Edit("behoerde", record_id, fields)
        return changes.merged(self._apply(connection, [edit], check_workflow=True))

    def _set_gemeinden(
        self, connection: Connection, gemeinden: Sequence[Mapping[str, object]]
    ) -> Changes:
        behoerde = self._local_behoerde(connection)
        wanted = {}
        for item in gemeinden:
            values = self._new_values("gemeinde", item)
            wanted[gemeinde_id(str(behoerde["ars"]), str(values["ars"]))] = values
        table = schema.gemeinde
        existing = {
            row.id: row
            for row in connection.execute(
                select(table).where(table.c.behoerde_id == behoerde["id"])
            )
        }
        changes = Changes()
        for record_id, values in wanted.items():
            row = existing.get(record_id)
            if row is None:
                parents = {"behoerde_id": behoerde["id"]}
                created = self._create(connection, "gemeinde", record_id, parents, values)
                changes = changes.merged(created)
                continue
            fields = {"name": values["name"], "ags": values["ags"]}
            changes = changes.merged(self._revive_and_edit(connection, "gemeinde", row, fields))
        for record_id, row in existing.items():
            if record_id not in wanted and not row.deleted:
                ref = RecordRef("gemeinde", record_id)
                changes = changes.merged(self._set_deleted(connection, ref, deleted=True))
        return changes

    def _set_kontakte(
        self, connection: Connection, kontakte: Mapping[str, Mapping[str, object]]
    ) -> Changes:
        # A role nobody was named for gets no record; once named, a role is edited (also to
        # empty), so its history stays in one record.
        behoerde = self._local_behoerde(connection)
        changes = Changes()
        for rolle, fields in kontakte.items():
            record_id = kontakt_id(str(behoerde["ars"]), rolle)
            row = load_row(connection, "kontakt", record_id)
            values = self._new_values("kontakt", fields)
            named = any(value not in EMPTY_VALUES for value in values.values())
            if row is None or (row.deleted and not named):  # nobody named: leave it be
                if row is None and named:
                    parents = {"behoerde_id": behoerde["id"], "rolle": rolle}
                    created = self._create(connection, "kontakt", record_id, parents, values)
                    changes = changes.merged(created)
                continue
            changes = changes.merged(self._revive_and_edit(connection, "kontakt", row, fields))
        return changes
