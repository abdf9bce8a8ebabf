"""The Anbindung editor: status, details, channel, Gemeinden, Reifegrad, checklist, history.

Every finished edit is saved at once through the desk (and so can be undone); when the desk
announces changes to the shown record, the editor reloads it from the database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.app.errors import KnownError
from ozg_desk.domain.anbindung import ANBINDUNG_FIELDS, DEADLINE_FIELDS, AnbindungRecord
from ozg_desk.domain.behoerde import Gemeinde
from ozg_desk.domain.catalogue import LeistungRow
from ozg_desk.domain.lifecycle import Status, Workflow
from ozg_desk.figures.assumptions import Hint, input_hints
from ozg_desk.figures.defaults import shipped_defaults
from ozg_desk.figures.time_values import TimeValues
from ozg_desk.store import queries
from ozg_desk.store.changes import Changes, Edit
from ozg_desk.store.queries import HistoryEntry
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.editor.channel_form import ChannelForm
from ozg_desk.ui.editor.checklist_form import ChecklistForm
from ozg_desk.ui.editor.economics_form import EconomicsForm
from ozg_desk.ui.editor.field_form import FieldForm
from ozg_desk.ui.editor.gemeinden_form import GemeindenForm
from ozg_desk.ui.editor.history_view import HistoryView
from ozg_desk.ui.editor.reifegrad_form import ReifegradForm
from ozg_desk.ui.editor.stepper import StatusStepper
from ozg_desk.ui.editor.transition_dialog import TransitionDialog
from ozg_desk.ui.widgets.a11y import named

DETAIL_FIELDS = (
    "zieltermin",
    "golive_datum",
    "prioritaet",
    "fallzahl",
    "verantwortlich",
    "nachnutzungsmodell",
    "notizen",
)


@dataclass(frozen=True)
class Loaded:
    """Everything the editor shows for one record, read in one transaction."""

    record: AnbindungRecord | None
    history: list[HistoryEntry]
    gemeinden: tuple[Gemeinde, ...]
    hints: Mapping[str, Hint]  # the defaults beside the Kennzahlen inputs
    time_values: TimeValues  # the Zeitwerttabelle, for estimating minutes per case


def _load(connection: sqlite3.Connection, record_id: str) -> Loaded:
    behoerde = queries.local_behoerde(connection)
    return Loaded(
        queries.anbindung(connection, record_id),
        queries.history(connection, record_id),
        behoerde.gemeinden if behoerde else (),
        input_hints(shipped_defaults(), behoerde.values if behoerde else {}),
        shipped_defaults().time_values,
    )


def _sections(*parts: tuple[str, QWidget]) -> QWidget:
    """Widgets under bold headings, stacked vertically."""
    page = QWidget()
    layout = QVBoxLayout(page)
    for heading, widget in parts:
        if heading:
            title = QLabel(heading)
            font = title.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.1)
            title.setFont(font)
            layout.addWidget(title)
        layout.addWidget(widget)
    layout.addStretch()
    return page


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    # Tab goes straight to the fields (the area scrolls to each one): a stop on the bare
    # area would be a nameless pause for a screen reader.
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(widget)
    return area


class AnbindungEditor(QWidget):
    """Shows the selected Leistung; `create_requested(ozg_id)` for untracked ones."""

    create_requested = Signal(str)
    not_relevant_requested = Signal(str)
    document_requested = Signal(str)  # „Dokument erzeugen …“ for the shown, tracked Leistung

    def __init__(self, desk: Desk, workflow: Workflow) -> None:
        super().__init__()
        self.desk = desk
        self.workflow = workflow
        self.row: LeistungRow | None = None
        self.record: AnbindungRecord | None = None
        self.title = QLabel("Bitte links eine Leistung auswählen.")
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.document_button = named(
            QPushButton("Doku&ment erzeugen …"),
            "Dokument erzeugen",
            "Antrag, Fragebogen oder Bestätigung für diese Leistung erzeugen",
        )
        self.document_button.clicked.connect(lambda: self._emit_for_row(self.document_requested))
        self.document_button.hide()
        self.error = named(QLabel(), "Hinweis zur letzten Änderung")
        self.error.setWordWrap(True)
        self.error.hide()
        self.pages = QStackedWidget()
        self.pages.addWidget(QWidget())
        self.pages.addWidget(self._untracked_page())
        self.pages.addWidget(self._tabs())
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.document_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.error)
        layout.addWidget(self.pages, 1)
        desk.changed.connect(self.on_changed)

    def _untracked_page(self) -> QWidget:
        page = QWidget()
        text = QLabel("Diese Leistung wird noch nicht verfolgt.")
        self.create_button = named(
            QPushButton("Erfassen (Strg+N)"),
            "Leistung erfassen",
            "Eine Anbindung mit Status „offen“ und Checkliste anlegen",
        )
        self.not_relevant_button = named(
            QPushButton("Als nicht relevant entscheiden …"), "Als nicht relevant entscheiden"
        )
        self.create_button.clicked.connect(lambda: self._emit_for_row(self.create_requested))
        self.not_relevant_button.clicked.connect(
            lambda: self._emit_for_row(self.not_relevant_requested)
        )
        layout = QVBoxLayout(page)
        for widget in (text, self.create_button, self.not_relevant_button):
            layout.addWidget(widget)
        layout.addStretch()
        return page

    def _tabs(self) -> QTabWidget:
        self.stepper = StatusStepper(self.workflow)
        self.reason = FieldForm([ANBINDUNG_FIELDS["status_begruendung"]])
        self.details = FieldForm([ANBINDUNG_FIELDS[name] for name in DETAIL_FIELDS])
        self.deadlines = FieldForm([ANBINDUNG_FIELDS[name] for name in DEADLINE_FIELDS])
        self.economics = EconomicsForm()
        self.channel = ChannelForm()
        self.gemeinden = GemeindenForm()
        self.reifegrad = ReifegradForm()
        self.checklist = ChecklistForm()
        self.history = HistoryView()
        tabs = named(QTabWidget(), "Bereiche der Anbindung")
        tabs.addTab(_scrolled(_sections(("", self.stepper), ("", self.reason))), "&1 Status")
        tabs.addTab(
            _scrolled(
                _sections(
                    ("Angaben", self.details),
                    ("Empfangskanal", self.channel),
                    ("Erfasste Gemeinden", self.gemeinden),
                    ("Reifegrad und Nachweis", self.reifegrad),
                    ("AVV und Vertrag", self.deadlines),
                    ("Wirtschaftlichkeit (für die Kennzahlen)", self.economics),
                )
            ),
            "&2 Angaben",
        )
        tabs.addTab(_scrolled(self.checklist), "&3 Checkliste")
        tabs.addTab(self.history, "&4 Historie")
        self.stepper.transition_requested.connect(self._transition)
        self.reason.committed.connect(lambda name, value: self.save({name: value}))
        for fields in (self.details, self.deadlines, self.economics):
            fields.committed.connect(lambda name, value: self.save({name: value}))
        for form in (self.channel, self.gemeinden, self.reifegrad):
            form.committed.connect(self.save)
        self.checklist.committed.connect(self._save_item)
        self.tabs = tabs
        return tabs

    # --- showing -------------------------------------------------------------------------

    def show_row(self, row: LeistungRow | None) -> None:
        self.row = row
        self.error.hide()
        self.document_button.setVisible(row is not None and row.anbindung_id is not None)
        if row is None:
            self.record = None
            self.title.setText("Bitte links eine Leistung auswählen.")
            self.subtitle.clear()
            self.pages.setCurrentIndex(0)
            return
        self.title.setText(f"<b>{row.ozg_id} · {row.name}</b>")
        typ = ", ".join(row.typisierung) or "keine Angabe"
        self.subtitle.setText(
            f"{row.themenfeld} · {row.lage} · {len(row.leika_names)} "
            f"LeiKa-Leistungen · Typisierung {typ}"
        )
        if row.anbindung_id is None:
            self.record = None
            self.pages.setCurrentIndex(1)
            return
        self.reload()

    def reload(self) -> None:
        row = self.row
        if row is None or row.anbindung_id is None:
            return
        record_id = row.anbindung_id
        self.desk.read(lambda connection: _load(connection, record_id), self._loaded)

    def _loaded(self, loaded: Loaded) -> None:
        if self.row is None or loaded.record is None or loaded.record.id != self.row.anbindung_id:
            return  # the selection moved on while loading
        record = self.record = loaded.record
        values = record.values
        self.stepper.show_status(Status(str(values["status"])))
        self.reason.set_values(values)
        self.details.set_values(values)
        self.deadlines.set_values(values)
        self.economics.set_values(values)
        self.economics.set_hints(loaded.hints)
        self.economics.set_time_values(loaded.time_values)
        self.channel.set_values(values)
        self.gemeinden.set_values(values, loaded.gemeinden)
        self.reifegrad.set_values(values)
        self.checklist.set_items(record.checklist)
        self.history.set_entries(loaded.history, {item.id: item.titel for item in record.checklist})
        self.pages.setCurrentIndex(2)

    def on_changed(self, changes: Changes) -> None:
        if self.record is None:
            return
        items = {item.id for item in self.record.checklist}
        if self.record.id in changes.ids("anbindung") or changes.ids("checklist_item") & items:
            self.reload()

    # --- saving --------------------------------------------------------------------------

    def save(self, fields: Mapping[str, object], label: str | None = None) -> None:
        if self.record is None:
            return
        names = [ANBINDUNG_FIELDS[name].label for name in fields if name in ANBINDUNG_FIELDS]
        text = label or f"{', '.join(names)} geändert"
        self.error.hide()
        self.desk.edit(
            text, [Edit("anbindung", self.record.id, dict(fields))], on_error=self._refused
        )

    def _save_item(self, item_id: str, fields: Mapping[str, object]) -> None:
        self.error.hide()
        self.desk.edit(
            "Checkliste geändert",
            [Edit("checklist_item", item_id, dict(fields))],
            on_error=self._refused,
        )

    def _transition(self, target: Status) -> None:
        if self.record is None:
            return
        values = dict(self.record.values)
        missing = self.workflow.missing_fields(target, values)
        fields: dict[str, object] = {"status": target.value}
        if missing:
            dialog = TransitionDialog(target, missing, values, self)
            if dialog.exec() != TransitionDialog.DialogCode.Accepted:
                return
            fields.update(dialog.fields())
        self.save(fields, label=f"Status: {target.label}")

    def _refused(self, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            self.desk.failed.emit(error)
            return
        self.error.setText(f"Nicht gespeichert: {error}")
        self.error.show()
        self.reload()  # show the stored values again

    def _emit_for_row(self, signal: SignalInstance) -> None:
        if self.row is not None:
            signal.emit(self.row.ozg_id)
