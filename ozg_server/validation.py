"""Checks on incoming operations: the desktop's own field rules, tenant identity, role limits.

The server trusts no client: every value must be exactly what the desktop's field rules would
have stored, identity fields must point into the caller's tenant, and land tokens may only
touch the central fields.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ozg_desk.domain.anbindung import anbindung_id, checklist_item_id
from ozg_desk.domain.behoerde import behoerde_id, gemeinde_id
from ozg_desk.domain.documents import dokument_id
from ozg_desk.domain.entities import ENTITIES
from ozg_desk.domain.errors import DomainError
from ozg_desk.domain.keys import normalize_ozg_id
from ozg_desk.domain.kontakte import check_rolle, kontakt_id

KINDS = ("create", "update", "delete", "restore")
CENTRAL_FIELDS = frozenset(
    {"reifegrad", "reifegrad_modell", "nachweis_link", "nachweis_notiz", "nachweis_datum"}
)
# An update carries each field up to three times (value, old and new in its history entry);
# the largest possible one of the largest kind must pass, with room for the envelope.
MAX_OP_CHARS = 3 * max(sum(s.max_length for s in k.fields.values()) for k in ENTITIES.values())
MAX_OP_CHARS += 50_000


class Refused(ValueError):
    """The operation is rejected; the message (German) goes back to the client."""


@dataclass(frozen=True)
class Operation:
    """A parsed push operation."""

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


def _uuid(value: object, what: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise Refused(f"{what} ist keine gültige Kennung.") from None


def _short(value: object, what: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise Refused(f"{what} fehlt oder ist zu lang.")
    return value


def operation_id(raw: object) -> str | None:
    """The op_id of a possibly malformed operation, if it has a valid one."""
    try:
        return _uuid(raw.get("op_id"), "") if isinstance(raw, dict) else None
    except Refused:
        return None


def parse_operation(raw: object) -> Operation:
    """Structure only; raises Refused. Values are checked by `check_operation`."""
    if not isinstance(raw, dict):
        raise Refused("Eine Operation hat eine ungültige Form.")
    if len(json.dumps(raw, ensure_ascii=False)) > MAX_OP_CHARS:
        raise Refused("Die Operation ist zu groß.")
    entity, kind = raw.get("entity"), raw.get("kind")
    if entity not in ENTITIES or kind not in KINDS:
        raise Refused("Unbekannte Art von Datensatz oder Operation.")
    base = raw.get("base_version")
    if base is not None and (not isinstance(base, int) or isinstance(base, bool) or base < 0):
        raise Refused("Die Basisversion ist ungültig.")
    fields, history = raw.get("fields") or {}, raw.get("history") or []
    resolves = raw.get("resolves") or []
    if (
        not isinstance(fields, dict)
        or not isinstance(history, list)
        or not isinstance(resolves, list)
    ):
        raise Refused("Eine Operation hat eine ungültige Form.")
    author = _short(raw.get("author"), "Der Name der Bearbeiterin", 200)
    at = _short(raw.get("at"), "Der Zeitpunkt", 40)
    return Operation(
        op_id=_uuid(raw.get("op_id"), "Die Operations-ID"),
        entity=str(entity),
        entity_id=_uuid(raw.get("entity_id"), "Die Datensatz-ID"),
        kind=str(kind),
        base_version=base,
        fields=fields,
        history=[
            _history({"author": author, "at": at, **entry})
            if isinstance(entry, dict)
            else _history(entry)
            for entry in history
        ],
        resolves=[_uuid(item, "Die Konflikt-ID") for item in resolves],
        author=author,
        at=at,
        raw=raw,
    )


def _history(entry: object) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise Refused("Ein Historieneintrag hat eine ungültige Form.")
    return {
        "id": _uuid(entry.get("id"), "Die Historien-ID"),
        "field": _short(entry.get("field"), "Das Feld", 60),
        "old": entry.get("old"),
        "new": entry.get("new"),
        "author": _short(entry.get("author"), "Der Name", 200),
        "at": _short(entry.get("at"), "Der Zeitpunkt", 40),
    }


def check_operation(op: Operation, tenant: str, role: str) -> None:
    """Field values, tenant identity and role limits; raises Refused."""
    kind = ENTITIES[op.entity]
    if role == "land" and (
        op.entity != "anbindung" or op.kind != "update" or not set(op.fields) <= CENTRAL_FIELDS
    ):
        raise Refused("Das Land darf nur die zentralen Felder (Reifegrad und Nachweis) ändern.")
    own = behoerde_id(tenant)
    if op.entity == "behoerde" and op.entity_id != own:
        raise Refused("Der Datensatz gehört nicht zur Behörde dieses Zugangs.")
    if op.kind != "create" and set(ENTITIES[op.entity].identity) & op.fields.keys():
        raise Refused("Die Zuordnung eines Datensatzes kann nicht geändert werden.")
    for name, value in op.fields.items():
        if name in ENTITIES[op.entity].identity:
            _check_identity(name, value, own)
            continue
        spec = kind.fields.get(name)
        if spec is None:
            raise Refused(f"Unbekanntes Feld „{name}“.")
        try:
            if spec.clean(value) != value:
                raise Refused(f"„{spec.label}“ hat keinen gültigen Wert.")
        except DomainError as error:
            raise Refused(str(error)) from None
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


def _check_identity(name: str, value: object, own_behoerde: str) -> None:
    if name == "behoerde_id" and value != own_behoerde:
        raise Refused("Der Datensatz gehört nicht zur Behörde dieses Zugangs.")
    if name == "ozg_id":
        try:
            normalize_ozg_id(str(value))
        except DomainError as error:
            raise Refused(str(error)) from None
    if name == "anbindung_id":
        _uuid(value, "Die Anbindungs-ID")
    if name == "rolle":
        try:
            check_rolle(value)
        except DomainError as error:
            raise Refused(str(error)) from None
    if name == "key" and value is not None and (not isinstance(value, str) or len(value) > 50):
        raise Refused("Der Schlüssel des Checklistenpunkts ist ungültig.")


def check_record(entity: str, fields: Mapping[str, Any]) -> None:
    """Rules across fields on the merged record (e.g. Reifegrad within its model)."""
    editable = {name: value for name, value in fields.items() if name in ENTITIES[entity].fields}
    try:
        ENTITIES[entity].normalize(editable)
    except DomainError as error:
        raise Refused(str(error)) from None
