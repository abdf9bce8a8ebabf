"""Asks for the data a status change requires (e.g. „online“ needs go-live date and channel)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QLabel, QWidget

from ozg_desk.app.errors import KnownError
from ozg_desk.domain.anbindung import ANBINDUNG_FIELDS
from ozg_desk.domain.errors import DomainError
from ozg_desk.domain.fields import JsonValue
from ozg_desk.domain.lifecycle import Status
from ozg_desk.ui.editor.field_form import FieldForm
from ozg_desk.ui.widgets.a11y import named
from ozg_desk.ui.widgets.fields_dialog import FieldsDialog


class TransitionDialog(FieldsDialog):
    """`fields()` holds the entered values after `exec()` returned Accepted."""

    def __init__(
        self,
        target: Status,
        missing: Sequence[str],
        values: Mapping[str, JsonValue],
        parent: QWidget | None = None,
    ) -> None:
        form = FieldForm([ANBINDUNG_FIELDS[name] for name in missing])
        form.set_values(values)
        error = named(QLabel(), "Fehlermeldung")  # a fixed name, unlike a MessageLabel
        error.setWordWrap(True)
        error.hide()
        super().__init__(
            f"Status „{target.label}“ setzen",
            f"Status {target.label} setzen",
            f"Für den Status <b>{target.label}</b> werden diese Angaben gebraucht.",
            form,
            accept=("Status &setzen", "Status setzen"),
            error=error,
            parent=parent,
        )
        self.form = form
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
