"""The merge rule of the protocol (docs/sync-protocol.md): fields changed on only one side are
applied, the same field changed differently by another device since the base is a conflict, and
an edit against a deletion (or a deletion against an edit) is a conflict on the whole record.
Fields that only make sense together (a paper's state and its dates) conflict together."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from ozg_desk.protocol import DELETED

__all__ = ["DELETED", "Current", "Incoming", "Merged", "merge"]


@dataclass(frozen=True)
class Current:
    """The server's state of a record."""

    exists: bool
    deleted: bool
    fields: Mapping[str, Any]
    meta: Mapping[str, Mapping[str, Any]]  # field → {"v": version, "d": device, "a": …, "t": …}


@dataclass(frozen=True)
class Incoming:
    """What an operation wants, as far as merging is concerned."""

    kind: str
    base_version: int | None
    fields: Mapping[str, Any]
    device: str
    fresh: Mapping[str, Any] = field(default_factory=dict)  # the values of a new record
    together: Collection[frozenset[str]] = ()  # groups of fields that conflict as a whole


@dataclass
class Merged:
    """Fields to write, conflicts to store, and whether the tombstone flips."""

    apply: dict[str, Any] = field(default_factory=dict)
    conflicts: list[tuple[str, Any, Any, Mapping[str, Any]]] = field(default_factory=list)
    deleted: bool | None = None


def _changed_by_other(meta: Mapping[str, Any] | None, base: int, device: str) -> bool:
    return meta is not None and int(meta["v"]) > base and meta["d"] != device


def _creation_version(current: Current) -> int | None:
    """The version that created the record: the oldest any of its fields carries."""
    versions = [int(meta["v"]) for name, meta in current.meta.items() if name != DELETED]
    return min(versions) if versions else None


def merge(current: Current, incoming: Incoming) -> Merged:
    base = incoming.base_version or 0
    result = Merged()
    if incoming.kind == "delete":
        if not current.exists or current.deleted:
            return result
        others = [
            meta
            for name, meta in current.meta.items()
            if name != DELETED and _changed_by_other(meta, base, incoming.device)
        ]
        if others:
            latest = max(others, key=lambda meta: int(meta["v"]))
            result.conflicts.append((DELETED, True, False, latest))
        else:
            result.deleted = True
        return result
    if current.deleted:
        deletion = current.meta.get(DELETED)
        if incoming.kind == "restore":
            result.deleted = False
        elif _changed_by_other(deletion, base, incoming.device):
            assert deletion is not None
            # "mine" keeps the whole edit, so that restoring it later loses nothing.
            result.conflicts.append((DELETED, dict(incoming.fields), True, deletion))
            return result
    # Two devices may create the same record (its id is derived, e.g. Behörde × Leistung); a
    # default left untouched at creation, on either side, was nobody's choice and must not
    # conflict with the other side's value.
    joining = incoming.kind == "create" and current.exists and not current.deleted
    created = _creation_version(current) if joining else None
    for name, value in incoming.fields.items():
        theirs = current.fields.get(name)
        if current.exists and name in current.fields and theirs == value:
            continue
        if joining and name in incoming.fresh and value == incoming.fresh[name]:
            continue
        meta = current.meta.get(name)
        untouched = (
            created is not None
            and meta is not None
            and int(meta["v"]) == created
            and name in incoming.fresh
            and theirs == incoming.fresh[name]
        )
        if not untouched and _changed_by_other(meta, base, incoming.device):
            assert meta is not None
            result.conflicts.append((name, value, theirs, meta))
        else:
            result.apply[name] = value
    _conflict_together(current, incoming.together, result)
    return result


def _conflict_together(
    current: Current, groups: Collection[frozenset[str]], result: Merged
) -> None:
    """Hold back the rest of a group one of whose fields conflicts: applying only part of it
    (e.g. clearing a return date while the paper stays „versandt“) would lose the other side's
    data silently. The held-back fields are offered as conflicts of the same change."""
    for group in groups:
        cause = next((meta for name, *_, meta in result.conflicts if name in group), None)
        if cause is None:
            continue
        for name in [name for name in result.apply if name in group]:
            theirs = current.fields.get(name)
            if result.apply[name] == theirs:
                continue
            # Who set the value held back, if anyone did; else the change that caused it.
            meta = current.meta.get(name) or cause
            result.conflicts.append((name, result.apply.pop(name), theirs, meta))
