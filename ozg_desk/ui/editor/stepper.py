"""The lifecycle as a vertical stepper with the transitions the workflow allows from here."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from ozg_desk.domain.lifecycle import Status, Workflow
from ozg_desk.ui.widgets.a11y import named

DONE, CURRENT, FUTURE = "✓", "▶", "○"  # shapes, not colours, carry the state


class StatusStepper(QWidget):
    """Shows where the Anbindung stands; `transition_requested(Status)` on a user choice."""

    transition_requested = Signal(object)

    def __init__(self, workflow: Workflow) -> None:
        super().__init__()
        self.workflow = workflow
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.steps = [QLabel() for _ in workflow.main_line]
        self.forward = named(QPushButton(), "Nächster Schritt")
        self.back = named(QPushButton(), "Einen Schritt zurück")
        self.more = named(
            QPushButton("Status setzen …"), "Status setzen", "Alle von hier aus erlaubten Status"
        )
        self.more.setMenu(QMenu(self.more))
        self._targets: dict[QPushButton, Status | None] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        for label in self.steps:
            layout.addWidget(label)
        # Two rows: beside the list on a 1366-pixel screen one row would not fit.
        for row in ((self.forward, self.back), (self.more,)):
            buttons = QHBoxLayout()
            for button in row:
                buttons.addWidget(button)
            buttons.addStretch()
            layout.addLayout(buttons)
        self.forward.clicked.connect(lambda: self._request(self.forward))
        self.back.clicked.connect(lambda: self._request(self.back))

    def show_status(self, status: Status) -> None:
        line = self.workflow.main_line
        position = line.index(status) if status in line else -1
        for index, (label, step) in enumerate(zip(self.steps, line, strict=True)):
            marker = DONE if index < position else CURRENT if index == position else FUTURE
            label.setText(f"{marker}  {step.label}")
            font = label.font()
            font.setBold(index == position)
            label.setFont(font)
            label.setEnabled(index <= position)
        where = (
            f", Schritt {position + 1} von {len(line)}"
            if position >= 0
            else " (außerhalb des regulären Ablaufs)"
        )
        self.summary.setText(f"<b>Status: {status.label}</b>{where}")
        self.setAccessibleName(f"Status: {status.label}{where}")
        targets = self.workflow.allowed_targets(status)
        forward = next((t for t in targets if t in line and line.index(t) > position), None)
        if status not in line:
            forward = targets[0] if targets else None
        back = line[position - 1] if position > 0 and line[position - 1] in targets else None
        self._set_button(self.forward, forward, "&Weiter: ")
        self._set_button(self.back, back, "Zurüc&k: ")
        menu = self.more.menu()
        menu.clear()
        for target in targets:
            action = QAction(target.label, menu)
            action.triggered.connect(
                lambda _checked=False, t=target: self.transition_requested.emit(t)
            )
            menu.addAction(action)
        self.more.setEnabled(bool(targets))

    def _set_button(self, button: QPushButton, target: Status | None, prefix: str) -> None:
        button.setVisible(target is not None)
        self._targets[button] = target
        if target is not None:
            button.setText(prefix + target.label)
            button.setAccessibleName(prefix.replace("&", "") + target.label)

    def _request(self, button: QPushButton) -> None:
        # Kept in Python: a Qt property would turn the enum into a plain string.
        target = self._targets.get(button)
        if target is not None:
            self.transition_requested.emit(target)
