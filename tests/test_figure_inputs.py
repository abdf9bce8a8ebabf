"""The store's quick read of the Kennzahlen's inputs (status history reduced in SQL and C-level
string work) gives exactly the figures of a plain read of every field and every status step."""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import uuid
from collections import defaultdict
from contextlib import closing

from ozg_desk.domain.lifecycle import Status
from ozg_desk.figures.compute import compute_all
from ozg_desk.figures.defaults import shipped_defaults
from ozg_desk.figures.inputs import Inputs, LeistungRecord, StatusCourse, StatusStep
from ozg_desk.protocol import CREATED
from ozg_desk.store.changes import Edit
from ozg_desk.store.figure_inputs import figure_inputs, status_courses
from ozg_desk.store.queries import leistungen, local_behoerde
from ozg_desk.store.repository import Repository

TODAY = dt.date(2026, 12, 3)
STATUSES = [status.value for status in Status]


def plain_steps(connection: sqlite3.Connection) -> dict[str, list[StatusStep]]:
    """Every status step as a Python object, ordered by time and, at one instant, by status."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entity_id, field, new, at in connection.execute(
        "SELECT entity_id, field, new, at FROM history WHERE entity = 'anbindung' "
        "AND field IN ('status', ?)",
        (CREATED,),
    ):
        value = json.loads(new)
        status = value.get("status") if field == CREATED else value
        if isinstance(status, str):
            found[entity_id].append((at, status))
    return {
        record: [StatusStep(dt.date.fromisoformat(at[:10]), new) for at, new in sorted(entries)]
        for record, entries in found.items()
    }


def plain_inputs(connection: sqlite3.Connection) -> Inputs:
    behoerde = local_behoerde(connection)
    assert behoerde is not None
    steps = plain_steps(connection)
    records = tuple(
        LeistungRecord(
            row.ozg_id,
            row.themenfeld,
            row.values,
            tuple(steps.get(row.anbindung_id, ())) if row.anbindung_id else (),
            row.kommunal,
        )
        for row in leistungen(connection, behoerde.id)
    )
    gemeinden = {g.ars: g.name for g in behoerde.gemeinden}
    return Inputs(records, shipped_defaults(), gemeinden, today=TODAY)


def random_history(connection: sqlite3.Connection, records: list[str], rng: random.Random) -> None:
    """More status steps back and forth (the history is append-only), several on one day,
    some at the same instant, some with microseconds."""
    rows = []
    for record in records:
        day = dt.datetime(2024, 1, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=rng.randrange(900))
        for _ in range(rng.randrange(6)):
            day += rng.choice(
                [dt.timedelta(0), dt.timedelta(minutes=5), dt.timedelta(days=rng.randrange(40))]
            )
            at = day.isoformat() if rng.random() < 0.8 else day.isoformat(timespec="microseconds")
            rows.append((str(uuid.uuid4()), record, json.dumps(rng.choice(STATUSES)), at))
    connection.executemany(
        "INSERT INTO history (id, entity, entity_id, anbindung_id, field, old, new, author, at) "
        "VALUES (?, 'anbindung', ?, NULL, 'status', NULL, ?, 'Test', ?)",
        rows,
    )


def test_the_quick_read_gives_the_figures_of_a_plain_read(repository: Repository) -> None:
    ids = []
    for ozg_id in ("10124", "10160", "10235"):
        ids.append(repository.create_anbindung(ozg_id).created[0].entity_id)
    repository.apply(
        [
            Edit(
                "anbindung",
                ids[0],
                {"status": "online", "golive_datum": "2026-05-04", "empfangskanal": "xfall"},
            ),
            Edit("anbindung", ids[1], {"zieltermin": "2025-03-31", "alle_gemeinden": False}),
        ]
    )
    rng = random.Random(14)
    for _ in range(60):
        with closing(sqlite3.connect(repository.store.path)) as connection, connection:
            random_history(connection, ids, rng)  # committed by the inner `with`
        with repository.store.read() as connection:
            plain = plain_inputs(connection)
            quick = figure_inputs(connection, shipped_defaults(), TODAY)
            courses = status_courses(connection)
            steps = plain_steps(connection)
        for record in ids:
            assert courses.get(record, StatusCourse()) == StatusCourse.of(steps.get(record, ()))
        assert [f.to_json() for f in compute_all(quick)] == [
            f.to_json() for f in compute_all(plain)
        ]
