"""Suggestions from the imported areas: the usual name of a Behörde and the seat of an Amt."""

from __future__ import annotations

import sqlite3

from ozg_desk.store.area_queries import Area


def suggested_name(area: Area, typ: str) -> str:
    """„Amt Crivitz“, „Landkreis Ludwigslust-Parchim“, „Stadt Dargun“ (from „Dargun, Stadt“)."""
    name = area.name
    if typ == "amt":
        return f"Amt {name}"
    if typ == "landkreis":
        return name if name.startswith("Landkreis") else f"Landkreis {name}"
    if ", " in name:
        # Destatis puts the designation last („Demmin, Hansestadt“); letters put it first.
        place, designation = name.rsplit(", ", 1)
        return f"{designation} {place}"
    return name


def seat_of(connection: sqlite3.Connection, area: Area) -> tuple[str, str | None] | None:
    """Ort and PLZ of the member Gemeinde an area is named after, if there is exactly one."""
    rows = connection.execute(
        "SELECT name, plz FROM gebiet WHERE ebene = 'gemeinde' AND substr(ars, 1, 9) = ?",
        (area.ars[:9],),
    ).fetchall()
    matches = [row for row in rows if row["name"].split(",")[0].strip() == area.name]
    if len(matches) != 1:
        return None
    return area.name, matches[0]["plz"]
