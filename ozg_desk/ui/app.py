"""Start the GUI: Qt set-up, single instance, crash handling, then open the data off-thread."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from ozg_desk import __version__
from ozg_desk.app.errors import KnownError
from ozg_desk.app.logs import LOG_FILE
from ozg_desk.app.paths import DataDir
from ozg_desk.app.session import Session, Snapshot, load_snapshot, open_session
from ozg_desk.ui import gc_guard
from ozg_desk.ui.crash import CrashHandler
from ozg_desk.ui.main_window import MainWindow
from ozg_desk.ui.single_instance import SingleInstance
from ozg_desk.ui.tasks import TaskManager

log = logging.getLogger(__name__)
SMOKE_TIMEOUT_MS = 120_000
EXIT_ALREADY_RUNNING = 3


def needs_offscreen() -> bool:
    """True on a Linux machine without a display, where Qt must render offscreen."""
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def create_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        gc_guard.install(existing)
        return existing
    app = QApplication(argv)
    gc_guard.install(app)
    app.setApplicationName("OZG-Desk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("OZG-Desk")
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.German), "qtbase", "_", path):
        app.installTranslator(translator)
    return app


class GuiRun:
    """One GUI run: owns the window, the task manager and the session."""

    def __init__(
        self, data_dir: DataDir, *, demo: bool, smoke_test: bool, screenshot: Path | None
    ) -> None:
        self.data_dir = data_dir
        self.demo = demo
        self.smoke_test = smoke_test
        self.screenshot = screenshot
        self.exit_code = 0
        self.session: Session | None = None
        self.crash = CrashHandler(data_dir.logs / LOG_FILE, headless=smoke_test)
        self.tasks = TaskManager()
        self.window = MainWindow(self.tasks)
        self.window.setup_requested.connect(self.run_setup)
        self.tasks.busy.connect(self.window.show_busy)
        self.tasks.idle.connect(self.window.hide_busy)
        self.tasks.failed.connect(self.present_error)

    def start(self) -> None:
        self.window.show()
        self.tasks.run_db(
            self._open,
            on_done=self._opened,
            on_error=self._open_failed,
            label="Datenbank wird geöffnet …",
        )
        if self.smoke_test:
            QTimer.singleShot(SMOKE_TIMEOUT_MS, self._smoke_timeout)

    def _open(self) -> tuple[Session, Snapshot]:
        session = open_session(self.data_dir, demo=self.demo)
        return session, load_snapshot(session.store)

    def _opened(self, result: tuple[Session, Snapshot]) -> None:
        self.session, snapshot = result
        if self.session.migration.backup is not None:
            log.info("Datenbank aktualisiert, Sicherung: %s", self.session.migration.backup)
        self.window.show_session(self.session, snapshot)
        assert self.window.desk is not None
        self.window.desk.failed.connect(self.present_error)
        if self.smoke_test:
            QTimer.singleShot(0, self._finish_smoke_test)
            return
        if snapshot.behoerde is None:
            QTimer.singleShot(0, self.run_setup)
        self.window.start_background_sync()
        # Load the write path (SQLAlchemy) now, before the first edit needs it.
        self.tasks.run_db(self.session.warm_up)

    def run_setup(self) -> None:
        """The first-start wizard (also reachable later from the Behörde menu)."""
        from ozg_desk.ui.setup import SetupWizard  # noqa: PLC0415 - only on first start

        desk = self.window.desk
        if desk is None:
            return
        wizard = SetupWizard(desk, self.window)
        wizard.finished.connect(lambda _result: self.window.reload())
        wizard.open()

    def _open_failed(self, error: BaseException) -> None:
        self.present_error(error)
        self.exit_code = 2 if isinstance(error, KnownError) else 1
        QApplication.exit(self.exit_code)

    def present_error(self, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            self.crash.report(error)
            return
        log.warning("%s", error)
        if self.smoke_test:
            print(f"Fehler: {error}", file=sys.stderr)
        else:
            QMessageBox.warning(self.window, "OZG-Desk", str(error))

    def _finish_smoke_test(self) -> None:
        QApplication.processEvents()
        if self.screenshot is not None:
            self.screenshot.parent.mkdir(parents=True, exist_ok=True)
            if not self.window.grab().save(str(self.screenshot)):
                print(
                    f"Fehler: Bildschirmfoto {self.screenshot} nicht gespeichert.", file=sys.stderr
                )
                QApplication.exit(1)
                return
        print("OZG-Desk-Selbsttest erfolgreich.")
        QApplication.exit(0)

    def _smoke_timeout(self) -> None:
        print("Fehler: Zeitüberschreitung beim Start.", file=sys.stderr)
        QApplication.exit(1)

    def bring_to_front(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def shutdown(self) -> None:
        self.tasks.wait()
        if self.session is not None:
            self.session.close()


def run_gui(data_dir: DataDir, *, demo: bool, smoke_test: bool, screenshot: Path | None) -> int:
    """Run the application until the main window closes; return the exit code."""
    if smoke_test and needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = create_application(sys.argv[:1])
    instance = SingleInstance(data_dir)
    if not instance.acquire():
        if smoke_test:
            print("Fehler: OZG-Desk läuft bereits mit diesem Datenordner.", file=sys.stderr)
        elif not instance.notify_running():
            QMessageBox.information(
                None,
                "OZG-Desk",
                "OZG-Desk läuft bereits mit diesem Datenordner. "
                "Bitte das geöffnete Fenster nutzen.",
            )
        return EXIT_ALREADY_RUNNING
    run = GuiRun(data_dir, demo=demo, smoke_test=smoke_test, screenshot=screenshot)
    run.crash.install()
    instance.activate.connect(run.bring_to_front)
    try:
        run.start()
        code = app.exec()
    finally:
        run.shutdown()
        instance.release()
        sys.excepthook = sys.__excepthook__
    if run.crash.crashed and smoke_test:
        return 1
    return code or run.exit_code
