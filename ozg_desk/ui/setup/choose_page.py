"""Wizard page „Behörde wählen“: search the imported MV areas, or type the ARS by hand."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ozg_desk.app.reference_data import sources
from ozg_desk.domain.behoerde import TYP_LABELS
from ozg_desk.domain.errors import InvalidKey
from ozg_desk.domain.fields import german_int
from ozg_desk.domain.keys import normalize_ars
from ozg_desk.store.area_queries import Area, behoerde_candidates, has_areas
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.setup.import_dialogs import areas_report_text, choose_areas_file, import_areas_file
from ozg_desk.ui.setup.import_row import ImportRow
from ozg_desk.ui.setup.state import SetupState
from ozg_desk.ui.widgets.a11y import buddy_label, clearable, down_to, named
from ozg_desk.ui.widgets.form_support import MessageLabel, chars, guarded

SEARCH_DELAY_MS = 150  # wait for a pause in typing before asking the database
ROLE = Qt.ItemDataRole.UserRole


def area_text(area: Area) -> str:
    typ = TYP_LABELS.get(area.suggested_typ or "", "")
    kreis = area.kreis_name
    if kreis and kreis != area.name:
        kreis = f" im {kreis}" if kreis.startswith("Landkreis") else f" im Landkreis {kreis}"
    else:
        kreis = ""
    return f"{area.name} – {typ}{kreis} (ARS {area.ars})"


def _search(connection: sqlite3.Connection, text: str) -> tuple[bool, list[Area]]:
    return has_areas(connection), behoerde_candidates(connection, text)


class ChoosePage(QWizardPage):
    """Complete when an area is selected, or when a valid MV ARS was typed by hand."""

    def __init__(self, desk: Desk, state: SetupState) -> None:
        super().__init__()
        self.desk, self.state = desk, state
        self.setTitle("Behörde wählen")
        self.setSubTitle(
            "Für welche Behörde arbeiten Sie mit OZG-Desk? Suchen Sie nach dem Namen oder dem "
            "Amtlichen Regionalschlüssel (ARS)."
        )
        self.from_list = QRadioButton("Aus der Gebiets&liste wählen")
        self.by_hand = QRadioButton("Von &Hand eingeben")
        self.from_list.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.from_list)
        group.addButton(self.by_hand)
        self.search = QLineEdit()
        self.search.setPlaceholderText("z. B. Crivitz oder 130765668000")
        clearable(self.search, "Suche leeren")
        self.results = named(QListWidget(), "Treffer", "Pfeiltasten wählen eine Behörde aus.")
        self.status = MessageLabel()
        self.areas = ImportRow(
            "Andere Gebietsdaten &importieren …",
            "Andere Gebietsdaten importieren",
            "Statt der mitgelieferten eine Datei im Format von mv_gebiete.csv einlesen",
        )
        self.attribution = QLabel(sources()["gebiete"].attribution)
        self.attribution.setWordWrap(True)
        self._preparing = False
        self._problem: str | None = None
        self.ars = QLineEdit()
        self.ars.setMaximumWidth(chars(self, 20))
        self.ars.setPlaceholderText("12 Ziffern")
        self.ars_error = MessageLabel()
        self.typ = QComboBox()
        for key, label in TYP_LABELS.items():
            self.typ.addItem(label, key)
        self._build_layout()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._run_search)
        self._serial = 0  # answers to older searches are dropped
        self._ars_valid = False
        self.search.textEdited.connect(lambda _text: self._timer.start())
        down_to(self.search, self.results)
        self.results.currentItemChanged.connect(lambda _new, _old: self.completeChanged.emit())
        self.areas.button.clicked.connect(self._import_areas)
        self.areas.finished.connect(lambda ok: self._run_search() if ok else None)
        self.ars.textChanged.connect(self._check_ars)
        self.by_hand.toggled.connect(self._mode_changed)
        self._check_ars(self.ars.text())
        self._mode_changed(False)

    def _build_layout(self) -> None:
        search_row = QFormLayout()
        search_row.addRow(buddy_label("&Suchen (Name oder ARS):", self.search), self.search)
        ars_row = QHBoxLayout()
        ars_row.addWidget(self.ars)
        ars_row.addWidget(self.ars_error, 1)
        hand = QFormLayout()
        hand.addRow(buddy_label("&Amtlicher Regionalschlüssel (ARS):", self.ars), ars_row)
        hand.addRow(buddy_label("A&rt der Behörde:", self.typ), self.typ)
        layout = QVBoxLayout(self)
        layout.addWidget(self.from_list)
        layout.addLayout(search_row)
        layout.addWidget(buddy_label("&Treffer:", self.results))
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.attribution)
        layout.addWidget(self.areas)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.by_hand)
        layout.addLayout(hand)
        self._list_widgets: tuple[QWidget, ...] = (self.search, self.results)
        self._hand_widgets: tuple[QWidget, ...] = (self.ars, self.typ)

    # --- QWizardPage ---------------------------------------------------------------------

    def initializePage(self) -> None:
        # A new user starts by typing the name: the search field, not the radio button above
        # it. After the wizard has put the focus on the page's first control.
        QTimer.singleShot(0, self, self._focus_entry)
        self._run_search()

    def _focus_entry(self) -> None:
        (self.ars if self.by_hand.isChecked() else self.search).setFocus()

    def isComplete(self) -> bool:
        if self.by_hand.isChecked():
            return self._ars_valid
        return self._selected() is not None

    def validatePage(self) -> bool:
        area = None if self.by_hand.isChecked() else self._selected()
        if area is None:
            self.state.area = None
            self.state.ars = normalize_ars(self.ars.text())
            self.state.typ = str(self.typ.currentData())
        else:
            self.state.area = area
            self.state.ars = area.ars
            self.state.typ = area.suggested_typ or "amt"
        return True

    def set_preparing(self, preparing: bool, problem: str | None = None) -> None:
        """While the shipped areas are being set up, say so; search again when they are."""
        self._preparing, self._problem = preparing, problem
        if preparing:
            self.status.show_info("Die Gebiete Mecklenburg-Vorpommerns werden eingerichtet …")
        self._run_search()

    # --- search --------------------------------------------------------------------------

    def _selected(self) -> Area | None:
        item = self.results.currentItem()
        return None if item is None else item.data(ROLE)  # type: ignore[no-any-return]

    def _run_search(self) -> None:
        self._serial += 1
        serial, text = self._serial, self.search.text()
        self.desk.read(
            lambda connection: _search(connection, text),
            guarded(self, lambda result: self._show_results(serial, result)),
        )

    def _show_results(self, serial: int, result: tuple[bool, list[Area]]) -> None:
        if serial != self._serial:
            return
        areas_present, areas = result
        previous = self._selected()
        self.results.clear()
        for area in areas:
            item = QListWidgetItem(area_text(area))
            item.setData(ROLE, area)
            self.results.addItem(item)
            if previous is not None and area.ars == previous.ars:
                self.results.setCurrentItem(item)
        if len(areas) == 1:
            self.results.setCurrentRow(0)
        if not areas_present and self._preparing:
            self.status.show_info("Die Gebiete Mecklenburg-Vorpommerns werden eingerichtet …")
        elif not areas_present:
            reason = f" ({self._problem})" if self._problem else ""
            self.status.show_error(
                f"Die Gebietsdaten konnten nicht eingerichtet werden{reason}. Bitte „Andere "
                "Gebietsdaten importieren …“ wählen oder die Behörde von Hand eingeben."
            )
        elif not areas:
            self.status.show_info("Keine Behörde gefunden. Bitte anders suchen.")
        else:
            self.status.show_info(f"{german_int(len(areas))} Treffer")
        self.completeChanged.emit()

    # --- area import ---------------------------------------------------------------------

    def _import_areas(self) -> None:
        path = choose_areas_file(self)
        if path is None:
            return
        self.areas.start(path.name)
        import_areas_file(
            self.desk,
            path,
            guarded(
                self,
                lambda report: self.areas.succeeded(
                    "Gebietsdaten importiert.", areas_report_text(report)
                ),
            ),
            guarded(self, self.areas.refused),
        )

    # --- hand entry ----------------------------------------------------------------------

    def _mode_changed(self, by_hand: bool) -> None:
        for widget in self._list_widgets:
            widget.setEnabled(not by_hand)
        self.areas.button.setEnabled(not by_hand and not self.areas.running())
        for widget in self._hand_widgets:
            widget.setEnabled(by_hand)
        self.ars_error.setVisible(by_hand and not self._ars_valid)
        if by_hand:
            self.ars.setFocus()
        self.completeChanged.emit()

    def _check_ars(self, text: str) -> None:
        try:
            normalize_ars(text)
        except InvalidKey as error:
            self._ars_valid = False
            self.ars_error.show_error(str(error))
        else:
            self._ars_valid = True
            self.ars_error.clear_message()
        self.ars_error.setVisible(self.by_hand.isChecked() and not self._ars_valid)
        self.completeChanged.emit()
