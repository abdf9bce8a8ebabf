"""„Minuten aus der Zeitwerttabelle schätzen“: per standard activity of a case its complexity,
the sum live, and the sum taken over as minutes per case on paper or online."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.domain.fields import german_int
from ozg_desk.figures.time_values import LEVEL_LABELS, TimeValues, describe, estimate
from ozg_desk.ui.widgets.a11y import buddy_label, named

NOT_NEEDED = "nicht nötig"


class TimeValuesDialog(QDialog):
    """When accepted: `field` is the field to set („minuten_papier“ or „minuten_online“) and
    `minutes` the sum, or both None when cancelled."""

    def __init__(self, table: TimeValues, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.field: str | None = None
        self.minutes: int | None = None
        self.setWindowTitle("Minuten je Fall schätzen – Zeitwerttabelle Verwaltung")
        named(self, "Minuten je Fall schätzen")
        intro = QLabel(
            "Welche Tätigkeiten braucht ein Fall, und wie aufwendig ist jede? Die Minuten der "
            "Zeitwerttabelle werden zusammengezählt. " + table.cite()
        )
        intro.setWordWrap(True)
        self.choices: list[QComboBox] = []
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        for item in table.activities:
            combo = QComboBox()
            combo.addItem(NOT_NEEDED, None)
            for level in item.levels():
                minutes = german_int(item.minutes[level] or 0)
                combo.addItem(f"{LEVEL_LABELS[level]}: {minutes} Min.", level)
            combo.currentIndexChanged.connect(self._update)
            form.addRow(buddy_label(item.name + ":", combo), combo)
            self.choices.append(combo)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        self.total = QLabel()
        self.paper = QPushButton("Als Minuten auf &Papier übernehmen")
        self.online = QPushButton("Als Minuten &online übernehmen")
        self.paper.clicked.connect(lambda: self._take("minuten_papier"))
        self.online.clicked.connect(lambda: self._take("minuten_online"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.paper, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.online, QDialogButtonBox.ButtonRole.ActionRole)
        cancel = buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        named(cancel, "Abbrechen")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.total)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 120, self.fontMetrics().height() * 34)
        self._update()

    def chosen(self) -> dict[int, str]:
        return {
            index: str(combo.currentData())
            for index, combo in enumerate(self.choices)
            if combo.currentData() is not None
        }

    def _update(self) -> None:
        text = describe(self.table, self.chosen())
        self.total.setText(f"Summe: {text}")
        named(self.total, "Summe", text)
        for button in (self.paper, self.online):
            button.setEnabled(bool(self.chosen()))

    def _take(self, field: str) -> None:
        self.field = field
        self.minutes = estimate(self.table, self.chosen())
        self.accept()
