"""Qt infrastructure: background tasks, single instance, crash handling (real widgets)."""

from __future__ import annotations

import gc
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from ozg_desk.app.paths import DataDir
from ozg_desk.ui import tasks as tasks_module
from ozg_desk.ui.crash import CrashDialog, CrashHandler
from ozg_desk.ui.single_instance import SingleInstance
from ozg_desk.ui.tasks import TaskManager


def test_work_runs_off_the_gui_thread_and_returns_on_it(qtbot: QtBot) -> None:
    manager = TaskManager()
    gui_thread = threading.get_ident()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(result: int) -> None:
        seen["callback"] = threading.get_ident()
        seen["result"] = result

    manager.run_db(work, on_done=done)
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["worker"] != gui_thread
    assert seen["callback"] == gui_thread
    assert seen["result"] == 42


def test_errors_come_back_to_the_gui_thread(qtbot: QtBot) -> None:
    manager = TaskManager()
    errors: list[BaseException] = []
    manager.run_db(lambda: 1 / 0, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ZeroDivisionError)


class Tracer:
    """Records the thread it is destroyed on, as a widget held by a closure would be."""

    def __init__(self, released: list[int]) -> None:
        self.released = released

    def __del__(self) -> None:
        self.released.append(threading.get_ident())


class TracedError(Exception):
    def __init__(self, tracer: Tracer) -> None:
        super().__init__("traced")
        self.tracer = tracer


def test_worker_never_releases_what_the_gui_thread_handed_it(qtbot: QtBot) -> None:
    """A widget held by a job's closure, result or error and destroyed on a worker thread
    crashes Qt, so the last reference to each must go on the GUI thread."""
    manager = TaskManager()
    released: list[int] = []
    finished: list[int] = []

    def job(number: int) -> Callable[[], object]:
        held = Tracer(released)  # only the closure holds it

        def work() -> object:
            assert held is not None
            if number % 2:
                raise TracedError(Tracer(released))
            return [Tracer(released)]

        return work

    rounds = 200
    for number in range(rounds):
        manager.run_db(
            job(number),
            on_done=lambda _result: finished.append(1),
            on_error=lambda _error: finished.append(1),
        )
    qtbot.waitUntil(lambda: len(finished) == rounds, timeout=20_000)
    manager.wait()
    gc.collect()
    assert len(released) == 2 * rounds  # closures, and results or errors
    assert set(released) == {threading.get_ident()}


def test_busy_indicator_only_for_slow_work(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks_module, "BUSY_DELAY_MS", 100)
    manager = TaskManager()
    busy: list[str] = []
    manager.busy.connect(busy.append)
    finished: list[int] = []
    manager.run_db(lambda: 1, on_done=finished.append, label="kurz")
    qtbot.waitUntil(lambda: bool(finished))
    release = threading.Event()
    manager.run_db(release.wait, on_done=finished.append, label="lang")
    qtbot.waitUntil(lambda: busy == ["lang"], timeout=3000)
    with qtbot.waitSignal(manager.idle):
        release.set()
    assert "kurz" not in busy


def test_second_instance_wakes_the_first(qtbot: QtBot, data_dir: DataDir) -> None:
    first = SingleInstance(data_dir)
    second = SingleInstance(data_dir)
    try:
        assert first.acquire()
        assert not second.acquire()
        with qtbot.waitSignal(first.activate, timeout=3000):
            assert second.notify_running()
    finally:
        first.release()
    assert second.acquire()  # free again once the first one is gone
    second.release()


@pytest.mark.expected_log("ozg_desk.ui.crash", "Unbehandelter Fehler")
def test_a_bug_is_logged_and_ends_a_headless_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    exits: list[int] = []
    # Ending the real test application would break every later test's event loop.
    monkeypatch.setattr(QApplication, "exit", exits.append)
    handler = CrashHandler(tmp_path / "ozg-desk.log", headless=True)
    try:
        raise RuntimeError("Fehler zum Testen")
    except RuntimeError as error:
        with caplog.at_level(logging.CRITICAL):
            handler.report(error)
    assert handler.crashed
    assert exits == [1]
    assert "Fehler zum Testen" in caplog.text


def test_crash_dialog_shows_details_and_reassures(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = CrashDialog("Traceback: RuntimeError: kaputt", tmp_path / "ozg-desk.log")
    qtbot.addWidget(dialog)
    assert "kaputt" in dialog.details.toPlainText()
    assert dialog.details.isReadOnly()
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Änderungen sind sicher" in text
    assert str(tmp_path / "ozg-desk.log") in text


def test_qt_binding_keeps_none_alive(qapp: object) -> None:
    """PySide6 6.12.0 released a reference to None per processEvents() call (decision 0001)."""
    before = sys.getrefcount(None)
    for _ in range(20_000):
        QApplication.processEvents()
    assert sys.getrefcount(None) >= before - 100
