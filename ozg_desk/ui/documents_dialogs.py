"""„Rücklauf erfassen“ (a signed paper came back: type its number or scan its QR code) and
„Stand setzen“ (printed, sent, confirmed). Both move a document forward only, and for good:
a document's way is a record of facts, so these writes are not undoable."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.documents.numbering import normalize_number, parse_qr_payload
from ozg_desk.domain.documents import STATE_LABELS, STATES
from ozg_desk.ui.a11y import buddy_label, named
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.documents_model import german, last_step_on
from ozg_desk.ui.documents_ops import advance, load_entries, today
from ozg_desk.ui.form_support import MessageLabel, chars, guarded

if TYPE_CHECKING:
    from ozg_desk.store.register import RegisterEntry

RETURNED = "unterschrieben"
# A hand scanner set to a US keyboard on a German layout types Y/Z swapped, „Ö“ for „:“ and
# „ß“ for „-“; the code's own prefix shows it, so the text can be put right.
_SWAPPED_PREFIX = "OYGDÖ"
_LAYOUT_FIX = str.maketrans("YZyzÖöß", "ZYzy::-")


def date_field(minimum: dt.date | None = None) -> QDateEdit:
    """A German date field with a calendar, today by default; no day in the future."""
    field = QDateEdit()
    field.setCalendarPopup(True)
    field.setDisplayFormat("dd.MM.yyyy")
    now = today()
    field.setMaximumDate(QDate(now.year, now.month, now.day))
    if minimum is not None:
        field.setMinimumDate(QDate(minimum.year, minimum.month, minimum.day))
    field.setDate(QDate(now.year, now.month, now.day))
    return field


def date_of(field: QDateEdit) -> dt.date:
    value = field.date()
    return dt.date(value.year(), value.month(), value.day())


@dataclass(frozen=True)
class Lookup:
    """What a typed or scanned text refers to: an entry to record, or why not."""

    entry: RegisterEntry | None
    problem: str | None
    complete: bool  # the text is a whole number or code (not still being typed)


def look_up(text: str, entries: Mapping[str, RegisterEntry]) -> Lookup:
    cleaned = text.strip()
    if not cleaned:
        return Lookup(None, "Bitte die Dokumentnummer eingeben oder den QR-Code scannen.", False)
    if cleaned.upper().startswith(_SWAPPED_PREFIX):
        cleaned = cleaned.translate(_LAYOUT_FIX)  # before upper(): that makes „ß“ „SS“
    scanned = parse_qr_payload(cleaned.upper())
    check: str | None = None
    if scanned is not None:
        nummer, check = scanned
    else:
        typed = normalize_number(cleaned)
        if typed is None:
            return Lookup(
                None,
                f"„{cleaned}“ ist weder eine Dokumentnummer (Form 2026-ABCD-0001) noch der "
                "QR-Code eines Dokuments.",
                False,
            )
        nummer = typed
    entry = entries.get(nummer)
    if entry is None:
        return Lookup(None, f"Ein Dokument mit der Nummer {nummer} ist nicht im Register.", True)
    if check is not None and check != entry.pruefwert:
        return Lookup(
            None,
            f"Der QR-Code passt nicht zu Dokument {nummer}: sein Prüfwert ist {check}, im "
            f"Register steht {entry.pruefwert}. Das Papier gehört zu einem anderen oder "
            "veränderten Dokument; nichts erfasst.",
            True,
        )
    if entry.zustand in STATES and STATES.index(entry.zustand) >= STATES.index(RETURNED):
        when = german(entry.dates.get(RETURNED))
        since = f" (unterschrieben zurück am {when})" if when else ""
        return Lookup(
            entry,
            f"Dokument {nummer} ist bereits „{STATE_LABELS[entry.zustand]}“{since}; "
            "nichts erfasst.",
            True,
        )
    return Lookup(entry, None, True)


class ReturnDialog(QDialog):
    """One paper after the other: each recorded return empties the field for the next."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.entries: dict[str, RegisterEntry] = {}
        self.recorded: list[str] = []
        self.loaded = False
        self._busy = False
        self.setWindowTitle("Rücklauf erfassen")
        self.setAccessibleName("Rücklauf erfassen")
        intro = QLabel(
            "Die Nummer des unterschrieben zurückgekommenen Dokuments eingeben oder seinen "
            "QR-Code mit dem Handscanner lesen."
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
        close = named(
            buttons.addButton("&Schließen", QDialogButtonBox.ButtonRole.RejectRole), "Schließen"
        )
        close.setAutoDefault(False)
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
        latest = last_step_on(entry)
        if latest is not None and day < latest:
            self.message.show_error(
                f"Das Datum liegt vor dem letzten Schritt des Dokuments "
                f"({german(latest.isoformat())})."
            )
            return
        self._busy = True
        nummer = entry.nummer
        self.desk.write(
            f"Rücklauf {nummer}",
            lambda repository: advance(repository, nummer, RETURNED, day),
            on_done=guarded(self, lambda _changes: self._recorded(entry, day)),
            on_error=guarded(self, self._failed),
            undoable=False,
        )

    def _recorded(self, entry: RegisterEntry, day: dt.date) -> None:
        self._busy = False
        self.entries[entry.nummer] = dataclasses.replace(
            entry, zustand=RETURNED, dates={**entry.dates, RETURNED: day.isoformat()}
        )
        self.recorded.append(entry.nummer)
        self.field.clear()
        self.message.show_info(
            f"Erfasst: {entry.nummer} ({entry.titel}) – unterschrieben zurück am "
            f"{day:%d.%m.%Y}. Bereit für das nächste Dokument."
        )
        self.field.setFocus()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        message = self.desk.explain(error)
        self.message.show_error(f"Nicht erfasst: {message}")


class StateDialog(QDialog):
    """Confirm a new state with its date; `day()` after Accepted."""

    def __init__(self, entry: RegisterEntry, state: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = STATE_LABELS[state]
        self.setWindowTitle(f"Stand „{label}“ setzen")
        self.setAccessibleName(f"Stand {label} setzen")
        about = QLabel(
            f"{entry.nummer} · {entry.titel}\n"
            f"bisher: {STATE_LABELS.get(entry.zustand, entry.zustand)}, neu: {label}"
        )
        about.setWordWrap(True)
        note = QLabel("Ein gesetzter Stand lässt sich nicht zurücknehmen.")
        self.date = named(date_field(last_step_on(entry)), f"{label} am")
        form = QFormLayout()
        form.addRow(buddy_label(f"{label} &am:", self.date), self.date)
        buttons = QDialogButtonBox()
        ok = named(
            buttons.addButton("Stand &setzen", QDialogButtonBox.ButtonRole.AcceptRole),
            "Stand setzen",
        )
        cancel = named(
            buttons.addButton("A&bbrechen", QDialogButtonBox.ButtonRole.RejectRole), "Abbrechen"
        )
        ok.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(chars(self, 64))

    def day(self) -> dt.date:
        return date_of(self.date)
