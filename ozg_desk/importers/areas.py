"""Import MV areas (Kreise, Ämter/Gemeindeverbände, Gemeinden) from the Destatis extract.

Keys change when Ämter merge, so every row keeps the Gebietsstand it was imported with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from ozg_desk.domain.errors import InvalidKey
from ozg_desk.domain.keys import normalize_ags, normalize_ars
from ozg_desk.importers.csvfile import BadFile, RowError, duplicates_message, read_csv
from ozg_desk.importers.upsert import KindSummary, upsert_rows
from ozg_desk.store import schema
from ozg_desk.store.changes import Changes
from ozg_desk.store.database import Store, utc_now

AREA_COLUMNS = ("ebene", "ars12", "ags8", "name", "kreis_name", "verband_name", "verband_typ")
LEVELS = ("kreis", "gemeindeverband", "gemeinde")


@dataclass
class AreaReport:
    """The outcome of an area import."""

    gebiete: KindSummary = field(default_factory=KindSummary)
    errors: list[RowError] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"gebiete": self.gebiete.as_json(), "errors": [e.as_json() for e in self.errors]}


def import_areas(
    store: Store, path: Path, gebietsstand: str | None = None
) -> tuple[AreaReport, Changes]:
    """Import `path`; raise BadFile (nothing changed) for a bad file."""
    file = read_csv(path, AREA_COLUMNS, "Gebiete")
    report = AreaReport(errors=list(file.errors))
    report.gebiete.rejected = len(file.errors)
    rows: list[dict[str, Any]] = []
    lines: dict[str, list[int]] = {}
    for row in file.rows:
        try:
            record = _area(row.values, gebietsstand)
        except (InvalidKey, ValueError) as error:
            report.gebiete.rejected += 1
            report.errors.append(RowError(path.name, row.line, str(error)))
            continue
        lines.setdefault(f"{record['ebene']} {record['ars']}", []).append(row.line)
        rows.append(record)
    message = duplicates_message("Gebiete (Ebene und ARS)", lines)
    if message:
        raise BadFile(path, message)
    with store.write() as connection:
        upsert_rows(
            connection, schema.gebiet, rows, lambda r: (r["ebene"], r["ars"]), report.gebiete
        )
        connection.execute(
            insert(schema.area_import).values(
                imported_at=utc_now(),
                gebietsstand=gebietsstand,
                files=[{"name": path.name, "sha256": file.sha256}],
                summary=report.as_json(),
            )
        )
    changed = bool(report.gebiete.added or report.gebiete.changed)
    return report, Changes(areas=changed)


def _area(values: dict[str, str], gebietsstand: str | None) -> dict[str, Any]:
    level = values["ebene"].lower()
    if level not in LEVELS:
        raise ValueError(f"Unbekannte Ebene „{values['ebene']}“ (erwartet: {', '.join(LEVELS)}).")
    if not values["name"]:
        raise ValueError("Der Name fehlt.")
    population = values.get("bevoelkerung", "")
    plz = values.get("plz", "")
    if population and not population.isdigit():
        raise ValueError(f"Die Bevölkerungszahl „{population}“ ist keine Zahl.")
    if plz and not (len(plz) == 5 and plz.isdigit()):
        raise ValueError(f"„{plz}“ ist keine Postleitzahl.")
    return {
        "ebene": level,
        "ars": normalize_ars(values["ars12"], mv_only=False),
        "ags": normalize_ags(values["ags8"]) if values["ags8"] else None,
        "name": values["name"],
        "kreis_name": values["kreis_name"],
        "verband_name": values["verband_name"],
        "verband_typ": values["verband_typ"],
        "bevoelkerung": int(population) if population else None,
        "plz": plz or None,
        "gebietsstand": gebietsstand,
    }
