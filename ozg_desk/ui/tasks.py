"""The one background-task API: database work on one worker, network work on a small pool, work
on files (PDF preview, printing, copies) on a worker of its own.

Results and errors come back to the GUI thread through queued signals, so callbacks may touch
widgets; worker functions must not. A busy indicator is requested only for work that takes longer
than about half a second, so quick edits never flicker.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)
BUSY_DELAY_MS = 500


class _Relay(QObject):
    """Lives in the GUI thread; worker threads emit on it, Qt queues the delivery."""

    done = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, token: int, function: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        # The manager keeps the job until its result arrived; letting Qt delete a Python
        # runnable from the worker thread crashes PySide6.
        self.setAutoDelete(False)
        self.token = token
        self.function = function
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.function()
        except BaseException as error:
            self.relay.failed.emit(self.token, error)
        else:
            self.relay.done.emit(self.token, result)


@dataclass
class _Pending:
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    label: str | None
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
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._pending: dict[int, _Pending] = {}
        self._tokens = itertools.count(1)
        self._busy_labels: dict[int, str] = {}

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

    def pending(self) -> int:
        return len(self._pending)

    def wait(self, milliseconds: int = 30_000) -> bool:
        """Block until all workers are idle (shutdown and tests only)."""
        return all(
            pool.waitForDone(milliseconds) for pool in (self._database, self._network, self._files)
        )

    def _start(
        self,
        pool: QThreadPool,
        function: Callable[[], Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        label: str | None,
    ) -> None:
        token = next(self._tokens)
        pending = _Pending(on_done, on_error, label)
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

    def _on_done(self, token: int, result: object) -> None:
        pending = self._finish(token)
        if pending.on_done is not None:
            pending.on_done(result)

    def _on_failed(self, token: int, error: BaseException) -> None:
        pending = self._finish(token)
        if pending.on_error is not None:
            pending.on_error(error)
        else:
            self.failed.emit(error)
