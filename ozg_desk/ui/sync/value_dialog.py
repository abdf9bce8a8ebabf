"""„Anderen Wert eintragen“: one field of a conflict, entered anew and checked before use."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ozg_desk.app.errors import KnownError
from ozg_desk.domain.fields import JsonValue
from ozg_desk.sync.inbox import ConflictItem
from ozg_desk.ui.editor.field_form import FieldForm
from ozg_desk.ui.widgets.fields_dialog import FieldsDialog
from ozg_desk.ui.widgets.form_support import MessageLabel, chars


class ValueDialog(FieldsDialog):
    """`value()` holds the checked value after `exec()` returned Accepted."""

    def __init__(self, item: ConflictItem, parent: QWidget | None = None) -> None:
        spec = item.spec
        assert spec is not None and item.enterable
        form = FieldForm([spec])
        form.set_values({spec.name: item.mine})
        message = MessageLabel()
        super().__init__(
            "Anderen Wert eintragen",
            "Anderen Wert eintragen",
            f"{item.record_label}: Welcher Wert soll für „{spec.label}“ gelten? "
            "Er ersetzt beide Werte des Konflikts auf allen Geräten.",
            form,
            accept=("&Eintragen", "Eintragen"),
            error=message,
            parent=parent,
        )
        self.error: MessageLabel = message
        self.spec, self.form = spec, form
        self.setMinimumWidth(chars(self, 60))
        self._value: JsonValue = None

    def value(self) -> JsonValue:
        return self._value

    def _check(self) -> None:
        try:
            self._value = self.spec.clean(self.form.value(self.spec.name))
        except KnownError as error:
            self.error.show_error(str(error))
            return
        self.accept()
