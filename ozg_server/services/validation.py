"""Checks on incoming operations that need the caller: tenant identity and role limits.

The server trusts no client. The protocol model (`ozg_desk.protocol.operations`) has already
checked every value with the desktop's own field rules; here identity fields must point into the
caller's tenant, a creation must carry the id its content implies, and land tokens may only
touch the central fields.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ozg_desk.domain.anbindung import anbindung_id, checklist_item_id
from ozg_desk.domain.behoerde import behoerde_id, gemeinde_id
from ozg_desk.domain.documents import dokument_id
from ozg_desk.domain.entities import ENTITIES, EntityKind
from ozg_desk.domain.errors import DomainError
from ozg_desk.domain.fields import FieldSpec
from ozg_desk.domain.kontakte import kontakt_id
from ozg_desk.protocol import CREATED, DELETED
from ozg_desk.protocol.operations import OperationBase, unstorable

CENTRAL_FIELDS = frozenset(
    {"reifegrad", "reifegrad_modell", "nachweis_link", "nachweis_notiz", "nachweis_datum"}
)


class Refused(ValueError):
    """The operation is rejected; the message (German) goes back to the client."""


@dataclass(frozen=True)
class Operation:
    """A push operation whose form and values the protocol model has checked."""

    op_id: str
    entity: str
    entity_id: str
    kind: str
    base_version: int | None
    fields: dict[str, Any]
    history: list[dict[str, Any]]
    resolves: list[str]
    author: str
    at: str
    raw: dict[str, Any]

    @classmethod
    def of(cls, model: OperationBase) -> Operation:
        """The service's view of a checked operation; history entries get the operation's
        author and time where they leave them out (as the protocol allows)."""
        history = [
            {
                "id": entry.id,
                "field": entry.field,
                "old": entry.old,
                "new": entry.new,
                "author": entry.author or model.author,
                "at": entry.at or model.at,
            }
            for entry in model.history
        ]
        return cls(
            op_id=model.op_id,
            entity=model.record_kind.name,
            entity_id=model.entity_id,
            kind=model.kind,
            base_version=model.base_version,
            fields=model.field_values(),
            history=history,
            resolves=list(model.resolves),
            author=model.author,
            at=model.at,
            raw=model.model_dump(mode="json", exclude_unset=True),
        )


def check_operation(op: Operation, tenant: str, role: str) -> None:
    """Storable text, field values, history, tenant identity and role limits; raises Refused."""
    kind = ENTITIES[op.entity]
    _check_storable(op.raw)
    try:
        _check_values(kind, op.fields)
        _check_history(op.kind, kind, op.fields, op.history)
    except ValueError as refusal:
        raise Refused(str(refusal)) from None
    if op.kind in ("delete", "restore") and op.fields:
        raise Refused("Löschen und Wiederherstellen ändern keine Felder.")
    if role == "land" and (
        op.entity != "anbindung" or op.kind != "update" or not set(op.fields) <= CENTRAL_FIELDS
    ):
        raise Refused("Das Land darf nur die zentralen Felder (Reifegrad und Nachweis) ändern.")
    own = behoerde_id(tenant)
    if op.entity == "behoerde" and op.entity_id != own:
        raise Refused("Der Datensatz gehört nicht zur Behörde dieses Zugangs.")
    if op.kind != "create" and set(ENTITIES[op.entity].identity) & op.fields.keys():
        raise Refused("Die Zuordnung eines Datensatzes kann nicht geändert werden.")
    if op.fields.get("behoerde_id", own) != own:
        raise Refused("Der Datensatz gehört nicht zur Behörde dieses Zugangs.")
    if op.entity == "behoerde" and "ars" in op.fields and op.fields["ars"] != tenant:
        raise Refused("Der ARS passt nicht zur Behörde dieses Zugangs.")
    if op.kind == "create":  # after the values: the expected id is derived from them
        _check_creation(op, tenant, kind.fields)


def _check_creation(op: Operation, tenant: str, specs: Mapping[str, Any]) -> None:
    """A creation must be complete and carry the id every device derives for that record, so
    that no client can later fail on it and no service is tracked twice."""
    required = set(ENTITIES[op.entity].identity) | {
        name for name, spec in specs.items() if spec.required
    }
    missing = required - op.fields.keys()
    if missing:
        raise Refused(f"Der neue Datensatz ist unvollständig ({', '.join(sorted(missing))}).")
    fields = op.fields
    expected = {
        "anbindung": lambda: anbindung_id(tenant, str(fields["ozg_id"])),
        "gemeinde": lambda: gemeinde_id(tenant, str(fields["ars"])),
        "checklist_item": lambda: (
            checklist_item_id(str(fields["anbindung_id"]), str(fields["key"]))
            if fields.get("key")
            else op.entity_id
        ),
        "behoerde": lambda: behoerde_id(tenant),
        "dokument": lambda: dokument_id(tenant, str(fields["nummer"])),
        "kontakt": lambda: kontakt_id(tenant, str(fields["rolle"])),
    }[op.entity]()
    if op.entity_id != expected:
        raise Refused("Die Kennung des neuen Datensatzes passt nicht zu seinem Inhalt.")


def check_record(entity: str, fields: Mapping[str, Any]) -> None:
    """Rules across fields on the merged record (e.g. Reifegrad within its model)."""
    editable = {name: value for name, value in fields.items() if name in ENTITIES[entity].fields}
    try:
        ENTITIES[entity].normalize(editable)
    except DomainError as error:
        raise Refused(str(error)) from None


def _check_storable(value: object) -> None:
    reason = _first_unstorable(value)
    if reason:
        raise Refused(reason)


def _first_unstorable(value: object) -> str | None:
    """Why some text of `value`, keys included, cannot be stored (iteratively: the body's
    nesting is bounded, but no recursion is needed)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            reason = unstorable(item)
            if reason:
                return reason
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def take_unstorable(body: object) -> tuple[object, dict[int, dict[str, str]]]:
    """Take the operations with text no database can store out of a push body, before the
    contract is checked (that refuses such text with the whole request): each is rejected on
    its own, by position, and the others go on."""
    if not isinstance(body, dict) or not isinstance(body.get("ops"), list):
        return body, {}
    ops = body["ops"]
    taken: dict[int, dict[str, str]] = {}
    kept = []
    for index, op in enumerate(ops):
        reason = _first_unstorable(op)
        op_id = operation_id(op)
        if reason and op_id:
            taken[index] = {"op_id": op_id, "status": "rejected", "reason": reason}
        else:
            kept.append(op)
    return ({**body, "ops": kept} if taken else body), taken


