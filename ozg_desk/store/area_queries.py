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


def official_name(name: str, typ: str | None) -> str:
    """„Amt Crivitz“, „Landkreis Ludwigslust-Parchim“, „Stadt Parchim“ (from „Parchim, Stadt“):
    the name as the Behörde writes it on its letters."""
    if typ == "amt":
        return f"Amt {name}"
    if typ == "landkreis":
        return name if name.startswith("Landkreis") else f"Landkreis {name}"
    if ", " in name:
        # Destatis puts the designation last („Demmin, Hansestadt“); letters put it first.
        place, designation = name.rsplit(", ", 1)
        return f"{designation} {place}"
    return f"Stadt {name}" if typ == "kreisfreie_stadt" else name


# A kreisfreie Stadt's designation is not in the data („Rostock“), but people type it.
_CITY_WORDS = "stadt hansestadt landeshauptstadt universitätsstadt"


def behoerde_candidates(connection: sqlite3.Connection, text: str, limit: int = 100) -> list[Area]:
    """Ämter, amtsfreie Gemeinden, Landkreise and kreisfreie Städte where every word matches
    the name (as Destatis lists it or as the Behörde writes it: „Amt Crivitz“) or the ARS;
    after them those that match with their Kreis, then with a member Gemeinde („Banzkow“)."""
    words = text.casefold().replace(",", " ").split()
    city_ars = {
        row[0]
        for row in connection.execute(
            "SELECT k.ars FROM gebiet k JOIN gebiet g ON g.ars = k.ars AND g.ebene = 'gemeinde' "
            "WHERE k.ebene = 'kreis'"
        )
    }
    members: dict[str, list[str]] = {}
    for ars, name in connection.execute("SELECT ars, name FROM gebiet WHERE ebene = 'gemeinde'"):
        members.setdefault(ars[:9], []).append(name)
    tiers: tuple[list[Area], list[Area], list[Area]] = ([], [], [])
    for row in connection.execute(
        "SELECT * FROM gebiet WHERE ebene IN ('kreis', 'gemeindeverband') ORDER BY name, ebene"
    ):
        if row["ars"].startswith(COASTAL_WATERS[:5] + "9999"):
            continue
        if row["ebene"] == "gemeindeverband" and row["ars"] in city_ars:
            continue  # a kreisfreie Stadt is listed once, as such
        typ = _suggested_typ(row, city_ars)
        own = f"{row['name']} {official_name(row['name'], typ)} {row['ars']}"
        if typ == "kreisfreie_stadt":
            own += " " + _CITY_WORDS
        kreis = row["kreis_name"]
        texts = (
            own,
            f"{own} {kreis} {official_name(kreis, 'landkreis')}" if kreis else own,
            " ".join([own, kreis, *members.get(row["ars"][:9], [])])
            if row["ebene"] == "gemeindeverband"
            else "",
        )
        for tier, haystack in zip(tiers, texts, strict=True):
            if all(word in haystack.casefold().replace(",", " ") for word in words):
                tier.append(_area(row, typ))
                break
        if len(tiers[0]) >= limit:
            break
    return [*tiers[0], *tiers[1], *tiers[2]][:limit]


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
