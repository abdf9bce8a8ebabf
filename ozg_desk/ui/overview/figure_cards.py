"""The Kennzahlen as cards: value, what was counted, the definition on hover and F1, „Wie
berechnet?“ with numerator, denominator, assumptions and sources, and the records behind it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.figures.model import Figure
from ozg_desk.figures.text import explanation, value_text
from ozg_desk.ui.widgets.a11y import named

COLUMNS = 3


def headline(figure: Figure) -> str:
    """The card's value: the figure's own, or its parts where it has none (scenarios, models)."""
    if figure.value is not None or not figure.parts:
        return value_text(figure)
    parts = [part for part in figure.parts if part.value is not None] or list(figure.parts)
    shown = [f"{_short(part.key)}: {value_text(part)}" for part in parts]
    return " · ".join(shown[:3])


def _short(key: str) -> str:
    """„Szenario 20 %“ → „20 %“, „Reifegradmodell 1.x (0–4)“ → „Modell 1.x“."""
    return key.removeprefix("Szenario ").replace("Reifegradmodell", "Modell").split(" (")[0]


def counted_line(figure: Figure) -> str:
    count = len(figure.counted)
    text = f"{count} Leistung{'en' if count != 1 else ''} gezählt"
    missing = len(figure.left_out_ids)
    return f"{text}, {missing} ohne Angabe" if missing else text


class _F1Definition(QObject):
    """F1 on a card's button shows the figure's definition where the focus is (the window's
    F1 would open the shortcut list)."""

    def __init__(self, parent: QWidget, definition: str) -> None:
        super().__init__(parent)
        self.definition = definition

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        is_f1 = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_F1
        if is_f1 and event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        if is_f1 and event.type() == QEvent.Type.KeyPress and isinstance(watched, QWidget):
            QToolTip.showText(watched.mapToGlobal(watched.rect().bottomLeft()), self.definition)
            return True
        return False


class FigureCard(QFrame):
    """One Kennzahl; its buttons are the keyboard's way in."""

    show_records = Signal(tuple, str)  # the OZG-IDs behind the figure, its name

    def __init__(self, figure: Figure) -> None:
        super().__init__()
        self.figure = figure
        name = figure.definition.name
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(figure.definition.definition)
        title = QLabel(f"<b>{name}</b>")
        title.setWordWrap(True)
        self.value = QLabel(headline(figure))
        font = self.value.font()
        # One number reads large; a line of scenarios or models only a little larger.
        font.setPointSizeF(font.pointSizeF() * (1.6 if figure.value is not None else 1.15))
        font.setBold(True)
        self.value.setFont(font)
        self.value.setWordWrap(True)
        self.counted = QLabel(counted_line(figure))
        self.counted.setWordWrap(True)
        self.how = named(
            QPushButton("Wie berechnet?"),
            f"Wie berechnet: {name}",
            f"{name}: {headline(figure)}. {figure.definition.definition} F1: Definition",
        )
        self.records = named(
            QPushButton("Leistungen zeigen"),
            f"Leistungen zeigen: {name}",
            "Die Leistungsliste auf genau die gezählten und die ausgelassenen Leistungen filtern",
        )
        ids = (*figure.counted, *figure.left_out_ids)
        self.records.setEnabled(bool(ids))
        definition = _F1Definition(self, f"{name}: {figure.definition.definition}")
        for button in (self.how, self.records):
            button.installEventFilter(definition)
            button.setWhatsThis(figure.definition.definition)
        self.how.clicked.connect(self.explain)
        self.records.clicked.connect(lambda: self.show_records.emit(ids, name))
        buttons = QHBoxLayout()
        buttons.addWidget(self.how)
        buttons.addWidget(self.records)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        for widget in (title, self.value, self.counted):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.setAccessibleName(f"{name}: {headline(figure)}")

    def explain(self) -> None:
        ExplanationDialog(self.figure, self).exec()


class ExplanationDialog(QDialog):
    """„Wie berechnet?“: every line selectable and read by screen readers."""

    def __init__(self, figure: Figure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name = figure.definition.name
        self.setWindowTitle(f"Wie berechnet? – {name}")
        self.text = named(QTextBrowser(), f"Berechnung von {name}")
        self.text.setPlainText(f"{name}: {headline(figure)}\n\n" + "\n".join(explanation(figure)))
        buttons = QDialogButtonBox()
        close = buttons.addButton("&Schließen", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAccessibleName("Schließen")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.fontMetrics().height() * 24)
        self.text.setFocus()


class FigureCards(QWidget):
    """The cards in a grid, rebuilt when new figures arrive."""

    show_records = Signal(tuple, str)

    def __init__(self) -> None:
        super().__init__()
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.cards: list[FigureCard] = []
        self._waiting = QLabel("Kennzahlen werden berechnet …")
        self._grid.addWidget(self._waiting, 0, 0)

    def show_figures(self, figures: Sequence[Figure]) -> None:
        self._waiting.hide()
        for card in self.cards:
            self._grid.removeWidget(card)
            card.deleteLater()
        self.cards = [FigureCard(figure) for figure in figures if figure.id != "fortschritt"]
        for index, card in enumerate(self.cards):
            row, column = divmod(index, COLUMNS)
            self._grid.addWidget(card, row, column)
            card.show_records.connect(self.show_records)
        for column in range(COLUMNS):
            self._grid.setColumnStretch(column, 1)
