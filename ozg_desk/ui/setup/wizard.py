"""The first-start wizard: choose the Behörde, describe it, pick its Gemeinden, import the
catalogue, and save everything in one undoable step."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from ozg_desk.importers.shipped import import_shipped
from ozg_desk.store.changes import Changes
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.setup.catalogue_page import CataloguePage
from ozg_desk.ui.setup.choose_page import ChoosePage
from ozg_desk.ui.setup.details_page import DetailsPage
from ozg_desk.ui.setup.gemeinden_page import GemeindenPage
from ozg_desk.ui.setup.saving import save_behoerde
from ozg_desk.ui.setup.signatories_page import SignatoriesPage
from ozg_desk.ui.setup.state import SetupState
from ozg_desk.ui.setup.summary_page import SummaryPage
from ozg_desk.ui.widgets.form_support import guarded

SAVE_LABEL = "Behörde eingerichtet"
BUTTON_TEXTS = {
    QWizard.WizardButton.BackButton: "< &Zurück",
    QWizard.WizardButton.NextButton: "&Weiter >",
    QWizard.WizardButton.FinishButton: "&Fertigstellen",
    QWizard.WizardButton.CancelButton: "Abbrechen",
}


class Page(IntEnum):
    """Page ids, in order."""

    CHOOSE = 0
    DETAILS = 1
    SIGNATORIES = 2
    GEMEINDEN = 3
    CATALOGUE = 4
    SUMMARY = 5


class SetupWizard(QWizard):
    """`saved(changes)` fires after the Behörde was stored; only then does the wizard close."""

    saved = Signal(object)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.state = SetupState(author=desk.session.author)
        self.setWindowTitle("OZG-Desk einrichten")
        self.setAccessibleName("OZG-Desk einrichten")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        for button, text in BUTTON_TEXTS.items():
            self.setButtonText(button, text)
        self.choose = ChoosePage(desk, self.state)
        self.details = DetailsPage(desk, self.state)
        self.signatories = SignatoriesPage(self.state)
        self.gemeinden = GemeindenPage(desk, self.state)
        self.catalogue = CataloguePage(desk)
        self.summary = SummaryPage(self.state)
        for page_id, page in zip(
            Page,
            (
                self.choose,
                self.details,
                self.signatories,
                self.gemeinden,
                self.catalogue,
                self.summary,
            ),
            strict=True,
        ):
            self.setPage(page_id, page)
        self._saving = False
        self.reference_ready = False  # the shipped areas and catalogue are set up (or failed)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 120, metrics.height() * 42)
        self._prepare_reference_data()

    def _prepare_reference_data(self) -> None:
        """The shipped areas and catalogue, where the store has none yet (no file needed)."""
        store = self.desk.session.store
        self.choose.set_preparing(True)
        self.catalogue.set_preparing(True)

        def done(changes: Changes) -> None:
            if changes:
                self.desk.changed.emit(changes)
            self.reference_ready = True
            self.choose.set_preparing(False)
            self.catalogue.set_preparing(False)

        def failed(error: BaseException) -> None:
            message = self.desk.explain(error)
            self.reference_ready = True
            self.choose.set_preparing(False, problem=message)
            self.catalogue.set_preparing(False)

        self.desk.run_background(
            lambda: import_shipped(store),
            guarded(self, done),
            "Referenzdaten werden eingerichtet …",
            guarded(self, failed),
        )

    def accept(self) -> None:
        """Save first; close only when the save succeeded (an error keeps all input)."""
        if self._saving or not self.currentPage().validatePage():
            return
        self._saving = True
        self.summary.set_saving(True)
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        state = self.state
        self.desk.write(
            SAVE_LABEL,
            save_behoerde(state.behoerde_fields(), state.gemeinden, state.author),
            on_done=self._saved,
            on_error=self._failed,
        )

    def reject(self) -> None:
        if not self._saving:  # a running save finishes first; its outcome decides
            super().reject()

    def _saved(self, changes: Changes) -> None:
        self._saving = False
        self.desk.session.author = self.state.author
        self.summary.set_saving(False)
        self.saved.emit(changes)
        super().accept()

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        self.summary.set_saving(False)
        self.button(QWizard.WizardButton.BackButton).setEnabled(True)
        message = self.desk.explain(error)
        self.summary.message.show_error(f"Nicht gespeichert: {message}")
