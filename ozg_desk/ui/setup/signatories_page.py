"""Wizard page „Unterzeichnende“: the three signatories and the user's own name."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWizardPage

from ozg_desk.ui.setup.details_form import first_error
from ozg_desk.ui.setup.signatories_form import AuthorField, SignatoriesForm
from ozg_desk.ui.setup.state import SetupState
from ozg_desk.ui.widgets.form_support import MessageLabel


class SignatoriesPage(QWizardPage):
    """Titles follow the type chosen on the previous page; the author name is required."""

    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self.state = state
        self.setTitle("Unterzeichnende")
        self.setSubTitle(
            "Wer unterschreibt Anträge und Erklärungen der Behörde? Die Namen lassen sich auch "
            "später ergänzen."
        )
        self.form = SignatoriesForm()
        self.own = AuthorField(state.author)
        self.author = self.own.line
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.own)
        layout.addStretch()
        layout.addWidget(self.message)
        self.author.textEdited.connect(lambda _text: self.message.clear_message())

    def initializePage(self) -> None:
        self.form.set_typ(self.state.typ)

    def validatePage(self) -> bool:
        values = self.form.values()
        found = first_error(values)
        message = found[1] if found else self.own.error()
        if message is not None:
            self.message.show_error(message)
            return False
        self.message.clear_message()
        self.state.signatories = values
        self.state.author = self.own.name()
        return True
