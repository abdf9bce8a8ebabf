"""Import the OZG catalogue (OZG-Leistungen and LeiKa-Leistungen) from the KDN CSV formats or
from a catalogue release of the central server.

All input is read and checked before the database is touched; the write is one transaction, so
a bad file leaves the store exactly as it was. Re-importing the same files changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select

from ozg_desk.app.errors import KnownError
from ozg_desk.domain.errors import InvalidKey
from ozg_desk.importers.catalogue_rows import (
    RowRefused,
    as_csv_columns,
    leika_key,
    leika_row,
    ozg_row,
)
from ozg_desk.importers.csvfile import (
    BadFile,
    CsvRow,
    RowError,
    duplicates_message,
    read_csv,
    read_header,
)
from ozg_desk.importers.upsert import KindSummary, upsert_rows
from ozg_desk.store import meta, schema
from ozg_desk.store.changes import Changes
from ozg_desk.store.database import Store, utc_now

OZG_COLUMNS = ("ozg_id", "ozg_leistung", "lebenslage", "themenfeld")
LEIKA_COLUMNS = ("leika_schluessel", "bezeichnung", "leika_typ", "ozg_id")
Progress = Callable[[str], None]


@dataclass
class CatalogueReport:
    """The outcome of a catalogue import, per kind, with the rejected rows."""

    ozg_leistungen: KindSummary = field(default_factory=KindSummary)
    leika_leistungen: KindSummary = field(default_factory=KindSummary)
    errors: list[RowError] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "ozg_leistungen": self.ozg_leistungen.as_json(),
            "leika_leistungen": self.leika_leistungen.as_json(),
            "errors": [error.as_json() for error in self.errors],
        }


def classify_file(path: Path) -> str:
    """`ozg` or `leika` by the header; BadFile naming the missing columns otherwise."""
    columns = set(read_header(path))
    ozg_score = len(columns & set(OZG_COLUMNS)) + ("ozg_leistung" in columns)
    leika_score = len(columns & set(LEIKA_COLUMNS)) + 2 * ("leika_schluessel" in columns)
    if max(ozg_score, leika_score) <= 1:
        raise BadFile(
            path,
            "Die Spalten passen weder zu OZG-Leistungen (" + ", ".join(OZG_COLUMNS) + ") noch zu "
            "LeiKa-Leistungen ("
            + ", ".join(LEIKA_COLUMNS)
            + "). Gefunden: "
            + (", ".join(sorted(columns)) or "keine")
            + ".",
        )
    return "leika" if leika_score > ozg_score else "ozg"


MAX_RELEASE_ROWS = 50_000


class BadRelease(KnownError):
    """A catalogue release from the server is malformed; nothing was changed."""


@dataclass(frozen=True)
class SourceRow:
    """A canonical row and where it came from (for rejection messages)."""

    source: str
    line: int
    values: dict[str, Any]


@dataclass
class ParsedCatalogue:
    """Checked rows, ready to be written, with the rejections so far."""

    ozg: list[SourceRow] = field(default_factory=list)
    leika: list[SourceRow] = field(default_factory=list)
    report: CatalogueReport = field(default_factory=CatalogueReport)
    files: list[dict[str, str]] = field(default_factory=list)

    def release(self, stand: str | None) -> dict[str, Any]:
        """The JSON form the server publishes."""
        return {
            "stand": stand,
            "ozg": [row.values for row in self.ozg],
            "leika": [row.values for row in self.leika],
        }


def parse_catalogue(paths: Sequence[Path], progress: Progress | None = None) -> ParsedCatalogue:
    """Read and check CSV files; raise BadFile for a file that cannot be used at all."""
    report_progress = progress or (lambda _message: None)
    parsed = ParsedCatalogue()
    for path in paths:
        report_progress(f"Lese {path.name} …")
        kind = classify_file(path)
        columns = OZG_COLUMNS if kind == "ozg" else LEIKA_COLUMNS
        file = read_csv(path, columns, "OZG-Leistungen" if kind == "ozg" else "LeiKa-Leistungen")
        summary = parsed.report.ozg_leistungen if kind == "ozg" else parsed.report.leika_leistungen
        parsed.report.errors += file.errors
        summary.rejected += len(file.errors)
        rows = _checked(file.rows, path.name, kind, parsed.report)
        message = _duplicates(rows, kind)
        if message:
            raise BadFile(path, message)
        (parsed.ozg if kind == "ozg" else parsed.leika).extend(rows)
        parsed.files.append({"name": path.name, "sha256": file.sha256})
    return parsed


def parse_release(release: object) -> ParsedCatalogue:
    """Check a release received from the server with the same rules as a file."""
    if (
        not isinstance(release, dict)
        or not isinstance(release.get("ozg"), list)
        or not isinstance(release.get("leika"), list)
    ):
        raise BadRelease("Der Leistungskatalog vom Server hat eine ungültige Form.")
    if len(release["ozg"]) + len(release["leika"]) > MAX_RELEASE_ROWS:
        raise BadRelease("Der Leistungskatalog vom Server ist unplausibel groß.")
    parsed = ParsedCatalogue()
    for kind in ("ozg", "leika"):
        rows = [
            CsvRow(number, as_csv_columns(**{kind: item}) if isinstance(item, dict) else {})
            for number, item in enumerate(release[kind], start=1)
        ]
        checked = _checked(rows, "Server", kind, parsed.report)
        if _duplicates(checked, kind):
            raise BadRelease("Der Leistungskatalog vom Server enthält doppelte Schlüssel.")
        (parsed.ozg if kind == "ozg" else parsed.leika).extend(checked)
    if parsed.report.errors:
        # The Land publishes a checked release; a rejected row means it was damaged on the way.
        first = parsed.report.errors[0]
        raise BadRelease(
            f"Der Leistungskatalog vom Server enthält ungültige Zeilen "
            f"(z. B. Zeile {first.line}: {first.message})."
        )
    return parsed


def import_catalogue(
    store: Store,
    paths: Sequence[Path],
    stand: str | None = None,
    progress: Progress | None = None,
    source: str = meta.CATALOGUE_FILE,
) -> tuple[CatalogueReport, Changes]:
    """Read, check and import the files; raise BadFile (nothing changed) for a bad file.
    `source` records where the catalogue came from (a user's files, or the shipped ones)."""
    parsed = parse_catalogue(paths, progress)
    (progress or (lambda _message: None))("Schreibe den Katalog …")
    with store.write() as connection:
        changes = write_catalogue(connection, parsed, stand)
        meta.put(connection, meta.CATALOGUE_SOURCE, source)
    return parsed.report, changes


def write_catalogue(connection: Connection, parsed: ParsedCatalogue, stand: str | None) -> Changes:
    """Bring the catalogue tables in line with `parsed` (rows missing from it are kept)."""
    report = parsed.report
    _write_ozg(connection, parsed.ozg, report)
    _write_leika(connection, parsed.leika, report)
    report.errors.sort(key=lambda error: (error.file, error.line))
    connection.execute(
        insert(schema.catalogue_import).values(
            imported_at=utc_now(), stand=stand, files=parsed.files, summary=report.as_json()
        )
    )
    changed = any(s.added or s.changed for s in (report.ozg_leistungen, report.leika_leistungen))
    return Changes(catalogue=changed)


def _checked(
    rows: Iterable[CsvRow], source: str, kind: str, report: CatalogueReport
) -> list[SourceRow]:
    make = ozg_row if kind == "ozg" else leika_row
    summary = report.ozg_leistungen if kind == "ozg" else report.leika_leistungen
    checked = []
    for row in rows:
        try:
            checked.append(SourceRow(source, row.line, make(row.values)))
        except (InvalidKey, RowRefused) as error:
            summary.rejected += 1
            report.errors.append(RowError(source, row.line, str(error)))
    return checked


def _duplicates(rows: Sequence[SourceRow], kind: str) -> str | None:
    lines: dict[Hashable, list[int]] = {}
    for row in rows:
        key = row.values["ozg_id"] if kind == "ozg" else leika_key(row.values)
        lines.setdefault(key, []).append(row.line)
    label = "OZG-IDs" if kind == "ozg" else "LeiKa-Schlüssel"
    return duplicates_message(label, {str(key): found for key, found in lines.items()})


def _name_ids(connection: Connection, table: Any, names: set[str]) -> dict[str, int]:
    known = {row.name: row.id for row in connection.execute(select(table))}
    new = sorted(names - known.keys())
    if new:
        connection.execute(insert(table), [{"name": name} for name in new])
        known = {row.name: row.id for row in connection.execute(select(table))}
    return known


def _write_ozg(connection: Connection, rows: Sequence[SourceRow], report: CatalogueReport) -> None:
    themen = _name_ids(connection, schema.themenfeld, {row.values["themenfeld"] for row in rows})
    lagen = _name_ids(connection, schema.lage, {row.values["lage"] for row in rows})
    records = [
        {
            "ozg_id": row.values["ozg_id"],
            "name": row.values["name"],
            "themenfeld_id": themen[row.values["themenfeld"]],
            "lage_id": lagen[row.values["lage"]],
            "anzahl_leika": row.values["anzahl_leika"],
        }
        for row in rows
    ]
    upsert_rows(
        connection, schema.ozg_leistung, records, lambda r: r["ozg_id"], report.ozg_leistungen
    )


def _write_leika(
    connection: Connection, rows: Sequence[SourceRow], report: CatalogueReport
) -> None:
    known_ozg = set(connection.execute(select(schema.ozg_leistung.c.ozg_id)).scalars())
    accepted = []
    for row in rows:
        ozg_id = row.values["ozg_id"]
        if ozg_id is not None and ozg_id not in known_ozg:
            report.leika_leistungen.rejected += 1
            report.errors.append(
                RowError(row.source, row.line, f"Die OZG-ID {ozg_id} ist nicht im Katalog.")
            )
            continue
        accepted.append(row.values)
    upsert_rows(connection, schema.leika_leistung, accepted, leika_key, report.leika_leistungen)
