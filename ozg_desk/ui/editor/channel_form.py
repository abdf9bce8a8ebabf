"""Empfangskanal: the channel and the fields specific to it (destination id, DVDV key, …)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ozg_desk.domain.channels import CHANNELS
from ozg_desk.domain.fields import JsonValue
from ozg_desk.ui.editor.widgets import narrow_form
from ozg_desk.ui.widgets.a11y import buddy_label, named


class ChannelForm(QWidget):
    """Emits `committed(fields)` with `empfangskanal` and/or `kanal_details` to save."""

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
        self._loaded: dict[str, str] = {}

    def set_values(self, values: Mapping[str, JsonValue]) -> None:
        key = values.get("empfangskanal")
        self.channel.blockSignals(True)
        self.channel.setCurrentIndex(max(self.channel.findData(key), 0))
        self.channel.blockSignals(False)
        details = values.get("kanal_details")
        self._loaded = dict(details) if isinstance(details, dict) else {}
        self._build(str(key) if key else None)

    def _build(self, key: str | None) -> None:
        while self.layout_.rowCount() > 1:
            self.layout_.removeRow(1)
        self.details = {}
        channel = CHANNELS.get(key or "")
        if channel is None:
            return
        for field in channel.fields:
            edit = named(QLineEdit(self._loaded.get(field.name, "")), field.label)
            edit.setMaxLength(500)
            edit.editingFinished.connect(self._details_finished)
            self.details[field.name] = edit
            self.layout_.addRow(buddy_label(f"{field.label}:", edit), edit)

    def _channel_chosen(self, _index: int) -> None:
        # Details belong to one channel; choosing another starts them empty.
        self._loaded = {}
        self._build(self.channel.currentData())
        self.committed.emit({"empfangskanal": self.channel.currentData(), "kanal_details": {}})

    def _details_finished(self) -> None:
        current = {name: edit.text().strip() for name, edit in self.details.items()}
        current = {name: text for name, text in current.items() if text}
        if current != self._loaded:
            self._loaded = current
            self.committed.emit({"kanal_details": current})
