"""Empfangskanal: the channel, the fields specific to it (destination id, DVDV key, …) and,
for a channel with a certificate (OSCI, FIT-Connect), the day that certificate expires."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ozg_desk.domain.channels import CHANNELS
from ozg_desk.domain.fields import JsonValue
from ozg_desk.ui.editor.widgets import narrow_form
from ozg_desk.ui.widgets.a11y import buddy_label, named
from ozg_desk.ui.widgets.date_field import DateField

CERTIFICATE = "zertifikat_gueltig_bis"


class ChannelForm(QWidget):
    """Emits `committed(fields)` with `empfangskanal`, `kanal_details` and/or the certificate's
    expiry to save."""

    committed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.channel = named(QComboBox(), "Empfangskanal")
        self.channel.addItem("— noch nicht gewählt —", None)
        for key, channel in CHANNELS.items():
            self.channel.addItem(channel.label, key)
        self.channel.activated.connect(self._channel_chosen)
        self.layout_ = narrow_form(self)
        self.layout_.addRow(buddy_label("&Empfangskanal:", self.channel), self.channel)
        self.details: dict[str, QLineEdit] = {}
        self.certificate: DateField | None = None
        self._loaded: dict[str, str] = {}
        self._certificate: str | None = None

    def set_values(self, values: Mapping[str, JsonValue]) -> None:
        key = values.get("empfangskanal")
        self.channel.blockSignals(True)
        self.channel.setCurrentIndex(max(self.channel.findData(key), 0))
        self.channel.blockSignals(False)
        details = values.get("kanal_details")
        self._loaded = dict(details) if isinstance(details, dict) else {}
        day = values.get(CERTIFICATE)
        self._certificate = str(day) if day else None
        self._build(str(key) if key else None)

    def _build(self, key: str | None) -> None:
        while self.layout_.rowCount() > 1:
            self.layout_.removeRow(1)
        self.details = {}
        channel = CHANNELS.get(key or "")
        if channel is None:
            return
        for field in channel.fields:
            if not field.shown:
                continue
            edit = named(QLineEdit(self._loaded.get(field.name, "")), field.label)
            edit.setMaxLength(500)
            edit.editingFinished.connect(self._details_finished)
            self.details[field.name] = edit
            self.layout_.addRow(buddy_label(f"{field.label}:", edit), edit)
        self.certificate = None
        if channel.certificate:
            self.certificate = self._certificate_field(channel.certificate)

    def _certificate_field(self, name: str) -> DateField:
        label = f"Zertifikat ({name}) gültig bis"
        old = self._loaded.get("zertifikat_bis")  # free text of older versions
        hint = "„Fällig“ meldet das Ablaufdatum 90 Tage vorher."
        if old:
            hint += f" Früher als Text erfasst: „{old}“."
        field = DateField()
        field.set_value(self._certificate)
        named(field, label, hint)
        field.edit.setToolTip(hint)
        field.committed.connect(self._certificate_finished)
        self.layout_.addRow(buddy_label(f"{label}:", field), field)
        return field

    def _certificate_finished(self, day: str | None) -> None:
        if day != self._certificate:
            self._certificate = day
            self.committed.emit({CERTIFICATE: day})

    def _channel_chosen(self, _index: int) -> None:
        # Details and certificate belong to one channel; choosing another starts them empty.
        self._loaded = {}
        had_certificate, self._certificate = self._certificate, None
        self._build(self.channel.currentData())
        fields: dict[str, object] = {
            "empfangskanal": self.channel.currentData(),
            "kanal_details": {},
        }
        if had_certificate:
            fields[CERTIFICATE] = None
        self.committed.emit(fields)

    def _details_finished(self) -> None:
        current = {name: edit.text().strip() for name, edit in self.details.items()}
        current = {name: text for name, text in current.items() if text}
        # Hidden details of older versions are kept, never dropped by an unrelated edit.
        current |= {name: text for name, text in self._loaded.items() if name not in self.details}
        if current != self._loaded:
            self._loaded = current
            self.committed.emit({"kanal_details": current})
