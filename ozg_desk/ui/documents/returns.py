"""„Rücklauf erfassen“: a signed paper came back. Its number is typed, its QR code read with
a hand scanner (which types it), or a scan of many papers (PDF or images) is opened and every
document on it recorded in one step; Rückgängig takes a recording back."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.app.german_time import german_date
from ozg_desk.documents.returns import RETURNED, look_up
from ozg_desk.domain.documents import STATE_LABELS
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.documents.dialogs import date_field, date_of
from ozg_desk.ui.documents.model import last_step_on
from ozg_desk.ui.documents.ops import advance, advance_all, load_entries
from ozg_desk.ui.documents.scan import (
    SCAN_FILTER,
    ScanFindings,
    ScanResult,
    ScanRun,
    findings,
    scan_summary,
)
from ozg_desk.ui.widgets.a11y import buddy_label, named
from ozg_desk.ui.widgets.form_support import MessageLabel, chars, guarded

if TYPE_CHECKING:
    from ozg_desk.store.register import RegisterEntry


class ReturnDialog(QDialog):
    """One paper after the other: each recorded return empties the field for the next."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.entries: dict[str, RegisterEntry] = {}
        self.recorded: list[str] = []
        self.scan: ScanRun | None = None  # a scan being read
        self.loaded = False
        self._busy = False
        self.setWindowTitle("Rücklauf erfassen")
        self.setAccessibleName("Rücklauf erfassen")
        intro = QLabel(
            "Die Nummer des unterschrieben zurückgekommenen Dokuments eingeben, seinen "
            "QR-Code mit dem Handscanner lesen oder einen Scan der Papiere öffnen (PDF oder "
            "Bilder, auch viele Seiten auf einmal)."
        )
        intro.setWordWrap(True)
        self.field = named(
            QLineEdit(), "Nummer oder QR-Code", "Zum Beispiel 2026-ABCD-0001; Enter erfasst"
        )
        self.field.setMinimumWidth(chars(self, 44))
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.found.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)  # room for a long title
        self.date = named(date_field(), "unterschrieben zurück am")
        self.message = MessageLabel()
        form = QFormLayout()
        form.addRow(buddy_label("&Nummer oder QR-Code:", self.field), self.field)
        form.addRow(buddy_label("unterschrieben zurück &am:", self.date), self.date)
        buttons = QDialogButtonBox()
        self.record = named(
            buttons.addButton("&Erfassen", QDialogButtonBox.ButtonRole.ActionRole),
            "Erfassen",
            "Den Stand „unterschrieben zurück“ mit dem Datum setzen",
        )
        self.scan_button = named(
            buttons.addButton("Aus S&can lesen …", QDialogButtonBox.ButtonRole.ActionRole),
            "Aus Scan lesen",
            "Einen Scan (PDF, PNG, JPEG, TIFF) öffnen und jedes Dokument darauf erfassen",
        )
        close = named(
            buttons.addButton("&Schließen", QDialogButtonBox.ButtonRole.RejectRole), "Schließen"
        )
        for button in (self.scan_button, close):
            button.setAutoDefault(False)
        self.record.setDefault(True)  # a scanner ends the code with Enter
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.found)
        layout.addWidget(self.message)
        layout.addStretch()
        layout.addWidget(buttons)
        self.resize(
            chars(self, 76), self.sizeHint().height() + self.fontMetrics().lineSpacing() * 2
        )
        self.record.clicked.connect(self.record_return)
        self.scan_button.clicked.connect(self.choose_scan)
        close.clicked.connect(self.reject)
        self.field.textChanged.connect(self._show_found)
        self.record.setEnabled(False)
        desk.run_background(
            lambda: load_entries(desk.session),
            guarded(self, self._loaded),
            label="Register wird gelesen",
            on_error=guarded(self, self._failed),
        )

    def _loaded(self, entries: Sequence[RegisterEntry]) -> None:
        self.entries = {entry.nummer: entry for entry in entries}
        self.loaded = True
        self.record.setEnabled(True)
        self._show_found(self.field.text())

    def _show_found(self, text: str) -> None:
        result = look_up(text, self.entries) if self.loaded else None
        entry = None if result is None else result.entry
        if entry is None:
            self.found.clear()
        else:
            self.found.setText(
                f"Gefunden: {entry.nummer} · {entry.titel}\n"
                f"Stand: {STATE_LABELS.get(entry.zustand, entry.zustand)}"
            )
        self.found.setAccessibleName(self.found.text())
        if result is not None and result.problem and result.complete:
            self.message.show_error(result.problem)
        elif text.strip():
            self.message.clear_message()

    def record_return(self) -> None:
        if self._busy or not self.loaded:
            return
        result = look_up(self.field.text(), self.entries)
        if result.problem is not None or result.entry is None:
            self.message.show_error(result.problem or "")
            self.field.selectAll()
            self.field.setFocus()
            return
        entry, day = result.entry, date_of(self.date)
        if day is None:
            self.date.setFocus()
            return
        latest = last_step_on(entry)
        if latest is not None and day < latest:
            self.message.show_error(
                f"Das Datum liegt vor dem letzten Schritt des Dokuments ({german_date(latest)})."
            )
            return
        self._busy = True
        nummer = entry.nummer
        self.desk.write(
            f"Rücklauf {nummer}",
            lambda repository: advance(repository, nummer, RETURNED, day),
            on_done=guarded(self, lambda _changes: self._recorded(entry, day)),
            on_error=guarded(self, self._failed),
        )

    def _recorded(self, entry: RegisterEntry, day: dt.date) -> None:
        self._busy = False
        self._note_returned(entry, day)
        self.field.clear()
        self.message.show_info(
            f"Erfasst: {entry.nummer} ({entry.titel}) – unterschrieben zurück am "
            f"{german_date(day)}. Bereit für das nächste Dokument."
        )
        self.field.setFocus()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        message = self.desk.explain(error)
        self.message.show_error(f"Nicht erfasst: {message}")

    def _note_returned(self, entry: RegisterEntry, day: dt.date) -> None:
        self.entries[entry.nummer] = dataclasses.replace(
            entry, zustand=RETURNED, dates={**entry.dates, RETURNED: day.isoformat()}
        )
        self.recorded.append(entry.nummer)

    # --- a scan of many papers -------------------------------------------------------------

    def choose_scan(self) -> None:
        if self._busy or not self.loaded:
            return
        names, _filter = QFileDialog.getOpenFileNames(
            self, "Scan der zurückgekommenen Papiere öffnen", "", SCAN_FILTER
        )
        if names:
            self.read_scan([Path(name) for name in names])

    def read_scan(self, paths: Sequence[Path]) -> None:
        """Read the codes of `paths` on the file worker, then record every document found."""
        self._busy = True
        self.message.show_info("Scan wird gelesen …")
        self.scan = ScanRun(self.desk, paths, self)
        self.scan.finished.connect(self._scan_read)
        self.scan.start()

    def done(self, result: int) -> None:
        if self.scan is not None:  # closed while reading: stop, record nothing
            self.scan.cancel()
        super().done(result)

    def _scan_read(self) -> None:
        assert self.scan is not None
        result, self.scan = self.scan.result, None
        if result.cancelled:
            self._busy = False
            self._show_scan(ScanFindings(), [], result)
            return
        # Fresh from the database: another PC's sync may have recorded some papers meanwhile.
        self.desk.run_background(
            lambda: load_entries(self.desk.session),
            guarded(self, lambda entries: self._scanned(result, entries)),
            label="Register wird gelesen",
            on_error=guarded(self, self._failed),
        )

    def _scanned(self, result: ScanResult, entries: Sequence[RegisterEntry]) -> None:
        self.entries = {entry.nummer: entry for entry in entries}
        found = findings(result, self.entries)
        day = date_of(self.date)
        if day is None:  # the field says why; nothing is recorded with a date nobody meant
            self.date.setFocus()
            return
        ready = []
        for entry in found.to_record:
            latest = last_step_on(entry)
            if latest is not None and day < latest:
                found.refused.append(
                    f"{entry.nummer}: Das Datum liegt vor dem letzten Schritt des Dokuments "
                    f"({german_date(latest)})."
                )
            else:
                ready.append(entry)
        if not ready:
            self._busy = False
            self._show_scan(found, [], result)
            return
        numbers = [entry.nummer for entry in ready]
        self.desk.write(
            f"Rücklauf aus Scan ({', '.join(numbers)})",
            lambda repository: advance_all(repository, numbers, RETURNED, day),
            on_done=guarded(self, lambda _changes: self._scan_recorded(found, ready, day, result)),
            on_error=guarded(self, lambda error: self._scan_failed(found, result, error)),
        )

    def _scan_failed(self, found: ScanFindings, result: ScanResult, error: BaseException) -> None:
        self._busy = False
        found.refused.insert(0, f"Nicht erfasst: {self.desk.explain(error)}")
        self._show_scan(found, [], result)

    def _scan_recorded(
        self, found: ScanFindings, ready: Sequence[RegisterEntry], day: dt.date, result: ScanResult
    ) -> None:
        self._busy = False
        for entry in ready:
            self._note_returned(entry, day)
        self._show_scan(found, [entry.nummer for entry in ready], result)

    def _show_scan(self, found: ScanFindings, recorded: list[str], result: ScanResult) -> None:
        text = scan_summary(found, recorded, result)
        if recorded and not (found.refused or result.unreadable or result.cancelled):
            self.message.show_info(text)
        else:
            self.message.show_error(text)
        # A wrapped label does not grow its dialog by itself: make room for the report.
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))
        self.field.setFocus()
