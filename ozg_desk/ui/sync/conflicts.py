"""Konflikte: open conflicts in a list, the selected one side by side, and the decisions."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.domain.fields import JsonValue
from ozg_desk.store.changes import Changes
from ozg_desk.store.resolution import resolve_conflict
from ozg_desk.sync.inbox import ConflictItem, by_whom
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.sync.controller import SyncController
from ozg_desk.ui.sync.value_dialog import ValueDialog
from ozg_desk.ui.widgets.a11y import buddy_label, named
from ozg_desk.ui.widgets.form_support import MessageLabel, guarded

WRITE_LABEL = "Konflikt entschieden"
SHORT = 60  # characters of a value shown in the list; the detail shows it in full


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= SHORT else line[: SHORT - 1] + "…"


def _value_box(title: str) -> tuple[QWidget, QLabel, QPlainTextEdit]:
    """A heading, a who/when line and the value, read-only but selectable and focusable."""
    box = QWidget()
    heading = QLabel(f"<b>{title}</b>")
    who = QLabel()  # one short line; wrapping made the grid reserve a second one
    value = named(QPlainTextEdit(), title)
    value.setReadOnly(True)
    value.setTabChangesFocus(True)
    value.setFixedHeight(value.fontMetrics().lineSpacing() * 5)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(heading)
    layout.addWidget(who)
    layout.addWidget(value)
    return box, who, value


class ConflictsSection(QWidget):
    """Each decision is an edit (not undoable: other devices follow it); a sync round follows so
    that it reaches the server."""

    def __init__(self, desk: Desk, controller: SyncController) -> None:
        super().__init__()
        self.desk, self.controller = desk, controller
        self.items: tuple[ConflictItem, ...] = ()
        self.list = named(
            QListWidget(), "Offene Konflikte", "Eine Zeile je Konflikt; Auswahl zeigt beide Werte"
        )
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setMaximumHeight(self.list.fontMetrics().lineSpacing() * 9)
        self.empty = QLabel("Es gibt keine offenen Konflikte.")
        self.detail = self._detail()
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(buddy_label("Offene &Konflikte:", self.list))
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        layout.addWidget(self.detail)
        layout.addWidget(self.message)  # outside the detail: the outcome stays when it empties
        layout.addStretch()
        self.list.currentRowChanged.connect(self._selected)
        self._deciding = False
        self.show_items(())

    def _detail(self) -> QWidget:
        """The selected conflict: what it is about, both values with who and when, decisions."""
        self.subject = QLabel()
        self.subject.setWordWrap(True)
        self.subject.setTextFormat(Qt.TextFormat.PlainText)
        font = self.subject.font()
        font.setBold(True)
        self.subject.setFont(font)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        mine_box, self.mine_who, self.mine_value = _value_box("Mein Wert")
        theirs_box, self.theirs_who, self.theirs_value = _value_box("Wert der anderen Seite")
        values = QGridLayout()
        values.addWidget(mine_box, 0, 0)
        values.addWidget(theirs_box, 0, 1)
        values.setColumnStretch(0, 1)
        values.setColumnStretch(1, 1)
        self.keep_mine = self._button("&Meinen Wert behalten", "mine")
        self.take_theirs = self._button("Wert der anderen Seite übe&rnehmen", "theirs")
        self.enter_value = named(QPushButton("Anderen Wert &eintragen …"), "Anderen Wert eintragen")
        self.enter_value.clicked.connect(self.ask_value)
        self.restore = self._button("Mit meinen Änderungen &wiederherstellen", "restore")
        self.accept_deletion = self._button("Löschung &übernehmen", "accept_deletion")
        self.delete = self._button("&Löschen", "delete")
        self.keep = self._button("&Behalten", "keep")
        self.buttons = (
            self.keep_mine,
            self.take_theirs,
            self.enter_value,
            self.restore,
            self.accept_deletion,
            self.delete,
            self.keep,
        )
        row = QHBoxLayout()
        for button in self.buttons:
            row.addWidget(button)
        row.addStretch()
        detail = QWidget()
        layout = QVBoxLayout(detail)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.subject)
        layout.addWidget(self.explanation)
        layout.addSpacing(self.fontMetrics().lineSpacing() // 2)
        layout.addLayout(values)
        layout.addLayout(row)
        layout.addStretch()  # room a wrapped label reserved goes below the buttons
        return detail

    def _button(self, text: str, decision: str) -> QPushButton:
        button = named(QPushButton(text), text.replace("&", ""))
        button.clicked.connect(lambda: self.decide(decision))
        return button

    def current(self) -> ConflictItem | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def show_items(self, items: Sequence[ConflictItem]) -> None:
        """Show a fresh list, keeping the selected conflict (or its place) selected."""
        previous, row = self.current(), self.list.currentRow()
        self.items = tuple(items)
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.items:
            entry = QListWidgetItem(
                f"{item.record_label} – {item.field_label}\n"
                f"Mein Wert: {_short(item.mine_text)} · andere Seite: {_short(item.theirs_text)}"
            )
            self.list.addItem(entry)
        ids = [item.id for item in self.items]
        if previous is not None and previous.id in ids:
            row = ids.index(previous.id)
        self.list.setCurrentRow(min(max(row, 0), len(ids) - 1) if ids else -1)
        self.list.blockSignals(False)
        self.empty.setVisible(not self.items)
        self._show_current()

    def _selected(self) -> None:
        self.message.clear_message()
        self._show_current()

    def _show_current(self) -> None:
        item = self.current()
        self.detail.setVisible(item is not None)
        if item is None:
            return
        if item.is_deletion:
            self.subject.setText(f"{item.record_label}: gelöscht und zugleich geändert")
            self.explanation.setText(
                "Eine Seite hat den Eintrag gelöscht, die andere hat ihn geändert. Es gilt "
                "der Stand des Servers, bis Sie entscheiden; die Änderung geht nicht verloren."
            )
        else:
            self.subject.setText(f"{item.record_label}: Feld „{item.field_label}“")
            together = (
                " Es gehört mit „{}“ zusammen: „Meinen Wert behalten“ und „Wert der anderen "
                "Seite übernehmen“ entscheiden über {} zugleich. {}".format(
                    "“, „".join(item.partners),
                    "beide" if len(item.partners) == 1 else "alle",
                    item.settle_text,
                ).rstrip()
                if item.partners
                else ""
            )
            self.explanation.setText(
                "Dieses Feld wurde auf zwei Geräten verschieden geändert. Bis zur Entscheidung "
                "gilt überall der Wert, der zuerst beim Server ankam; der andere geht nicht "
                f"verloren.{together}"
            )
        self.mine_who.setText(by_whom(item.my_author, item.my_at))
        self.theirs_who.setText(by_whom(item.their_author, item.their_at))
        self.mine_value.setPlainText(item.mine_text)
        self.theirs_value.setPlainText(item.theirs_text)
        other = by_whom(item.their_author, item.their_at) or "von der anderen Seite"
        self.take_theirs.setAccessibleDescription(f"Den Wert übernehmen, der {other} kam")
        self.take_theirs.setToolTip(self.take_theirs.accessibleDescription())
        visible = {
            self.keep_mine: not item.is_deletion,
            self.take_theirs: not item.is_deletion,
            self.enter_value: not item.is_deletion,
            self.restore: item.is_deletion and not item.mine_is_deletion,
            self.accept_deletion: item.is_deletion and not item.mine_is_deletion,
            self.delete: item.mine_is_deletion,
            self.keep: item.mine_is_deletion,
        }
        for button, shown in visible.items():
            button.setVisible(shown)
        self._enable()

    def _enable(self) -> None:
        item = self.current()
        for button in self.buttons:
            button.setEnabled(not self._deciding and item is not None)
        if item is not None and not item.enterable:
            self.enter_value.setEnabled(False)

    def ask_value(self) -> None:
        item = self.current()
        if item is None or not item.enterable:
            return
        dialog = ValueDialog(item, self)
        # A sync may refresh the list while the dialog is open: decide the conflict it was for.
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.decide("value", dialog.value(), conflict_id=item.id)
        dialog.deleteLater()

    def decide(
        self, decision: str, value: JsonValue = None, conflict_id: str | None = None
    ) -> None:
        """Write the decision for the selected conflict, then sync so others learn it soon."""
        item = self.current()
        conflict_id = conflict_id or (item.id if item is not None else None)
        if conflict_id is None or self._deciding:
            return
        self._deciding = True
        self._enable()
        self.message.show_info("Entscheidung wird gespeichert …")
        self.desk.write(
            WRITE_LABEL,
            lambda repository: resolve_conflict(repository, conflict_id, decision, value),
            on_done=guarded(self, self._decided),
            on_error=guarded(self, self._refused),
            undoable=False,
        )

    def _decided(self, _changes: Changes) -> None:
        self._deciding = False
        self.message.show_info("Entschieden; der nächste Abgleich bringt es an den Server.")
        self._enable()
        self.list.setFocus()  # the decided conflict's buttons vanish; go on with the next one
        self.controller.sync_now()

    def _refused(self, error: BaseException) -> None:
        self._deciding = False
        message = self.desk.explain(error)
        self.message.show_error(f"Nicht entschieden: {message}")
        self._enable()
