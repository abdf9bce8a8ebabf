"""Import MV areas (Kreise, Ämter/Gemeindeverbände, Gemeinden) from the Destatis extract.

Keys change when Ämter merge, so every row keeps the Gebietsstand it was imported with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert

from ozg_desk.domain.errors import InvalidKey
from ozg_desk.domain.keys import normalize_ags, normalize_ars
from ozg_desk.importers.catalogue import MAX_RELEASE_ROWS, BadRelease
from ozg_desk.importers.csvfile import BadFile, CsvRow, RowError, duplicates_message, read_csv
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


@dataclass
class ParsedAreas:
    """Checked area rows, ready to be written."""

    rows: list[dict[str, Any]]
    lines: list[int]
    report: AreaReport
    files: list[dict[str, str]]
    gebietsstand: str | None

    def release(self) -> dict[str, Any]:
        """The JSON form the server publishes (the CSV columns of each accepted row)."""
        return {"gebietsstand": self.gebietsstand, "rows": [_as_columns(r) for r in self.rows]}


def parse_areas(path: Path, gebietsstand: str | None = None) -> ParsedAreas:
    """Read and check the file; raise BadFile if it cannot be used at all."""
    file = read_csv(path, AREA_COLUMNS, "Gebiete")
    parsed = _checked(file.rows, path.name, gebietsstand, list(file.errors))
    parsed.files = [{"name": path.name, "sha256": file.sha256}]
    message = _duplicates(parsed)
    if message:
        raise BadFile(path, message)
    return parsed


def parse_areas_release(release: object) -> ParsedAreas:
    """Check an areas release from the server with the same rules as a file."""
    if (
        not isinstance(release, dict)
        or not isinstance(release.get("rows"), list)
        or len(release["rows"]) > MAX_RELEASE_ROWS
    ):
        raise BadRelease("Die Gebietsdaten vom Server haben eine ungültige Form.")
    stand = release.get("gebietsstand")
    rows = [
        CsvRow(
            number,
            {key: str(value) if value is not None else "" for key, value in item.items()}
            if isinstance(item, dict)
            else {},
        )
        for number, item in enumerate(release["rows"], start=1)
    ]
    parsed = _checked(rows, "Server", stand if isinstance(stand, str) else None, [])
    if _duplicates(parsed):
        raise BadRelease("Die Gebietsdaten vom Server enthalten doppelte Schlüssel.")
    if parsed.report.errors:
        first = parsed.report.errors[0]
        raise BadRelease(
            f"Die Gebietsdaten vom Server enthalten ungültige Zeilen "
            f"(z. B. Zeile {first.line}: {first.message})."
        )
    return parsed


def import_areas(
    store: Store, path: Path, gebietsstand: str | None = None
) -> tuple[AreaReport, Changes]:
    """Import `path`; raise BadFile (nothing changed) for a bad file."""
    parsed = parse_areas(path, gebietsstand)
    with store.write() as connection:
        changes = write_areas(connection, parsed)
    return parsed.report, changes


def write_areas(connection: Connection, parsed: ParsedAreas) -> Changes:
    report = parsed.report
    upsert_rows(
        connection, schema.gebiet, parsed.rows, lambda r: (r["ebene"], r["ars"]), report.gebiete
    )
    connection.execute(
        insert(schema.area_import).values(
            imported_at=utc_now(),
            gebietsstand=parsed.gebietsstand,
            files=parsed.files,
            summary=report.as_json(),
        )
    )
    return Changes(areas=bool(report.gebiete.added or report.gebiete.changed))


def _checked(
    rows: Sequence[CsvRow], source: str, gebietsstand: str | None, errors: list[RowError]
) -> ParsedAreas:
    report = AreaReport(errors=errors)
    report.gebiete.rejected = len(errors)
    accepted, lines = [], []
    for row in rows:
        try:
            accepted.append(_area(row.values, gebietsstand))
            lines.append(row.line)
        except (InvalidKey, ValueError, KeyError) as error:
            report.gebiete.rejected += 1
            message = str(error) if not isinstance(error, KeyError) else "Eine Spalte fehlt."
            report.errors.append(RowError(source, row.line, message))
    return ParsedAreas(accepted, lines, report, [], gebietsstand)


def _duplicates(parsed: ParsedAreas) -> str | None:
    lines: dict[str, list[int]] = {}
    for line, row in zip(parsed.lines, parsed.rows, strict=True):
        lines.setdefault(f"{row['ebene']} {row['ars']}", []).append(line)
    return duplicates_message("Gebiete (Ebene und ARS)", lines)


def _as_columns(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "ebene": row["ebene"],
        "ars12": row["ars"],
        "ags8": row["ags"] or "",
        "name": row["name"],
        "kreis_name": row["kreis_name"],
        "verband_name": row["verband_name"],
        "verband_typ": row["verband_typ"],
        "bevoelkerung": "" if row["bevoelkerung"] is None else str(row["bevoelkerung"]),
        "plz": row["plz"] or "",
    }


def _area(values: dict[str, str], gebietsstand: str | None) -> dict[str, Any]:
    if any(len(value) > 300 for value in values.values()):
        raise ValueError("Ein Wert ist unplausibel lang.")
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
