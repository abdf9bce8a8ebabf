"""Abgelehnte Änderungen (send again or discard) and the Land's remarks (read only)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.app.german_time import local_time
from ozg_desk.store.resolution import discard_rejected, retry_rejected
from ozg_desk.sync.inbox import RejectedItem, RemarkItem
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.sync.controller import SyncController
from ozg_desk.ui.widgets.a11y import buddy_label, named
from ozg_desk.ui.widgets.form_support import MessageLabel, guarded


def _list(name: str, description: str) -> QListWidget:
    widget = named(QListWidget(), name, description)
    widget.setWordWrap(True)
    widget.setAlternatingRowColors(True)
    widget.setSpacing(2)
    return widget


class RejectedSection(QWidget):
    """Both actions change only the outbox; a sync round follows so that the result shows."""

    def __init__(self, desk: Desk, controller: SyncController) -> None:
        super().__init__()
        self.desk, self.controller = desk, controller
        self.items: tuple[RejectedItem, ...] = ()
        intro = QLabel(
            "Der Server hat diese Änderungen nicht übernommen. Sie bleiben hier gespeichert, "
            "bis Sie sie erneut senden (etwa nachdem der Fehler behoben ist) oder verwerfen."
        )
        intro.setWordWrap(True)
        self.list = _list("Abgelehnte Änderungen", "Mit dem Grund, den der Server genannt hat")
        self.list.setMaximumHeight(self.list.fontMetrics().lineSpacing() * 16)
        self.empty = QLabel("Es gibt keine abgelehnten Änderungen.")
        self.retry = named(QPushButton("Erneut &senden"), "Erneut senden")
        self.discard = named(
            QPushButton("&Verwerfen …"),
            "Verwerfen",
            "Die Änderung aufgeben; der Stand des Servers wird neu geladen",
        )
        self.retry.clicked.connect(self._retry)
        self.discard.clicked.connect(self._discard)
        self.message = MessageLabel()
        row = QHBoxLayout()
        row.addWidget(self.retry)
        row.addWidget(self.discard)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(buddy_label("Abgelehnte Ä&nderungen:", self.list))
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addStretch()
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self._working = False
        self.show_items(())

    def current(self) -> RejectedItem | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def show_items(self, items: Sequence[RejectedItem]) -> None:
        previous = self.current()
        self.items = tuple(items)
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.items:
            self.list.addItem(
                QListWidgetItem(
                    f"{item.record_label}: {item.fields_text}\n"
                    f"Grund: {item.reason}\n"
                    f"{local_time(item.created_at)} · {item.author}"
                )
            )
        ids = [item.op_id for item in self.items]
        kept = None if previous is None else previous.op_id
        if ids:
            self.list.setCurrentRow(ids.index(kept) if kept in ids else 0)
        self.list.blockSignals(False)
        self.empty.setVisible(not self.items)
        self._enable()

    def _enable(self) -> None:
        chosen = self.current() is not None and not self._working
        self.retry.setEnabled(chosen)
        self.discard.setEnabled(chosen)

    def confirm_discard(self, item: RejectedItem) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Änderung verwerfen")
        box.setText(f"Die abgelehnte Änderung an „{item.record_label}“ verwerfen?")
        box.setInformativeText(
            "Sie geht damit endgültig verloren. Beim nächsten Abgleich lädt OZG-Desk den "
            "Stand des Servers vollständig neu."
        )
        discard = named(
            box.addButton("&Verwerfen", QMessageBox.ButtonRole.DestructiveRole), "Verwerfen"
        )
        cancel = named(box.addButton("&Abbrechen", QMessageBox.ButtonRole.RejectRole), "Abbrechen")
        box.setDefaultButton(cancel)
        box.exec()
        chosen = box.clickedButton() is discard
        box.deleteLater()
        return chosen

    def _retry(self) -> None:
        item = self.current()
        if item is not None:
            self._run(retry_rejected, item.op_id, "Wird beim nächsten Abgleich erneut gesendet.")

    def _discard(self) -> None:
        item = self.current()
        if item is not None and self.confirm_discard(item):
            self._run(
                discard_rejected, item.op_id, "Verworfen; der Stand des Servers wird geladen."
            )

    def _run(self, action: Callable[..., None], op_id: str, success: str) -> None:
        session = self.desk.session
        self._working = True
        self._enable()

        def done(_result: object) -> None:
            self._working = False
            self.message.show_info(success)
            self._enable()
            self.controller.refresh()  # the counts in the status line and the lists
            self.controller.sync_now()

        self.desk.run_background(
            lambda: action(session.repository, op_id),
            guarded(self, done),
            label="Abgelehnte Änderung …",
            on_error=guarded(self, self._failed),
        )

    def _failed(self, error: BaseException) -> None:
        self._working = False
        message = self.desk.explain(error)
        self.message.show_error(f"Nicht ausgeführt: {message}")
        self._enable()


class RemarksSection(QWidget):
    """Read only: the Land writes remarks on its side; they arrive with the change feed."""

    def __init__(self) -> None:
        super().__init__()
        self.list = _list("Bemerkungen des Landes", "Die neueste zuerst")
        self.empty = QLabel("Das Land hat noch keine Bemerkungen geschrieben.")
        layout = QVBoxLayout(self)
        layout.addWidget(buddy_label("Bemerkungen des &Landes:", self.list))
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)

    def show_items(self, items: Sequence[RemarkItem]) -> None:
        self.list.clear()
        for item in items:
            about = f" · zu {item.record_label}" if item.record_label else ""
            self.list.addItem(
                QListWidgetItem(f"{item.text}\n{local_time(item.at)} · {item.author}{about}")
            )
        self.empty.setVisible(not items)
