"""„Stand setzen“ (printed, sent, confirmed) and the date field it shares with „Rücklauf
erfassen“ (documents_returns). Both move a document forward only; a step recorded by mistake
is taken back with Rückgängig like any edit (the history keeps both)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.domain.documents import STATE_LABELS
from ozg_desk.ui.documents.model import last_step_on
from ozg_desk.ui.documents.ops import today
from ozg_desk.ui.widgets.a11y import buddy_label, named
from ozg_desk.ui.widgets.date_field import DateField
from ozg_desk.ui.widgets.form_support import chars

if TYPE_CHECKING:
    from ozg_desk.store.register import RegisterEntry


def date_field(minimum: dt.date | None = None) -> DateField:
    """The day a paper took a step: today by default, never in the future, never before
    `minimum` (its last step)."""
    field = DateField(optional=False, minimum=minimum, maximum=today())
    field.set_date(today())
    return field


def date_of(field: DateField) -> dt.date | None:
    """The day typed in `field`, read now; None (the field says why) if it is not a date."""
    return field.date() if field.read() else None


class StateDialog(QDialog):
    """Confirm a new state with its date; `day()` after Accepted."""

    def __init__(self, entry: RegisterEntry, state: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = STATE_LABELS[state]
        self.setWindowTitle(f"Stand „{label}“ setzen")
        self.setAccessibleName(f"Stand {label} setzen")
        about = QLabel(
            f"{entry.nummer} · {entry.titel}\n"
            f"bisher: {STATE_LABELS.get(entry.zustand, entry.zustand)}, neu: {label}"
        )
        about.setWordWrap(True)
        note = QLabel(
            "Ein versehentlich gesetzter Stand lässt sich mit Rückgängig (Strg+Z) zurücknehmen."
        )
        self.date = named(date_field(last_step_on(entry)), f"{label} am")
        form = QFormLayout()
        form.addRow(buddy_label(f"{label} &am:", self.date), self.date)
        buttons = QDialogButtonBox()
        ok = named(
            buttons.addButton("Stand &setzen", QDialogButtonBox.ButtonRole.AcceptRole),
            "Stand setzen",
        )
        cancel = named(
            buttons.addButton("A&bbrechen", QDialogButtonBox.ButtonRole.RejectRole), "Abbrechen"
        )
        ok.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(chars(self, 64))

    def day(self) -> dt.date:
        day = self.date.date()
        assert day is not None  # accept() lets only a readable date through
        return day

    def accept(self) -> None:
        if date_of(self.date) is None:
            self.date.setFocus()
            return
        super().accept()
