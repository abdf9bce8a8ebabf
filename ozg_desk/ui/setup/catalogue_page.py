"""Wizard page „Leistungskatalog“: import the OZG and LeiKa files now, or skip for later."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWizardPage,
)

from ozg_desk.domain.fields import german_date, german_int
from ozg_desk.store.queries import CatalogueInfo, catalogue_info
from ozg_desk.ui.a11y import buddy_label
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.form_support import MessageLabel, chars, guarded
from ozg_desk.ui.import_dialogs import (
    catalogue_report_text,
    choose_catalogue_files,
    import_catalogue_files,
)
from ozg_desk.ui.setup.import_row import ImportRow

WITHOUT_CATALOGUE = (
    "Ohne Leistungskatalog können keine Leistungen verfolgt werden. Sie können den Import "
    "überspringen und später nachholen."
)


def info_text(info: CatalogueInfo) -> str:
    if not info.ozg_leistungen:
        return "Es ist noch kein Leistungskatalog vorhanden."
    details = [f"Stand {info.stand}"] if info.stand else []
    if info.imported_at:
        details.append(f"importiert am {german_date(info.imported_at[:10])}")
    suffix = f" ({', '.join(details)})" if details else ""
    return (
        f"Im Katalog sind {german_int(info.ozg_leistungen)} OZG-Leistungen und "
        f"{german_int(info.leika_leistungen)} LeiKa-Leistungen{suffix}."
    )


class CataloguePage(QWizardPage):
    """Not complete while an import runs; otherwise „Weiter“ is always allowed."""

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.setTitle("Leistungskatalog")
        self.setSubTitle(
            "OZG-Desk braucht den OZG-Leistungskatalog: die Dateien ozg_leistungen.csv und "
            "leika_leistungen.csv (UTF-8, Komma oder Semikolon als Trennzeichen)."
        )
        self.info = QLabel("Katalog wird geprüft …")
        self.info.setWordWrap(True)
        self.stand = QLineEdit()
        self.stand.setPlaceholderText("z. B. 2019-12")
        self.stand.setMaxLength(20)
        self.stand.setMaximumWidth(chars(self, 16))
        self.files = ImportRow(
            "Katalogdateien &importieren …",
            "Katalogdateien importieren",
            "ozg_leistungen.csv und leika_leistungen.csv gemeinsam auswählen",
        )
        self.warning = MessageLabel()
        form = QFormLayout()
        form.addRow(buddy_label("&Stand des Katalogs (optional):", self.stand), self.stand)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(form)
        layout.addWidget(self.files)
        layout.addStretch()
        layout.addWidget(self.warning)
        self.files.button.clicked.connect(self._import)
        self.files.finished.connect(lambda _ok: self._imported())

    def initializePage(self) -> None:
        self._refresh()

    def isComplete(self) -> bool:
        return not self.files.running()

    def _refresh(self) -> None:
        self.desk.read(catalogue_info, guarded(self, self._show_info))

    def _show_info(self, info: CatalogueInfo) -> None:
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
