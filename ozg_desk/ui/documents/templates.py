"""„Vorlagen anpassen“: pick a document type, get an own copy of its template in the data
directory and its folder opened, so the wording can be edited with any text editor."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.app.errors import os_reason
from ozg_desk.domain.errors import DomainError
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.widgets.a11y import buddy_label, named
from ozg_desk.ui.widgets.form_support import MessageLabel, chars, guarded

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from ozg_desk.app.session import Session
    from ozg_desk.documents.templates.copies import TemplateChoice

CUSTOMIZED = Qt.ItemDataRole.UserRole + 1
EXPLANATION = (
    "Eine angepasste Vorlage liegt im Datenordner und ersetzt die mitgelieferte (oder die vom "
    "Land verteilte) für alle "
    "Dokumente dieses Typs, die danach erzeugt werden. Bereits erzeugte Dokumente bleiben "
    "unverändert; jede Änderung des Wortlauts ergibt eine neue Vorlagenversion, die im Register "
    "steht. Die Vorlagen sind Textdateien (TOML), die sich mit jedem Texteditor bearbeiten lassen; "
    "die Platzhalter beschreibt die Datei README.md im selben Ordner."
)


def _load(session: Session) -> tuple[list[TemplateChoice], list[str]]:
    """The choices, and the Land's templates this version cannot use."""
    from ozg_desk.documents.service import land_templates_of, templates_of  # noqa: PLC0415
    from ozg_desk.documents.templates.copies import choices  # noqa: PLC0415 - loads the templates

    land = land_templates_of(session)
    unusable = list(templates_of(session, land).land_problems.values())
    return choices(session.data_dir.templates, land), unusable


def _customize(typ: str, session: Session) -> Path:
    from ozg_desk.documents.service import land_templates_of  # noqa: PLC0415
    from ozg_desk.documents.templates.copies import customize  # noqa: PLC0415

    return customize(typ, session.data_dir.templates, land_templates_of(session))


def _reset(typ: str, user_dir: Path, now: dt.datetime) -> Path | None:
    from ozg_desk.documents.templates.copies import reset  # noqa: PLC0415

    return reset(typ, user_dir, now)


