"""Bring the shipped reference data into a store that has none yet: the MV areas for choosing
the Behörde, the OZG catalogue for tracking services (a file the user picks, or the Land's
catalogue at the next sync, replaces it)."""

from __future__ import annotations

from ozg_desk.app.reference_data import AREAS_FILE, OZG_FILES, shipped_dir, sources
from ozg_desk.importers.areas import import_areas
from ozg_desk.importers.catalogue import Progress, import_catalogue
from ozg_desk.store import meta
from ozg_desk.store.changes import Changes
from ozg_desk.store.database import Store


def import_shipped(store: Store, progress: Progress | None = None) -> Changes:
    """Import what is missing; data already in the store (imported, or from the Land) stays."""
    report = progress or (lambda _message: None)
    with store.read() as connection:
        has_areas = connection.execute("SELECT 1 FROM gebiet LIMIT 1").fetchone() is not None
        has_catalogue = connection.execute("SELECT 1 FROM ozg_leistung LIMIT 1").fetchone()
    folder, known = shipped_dir(), sources()
    changes = Changes()
    if not has_areas:
        report("Richte die Gebiete Mecklenburg-Vorpommerns ein …")
        _, done = import_areas(store, folder / AREAS_FILE, known["gebiete"].stand)
        changes = changes.merged(done)
    if has_catalogue is None:
        report("Richte den Leistungskatalog ein …")
        files = [folder / name for name in OZG_FILES]
        stand = known["katalog"].stand
        _, done = import_catalogue(store, files, stand, report, source=meta.CATALOGUE_SHIPPED)
        changes = changes.merged(done)
    return changes
