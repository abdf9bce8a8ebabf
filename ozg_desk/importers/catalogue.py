"""Import the OZG catalogue (OZG-Leistungen and LeiKa-Leistungen) from the KDN CSV formats.

All files are read and checked before the database is touched; the write is one transaction, so
a bad file leaves the store exactly as it was. Re-importing the same files changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select

from ozg_desk.domain.catalogue import parse_typisierung
from ozg_desk.domain.errors import InvalidKey
from ozg_desk.domain.keys import normalize_leika_key, normalize_ozg_id
from ozg_desk.importers.csvfile import (
    BadFile,
    CsvFile,
    RowError,
    duplicates_message,
    read_csv,
    read_header,
)
from ozg_desk.importers.upsert import KindSummary, upsert_rows
from ozg_desk.store import schema
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


def import_catalogue(
    store: Store,
    paths: Sequence[Path],
    stand: str | None = None,
    progress: Progress | None = None,
) -> tuple[CatalogueReport, Changes]:
    """Read, check and import the files; raise BadFile (nothing changed) for a bad file."""
    report_progress = progress or (lambda _message: None)
    report = CatalogueReport()
    files: dict[str, list[CsvFile]] = {"ozg": [], "leika": []}
    for path in paths:
        report_progress(f"Lese {path.name} …")
        kind = classify_file(path)
        columns = OZG_COLUMNS if kind == "ozg" else LEIKA_COLUMNS
        what = "OZG-Leistungen" if kind == "ozg" else "LeiKa-Leistungen"
        files[kind].append(read_csv(path, columns, what))
    ozg_rows = _ozg_rows(files["ozg"], report)
    leika_rows = _leika_rows(files["leika"], report)
    report_progress("Schreibe den Katalog …")
    with store.write() as connection:
        _write_ozg(connection, ozg_rows, report)
        _write_leika(connection, leika_rows, report)
        report.errors.sort(key=lambda error: (error.file, error.line))
        connection.execute(
            insert(schema.catalogue_import).values(
                imported_at=utc_now(),
                stand=stand,
                files=[
                    {"name": f.path.name, "sha256": f.sha256}
                    for kind in files.values()
                    for f in kind
                ],
                summary=report.as_json(),
            )
        )
    changed = any(s.added or s.changed for s in (report.ozg_leistungen, report.leika_leistungen))
    return report, Changes(catalogue=changed)


def _check_duplicates(file: CsvFile, key_label: str, keys: Mapping[Hashable, list[int]]) -> None:
    message = duplicates_message(key_label, {str(key): lines for key, lines in keys.items()})
    if message:
        raise BadFile(file.path, message)


def _ozg_rows(
    files: Sequence[CsvFile], report: CatalogueReport
) -> list[tuple[int, dict[str, Any]]]:
    rows: list[tuple[int, dict[str, Any]]] = []
    for file in files:
        lines: dict[Hashable, list[int]] = {}
        report.errors += file.errors
        report.ozg_leistungen.rejected += len(file.errors)
        for row in file.rows:
            values = row.values
            try:
                ozg_id = normalize_ozg_id(values["ozg_id"])
            except InvalidKey as error:
                _reject(report, report.ozg_leistungen, file, row.line, str(error))
                continue
            missing = [
                name for name in ("ozg_leistung", "themenfeld", "lebenslage") if not values[name]
            ]
            if missing:
                _reject(
                    report,
                    report.ozg_leistungen,
                    file,
                    row.line,
                    f"OZG-ID {ozg_id}: leer ist {', '.join(missing)}.",
                )
                continue
            anzahl = values.get("anzahl_leika", "")
            lines.setdefault(ozg_id, []).append(row.line)
            rows.append(
                (
                    row.line,
                    {
                        "ozg_id": ozg_id,
                        "name": values["ozg_leistung"],
                        "themenfeld": values["themenfeld"],
                        "lage": values["lebenslage"],
                        "anzahl_leika": int(anzahl) if anzahl.isdigit() else None,
                    },
                )
            )
        _check_duplicates(file, "OZG-IDs", lines)
    return rows


def _leika_rows(
    files: Sequence[CsvFile], report: CatalogueReport
) -> list[tuple[CsvFile, int, dict[str, Any]]]:
    rows: list[tuple[CsvFile, int, dict[str, Any]]] = []
    for file in files:
        lines: dict[Hashable, list[int]] = {}
        report.errors += file.errors
        report.leika_leistungen.rejected += len(file.errors)
        for row in file.rows:
            values = row.values
            try:
                key = normalize_leika_key(values["leika_schluessel"])
                ozg_id = normalize_ozg_id(values["ozg_id"]) if values["ozg_id"] else None
            except InvalidKey as error:
                _reject(report, report.leika_leistungen, file, row.line, str(error))
                continue
            if not values["bezeichnung"]:
                _reject(report, report.leika_leistungen, file, row.line, "Die Bezeichnung fehlt.")
                continue
            typisierung = parse_typisierung(values["leika_typ"])
            record = {
                "schluessel": key,
                "name": values["bezeichnung"],
                "typ_raw": typisierung.raw,
                "typ": typisierung.normalized,
                "ozg_id": ozg_id,
                "rechtsgrundlage": values.get("rechtsgrundlage_kurz", ""),
            }
            lines.setdefault(_leika_key(record), []).append(row.line)
            rows.append((file, row.line, record))
        _check_duplicates(file, "LeiKa-Schlüssel", lines)
    return rows


def _leika_key(row: Mapping[str, Any]) -> Hashable:
    """A LeiKa-Leistung is its key; one without key is its name within its OZG-Leistung."""
    return row["schluessel"] or (row["ozg_id"], row["name"])


def _reject(
    report: CatalogueReport, summary: KindSummary, file: CsvFile, line: int, message: str
) -> None:
    summary.rejected += 1
    report.errors.append(RowError(file.path.name, line, message))


def _name_ids(connection: Connection, table: Any, names: set[str]) -> dict[str, int]:
    known = {row.name: row.id for row in connection.execute(select(table))}
    new = sorted(names - known.keys())
    if new:
        connection.execute(insert(table), [{"name": name} for name in new])
        known = {row.name: row.id for row in connection.execute(select(table))}
    return known


def _write_ozg(
    connection: Connection, rows: Sequence[tuple[int, dict[str, Any]]], report: CatalogueReport
) -> None:
    themen = _name_ids(connection, schema.themenfeld, {row["themenfeld"] for _, row in rows})
    lagen = _name_ids(connection, schema.lage, {row["lage"] for _, row in rows})
    records = [
        {
            "ozg_id": row["ozg_id"],
            "name": row["name"],
            "themenfeld_id": themen[row["themenfeld"]],
            "lage_id": lagen[row["lage"]],
            "anzahl_leika": row["anzahl_leika"],
        }
        for _, row in rows
    ]
    upsert_rows(
        connection, schema.ozg_leistung, records, lambda r: r["ozg_id"], report.ozg_leistungen
    )


def _write_leika(
    connection: Connection,
    rows: Sequence[tuple[CsvFile, int, dict[str, Any]]],
    report: CatalogueReport,
) -> None:
    known_ozg = set(connection.execute(select(schema.ozg_leistung.c.ozg_id)).scalars())
    accepted = []
    for file, line, row in rows:
        if row["ozg_id"] is not None and row["ozg_id"] not in known_ozg:
            _reject(
                report,
                report.leika_leistungen,
                file,
                line,
                f"Die OZG-ID {row['ozg_id']} ist nicht im Katalog.",
            )
            continue
        accepted.append(row)
    upsert_rows(connection, schema.leika_leistung, accepted, _leika_key, report.leika_leistungen)