def operation_id(raw: object) -> str | None:
    """The op_id of a possibly malformed operation, if it has a valid one."""
    op_id = raw.get("op_id") if isinstance(raw, dict) else None
    if not isinstance(op_id, str) or len(op_id) != 36:
        return None
    try:
        return op_id if str(uuid.UUID(op_id)) == op_id else None
    except ValueError:
        return None


def _check_values(kind: EntityKind, values: Mapping[str, Any]) -> None:
    """Each value exactly as the desktop's field rules store it (normalised, in range)."""
    for name, value in values.items():
        spec = kind.fields.get(name)
        if spec is None:
            continue  # an identity field: its type above is its whole rule
        try:
            if spec.clean(value) != value:
                raise ValueError(f"„{spec.label}“ hat keinen gültigen Wert.")
        except DomainError as error:
            raise ValueError(str(error)) from None


def _check_history(
    op_kind: str, kind: EntityKind, values: Mapping[str, Any], history: list[dict[str, Any]]
) -> None:
    """History entries describe exactly what the operation changes (docs/sync-protocol.md)."""
    if len({entry["field"] for entry in history}) != len(history):
        raise ValueError("Ein Feld hat mehr als einen Historieneintrag.")
    if len({entry["id"] for entry in history}) != len(history):
        raise ValueError("Zwei Historieneinträge haben dieselbe Kennung.")
    for entry in history:
        if op_kind == "create":
            _check_creation_entry(entry, values)
        elif op_kind in ("delete", "restore"):
            deleting = op_kind == "delete"
            if entry["field"] != DELETED or (entry["old"], entry["new"]) != (
                not deleting,
                deleting,
            ):
                raise ValueError("Der Historieneintrag passt nicht zum Löschen/Wiederherstellen.")
        else:
            spec = kind.fields.get(entry["field"])
            if spec is None or entry["field"] not in values:
                raise ValueError(
                    f"Der Historieneintrag zu „{entry['field']}“ passt nicht zur Änderung: "
                    "die Operation ändert dieses Feld nicht."
                )
            if entry["new"] != values[entry["field"]]:
                raise ValueError(
                    f"Der Historieneintrag zu „{spec.label}“ nennt einen anderen Wert."
                )
            _check_old(spec, entry["old"])


def _check_creation_entry(entry: dict[str, Any], values: Mapping[str, Any]) -> None:
    if entry["field"] != CREATED or entry["old"] is not None or not isinstance(entry["new"], dict):
        raise ValueError("Ein neuer Datensatz hat nur seinen Anlage-Eintrag in der Historie.")
    if any(name not in values or values[name] != value for name, value in entry["new"].items()):
        raise ValueError("Der Anlage-Eintrag nennt andere Werte als der neue Datensatz.")


def _check_old(spec: FieldSpec, old: Any) -> None:
    if old is None:
        return
    try:
        if spec.clean(old) == old:
            return
    except DomainError:
        pass
    raise ValueError(f"Der bisherige Wert von „{spec.label}“ im Historieneintrag ist ungültig.")
