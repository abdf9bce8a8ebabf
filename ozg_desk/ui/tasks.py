"""The one background-task API: database work on one worker, network work on a small pool, work
on files (PDF preview, printing, copies) on a worker of its own. A sync round on the network
pool writes in turns taken on the database worker (`database_turn`), so SQLite has one writer.

Results and errors come back to the GUI thread through queued signals, so callbacks may touch
widgets; worker functions must not. A busy indicator is requested only for work that takes longer
than about half a second, so quick edits never flicker.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

BUSY_DELAY_MS = 500


class _Relay(QObject):
    """Lives in the GUI thread; worker threads emit on it, Qt queues the delivery."""

    finished = Signal(int)  # the token of a job whose outcome is ready


class _Job(QRunnable):
    """Runs one function and keeps its outcome for the GUI thread to collect.

    The worker thread must never drop the last reference to anything: a function's closure or a
    result may hold widgets, and a QObject destroyed in a worker thread crashes Qt. So the worker
    stores the outcome on the job and signals only the token; the GUI thread takes the outcome
    and clears the job, and the job itself keeps nothing but plain values.
    """

    def __init__(self, token: int, function: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        # The manager keeps the job until its outcome arrived; letting Qt delete a Python
        # runnable from the worker thread crashes PySide6.
        self.setAutoDelete(False)
        self.token = token
        self.function: Callable[[], Any] | None = function
        self.outcome: tuple[bool, Any] | None = None
        self.relay = relay

    def run(self) -> None:
        function = self.function
        assert function is not None
        try:
            self.outcome = (True, function())
        except BaseException as error:
            self.outcome = (False, error)
        del function  # the job (GUI thread) still holds it
        self.relay.finished.emit(self.token)

    def take_outcome(self) -> tuple[bool, Any]:
        """On the GUI thread: the outcome, leaving the job empty."""
        outcome = self.outcome
        assert outcome is not None
        self.function = self.outcome = None
        return outcome


@dataclass
class _Pending:
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    label: str | None
    pool: QThreadPool
    job: _Job | None = field(default=None)
    timer: QTimer | None = field(default=None)


class TaskManager(QObject):
    """Runs callables off the GUI thread and calls back on the GUI thread."""

    busy = Signal(str)  # a labelled task is still running after BUSY_DELAY_MS
    idle = Signal()  # no labelled task is running any more
    failed = Signal(object)  # an error nobody handled (known errors and bugs)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = QThreadPool(self)
        self._database.setMaxThreadCount(1)  # SQLite: one writer; keeps edits in order
        self._network = QThreadPool(self)
        self._network.setMaxThreadCount(2)
        # Work on files (PDF pages for preview and printing, copies, templates): off the database
        # worker, so that an edit never waits behind a print job; one thread, because PDFium is
        # not thread-safe.
        self._files = QThreadPool(self)
        self._files.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_finished)
        self._pending: dict[int, _Pending] = {}
        self._tokens = itertools.count(1)
        self._busy_labels: dict[int, str] = {}
        # Jobs whose outcome arrived; the pool owns them (autoDelete off), so they are deleted
        # here once their pool is idle and no worker can still be returning from `run`.
        self._spent: list[tuple[QThreadPool, _Job]] = []

    def run_db(
        self,
        function: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        label: str | None = None,
    ) -> None:
        """Run database work on the single database worker."""
        self._start(self._database, function, on_done, on_error, label)

    def run_network(
        self,
        function: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        label: str | None = None,
    ) -> None:
        """Run network work on the network pool."""
        self._start(self._network, function, on_done, on_error, label)

    def run_files(
        self,
        function: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        label: str | None = None,
    ) -> None:
        """Run work on files (no database access) on the file worker."""
        self._start(self._files, function, on_done, on_error, label)

    @contextmanager
    def database_turn(self) -> Iterator[None]:
        """For a worker thread, never the GUI thread: wait until the database worker reaches
        this turn in its queue and keep it waiting while the caller writes. Edits queued
        meanwhile wait for this one transaction only, in order, and never race it for SQLite's
        lock (whose busy wait polls and lets a writer that comes back at once starve others)."""
        started, finished = threading.Event(), threading.Event()

        def hold() -> None:
            started.set()
            finished.wait()

        self._database.start(hold)
        started.wait()
        try:
            yield
        finally:
            finished.set()

    def pending(self) -> int:
        return len(self._pending)

    def wait(self, milliseconds: int = 30_000) -> bool:
        """Block until all workers are idle (shutdown and tests only)."""
        idle = all(
            pool.waitForDone(milliseconds) for pool in (self._database, self._network, self._files)
        )
        self._delete_spent()
        return idle

    def _delete_spent(self) -> None:
        busy = []
        for pool, job in self._spent:
            if pool.activeThreadCount() == 0:
                shiboken6.delete(job)
            else:
                busy.append((pool, job))
        self._spent = busy

    def _start(
        self,
        pool: QThreadPool,
        function: Callable[[], Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        label: str | None,
    ) -> None:
        token = next(self._tokens)
        pending = _Pending(on_done, on_error, label, pool)
        if label is not None:
            timer = QTimer()  # owned by _Pending, so it dies with it (no deleteLater races)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda: self._show_busy(token))
            timer.start(BUSY_DELAY_MS)
            pending.timer = timer
        pending.job = _Job(token, function, self._relay)
        self._pending[token] = pending
        pool.start(pending.job)

    def _show_busy(self, token: int) -> None:
        pending = self._pending.get(token)
        if pending is not None and pending.label is not None:
            self._busy_labels[token] = pending.label
            self.busy.emit(pending.label)

    def _finish(self, token: int) -> _Pending:
        pending = self._pending.pop(token)
        if pending.timer is not None:
            pending.timer.stop()
        if self._busy_labels.pop(token, None) is not None:
            if self._busy_labels:
                self.busy.emit(next(iter(self._busy_labels.values())))
            else:
                self.idle.emit()
        return pending

    def _on_finished(self, token: int) -> None:
        pending = self._finish(token)
        assert pending.job is not None
        succeeded, value = pending.job.take_outcome()
        self._spent.append((pending.pool, pending.job))
        self._delete_spent()
        if succeeded:
            if pending.on_done is not None:
                pending.on_done(value)
        elif pending.on_error is not None:
            pending.on_error(value)
        else:
            self.failed.emit(value)
