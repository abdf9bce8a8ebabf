"""„Neues Dokument“: the type, the Leistungen (tracked Anbindungen of the local Behörde) and an
optional Bemerkung. „Erzeugen“ stays disabled, with the reason beside it, until the choice fits
the type; a per-Leistung type with several Leistungen can become one document per Leistung."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.documents.context import Leistung
from ozg_desk.documents.fit import misfits
from ozg_desk.domain.fields import german_int
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.documents.batch import GenerationRun
from ozg_desk.ui.documents.choices import (
    DESCRIPTION,
    MAX_BEMERKUNG,
    NEEDS,
    Choices,
    TwoLineDelegate,
    load_choices,
    status_label,
)
from ozg_desk.ui.widgets.a11y import buddy_label, clearable, named
from ozg_desk.ui.widgets.form_support import MessageLabel, chars, guarded

if TYPE_CHECKING:
    from ozg_desk.documents.templates import Template
    from ozg_desk.domain.catalogue import LeistungRow


class NewDocumentDialog(QDialog):
    """After Accepted: `created` (register entry ids), `report`, `failed` (a batch stopped)."""

    def __init__(
        self, desk: Desk, preselected: Sequence[str] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.preselected = set(preselected)
        self.templates: tuple[Template, ...] = ()
        self.created: list[str] = []
        self.report = ""
        self.failed = False
        self.run: GenerationRun | None = None
        self.load_error: str | None = "Vorlagen und Leistungen werden geladen …"
        self.setWindowTitle("Neues Dokument")
        self.setAccessibleName("Neues Dokument")
        self.types = named(QListWidget(), "Dokumenttyp", "Welche Unterlage erzeugt werden soll")
        self.types.setItemDelegate(TwoLineDelegate(self.types))
        self.types.setResizeMode(QListView.ResizeMode.Adjust)
        self.types.setWordWrap(True)
        self.types.setMinimumWidth(chars(self, 46))
        self.need = QLabel()
        self.need.setWordWrap(True)
        self.broken = MessageLabel()  # own template copies that cannot be used (type left out)
        self.search = named(QLineEdit(), "Leistungen durchsuchen", "Nach OZG-ID oder Name")
        self.search.setPlaceholderText("OZG-ID oder Name …")
        clearable(self.search, "Suche leeren")
        self.leistungen = named(
            QListWidget(), "Leistungen zur Auswahl", "Leertaste kreuzt an oder ab"
        )
        self.leistungen.setMinimumWidth(chars(self, 46))
        self.leistungen.setWordWrap(True)  # long names take a second line
        self.leistungen.setResizeMode(QListView.ResizeMode.Adjust)
        self.leistungen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.count = QLabel()
        self.clear_button = named(QPushButton("Auswahl lee&ren"), "Auswahl leeren")
        self.batch = named(
            QCheckBox("&Je Leistung ein eigenes Dokument erzeugen"),
            "Je Leistung ein eigenes Dokument erzeugen",
        )
        self.anyway = named(
            QCheckBox("Trotz&dem erzeugen, obwohl es nicht zu den Angaben passt"),
            "Trotzdem erzeugen",
            "Das Papier passt nicht zu Status oder Angaben der Leistung (siehe Hinweis)",
        )
        self.anyway.hide()
        self.rows: dict[str, LeistungRow] = {}
        self.bemerkung = QPlainTextEdit()
        self.bemerkung.setTabChangesFocus(True)
        self.bemerkung.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.message = MessageLabel()
        buttons = QDialogButtonBox()
        self.ok = named(
            buttons.addButton("&Erzeugen", QDialogButtonBox.ButtonRole.AcceptRole), "Erzeugen"
        )
        self.cancel = named(
            buttons.addButton("&Abbrechen", QDialogButtonBox.ButtonRole.RejectRole), "Abbrechen"
        )
        for button in (self.ok, self.cancel, self.clear_button):
            button.setAutoDefault(False)  # Enter in the search field must not generate
        self._build(buttons)
        self._connect()
        self._set_busy(True)
        self.message.show_info(self.load_error or "")
        desk.run_background(
            lambda: load_choices(desk.session),
            guarded(self, self._loaded),
            label="Vorlagen werden geladen",
            on_error=guarded(self, self._load_failed),
        )

    def _build(self, buttons: QDialogButtonBox) -> None:
        left = QVBoxLayout()
        left.addWidget(buddy_label("Dokument&typ:", self.types))
        left.addWidget(self.types, 1)
        left.addWidget(self.need)
        left.addWidget(self.broken)
        right = QVBoxLayout()
        right.addWidget(buddy_label("&Leistungen:", self.search))
        right.addWidget(self.search)
        right.addWidget(self.leistungen, 1)
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.clear_button)
        right.addLayout(row)
        right.addWidget(self.batch)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(chars(self, 2))
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(buddy_label("Be&merkung (optional):", self.bemerkung))
        layout.addWidget(self.bemerkung)
        layout.addWidget(self.message)
        layout.addWidget(self.anyway)
        layout.addWidget(buttons)
        self.resize(chars(self, 110), self.fontMetrics().lineSpacing() * 34)

    def _connect(self) -> None:
        self.types.itemSelectionChanged.connect(self._update)
        self.search.textChanged.connect(self._filter)
        self.leistungen.itemChanged.connect(lambda _item: self._update())
        self.leistungen.itemActivated.connect(self._toggle)
        self.clear_button.clicked.connect(self._clear)
        self.batch.toggled.connect(lambda _on: self._update())
        self.anyway.toggled.connect(lambda _on: self._update())
        self.bemerkung.textChanged.connect(self._update)
        self.ok.clicked.connect(self._generate)
        self.cancel.clicked.connect(self.reject)

    # --- loading -------------------------------------------------------------------------

    def _loaded(self, choices: Choices) -> None:
        self.templates = choices.templates
        for template in choices.templates:
            item = QListWidgetItem(template.titel)
            need = NEEDS.get(template.leistungen, "")
            item.setData(DESCRIPTION, f"{template.beschreibung}")
            item.setData(Qt.ItemDataRole.ToolTipRole, f"{template.beschreibung}\n{need}")
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{template.titel}. {template.beschreibung}"
            )
            self.types.addItem(item)
        self.rows = {row.ozg_id: row for row in choices.rows}
        self.leistungen.blockSignals(True)
        for row in choices.rows:
            label = status_label(row.values.get("status"))
            item = QListWidgetItem(f"{row.ozg_id} · {row.name}" + (f" ({label})" if label else ""))
            item.setData(Qt.ItemDataRole.UserRole, row.ozg_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = row.ozg_id in self.preselected
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.leistungen.addItem(item)
        self.leistungen.blockSignals(False)
        if choices.problems:
            self.broken.show_error(
                "Nicht angeboten, weil die angepasste Vorlage fehlerhaft ist (Menü „Dokumente → "
                "Vorlagen anpassen“): " + " ".join(choices.problems + choices.notes)
            )
        elif choices.notes:
            self.broken.show_info(" ".join(choices.notes))
        self.load_error = None
        if not choices.has_behoerde:
            self.load_error = "Bitte zuerst die Behörde einrichten (Menü „Behörde“)."
        elif not choices.templates:
            self.load_error = "Es gibt keine Dokumentvorlagen."
        self._set_busy(False)
        if not choices.rows:
            self.count.setText("Noch keine Leistung erfasst (Seite „Leistungen“).")
        first = next(iter(self.checked_items()), None)
        if first is not None:
            self.leistungen.scrollToItem(first, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.types.setFocus()
        self._update()

    def _load_failed(self, error: BaseException) -> None:
        message = self.desk.explain(error)
        self.load_error = f"Die Vorlagen konnten nicht geladen werden: {message}"
        self._set_busy(False)
        self._update()

    # --- choosing ------------------------------------------------------------------------

    def template(self) -> Template | None:
        # The selection, not the current row: focus alone makes a row current, not chosen.
        selected = self.types.selectedIndexes()
        row = selected[0].row() if selected else -1
        return self.templates[row] if 0 <= row < len(self.templates) else None

    def select_type(self, typ: str) -> bool:
        for row, template in enumerate(self.templates):
            if template.typ == typ:
                self.types.setCurrentRow(row)
                return True
        return False

    def checked_items(self) -> list[QListWidgetItem]:
        items = (self.leistungen.item(row) for row in range(self.leistungen.count()))
        return [item for item in items if item.checkState() == Qt.CheckState.Checked]

    def chosen(self) -> list[str]:
        return [str(item.data(Qt.ItemDataRole.UserRole)) for item in self.checked_items()]

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for row in range(self.leistungen.count()):
            item = self.leistungen.item(row)
            item.setHidden(not all(word in item.text().casefold() for word in words))

    def _toggle(self, item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _clear(self) -> None:
        for item in self.checked_items():
            item.setCheckState(Qt.CheckState.Unchecked)

    def blocker(self) -> str | None:
        """Why „Erzeugen“ is not possible yet (None when it is)."""
        template, count = self.template(), len(self.chosen())
        if self.load_error is not None:
            return self.load_error
        if template is None:
            return "Bitte einen Dokumenttyp wählen."
        if template.leistungen != "keine" and count == 0:
            wanted = "eine" if template.leistungen == "eine" else "mindestens eine"
            return f"Bitte {wanted} Leistung ankreuzen."
        if template.leistungen == "eine" and count > 1 and not self.batch.isChecked():
            return (
                f"„{template.titel}“ gilt für genau eine Leistung: bitte nur eine ankreuzen "
                f"oder „Je Leistung ein eigenes Dokument erzeugen“ wählen ({count} Dokumente)."
            )
        if len(self.bemerkung.toPlainText()) > MAX_BEMERKUNG:
            return f"Die Bemerkung ist zu lang (höchstens {german_int(MAX_BEMERKUNG)} Zeichen)."
        return None

    def misfits(self) -> list[str]:
        """Where the chosen Leistungen do not fit the type's statuses and fields."""
        template = self.template()
        if template is None or template.leistungen == "keine":
            return []
        chosen = [self.rows[ozg_id] for ozg_id in self.chosen() if ozg_id in self.rows]
        return misfits(
            template,
            [
                Leistung(row.ozg_id, row.name, row.themenfeld, row.leika_keys, dict(row.values))
                for row in chosen
            ],
        )

    def jobs(self) -> list[tuple[str, ...]]:
        template, chosen = self.template(), tuple(self.chosen())
        if template is None or template.leistungen == "keine":
            return [()]
        if template.leistungen == "eine" and len(chosen) > 1:
            return [(ozg_id,) for ozg_id in chosen]
        return [chosen]

    def _update(self) -> None:
        template, count = self.template(), len(self.chosen())
        needs = template.leistungen if template else ""
        self.need.setText(NEEDS.get(needs, ""))
        self.leistungen.setEnabled(needs != "keine")
        self.search.setEnabled(needs != "keine")
        if self.leistungen.count():
            self.count.setText(f"{count} von {self.leistungen.count()} angekreuzt")
        self.batch.setVisible(needs == "eine" and count > 1)
        reason = self.blocker()
        unfit = self.misfits() if reason is None else []
        self.anyway.setVisible(bool(unfit))
        confirmed = not unfit or self.anyway.isChecked()
        total = len(self.jobs())
        self.ok.setText(f"{total} Dokumente &erzeugen" if total > 1 and not reason else "&Erzeugen")
        self.ok.setAccessibleName(self.ok.text().replace("&", ""))
        self.ok.setEnabled(reason is None and confirmed and self.run is None)
        if reason is None and unfit:
            self.message.show_error(
                "Das Papier passt nicht zu den erfassten Angaben: "
                + "; ".join(unfit)
                + ". Erzeugen nur, wenn es bewusst so sein soll („Trotzdem erzeugen“)."
            )
        elif reason is None:
            self.message.clear_message()
        elif reason == self.load_error:
            self.message.show_error(reason)
        else:
            self.message.show_info(reason)

    # --- generating ----------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.types, self.search, self.leistungen, self.clear_button, self.batch):
            widget.setEnabled(not busy)
        self.bemerkung.setReadOnly(busy)
        self.ok.setEnabled(not busy)

    def _generate(self) -> None:
        template = self.template()
        if template is None or self.blocker() is not None or self.run is not None:
            return
        names = {
            str(item.data(Qt.ItemDataRole.UserRole)): item.text() for item in self.checked_items()
        }
        bemerkung = self.bemerkung.toPlainText().strip()
        anyway = bool(self.misfits()) and self.anyway.isChecked()
        self.run = GenerationRun(
            self.desk, template.typ, self.jobs(), bemerkung, names, parent=self, anyway=anyway
        )
        self.run.finished.connect(self._finished)
        self._set_busy(True)
        self.message.show_info("Wird erzeugt …")
        self.run.start()

    def _finished(self) -> None:
        run, self.run = self.run, None
        assert run is not None
        if not run.created:  # nothing was made: stay, say why, let the user change the choice
            self._set_busy(False)
            self._update()
            text = run.failure or "Abgebrochen; es wurde nichts erzeugt."
            self.message.show_error(f"Nicht erzeugt: {text}" if run.failure else text)
            return
        self.created, self.report, self.failed = run.created, run.report(), bool(run.failure)
        self.accept()

    def reject(self) -> None:
        if self.run is None:  # while generating, the dialog stays until the run has ended
            super().reject()
