"""The Kennzahlen's inputs read from the local store: every OZG-Leistung with the Behörde's
Anbindung, the status steps of its history, and the member Gemeinden."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict

from ozg_desk.figures.compute import compute_all
from ozg_desk.figures.defaults import Defaults, shipped_defaults
from ozg_desk.figures.inputs import Inputs, LeistungRecord, StatusStep
from ozg_desk.figures.model import Figure
from ozg_desk.protocol import CREATED
from ozg_desk.store.queries import json_value, leistungen, local_behoerde

_STEPS = (
    "SELECT entity_id, field, new, at FROM history WHERE entity = 'anbindung' "
    "AND field IN ('status', ?) ORDER BY at, id"
)


def status_steps(connection: sqlite3.Connection) -> dict[str, list[StatusStep]]:
    """Per Anbindung id, the days its status changed (its creation counts as the first step)."""
    steps: dict[str, list[StatusStep]] = defaultdict(list)
    for row in connection.execute(_STEPS, (CREATED,)):
        new = json_value(row["new"])
        status = new.get("status") if row["field"] == CREATED and isinstance(new, dict) else new
        if isinstance(status, str):
            day = dt.date.fromisoformat(str(row["at"])[:10])
            steps[row["entity_id"]].append(StatusStep(day, status))
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
    return Inputs(
        records, defaults, gemeinden, today=today or dt.datetime.now().astimezone().date()
    )


def compute_figures(connection: sqlite3.Connection) -> tuple[Figure, ...]:
    """Every Kennzahl over the local store with the shipped defaults."""
    return compute_all(figure_inputs(connection, shipped_defaults()))
