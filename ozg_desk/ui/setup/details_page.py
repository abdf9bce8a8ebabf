"""Wizard page „Angaben zur Behörde“: type, name, address, Funktionspostfach and Telefon."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWizardPage

from ozg_desk.store.area_queries import seat_of
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.setup.details_form import DetailsForm
from ozg_desk.ui.setup.lookup import suggested_name
from ozg_desk.ui.setup.state import SetupState
from ozg_desk.ui.widgets.form_support import MessageLabel, guarded


class DetailsPage(QWizardPage):
    """Prefills type and name from the chosen area, but never overwrites what was typed."""

    def __init__(self, desk: Desk, state: SetupState) -> None:
        super().__init__()
        self.desk, self.state = desk, state
        self.setTitle("Angaben zur Behörde")
        self.setSubTitle(
            "Diese Angaben erscheinen auf allen Anträgen und Formularen. Sie lassen sich später "
            "jederzeit ändern."
        )
        self.form = DetailsForm()
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch()
        layout.addWidget(self.message)
        self.form.edited.connect(self.message.clear_message)
        self._prefilled_for: str | None = None
        self._prefilled_name = ""

    def initializePage(self) -> None:
        if self.state.ars == self._prefilled_for:
            return  # back and forth with the same Behörde keeps everything as typed
        self._prefilled_for = self.state.ars
        self.form.ars.setText(self.state.ars)
        self.form.set_typ(self.state.typ)
        name_line = self.form.lines["name"]
        area = self.state.area
        if area is not None and name_line.text() in ("", self._prefilled_name):
            self._prefilled_name = suggested_name(area, self.state.typ)
            name_line.setText(self._prefilled_name)
        if area is not None:
            self.desk.read(lambda connection: seat_of(connection, area), guarded(self, self._seat))

    def _seat(self, seat: tuple[str, str | None] | None) -> None:
        if seat is None:
            return
        for name, value in zip(("ort", "plz"), seat, strict=True):
            line = self.form.lines[name]
            if value and not line.text():
                line.setText(value)

    def validatePage(self) -> bool:
        message = self.form.error()
        if message is not None:
            self.message.show_error(message)
            return False
        self.message.clear_message()
        self.state.details = self.form.values()
        self.state.typ = self.form.typ_key()
        return True
