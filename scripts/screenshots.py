"""Render the main views with the demo data offscreen to docs/screenshots/*.png."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtWidgets import QApplication, QDialog, QWidget

from ozg_desk.app.paths import prepare_data_dir
from ozg_desk.app.session import Session, load_snapshot, open_session
from ozg_desk.ui.app import create_application
from ozg_desk.ui.main_window import MainWindow
from ozg_desk.ui.tasks import TaskManager

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def wait(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("UI did not settle")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(tasks: TaskManager) -> None:
    wait(lambda: tasks.pending() == 0)
    for _ in range(5):
        QApplication.processEvents()


def save(widget: QWidget, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(OUT / f"{name}.png"))
    print(OUT / f"{name}.png")


def main() -> int:
    app = create_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        data_dir = prepare_data_dir(Path(folder))
        session = open_session(data_dir, demo=True)
        tasks = TaskManager()
        window = MainWindow(tasks)
        window.show()
        window.show_session(session, load_snapshot(session.store))
        settle(tasks)
        save(window, "01-uebersicht")
        window.show_page(1)
        page = window.leistungen
        page.filter_bar.apply(page.filter_bar.current())
        page.select_ozg_id("10235")
        settle(tasks)
        save(window, "02-leistungen-status")
        page.editor.tabs.setCurrentIndex(2)
        save(window, "03-checkliste")
        page.editor.tabs.setCurrentIndex(3)
        save(window, "04-historie")
        page.editor.tabs.setCurrentIndex(1)
        page.select_ozg_id("10124")
        settle(tasks)
        save(window, "05-empfangskanal")
        page.filter_bar.search.setText("hundest")
        settle(tasks)
        page.select_ozg_id("10160")
        settle(tasks)
        page.editor.tabs.setCurrentIndex(1)
        save(window, "06-suche-leika")
        _dialogs(window, tasks)
        _documents(window, session, tasks)
        window.close()
        tasks.wait()
        session.close()
    _wizard(tasks)
    del app
    return 0


def _dialogs(window: MainWindow, tasks: TaskManager) -> None:
    """The bulk edit preview and the Behörde dialog."""
    from ozg_desk.domain.lifecycle import DEFAULT_WORKFLOW  # noqa: PLC0415
    from ozg_desk.ui.leistungen.bulk_dialog import BulkEditDialog  # noqa: PLC0415
    from ozg_desk.ui.setup.behoerde_dialog import BehoerdeDialog  # noqa: PLC0415

    page = window.leistungen
    page.filter_bar.search.clear()
    page.table.selectAll()
    assert window.desk is not None
    rows = page.selected_rows()[:12]
    dialog = BulkEditDialog(window.desk, rows, DEFAULT_WORKFLOW, [], window)
    dialog.status.setCurrentIndex(dialog.status.findData("geplant"))
    dialog.set_date.setChecked(True)
    dialog.date.set_value("2026-09-30")
    dialog.refresh()
    dialog.show()
    QApplication.processEvents()
    save(dialog, "07-sammelbearbeitung")
    dialog.done(QDialog.DialogCode.Rejected)
    behoerde = BehoerdeDialog(window.desk, window)
    behoerde.show()
    settle(tasks)
    save(behoerde, "08-behoerde")
    behoerde.tabs.setCurrentWidget(behoerde.contacts)
    QApplication.processEvents()
    save(behoerde, "08-behoerde-ansprechpartner")
    behoerde.done(QDialog.DialogCode.Rejected)
    from ozg_desk.ui.documents.templates import TemplatesDialog  # noqa: PLC0415

    templates = TemplatesDialog(window.desk, window)
    templates.show()
    settle(tasks)
    save(templates, "10-vorlagen")
    templates.done(QDialog.DialogCode.Rejected)


def _documents(window: MainWindow, session: Session, tasks: TaskManager) -> None:
    """The register with a few papers in different states and the preview of one."""
    import datetime as dt  # noqa: PLC0415

    from ozg_desk.documents import service  # noqa: PLC0415
    from ozg_desk.store.register import advance_document  # noqa: PLC0415

    made = [
        service.generate(session, "antrag_anbindung", ["10124", "10160", "10237", "10235"]),
        service.generate(session, "avv", ["10124", "10160"]),
        service.generate(session, "golive_bestaetigung", ["10124"]),
    ]
    today = dt.datetime.now().astimezone().date()
    advance_document(session.repository, made[0].nummer, "unterschrieben", today)
    advance_document(session.repository, made[1].nummer, "gedruckt", today)
    window.show_page(2)
    window.documents.refresh()
    settle(tasks)
    window.documents.select_entry(made[0].changes.created[0].entity_id)
    wait(lambda: window.documents.preview.page_count() > 0)
    settle(tasks)
    save(window, "09-dokumente")
    from ozg_desk.ui.documents.new import NewDocumentDialog  # noqa: PLC0415

    assert window.desk is not None
    dialog = NewDocumentDialog(window.desk, ["10124", "10160"], window)
    dialog.show()
    settle(tasks)
    dialog.select_type("antrag_anbindung")
    QApplication.processEvents()
    save(dialog, "11-neues-dokument")
    dialog.done(QDialog.DialogCode.Rejected)


def _wizard(tasks: TaskManager) -> None:
    """Every page of the set-up wizard on an empty data directory, filled as a new user would:
    "Amt Crivitz" found by its official name, the shipped catalogue."""
    from ozg_desk.ui.desk import Desk  # noqa: PLC0415
    from ozg_desk.ui.setup import SetupWizard  # noqa: PLC0415
    from ozg_desk.ui.setup.wizard import Page  # noqa: PLC0415

    names = {
        Page.CHOOSE: "1-behoerde",
        Page.DETAILS: "2-angaben",
        Page.SIGNATORIES: "3-unterzeichnende",
        Page.GEMEINDEN: "4-gemeinden",
        Page.CATALOGUE: "5-katalog",
        Page.SUMMARY: "6-fertigstellen",
    }
    with tempfile.TemporaryDirectory() as folder:
        session = open_session(prepare_data_dir(Path(folder)))
        wizard = SetupWizard(Desk(session, tasks))
        wizard.show()
        wait(lambda: wizard.reference_ready)
        wizard.choose.search.setText("Amt Crivitz")
        wizard.choose.search.textEdited.emit("Amt Crivitz")
        results = wizard.choose.results
        wait(lambda: results.count() > 0 and "Crivitz" in results.item(0).text())
        wizard.choose.results.setCurrentRow(0)
        for page in Page:
            settle(tasks)
            wait(wizard.currentPage().isComplete)
            save(wizard, f"00-einrichtung-{names[page]}")
            if page != Page.SUMMARY:
                wizard.next()
        wizard.done(QDialog.DialogCode.Rejected)
        tasks.wait()
        session.close()


if __name__ == "__main__":
    sys.exit(main())
