"""„Behörde bearbeiten“: details, signatories, Ansprechpartner, Gemeinden and the author name.

Each save is one undoable step in the desk history; the ARS is shown but cannot be changed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.domain.behoerde import Behoerde
from ozg_desk.figures.defaults import Defaults, shipped_defaults
from ozg_desk.store import queries
from ozg_desk.store.area_queries import Area, behoerde_candidates, member_gemeinden
from ozg_desk.store.changes import Changes
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.setup.contacts_form import ContactsForm
from ozg_desk.ui.setup.details_form import DetailsForm, first_error
from ozg_desk.ui.setup.economics_form import EconomicsForm
from ozg_desk.ui.setup.gemeinden_list import GemeindeEntry, GemeindenList
from ozg_desk.ui.setup.saving import save_behoerde
from ozg_desk.ui.setup.signatories_form import AuthorField, SignatoriesForm
from ozg_desk.ui.widgets.a11y import named
from ozg_desk.ui.widgets.form_support import MessageLabel, guarded

SAVE_LABEL = "Behörde geändert"


@dataclass(frozen=True)
class Loaded:
    """The current Behörde and the Gemeinden the area data offers for it."""

    behoerde: Behoerde | None
    offered: tuple[Area, ...]
    defaults: Defaults | None = None  # read here, off the GUI thread (a file)


def load(connection: sqlite3.Connection) -> Loaded:
    behoerde = queries.local_behoerde(connection)
    if behoerde is None:
        return Loaded(None, ())
    areas = [
        area for area in behoerde_candidates(connection, behoerde.ars) if area.ars == behoerde.ars
    ]
    offered = member_gemeinden(connection, areas[0]) if areas else []
    return Loaded(behoerde, tuple(offered), shipped_defaults())


def gemeinde_entries(loaded: Loaded) -> list[GemeindeEntry]:
    """Current Gemeinden and those of the area data, once each, by name."""
    assert loaded.behoerde is not None
    entries = {g.ars: GemeindeEntry(g.ars, g.ags, g.name) for g in loaded.behoerde.gemeinden}
    for area in loaded.offered:
        entries.setdefault(area.ars, GemeindeEntry(area.ars, area.ags, area.name))
    return sorted(entries.values(), key=lambda entry: (entry.name.casefold(), entry.ars))


class BehoerdeDialog(QDialog):
    """Loads in the background; „Speichern“ writes and closes only after success."""

    saved = Signal(object)  # Changes

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle("Behörde bearbeiten")
        self.setAccessibleName("Behörde bearbeiten")
        self.details = DetailsForm()
        self.signatories = SignatoriesForm()
        self.author = AuthorField(desk.session.author)
        self.contacts = ContactsForm()
        self.gemeinden = GemeindenList()
        self.tabs = named(QTabWidget(), "Bereiche", "Strg+Tab wechselt den Bereich.")
        self.tabs.addTab(self.details, "Angaben")
        self.tabs.addTab(self._signatories_tab(), "Unterzeichnende")
        self.tabs.addTab(self.contacts, "Ansprechpartner")
        self.tabs.addTab(self.gemeinden, "Gemeinden")
        self.economics = EconomicsForm()
        self.tabs.addTab(self.economics, "Wirtschaftlichkeit")
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Speichern")  # no Alt letter: „S“ belongs to Straße
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbrechen")
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.details.typ_changed.connect(self.signatories.set_typ)
        self.details.edited.connect(self.message.clear_message)
        self.message.show_info("Wird geladen …")
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 115, metrics.height() * 36)
        self._saving = False
        desk.read(load, guarded(self, self._loaded))

    def _signatories_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.signatories)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.author)
        layout.addStretch()
        return tab

    def _loaded(self, loaded: Loaded) -> None:
        behoerde = loaded.behoerde
        if behoerde is None:
            self.message.show_error("Es ist noch keine Behörde eingerichtet.")
            return
        self.details.set_values(behoerde.values)
        self.signatories.set_typ(self.details.typ_key())
        self.signatories.set_values(behoerde.values)
        self.contacts.set_values(behoerde.kontakte)
        self.economics.set_values(behoerde.values, loaded.defaults)
        current = {g.ars for g in behoerde.gemeinden}
        self.gemeinden.set_gemeinden(gemeinde_entries(loaded), checked=current)
        self.message.clear_message()
        self.save_button.setEnabled(True)

    def accept(self) -> None:
        if self._saving:
            return
        fields = {**self.details.values(), **self.signatories.values(), **self.economics.values()}
        found = first_error(fields)
        message = found[1] if found else self.author.error()
        if found and (widget := self.economics.widget_of(found[0])) is not None:
            self.tabs.setCurrentWidget(self.economics)
            widget.setFocus()
        if message is None and (bad := self.contacts.error()) is not None:
            self.tabs.setCurrentWidget(self.contacts)
            bad[0].setFocus()
            message = bad[1]
        if message is not None:
            self.message.show_error(message)
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.message.show_info("Wird gespeichert …")
        self.desk.write(
            SAVE_LABEL,
            save_behoerde(
                fields, self.gemeinden.checked(), self.author.name(), self.contacts.values()
            ),
            on_done=guarded(self, self._saved),
            on_error=guarded(self, self._failed),
        )

    def reject(self) -> None:
        if not self._saving:  # a running save finishes first; its outcome decides
            super().reject()

    def _saved(self, changes: Changes) -> None:
        self.desk.session.author = self.author.name()
        self.saved.emit(changes)
        super().accept()

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        message = self.desk.explain(error)
        self.message.show_error(f"Nicht gespeichert: {message}")
