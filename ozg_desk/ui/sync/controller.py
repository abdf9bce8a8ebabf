"""Background synchronisation: a timer and „Jetzt synchronisieren“, run on the network pool.

The round itself is Qt-free (`ozg_desk.sync.service.run_round`); results come back to the GUI
thread, where the app-wide `Desk.changed` lets every view refresh what the server brought.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ozg_desk.app.errors import KnownError
from ozg_desk.app.german_time import local_time
from ozg_desk.sync.status import SyncStatus, read_status
from ozg_desk.ui.desk import Desk

if TYPE_CHECKING:
    from ozg_desk.sync.engine import SyncReport

INTERVAL_MS = 5 * 60 * 1000
FIRST_ROUND_MS = 5_000


@dataclass(frozen=True)
class SyncView:
    """Everything the status bar and the sync page show about the connection."""

    status: SyncStatus
    running: bool
    online: bool | None  # None: not tried yet in this run
    message: str | None
    key_refused: bool = False  # the server answered, but refused the access key
    notice: str | None = None  # what the last round did that the user should know

    def text(self) -> str:
        """One German line; the state is spelled out, never shown by colour alone."""
        if not self.status.configured:
            return "Synchronisation: nicht eingerichtet"
        parts = [
            "Synchronisation läuft …"
            if self.running
            else "Anmeldung abgelehnt – Zugangsschlüssel prüfen"
            if self.key_refused
            else "Online"
            if self.online
            else "Offline – nichts geht verloren"
            if self.online is False
            else "Bereit"
        ]
        if when := local_time(self.status.last_success, short=True):
            parts.append(f"zuletzt {when}")
        if self.status.pending:
            parts.append(
                f"{self.status.pending} Änderung{'en' * (self.status.pending != 1)} ausstehend"
            )
        if self.status.open_conflicts:
            parts.append(
                f"{self.status.open_conflicts} Konflikt{'e' * (self.status.open_conflicts != 1)}"
            )
        if self.status.rejected:
            parts.append(f"{self.status.rejected} abgelehnt")
        if self.status.recovering:
            parts.append("Neuabgleich mit dem Server läuft")
        return " · ".join(parts)


def recovery_notice(report: SyncReport) -> str | None:
    """What to tell the user after a round that found the server restored from a backup."""
    if not report.recovered:
        return None
    plural = report.resent != 1
    sent = (
        f"{report.resent} Änderung{'en' * plural}, die ihm fehlte{'n' * plural}, erneut gesendet"
        if report.resent
        else "ihm fehlte nichts von diesem PC"
    )
    return (
        "Der Server war auf einen älteren Stand zurückgesetzt worden (Rücksicherung). OZG-Desk "
        f"hat alle Daten neu mit ihm abgeglichen und {sent}. Werte, die inzwischen auch "
        "andere geändert haben, stehen unter „Konflikte“."
    )


class SyncController(QObject):
    """Runs at most one round at a time; announces its state with `changed`."""

    changed = Signal(object)  # SyncView
    finished = Signal(object)  # SyncReport
    failed = Signal(object)  # KnownError of the last round

    def __init__(self, desk: Desk, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(desk)
        self.desk = desk
        self.running = False
        self.online: bool | None = None
        self.message: str | None = None
        self.key_refused = False
        self.notice: str | None = None
        self.status = SyncStatus(False, None, 0, 0, 0, None)
        self.first_round = QTimer(self)  # owned, so it dies with the window
        self.first_round.setSingleShot(True)
        self.first_round.timeout.connect(self.sync_now)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_now)
        self.timer.start(interval_ms)
        desk.changed.connect(lambda _changes: self.refresh())

    def view(self) -> SyncView:
        return SyncView(
            self.status, self.running, self.online, self.message, self.key_refused, self.notice
        )

    def start(self) -> None:
        """Refresh the status, and sync soon after start-up if a server is set up."""
        self.refresh(then_sync=True)

    def refresh(self, then_sync: bool = False) -> None:
        store = self.desk.session.store

        def done(status: SyncStatus) -> None:
            self.status = status
            self.changed.emit(self.view())
            if then_sync and status.configured:
                self.first_round.start(FIRST_ROUND_MS)

        self.desk.tasks.run_db(lambda: read_status(store), on_done=done)

    def sync_now(self) -> None:
        if self.running or not self.status.configured:
            return
        self.running = True
        self.changed.emit(self.view())
        store, turn = self.desk.session.store, self.desk.tasks.database_turn

        def run() -> SyncReport:
            # Imported here: the sync client (SQLAlchemy, requests, keyring) is not needed to
            # show the window, see decision 0002.
            from ozg_desk.sync.service import run_round  # noqa: PLC0415

            return run_round(store, turn)  # its writes take turns with the edits (0006)

        self.desk.tasks.run_network(
            run, on_done=self._done, on_error=self._failed, label="Synchronisation …"
        )

    def _done(self, report: SyncReport) -> None:
        self.running, self.online, self.message = False, True, None
        self.key_refused = False
        self.notice = recovery_notice(report) or self.notice
        if report.changes:
            self.desk.changed.emit(report.changes)
        self.refresh()
        self.finished.emit(report)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        if not isinstance(error, KnownError):
            self.refresh()
            self.desk.failed.emit(error)  # a bug: crash dialog
            return
        from ozg_desk.sync.errors import AuthenticationFailed, Offline  # noqa: PLC0415

        self.online = False if isinstance(error, Offline | AuthenticationFailed) else self.online
        self.key_refused = isinstance(error, AuthenticationFailed)
        self.message = str(error)
        self.refresh()
        self.failed.emit(error)
