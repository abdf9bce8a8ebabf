"""What the Dokumente page does with the selected register entry: preview it in a window, print
it at 100 %, save a copy, set its state; and the dialogs for new documents and returns.

Results and refusals go to the page's message line; nothing here blocks the GUI thread. The
actions know the page only as a `RegisterView`, so the page may import them and not vice versa.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from ozg_desk.app.german_time import german_date
from ozg_desk.domain.documents import STATE_LABELS, STATES
from ozg_desk.ui.documents.ops import advance, today
from ozg_desk.ui.documents.pdf import checked_pdf, save_copy, suggested_file_name
from ozg_desk.ui.widgets.a11y import named
from ozg_desk.ui.widgets.form_support import guarded
from ozg_desk.ui.widgets.menus import ActionSpec

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from ozg_desk.store.register import RegisterEntry
    from ozg_desk.ui.desk import Desk

SETTABLE = ("gedruckt", "versandt", "bestaetigt")  # „unterschrieben“ comes with the Rücklauf


def ahead(entry: RegisterEntry, state: str) -> bool:
    """Whether `state` still lies ahead of the entry (documents only move forward)."""
    if entry.zustand not in STATES:
        return False
    return STATES.index(state) > STATES.index(entry.zustand)


class RegisterView(Protocol):
    """The register as the actions see it: which entry is chosen, and where news goes."""

    def selected(self) -> RegisterEntry | None: ...

    def entry_by_id(self, entry_id: str) -> RegisterEntry | None: ...

    def show_message(self, text: str, *, error: bool = False, reveal: bool = False) -> None:
        """`reveal` asks for the register to be brought into view first."""

    def show_generated(self, created: list[str], report: str, *, failed: bool) -> None: ...

    def update_actions(self) -> None:
        """Called when what may be done changed (a print started or ended)."""


class DocumentActions(QObject):
    """Owned by `parent`, which dialogs belong to and whose deletion drops late results;
    `dialog` is the last dialog opened (tests look at it)."""

    def __init__(self, view: RegisterView, desk: Desk, parent: QWidget) -> None:
        super().__init__(parent)
        self.view, self.desk, self.parent_widget = view, desk, parent
        self.printing = False
        self.dialog: QWidget | None = None
        documents = QStandardPaths.StandardLocation.DocumentsLocation
        self.save_dir = Path(QStandardPaths.writableLocation(documents) or Path.home())

    def _require(self) -> RegisterEntry | None:
        entry = self.view.selected()
        if entry is None:
            self.view.show_message("Bitte zuerst ein Dokument im Register auswählen.", reveal=True)
        return entry

    def _info(self, text: str) -> None:
        self.view.show_message(text)

    def _error(self, prefix: str) -> Callable[[BaseException], None]:
        def show(error: BaseException) -> None:
            message = self.desk.explain(error)
            self.view.show_message(f"{prefix}: {message}", error=True)

        return guarded(self.parent_widget, show)

    def _open(self, dialog: QDialog, *, modal: bool = True) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        if modal:
            dialog.open()  # window-modal, without a nested event loop
        else:
            dialog.show()  # a window beside the main window (the preview)

    # --- dialogs ---------------------------------------------------------------------------

    def new_document(self, preselected: Sequence[str] = ()) -> None:
        from ozg_desk.ui.documents.new import NewDocumentDialog  # noqa: PLC0415 - dialogs load on first use

        dialog = NewDocumentDialog(self.desk, preselected, self.parent_widget.window())
        dialog.accepted.connect(
            lambda: self.view.show_generated(dialog.created, dialog.report, failed=dialog.failed)
        )
        self._open(dialog)

    def record_returns(self) -> None:
        from ozg_desk.ui.documents.returns import ReturnDialog  # noqa: PLC0415 - dialogs load on first use

        dialog = ReturnDialog(self.desk, self.parent_widget.window())
        dialog.finished.connect(lambda _result: self._returns_done(dialog.recorded))
        self._open(dialog)

    def _returns_done(self, recorded: list[str]) -> None:
        if recorded:
            self._info(f"Rücklauf erfasst: {', '.join(recorded)}.")

    def customize_templates(self) -> None:
        from ozg_desk.ui.documents.templates import TemplatesDialog  # noqa: PLC0415 - dialogs load on first use

        self._open(TemplatesDialog(self.desk, self.parent_widget.window()))

    def open_preview(self) -> None:
        entry = self._require()
        if entry is not None:
            from ozg_desk.ui.documents.preview import PreviewDialog  # noqa: PLC0415 - dialogs load on first use

            self._open(PreviewDialog(self.desk, entry, self.parent_widget.window()), modal=False)

    # --- printing --------------------------------------------------------------------------

    def print_selected(self) -> None:
        from ozg_desk.ui.documents import print as documents_print  # noqa: PLC0415 - Qt's print support on demand

        entry = self._require()
        if entry is None or self.printing:
            return
        printer = documents_print.choose_printer(self.parent_widget.window(), entry.nummer)
        if printer is None:
            return
        problem = documents_print.paper_problem(printer)
        if problem is not None:
            self.view.show_message(f"{entry.nummer} nicht gedruckt: {problem}", error=True)
            return
        self.print_entry(entry, printer)

    def print_entry(self, entry: RegisterEntry, printer: QPrinter) -> None:
        from ozg_desk.ui.documents.print import print_pdf  # noqa: PLC0415

        self._set_printing(True)
        self._info(f"{entry.nummer} wird gedruckt …")
        session = self.desk.session
        failed = self._error(f"{entry.nummer} nicht gedruckt")

        def done(pages: int) -> None:
            self._set_printing(False)
            self._printed(entry, pages)

        def refused(error: BaseException) -> None:
            self._set_printing(False)
            failed(error)

        # The printer goes to the worker and is not touched here until the answer arrived.
        self.desk.run_background(
            lambda: print_pdf(checked_pdf(session, entry), printer),
            guarded(self.parent_widget, done),
            label=f"{entry.nummer} wird gedruckt",
            on_error=guarded(self.parent_widget, refused),
            files_only=True,
        )

    def _set_printing(self, printing: bool) -> None:
        self.printing = printing
        self.view.update_actions()

    def _printed(self, entry: RegisterEntry, pages: int) -> None:
        text = f"{entry.nummer} gedruckt ({pages} Seite{'n' if pages != 1 else ''}, Originalgröße)."
        self._info(text)
        current = self.view.entry_by_id(entry.id) or entry
        if current.zustand == "erzeugt" and self.confirm_printed(current):
            self.advance(current, "gedruckt", text=f"{text} Stand: gedruckt.")

    def confirm_printed(self, entry: RegisterEntry) -> bool:
        box = QMessageBox(self.parent_widget.window())
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Gedruckt")
        box.setText(f"Ist {entry.nummer} gut aus dem Drucker gekommen?")
        box.setInformativeText("Dann wird der Stand „gedruckt“ mit dem heutigen Datum vermerkt.")
        yes = named(
            box.addButton("Als &gedruckt vermerken", QMessageBox.ButtonRole.AcceptRole),
            "Als gedruckt vermerken",
        )
        no = box.addButton("&Nicht vermerken", QMessageBox.ButtonRole.RejectRole)
        named(no, "Nicht vermerken")
        box.setDefaultButton(yes)
        box.exec()
        chosen = box.clickedButton() is yes
        box.deleteLater()
        return chosen

    # --- saving and states -----------------------------------------------------------------

    def save_selected(self) -> None:
        entry = self._require()
        if entry is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self.parent_widget.window(),
            "Als PDF speichern",
            str(self.save_dir / suggested_file_name(entry)),
            "PDF-Dateien (*.pdf)",
        )
        if not name:
            return
        target = Path(name)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(f"{target.name}.pdf")
        self.save_dir = target.parent
        session = self.desk.session
        self.desk.run_background(
            lambda: save_copy(session, entry, target),
            guarded(self.parent_widget, lambda path: self._info(f"Gespeichert: {path}")),
            label="PDF wird gespeichert",
            on_error=self._error("Nicht gespeichert"),
            files_only=True,
        )

    def set_state(self, state: str) -> None:
        entry = self._require()
        if entry is None:
            return
        if not ahead(entry, state):
            self.view.show_message(
                f"{entry.nummer} ist bereits „{STATE_LABELS[entry.zustand]}“; "
                f"„{STATE_LABELS[state]}“ liegt nicht mehr vor ihm.",
                error=True,
            )
            return
        from ozg_desk.ui.documents.dialogs import StateDialog  # noqa: PLC0415 - dialogs load on first use

        dialog = StateDialog(entry, state, self.parent_widget.window())
        dialog.accepted.connect(lambda: self.advance(entry, state, day=dialog.day()))
        self._open(dialog)

    def advance(
        self, entry: RegisterEntry, state: str, *, day: dt.date | None = None, text: str = ""
    ) -> None:
        chosen = day or today()
        label = STATE_LABELS[state]
        done = text or f"Stand von {entry.nummer}: {label} (am {german_date(chosen)})."
        self.desk.write(
            f"Stand {entry.nummer}: {label}",
            lambda repository: advance(repository, entry.nummer, state, chosen),
            on_done=guarded(self.parent_widget, lambda _changes: self._info(done)),
            on_error=self._error(f"Stand von {entry.nummer} nicht gesetzt"),
        )


def menu_specs(
    commands: DocumentActions, show_page: Callable[[], None], new_document: Callable[[], None]
) -> list[ActionSpec]:
    """The main window's „Dokumente“ menu; actions on the register show its page first."""

    def on_page(action: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            show_page()
            action()

        return run

    menu = "D&okumente"
    states = (("gedruckt", "&gedruckt"), ("versandt", "ver&sandt"), ("bestaetigt", "&bestätigt"))
    return [
        ActionSpec(menu, "document_new", "&Neues Dokument …", ("Ctrl+Shift+N",), new_document),
        ActionSpec(
            menu, "document_preview", "&Vorschau", ("Ctrl+Shift+V",), on_page(commands.open_preview)
        ),
        ActionSpec(
            menu, "document_print", "&Drucken …", ("Ctrl+P",), on_page(commands.print_selected)
        ),
        ActionSpec(
            menu,
            "document_save",
            "Als &PDF speichern …",
            ("Ctrl+Shift+S",),
            on_page(commands.save_selected),
        ),
        ActionSpec(
            menu,
            "document_return",
            "&Rücklauf erfassen …",
            ("Ctrl+Shift+R",),
            commands.record_returns,
        ),
        ActionSpec(menu, "-documents", "", (), lambda: None),
        *(
            ActionSpec(
                menu,
                f"document_{state}",
                f"Stand: {text} …",
                (),
                on_page(partial(commands.set_state, state)),
            )
            for state, text in states
        ),
        ActionSpec(menu, "-templates", "", (), lambda: None),
        ActionSpec(
            menu, "document_templates", "Vorlagen &anpassen …", (), commands.customize_templates
        ),
    ]
