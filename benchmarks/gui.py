"""A real main window over the full store, for the GUI benchmarks."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtWidgets import QApplication

from ozg_desk.app.paths import prepare_data_dir
from ozg_desk.app.session import Session, load_snapshot, open_session
from ozg_desk.ui.app import create_application
from ozg_desk.ui.main_window import MainWindow
from ozg_desk.ui.tasks import TaskManager


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError("GUI did not react in time")
        QApplication.processEvents()


class Desktop:
    """Application, session and main window; `close()` when done."""

    def __init__(self, data_dir: str) -> None:
        self.app = create_application(sys.argv[:1])
        self.session: Session = open_session(prepare_data_dir(Path(data_dir)))
        self.tasks = TaskManager()
        self.window = MainWindow(self.tasks)
        self.window.show()
        self.window.show_session(self.session, load_snapshot(self.session.store))
        self.settle()
        self.session.warm_up()

    def settle(self) -> None:
        wait_until(lambda: self.tasks.pending() == 0)

    def close(self) -> None:
        self.settle()
        self.window.close()
        self.tasks.wait()
        self.session.close()
