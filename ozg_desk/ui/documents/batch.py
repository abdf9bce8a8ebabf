"""Generating documents off the GUI thread: one write per document, in order; with more than one,
a progress window appears after half a second and „Abbrechen“ stops between documents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QPushButton, QWidget

from ozg_desk.app.session import Session
from ozg_desk.store.changes import Changes
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.widgets.a11y import named

SHOW_PROGRESS_AFTER_MS = 500


def generate_document(
    session: Session,
    typ: str,
    ozg_ids: Sequence[str],
    bemerkung: str,
    numbers: list[str],
    *,
    anyway: bool = False,
) -> Changes:
    """Worker side: make one document; its number is appended to `numbers`. `anyway`: the
    user confirmed a paper that does not fit its records."""
    from ozg_desk.documents.service import generate  # noqa: PLC0415 - loads reportlab

    made = generate(session, typ, list(ozg_ids), bemerkung=bemerkung, anyway=anyway)
    numbers.append(made.nummer)
    return made.changes


def progress_dialog(
    parent: QWidget,
    total: int,
    text: str = "Dokumente werden erzeugt …",
    title: str = "Dokumente erzeugen",
    stops: str = "Nach dem laufenden Dokument aufhören",
) -> QProgressDialog:
    """A window-modal progress window that appears only for work taking longer than half a
    second; „Abbrechen“ does what `stops` says."""
    progress = QProgressDialog(text, "&Abbrechen", 0, total, parent)
    progress.setWindowTitle(title)
    progress.setAccessibleName(text.rstrip(" …"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
    bar = progress.findChild(QProgressBar)
    if bar is not None:
        named(bar, "Fortschritt")
    cancel = progress.findChild(QPushButton)
    if cancel is not None:
        named(cancel, "Abbrechen", stops)
    return progress


class GenerationRun(QObject):
    """`finished` once every job ran, one failed, or the user cancelled."""

    finished = Signal()

    def __init__(
        self,
        desk: Desk,
        typ: str,
        jobs: Sequence[tuple[str, ...]],
        bemerkung: str,
        names: Mapping[str, str],
        *,
        parent: QWidget,
        anyway: bool = False,
    ) -> None:
        super().__init__(parent)
        self.desk, self.typ, self.jobs, self.bemerkung = desk, typ, list(jobs), bemerkung
        self.anyway = anyway
        self.names = names
        self.numbers: list[str] = []  # appended on the worker, read after each job's answer
        self.created: list[str] = []  # register entry ids
        self.failure: str | None = None
        self.failed_job: tuple[str, ...] = ()
        self.cancelled = False
        self._index = 0
        self.progress: QProgressDialog | None = None
        if len(self.jobs) > 1:
            self.progress = progress_dialog(parent, len(self.jobs))
            self.progress.canceled.connect(self.cancel)

    def start(self) -> None:
        if self.progress is not None:
            self.progress.setValue(0)  # starts Qt's timer: shown only if still running then
        self._next()

    def cancel(self) -> None:
        self.cancelled = True

    def _next(self) -> None:
        if self.cancelled or self.failure is not None or self._index >= len(self.jobs):
            self._finish()
            return
        job = self.jobs[self._index]
        if self.progress is not None:
            about = f" ({self.names.get(job[0], job[0])})" if job else ""
            self.progress.setLabelText(
                f"Dokument {self._index + 1} von {len(self.jobs)} wird erzeugt{about} …"
            )
        session, typ, bemerkung, numbers = self.desk.session, self.typ, self.bemerkung, self.numbers
        anyway = self.anyway
        self.desk.write(
            "Dokument erzeugt",
            lambda _repository: generate_document(
                session, typ, job, bemerkung, numbers, anyway=anyway
            ),
            on_done=self._done,
            on_error=self._failed,
            undoable=False,  # a generated document is a fact (it has a number and a file)
        )

    def _done(self, changes: Changes) -> None:
        self.created += sorted(changes.ids("dokument"))
        self._index += 1
        if self.progress is not None and not self.cancelled:
            self.progress.setValue(self._index)
        self._next()

    def _failed(self, error: BaseException) -> None:
        message = self.desk.explain(error)
        self.failure = message
        self.failed_job = self.jobs[self._index]
        self._finish()

    def _finish(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.hide()
            self.progress.deleteLater()
            self.progress = None
        self.finished.emit()

    def report(self) -> str:
        """What happened, in one German sentence or two."""
        made = len(self.numbers)
        if made == 1:
            text = f"Dokument {self.numbers[0]} erzeugt."
        else:
            text = f"{made} Dokumente erzeugt" + (
                f" ({self.numbers[0]} bis {self.numbers[-1]})." if made else "."
            )
        missing = len(self.jobs) - made
        if self.failure is not None:
            about = f" für {self.failed_job[0]}" if self.failed_job else ""
            text += f" Nicht erzeugt{about}: {self.failure}"
            if missing > 1:
                text += f" ({missing - 1} weitere nicht begonnen)"
        elif self.cancelled and missing:
            text += f" Abgebrochen: {missing} nicht erzeugt."
        return text