def open_folder(folder: Path) -> bool:
    """Show the folder in the system's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class TemplatesDialog(QDialog):
    """Lists the types as „mitgeliefert“, „vom Land“ or „angepasst“; file work runs on the file
    worker."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.folder = desk.session.data_dir.templates
        self.setWindowTitle("Vorlagen anpassen")
        self.setAccessibleName("Vorlagen anpassen")
        intro = QLabel(EXPLANATION)
        intro.setWordWrap(True)
        self.types = named(QListWidget(), "Dokumenttypen")
        self.types.setMinimumWidth(chars(self, 95))
        self.types.itemActivated.connect(lambda _item: self.customize_selected())
        self.message = MessageLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Schließen")
        buttons.rejected.connect(self.reject)
        self.customize_button = QPushButton("&Anpassen (Kopie öffnen)")
        self.folder_button = QPushButton("&Ordner öffnen")
        self.reset_button = QPushButton("&Zurücksetzen …")
        self.reset_button.setToolTip(
            "Die eigene Fassung beiseitelegen; es gilt wieder die Vorlage des Landes oder die "
            "mitgelieferte."
        )
        for button in (self.customize_button, self.reset_button, self.folder_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.customize_button.clicked.connect(self.customize_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        self.folder_button.clicked.connect(self.open_templates_folder)
        self.types.currentItemChanged.connect(lambda *_items: self._update_buttons())
        self.customize_button.setEnabled(False)
        self.reset_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(buddy_label("&Dokumenttyp:", self.types))
        layout.addWidget(self.types, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.message.show_info("Vorlagen werden gelesen …")
        self._reload()

    def _reload(self) -> None:
        session = self.desk.session
        self.desk.run_background(
            lambda: _load(session),
            guarded(self, self._loaded),
            label="Vorlagen werden gelesen",
            on_error=guarded(self, self._failed("Die Vorlagen konnten nicht gelesen werden")),
            files_only=True,
        )

    def _loaded(self, result: tuple[list[TemplateChoice], list[str]]) -> None:
        loaded, unusable = result
        current = self.selected_type()
        self.types.clear()
        broken = [choice.problem for choice in loaded if choice.problem]
        for choice in loaded:
            state = "vom Land" if choice.from_land else "mitgeliefert"
            state = "angepasst" if choice.customized else state
            if choice.problem:
                state = "angepasst, FEHLERHAFT – wird nicht verwendet"
            item = QListWidgetItem(f"{choice.titel} – {state}")
            item.setData(Qt.ItemDataRole.UserRole, choice.typ)
            item.setData(CUSTOMIZED, choice.customized)
            item.setToolTip(choice.problem or f"Typ „{choice.typ}“, Datei {choice.typ}.toml")
            self.types.addItem(item)
            if choice.typ == current:
                self.types.setCurrentItem(item)
        if self.types.currentRow() < 0 and self.types.count():
            self.types.setCurrentRow(0)
        self._update_buttons()
        if broken:
            self.message.show_error(" ".join(broken + unusable))
        elif unusable:
            self.message.show_info(" ".join(unusable))
        elif self.message.text() == "Vorlagen werden gelesen …":
            self.message.clear_message()

    def selected_type(self) -> str | None:
        item = self.types.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _update_buttons(self) -> None:
        item = self.types.currentItem()
        self.customize_button.setEnabled(item is not None)
        self.reset_button.setEnabled(item is not None and bool(item.data(CUSTOMIZED)))

    def reset_selected(self) -> None:
        item, typ = self.types.currentItem(), self.selected_type()
        if item is None or typ is None or not item.data(CUSTOMIZED):
            return
        if not self.confirm_reset(item.text().rsplit(" – ", 1)[0]):
            return
        folder, now = self.folder, dt.datetime.now().astimezone()
        self.desk.run_background(
            lambda: _reset(typ, folder, now),
            guarded(self, self._was_reset),
            label="Vorlage wird zurückgesetzt",
            on_error=guarded(self, self._failed("Nicht zurückgesetzt")),
            files_only=True,
        )

    def confirm_reset(self, titel: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Vorlage zurücksetzen",
            f"Für „{titel}“ wieder die Vorlage des Landes oder die mitgelieferte verwenden?\n\n"
            "Ihre Fassung wird "
            "nicht gelöscht, sondern im Ordner der Vorlagen umbenannt aufbewahrt.",
        )
        return answer == QMessageBox.StandardButton.Yes

    def _was_reset(self, backup: Path | None) -> None:
        kept = f" Ihre Fassung liegt als {backup.name} im Ordner der Vorlagen." if backup else ""
        self.message.show_info(
            f"Es gilt wieder die Vorlage des Landes oder die mitgelieferte.{kept}"
        )
        self._reload()

    def customize_selected(self) -> None:
        typ = self.selected_type()
        if typ is None:
            return
        session = self.desk.session
        self.desk.run_background(
            lambda: _customize(typ, session),
            guarded(self, self._customized),
            label="Vorlage wird kopiert",
            on_error=guarded(self, self._failed("Nicht kopiert")),
            files_only=True,
        )

    def _customized(self, path: Path) -> None:
        opened = open_folder(path.parent)
        where = "Der Ordner ist geöffnet." if opened else f"Ordner: {path.parent}"
        self.message.show_info(
            f"Die Vorlage zum Bearbeiten: {path.name}. {where} Nach dem Speichern gilt sie für "
            "neu erzeugte Dokumente."
        )
        self._reload()

    def open_templates_folder(self) -> None:
        folder = self.folder

        def ensure() -> Path:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DomainError(
                    f"Der Ordner {folder} lässt sich nicht anlegen: {os_reason(error)}."
                ) from None
            return folder

        def opened(path: Path) -> None:
            if not open_folder(path):
                self.message.show_info(f"Ordner der Vorlagen: {path}")

        self.desk.run_background(
            ensure,
            guarded(self, opened),
            label="Ordner wird geöffnet",
            on_error=guarded(self, self._failed("Der Ordner konnte nicht geöffnet werden")),
            files_only=True,
        )

    def _failed(self, prefix: str) -> Callable[[BaseException], None]:
        def show(error: BaseException) -> None:
            message = self.desk.explain(error)
            self.message.show_error(f"{prefix}: {message}")

        return show
