"""The Kennzahlen's inputs read from the local store: every OZG-Leistung with the Behörde's
Anbindung, its status history reduced to what the figures read, and the member Gemeinden."""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
import sqlite3
from collections.abc import Callable, Sequence

from ozg_desk.domain.behoerde import RATE_FIELDS
from ozg_desk.domain.catalogue import is_kommunal, split_codes
from ozg_desk.domain.entities import ENTITIES
from ozg_desk.domain.fields import JsonValue, Kind
from ozg_desk.domain.lifecycle import Status
from ozg_desk.figures.assumptions import with_behoerde
from ozg_desk.figures.compute import compute_all
from ozg_desk.figures.defaults import Defaults, shipped_defaults
from ozg_desk.figures.inputs import Inputs, LeistungRecord, StatusCourse
from ozg_desk.figures.model import Figure
from ozg_desk.protocol import CREATED
from ozg_desk.store.queries import json_value, local_behoerde

# One row per Anbindung: its status steps as „<at><status as JSON>“ lines. A table scan beats
# the entity index (which needs a lookup per entry); SQLite has no ordered group_concat before
# 3.44, so each record's lines are sorted in Python. Sorting the lines orders the steps by time
# and, at the same instant, by status (the order the figures always used). A creation carries
# all fields as JSON; its status is quoted like a status entry.
STEPS_QUERY = (
    "SELECT entity_id, group_concat(at || CASE field WHEN 'status' THEN new ELSE "
    "CASE WHEN json_valid(new) THEN CASE json_type(new, '$.status') WHEN 'text' THEN "
    "json_quote(json_extract(new, '$.status')) END END END, char(10)) "
    "FROM history NOT INDEXED WHERE entity = 'anbindung' AND field IN ('status', ?) "
    "GROUP BY entity_id"
)
_ONLINE, _PLANNED = json.dumps(Status.ONLINE.value), json.dumps(Status.PLANNED.value)
_ONLINE_RUNS = re.compile("o+")


def _reduce(text: str, days: dict[str, dt.date]) -> StatusCourse:
    """`StatusCourse.of` over one record's lines, with the per-step work done by C-level
    string operations (50,000 steps as Python objects cost more than all figures)."""
    lines = text.split("\n")
    lines.sort()

    def day(index: int) -> dt.date:
        text = lines[index][:10]
        return days.get(text) or days.setdefault(text, dt.date.fromisoformat(text))

    codes = "".join(
        [
            "o" if line.endswith(_ONLINE) else "p" if line.endswith(_PLANNED) else "-"
            for line in lines
        ]
    )
    periods: list[tuple[dt.date, dt.date | None]] = []
    for run in _ONLINE_RUNS.finditer(codes):
        # online from the run's first step until the first step after it; a run within one
        # day is never online at a day's end, and a run starting the day one ended continues it
        start, stop = run.span()
        since, until = day(start), day(stop) if stop < len(lines) else None
        if since == until:
            continue
        if periods and periods[-1][1] == since:
            periods[-1] = (periods[-1][0], until)
        else:
            periods.append((since, until))
    planned = after = None
    first_planned = codes.find("p")
    if first_planned >= 0:
        planned = day(first_planned)
        # the first step to „online“ on the planned day or later (also earlier that day)
        found = codes.find("o", bisect.bisect_left(lines, lines[first_planned][:10]))
        after = day(found) if found >= 0 else None
    return StatusCourse(day(0), day(len(lines) - 1), planned, after, tuple(periods))


def status_courses(connection: sqlite3.Connection) -> dict[str, StatusCourse]:
    """Per Anbindung id, its status history reduced (its creation counts as the first step)."""
    cursor = connection.cursor()
    cursor.row_factory = None  # plain tuples: named access costs more than the query here
    days: dict[str, dt.date] = {}  # many steps share a day: parse each once
    return {
        record: _reduce(text, days)
        for record, text in cursor.execute(STEPS_QUERY, (CREATED,))
        if text  # every line NULL (no status): no steps
    }


def _decoder(names: Sequence[str]) -> Callable[[tuple[object, ...]], dict[str, JsonValue]]:
    """`queries.decode` for plain rows of `SELECT * FROM anbindung`, planned once per read."""
    fields = ENTITIES["anbindung"].fields
    plan = [(index, name, fields[name].kind) for index, name in enumerate(names) if name in fields]
    empty = {"[]": list, "{}": dict}  # most lists and dicts are empty: no JSON parse

    def decode(row: tuple[object, ...]) -> dict[str, JsonValue]:
        values: dict[str, JsonValue] = {}
        for index, name, kind in plan:
            raw = row[index]
            if kind is Kind.LIST or kind is Kind.DICT:
                made = empty.get(raw) if isinstance(raw, str) else None
                values[name] = made() if made else json_value(raw)
            elif kind is Kind.BOOL:
                values[name] = bool(raw)
            else:
                values[name] = raw  # type: ignore[assignment]
        return values

    return decode


def _records(connection: sqlite3.Connection, behoerde_id: str | None) -> list[LeistungRecord]:
    """Every OZG-Leistung as the figures see it (what `queries.leistungen` gives, only the
    parts the figures read), in the order of the OZG-IDs."""
    cursor = connection.cursor()
    cursor.row_factory = None
    kommunal: set[str] = set()
    known: dict[str, bool] = {}  # per distinct Typisierung text
    for ozg_id, typ in cursor.execute(
        "SELECT ozg_id, typ FROM leika_leistung WHERE ozg_id IS NOT NULL"
    ):
        if typ not in known:
            known[typ] = is_kommunal(split_codes(typ))
        if known[typ]:
            kommunal.add(ozg_id)
    rows = cursor.execute(
        "SELECT * FROM anbindung WHERE behoerde_id = ? AND NOT deleted", (behoerde_id,)
    )
    names = [column[0] for column in rows.description]
    decode, id_at, ozg_at = _decoder(names), names.index("id"), names.index("ozg_id")
    anbindungen = {row[ozg_at]: row for row in rows}
    courses = status_courses(connection)
    records = []
    for ozg_id, themenfeld in cursor.execute(
        "SELECT o.ozg_id, t.name FROM ozg_leistung o JOIN themenfeld t ON t.id = o.themenfeld_id "
        "JOIN lage l ON l.id = o.lage_id ORDER BY o.ozg_id"
    ):
        row = anbindungen.get(ozg_id)
        course = courses.get(row[id_at]) if row else None
        records.append(
            LeistungRecord(
                ozg_id,
                themenfeld,
                decode(row) if row else {},
                kommunal=ozg_id in kommunal,
                reduced=course or StatusCourse(),
            )
        )
    return records


def figure_inputs(
    connection: sqlite3.Connection, defaults: Defaults, today: dt.date | None = None
) -> Inputs:
    behoerde = local_behoerde(connection)
    records = tuple(_records(connection, behoerde.id if behoerde else None))
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
