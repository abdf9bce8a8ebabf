"""Bulk edit: plan what a change to many Leistungen would do, row by row, before applying it.

The plan uses the same field rules and workflow as single edits, so the preview the user sees is
exactly what `Repository.bulk_update` will write; rows the workflow refuses are shown with the
reason and left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ozg_desk.domain.anbindung import ANBINDUNG_FIELDS, NEW_ANBINDUNG_DEFAULTS
from ozg_desk.domain.catalogue import LeistungRow
from ozg_desk.domain.errors import TransitionError
from ozg_desk.domain.fields import JsonValue
from ozg_desk.domain.lifecycle import Status, Workflow

# One AVV usually covers several Leistungen: its renewal date is set for all of them at once.
BULK_FIELDS = (
    "status",
    "status_begruendung",
    "verantwortlich",
    "zieltermin",
    "avv_verlaengerung_am",
)


@dataclass(frozen=True)
class PlannedChange:
    """One field of one row, as the preview shows it."""

    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class PlannedRow:
    """What the bulk edit would do to one Leistung."""

    ozg_id: str
    name: str
    create: bool
    fields: dict[str, JsonValue]
    changes: tuple[PlannedChange, ...]
    problem: str | None

    @property
    def applies(self) -> bool:
        return self.problem is None and bool(self.changes)


def clean_request(requested: Mapping[str, object]) -> dict[str, JsonValue]:
    """Validate the requested values once (ValidationError for the whole request)."""
    unknown = set(requested) - set(BULK_FIELDS)
    assert not unknown, f"not a bulk field: {unknown}"
    return {name: ANBINDUNG_FIELDS[name].clean(value) for name, value in requested.items()}


def plan_bulk(
    rows: Sequence[LeistungRow], requested: Mapping[str, object], workflow: Workflow
) -> list[PlannedRow]:
    cleaned = clean_request(requested)
    defaults = {
        name: spec.clean(NEW_ANBINDUNG_DEFAULTS.get(name))
        for name, spec in ANBINDUNG_FIELDS.items()
    }
    plan = []
    for row in rows:
        current = dict(row.values) if row.anbindung_id else defaults
        merged = {**current, **cleaned}
        changed = [name for name in cleaned if merged[name] != current[name]]
        changes = tuple(
            PlannedChange(
                name,
                ANBINDUNG_FIELDS[name].label,
                ANBINDUNG_FIELDS[name].display(current[name]),
                ANBINDUNG_FIELDS[name].display(merged[name]),
            )
            for name in changed
        )
        plan.append(
            PlannedRow(
                ozg_id=row.ozg_id,
                name=row.name,
                create=row.anbindung_id is None,
                fields={name: merged[name] for name in changed},
                changes=changes,
                problem=_problem(workflow, current, merged, changed),
            )
        )
    return plan


def _problem(
    workflow: Workflow,
    current: Mapping[str, JsonValue],
    merged: Mapping[str, JsonValue],
    changed: Sequence[str],
) -> str | None:
    old, new = Status(str(current["status"])), Status(str(merged["status"]))
    try:
        if "status" in changed:
            workflow.check(old, new, merged)
        else:
            cleared = set(workflow.missing_fields(new, merged)) & set(changed)
            if cleared:
                raise TransitionError(f"wird im Status „{new.label}“ benötigt", tuple(cleared))
    except TransitionError as error:
        missing = ", ".join(ANBINDUNG_FIELDS[name].label for name in error.missing)
        return f"{error} {missing}".strip() if missing else str(error)
    return None
