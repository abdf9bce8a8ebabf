"""The Kennzahlen's inputs read from the local store: every OZG-Leistung with the Behörde's
Anbindung, the status steps of its history, and the member Gemeinden."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict

from ozg_desk.domain.behoerde import RATE_FIELDS
from ozg_desk.domain.lifecycle import Status
from ozg_desk.figures.assumptions import with_behoerde
from ozg_desk.figures.compute import compute_all
from ozg_desk.figures.defaults import Defaults, shipped_defaults
from ozg_desk.figures.inputs import Inputs, LeistungRecord, StatusStep
from ozg_desk.figures.model import Figure
from ozg_desk.protocol import CREATED
from ozg_desk.store.queries import json_value, leistungen, local_behoerde

# A table scan beats the entity index for most of the history; the order is restored per
# record below. Status values are a known set, so their JSON text is looked up, not parsed
# (parsing 50,000 entries took most of the time); a creation carries all fields as JSON.
_STEPS = (
    "SELECT entity_id, field, new, at FROM history NOT INDEXED "
    "WHERE entity = 'anbindung' AND field IN ('status', ?)"
)
_STATUS_JSON = {json.dumps(status.value): status.value for status in Status}


def status_steps(connection: sqlite3.Connection) -> dict[str, list[StatusStep]]:
    """Per Anbindung id, the days its status changed (its creation counts as the first step)."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    cursor = connection.cursor()
    cursor.row_factory = None  # plain tuples: named access costs more than the query here
    for entity_id, field, new, at in cursor.execute(_STEPS, (CREATED,)):
        if field == CREATED:
            values = json_value(new)
            status = values.get("status") if isinstance(values, dict) else None
        else:
            status = _STATUS_JSON.get(new)
        if isinstance(status, str):
            found[entity_id].append((str(at), status))
    days: dict[str, dt.date] = {}  # many entries share a day: parse each once
    steps: dict[str, list[StatusStep]] = {}
    for record, entries in found.items():
        entries.sort()
        steps[record] = [
            StatusStep(
                days.get(at[:10]) or days.setdefault(at[:10], dt.date.fromisoformat(at[:10])),
                status,
            )
            for at, status in entries
        ]
    return steps


def figure_inputs(
    connection: sqlite3.Connection, defaults: Defaults, today: dt.date | None = None
) -> Inputs:
    behoerde = local_behoerde(connection)
    steps = status_steps(connection)
    records = tuple(
        LeistungRecord(
            row.ozg_id,
            row.themenfeld,
            row.values,
            tuple(steps.get(row.anbindung_id, ())) if row.anbindung_id else (),
            row.kommunal,
        )
        for row in leistungen(connection, behoerde.id if behoerde else None)
    )
    gemeinden = {g.ars: g.name for g in behoerde.gemeinden} if behoerde else {}
    values = behoerde.values if behoerde else {}
    rates = {
        group: float(rate)
        for group, field in RATE_FIELDS.items()
        if isinstance(rate := values.get(field), int | float) and not isinstance(rate, bool)
    }
    return Inputs(
        records,
        with_behoerde(defaults, values),  # its automated channels and scenarios
        gemeinden,
        hourly_rates=rates,
        overhead=values.get("gemeinkosten") is True,
        today=today or dt.datetime.now().astimezone().date(),
    )


def compute_figures(connection: sqlite3.Connection) -> tuple[Figure, ...]:
    """Every Kennzahl over the local store with the shipped defaults."""
    return compute_all(figure_inputs(connection, shipped_defaults()))
