"""catalogue_import: full import of the real catalogue into an empty store. Target ≤ 2 s."""

from __future__ import annotations

import shutil

from benchmarks.common import WORK, Result, median_seconds
from ozg_desk.app.paths import prepare_data_dir
from ozg_desk.app.reference_data import OZG_FILES, reference_dir
from ozg_desk.importers.catalogue import import_catalogue
from ozg_desk.store import open_store

TARGET_SECONDS = 2.0


def run() -> Result:
    reference = reference_dir()
    if reference is None:
        raise RuntimeError("Referenzdaten (resources/reference/) nicht gefunden")
    files = [reference / name for name in OZG_FILES]

    def once() -> None:
        folder = WORK / "catalogue_import"
        shutil.rmtree(folder, ignore_errors=True)
        store, _ = open_store(prepare_data_dir(folder))
        try:
            import_catalogue(store, files)
        finally:
            store.close()

    seconds = median_seconds(once, repeat=5)
    return Result(
        "catalogue_import",
        round(seconds, 3),
        "s",
        TARGET_SECONDS,
        note="557 OZG- und 4.813 LeiKa-Leistungen, inkl. Anlegen der Datenbank",
    )
