"""Wizard page „Gemeinden“: the member Gemeinden of the chosen Amt, all ticked at first."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWizardPage

from ozg_desk.store.area_queries import Area, member_gemeinden
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.setup.gemeinden_list import GemeindeEntry, GemeindenList
from ozg_desk.ui.setup.state import SetupState
from ozg_desk.ui.widgets.form_support import MessageLabel, guarded


class GemeindenPage(QWizardPage):
    """Loads the Gemeinden once per chosen area; ticks and manual additions survive going back."""

    def __init__(self, desk: Desk, state: SetupState) -> None:
        super().__init__()
        self.desk, self.state = desk, state
        self.setTitle("Gemeinden")
        self.gemeinden = GemeindenList()
        self.hint = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.gemeinden, 1)
        self._loaded_for: str | None = None
        self._loading = False
        self.gemeinden.changed.connect(self.completeChanged.emit)

    def initializePage(self) -> None:
        typ = self.state.typ
        self.setSubTitle(
            "Für welche Gemeinden arbeitet das Amt? Anbindungen können später für alle oder "
            "einzelne dieser Gemeinden gelten."
            if typ == "amt"
            else "Für welche Gemeinden ist die Behörde zuständig? Ohne Gemeinden gelten "
            "Anbindungen für die Behörde selbst."
        )
        if self.state.ars == self._loaded_for:
            return
        self._loaded_for = self.state.ars
        area = self.state.area
        if area is None:
            self.gemeinden.set_gemeinden([])
            self.hint.show_info(
                "Die Behörde wurde von Hand eingegeben; bitte ihre Gemeinden unten mit ARS und "
                "Namen hinzufügen."
            )
            return
        self._loading = True
        self.hint.show_info("Gemeinden werden geladen …")
        self.desk.read(
            lambda connection: member_gemeinden(connection, area),
            guarded(self, self._loaded),
        )

    def _loaded(self, members: list[Area]) -> None:
        self._loading = False
        entries = [GemeindeEntry(area.ars, area.ags, area.name) for area in members]
        self.gemeinden.set_gemeinden(entries)
        if entries:
            self.hint.show_info(
                "Alle Gemeinden sind ausgewählt. Gemeinden, für die die Behörde nicht zuständig "
                "ist, bitte abwählen (Leertaste)."
            )
        else:
            self.hint.show_info(
                "Zu dieser Behörde gehören laut Gebietsdaten keine Gemeinden. Bei Bedarf unten "
                "von Hand hinzufügen."
            )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self._loading

    def validatePage(self) -> bool:
        self.state.gemeinden = self.gemeinden.checked()
        return True
