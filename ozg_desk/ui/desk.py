"""The open session as the GUI sees it: reads and writes through the task API, undo/redo,
and one app-wide `changed` signal that every view listens to and decides whether to refresh."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from ozg_desk.app.session import Session
from ozg_desk.app.undo import Step, UndoHistory
from ozg_desk.store.changes import Changes, Edit
from ozg_desk.ui.tasks import TaskManager
from ozg_desk.ui.widgets.form_support import UNEXPECTED, user_message

if TYPE_CHECKING:  # the repository loads SQLAlchemy, which start-up defers (decision 0002)
    from ozg_desk.store.repository import Repository

T = TypeVar("T")
ErrorHandler = Callable[[BaseException], None]


class Desk(QObject):
    """Owns the undo history; all database work goes to the task manager's database worker."""

    changed = Signal(object)  # Changes of a successful write, undo or redo
    undo_changed = Signal()  # what undo/redo would do has changed
    failed = Signal(object)  # a write failed and the caller did not handle it

    def __init__(self, session: Session, tasks: TaskManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tasks = tasks
        self.history = UndoHistory()
        self._undo_running = False

    @property
    def author(self) -> str:
        return self.session.author

    def read(
        self,
        query: Callable[[sqlite3.Connection], T],
        on_done: Callable[[T], None],
        label: str | None = None,
    ) -> None:
        """Run `query` on a read-only connection off the GUI thread."""
        store = self.session.store

        def run() -> T:
            with store.read() as connection:
                return query(connection)

        self.tasks.run_db(run, on_done=on_done, label=label)

    def write(
        self,
        label: str,
        operation: Callable[[Repository], Changes],
        on_done: Callable[[Changes], None] | None = None,
        on_error: ErrorHandler | None = None,
        *,
        undoable: bool = True,
    ) -> None:
        """Run a repository write; on success record it for undo (unless it must not be taken
        back, like a conflict decision other devices already follow) and announce it."""
        session = self.session

        def finished(changes: Changes) -> None:
            if undoable:
                self.history.record(label, changes)
                self.undo_changed.emit()
            if changes:
                self.changed.emit(changes)
            if on_done is not None:
                on_done(changes)

        self.tasks.run_db(
            lambda: operation(session.repository),
            on_done=finished,
            on_error=on_error or self.failed.emit,
            label=f"{label} …",
        )

    def edit(
        self,
        label: str,
        edits: Sequence[Edit],
        on_error: ErrorHandler | None = None,
        on_done: Callable[[Changes], None] | None = None,
    ) -> None:
        self.write(label, lambda repository: repository.apply(edits), on_done, on_error)

    def explain(self, error: BaseException) -> str:
        """The German text to show for a failed task; a bug is reported through `failed`
        first (logged, crash dialog) and shown as „unerwarteter Fehler“."""
        message = user_message(error)
        if message is None:
            self.failed.emit(error)
            return UNEXPECTED
        return message

    def run_background(
        self,
        function: Callable[[], Any],
        on_done: Callable[[Any], None],
        label: str,
        on_error: ErrorHandler | None = None,
        *,
        files_only: bool = False,
    ) -> None:
        """Long work that is not an undoable edit (imports); errors go to `failed`.

        `files_only`: the work touches files, not the database (preview pages, printing,
        copies, templates); it runs on the file worker, so edits never wait behind it.
        """
        run = self.tasks.run_files if files_only else self.tasks.run_db
        run(function, on_done=on_done, on_error=on_error or self.failed.emit, label=label)

    # --- undo / redo ---------------------------------------------------------------------

    def undo_text(self) -> str | None:
        step = self.history.next_undo()
        return None if step is None else step.label

    def redo_text(self) -> str | None:
        step = self.history.next_redo()
        return None if step is None else step.label

    def undo(self) -> None:
        step = self.history.next_undo()
        if step is not None and not self._undo_running:
            self._take_back(step, self.history.undone)

    def redo(self) -> None:
        step = self.history.next_redo()
        if step is not None and not self._undo_running:
            self._take_back(step, self.history.redone)

    def _take_back(self, step: Step, record: Callable[[Step, Changes], None]) -> None:
        self._undo_running = True
        session = self.session

        def finished(changes: Changes) -> None:
            self._undo_running = False
            record(step, changes)
            self.undo_changed.emit()
            self.changed.emit(changes)

        def failed(error: BaseException) -> None:
            self._undo_running = False
            self.failed.emit(error)

        self.tasks.run_db(
            lambda: session.repository.undo(step.changes),
            on_done=finished,
            on_error=failed,
            label=f"Rückgängig: {step.label} …",
        )
