"""Last wizard page „Fertigstellen“: what will be saved, and the outcome of saving."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWizardPage

from ozg_desk.domain.behoerde import TYP_LABELS
from ozg_desk.domain.fields import german_int
from ozg_desk.ui.setup.signatories_form import ROLES
from ozg_desk.ui.setup.state import SetupState
from ozg_desk.ui.widgets.a11y import named
from ozg_desk.ui.widgets.form_support import MessageLabel, chars


def _text(values: dict[str, object], name: str) -> str:
    return str(values.get(name) or "").strip()


def summary_rows(state: SetupState) -> list[tuple[str, str]]:
    """(label, value) pairs of everything the wizard is about to save."""
    details, people = state.details, state.signatories
    place = " ".join(part for part in (_text(details, "plz"), _text(details, "ort")) if part)
    address = ", ".join(part for part in (_text(details, "strasse"), place) if part)
    rows = [
        ("Behörde", _text(details, "name")),
        ("Art", TYP_LABELS.get(state.typ, state.typ)),
        ("ARS", state.ars),
        ("Anschrift", address),
        ("Funktionspostfach", _text(details, "funktionspostfach")),
        ("Telefon", _text(details, "telefon")),
    ]
    rows += [
        (_text(people, f"{role}_titel") or "Unterzeichnende/r", _text(people, f"{role}_name"))
        for role in ROLES
    ]
    rows += [
        ("Gemeinden", german_int(len(state.gemeinden))),
        ("Ihr Name in der Historie", state.author),
    ]
    return [(label, value or "—") for label, value in rows]


def summary_html(rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><td>{escape(label)}:&nbsp;&nbsp;</td><td>{escape(value)}</td></tr>"
        for label, value in rows
    )
    return f"<table>{cells}</table>"


class SummaryPage(QWizardPage):
    """Not complete while saving, so „Fertigstellen“ cannot be pressed twice."""

    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self.state = state
        self.setTitle("Fertigstellen")
        self.setSubTitle("Bitte prüfen Sie die Angaben. „Fertigstellen“ speichert sie.")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.busy = named(QProgressBar(), "Wird gespeichert")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(chars(self, 16))
        self.busy.hide()
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch()
        layout.addWidget(self.busy)
        layout.addWidget(self.message)

    def initializePage(self) -> None:
        self.summary.setText(summary_html(summary_rows(self.state)))
        self.message.clear_message()

    def isComplete(self) -> bool:
        return self.busy.isHidden()

    def set_saving(self, saving: bool) -> None:
        self.busy.setVisible(saving)
        if saving:
            self.message.show_info("Wird gespeichert …")
        self.completeChanged.emit()
