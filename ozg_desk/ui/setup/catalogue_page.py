"""Wizard page „Leistungskatalog“: the shipped catalogue is set up already; other files can be
imported instead. The page says after every step what the store holds now."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWizardPage,
)

from ozg_desk.app.reference_data import sources
from ozg_desk.store import meta
from ozg_desk.store.queries import CatalogueInfo, catalogue_info
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.setup.import_dialogs import (
    catalogue_report_text,
    choose_catalogue_files,
    import_catalogue_files,
)
from ozg_desk.ui.setup.import_row import ImportRow
from ozg_desk.ui.widgets.a11y import buddy_label
from ozg_desk.ui.widgets.form_support import MessageLabel, chars, guarded

WITHOUT_CATALOGUE = (
    "Ohne Leistungskatalog können keine Leistungen verfolgt werden. Sie können den Import "
    "überspringen und später nachholen."
)
LAND_REPLACES = (
    "Veröffentlicht das Land einen neueren Katalog über den Server, ersetzt er diesen bei der "
    "nächsten Synchronisation."
)


def info_text(info: CatalogueInfo) -> str:
    """What the store holds, where it came from, and for the shipped one its source."""
    text = info.describe()
    if info.ozg_leistungen and info.source == meta.CATALOGUE_SHIPPED:
        text += " " + sources()["katalog"].describe()
    return text


class CataloguePage(QWizardPage):
    """Not complete while an import runs; otherwise „Weiter“ is always allowed."""

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.setTitle("Leistungskatalog")
        self.setSubTitle(
            "OZG-Desk bringt den OZG-Leistungskatalog mit. Wer einen anderen Stand hat, "
            "importiert stattdessen die Dateien ozg_leistungen.csv und leika_leistungen.csv "
            "(UTF-8, Komma oder Semikolon als Trennzeichen)."
        )
        self.info = QLabel("Katalog wird geprüft …")
        self.info.setWordWrap(True)
        self.land = QLabel(LAND_REPLACES)
        self.land.setWordWrap(True)
        self.stand = QLineEdit()
        self.stand.setPlaceholderText("z. B. 2019-12")
        self.stand.setMaxLength(20)
        self.stand.setMaximumWidth(chars(self, 16))
        self.files = ImportRow(
            "Andere Katalogdateien &importieren …",
            "Andere Katalogdateien importieren",
            "ozg_leistungen.csv und leika_leistungen.csv gemeinsam auswählen",
        )
        self.warning = MessageLabel()
        form = QFormLayout()
        form.addRow(buddy_label("&Stand der Dateien (optional):", self.stand), self.stand)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.land)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addLayout(form)
        layout.addWidget(self.files)
        layout.addStretch()
        layout.addWidget(self.warning)
        self._preparing = False
        self.files.button.clicked.connect(self._import)
        self.files.finished.connect(lambda _ok: self._imported())

    def initializePage(self) -> None:
        self._refresh()

    def isComplete(self) -> bool:
        return not self.files.running() and not self._preparing

    def set_preparing(self, preparing: bool) -> None:
        """While the shipped catalogue is set up, wait; afterwards show what is there."""
        self._preparing = preparing
        self.files.button.setEnabled(not preparing)
        self.completeChanged.emit()
        if preparing:
            self.info.setText("Der mitgelieferte Leistungskatalog wird eingerichtet …")
        else:
            self._refresh()

    def _refresh(self) -> None:
        self.desk.read(catalogue_info, guarded(self, self._show_info))

    def _show_info(self, info: CatalogueInfo) -> None:
        if self._preparing:
            return  # the answer of a read started before the set-up: the set-up will refresh
        self.info.setText(info_text(info))
        if info.ozg_leistungen:
            self.warning.clear_message()
        else:
            self.warning.show_info(WITHOUT_CATALOGUE)

    def _import(self) -> None:
        paths = choose_catalogue_files(self)
        if not paths:
            return
        self.files.start(", ".join(path.name for path in paths))
        self.completeChanged.emit()
        import_catalogue_files(
            self.desk,
            paths,
            self.stand.text().strip() or None,
            guarded(
                self,
                lambda report: self.files.succeeded(
                    "Katalog importiert.", catalogue_report_text(report)
                ),
            ),
            guarded(self, self.files.refused),
        )

    def _imported(self) -> None:
        self.completeChanged.emit()
        self._refresh()
