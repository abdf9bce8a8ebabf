"""Bulk edit: set status, owner, Zieltermin or relevance of many Leistungen, with a preview of
exactly what will change, applied in one transaction and undone in one step."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.app.errors import KnownError
from ozg_desk.domain.bulk import PlannedRow, plan_bulk
from ozg_desk.domain.catalogue import LeistungRow
from ozg_desk.domain.lifecycle import STATUS_LABELS, Status, Workflow
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.widgets.a11y import buddy_label, named
from ozg_desk.ui.widgets.date_field import DateField

UNCHANGED = "— unverändert —"
NEEDS_REASON = {Status.NOT_RELEVANT, Status.DEFERRED, Status.OFFLINE}


class BulkEditDialog(QDialog):
    """Changes nothing until „Übernehmen“; the preview is recomputed on every input."""

    def __init__(
        self,
        desk: Desk,
        rows: Sequence[LeistungRow],
        workflow: Workflow,
        owners: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk, self.rows, self.workflow = desk, list(rows), workflow
        self.plan: list[PlannedRow] = []
        self.setWindowTitle(f"Sammelbearbeitung – {len(self.rows)} Leistungen")
        self.setAccessibleName("Sammelbearbeitung")
        self.status = named(QComboBox(), "Neuer Status")
        self.status.addItem(UNCHANGED, None)
        for status, label in STATUS_LABELS.items():
            self.status.addItem(label, status.value)
        self.reason = named(QLineEdit(), "Begründung des Status")
        self.set_owner = named(QCheckBox("verantwortlich &setzen:"), "verantwortlich setzen")
        self.owner = named(QComboBox(), "verantwortlich")
        self.owner.setEditable(True)
        self.owner.addItems(list(owners))
        self.owner.setCurrentText("")
        self.set_date = named(QCheckBox("&Zieltermin setzen:"), "Zieltermin setzen")
        self.date = named(DateField(), "Zieltermin")
        self.set_avv = named(QCheckBox("A&VV zu verlängern bis setzen:"), "AVV-Datum setzen")
        self.avv = named(DateField(), "AVV zu verlängern bis")
        form = QFormLayout()
        form.addRow(buddy_label("Neuer &Status:", self.status), self.status)
        form.addRow(buddy_label("&Begründung:", self.reason), self.reason)
        form.addRow(self.set_owner, self.owner)
        form.addRow(self.set_date, self.date)
        form.addRow(self.set_avv, self.avv)
        self.preview = named(QTreeWidget(), "Vorschau der Änderungen")
        self.preview.setRootIsDecorated(False)
        self.summary = named(QLabel(), "Zusammenfassung")
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.apply_button = named(
            buttons.addButton("Ü&bernehmen", QDialogButtonBox.ButtonRole.AcceptRole), "Übernehmen"
        )
        cancel = named(
            buttons.addButton("&Abbrechen", QDialogButtonBox.ButtonRole.RejectRole), "Abbrechen"
        )
        cancel.clicked.connect(self.reject)
        self.apply_button.clicked.connect(self._apply)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Vorschau</b>"))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        for signal in (
            self.status.currentIndexChanged,
            self.set_owner.toggled,
            self.set_date.toggled,
            self.set_avv.toggled,
            self.owner.currentTextChanged,
            self.reason.textChanged,
        ):
            signal.connect(self.refresh)
        self.date.committed.connect(self.refresh)
        self.avv.committed.connect(self.refresh)
        self.resize(self.fontMetrics().averageCharWidth() * 130, self.fontMetrics().height() * 32)
        self.refresh()

    def request(self) -> dict[str, object]:
        fields: dict[str, object] = {}
        status = self.status.currentData()
        if status is not None:
            fields["status"] = status
            if Status(status) in NEEDS_REASON or self.reason.text().strip():
                fields["status_begruendung"] = self.reason.text()
        if self.set_owner.isChecked():
            fields["verantwortlich"] = self.owner.currentText()
        if self.set_date.isChecked():
            fields["zieltermin"] = self.date.value()
        if self.set_avv.isChecked():
            fields["avv_verlaengerung_am"] = self.avv.value()
        return fields

    def refresh(self) -> None:
        self.owner.setEnabled(self.set_owner.isChecked())
        self.date.setEnabled(self.set_date.isChecked())
        self.avv.setEnabled(self.set_avv.isChecked())
        self.preview.clear()
        try:
            self.plan = (
                plan_bulk(self.rows, self.request(), self.workflow) if self.request() else []
            )
        except KnownError as error:
            self.plan = []
            self.summary.setText(f"Eingabe nicht gültig: {error}")
            self.apply_button.setEnabled(False)
            return
        labels = {change.field: change.label for row in self.plan for change in row.changes}
        fields = [name for name in self.request() if name in labels]
        self.preview.setHeaderLabels(["Leistung", *(labels[name] for name in fields), "Hinweis"])
        for row in self.plan:
            by_field = {change.field: f"{change.old} → {change.new}" for change in row.changes}
            note = row.problem or ("wird erfasst" if row.create and row.changes else "")
            cells = [
                f"{row.ozg_id} {row.name}",
                *(by_field.get(name, "unverändert") for name in fields),
            ]
            cells.append(
                f"übersprungen: {note}"
                if row.problem
                else note
                if row.changes
                else "keine Änderung"
            )
            item = QTreeWidgetItem(cells)
            for column, text in enumerate(cells):
                item.setToolTip(column, text)
            self.preview.addTopLevelItem(item)
        char = self.fontMetrics().averageCharWidth()
        self.preview.setColumnWidth(0, char * 36)
        for column in range(1, len(fields) + 1):
            self.preview.setColumnWidth(column, char * 28)
        applying = sum(1 for row in self.plan if row.applies)
        skipped = sum(1 for row in self.plan if row.problem)
        self.summary.setText(
            f"{applying} Leistungen werden geändert, {skipped} übersprungen."
            if self.plan
            else "Bitte oben wählen, was geändert werden soll."
        )
        self.apply_button.setEnabled(applying > 0)
        self.apply_button.setText(f"Ü&bernehmen ({applying})")

    def _apply(self) -> None:
        items = [(row.ozg_id, dict(row.fields)) for row in self.plan if row.applies]
        self.apply_button.setEnabled(False)
        self.desk.write(
            f"Sammelbearbeitung ({len(items)} Leistungen)",
            lambda repository: repository.bulk_update(items),
            on_done=lambda _changes: self.accept(),
            on_error=self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            self.desk.failed.emit(error)
            return
        self.summary.setText(f"Nicht gespeichert: {error}")
        self.apply_button.setEnabled(True)
