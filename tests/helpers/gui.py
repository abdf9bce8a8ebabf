"""Helpers for GUI tests: a real session behind a real main window, and waiting for workers."""

from __future__ import annotations

from dataclasses import dataclass

from pytestqt.qtbot import QtBot

from ozg_desk.app.paths import DataDir
from ozg_desk.app.session import Session, load_snapshot, open_session
from ozg_desk.ui.main_window import MainWindow
from ozg_desk.ui.tasks import TaskManager


@dataclass
class Running:
    """An open session with its window."""

    session: Session
    tasks: TaskManager
    window: MainWindow

    def settle(self, qtbot: QtBot) -> None:
        """Wait until every background task has delivered its result."""
        qtbot.waitUntil(lambda: self.tasks.pending() == 0, timeout=10_000)

    def close(self, qtbot: QtBot) -> None:
        self.settle(qtbot)
        self.window.close()
        self.tasks.wait()
        self.session.close()


def open_window(qtbot: QtBot, data_dir: DataDir, *, demo: bool = False) -> Running:
    session = open_session(data_dir, demo=demo)
    tasks = TaskManager()
    window = MainWindow(tasks)
    qtbot.addWidget(window)
    window.show()
    window.show_session(session, load_snapshot(session.store))
    running = Running(session, tasks, window)
    running.settle(qtbot)
    return running
