"""What a write changed (`Changes`), and how to take it back (undo is just more edits)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ozg_desk.domain.fields import JsonValue
from ozg_desk.protocol import CREATED, DELETED

__all__ = ["CREATED", "DELETED"]


@dataclass(frozen=True)
class FieldChange:
    """One field of one record went from `old` to `new`."""

    entity: str
    entity_id: str
    field: str
    old: JsonValue
    new: JsonValue


@dataclass(frozen=True)
class Edit:
    """A requested change of fields of one existing record."""

    entity: str
    entity_id: str
    fields: Mapping[str, object]


@dataclass(frozen=True)
class RecordRef:
    """A record identified by its kind and id."""

    entity: str
    entity_id: str


@dataclass(frozen=True)
class Changes:
    """Everything one write did; views use it to refresh, undo uses it to reverse."""

    fields: tuple[FieldChange, ...] = ()
    created: tuple[RecordRef, ...] = ()
    deleted: tuple[RecordRef, ...] = ()
    restored: tuple[RecordRef, ...] = ()
    synced: tuple[RecordRef, ...] = ()  # records a sync brought in (not undoable)
    catalogue: bool = False
    areas: bool = False
    op_ids: tuple[str, ...] = field(default=(), compare=False)

    def __bool__(self) -> bool:
        return bool(
            self.fields
            or self.created
            or self.deleted
            or self.restored
            or self.synced
            or self.catalogue
            or self.areas
        )

    def ids(self, entity: str) -> frozenset[str]:
        """Ids of records of kind `entity` that this write touched."""
        refs = (*self.created, *self.deleted, *self.restored, *self.synced)
        return frozenset(
            [ref.entity_id for ref in refs if ref.entity == entity]
            + [change.entity_id for change in self.fields if change.entity == entity]
        )

    def touches(self, entity: str) -> bool:
        return bool(self.ids(entity))

    def merged(self, other: Changes) -> Changes:
        return Changes(
            fields=self.fields + other.fields,
            created=self.created + other.created,
            deleted=self.deleted + other.deleted,
            restored=self.restored + other.restored,
            synced=self.synced + other.synced,
            catalogue=self.catalogue or other.catalogue,
            areas=self.areas or other.areas,
            op_ids=self.op_ids + other.op_ids,
        )

    def inverse(self) -> Inverse:
        """The edits that take this write back, for undo."""
        old_values: dict[RecordRef, dict[str, JsonValue]] = {}
        for change in reversed(self.fields):
            ref = RecordRef(change.entity, change.entity_id)
            old_values.setdefault(ref, {})[change.field] = change.old
        created = set(self.created)
        edits = tuple(
            Edit(ref.entity, ref.entity_id, values)
            for ref, values in old_values.items()
            if ref not in created
        )
        return Inverse(
            edits=edits,
            delete=tuple(reversed(self.created + self.restored)),
            restore=self.deleted,
        )


@dataclass(frozen=True)
class Inverse:
    """The reversal of a write: field edits, records to delete again, records to restore."""

    edits: tuple[Edit, ...]
    delete: tuple[RecordRef, ...]
    restore: tuple[RecordRef, ...]
