"""Read side of the sync page: open conflicts, rejected operations and remarks, ready to show."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ozg_desk.app.german_time import local_time
from ozg_desk.domain.entities import ENTITIES
from ozg_desk.domain.fields import FieldSpec, JsonValue, Kind
from ozg_desk.domain.kontakte import ROLLEN
from ozg_desk.store.changes import DELETED
from ozg_desk.store.meta import DEVICE_ID
from ozg_desk.store.queries import json_value, meta_value
from ozg_desk.store.resolution import seen_from_the_other_side

# Kinds a one-field dialog can take a new value for; lists and dicts need their own editors.
ENTERABLE_KINDS = frozenset({Kind.TEXT, Kind.INT, Kind.DATE, Kind.CHOICE})
DELETION_LABEL = "Löschung"
KIND_TEXTS = {"create": "angelegt", "delete": "gelöscht", "restore": "wiederhergestellt"}
SHOWN_FIELDS = 6  # a created record carries every field; the first few say what it was


@dataclass(frozen=True)
class ConflictItem:
    """An open conflict: which record and field, both values as German text and as raw JSON."""

    id: str
    entity: str
    entity_id: str
    field: str
    field_label: str
    record_label: str
    mine_text: str
    theirs_text: str
    their_author: str | None
    their_at: str | None
    my_author: str
    my_at: str
    is_deletion: bool
    mine: JsonValue
    theirs: JsonValue
    # Labels of other open conflicts on this record that „mine“/„theirs“ decide together with
    # this one (a paper's state and its dates), see store.resolution.open_partners.
    partners: tuple[str, ...] = ()

    @property
    def mine_is_deletion(self) -> bool:
        """True when this side deleted the record and the other side went on editing it."""
        return self.is_deletion and self.mine is True

    @property
    def spec(self) -> FieldSpec | None:
        kind = ENTITIES.get(self.entity)
        return None if kind is None else kind.fields.get(self.field)

    @property
    def settle_text(self) -> str:
        """What deciding this conflict also does to the fields that belong with it."""
        kind = ENTITIES.get(self.entity)
        return kind.settle_text if kind is not None and self.partners else ""

    @property
    def enterable(self) -> bool:
        """Whether „Anderen Wert eintragen“ can offer a one-field form for this conflict."""
        spec = self.spec
        return not self.is_deletion and spec is not None and spec.kind in ENTERABLE_KINDS


@dataclass(frozen=True)
class RejectedItem:
    """An operation the server refused, with its German reason."""

    op_id: str
    record_label: str
    fields_text: str
    reason: str
    created_at: str
    author: str


@dataclass(frozen=True)
class RemarkItem:
    """A remark of the Land; `record_label` names the Anbindung, None for the whole Behörde."""

    id: str
    author: str
    at: str
    text: str
    record_label: str | None


@dataclass(frozen=True)
class Inbox:
    """Everything the sync page lists, read in one go."""

    conflicts: tuple[ConflictItem, ...]
    rejected: tuple[RejectedItem, ...]
    remarks: tuple[RemarkItem, ...]


def load_inbox(connection: sqlite3.Connection) -> Inbox:
    return Inbox(
        tuple(open_conflicts(connection)),
        tuple(rejected_operations(connection)),
        tuple(remarks(connection)),
    )


def by_whom(author: str | None, at: str | None) -> str:
    """„von Anna am 12.03.2026 10:15“, leaving out what is unknown."""
    parts = [f"von {author}" if author else "", f"am {local_time(at)}" if local_time(at) else ""]
    return " ".join(part for part in parts if part)


def record_label(connection: sqlite3.Connection, entity: str, entity_id: str | None) -> str:
    """How people know a record: „10160 Hundehaltung“, „Checkliste „…“ (10160 …)“, a name."""
    if entity == "anbindung":
        row = connection.execute(
            "SELECT a.ozg_id, o.name FROM anbindung a "
            "LEFT JOIN ozg_leistung o ON o.ozg_id = a.ozg_id WHERE a.id = ?",
            (entity_id,),
        ).fetchone()
        if row is not None:
            return f"{row['ozg_id']} {row['name']}" if row["name"] else str(row["ozg_id"])
    elif entity == "checklist_item":
        row = connection.execute(
            "SELECT titel, anbindung_id FROM checklist_item WHERE id = ?", (entity_id,)
        ).fetchone()
        if row is not None:
            parent = record_label(connection, "anbindung", row["anbindung_id"])
            return f"Checkliste „{row['titel']}“ ({parent})"
    elif entity == "dokument":
        row = connection.execute(
            "SELECT nummer, titel FROM dokument WHERE id = ?", (entity_id,)
        ).fetchone()
        if row is not None:
            return f"Dokument {row['nummer']} ({row['titel']})"
    elif entity == "kontakt":
        row = connection.execute("SELECT rolle FROM kontakt WHERE id = ?", (entity_id,)).fetchone()
        if row is not None:
            return f"Ansprechpartner/in {ROLLEN.get(row['rolle'], row['rolle'])}"
    elif entity in ("behoerde", "gemeinde"):
        row = connection.execute(
            f"SELECT name FROM {entity} WHERE id = ?",  # noqa: S608 - entity from a fixed set
            (entity_id,),
        ).fetchone()
        if row is not None:
            return str(row["name"])
    kind = ENTITIES.get(entity)
    return f"{kind.label if kind else entity} (hier nicht vorhanden)"


def fields_text(entity: str, fields: Mapping[str, object], *, skip_empty: bool = False) -> str:
    """„Status „geplant“, Zieltermin „30.06.2026““ with the German labels and renderings."""
    kind = ENTITIES.get(entity)
    parts = []
    for name, value in fields.items():
        spec = kind.fields.get(name) if kind else None
        text = _value_text(spec, _json(value))
        if spec is None or (skip_empty and text == "—"):
            continue
        parts.append(f"{spec.label} „{text}“")
    if len(parts) > SHOWN_FIELDS:
        parts = [*parts[:SHOWN_FIELDS], f"und {len(parts) - SHOWN_FIELDS} weitere Angaben"]
    return ", ".join(parts)


def _json(value: object) -> JsonValue:
    return value if isinstance(value, str | int | bool | list | dict) else None


def _value_text(spec: FieldSpec | None, value: JsonValue) -> str:
    if spec is None:
        return "—" if value is None else str(value)
    try:
        return spec.display(value)
    except ValueError:  # a value the spec cannot render (e.g. a malformed date) stays readable
        return str(value)


def _deletion_texts(row: Mapping[str, Any], mine: JsonValue, theirs: JsonValue) -> tuple[str, str]:
    mine_who = by_whom(row["my_author"], row["my_at"])
    theirs_who = by_whom(row["their_author"], row["their_at"])
    if mine is True:  # deleted here, edited there
        return f"gelöscht ({mine_who})", f"geändert und behalten ({theirs_who})"
    edited = fields_text(row["entity"], mine) if isinstance(mine, dict) else ""
    return (f"geändert: {edited}" if edited else "geändert"), f"gelöscht ({theirs_who})"


def _oriented(row: sqlite3.Row, local: str | None) -> Mapping[str, Any]:
    """The conflict seen from this device."""
    values = dict(row)
    if seen_from_the_other_side(row["my_device"], local):
        for mine, theirs in (
            ("mine", "theirs"),
            ("my_author", "their_author"),
            ("my_at", "their_at"),
        ):
            values[mine], values[theirs] = row[theirs], row[mine]
    return values


def open_conflicts(connection: sqlite3.Connection) -> list[ConflictItem]:
    """Open conflicts, oldest first, with German texts for both sides."""
    items = []
    local = meta_value(connection, DEVICE_ID)
    for stored in connection.execute(
        "SELECT * FROM conflict WHERE state = 'open' ORDER BY received_at, id"
    ):
        row = _oriented(stored, local)
        mine, theirs = json_value(row["mine"]), json_value(row["theirs"])
        kind = ENTITIES.get(row["entity"])
        spec = kind.fields.get(row["field"]) if kind else None
        deletion = row["field"] == DELETED
        if deletion:
            mine_text, theirs_text = _deletion_texts(row, mine, theirs)
        else:
            mine_text, theirs_text = _value_text(spec, mine), _value_text(spec, theirs)
        items.append(
            ConflictItem(
                id=row["id"],
                entity=row["entity"],
                entity_id=row["entity_id"],
                field=row["field"],
                field_label=DELETION_LABEL if deletion else spec.label if spec else row["field"],
                record_label=record_label(connection, row["entity"], row["entity_id"]),
                mine_text=mine_text,
                theirs_text=theirs_text,
                their_author=row["their_author"],
                their_at=row["their_at"],
                my_author=row["my_author"],
                my_at=row["my_at"],
                is_deletion=deletion,
                mine=mine,
                theirs=theirs,
            )
        )
    return [_with_partners(item, items) for item in items]


def _with_partners(item: ConflictItem, items: list[ConflictItem]) -> ConflictItem:
    kind = ENTITIES.get(item.entity)
    together = kind.together_with(item.field) if kind else frozenset()
    partners = tuple(
        other.field_label
        for other in items
        if other.entity_id == item.entity_id and other.field in together
    )
    return replace(item, partners=partners)


def rejected_operations(connection: sqlite3.Connection) -> list[RejectedItem]:
    """Operations the server refused, in the order they were made."""
    items = []
    for row in connection.execute("SELECT * FROM outbox WHERE state = 'rejected' ORDER BY seq"):
        fields = json_value(row["fields"])
        shown = fields_text(
            row["entity"],
            fields if isinstance(fields, dict) else {},
            skip_empty=row["kind"] == "create",
        )
        if row["kind"] in KIND_TEXTS:
            shown = KIND_TEXTS[row["kind"]] + (f": {shown}" if shown else "")
        items.append(
            RejectedItem(
                op_id=row["op_id"],
                record_label=record_label(connection, row["entity"], row["entity_id"]),
                fields_text=shown or "ohne geänderte Felder",
                reason=row["error"] or "ohne Begründung",
                created_at=row["created_at"],
                author=row["author"],
            )
        )
    return items


def remarks(connection: sqlite3.Connection) -> list[RemarkItem]:
    """Remarks of the Land, newest first."""
    return [
        RemarkItem(
            id=row["id"],
            author=row["author"],
            at=row["at"],
            text=row["text"],
            record_label=(
                record_label(connection, "anbindung", row["anbindung_id"])
                if row["anbindung_id"]
                else None
            ),
        )
        for row in connection.execute("SELECT * FROM remark ORDER BY at DESC, id")
    ]
