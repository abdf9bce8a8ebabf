"""The „Synchronisation“ page: state and „Jetzt synchronisieren“ above tabs for the connection,
conflicts, rejected changes and the Land's remarks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ozg_desk.store.changes import Changes
from ozg_desk.sync.inbox import Inbox, load_inbox
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.sync.conflicts import ConflictsSection
from ozg_desk.ui.sync.connection import ConnectionSection
from ozg_desk.ui.sync.controller import SyncController, SyncView
from ozg_desk.ui.sync.lists import RejectedSection, RemarksSection
from ozg_desk.ui.widgets.a11y import named
from ozg_desk.ui.widgets.form_support import MessageLabel, guarded

CONNECTION, CONFLICTS, REJECTED, REMARKS = range(4)


class SyncPage(QWidget):
    """Reads its lists again whenever the data or the sync state changed."""

    def __init__(
        self, desk: Desk, controller: SyncController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk, self.controller = desk, controller
        self.setAccessibleName("Synchronisation")
        heading = QLabel("Synchronisation")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)  # relative to the system font size
        font.setBold(True)
        heading.setFont(font)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = MessageLabel()
        self.sync_button = named(
            QPushButton("&Jetzt synchronisieren"),
            "Jetzt synchronisieren",
            "Eigene Änderungen senden und die der anderen holen",
        )
        self.sync_button.clicked.connect(controller.sync_now)
        self.connection = ConnectionSection(desk, controller)
        self.conflicts = ConflictsSection(desk, controller)
        self.rejected = RejectedSection(desk, controller)
        self.remarks = RemarksSection()
        self.tabs = named(
            QTabWidget(), "Bereiche der Synchronisation", "Strg+Tab wechselt den Bereich"
        )
        for section, title in (
            (self.connection, "Verbindung"),
            (self.conflicts, "Konflikte"),
            (self.rejected, "Abgelehnte Änderungen"),
            (self.remarks, "Bemerkungen des Landes"),
        ):
            self.tabs.addTab(section, title)
        state_row = QHBoxLayout()
        state_row.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignTop)
        state_row.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        state_row.addWidget(self.state, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(state_row)
        layout.addWidget(self.error)
        layout.addWidget(self.tabs, 1)
        self._generation = 0
        self._first_load = True
        self._stale = True
        controller.changed.connect(self._on_sync_changed)
        desk.changed.connect(self._on_data_changed)
        self.show_view(controller.view())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def show_view(self, view: SyncView) -> None:
        self.state.setText(view.text())
        if view.message:
            self.error.show_error(f"Letzter Fehler: {view.message}")
        elif view.notice:
            self.error.show_info(view.notice)
        else:
            self.error.clear_message()
        self.sync_button.setEnabled(view.status.configured and not view.running)

    def _on_sync_changed(self, view: SyncView) -> None:
        self.show_view(view)
        self.refresh()

    def _on_data_changed(self, _changes: Changes) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Read the lists again; an answer overtaken by a newer read is dropped."""
        if not self.isVisible():
            self._stale = True  # every edit elsewhere announces itself; read when shown
            return
        self._stale = False
        self._generation += 1
        generation = self._generation

        def show(inbox: Inbox) -> None:
            if generation == self._generation:
                self.show_inbox(inbox)

        self.desk.read(load_inbox, guarded(self, show))

    def show_inbox(self, inbox: Inbox) -> None:
        self.conflicts.show_items(inbox.conflicts)
        self.rejected.show_items(inbox.rejected)
        self.remarks.show_items(inbox.remarks)
        for index, title, count in (
            (CONFLICTS, "Konflikte", len(inbox.conflicts)),
            (REJECTED, "Abgelehnte Änderungen", len(inbox.rejected)),
            (REMARKS, "Bemerkungen des Landes", len(inbox.remarks)),
        ):
            self.tabs.setTabText(index, f"{title} ({count})")
        if self._first_load:  # open where a decision waits, but never move the user later
            self._first_load = False
            if inbox.conflicts:
                self.tabs.setCurrentIndex(CONFLICTS)
            elif inbox.rejected:
                self.tabs.setCurrentIndex(REJECTED)
