"""Importing the Leistungskatalog and the MV Gebietsdaten from CSV files chosen by the user.

The pieces (file choice, background import, German result text) are used by the setup pages;
`open_catalogue_import` and `open_areas_import` combine them for a menu entry. Importers load
SQLAlchemy, so they are imported inside the worker function, never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ozg_desk.domain.fields import german_int
from ozg_desk.importers.csvfile import RowError
from ozg_desk.store.changes import Changes
from ozg_desk.ui.desk import Desk

if TYPE_CHECKING:
    from ozg_desk.importers.areas import AreaReport
    from ozg_desk.importers.catalogue import CatalogueReport
    from ozg_desk.importers.upsert import KindSummary

CSV_FILTER = "CSV-Dateien (*.csv);;Alle Dateien (*)"
SHOWN_ERRORS = 5
NOTHING_CHANGED = "Es wurde nichts importiert; der Datenbestand ist unverändert."
CatalogueDone = Callable[["CatalogueReport"], None]
AreasDone = Callable[["AreaReport"], None]
Failed = Callable[[str], None]


def _start_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)


def choose_catalogue_files(parent: QWidget | None) -> list[Path]:
    """Ask for ozg_leistungen.csv and leika_leistungen.csv (several files at once)."""
    names, _filter = QFileDialog.getOpenFileNames(
        parent,
        "Katalogdateien wählen (ozg_leistungen.csv und leika_leistungen.csv)",
        _start_folder(),
        CSV_FILTER,
    )
    return [Path(name) for name in names]


def choose_areas_file(parent: QWidget | None) -> Path | None:
    """Ask for mv_gebiete.csv."""
    name, _filter = QFileDialog.getOpenFileName(
        parent, "Gebietsdaten wählen (mv_gebiete.csv)", _start_folder(), CSV_FILTER
    )
    return Path(name) if name else None


def _summary_line(what: str, summary: KindSummary) -> str:
    return (
        f"{what}: {german_int(summary.added)} neu, {german_int(summary.changed)} geändert, "
        f"{german_int(summary.unchanged)} unverändert, {german_int(summary.rejected)} abgelehnt"
    )


def _rejected_lines(errors: Sequence[RowError]) -> list[str]:
    if not errors:
        return []
    lines = [f"Abgelehnte Zeilen ({german_int(len(errors))}):"]
    lines += [f"• {e.file}, Zeile {e.line}: {e.message}" for e in errors[:SHOWN_ERRORS]]
    if len(errors) > SHOWN_ERRORS:
        lines.append(f"… und {german_int(len(errors) - SHOWN_ERRORS)} weitere")
    return lines


def catalogue_report_text(report: CatalogueReport) -> str:
    lines = [
        _summary_line("OZG-Leistungen", report.ozg_leistungen),
        _summary_line("LeiKa-Leistungen", report.leika_leistungen),
    ]
    return "\n".join(lines + _rejected_lines(report.errors))


def areas_report_text(report: AreaReport) -> str:
    return "\n".join([_summary_line("Gebiete", report.gebiete), *_rejected_lines(report.errors)])


def _failure_handler(desk: Desk, on_error: Failed) -> Callable[[BaseException], None]:
    def failed(error: BaseException) -> None:
        message = desk.explain(error)
        on_error(message)

    return failed


def _announce(desk: Desk, changes: Changes) -> None:
    # Imports are not undoable edits, but views must still refresh.
    if changes:
        desk.changed.emit(changes)


def import_catalogue_files(
    desk: Desk, paths: Sequence[Path], stand: str | None, on_done: CatalogueDone, on_error: Failed
) -> None:
    """Import the catalogue files in the background; report back on the GUI thread."""
    store, files = desk.session.store, list(paths)

    def work() -> tuple[CatalogueReport, Changes]:
        from ozg_desk.importers.catalogue import import_catalogue  # noqa: PLC0415

        return import_catalogue(store, files, stand or None)

    def done(result: tuple[CatalogueReport, Changes]) -> None:
        _announce(desk, result[1])
        on_done(result[0])

    desk.run_background(
        work, done, "Leistungskatalog wird importiert …", _failure_handler(desk, on_error)
    )


def import_areas_file(
    desk: Desk,
    path: Path,
    on_done: AreasDone,
    on_error: Failed,
    gebietsstand: str | None = None,
) -> None:
    """Import the area file in the background; report back on the GUI thread."""
    store = desk.session.store

    def work() -> tuple[AreaReport, Changes]:
        from ozg_desk.importers.areas import import_areas  # noqa: PLC0415

        return import_areas(store, path, gebietsstand or None)

    def done(result: tuple[AreaReport, Changes]) -> None:
        _announce(desk, result[1])
        on_done(result[0])

    desk.run_background(
        work, done, "Gebietsdaten werden importiert …", _failure_handler(desk, on_error)
    )


def show_message(parent: QWidget | None, title: str, text: str, *, ok: bool) -> QMessageBox:
    """A non-blocking message box (the GUI keeps running while it is open)."""
    icon = QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def open_catalogue_import(
    parent: QWidget | None, desk: Desk, on_done: CatalogueDone | None = None
) -> None:
    """Menu entry „Leistungskatalog importieren …“: choose files, import, show the result."""
    paths = choose_catalogue_files(parent)
    if not paths:
        return

    def done(report: CatalogueReport) -> None:
        show_message(parent, "Leistungskatalog importiert", catalogue_report_text(report), ok=True)
        if on_done is not None:
            on_done(report)

    def failed(message: str) -> None:
        show_message(parent, "Import abgelehnt", f"{message}\n\n{NOTHING_CHANGED}", ok=False)

    import_catalogue_files(desk, paths, None, done, failed)


def open_areas_import(parent: QWidget | None, desk: Desk, on_done: AreasDone | None = None) -> None:
    """Menu entry „Gebietsdaten importieren …“: choose the file, import, show the result."""
    path = choose_areas_file(parent)
    if path is None:
        return

    def done(report: AreaReport) -> None:
        show_message(parent, "Gebietsdaten importiert", areas_report_text(report), ok=True)
        if on_done is not None:
            on_done(report)

    def failed(message: str) -> None:
        show_message(parent, "Import abgelehnt", f"{message}\n\n{NOTHING_CHANGED}", ok=False)

    import_areas_file(desk, path, done, failed)
