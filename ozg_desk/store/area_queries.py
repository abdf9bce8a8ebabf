"""Look-ups in the imported MV areas, so that a Behörde and its Gemeinden are picked, not typed."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

COASTAL_WATERS = "13000999"  # a statistical pseudo area, never a Behörde


@dataclass(frozen=True)
class Area:
    """A Kreis, Amt/amtsfreie Gemeinde or Gemeinde with the Behörde type it suggests."""

    ebene: str
    ars: str
    ags: str | None
    name: str
    kreis_name: str
    verband_typ: str
    suggested_typ: str | None
    gebietsstand: str | None

    @property
    def label(self) -> str:
        kreis = f", {self.kreis_name}" if self.kreis_name and self.kreis_name != self.name else ""
        return f"{self.name}{kreis} (ARS {self.ars})"


def _area(row: sqlite3.Row, suggested: str | None) -> Area:
    return Area(
        row["ebene"],
        row["ars"],
        row["ags"],
        row["name"],
        row["kreis_name"],
        row["verband_typ"],
        suggested,
        row["gebietsstand"],
    )


def has_areas(connection: sqlite3.Connection) -> bool:
    return connection.execute("SELECT 1 FROM gebiet LIMIT 1").fetchone() is not None


def behoerde_candidates(connection: sqlite3.Connection, text: str, limit: int = 100) -> list[Area]:
    """Ämter, amtsfreie Gemeinden, Landkreise and kreisfreie Städte matching name or ARS."""
    words = text.casefold().split()
    city_ars = {
        row[0]
        for row in connection.execute(
            "SELECT k.ars FROM gebiet k JOIN gebiet g ON g.ars = k.ars AND g.ebene = 'gemeinde' "
            "WHERE k.ebene = 'kreis'"
        )
    }
    result: list[Area] = []
    for row in connection.execute(
        "SELECT * FROM gebiet WHERE ebene IN ('kreis', 'gemeindeverband') ORDER BY name, ebene"
    ):
        if row["ars"].startswith(COASTAL_WATERS[:5] + "9999"):
            continue
        if row["ebene"] == "gemeindeverband" and row["ars"] in city_ars:
            continue  # a kreisfreie Stadt is listed once, as such
        haystack = f"{row['name']} {row['ars']} {row['kreis_name']}".casefold()
        if all(word in haystack for word in words):
            result.append(_area(row, _suggested_typ(row, city_ars)))
            if len(result) >= limit:
                break
    return result


def _suggested_typ(row: sqlite3.Row, city_ars: set[str]) -> str | None:
    if row["ebene"] == "kreis":
        return "kreisfreie_stadt" if row["ars"] in city_ars else "landkreis"
    if row["verband_typ"] == "Amt":
        return "amt"
    return "amtsfreie_gemeinde"


def member_gemeinden(connection: sqlite3.Connection, area: Area) -> list[Area]:
    """The Gemeinden an Amt administers; an amtsfreie Gemeinde or Stadt is its own Gemeinde."""
    if area.ebene == "kreis" and area.suggested_typ == "landkreis":
        return []
    rows = connection.execute(
        "SELECT * FROM gebiet WHERE ebene = 'gemeinde' AND substr(ars, 1, 9) = ? ORDER BY name",
        (area.ars[:9],),
    ).fetchall()
    return [_area(row, None) for row in rows]


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
