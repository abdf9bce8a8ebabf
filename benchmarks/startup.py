"""startup: `ozg-desk --smoke-test` on a full store against a bare PySide6 window. Ratio ≤ 3."""

from __future__ import annotations

import shutil

from benchmarks.common import WORK, Result, median_seconds, run_python
from ozg_desk.app.paths import prepare_data_dir
from ozg_desk.app.reference_data import OZG_FILES, reference_dir
from ozg_desk.importers.catalogue import import_catalogue
from ozg_desk.store import open_store
from ozg_desk.store.repository import Repository

TARGET_RATIO = 3.0
REPEAT = 7
BARE_WINDOW = (
    "from PySide6.QtWidgets import QApplication, QMainWindow, QLabel\n"
    "app = QApplication([])\n"
    "window = QMainWindow()\n"
    "window.setCentralWidget(QLabel('OZG-Desk'))\n"
    "window.resize(1280, 800)\n"
    "window.show()\n"
    "app.processEvents()\n"
    "window.grab()\n"
)


def prepare_full_store() -> str:
    """The full catalogue, a Behörde and one Anbindung per OZG-Leistung (built once)."""
    folder = WORK / "startup"
    marker = folder / "ready"
    if marker.exists():
        return str(folder)
    reference = reference_dir()
    if reference is None:
        raise RuntimeError("Referenzdaten (resources/reference/) nicht gefunden")
    shutil.rmtree(folder, ignore_errors=True)
    store, _ = open_store(prepare_data_dir(folder))
    try:
        import_catalogue(store, [reference / name for name in OZG_FILES])
        repository = Repository(store, "Benchmark")
        repository.save_behoerde({"ars": "130765668000", "typ": "amt", "name": "Amt Crivitz"})
        with store.read() as connection:
            ids = [row[0] for row in connection.execute("SELECT ozg_id FROM ozg_leistung")]
        for ozg_id in ids:
            repository.create_anbindung(ozg_id)
    finally:
        store.close()
    marker.write_text("ok")
    return str(folder)


def run() -> Result:
    data_dir = prepare_full_store()
    app = median_seconds(
        lambda: run_python(["-m", "ozg_desk", "--data-dir", data_dir, "--smoke-test"]), REPEAT
    )
    bare = median_seconds(lambda: run_python(["-c", BARE_WINDOW]), REPEAT)
    return Result(
        "startup",
        round(app, 3),
        "s",
        None,
        baseline=round(bare, 3),
        ratio=round(app / bare, 2),
        ratio_target=TARGET_RATIO,
        note="557 OZG-Leistungen mit je einer Anbindung; Median aus 7 Starts",
    )
