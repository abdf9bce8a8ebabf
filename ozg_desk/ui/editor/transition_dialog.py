"""Asks for the data a status change requires (e.g. „online“ needs go-live date and channel)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ozg_desk.app.errors import KnownError
from ozg_desk.domain.anbindung import ANBINDUNG_FIELDS
from ozg_desk.domain.errors import DomainError
from ozg_desk.domain.fields import JsonValue
from ozg_desk.domain.lifecycle import Status
from ozg_desk.ui.editor.field_form import FieldForm
from ozg_desk.ui.widgets.a11y import named


class TransitionDialog(QDialog):
    """`fields()` holds the entered values after `exec()` returned Accepted."""

    def __init__(
        self,
        target: Status,
        missing: Sequence[str],
        values: Mapping[str, JsonValue],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Status „{target.label}“ setzen")
        self.setAccessibleName(f"Status {target.label} setzen")
        intro = QLabel(f"Für den Status <b>{target.label}</b> werden diese Angaben gebraucht.")
        intro.setWordWrap(True)
        self.form = FieldForm([ANBINDUNG_FIELDS[name] for name in missing])
        self.form.set_values(values)
        self.error = named(QLabel(), "Fehlermeldung")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Status &setzen")
        named(ok, "Status setzen")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("&Abbrechen")
        named(cancel, "Abbrechen")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._missing = tuple(missing)
        self._result: dict[str, object] = {}

    def fields(self) -> dict[str, object]:
        return dict(self._result)

    def _check(self) -> None:
        values = self.form.values()
        try:
            for name in self._missing:
                spec = ANBINDUNG_FIELDS[name]
                if spec.clean(values[name]) in (None, ""):
                    raise DomainError(f"Bitte „{spec.label}“ angeben.")
        except KnownError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self._result = values
        self.accept()
