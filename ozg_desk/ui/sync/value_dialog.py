"""„Anderen Wert eintragen“: one field of a conflict, entered anew and checked before use."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ozg_desk.app.errors import KnownError
from ozg_desk.domain.fields import JsonValue
from ozg_desk.sync.inbox import ConflictItem
from ozg_desk.ui.editor.field_form import FieldForm
from ozg_desk.ui.widgets.a11y import named
from ozg_desk.ui.widgets.form_support import MessageLabel, chars


class ValueDialog(QDialog):
    """`value()` holds the checked value after `exec()` returned Accepted."""

    def __init__(self, item: ConflictItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        spec = item.spec
        assert spec is not None and item.enterable
        self.spec = spec
        self.setWindowTitle("Anderen Wert eintragen")
        self.setAccessibleName("Anderen Wert eintragen")
        intro = QLabel(
            f"{item.record_label}: Welcher Wert soll für „{spec.label}“ gelten? "
            "Er ersetzt beide Werte des Konflikts auf allen Geräten."
        )
        intro.setWordWrap(True)
        self.form = FieldForm([spec])
        self.form.set_values({spec.name: item.mine})
        self.error = MessageLabel()
        buttons = QDialogButtonBox()
        ok = buttons.addButton("&Eintragen", QDialogButtonBox.ButtonRole.AcceptRole)
        named(ok, "Eintragen")
        cancel = buttons.addButton("&Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        named(cancel, "Abbrechen")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
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
